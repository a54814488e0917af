from odoo.tools import SQL


def uninstall_hook(env):
    """Drop the rate-limiter table, which is not an ORM model."""
    env.cr.execute(SQL("DROP TABLE IF EXISTS bocp_emag_rate_slot"))
