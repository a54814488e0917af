from odoo import api, fields, models

from ..tools import upsert


class BocpEmagCategory(models.Model):
    """An eMAG category (``category/read``) of one account's platform."""

    _name = "bocp.emag.category"
    _description = "eMAG Category"
    _order = "complete_name"
    _rec_name = "complete_name"

    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    emag_id = fields.Integer(string="eMAG ID", required=True)
    name = fields.Char(required=True)
    parent_emag_id = fields.Integer(string="Parent eMAG ID")
    complete_name = fields.Char(compute="_compute_complete_name", store=True)
    is_allowed = fields.Boolean(
        string="Allowed", help="The seller may sell products in this category."
    )
    is_ean_mandatory = fields.Boolean(string="EAN Mandatory")
    is_warranty_mandatory = fields.Boolean(string="Warranty Mandatory")
    characteristic_ids = fields.One2many("bocp.emag.characteristic", "category_id")
    offer_count = fields.Integer(compute="_compute_offer_count")

    _sql_constraints = [
        (
            "category_uniq",
            "unique(account_id, emag_id)",
            "This eMAG category is already recorded.",
        )
    ]

    @api.depends("name", "parent_emag_id")
    def _compute_complete_name(self):
        parents = {
            (c.account_id.id, c.emag_id): c.name
            for c in self.search(
                [
                    ("account_id", "in", self.account_id.ids),
                    ("emag_id", "in", [p for p in self.mapped("parent_emag_id") if p]),
                ]
            )
        }
        for category in self:
            parent = parents.get((category.account_id.id, category.parent_emag_id))
            category.complete_name = (
                f"{parent} / {category.name}" if parent else category.name
            )

    def _compute_offer_count(self):
        counts = dict(
            self.env["bocp.emag.offer"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.offer_count = counts.get(category, 0)

    @api.model
    def _prepare_vals(self, account, item):
        name = item.get("name")
        if isinstance(name, dict):
            name = name.get("ro") or name.get("en") or next(iter(name.values()), "")
        return {
            "account_id": account.id,
            "emag_id": int(item["id"]),
            "name": name or str(item["id"]),
            "parent_emag_id": int(item.get("parent_id") or 0),
            "is_allowed": bool(int(item.get("is_allowed") or 0)),
            "is_ean_mandatory": bool(int(item.get("is_ean_mandatory") or 0)),
            "is_warranty_mandatory": bool(int(item.get("is_warranty_mandatory") or 0)),
        }

    @api.model
    def _sync_from_emag(self, account, client, progress=None):
        """Read all categories, then the characteristics of the used ones."""
        existing = {
            c.emag_id: c for c in self.search([("account_id", "=", account.id)])
        }
        vals_list = [
            self._prepare_vals(account, item) for item in client.read_all("category")
        ]
        read = upsert(self, existing, vals_list, "emag_id")
        categories = self.search([("account_id", "=", account.id)])
        categories._compute_complete_name()
        by_emag_id = {c.emag_id: c for c in categories}
        offers = self.env["bocp.emag.offer"].search([("account_id", "=", account.id)])
        for offer in offers.filtered(lambda o: not o.category_id):
            offer.category_id = by_emag_id.get(offer.category_emag_id, False)
        used = offers.category_id
        for done, category in enumerate(used, 1):
            category._sync_characteristics(client)
            if progress:
                progress(done, len(used) - done)
        return len(read)

    def _sync_characteristics(self, client):
        self.ensure_one()
        items = (
            client.call(
                "category/read",
                {"id": self.emag_id, "valuesCurrentPage": 1, "valuesPerPage": 256},
            )
            or []
        )
        data = next((i for i in items if int(i.get("id") or 0) == self.emag_id), None)
        if data is None:
            return
        self.env["bocp.emag.characteristic"]._sync_category(
            self, data.get("characteristics") or []
        )
