from . import test_address_normalize
from . import test_address_problems
from . import test_ciusro_assertion
