import json

from odoo import api, fields, models

from ..tools import upsert


class BocpEmagCharacteristic(models.Model):
    """A characteristic of an eMAG category, optionally an Odoo attribute."""

    _name = "bocp.emag.characteristic"
    _description = "eMAG Characteristic"
    _order = "category_id, display_order, id"

    category_id = fields.Many2one(
        "bocp.emag.category", required=True, ondelete="cascade", index=True
    )
    account_id = fields.Many2one(
        related="category_id.account_id", store=True, index=True
    )
    company_id = fields.Many2one(related="category_id.company_id", store=True)
    emag_id = fields.Integer(string="eMAG ID", required=True, index=True)
    name = fields.Char(required=True)
    type_id = fields.Integer(string="eMAG Type")
    display_order = fields.Integer()
    is_mandatory = fields.Boolean(string="Mandatory")
    allow_new_value = fields.Boolean()
    values_json = fields.Text(string="Known Values")
    attribute_id = fields.Many2one(
        "product.attribute",
        help="Odoo attribute holding the values of this characteristic.",
    )

    _sql_constraints = [
        (
            "characteristic_uniq",
            "unique(category_id, emag_id)",
            "This characteristic is already recorded for the category.",
        )
    ]

    @api.model
    def _value_text(self, value):
        if isinstance(value, dict):
            return str(value.get("value") or value.get("name") or "")
        return str(value)

    @api.model
    def _prepare_vals(self, category, item):
        name = item.get("name")
        if isinstance(name, dict):
            name = name.get("ro") or name.get("en") or next(iter(name.values()), "")
        values = [self._value_text(v) for v in item.get("values") or []]
        return {
            "category_id": category.id,
            "emag_id": int(item["id"]),
            "name": name or str(item["id"]),
            "type_id": int(item.get("type_id") or 0),
            "display_order": int(item.get("display_order") or 0),
            "is_mandatory": bool(int(item.get("is_mandatory") or 0)),
            "allow_new_value": bool(int(item.get("allow_new_value") or 0)),
            "values_json": json.dumps(values, ensure_ascii=False),
        }

    @api.model
    def _sync_category(self, category, items):
        existing = {c.emag_id: c for c in category.characteristic_ids}
        vals_list = [self._prepare_vals(category, item) for item in items]
        upsert(self, existing, vals_list, "emag_id")

    def _get_attribute(self):
        """The Odoo attribute of this characteristic (found by name or created).

        Created as "never create variants": it describes the product, it does
        not multiply it.
        """
        self.ensure_one()
        if not self.attribute_id:
            attribute = self.env["product.attribute"].search(
                [("name", "=ilike", self.name)], limit=1
            )
            self.attribute_id = attribute or self.env["product.attribute"].create(
                {"name": self.name, "create_variant": "no_variant"}
            )
        return self.attribute_id
