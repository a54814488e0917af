from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import new_test_user

GROUPS = "base.group_user,base.group_partner_manager"


def run_jobs(env, calls=500):
    """What cron workers do with the jobs' cron: call it, read the progress it
    reported, call again while something is left. Returns the (done,
    remaining) pairs reported."""
    reported = []
    cron = env.ref("bocp_job.ir_cron_run_jobs")
    for _call in range(calls):
        progress = env["ir.cron.progress"].sudo().create({"cron_id": cron.id})
        env["bocp.job"].sudo().with_context(ir_cron_progress_id=progress.id)._cron_run()
        reported.append((progress.done, progress.remaining))
        if not progress.remaining:
            break
    return reported


class JobCase:
    """Jobs on res.partner records with a batch method patched in for the test:
    each batch renames its partners (``ref``), or fails on request."""

    @classmethod
    def _make_users(cls):
        cls.user = new_test_user(cls.env, "bocp_job_user", groups=GROUPS)
        cls.other = new_test_user(cls.env, "bocp_job_other", groups=GROUPS)

    @staticmethod
    def _batch_method(fail_on=()):
        def batch(records, partner_ids, tag):
            partners = records.env["res.partner"].browse(partner_ids)
            partners.write({"ref": tag})
            if tag in fail_on:
                raise UserError(records.env._("refused %s", tag))
            return partners

        return batch

    @contextmanager
    def _patched(self, fail_on=()):
        with patch.object(
            type(self.env["res.partner"]),
            "_bocp_test_batch",
            self._batch_method(fail_on),
            create=True,
        ):
            yield

    def _batches(self, partners, size):
        return [
            {
                "method": "_bocp_test_batch",
                "payload": {"partner_ids": partners[i : i + size].ids, "tag": f"b{i}"},
                "items": len(partners[i : i + size]),
            }
            for i in range(0, len(partners), size)
        ]
