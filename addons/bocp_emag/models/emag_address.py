from odoo import api, fields, models

from ..tools import upsert


class BocpEmagAddress(models.Model):
    """An address saved in the seller's eMAG account (``addresses/read``)."""

    _name = "bocp.emag.address"
    _description = "eMAG Address"
    _order = "account_id, is_default desc, id"

    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    address_id = fields.Char(string="eMAG Address ID", required=True)
    address_type_id = fields.Selection(
        [
            ("1", "Return"),
            ("2", "Pickup"),
            ("3", "Invoice (HQ)"),
            ("4", "Delivery estimates"),
        ],
        string="Type",
    )
    country_code = fields.Char()
    locality_id = fields.Integer(string="eMAG Locality ID")
    suburb = fields.Char(string="County")
    city = fields.Char()
    address = fields.Char()
    zipcode = fields.Char()
    is_default = fields.Boolean(string="Default")

    _sql_constraints = [
        (
            "address_uniq",
            "unique(account_id, address_id)",
            "This eMAG address is already recorded.",
        )
    ]

    @api.depends("address", "city", "address_type_id")
    def _compute_display_name(self):
        types = dict(self._fields["address_type_id"]._description_selection(self.env))
        for rec in self:
            rec.display_name = "{}, {} ({})".format(
                rec.address or "",
                rec.city or "",
                types.get(rec.address_type_id, ""),
            )

    @api.model
    def _prepare_vals(self, account, item):
        return {
            "account_id": account.id,
            "address_id": str(item.get("address_id")),
            "address_type_id": str(item.get("address_type_id") or "") or False,
            "country_code": item.get("country_code"),
            "locality_id": int(item.get("locality_id") or 0),
            "suburb": item.get("suburb"),
            "city": item.get("city"),
            "address": item.get("address"),
            "zipcode": item.get("zipcode"),
            "is_default": bool(item.get("is_default")),
        }

    @api.model
    def _sync_from_emag(self, account, client):
        vals_list = [
            self._prepare_vals(account, item) for item in client.read_all("addresses")
        ]
        existing = {a.address_id: a for a in account.address_ids}
        gone = account.address_ids - upsert(self, existing, vals_list, "address_id")
        if account.pickup_address_id in gone:
            account.pickup_address_id = False
        gone.unlink()
        if not account.pickup_address_id:
            pickups = account.address_ids.filtered(lambda a: a.address_type_id == "2")
            account.pickup_address_id = (
                pickups.filtered("is_default")[:1] or pickups[:1]
            )
