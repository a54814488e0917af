from odoo import api, fields, models
from odoo.tools import SQL


class BocpPartnerPrice(models.Model):
    """Price per page agreed with a client for a counter, optionally only for
    one printer type. It is the first source when prefilling dossier prices."""

    _name = "bocp.partner.price"
    _description = "Client Price per Page"
    _order = "partner_id, counter_type_id, printer_type_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("parent_id", "=", False)],
    )
    counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", required=True
    )
    printer_type_id = fields.Many2one(
        "bocp.printer.type",
        check_company=True,
        help="Leave empty for a price valid for every printer type.",
    )
    price = fields.Float(string="Price per Page", digits="Price per Page")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "partner_counter_type_unique",
            "unique(company_id, partner_id, counter_type_id, printer_type_id)",
            "The client already has a price for this counter and printer type.",
        ),
    ]

    def init(self):
        # unique() ignores NULLs: also forbid two generic prices (no printer type).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS bocp_partner_price_generic_unique "
                "ON bocp_partner_price (company_id, partner_id, counter_type_id) "
                "WHERE printer_type_id IS NULL"
            )
        )

    @api.model
    def _get_prices(self, partner, printer, counter_types):
        """Prefill price per counter: client price for the printer type, else
        client generic price, else printer reference price, else the counter
        type's default price. Returns {counter_type: price}."""
        partner = partner.commercial_partner_id
        prices = {}
        domain = [
            ("partner_id", "=", partner.id),
            ("counter_type_id", "in", counter_types.ids),
            ("company_id", "=", printer.company_id.id or self.env.company.id),
            ("printer_type_id", "in", [printer.printer_type_id.id, False]),
        ]
        # Generic prices first so that type-specific ones overwrite them.
        for price in self.search(domain).sorted(lambda p: bool(p.printer_type_id)):
            prices[price.counter_type_id] = price.price
        reference = {line.counter_type_id: line.price for line in printer.price_ids}
        for counter in counter_types:
            if counter not in prices:
                prices[counter] = reference.get(counter, counter.default_price)
        return prices
