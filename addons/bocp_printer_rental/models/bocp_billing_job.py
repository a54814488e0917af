"""Invoicing or proforma runs of many clients go to the background (bocp_job).

The wizard queues one batch per group of clients; each batch calls the billing
engine on its clients in its own transaction. The engine locks the clients'
dossiers and bills only what is still pending, so a batch run again (a worker
killed after its commit was lost) finds nothing left and writes nothing.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

BILLING_THRESHOLD = 100  # clients billed at once in the click below this
BATCH_CLIENTS = 50


class BocpBilling(models.AbstractModel):
    _inherit = "bocp.billing"

    @api.model
    def _bocp_in_background(self, partners):
        threshold = self.env["bocp.job"]._threshold("rental_billing", BILLING_THRESHOLD)
        return len(partners) > threshold

    @api.model
    def _bocp_queue(self, name, method, partners, **payload):
        """Queue ``method`` (see below) over ``partners`` in batches."""
        return self.env["bocp.job"]._enqueue(
            name,
            self.env["bocp.billing"],
            [
                {
                    "method": method,
                    "payload": dict(payload, partner_ids=chunk),
                    "items": len(chunk),
                }
                for chunk in split_every(BATCH_CLIENTS, partners.ids, list)
            ],
            item_label=self.env._("clients"),
        )

    @api.model
    def _bocp_job_invoices(self, partner_ids, day, journal_id, post):
        partners = self.env["res.partner"].browse(partner_ids)
        journal = self.env["account.journal"].browse(journal_id)
        return self._bocp_job_batch(
            partners,
            day,
            lambda: self._create_invoices(
                partners, fields.Date.to_date(day), journal, post
            ),
            "account.move",
        )

    @api.model
    def _bocp_job_proformas(self, partner_ids, day):
        partners = self.env["res.partner"].browse(partner_ids)
        return self._bocp_job_batch(
            partners,
            day,
            lambda: self._create_proformas(partners, fields.Date.to_date(day)),
            "bocp.proforma",
        )

    @api.model
    def _bocp_job_batch(self, partners, day, create, model):
        """``create()``, except that clients with nothing left to bill (billed
        by an earlier run of this batch or by another user) make no error."""
        try:
            with self.env.cr.savepoint():
                return create()
        except UserError:
            rentals = self._billable_rentals(partners, self.env.company)
            if self._charges_by_partner(rentals, fields.Date.to_date(day)):
                raise
        return self.env[model]
