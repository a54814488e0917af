"""Sales receipt (Bon vânzare), "finalized" + documents to eMAG."""

import logging

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import EmagApiError, EmagError, EmagServerError, find_by_token

_logger = logging.getLogger(__name__)

MAX_FINALIZE_ATTEMPTS = 5


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
        if self.emag_status not in ("2", "3", "4") and self.emag_type != "2":
            raise UserError(
                self.env._(
                    "eMAG accepts “finalized” only for acknowledged orders in progress."
                )
            )
        if self._unpaid_reason():
            self._refresh(self.account_id._get_client())
            if self._unpaid_reason():
                raise UserError(self._unpaid_reason())
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
        """Status 4 on eMAG (orders it fulfils take only the document)."""
        data = self._refresh(client) or self._get_data()
        if self.emag_type == "2":
            return
        if self._unpaid_reason():
            raise UserError(self._unpaid_reason())
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
