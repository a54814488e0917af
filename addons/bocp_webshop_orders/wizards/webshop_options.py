from odoo import _, api, fields, models


class WebshopOptions(models.TransientModel):
    """The "Opțiuni comenzi" screen: the delivery methods and payment providers
    of one website, on one screen, published or not. No data of its own: the
    lines are core's carriers and providers, edited in place."""

    _name = "bocp.webshop.options"
    _description = "Webshop Order Options"

    website_id = fields.Many2one(
        "website",
        required=True,
        default=lambda self: self.env["website"].get_current_website(),
    )
    company_id = fields.Many2one(related="website_id.company_id")
    carrier_ids = fields.Many2many(
        "delivery.carrier",
        string="Delivery Methods",
        compute="_compute_options",
        inverse="_inverse_options",
    )
    provider_ids = fields.Many2many(
        "payment.provider",
        string="Payment Providers",
        compute="_compute_options",
        inverse="_inverse_options",
    )

    @api.depends("website_id")
    def _compute_options(self):
        Carrier = self.env["delivery.carrier"]
        Provider = self.env["payment.provider"]
        for options in self:
            options.carrier_ids = Carrier.search(options._website_domain(Carrier))
            options.provider_ids = Provider.search(
                [*options._website_domain(Provider), ("code", "!=", "none")]
            )

    def _inverse_options(self):
        """The lines are written through the relation (core records edited in
        place); there is nothing to store on the screen itself."""

    def _website_domain(self, model):
        self.ensure_one()
        return [
            *model._check_company_domain(self.company_id),
            ("website_id", "in", [False, self.website_id.id]),
        ]

    def action_publish(self):
        """The edits of the lines are saved with the screen; say so and reload."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The order options of %(website)s are published.",
                    website=self.website_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
