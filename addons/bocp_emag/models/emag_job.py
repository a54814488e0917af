import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import EmagError, commit

_logger = logging.getLogger(__name__)


def insert_job(cr, account_id, company_id, job_type, force, uid):
    """The one statement that queues a job; the id, or None if one is queued.

    The partial unique index ``bocp_emag_job_one_queued`` makes a second
    queued job of the same kind impossible, even from two workers at once.
    """
    cr.execute(
        SQL(
            "INSERT INTO bocp_emag_job (account_id, company_id, job_type, state, force,"
            " create_uid, write_uid, create_date, write_date)"
            " VALUES (%(account)s, %(company)s, %(type)s, 'queued', %(force)s,"
            " %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC')"
            " ON CONFLICT (account_id, job_type) WHERE state = 'queued' DO NOTHING"
            " RETURNING id",
            account=account_id,
            company=company_id,
            type=job_type,
            force=force,
            uid=uid,
        )
    )
    row = cr.fetchone()
    return row[0] if row else None


class BocpEmagJob(models.Model):
    """A background task of an eMAG account (catalogue sync, price/stock push).

    Jobs are rows picked with ``FOR UPDATE SKIP LOCKED`` by the
    ``bocp_emag.ir_cron_run_jobs`` cron, which user actions wake up with a
    trigger: any number of Odoo workers can run the cron, none runs a job
    twice.  Asking twice for the same job while one is queued returns the
    queued one (a partial unique index makes it impossible to have two).
    """

    _name = "bocp.emag.job"
    _description = "eMAG Background Job"
    _order = "id desc"

    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    job_type = fields.Selection(
        [
            ("sync_categories", "Synchronize categories"),
            ("sync_offers", "Synchronize products"),
            ("push_offers", "Send price and stock"),
        ],
        required=True,
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        index=True,
    )
    force = fields.Boolean(help="Send every offer, changed or not.")
    date_started = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)
    result = fields.Text(readonly=True)

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS bocp_emag_job_one_queued"
                " ON bocp_emag_job (account_id, job_type) WHERE state = 'queued'"
            )
        )

    @api.depends("job_type", "account_id")
    def _compute_display_name(self):
        types = dict(self._fields["job_type"]._description_selection(self.env))
        for job in self:
            job.display_name = f"{types.get(job.job_type)} ({job.account_id.name})"

    @api.model
    def _enqueue(self, account, job_type, force=False):
        """Queue a job (or return the one already queued) and wake the cron."""
        self.env.flush_all()
        job_id = insert_job(
            self.env.cr,
            account.id,
            account.company_id.id,
            job_type,
            force,
            self.env.uid,
        )
        if job_id:
            job = self.browse(job_id)
        else:
            job = self.search(
                [
                    ("account_id", "=", account.id),
                    ("job_type", "=", job_type),
                    ("state", "=", "queued"),
                ],
                limit=1,
            )
        self.env.ref("bocp_emag.ir_cron_run_jobs").sudo()._trigger()
        return job

    @api.model
    def _lock_next(self):
        """Take the oldest queued job nobody else holds, or an empty recordset."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM bocp_emag_job WHERE state = 'queued'"
                " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    @api.model
    def _cron_run_jobs(self, limit=20):
        self._fail_interrupted()
        cron = self.env["ir.cron"]
        for done in range(limit):
            job = self._lock_next()
            if not job:
                return
            job._run()
            cron._notify_progress(done=done + 1, remaining=0)

    @api.model
    def _fail_interrupted(self, hours=6):
        """Jobs left "running" by a worker that died are reported, not hidden."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), hours=hours)
        self.search([("state", "=", "running"), ("date_started", "<", limit)]).write(
            {
                "state": "failed",
                "result": self.env._("Interrupted (the worker stopped)."),
            }
        )

    def _run(self):
        """Run the job; whatever happens, it ends "done" or "failed".

        The "running" state is committed first: a worker that dies leaves a
        trace (see ``_fail_interrupted``) and no other worker takes the job.
        A failure rolls back the job's work and says why.
        """
        self.ensure_one()
        self.write({"state": "running", "date_started": fields.Datetime.now()})
        commit(self.env)  # claim the job before the long work starts
        try:
            with self.env.cr.savepoint():
                result = self._execute()
        except Exception as exc:  # noqa: BLE001 - reported on the job, not lost
            if not isinstance(exc, (EmagError, UserError, ValidationError)):
                _logger.exception("eMAG job %s failed", self.id)
            self.write(
                {
                    "state": "failed",
                    "result": self._explain(exc),
                    "date_done": fields.Datetime.now(),
                }
            )
        else:
            self.write(
                {"state": "done", "result": result, "date_done": fields.Datetime.now()}
            )
        commit(self.env)  # the outcome, before the next job starts

    def _explain(self, exc):
        if isinstance(exc, EmagError):
            return self.account_id._explain_error(exc)
        if isinstance(exc, (UserError, ValidationError)):
            return str(exc)
        return self.env._(
            "Unexpected error (%(error)s): see the server log.", error=repr(exc)
        )

    def _execute(self):
        account = self.account_id
        client = account._get_client()
        progress = self._progress
        _ = self.env._
        if self.job_type == "sync_categories":
            count = self.env["bocp.emag.category"]._sync_from_emag(
                account, client, progress
            )
            return _("%(count)s categories read.", count=count)
        if self.job_type == "sync_offers":
            offers = self.env["bocp.emag.offer"]._sync_from_emag(
                account, client, progress
            )
            return _(
                "%(count)s offers read, %(linked)s linked to a product.",
                count=len(offers),
                linked=len(offers.filtered("product_id")),
            )
        sent, failed = self.env["bocp.emag.offer"]._push_account(
            account, client, force=self.force, progress=progress
        )
        return _("%(sent)s offers sent, %(failed)s refused.", sent=sent, failed=failed)

    def _progress(self, done, remaining):
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _cron_push_offers(self):
        """Scheduled price/stock push for the accounts that want it."""
        accounts = self.env["bocp.emag.account"].search([("push_offers", "=", True)])
        for account in accounts:
            self._enqueue(account, "push_offers")
