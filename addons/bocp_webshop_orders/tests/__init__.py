from . import test_access
from . import test_checkout
from . import test_cod
from . import test_options
from . import test_payment_state
from . import test_portal
from . import test_shipping
from . import test_stage
