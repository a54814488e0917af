from . import test_concurrency
from . import test_payment
from . import test_refund
from . import test_rules
from . import test_security
from . import test_settlement
from . import test_ui
from . import test_settle_job
