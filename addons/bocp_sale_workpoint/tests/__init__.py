from . import test_take_over
from . import test_take_over_refusals
from . import test_wizard
from . import test_access
from . import test_concurrency
