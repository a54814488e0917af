import json
import logging
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import BigInteger, commit, side_cursor

_logger = logging.getLogger(__name__)

EMAG_STATUS = [
    ("0", "Canceled"),
    ("1", "New"),
    ("2", "In progress"),
    ("3", "Prepared"),
    ("4", "Finalized"),
    ("5", "Returned"),
]
PAYMENT_MODES = {1: "cod", 2: "bank", 3: "card"}


def insert_order_ids(cr, account_id, company_id, uid, emag_ids):
    """The statements that record announced orders (see ``_register_ids``):
    new ids are inserted (a known one changes nothing, and locks nothing), and
    orders that failed to import go back to the queue unless a worker holds
    them right now.  Returns the ids recorded or put back."""
    emag_ids = sorted({int(i) for i in emag_ids})
    if not emag_ids:
        return []
    rows = SQL(", ").join(
        SQL(
            "(%s, %s, %s, 'new', 'none', 'none', %s, false, %s, %s,"
            " now() at time zone 'UTC', now() at time zone 'UTC')",
            account_id,
            company_id,
            emag_id,
            f"eMAG {emag_id}",
            uid,
            uid,
        )
        for emag_id in emag_ids
    )
    cr.execute(
        SQL(
            "INSERT INTO bocp_emag_order (account_id, company_id, emag_id, state,"
            " finalize_state, awb_state, name, acknowledged, create_uid, write_uid,"
            " create_date, write_date) VALUES %s"
            " ON CONFLICT (account_id, emag_id) DO NOTHING"
            " RETURNING emag_id",
            rows,
        )
    )
    recorded = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            "UPDATE bocp_emag_order SET state = 'new' WHERE id IN ("
            " SELECT id FROM bocp_emag_order WHERE account_id = %s"
            " AND emag_id = ANY(%s) AND state = 'error' FOR UPDATE SKIP LOCKED)"
            " RETURNING emag_id",
            account_id,
            emag_ids,
        )
    )
    return recorded + [row[0] for row in cr.fetchall()]


