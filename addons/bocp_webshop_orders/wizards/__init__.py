from . import webshop_ship_wizard
from . import webshop_options
from . import sale_take_over
