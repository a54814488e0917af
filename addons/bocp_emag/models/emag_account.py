import logging
import secrets
from contextlib import contextmanager, nullcontext

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import (
    DbRateLimiter,
    EmagApiError,
    EmagAuthError,
    EmagClient,
    EmagError,
    EmagIpError,
    EmagRateLimitError,
    EmagServerError,
    find_by_token,
    side_cursor,
)
from ..tools.rate_limiter import create_table

_logger = logging.getLogger(__name__)

PLATFORMS = {
    "ro": ("https://marketplace-api.emag.ro/api-3", "RON", "Europe/Bucharest"),
    "bg": ("https://marketplace-api.emag.bg/api-3", "EUR", "Europe/Sofia"),
    "hu": ("https://marketplace-api.emag.hu/api-3", "HUF", "Europe/Budapest"),
}
# the currency of the platform before a date (Bulgaria adopted the euro)
PLATFORMS_BEFORE = {"bg": ("2026-01-01", "BGN")}
# eMAG runs and invoices the locker (easybox) delivery: said by eMAG's
# Hungarian help; a real Romanian pickup order carries the fee (see readme)
LOCKER_FEE_BY_EMAG = {"ro": False, "bg": False, "hu": True}


class BocpEmagAccount(models.Model):
    _name = "bocp.emag.account"
    _description = "eMAG Marketplace Account"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    platform = fields.Selection(
        [("ro", "eMAG Romania"), ("bg", "eMAG Bulgaria"), ("hu", "eMAG Hungary")],
        required=True,
        default="ro",
        tracking=True,
    )
    api_url = fields.Char(
        string="API URL",
        compute="_compute_api_url",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        groups="bocp_emag.group_bocp_emag_manager",
        help="Filled from the platform; change it only to use a test server "
        "(e.g. the local eMAG simulator).",
    )
    api_username = fields.Char(
        string="API User", groups="bocp_emag.group_bocp_emag_manager", copy=False
    )
    api_password = fields.Char(
        string="API Password", groups="bocp_emag.group_bocp_emag_manager", copy=False
    )
    callback_token = fields.Char(
        groups="bocp_emag.group_bocp_emag_manager",
        copy=False,
        readonly=True,
        default=lambda self: secrets.token_urlsafe(24),
    )
    callback_url = fields.Char(
        string="Callback URL",
        compute="_compute_callback_url",
        groups="bocp_emag.group_bocp_emag_manager",
        help="Give this address to eMAG (Contul meu > Detalii tehnice) so that eMAG "
        "announces every new order at once.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Work Point",
        check_company=True,
        help="Warehouse the eMAG orders are delivered from and whose stock is sent "
        "to eMAG.",
    )
    auto_sale_receipt = fields.Boolean(
        string="Automatically issue Sales Receipt",
        help="Confirm every new eMAG order from the work point and validate its "
        "delivery as soon as the order is acknowledged.",
    )
    notification_emails = fields.Char(
        string="Notification E-mails",
        help="Comma-separated addresses that receive an e-mail for every new eMAG "
        "order (eMAG stops its own e-mails once the callback is set).",
    )
    finalize_mode = fields.Selection(
        [
            ("manual", "Manual"),
            ("invoice", "On invoicing"),
            ("awb", "On AWB generation"),
        ],
        string="Send Finalized",
        required=True,
        default="manual",
        help="When Odoo tells eMAG that an order is finalized (status 4): never "
        "(Manual), when its invoice is posted (the invoice PDF is attached to the "
        "eMAG order), or when its AWB is generated.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        help="Pricelist of the eMAG sales orders and of the prices sent to eMAG; "
        "its currency must be the platform's.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        help="Salesperson of the eMAG sales orders; when empty they are unassigned, "
        "so every eMAG user can handle them.",
    )
    shipping_product_id = fields.Many2one(
        "product.product",
        required=True,
        default=lambda self: self.env.ref(
            "bocp_emag.product_emag_shipping", raise_if_not_found=False
        ),
    )
    voucher_product_id = fields.Many2one(
        "product.product",
        required=True,
        default=lambda self: self.env.ref(
            "bocp_emag.product_emag_voucher", raise_if_not_found=False
        ),
    )
    deposit_product_id = fields.Many2one(
        "product.product",
        string="SGR Deposit Product",
        required=True,
        default=lambda self: self.env.ref(
            "bocp_emag.product_emag_deposit", raise_if_not_found=False
        ),
        help="Product of the SGR deposit lines (garanție-returnare), invoiced at "
        "0% (outside the scope of VAT).",
    )
    locker_fee_by_emag = fields.Boolean(
        string="eMAG Invoices the Locker Fee",
        compute="_compute_locker_fee_by_emag",
        store=True,
        readonly=False,
        precompute=True,
        help="On: for locker (easybox) orders eMAG runs the delivery and invoices "
        "its fee to the customer: no shipping line is invoiced nor collected. Off: "
        "the shipping eMAG sends is invoiced and collected as for home delivery. "
        "Check one real locker order (see the module's configuration notes).",
    )
    emag_partner_id = fields.Many2one(
        "res.partner",
        string="eMAG (Settlement Partner)",
        default=lambda self: self.env.ref(
            "bocp_emag.partner_emag", raise_if_not_found=False
        ),
        help="The company that pays you for eMAG's vouchers (Dante International "
        "SA for eMAG Romania): what eMAG funds on an order is booked as receivable "
        "from it, to reconcile with eMAG's settlement.",
    )
    voucher_journal_id = fields.Many2one(
        "account.journal",
        string="eMAG Voucher Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the entries moving eMAG's vouchers from the customer to "
        "eMAG; the company's first miscellaneous journal when empty.",
    )
    create_missing_products = fields.Boolean(
        default=True,
        help="Create an Odoo product for an eMAG offer (or order line) that matches "
        "no product by internal reference or barcode.",
    )
    create_attribute_values = fields.Boolean(
        string="Create Characteristic Values",
        help="Store the eMAG characteristics of the offers as product attributes.",
    )
    push_offers = fields.Boolean(
        string="Send Price and Stock",
        default=True,
        help="Send the price and the stock of the linked offers to eMAG on a schedule.",
    )
    rate_limit_orders = fields.Float(
        string="Order Calls per Second",
        default=12.0,
        groups="bocp_emag.group_bocp_emag_manager",
    )
    rate_limit_other = fields.Float(
        string="Other Calls per Second",
        default=3.0,
        groups="bocp_emag.group_bocp_emag_manager",
    )
    sender_phone = fields.Char(
        help="Phone number printed on the AWBs as the sender's (8 to 11 digits); "
        "the company's phone when empty."
    )
    last_poll_at = fields.Datetime(string="Last Order Check", readonly=True)
    last_connection_message = fields.Text(readonly=True)
    address_ids = fields.One2many("bocp.emag.address", "account_id", string="Addresses")
    courier_account_ids = fields.One2many(
        "bocp.emag.courier.account", "account_id", string="Courier Accounts"
    )
    pickup_address_id = fields.Many2one(
        "bocp.emag.address",
        domain="[('account_id', '=', id), ('address_type_id', '=', '2')]",
    )
    courier_account_id = fields.Many2one(
        "bocp.emag.courier.account",
        domain="[('account_id', '=', id)]",
    )
    order_count = fields.Integer(compute="_compute_counts")
    offer_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "callback_token_uniq",
            "unique(callback_token)",
            "The callback token must be unique.",
        ),
    ]

    def init(self):
        create_table(self.env.cr)

    # ----------------------------------------------------------- computes --

    @api.depends("platform")
    def _compute_api_url(self):
        for account in self:
            account.api_url = PLATFORMS[account.platform or "ro"][0]

    @api.depends("platform")
    def _compute_locker_fee_by_emag(self):
        for account in self:
            account.locker_fee_by_emag = LOCKER_FEE_BY_EMAG[account.platform or "ro"]

    @api.depends("callback_token")
    def _compute_callback_url(self):
        """Ends with ``order_id=``: eMAG appends the order id to the URL."""
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for account in self:
            account.callback_url = "{}/bocp/emag/{}/order?order_id=".format(
                base.rstrip("/"),
                account.callback_token or "",
            )

    @api.depends("platform")
    def _compute_currency_id(self):
        for account in self:
            code = PLATFORMS[account.platform or "ro"][1]
            account.currency_id = (
                self.env["res.currency"]
                .with_context(active_test=False)
                .search([("name", "=", code)], limit=1)
            )

    def _compute_counts(self):
        orders = dict(
            self.env["bocp.emag.order"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        offers = dict(
            self.env["bocp.emag.offer"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.order_count = orders.get(account, 0)
            account.offer_count = offers.get(account, 0)

    @api.constrains("notification_emails")
    def _check_notification_emails(self):
        for account in self:
            for email in account._get_notification_emails():
                if "@" not in email or " " in email:
                    raise ValidationError(
                        self.env._(
                            "“%(email)s” is not a valid e-mail address. Separate "
                            "several addresses with commas.",
                            email=email,
                        )
                    )

    def _get_notification_emails(self):
        self.ensure_one()
        return [
            e.strip() for e in (self.notification_emails or "").split(",") if e.strip()
        ]

    # ------------------------------------------------------------- lookup --

    @api.model
    def _find_by_token(self, token):
        """Account whose callback token is ``token`` (constant-time compare)."""
        return find_by_token(self, "callback_token", token, 16)

    def _get_responsible(self):
        """Who gets the activities of this account's orders: its salesperson,
        else an eMAG manager of the company, else the current user."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        managers = self.env.ref("bocp_emag.group_bocp_emag_manager").users.filtered(
            lambda u: self.company_id in u.company_ids and not u.share
        )
        return (managers - self.env.ref("base.user_root"))[:1] or self.env.user

    def _get_platform_tz(self):
        self.ensure_one()
        return PLATFORMS[self.platform or "ro"][2]

    # ------------------------------------------------------------- client --

    @contextmanager
    def _side_cursor(self):
        """A short transaction of its own (see ``tools.side_cursor``)."""
        with side_cursor(self.env) as cr:
            yield cr

    def _get_client(self):
        """The eMAG client of this account (credentials read as superuser)."""
        self.ensure_one()
        account = self.sudo()
        if not account.api_username or not account.api_password:
            raise UserError(
                self.env._(
                    "Fill in the eMAG API user and password of “%(name)s” first.",
                    name=self.name,
                )
            )
        params = self.env["ir.config_parameter"].sudo()
        limiter = DbRateLimiter(
            self._side_cursor,
            f"{self.env.cr.dbname}:{self.id}",
            {"orders": account.rate_limit_orders, "other": account.rate_limit_other},
            margin=float(params.get_param("bocp_emag.rate_margin", "0.04")),
        )
        return EmagClient(
            account.api_url,
            account.api_username,
            account.api_password,
            limiter=limiter,
            on_call=self._log_call,
            timeout=float(params.get_param("bocp_emag.timeout", "30")),
            backoff=float(params.get_param("bocp_emag.retry_backoff", "1.0")),
            max_retries=int(params.get_param("bocp_emag.max_retries", "6")),
        )

    def _log_call(self, record):
        """Errors are logged in their own transaction (kept whatever happens
        next); successful calls go with the work they belong to."""
        if record.get("error"):
            self.env["bocp.emag.api.log"]._log(self, record, self._side_cursor)
        else:
            self.env["bocp.emag.api.log"]._log(
                self, record, lambda: nullcontext(self.env.cr)
            )

    def _explain_error(self, error):
        """Plain words for what went wrong, for the user."""
        _ = self.env._
        if isinstance(error, EmagIpError):
            return _(
                "eMAG accepts API calls only from the IP addresses on your allow-list, "
                "and this server's address (%(ip)s) is not on it. Add it in eMAG "
                "Marketplace > Contul meu > Detalii tehnice.",
                ip=error.ip or _("unknown"),
            )
        if isinstance(error, EmagAuthError):
            return _(
                "eMAG refused the API user or password, or the user has no API "
                "rights. Copy them again from eMAG Marketplace > Contul meu > "
                "Detalii tehnice. (eMAG said: %(message)s)",
                message=error,
            )
        if isinstance(error, EmagRateLimitError):
            return _(
                "eMAG is refusing calls because too many were made (at most 3 per "
                "second, 12 for orders). Wait a minute and try again."
            )
        if isinstance(error, EmagServerError):
            if error.status:
                return _(
                    "eMAG's server answered with an error (HTTP %(status)s). Try "
                    "again later.",
                    status=error.status,
                )
            return _(
                "eMAG cannot be reached at %(url)s: check the address and the "
                "internet connection. (%(message)s)",
                url=self.sudo().api_url,
                message=error,
            )
        if isinstance(error, EmagApiError):
            return _("eMAG refused the request: %(message)s", message=error)
        return str(error)

    # ------------------------------------------------------------ actions --

    def action_test_connection(self):
        """Test conexiune: one cheap read, errors explained in plain words."""
        self.ensure_one()
        self.check_access("write")
        try:
            client = self._get_client()
            rates = client.call("vat/read", {}) or []
            pending = client.count("order", {"status": 1})
        except EmagError as exc:
            message = self._explain_error(exc)
            self.sudo().last_connection_message = message
            raise UserError(message) from exc
        message = self.env._(
            "Connection to eMAG works: %(rates)s VAT rates read, %(pending)s new "
            "order(s) waiting. Callback URL to paste in eMAG Marketplace (Contul meu "
            "> Detalii tehnice, new order): %(url)s",
            rates=len(rates),
            pending=pending,
            url=self.sudo().callback_url,
        )
        self.sudo().last_connection_message = message
        return self._notify(message, "success", sticky=True)

    def _notify(self, message, kind="info", sticky=False):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": sticky},
        }

    def action_regenerate_token(self):
        self.ensure_one()
        self.check_access("write")
        self.sudo().callback_token = secrets.token_urlsafe(24)
        self.message_post(
            body=self.env._("A new callback URL was generated: give it to eMAG.")
        )

    def action_sync_categories(self):
        self.ensure_one()
        return self._enqueue_job("sync_categories")

    def action_sync_offers(self):
        self.ensure_one()
        return self._enqueue_job("sync_offers")

    def action_push_offers(self):
        self.ensure_one()
        return self._enqueue_job("push_offers")

    def action_sync_logistics(self):
        """Read the pickup addresses and courier accounts from eMAG (quick)."""
        self.ensure_one()
        self.check_access("write")
        try:
            client = self._get_client()
            self.env["bocp.emag.address"]._sync_from_emag(self, client)
            self.env["bocp.emag.courier.account"]._sync_from_emag(self, client)
        except EmagError as exc:
            raise UserError(self._explain_error(exc)) from exc
        return self._notify(
            self.env._(
                "%(addresses)s address(es) and %(couriers)s courier account(s) read "
                "from eMAG.",
                addresses=len(self.address_ids),
                couriers=len(self.courier_account_ids),
            ),
            "success",
        )

    def action_poll_orders(self):
        """Check eMAG for new or changed orders now, then import them."""
        self.ensure_one()
        self.check_access("read")
        self.env["bocp.emag.order"].check_access("create")
        try:
            self.sudo()._poll_orders()
        except EmagError as exc:
            raise UserError(self._explain_error(exc)) from exc
        self.env.ref("bocp_emag.ir_cron_import_orders").sudo()._trigger()
        return self._notify(self.env._("eMAG orders checked."), "success")

    def _enqueue_job(self, job_type):
        self.check_access("write")
        job = self._bocp_emag_enqueue(job_type)
        return self._notify(
            self.env._(
                "“%(job)s” will run in the background; follow it in eMAG > Jobs.",
                job=job.name,
            )
        )

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_emag.action_emag_order"
        )
        action["domain"] = [("account_id", "=", self.id)]
        return action

    def action_view_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bocp_emag.action_emag_offer"
        )
        action["domain"] = [("account_id", "=", self.id)]
        return action

    # -------------------------------------------------------------- crons --

    def _poll_orders(self):
        self.ensure_one()
        self.env["bocp.emag.order"]._poll_account(self)
