from . import sale_take_over
from . import sale_take_over_line
