"""Order intake: polling, fetching, import, commit, acknowledge."""

import json
import logging
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import EmagError, OrderOnHold
from .emag_order import PAYMENT_MODES

_logger = logging.getLogger(__name__)

BATCH_SIZE = 100
IMPORTABLE_STATUSES = {1, 2, 3}
# Fulfilled by eMAG: eMAG ships them (often read already finalized); the
# seller still invoices them and attaches the invoice (DOC449 5.1.3)
IMPORTABLE_FBE_STATUSES = {1, 2, 3, 4}
FBE_FIRST_LOOK_BACK = timedelta(days=3)  # the first poll's window for FBE orders
REREAD_MARGIN = timedelta(minutes=10)  # clocks of eMAG and Odoo may differ
RETRY_AFTER = timedelta(minutes=1)  # when eMAG failed in the middle of an import


class BocpEmagOrder(models.Model):
    _inherit = "bocp.emag.order"

    # ------------------------------------------------------------- cron --

    @api.model
    def _cron_poll_orders(self):
        """Safety net for lost callbacks: read new and changed orders."""
        for account in self.env["bocp.emag.account"].search([("active", "=", True)]):
            try:
                self._poll_account(account)
            except (EmagError, UserError) as exc:
                _logger.warning("eMAG poll of %s failed: %s", account.name, exc)
            self._commit_point()  # one account's orders, whatever the next does
        self.env.ref("bocp_emag.ir_cron_import_orders")._trigger()

    @api.model
    def _poll_account(self, account, client=None):
        """Record every status-1 order and apply changes since the last poll;
        Fulfilled-by-eMAG orders (type 2, hidden unless asked for) too."""
        client = client or account._get_client()
        items = list(client.read_all("order", {"status": 1}))
        since = account.last_poll_at
        now = fields.Datetime.now()
        if since:
            after = self._platform_time(account, since - REREAD_MARGIN)
            items += client.read_all("order", {"modifiedAfter": after})
        fbe_after = self._platform_time(
            account, (since - REREAD_MARGIN) if since else now - FBE_FIRST_LOOK_BACK
        )
        items += client.read_all("order", {"type": 2, "modifiedAfter": fbe_after})
        self._store_read_orders(account, items)
        account.sudo().last_poll_at = now

    @api.model
    def _platform_time(self, account, utc_dt):
        tz = pytz.timezone(account._get_platform_tz())
        return (
            utc_dt.replace(tzinfo=pytz.utc).astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
        )

    @api.model
    def _store_read_orders(self, account, items, register=True):
        """Keep the data of orders read from eMAG: new ones queue for import
        (``register``), known ones get eMAG's changes applied."""
        by_id = {}
        for item in items:  # the first read of an order wins
            if item.get("id"):
                by_id.setdefault(int(item["id"]), item)
        if not by_id:
            return
        known = self.search(
            [("account_id", "=", account.id), ("emag_id", "in", list(by_id))]
        )
        known_ids = set(known.mapped("emag_id"))
        if register:
            fresh = [
                i
                for i, d in by_id.items()
                if i not in known_ids and self._importable(d)
            ]
            self._register_ids(account, fresh)
        for order in self.with_context(tracking_disable=True).search(
            [("account_id", "=", account.id), ("emag_id", "in", list(by_id))]
        ):
            data = by_id[order.emag_id]
            if order.state in ("new", "error", "incomplete"):
                order._store_data(data)
                if order.state == "incomplete" and (
                    self._is_complete(data) or not self._importable(data)
                ):  # completed, or canceled: the import takes it from here
                    order.write({"state": "new", "error_message": False})
            elif data != order._get_data():
                order._apply_emag_update(data)

    @api.model
    def _importable(self, data):
        statuses = (
            IMPORTABLE_FBE_STATUSES
            if str(data.get("type") or 3) == "2"
            else IMPORTABLE_STATUSES
        )
        return int(data.get("status") or 0) in statuses

    @api.model
    def _is_complete(self, data):
        """``is_complete`` 0: the order lacks details eMAG still has to fill in
        (eMAG cancels it with reason 22 if they never come)."""
        return str(data.get("is_complete", 1)) not in ("0", "False", "false")

    # ------------------------------------------------------------ import --

    @api.model
    def _cron_import_orders(self, batch_size=BATCH_SIZE):
        accounts = self.env["bocp.emag.account"].search([("active", "=", True)])
        done = 0
        for account in accounts:
            while True:
                batch = self._lock_batch(account, batch_size)
                if not batch:
                    break
                try:
                    batch._process_batch(account._get_client())
                except EmagError as exc:
                    _logger.warning("eMAG import for %s stopped: %s", account.name, exc)
                    # keep what was done before eMAG failed (e.g. the orders it
                    # already acknowledged); a run in a minute takes the rest
                    # (eMAG does not announce known orders again)
                    self._commit_point()
                    self.env.ref("bocp_emag.ir_cron_import_orders")._trigger(
                        fields.Datetime.now() + RETRY_AFTER
                    )
                    break
                done += len(batch)
                self.env["ir.cron"]._notify_progress(done=done, remaining=0)
                if len(batch) < batch_size:
                    break

    @api.model
    def _lock_batch(self, account, limit=BATCH_SIZE):
        """Orders to import or to acknowledge that no other worker holds."""
        return self._lock_todo(SQL("account_id = %s", account.id), limit)

    def _relock(self):
        """Lock these orders again (after a commit), those still to acknowledge."""
        if not self:
            return self
        return self._lock_todo(SQL("id IN %s", tuple(self.ids)), len(self))

    @api.model
    def _lock_todo(self, condition, limit):
        """Lock (``SKIP LOCKED``) up to ``limit`` orders to import or acknowledge."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM bocp_emag_order"
                " WHERE %s AND (state = 'new' OR (state = 'imported'"
                "   AND NOT coalesce(acknowledged, false) AND emag_status = '1'"
                "   AND coalesce(emag_type, '3') = '3'))"
                " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                condition,
                limit,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _process_batch(self, client):
        """Fetch, import, COMMIT, then acknowledge, then follow up.

        Acknowledging tells eMAG to stop announcing the order: it happens only
        once the sale order is durably stored, so a crash in between leaves an
        imported, unacknowledged order that the next run acknowledges without
        importing it again.
        """
        self.account_id.ensure_one()
        orders = self.with_context(tracking_disable=True)  # a batch job: no tracking
        # imported by an earlier run that stopped before acknowledging them
        interrupted = orders.filtered(lambda o: o.state == "imported")
        orders.filtered(lambda o: o.state == "new" and not o.raw_data)._fetch(client)
        orders.filtered(lambda o: o.state == "new" and o.raw_data)._import_orders()
        orders._commit_point()  # the sale orders exist: now eMAG may be told
        # the commit released the row locks: take them again, so that no
        # other worker acknowledges (or confirms) these orders meanwhile
        orders = orders._relock()
        started = fields.Datetime.now()
        acked = orders._acknowledge(client, interrupted=interrupted & orders)
        orders._commit_point()  # what eMAG accepted is recorded for good
        acked._reread_acknowledged(client, started)
        acked._after_acknowledge()
        orders._commit_point()

    def _fetch(self, client):
        """Read the data of orders known only by id (callbacks)."""
        if len(self) > 3:
            # one page of status-1 orders is cheaper than reading ids one by
            # one; the other orders on it are left to their own callbacks
            self._store_read_orders(
                self.account_id,
                list(client.read_all("order", {"status": 1})),
                register=False,
            )
        for order in self.filtered(lambda o: not o.raw_data):
            data = order._read_one(client) or order._read_one(client, {"type": 2})
            if data is None:
                order.write(
                    {
                        "state": "error",
                        "error_message": self.env._("eMAG does not return this order."),
                    }
                )
            else:
                order._store_data(data)

    def _read_one(self, client, filters=None):
        """This order as eMAG returns it now, or None (``order/read`` by id;
        a Fulfilled-by-eMAG order is found only when asked for with type 2)."""
        self.ensure_one()
        if filters is None and self.emag_type == "2":
            filters = {"type": 2}
        items = client.read_page("order", dict(filters or {}, id=self.emag_id))
        return next((i for i in items if int(i.get("id") or 0) == self.emag_id), None)

    def _prepare_data_vals(self, data):
        mapper = self.env["bocp.emag.order.mapper"]
        account = self.account_id
        customer = data.get("customer") or {}
        locker_id, locker_name = mapper._locker(data)
        reason = data.get("reason_cancellation")
        if isinstance(reason, dict):
            reason = reason.get("name") or reason.get("id")
        return {
            "raw_data": json.dumps(data, ensure_ascii=False),
            "emag_status": str(int(data.get("status") or 0)),
            "emag_type": "2" if str(data.get("type") or 3) == "2" else "3",
            "emag_modified": data.get("modified"),
            "order_date": mapper._to_utc(account, data.get("date")),
            "payment_mode": PAYMENT_MODES.get(int(data.get("payment_mode_id") or 0)),
            "payment_status": bool(int(data.get("payment_status") or 0)),
            "delivery_mode": data.get("delivery_mode")
            if data.get("delivery_mode") in ("courier", "pickup")
            else False,
            "locker_id": locker_id,
            "locker_name": locker_name,
            "customer_name": customer.get("name") or customer.get("billing_name"),
            "amount_total": float(mapper._order_total(data)),
            "amount_emag_funded": float(mapper._emag_funded_total(account, data)),
            "currency_id": mapper._currency(account, data).id or account.currency_id.id,
            "cancellation_reason": reason or False,
            "cancellation_request": data.get("cancellation_request") or False,
        }

    def _store_data(self, data):
        self.ensure_one()
        self.write(self._prepare_data_vals(data))

    def _import_orders(self):
        """Create the sale orders of a batch: partners and products in a few
        queries, then one ``create`` for all the sale orders."""
        if not self:
            return
        account = self.account_id
        mapper = self.env["bocp.emag.order.mapper"]
        skipped = self._skip_unimportable()
        todo = self.filtered(lambda o: o.state == "new") - skipped
        datas = [o._get_data() for o in todo]
        if not todo:
            return
        partners = mapper._resolve_partners(account, datas)
        products = mapper._resolve_products(account, datas)
        tax_cache, vals_list, ready = {}, [], self.browse()
        for index, (order, data) in enumerate(zip(todo, datas, strict=True)):
            try:
                vals_list.append(
                    order._prepare_sale_order_vals(
                        data, partners[index], products, tax_cache
                    )
                )
                ready |= order
            except OrderOnHold as exc:
                order._hold(str(exc))
            except (UserError, ValidationError) as exc:
                order.write({"state": "error", "error_message": str(exc)})
        sales = self._create_sale_orders(ready, vals_list)
        for order, sale in zip(ready, sales, strict=True):
            order.write(
                {
                    "state": "imported",
                    "sale_order_id": sale.id,
                    "partner_id": sale.partner_id.id,
                    "error_message": False,
                }
            )
        ready._notify_new_orders()

    def _hold(self, message):
        """Leave the order unimported (hence unacknowledged) for a person:
        the reason on the order, one open activity whatever the retries."""
        self.ensure_one()
        self.write({"state": "error", "error_message": message})
        summary = self.env._("eMAG order on hold")
        if not self.activity_ids.filtered(lambda a: a.summary == summary):
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=message,
                user_id=self.account_id._get_responsible().id,
            )

    def _skip_unimportable(self):
        """Orders not imported now: canceled or returned ones (for good),
        incomplete ones (until eMAG completes or cancels them)."""
        skipped = self.filtered(lambda o: not o._importable(o._get_data()))
        incomplete = (self - skipped).filtered(
            lambda o: not o._is_complete(o._get_data())
        )
        if incomplete:
            incomplete.write(
                {
                    "state": "incomplete",
                    "error_message": self.env._(
                        "eMAG marks this order incomplete (details are missing): it "
                        "is neither acknowledged nor invoiced until eMAG completes "
                        "it or cancels it; the connector checks it again on every "
                        "order check."
                    ),
                }
            )
        for order in skipped:
            reason = (
                self.env._("Canceled on eMAG before it was imported.")
                if order.emag_status == "0"
                else self.env._(
                    "Not imported: eMAG status %(status)s.", status=order.emag_status
                )
            )
            order.write({"state": "skipped", "error_message": reason})
            order.message_post(body=reason)
        return skipped | incomplete

    def _prepare_sale_order_vals(self, data, partners, products, tax_cache):
        self.ensure_one()
        account = self.account_id
        mapper = self.env["bocp.emag.order.mapper"]
        partner, delivery = partners
        vals = {
            "partner_id": partner.id,
            "partner_invoice_id": partner.id,
            "partner_shipping_id": delivery.id,
            "company_id": account.company_id.id,
            "client_order_ref": self.name,
            "origin": self.name,
            "date_order": self.order_date or fields.Datetime.now(),
            "bocp_emag_order_id": self.id,
            "user_id": account.user_id.id or False,
            "order_line": mapper._prepare_lines(account, data, products, tax_cache),
        }
        if account.warehouse_id:
            vals["warehouse_id"] = account.warehouse_id.id
        pricelist = mapper._pricelist_for(account, data)
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        position = mapper._fiscal_position(account, data)
        if position:
            vals["fiscal_position_id"] = position.id
        if account.team_id:
            vals["team_id"] = account.team_id.id
        return vals

    def _create_sale_orders(self, orders, vals_list):
        """One create for the batch; order by order if the batch fails."""
        SaleOrder = (
            self.env["sale.order"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nosubscribe=True)
        )
        if not vals_list:
            return SaleOrder
        try:
            with self.env.cr.savepoint():
                return SaleOrder.create(vals_list)
        except Exception:  # noqa: BLE001 - isolate the faulty order below
            _logger.info("eMAG batch import failed, retrying order by order")
        sales = SaleOrder
        for order, vals in zip(orders, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    sales |= SaleOrder.create(vals)
            except (UserError, ValidationError) as exc:
                order.write({"state": "error", "error_message": str(exc)})
                sales |= SaleOrder
        return sales

    def _notify_new_orders(self):
        template = self.env.ref(
            "bocp_emag.mail_template_new_order", raise_if_not_found=False
        )
        to_notify = self.filtered(lambda o: o.account_id.notification_emails)
        if template and to_notify:
            template.sudo().send_mail_batch(to_notify.ids)
        self.write({"notified": True})
