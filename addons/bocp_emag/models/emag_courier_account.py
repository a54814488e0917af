from odoo import api, fields, models

from ..tools import upsert


class BocpEmagCourierAccount(models.Model):
    """A courier account of the seller on eMAG (``courier_accounts/read``)."""

    _name = "bocp.emag.courier.account"
    _description = "eMAG Courier Account"
    _order = "account_id, id"

    name = fields.Char(required=True)
    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    emag_id = fields.Integer(string="eMAG Courier Account ID", required=True)
    courier_name = fields.Char()
    account_type = fields.Selection(
        [
            ("1", "Returns"),
            ("2", "Orders"),
            ("3", "Returns and orders"),
            ("4", "Not marketplace"),
        ],
        string="Type",
    )
    lockers = fields.Boolean(help="The account can deliver to lockers (easybox).")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "courier_uniq",
            "unique(account_id, emag_id)",
            "This courier account is already recorded.",
        )
    ]

    @api.model
    def _prepare_vals(self, account, item):
        props = item.get("courier_account_properties")
        if props is None:
            props = item.get("currier_account_properties") or []
        return {
            "account_id": account.id,
            "emag_id": int(item.get("account_id") or 0),
            "name": item.get("account_display_name") or item.get("courier_name") or "?",
            "courier_name": item.get("courier_name"),
            "account_type": str(item.get("courier_account_type") or "") or False,
            "lockers": 2 in [int(p) for p in props if str(p).isdigit()],
            "active": int(item.get("status", 1) or 0) == 1,
        }

    @api.model
    def _sync_from_emag(self, account, client):
        vals_list = [
            self._prepare_vals(account, item)
            for item in client.read_all("courier_accounts")
        ]
        known = self.with_context(active_test=False).search(
            [("account_id", "=", account.id)]
        )
        existing = {c.emag_id: c for c in known}
        (known - upsert(self, existing, vals_list, "emag_id")).active = False
        if not account.courier_account_id or not account.courier_account_id.active:
            orders = account.courier_account_ids.filtered(
                lambda c: c.account_type in ("2", "3")
            )
            account.courier_account_id = orders[:1]
