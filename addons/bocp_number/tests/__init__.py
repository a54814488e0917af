from . import test_number_rule
from . import test_js
