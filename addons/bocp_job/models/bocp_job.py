"""Long work of the BOCP addons, run in the background in batches.

A job is a list of batches. The ``bocp_job.ir_cron_run_jobs`` cron runs one
batch per call, following Odoo 18's cron batch protocol: the cron commits after
each call, and ``_notify_progress`` tells it whether to call again. So each
batch is its own transaction: a batch that fails or whose worker is killed
leaves nothing of itself behind, and the next run takes it again.

Several cron workers (threads or Odoo nodes) share the queue: a worker takes a
job with ``FOR NO KEY UPDATE SKIP LOCKED`` and holds it while its batch runs,
so no batch runs twice at once, and a batch is marked done in the transaction
that did its work, so it is never done twice one after the other.
"""

import logging
import threading
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .ir_cron import round_time_left

_logger = logging.getLogger(__name__)

# A batch whose worker was killed (time limit, crash) this many times fails
# instead of being taken again forever.
MAX_ATTEMPTS = 3
# Errors that say "another transaction was in the way": the batch is taken
# again a little later instead of failing.
TRANSIENT_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.DeadlockDetected,
    psycopg2.errors.LockNotAvailable,
)
RETRY_DELAY = timedelta(seconds=10)
# Leave a cron round when less than this is left of the worker's time limits
# (see ir_cron.round_time_left): the next batch runs in a fresh round.
ROUND_RESERVE_SECONDS = 30


def in_test():
    """True inside Odoo's tests, which must never commit."""
    return bool(getattr(threading.current_thread(), "testing", False))


