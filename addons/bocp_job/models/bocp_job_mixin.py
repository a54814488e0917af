from odoo import api, fields, models


class BocpJobMixin(models.AbstractModel):
    """A document whose long work may run as a background job.

    It keeps its last job, shows the job's state and progress in its form
    (``bocp_job_id`` and the related fields) and knows whether it is busy.
    """

    _name = "bocp.job.mixin"
    _description = "Document with Background Jobs"

    bocp_job_id = fields.Many2one(
        "bocp.job", "Background Job", readonly=True, copy=False, index="btree_not_null"
    )
    bocp_job_state = fields.Selection(related="bocp_job_id.state", string="Job State")
    bocp_job_progress = fields.Float(
        related="bocp_job_id.progress", string="Job Progress"
    )
    bocp_job_progress_text = fields.Char(
        related="bocp_job_id.progress_text", string="Job Status"
    )
    bocp_job_error = fields.Text(related="bocp_job_id.error", string="Job Error")
    bocp_job_busy = fields.Boolean("Job Running", compute="_compute_bocp_job_busy")

    @api.depends("bocp_job_id.state")
    def _compute_bocp_job_busy(self):
        for record in self:
            record.bocp_job_busy = record.bocp_job_id.state in ("queued", "running")

    def _bocp_job_start(self, name, batches, kind, item_label=None):
        """Queue ``batches`` (see ``bocp.job._enqueue``) for this document;
        one job of each ``kind`` at a time per document."""
        self.ensure_one()
        job = self.env["bocp.job"]._enqueue(
            name,
            self,
            batches,
            key=f"{self._name},{self.id}:{kind}",
            item_label=item_label,
        )
        self.sudo().bocp_job_id = job
        return job

    def action_bocp_job_open(self):
        self.ensure_one()
        return self.bocp_job_id._action_open()

    def action_bocp_job_retry(self):
        self.ensure_one()
        return self.bocp_job_id.action_retry()
