import logging

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .bocp_job import TRANSIENT_ERRORS

_logger = logging.getLogger(__name__)


class BocpJobBatch(models.Model):
    """One transaction's worth of a job: a method of the job's document and
    its arguments. Marked done in the transaction that did its work."""

    _name = "bocp.job.batch"
    _description = "Background Job Batch"
    _order = "job_id, sequence, id"

    job_id = fields.Many2one(
        "bocp.job", required=True, ondelete="cascade", index=True, readonly=True
    )
    sequence = fields.Integer(readonly=True)
    method = fields.Char(required=True, readonly=True)
    payload = fields.Json(readonly=True)
    items = fields.Integer(default=1, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    error = fields.Text(readonly=True)
    date_done = fields.Datetime(readonly=True)
    result_ids = fields.Json(
        readonly=True, help="Ids of the records the batch made (job's result model)."
    )

    def _target(self):
        """The job's document, seen by the user who started the job."""
        job = self.job_id
        user = job.user_id
        env = self.env(
            user=user.id,
            su=False,
            context=dict(
                self.env.context,
                lang=user.lang,
                tz=user.tz,
                allowed_company_ids=[job.company_id.id],
                bocp_job_id=job.id,
            ),
        )
        return env[job.res_model].browse(job.res_id or [])

    def _run(self):
        """Run the batch in a savepoint: on error nothing of it is kept."""
        self.ensure_one()
        job = self.job_id
        try:
            with self.env.cr.savepoint():
                result = getattr(self._target(), self.method)(**(self.payload or {}))
                self.env.flush_all()
        except TRANSIENT_ERRORS:
            _logger.info("Job %s batch %s held up: retried later", job.id, self.id)
            job._retry_later(self)
            return
        except (UserError, ValidationError, AccessError) as error:
            job._fail(self, str(error))
            return
        except Exception as error:  # noqa: BLE001 - reported on the job, not lost
            _logger.exception("Job %s batch %s failed", job.id, self.id)
            job._fail(
                self,
                self.env._(
                    "Unexpected error (%(error)s): see the server log.",
                    error=repr(error),
                ),
            )
            return
        self._done(result)

    def _done(self, result):
        vals = {"state": "done", "date_done": fields.Datetime.now(), "error": False}
        if isinstance(result, str):
            job = self.job_id
            job.summary = "\n".join(filter(None, [job.summary, result]))
        elif isinstance(result, models.BaseModel) and result:
            vals["result_ids"] = result.ids
            if not self.job_id.result_model:
                self.job_id.result_model = result._name
        self.write(vals)
        self.job_id._batch_done(self)

    def _interrupted_message(self):
        return self.env._(
            "The batch was interrupted %(count)s times before it could end (the "
            "worker was stopped, for instance past its time limit). Retry it; if "
            "it stops again, ask for smaller batches.",
            count=self.attempts,
        )
