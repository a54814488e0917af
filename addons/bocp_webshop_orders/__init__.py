from . import controllers
from . import models
from . import wizards

from odoo.addons.payment import reset_payment_provider


def uninstall_hook(env):
    """Give the cash-on-delivery providers back a neutral state, as core does
    for the custom modes it ships (wire transfer, pay on site)."""
    reset_payment_provider(env, "custom", custom_mode="cash_on_delivery")
