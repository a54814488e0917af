from . import number_rule
from . import messages
