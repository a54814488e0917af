"""eMAG's vouchers as a receivable from eMAG.

eMAG pays the seller the full price of an order it discounts with its own
voucher (RO-VOUCHER: "you will receive the full amount corresponding to the
selling price"), so the invoice keeps the full price and VAT.  The customer
pays less; the difference is owed by eMAG.  When the invoice is posted, one
entry moves that part from the customer to eMAG: it is reconciled with the
invoice (which then shows what the customer still pays, the cash on delivery)
and stays open on eMAG's side until eMAG's settlement is reconciled with it.
"""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class BocpEmagOrder(models.Model):
    _inherit = "bocp.emag.order"

    def _book_emag_vouchers(self, invoice):
        """Reconcile the part eMAG pays with ``invoice`` (booked once per order;
        an invoice posted again, or a second invoice of the order, uses the
        same entry's open part)."""
        self.ensure_one()
        order = self.sudo()  # invoicing users need not be eMAG users
        currency = invoice.currency_id
        if float_is_zero(
            order.amount_emag_funded, precision_rounding=currency.rounding
        ):
            return
        if not order.voucher_move_id or order.voucher_move_id.state != "posted":
            order.voucher_move_id = order._create_voucher_move(invoice)
        credit = order.voucher_move_id.line_ids.filtered(
            lambda li: li.partner_id == invoice.commercial_partner_id
            and li.account_id.account_type == "asset_receivable"
            and not li.reconciled
        )
        receivable = invoice.line_ids.filtered(
            lambda li: li.account_id == credit.account_id and not li.reconciled
        )
        if credit and receivable:
            (credit | receivable).reconcile()

    def _create_voucher_move(self, invoice):
        account = self.account_id
        if not account.emag_partner_id:
            raise UserError(
                self.env._(
                    "Choose on the eMAG account “%(account)s” the partner that pays "
                    "eMAG's vouchers (eMAG (Settlement Partner)).",
                    account=account.name,
                )
            )
        move = self.env["account.move"].create(self._prepare_voucher_move(invoice))
        move.action_post()
        return move

    def _prepare_voucher_move(self, invoice):
        account = self.account_id
        company = invoice.company_id
        amount = self.amount_emag_funded
        balance = invoice.currency_id._convert(
            amount,
            company.currency_id,
            company,
            invoice.invoice_date or fields.Date.today(),
        )
        customer = invoice.commercial_partner_id
        receivable = invoice.line_ids.filtered(
            lambda li: li.account_id.account_type == "asset_receivable"
        ).account_id[:1]
        emag = account.emag_partner_id.with_company(company)
        name = self.env._("eMAG vouchers of %(order)s", order=self.name)
        common = {"name": name, "currency_id": invoice.currency_id.id}
        return {
            "move_type": "entry",
            "journal_id": self._voucher_journal(company).id,
            "date": invoice.invoice_date or fields.Date.today(),
            "ref": f"{invoice.name} - {self.name}",
            "company_id": company.id,
            "line_ids": [
                (
                    0,
                    0,
                    dict(
                        common,
                        partner_id=emag.id,
                        account_id=emag.property_account_receivable_id.id,
                        amount_currency=amount,
                        balance=balance,
                    ),
                ),
                (
                    0,
                    0,
                    dict(
                        common,
                        partner_id=customer.id,
                        account_id=receivable.id,
                        amount_currency=-amount,
                        balance=-balance,
                    ),
                ),
            ],
        }

    def _voucher_journal(self, company):
        journal = self.account_id.voucher_journal_id or self.env[
            "account.journal"
        ].search(
            [("company_id", "=", company.id), ("type", "=", "general")],
            order="sequence, id",
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal for eMAG's vouchers.",
                    company=company.name,
                )
            )
        return journal
