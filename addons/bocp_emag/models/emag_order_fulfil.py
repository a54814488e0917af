"""Sales receipt (Bon vânzare), "finalized" + documents to eMAG, AWB."""

import base64
import logging
import re

from psycopg2.errors import LockNotAvailable

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ..tools import EmagApiError, EmagError, EmagServerError, find_by_token

_logger = logging.getLogger(__name__)

MAX_FINALIZE_ATTEMPTS = 5


def _phone(value):
    """Digits only (eMAG wants 8 to 11 of them, an optional leading +)."""
    value = str(value or "").strip()
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        return "+" + digits
    return digits


class BocpEmagOrder(models.Model):
    _inherit = "bocp.emag.order"

    # ------------------------------------------------------ sales receipt --

    def action_sale_receipt(self):
        """Bon vânzare: the take-over wizard, from the account's work point,
        delivering now (the user may choose another work point)."""
        self.ensure_one()
        self._check_sale_receipt_possible()
        action = self.sale_order_id.action_bocp_take_over()
        action["context"].update(
            default_warehouse_id=self._sale_receipt_warehouse().id,
            default_validate_delivery=True,
        )
        return action

    def _create_sale_receipt(self):
        """Bon vânzare without a wizard (automatic mode): the sale confirmed
        from the account's work point and delivered, or refused (UserError)
        when the work point lacks the stock."""
        self.ensure_one()
        self._check_sale_receipt_possible()
        self.sale_order_id._bocp_take_over(
            self._sale_receipt_warehouse(), validate_delivery=True
        )

    def _check_sale_receipt_possible(self):
        _ = self.env._
        if not self.sale_order_id:
            raise UserError(_("The eMAG order has no sale order yet."))
        if self.emag_status in ("0", "1"):
            raise UserError(
                _(
                    "Only acknowledged eMAG orders that are not canceled get a sales receipt."
                )
            )
        if self.sale_order_id.state == "cancel":
            raise UserError(_("The sale order is canceled."))

    def _sale_receipt_warehouse(self):
        return self.account_id.warehouse_id or self.sale_order_id.warehouse_id

    def _note_sale_receipt(self, sale, delivered):
        """Chatter note once the sale is taken over (by wizard or automatically)."""
        _ = self.env._
        if delivered:
            body = _(
                "Sales receipt issued: %(sale)s confirmed and delivered.",
                sale=sale.name,
            )
        else:
            body = _(
                "%(sale)s confirmed from the work point %(warehouse)s; its delivery "
                "is still to be validated.",
                sale=sale.name,
                warehouse=sale.warehouse_id.display_name,
            )
        self.message_post(body=body)

    def _leave_sale_receipt_to_a_person(self, reason):
        """The automatic sales receipt failed: the order waits for a person."""
        _ = self.env._
        self.message_post(body=_("Sales receipt not issued: %(msg)s", msg=reason))
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Issue the sales receipt"),
            note=reason,
            user_id=(
                self.sale_order_id.user_id or self.account_id.user_id or self.env.user
            ).id,
        )

    # ------------------------------------------------------ finalize (4) --

    def action_send_finalized(self):
        """Trimite Finalizat: status 4 and the invoice PDF to eMAG (manual mode).

        Queued for the background sender, like the automatic modes: eMAG
        downloads the PDF from Odoo while we call it, so its public URL must be
        committed before the call.
        """
        self.ensure_one()
        if self.emag_status not in ("2", "3", "4"):
            raise UserError(
                self.env._(
                    "eMAG accepts “finalized” only for acknowledged orders in progress."
                )
            )
        invoice = self.sale_order_id.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )[-1:]
        self._queue_finalize(invoice=invoice)
        return self.account_id._notify(
            self.env._("“Finalized” will be sent to eMAG in a few moments.")
        )

    def _queue_finalize(self, invoice=None, awb=False):
        """Mark the order to be finalized on eMAG and wake the sender.

        The document's public URL (its token) is made now, in this transaction,
        so that it exists when eMAG comes to download the PDF.
        """
        vals = {
            "finalize_state": "pending",
            "finalize_attempts": 0,
            "finalize_message": False,
        }
        if invoice:
            vals.update(invoice_id=invoice.id, document_type="1", document_id=False)
        elif awb and self.awb_pdf_id:
            vals.update(document_type="10", document_id=self.awb_pdf_id.id)
        if vals.get("document_type") and not self.sudo().document_token:
            vals["document_token"] = self._new_token()
        self.sudo().write(vals)
        self.env.ref("bocp_emag.ir_cron_send_finalized").sudo()._trigger()

    @api.model
    def _cron_send_finalized(self, limit=200):
        """Send the pending orders one by one, each in its own transaction."""
        tried = []
        while len(tried) < limit:
            order = self._lock_pending_finalize(tried)
            if not order:
                return
            tried.append(order.id)
            order._process_finalize()
            order._commit_point()  # this order's outcome, and its row lock released

    @api.model
    def _lock_pending_finalize(self, exclude_ids):
        """One order waiting to be finalized that no other worker holds."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM bocp_emag_order WHERE finalize_state = 'pending'"
                " AND NOT (id = ANY(%s)) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                list(exclude_ids),
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else [])

    def _process_finalize(self):
        """Upload the document (invoice / AWB) then set status 4 on eMAG.

        Both calls are safe to repeat (the attachment has the same URL, 4 → 4
        is allowed), so a failure is retried by the cron a few times.
        """
        self.ensure_one()
        _ = self.env._
        try:
            client = self.account_id._get_client()
            if self.document_type:
                self._upload_document(client)
            self._set_finalized(client)
        except (EmagError, UserError) as exc:
            message = (
                self.account_id._explain_error(exc)
                if isinstance(exc, EmagError)
                else str(exc)
            )
            attempts = self.finalize_attempts + 1
            transient = isinstance(exc, EmagServerError) or not isinstance(
                exc, EmagApiError
            )
            self.write(
                {
                    "finalize_attempts": attempts,
                    "finalize_message": message,
                    "finalize_state": "pending"
                    if transient
                    and attempts < MAX_FINALIZE_ATTEMPTS
                    and isinstance(exc, EmagError)
                    else "failed",
                }
            )
            self.message_post(
                body=_("Sending “finalized” to eMAG failed: %(msg)s", msg=message)
            )
            return False
        self.write({"finalize_state": "done", "finalize_message": False})
        self.message_post(body=_("eMAG was told the order is finalized."))
        return True

    def _upload_document(self, client):
        """Give eMAG the public URL of the invoice / AWB PDF (it downloads it)."""
        order = self.sudo()
        if not order.document_token:
            raise UserError(self.env._("The document has no public address yet."))
        if self.document_type == "1":
            label = self.env._("Invoice %(name)s", name=self.invoice_id.name or "")
        else:
            label = self.env._("AWB %(name)s", name=self.awb_number or "")
        client.save(
            "order/attachments",
            [
                {
                    "order_id": self.emag_id,
                    "order_type": int(self.emag_type or 3),
                    "name": label[:60],
                    "url": self._document_url(),
                    "type": int(self.document_type),
                    "force_download": 1,
                }
            ],
        )

    def _document_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return "{}/bocp/emag/document/{}.pdf".format(
            base.rstrip("/"), self.sudo().document_token
        )

    def _make_invoice_attachment(self, invoice):
        content = self._get_invoice_pdf(invoice)
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "{}.pdf".format(
                        (invoice.name or "invoice").replace("/", "_")
                    ),
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _get_invoice_pdf(self, invoice):
        """The invoice PDF: the one Odoo already keeps, else rendered now."""
        if invoice.invoice_pdf_report_id:
            return invoice.invoice_pdf_report_id.raw
        content, _type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("account.account_invoices", invoice.ids)
        )
        return content

    def _set_finalized(self, client):
        data = self._refresh(client) or self._get_data()
        status = int(data.get("status") or 0)
        if status == 4:
            return
        if status not in (2, 3):
            raise UserError(
                self.env._(
                    "eMAG order %(id)s is in status %(status)s; only orders in progress "
                    "or prepared can be finalized.",
                    id=self.emag_id,
                    status=status,
                )
            )
        payload = dict(data, status=4)
        client.save("order", [payload])
        self._refresh(client)

    # -------------------------------------------------------------- AWB --

    def action_open_awb_wizard(self):
        self.ensure_one()
        self._check_awb_possible()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate AWB"),
            "res_model": "bocp.emag.awb.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _check_awb_possible(self):
        _ = self.env._
        if self.awb_state == "done":
            raise UserError(
                _("This order already has the AWB %(awb)s.", awb=self.awb_number)
            )
        if self.awb_state == "uncertain":
            raise UserError(
                _(
                    "The last AWB request got no answer from eMAG: check in eMAG "
                    "Marketplace whether the AWB exists (eMAG AWBs cannot be canceled), "
                    "then press “Reset AWB” before trying again."
                )
            )
        if self.emag_status not in ("2", "3", "4"):
            raise UserError(
                _("An AWB can be generated only for acknowledged orders in progress.")
            )

    def action_reset_awb(self):
        self.ensure_one()
        self.write({"awb_state": "none", "awb_message": False})

    def _cod_amount(self):
        """What the courier collects: the order total for cash-on-delivery orders
        not yet paid, else nothing."""
        self.ensure_one()
        if self.payment_mode != "cod" or self.payment_status:
            return 0.0
        return self.sale_order_id.amount_total or self.amount_total

    def _prepare_awb_payload(
        self,
        address,
        courier,
        parcels,
        envelopes,
        weight,
        cod,
        insured_value=0.0,
        observation=False,
    ):
        data = self._get_data()
        customer = data.get("customer") or {}
        company = self.company_id
        legal = int(customer.get("legal_entity") or 0)
        payload = {
            "order_id": self.emag_id,
            "sender": {
                "name": company.name,
                "contact": self.env.user.name or company.name,
                "phone1": _phone(address.account_id.sender_phone or company.phone),
                "locality_id": address.locality_id,
                "street": address.address or "-",
                "zipcode": address.zipcode or "",
                "address_id": address.address_id,
            },
            "receiver": {
                "name": (customer.get("company") if legal else None)
                or customer.get("shipping_contact")
                or customer.get("name"),
                "contact": customer.get("shipping_contact") or customer.get("name"),
                "phone1": _phone(
                    customer.get("shipping_phone") or customer.get("phone_1")
                ),
                "legal_entity": legal,
                "locality_id": int(customer.get("shipping_locality_id") or 0),
                "street": customer.get("shipping_street"),
                "zipcode": customer.get("shipping_postal_code") or "",
            },
            "is_oversize": 0,
            "insured_value": insured_value or 0,
            "weight": weight,
            "envelope_number": envelopes,
            "parcel_number": parcels,
            "cod": round(cod, 2),
            "observation": observation or "",
        }
        if courier:
            payload["courier_account_id"] = courier.emag_id
        if self.delivery_mode == "pickup" and self.locker_id:
            payload["locker_id"] = self.locker_id
        return payload

    def _generate_awb(self, payload):
        """awb/save, sent exactly once (never retried: eMAG AWBs cannot be
        canceled through the API).  Returns (ok, message)."""
        self.ensure_one()
        _ = self.env._
        account = self.account_id
        self._lock_for_awb()
        client = account._get_client()
        data = self._refresh(client)
        if data is None or self.emag_status == "0" or self.cancellation_request:
            raise UserError(
                _(
                    "eMAG reports this order as canceled or with a cancellation request: no AWB."
                )
            )
        try:
            result = client.save("awb", [payload], retry=False)
        except EmagServerError as exc:
            state = "uncertain" if exc.uncertain else "failed"
            message = (
                _(
                    "eMAG did not answer properly (%(msg)s). The AWB may have been created: "
                    "check in eMAG Marketplace before generating it again.",
                    msg=str(exc),
                )
                if exc.uncertain
                else account._explain_error(exc)
            )
            self.write({"awb_state": state, "awb_message": message})
            # an AWB may exist on eMAG: this must survive whatever follows
            # (Odoo replays a request after a serialization failure)
            self._commit_point()
            return False, message
        except EmagError as exc:
            message = account._explain_error(exc)
            self.write({"awb_state": "failed", "awb_message": message})
            return False, message
        self._store_awb(result, payload)
        # the AWB exists on eMAG and cannot be canceled there: record it for
        # good before anything else can fail (a replayed request then stops
        # at _check_awb_possible instead of issuing a second AWB)
        self._commit_point()
        self._fetch_awb_label(client)
        self._refresh(client)
        if account.finalize_mode == "awb":
            self._queue_finalize(awb=True)
        return True, _("AWB %(awb)s generated.", awb=self.awb_number)

    def _lock_for_awb(self):
        """Hold this order while its AWB is requested: a double click or two
        users at once must not issue two AWBs (they cannot be canceled)."""
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM bocp_emag_order WHERE id = %s FOR UPDATE NOWAIT",
                        self.id,
                    )
                )
        except LockNotAvailable as exc:
            raise UserError(
                self.env._(
                    "An AWB is being generated for %(order)s right now; wait a "
                    "moment and reload the order.",
                    order=self.name,
                )
            ) from exc
        self._check_awb_possible()

    def _store_awb(self, result, payload):
        if isinstance(result, list):
            result = result[0] if result else {}
        result = result or {}
        awbs = result.get("awb") or []
        first = awbs[0] if awbs else {}
        self.write(
            {
                "awb_state": "done",
                "awb_number": first.get("awb_number") or result.get("awb_number"),
                "awb_emag_id": str(first.get("emag_id") or result.get("emag_id") or ""),
                "awb_reservation_id": str(result.get("reservation_id") or ""),
                "awb_courier": result.get("courier_name"),
                "awb_cod": payload.get("cod") or 0.0,
                "awb_message": False,
            }
        )
        self.message_post(
            body=self.env._(
                "AWB %(awb)s generated (%(courier)s), cash on delivery %(cod)s.",
                awb=self.awb_number,
                courier=self.awb_courier or "-",
                cod=payload.get("cod") or 0,
            )
        )

    def _fetch_awb_label(self, client):
        if not self.awb_emag_id:
            return
        try:
            content = client.read_awb_pdf(self.awb_emag_id)
        except EmagError as exc:
            self.message_post(
                body=self.env._(
                    "The AWB label could not be read: %(msg)s", msg=str(exc)
                )
            )
            return
        if not isinstance(content, bytes):
            return
        self.awb_pdf_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"AWB_{self.awb_number}.pdf",
                    "datas": base64.b64encode(content),
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    @api.model
    def _find_by_document_token(self, token):
        """The order whose document URL carries ``token`` (as superuser)."""
        return find_by_token(self, "document_token", token, 32)

    def _get_public_document(self):
        """The PDF bytes eMAG downloads (invoice or AWB), or None.

        The invoice PDF is made on the first download and kept.
        """
        self.ensure_one()
        order = self.sudo()
        if not order.document_id and order.document_type == "1" and order.invoice_id:
            order.document_id = order._make_invoice_attachment(order.invoice_id)
        attachment = order.document_id or (
            order.awb_pdf_id if order.document_type == "10" else False
        )
        return attachment.raw if attachment else None

    def action_download_awb(self):
        self.ensure_one()
        if not self.awb_pdf_id:
            raise UserError(self.env._("There is no AWB label yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.awb_pdf_id.id}?download=true",
            "target": "self",
        }
