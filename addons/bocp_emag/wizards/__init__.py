from . import emag_awb_wizard
