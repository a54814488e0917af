from odoo import _, api, fields, models
from odoo.exceptions import UserError

# The statuses the addon moves orders into by itself; any other status is the
# shop's own and is only ever set by hand.
STAGE_CODES = [
    ("new", "New"),
    ("taken", "Taken over"),
    ("preparing", "In preparation"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("cancelled", "Cancelled"),
    ("returned", "Returned"),
]


class WebshopStage(models.Model):
    """A status of a shop order, beside (never replacing) the sale order state.

    Each status may carry an e-mail template, sent to the customer when an
    order enters the status (core ``_track_template``, as project task stages
    do), or proposed in the composer, or never sent.
    """

    _name = "bocp.webshop.stage"
    _description = "Webshop Order Status"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Orders in a folded status are shown in a folded kanban column.",
    )
    code = fields.Selection(
        STAGE_CODES,
        string="Automatic Move",
        help="The event that moves an order into this status by itself.",
        copy=False,
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "sale.order")],
        help="E-mail sent to the customer when an order enters this status.",
    )
    mail_mode = fields.Selection(
        [
            ("auto", "Automatically"),
            ("confirm", "After confirmation in the composer"),
            ("none", "Never"),
        ],
        string="Send E-mail",
        default="auto",
        required=True,
        help="Automatically: the e-mail leaves as soon as an order enters the "
        "status. After confirmation: the buttons that move the order (Ship) open "
        "the e-mail composer with the template; the order form also has a button "
        "for it. Never: no e-mail.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(code)",
            "Only one status can be moved into automatically by each event.",
        ),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_automatic(self):
        if self.filtered("code"):
            raise UserError(
                _(
                    "The statuses the orders move into by themselves cannot be "
                    "deleted; archive them instead."
                )
            )

    @api.model
    def _get_by_code(self, code):
        """The active status moved into automatically by ``code`` (or nothing)."""
        return self.search([("code", "=", code)], limit=1)

    def _sends_mail_automatically(self):
        self.ensure_one()
        return bool(self.mail_template_id) and self.mail_mode == "auto"
