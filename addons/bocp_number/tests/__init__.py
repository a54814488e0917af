from . import test_number_rule
