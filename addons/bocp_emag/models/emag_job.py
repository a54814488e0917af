"""eMAG's background work (catalogue sync, price/stock push) as shared jobs.

The queue itself is bocp_job's (SKIP LOCKED across workers, one transaction
per batch, progress, retry). Here: what an eMAG job is (one batch running the
sync or the push of one account) and one queued or running job per account
and kind, whoever asks (a user, twice, or the hourly push).
"""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import EmagError

JOB_TYPES = ("sync_categories", "sync_offers", "push_offers")


class BocpEmagAccount(models.Model):
    _inherit = "bocp.emag.account"

    def _job_names(self):
        _ = self.env._
        return {
            "sync_categories": _("Synchronize categories"),
            "sync_offers": _("Synchronize products"),
            "push_offers": _("Send price and stock"),
        }

    def _bocp_emag_enqueue(self, job_type, force=False):
        """Queue the job (or return the one of that kind queued or running)."""
        self.ensure_one()
        assert job_type in JOB_TYPES, job_type
        name = f"{self._job_names()[job_type]} ({self.name})"
        return (
            self.env["bocp.job"]
            .with_company(self.company_id)
            ._enqueue(
                name,
                self,
                [
                    {
                        "method": "_bocp_emag_job_run",
                        "payload": {"job_type": job_type, "force": force},
                    }
                ],
                key=f"bocp.emag.account,{self.id}:{job_type}",
            )
        )

    def _bocp_emag_job_run(self, job_type, force=False):
        """The batch: the sync or push, as the connector's own user (the job
        was queued by someone allowed to change the account). eMAG's errors
        become the job's reason."""
        account = self.sudo()
        try:
            return account._bocp_emag_execute(job_type, force)
        except EmagError as exc:
            raise account._bocp_emag_user_error(exc) from exc

    def _bocp_emag_user_error(self, exc):
        return UserError(self._explain_error(exc))

    def _bocp_emag_execute(self, job_type, force):
        client = self._get_client()
        _ = self.env._
        if job_type == "sync_categories":
            count = self.env["bocp.emag.category"]._sync_from_emag(self, client)
            return _("%(count)s categories read.", count=count)
        if job_type == "sync_offers":
            offers = self.env["bocp.emag.offer"]._sync_from_emag(self, client)
            return _(
                "%(count)s offers read, %(linked)s linked to a product.",
                count=len(offers),
                linked=len(offers.filtered("product_id")),
            )
        sent, failed = self.env["bocp.emag.offer"]._push_account(
            self, client, force=force
        )
        return _("%(sent)s offers sent, %(failed)s refused.", sent=sent, failed=failed)

    @api.model
    def _cron_push_offers(self):
        """Scheduled price/stock push for the accounts that want it."""
        for account in self.search([("push_offers", "=", True)]):
            account._bocp_emag_enqueue("push_offers")