class BocpJob(models.Model):
    _name = "bocp.job"
    _description = "Background Job"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    key = fields.Char(
        readonly=True,
        index=True,
        help="Work that may run only once at a time (one queued or running job "
        "per key).",
    )
    user_id = fields.Many2one(
        "res.users",
        "Started By",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
        help="The batches run as this user, with this user's access rights.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    res_model = fields.Char("Document Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        "Document", model_field="res_model", readonly=True, index=True
    )
    batch_ids = fields.One2many("bocp.job.batch", "job_id", "Batches", readonly=True)
    batch_count = fields.Integer(readonly=True)
    batch_done = fields.Integer("Batches Done", readonly=True)
    item_count = fields.Integer("Items", readonly=True)
    item_done = fields.Integer("Items Done", readonly=True)
    item_label = fields.Char(
        "Items Are", readonly=True, help="What is counted, e.g. clients or rows."
    )
    progress = fields.Float("Progress (%)", compute="_compute_progress")
    progress_text = fields.Char("Progress", compute="_compute_progress")
    error = fields.Text("Reason", readonly=True)
    summary = fields.Text(
        readonly=True, help="What the batches say they did (one line per batch)."
    )
    next_try = fields.Datetime(
        readonly=True, help="A batch held up by another transaction runs again then."
    )
    date_started = fields.Datetime("Started", readonly=True)
    date_done = fields.Datetime("Ended", readonly=True)
    result_model = fields.Char(readonly=True)
    result_count = fields.Integer("Results", compute="_compute_result_count")

    _sql_constraints = [
        (
            "batch_done_check",
            "CHECK(batch_done >= 0 AND batch_done <= batch_count)",
            "A job cannot have done more batches than it has.",
        ),
    ]

    def init(self):
        # Two clicks, two users or two workers queue one job per key.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS bocp_job_one_active_per_key"
                " ON bocp_job (key) WHERE state IN ('queued', 'running')"
            )
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("state", "batch_done", "batch_count", "item_done", "item_count")
    def _compute_progress(self):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for job in self:
            job.progress = (
                100.0 * job.batch_done / job.batch_count if job.batch_count else 0.0
            )
            text = labels[job.state]
            if job.state in ("running", "failed") and job.item_count:
                text = self.env._(
                    "%(state)s: %(done)s of %(total)s %(items)s",
                    state=text,
                    done=job.item_done,
                    total=job.item_count,
                    items=job.item_label or "",
                ).strip()
            job.progress_text = text

    def _compute_result_count(self):
        for job in self:
            job.result_count = len(job._result_ids())

    def _result_ids(self):
        self.ensure_one()
        return [i for batch in self.batch_ids for i in (batch.result_ids or [])]

    # ------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------
    @api.model
    def _enqueue(self, name, target, batches, key=None, item_label=None):
        """Queue ``batches`` to run on ``target`` as the current user.

        ``target`` is a record (or an empty recordset of a model); each batch
        is a dict: ``method`` (a method of ``target`` called with the batch's
        ``payload`` as keyword arguments and returning the records it made, or
        None), ``payload`` (JSON-serialisable) and ``items`` (how many items it
        counts for the progress). Batches run one after the other in the given
        order. With ``key``, the job already queued or running under that key
        is returned instead of a second one.
        """
        if key:
            active = self.sudo().search(
                [("key", "=", key), ("state", "in", ("queued", "running"))], limit=1
            )
            if active:
                return active
        try:
            with self.env.cr.savepoint():
                job = self.sudo().create(
                    self._prepare_job_vals(name, target, batches, key, item_label)
                )
        except psycopg2.errors.UniqueViolation as error:
            raise UserError(
                self.env._(
                    "This work has just been started by another user or click: "
                    "reload the page to follow it."
                )
            ) from error
        job._wake()
        return job

    @api.model
    def _prepare_job_vals(self, name, target, batches, key, item_label):
        return {
            "name": name,
            "key": key or False,
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
            "res_model": target._name,
            "res_id": target.id if len(target) == 1 else False,
            "item_label": item_label or False,
            "batch_count": len(batches),
            "item_count": sum(batch.get("items", 1) for batch in batches),
            "batch_ids": [
                fields.Command.create(
                    {
                        "sequence": sequence,
                        "method": batch["method"],
                        "payload": batch.get("payload") or {},
                        "items": batch.get("items", 1),
                    }
                )
                for sequence, batch in enumerate(batches)
            ],
        }

    @api.model
    def _threshold(self, name, default):
        """The size above which ``name``'s work is queued (system parameter
        ``bocp_job.threshold.<name>``, else ``default``)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"bocp_job.threshold.{name}")
        )
        try:
            return int(value) if value else default
        except ValueError:
            return default

    def _wake(self, at=None):
        self.env.ref("bocp_job.ir_cron_run_jobs").sudo()._trigger(at)

    # ------------------------------------------------------------------
    # Running (the cron)
    # ------------------------------------------------------------------
    @api.model
    def _cron_run(self):
        """Run one batch of the oldest job nobody holds, then say what is left.

        Odoo calls again at once while something is left (up to its own limit
        of calls per round), each call in a transaction of its own.
        """
        if round_time_left() < ROUND_RESERVE_SECONDS:
            # Not enough left of the worker's time limits for another batch:
            # end this round (no progress reported) and start a fresh one.
            self._wake()
            return
        job = self._lock_next()
        if not job:
            return
        job._run_next_batch()
        self.env["ir.cron"]._notify_progress(done=1, remaining=self._count_waiting())

    @api.model
    def _count_waiting(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM bocp_job_batch b JOIN bocp_job j ON j.id = b.job_id"
                " WHERE b.state = 'queued' AND j.state IN ('queued', 'running')"
                " AND (j.next_try IS NULL OR j.next_try <= now() at time zone 'UTC')"
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _lock_next(self, job_id=None):
        """Take the oldest runnable job no other worker holds (or ``job_id``)."""
        self.env.flush_all()
        query = SQL(
            "SELECT id FROM bocp_job WHERE state IN ('queued', 'running')"
            " AND (next_try IS NULL OR next_try <= now() at time zone 'UTC') %s"
            " ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED",
            SQL("AND id = %s", job_id) if job_id else SQL(),
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, log_exceptions=False)
                row = self.env.cr.fetchone()
        except psycopg2.errors.SerializationFailure:
            # Another worker finished a batch of that job after this
            # transaction began: try again in a fresh transaction.
            self._wake()
            return self.browse()
        return self.browse(row[0]) if row else self.browse()

    def _run_next_batch(self):
        """Run the next batch of this (locked) job; the job's end comes with
        the last batch, in the same transaction."""
        self.ensure_one()
        batch = self.batch_ids.filtered(lambda b: b.state == "queued")[:1]
        if not batch:
            self._finish()
            return
        if batch.attempts >= MAX_ATTEMPTS:
            self._fail(batch, batch._interrupted_message())
            return
        if not self._claim(batch):
            return
        batch._run()

    def _claim(self, batch):
        """Count the attempt and commit it before the work starts, so that a
        worker killed in the middle of the batch leaves the count behind; then
        take the job again (another worker may have taken it meanwhile)."""
        vals = {"state": "running", "next_try": False}
        if not self.date_started:
            vals["date_started"] = fields.Datetime.now()
        self.write(vals)
        batch.attempts += 1
        if in_test():
            return True
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return bool(self._lock_next(self.id))

    # ------------------------------------------------------------------
    # Outcomes (called by the batch, in its transaction)
    # ------------------------------------------------------------------
    def _batch_done(self, batch):
        self.write(
            {
                "batch_done": self.batch_done + 1,
                "item_done": self.item_done + batch.items,
            }
        )
        if self.state == "failed":  # the batch stopped the job (see _stop)
            return
        if self.batch_done >= self.batch_count:
            self._finish()
        else:
            self._send_progress()

    def _finish(self):
        self.write(
            {"state": "done", "date_done": fields.Datetime.now(), "error": False}
        )
        self.activity_ids.unlink()
        self._notify_user(
            "success",
            self.env._("%(job)s: done.", job=self.name),
        )

    @api.model
    def _current(self):
        """The job whose batch is running (for the batch's own method)."""
        return self.sudo().browse(self.env.context.get("bocp_job_id"))

    def _stop(self, reason):
        """Called by a batch: the job ends here, failed with ``reason``, and
        what the batch wrote is kept (e.g. a check that found new errors)."""
        job = self.sudo()
        job.write(
            {"state": "failed", "error": reason, "date_done": fields.Datetime.now()}
        )
        job._notify_user("warning", f"{job.name}: {reason}", sticky=True)

    def _retry_later(self, batch):
        """Another transaction was in the way: the batch runs again later."""
        self.next_try = fields.Datetime.now() + RETRY_DELAY * batch.attempts
        self._wake(self.next_try)

    def _fail(self, batch, reason):
        """The batch failed: the job stops there, says why and can be retried."""
        batch.write({"state": "failed", "error": reason})
        self.write(
            {
                "state": "failed",
                "error": reason,
                "date_done": fields.Datetime.now(),
            }
        )
        message = self.env._(
            "%(job)s failed at batch %(batch)s of %(count)s: %(reason)s",
            job=self.name,
            batch=batch.sequence + 1,
            count=self.batch_count,
            reason=reason,
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Background job failed"),
            note=message,
            user_id=self.user_id.id,
        )
        self._notify_user("danger", message, sticky=True)

    def _notify_user(self, kind, message, sticky=False):
        self.user_id._bus_send(
            "simple_notification",
            {"type": kind, "message": message, "sticky": sticky},
        )
        self._send_progress()

    def _send_progress(self):
        """Open forms of the job and of its document reload themselves."""
        self.user_id._bus_send(
            "bocp_job.progress",
            {"job_id": self.id, "res_model": self.res_model, "res_id": self.res_id},
        )

    # ------------------------------------------------------------------
    # User actions
    # ------------------------------------------------------------------
    def _check_owner(self):
        for job in self:
            if job.user_id != self.env.user and not self.env.user.has_group(
                "base.group_system"
            ):
                raise UserError(
                    self.env._(
                        "Only %(user)s, who started it, or an administrator can "
                        "change job %(job)s.",
                        user=job.user_id.name,
                        job=job.name,
                    )
                )

    def action_retry(self):
        """Queue the failed batch again; the batches done stay done."""
        self.ensure_one()
        self.check_access("read")
        self._check_owner()
        if self.state != "failed":
            raise UserError(self.env._("Only a failed job can be retried."))
        job = self.sudo()
        job.batch_ids.filtered(lambda b: b.state == "failed").write(
            {"state": "queued", "attempts": 0, "error": False}
        )
        job.write(
            {
                "state": "running" if job.batch_done else "queued",
                "error": False,
                "date_done": False,
                "next_try": False,
            }
        )
        job.activity_ids.unlink()
        job._wake()
        return True

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
        }

    def action_open_results(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self.result_model,
            "domain": [("id", "in", self._result_ids())],
            "views": [(False, "list"), (False, "form")],
        }

    def _action_open(self):
        """The job's form: what a click that queued the work returns."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "current",
        }
