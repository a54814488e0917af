from odoo import api, fields, models
from odoo.exceptions import UserError


class BocpEmagAwbWizard(models.TransientModel):
    """Generează AWB: the parcel details, then one ``awb/save``."""

    _name = "bocp.emag.awb.wizard"
    _description = "Generate eMAG AWB"

    order_id = fields.Many2one("bocp.emag.order", required=True, readonly=True)
    account_id = fields.Many2one(related="order_id.account_id")
    currency_id = fields.Many2one(related="order_id.currency_id")
    pickup_address_id = fields.Many2one(
        "bocp.emag.address",
        required=True,
        domain="[('account_id', '=', account_id), ('address_type_id', '=', '2')]",
        compute="_compute_defaults",
        store=True,
        readonly=False,
    )
    courier_account_id = fields.Many2one(
        "bocp.emag.courier.account",
        domain="[('account_id', '=', account_id)]",
        compute="_compute_defaults",
        store=True,
        readonly=False,
    )
    parcel_number = fields.Integer(string="Parcels", default=1)
    envelope_number = fields.Integer(string="Envelopes", default=0)
    weight = fields.Float(string="Weight (kg)", default=1.0)
    insured_value = fields.Monetary()
    cod = fields.Monetary(
        string="Cash on Delivery",
        compute="_compute_defaults",
        store=True,
        readonly=False,
        help="What the courier collects from the customer.",
    )
    locker_name = fields.Char(related="order_id.locker_name")
    observation = fields.Char(size=255)

    @api.depends("order_id")
    def _compute_defaults(self):
        for wizard in self:
            account = wizard.order_id.account_id
            wizard.pickup_address_id = account.pickup_address_id
            wizard.courier_account_id = wizard.order_id._default_courier_account()
            wizard.cod = wizard.order_id._cod_amount()

    @api.constrains("parcel_number", "envelope_number", "weight", "cod")
    def _check_values(self):
        for wizard in self:
            if wizard.parcel_number < 0 or wizard.envelope_number < 0:
                raise UserError(self.env._("The number of parcels cannot be negative."))
            if not wizard.parcel_number and not wizard.envelope_number:
                raise UserError(self.env._("Send at least one parcel or one envelope."))
            if wizard.weight < 0 or wizard.cod < 0:
                raise UserError(
                    self.env._("Weight and cash on delivery cannot be negative.")
                )

    def action_generate(self):
        self.ensure_one()
        order = self.order_id
        order._check_awb_possible()
        payload = order._prepare_awb_payload(
            self.pickup_address_id,
            self.courier_account_id,
            self.parcel_number,
            self.envelope_number,
            self.weight,
            self.cod,
            insured_value=self.insured_value,
            observation=self.observation,
        )
        ok, message = order._generate_awb(payload)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if ok else "danger",
                "sticky": not ok,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