class BocpEmagOrder(models.Model):
    """An eMAG order as Odoo knows it, from the first callback to the AWB.

    One row per (account, eMAG order id) -- a database constraint -- is what
    makes every entry point idempotent: callbacks, the polling cron, retries.
    """

    _name = "bocp.emag.order"
    _description = "eMAG Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "emag_id desc"

    name = fields.Char(compute="_compute_name", store=True)
    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True
    )
    emag_id = BigInteger(string="eMAG Order ID", required=True, index=True)
    state = fields.Selection(
        [
            ("new", "To import"),
            ("incomplete", "Incomplete on eMAG"),
            ("imported", "Imported"),
            ("skipped", "Not imported"),
            ("error", "Error"),
        ],
        default="new",
        required=True,
        index=True,
        tracking=True,
    )
    emag_status = fields.Selection(EMAG_STATUS, string="eMAG Status", tracking=True)
    emag_type = fields.Selection(
        [("2", "Fulfilled by eMAG"), ("3", "Fulfilled by seller")], string="Type"
    )
    acknowledged = fields.Boolean(readonly=True, tracking=True)
    acknowledged_at = fields.Datetime(readonly=True)
    order_date = fields.Datetime()
    emag_modified = fields.Char(string="Modified on eMAG", readonly=True)
    payment_mode = fields.Selection(
        [
            ("cod", "Cash on delivery"),
            ("bank", "Bank transfer"),
            ("card", "Online card"),
        ]
    )
    payment_status = fields.Boolean(string="Paid")
    delivery_mode = fields.Selection(
        [("courier", "Courier"), ("pickup", "Locker / pickup point")]
    )
    locker_id = fields.Char(string="Locker ID")
    locker_name = fields.Char(string="Locker")
    customer_name = fields.Char(string="Customer")
    partner_id = fields.Many2one(
        "res.partner", string="Customer Contact", readonly=True
    )
    sale_order_id = fields.Many2one("sale.order", readonly=True, index=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        help="The currency of the order on eMAG (the platform's when eMAG does "
        "not say).",
    )
    amount_total = fields.Monetary(
        string="eMAG Total",
        readonly=True,
        help="What the customer pays, as eMAG computes it (every voucher off).",
    )
    amount_emag_funded = fields.Monetary(
        string="Paid by eMAG",
        readonly=True,
        help="eMAG's vouchers on this order: the invoice keeps the full price and "
        "this part is booked as receivable from eMAG.",
    )
    voucher_move_id = fields.Many2one(
        "account.move",
        string="eMAG Voucher Entry",
        readonly=True,
        copy=False,
        help="The entry moving eMAG's vouchers from the customer to eMAG.",
    )
    sale_amount_total = fields.Monetary(
        related="sale_order_id.amount_total", string="Sale Total"
    )
    cancellation_reason = fields.Char(readonly=True)
    cancellation_request = fields.Char(readonly=True)
    raw_data = fields.Text(string="eMAG Data (JSON)", readonly=True, copy=False)
    raw_data_pretty = fields.Text(
        string="eMAG Data", compute="_compute_raw_data_pretty"
    )
    error_message = fields.Text(readonly=True)
    notified = fields.Boolean(readonly=True)
    picking_ids = fields.One2many(related="sale_order_id.picking_ids")
    invoice_ids = fields.Many2many(related="sale_order_id.invoice_ids")
    finalize_state = fields.Selection(
        [
            ("none", "Not sent"),
            ("pending", "To send"),
            ("done", "Sent"),
            ("failed", "Failed"),
        ],
        string="Finalized on eMAG",
        default="none",
        required=True,
        index=True,
        tracking=True,
    )
    finalize_message = fields.Text(readonly=True)
    finalize_attempts = fields.Integer(readonly=True)
    document_id = fields.Many2one(
        "ir.attachment", string="Document Sent to eMAG", readonly=True, copy=False
    )
    document_type = fields.Selection(
        [("1", "Invoice"), ("10", "AWB")], readonly=True, copy=False
    )
    document_token = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        groups="bocp_emag.group_bocp_emag_manager",
        help="Secret part of the public address eMAG downloads the document from.",
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    awb_state = fields.Selection(
        [
            ("none", "None"),
            ("done", "Generated"),
            ("uncertain", "Unknown (check on eMAG)"),
            ("failed", "Failed"),
        ],
        string="AWB",
        default="none",
        required=True,
        tracking=True,
    )
    awb_number = fields.Char(string="AWB Number", readonly=True, tracking=True)
    awb_emag_id = fields.Char(string="AWB eMAG ID", readonly=True)
    awb_reservation_id = fields.Char(readonly=True)
    awb_courier = fields.Char(string="Courier", readonly=True)
    awb_cod = fields.Monetary(string="Cash on Delivery (AWB)", readonly=True)
    awb_pdf_id = fields.Many2one("ir.attachment", string="AWB Label", readonly=True)
    awb_message = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "emag_id_uniq",
            "unique(account_id, emag_id)",
            "This eMAG order is already recorded for this account.",
        )
    ]

    @api.depends("emag_id")
    def _compute_name(self):
        for order in self:
            order.name = f"eMAG {order.emag_id}"

    @api.depends("raw_data")
    def _compute_raw_data_pretty(self):
        for order in self:
            data = order._get_data()
            order.raw_data_pretty = (
                json.dumps(data, indent=2, ensure_ascii=False) if data else False
            )

    def _get_data(self):
        self.ensure_one()
        try:
            return json.loads(self.raw_data) if self.raw_data else {}
        except ValueError:
            return {}

    def _commit_point(self):
        """Make the work so far durable before talking to eMAG again.

        Used by the crons and the AWB generation only (see ``tools.transactions``):
        the import commits, *then* acknowledges.  Tests patch this method to
        simulate a crash right after the commit; inside tests it only flushes.
        """
        commit(self.env)

    # ------------------------------------------------------- registration --

    @api.model
    def _register_ids(self, account, emag_ids):
        """Record order ids announced by eMAG; return the ids newly recorded.

        ``INSERT ... ON CONFLICT DO NOTHING`` on the unique constraint: a
        hundred callbacks for one order, racing the cron, give one row.  An
        order that failed to import is put back in the queue.

        In a short ``READ COMMITTED`` transaction of its own, committed at
        once: under Odoo's ``REPEATABLE READ`` an insert meeting a row another
        worker recorded or changed since the snapshot fails with a
        serialization error (logged as an ERROR; a callback is retried by
        Odoo, a cron run is lost); read-committed waits for a concurrent
        insert of the same id and never for the import's row locks (measured
        by ``tests/load/emag_callbacks.py``).  The caller's own transaction may
        not see the rows it just recorded: the import reads their data again.
        """
        self.env.flush_all()
        with side_cursor(self.env) as cr:
            created = insert_order_ids(
                cr, account.id, account.company_id.id, self.env.uid, emag_ids
            )
        self.invalidate_model(["state"])
        return created

    @api.model
    def _register_callback(self, account, emag_id):
        """Entry point of the new-order callback: record it, wake the import.

        eMAG repeats the callback until the order is acknowledged: only the
        call that records the order (or puts a failed one back in the queue)
        adds a cron trigger, so a flood of callbacks adds one; a callback for
        an order whose import stopped half-way wakes the import again.
        """
        cron = self.env.ref("bocp_emag.ir_cron_import_orders").sudo()
        if self._register_ids(account, [emag_id]):
            cron._trigger()
        elif self._is_waiting(account, emag_id):
            self._wake_import(cron)

    @api.model
    def _is_waiting(self, account, emag_id):
        """Known, but still to import or to acknowledge: eMAG announcing it
        again means the work on it stopped (a worker died, eMAG failed)."""
        return bool(
            self.search_count(
                [
                    ("account_id", "=", account.id),
                    ("emag_id", "=", emag_id),
                    "|",
                    ("state", "=", "new"),
                    "&",
                    ("state", "=", "imported"),
                    ("acknowledged", "=", False),
                ],
                limit=1,
            )
        )

    @api.model
    def _wake_import(self, cron):
        """Run the import soon, with at most one pending trigger: a cron worker
        started after a crash sleeps a minute unless woken (Odoo's prefork
        cron), while its job's triggers are still there."""
        pending = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_count(
                [("cron_id", "=", cron.id), ("call_at", "<=", fields.Datetime.now())],
                limit=1,
            )
        )
        if pending:
            cron._notifydb()
        else:
            cron._trigger()

    # -------------------------------------------------------------- views --

    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    def action_retry_import(self):
        """Put an order that failed back in the import queue."""
        self.ensure_one()
        if self.state not in ("error", "skipped"):
            raise UserError(
                self.env._("Only orders that were not imported can be retried.")
            )
        self.write({"state": "new", "error_message": False})
        self.env.ref("bocp_emag.ir_cron_import_orders").sudo()._trigger()

    def _new_token(self):
        return secrets.token_urlsafe(32)
