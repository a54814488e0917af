from . import webshop_ship_wizard
