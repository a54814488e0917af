"""Two cron workers at once, each with its own cursor and transactions."""

import threading
from collections import Counter
from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestJobWorkers(TransactionCase):
    """These tests commit in their own cursors and clean up after themselves."""

    def setUp(self):
        super().setUp()
        self.runs = Counter()
        self.runs_lock = threading.Lock()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [{"name": f"Worker test {i}"} for i in range(12)]
            )
            self.partner_ids = partners.ids
            job = env["bocp.job"]._enqueue(
                "Worker test",
                env["res.partner"],
                [
                    {
                        "method": "_bocp_test_batch",
                        "payload": {"partner_ids": [pid], "tag": f"t{pid}"},
                        "items": 1,
                    }
                    for pid in self.partner_ids
                ],
            )
            self.job_id = job.id
        self.addCleanup(self._clean)
        patcher = patch.object(
            type(self.env["res.partner"]),
            "_bocp_test_batch",
            lambda records, partner_ids, tag: self._batch(records, partner_ids, tag),
            create=True,
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _batch(self, records, partner_ids, tag):
        with self.runs_lock:
            self.runs[tag] += 1
        partners = records.env["res.partner"].browse(partner_ids)
        partners.write({"ref": tag})
        return partners

    def _clean(self):
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM bocp_job WHERE id = %s", self.job_id))
            cr.execute(
                SQL("DELETE FROM res_partner WHERE id = ANY(%s)", self.partner_ids)
            )

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    def test_second_worker_skips_the_held_job(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            job_a = self._env(cr_a)["bocp.job"]._lock_next()
            self.assertEqual(job_a.id, self.job_id)
            self.assertFalse(self._env(cr_b)["bocp.job"]._lock_next(), "held by A")
            cr_b.rollback()
            job_a._run_next_batch()
            cr_a.commit()
            # A is done with its batch: B takes the job and the *next* batch
            job_b = self._env(cr_b)["bocp.job"]._lock_next()
            self.assertEqual(job_b.id, self.job_id)
            job_b._run_next_batch()
            cr_b.commit()
        self.assertEqual(sorted(self.runs.values()), [1, 1])

    def test_stale_snapshot_does_not_fail(self):
        """B's transaction began before A committed a batch of the job: B
        skips the job (no serialization error) and wakes the cron."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT 1 FROM bocp_job LIMIT 1")  # B's snapshot starts
            job_a = self._env(cr_a)["bocp.job"]._lock_next()
            job_a._run_next_batch()
            cr_a.commit()
            self.assertFalse(self._env(cr_b)["bocp.job"]._lock_next())
        self.assertEqual(sum(self.runs.values()), 1)

    def test_two_workers_run_every_batch_once(self):
        """Two workers take turns on the job, each trying while the other
        holds it (the ORM cannot run in threads during tests: the registry is
        locked while they run, so the workers are two cursors stepped here)."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            workers = [(cr_a, self._env(cr_a)), (cr_b, self._env(cr_b))]
            for step in range(30):
                holder_cr, holder = workers[step % 2]
                other_cr, other = workers[(step + 1) % 2]
                job = holder["bocp.job"]._lock_next()
                if not job:
                    holder_cr.rollback()
                    break
                self.assertFalse(other["bocp.job"]._lock_next(), "held by the other")
                other_cr.rollback()
                job._run_next_batch()
                holder_cr.commit()
            job = self._env(cr_a)["bocp.job"].browse(self.job_id)
            self.assertEqual((job.state, job.batch_done), ("done", 12))
            partners = self._env(cr_a)["res.partner"].browse(self.partner_ids)
            self.assertEqual(
                partners.mapped("ref"), [f"t{p}" for p in self.partner_ids]
            )
        self.assertEqual(len(self.runs), 12)
        self.assertEqual(set(self.runs.values()), {1}, "no batch ran twice")
