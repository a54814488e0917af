"""AWB: one ``awb/save`` per order, never retried, and its label."""

import base64
import re

from psycopg2.errors import LockNotAvailable

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ..tools import EmagError, EmagServerError


def _phone(value):
    """Digits only (eMAG wants 8 to 11 of them, an optional leading +)."""
    value = str(value or "").strip()
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        return "+" + digits
    return digits


class BocpEmagOrder(models.Model):
    _inherit = "bocp.emag.order"

    def action_open_awb_wizard(self):
        self.ensure_one()
        if self._unpaid_reason() and self.emag_status in ("2", "3", "4"):
            # the customer may have paid since the last read: ask eMAG once
            self._refresh(self.account_id._get_client())
        self._check_awb_possible()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate AWB"),
            "res_model": "bocp.emag.awb.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _unpaid_reason(self):
        """Why the goods must wait (card or bank transfer not paid yet), or ''.

        DOC449: "interpret the payment status when reading orders with Card
        Online"; eMAG's help: payment-order orders "are processed and
        delivered only after you receive the order amount" (HU-PAYMENT).
        """
        self.ensure_one()
        if self.payment_mode not in ("card", "bank") or self.payment_status:
            return ""
        if self.payment_mode == "card":
            return self.env._(
                "The customer has not paid the order by card yet (eMAG payment "
                "status: not paid): the goods may not leave before eMAG confirms "
                "the payment."
            )
        return self.env._(
            "The customer has not paid the order by bank transfer yet (eMAG "
            "payment status: not paid): eMAG asks to ship it only once the money "
            "has arrived."
        )

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
        if self.emag_type == "2":
            raise UserError(_("eMAG ships the orders it fulfils: no AWB from Odoo."))
        if self.emag_status not in ("2", "3", "4"):
            raise UserError(
                _("An AWB can be generated only for acknowledged orders in progress.")
            )
        if self._enforced_courier_accounts() == []:
            raise UserError(
                _(
                    "eMAG does not let this order's AWB be issued from Marketplace "
                    "(no courier account allowed): see the order in eMAG Marketplace."
                )
            )
        unpaid = self._unpaid_reason()
        if unpaid:
            raise UserError(unpaid)

    def action_reset_awb(self):
        self.ensure_one()
        self.write({"awb_state": "none", "awb_message": False})

    def _cod_amount(self):
        """What the courier collects: what the customer pays the seller for a
        cash-on-delivery order not yet paid (the invoice less eMAG's vouchers;
        a locker fee eMAG invoices is in neither), else nothing."""
        self.ensure_one()
        if self.payment_mode != "cod" or self.payment_status:
            return 0.0
        if not self.sale_order_id:
            return self.amount_total
        return self.sale_order_id.amount_total - self.amount_emag_funded

    def _enforced_courier_accounts(self):
        """eMAG ids of the courier accounts eMAG imposes, or None (any).

        DOC449: null = any of yours; a list = one of these; [] = no AWB from
        Marketplace.
        """
        enforced = self._get_data().get("enforced_vendor_courier_accounts")
        if enforced is None:
            return None
        return [int(x) for x in enforced if str(x).strip().isdigit()]

    def _default_courier_account(self):
        """The courier account for this order: one eMAG imposes, else for a
        locker order one delivering to lockers (eMAG's own courier), else the
        account's default."""
        self.ensure_one()
        accounts = self.account_id.courier_account_ids
        enforced = self._enforced_courier_accounts()
        if enforced:
            allowed = accounts.filtered(lambda c: c.emag_id in enforced)
            if self.account_id.courier_account_id in allowed:
                return self.account_id.courier_account_id
            return allowed[:1]
        if self.delivery_mode == "pickup":
            lockers = accounts.filtered(
                lambda c: c.lockers and c.account_type in ("2", "3")
            )
            if lockers and self.account_id.courier_account_id not in lockers:
                return lockers[:1]
        return self.account_id.courier_account_id

    def _courier_account_id(self, courier):
        """The ``courier_account_id`` to send: the chosen one when eMAG allows
        it, else the first one eMAG imposes."""
        enforced = self._enforced_courier_accounts()
        if enforced and (not courier or courier.emag_id not in enforced):
            return enforced[0]
        return courier.emag_id if courier else None

    def _receiver_locality_id(self, customer):
        """``shipping_locality_id``; older orders lack it: looked up by city and
        county with ``locality/read`` (only a single match is used)."""
        locality = customer.get("shipping_locality_id")
        if str(locality or "").strip().isdigit():
            return int(locality)
        city = customer.get("shipping_city")
        if not city:
            return 0
        filters = {"name": city}
        if customer.get("shipping_suburb"):
            filters["region2"] = customer["shipping_suburb"]
        try:
            found = self.account_id._get_client().read_page("locality", filters)
        except EmagError:
            return 0
        return int(found[0].get("emag_id") or 0) if len(found) == 1 else 0

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
        sender = {
            "name": company.name,
            "contact": self.env.user.name or company.name,
            "phone1": _phone(address.account_id.sender_phone or company.phone),
            "locality_id": address.locality_id,
            "street": address.address or "-",
            "zipcode": address.zipcode,
            "address_id": address.address_id,
        }
        receiver = {
            "name": (customer.get("company") if legal else None)
            or customer.get("shipping_contact")
            or customer.get("name"),
            "contact": customer.get("shipping_contact") or customer.get("name"),
            "phone1": _phone(customer.get("shipping_phone") or customer.get("phone_1")),
            "legal_entity": legal,
            "locality_id": self._receiver_locality_id(customer),
            "street": customer.get("shipping_street"),
            "zipcode": customer.get("shipping_postal_code"),
        }
        payload = {
            "order_id": self.emag_id,
            # DOC449 6.1: zipcode is optional but 1..255 characters: no ""
            "sender": {k: v for k, v in sender.items() if k != "zipcode" or v},
            "receiver": {k: v for k, v in receiver.items() if k != "zipcode" or v},
            "is_oversize": 0,
            "insured_value": insured_value or 0,
            "weight": weight,
            "envelope_number": envelopes,
            "parcel_number": parcels,
            "cod": round(cod, 2),
            "observation": observation or "",
        }
        courier_account_id = self._courier_account_id(courier)
        if courier_account_id:
            payload["courier_account_id"] = courier_account_id
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
        self._check_awb_possible()  # paid? eMAG's courier rules? (just read)
        try:
            result = client.save_one("awb", payload, retry=False)
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
        """Read eMAG's answer: one object ``{reservation_id, courier_name,
        awb: [{emag_id, awb_number, awb_barcode}]}`` (PHX, ZITEC, VTEX), or a
        list of those (TS451)."""
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

    def action_download_awb(self):
        self.ensure_one()
        if not self.awb_pdf_id:
            raise UserError(self.env._("There is no AWB label yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.awb_pdf_id.id}?download=true",
            "target": "self",
        }
