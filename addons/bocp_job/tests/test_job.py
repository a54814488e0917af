from unittest.mock import patch

import psycopg2.errors

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase

from .common import JobCase, run_jobs


class TestJob(JobCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_users()
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Client {i}"} for i in range(5)]
        )

    def _enqueue(self, user=None, key=None, size=2):
        Job = self.env["bocp.job"].with_user(user or self.user)
        return Job._enqueue(
            "Rename clients",
            Job.env["res.partner"],
            self._batches(self.partners, size),
            key=key,
            item_label="clients",
        )

    def _run_cron(self, times=10):
        return run_jobs(self.env, times)

    def test_batches_run_in_order_with_progress(self):
        job = self._enqueue()
        self.assertEqual((job.state, job.batch_count, job.item_count), ("queued", 3, 5))
        self.assertEqual(job.user_id, self.user)
        with self._patched():
            reported = self._run_cron()
        self.assertEqual(reported, [(1, 2), (1, 1), (1, 0)])
        self.assertEqual(job.state, "done")
        self.assertEqual((job.batch_done, job.item_done, job.progress), (3, 5, 100.0))
        self.assertEqual(self.partners.mapped("ref"), ["b0", "b0", "b2", "b2", "b4"])
        self.assertEqual(job.result_model, "res.partner")
        self.assertEqual(sorted(job._result_ids()), sorted(self.partners.ids))

    def test_progress_while_running(self):
        job = self._enqueue()
        with self._patched():
            self._run_cron(times=1)
        self.assertEqual(job.state, "running")
        self.assertEqual(job.progress_text, "Running: 2 of 5 clients")
        self.assertAlmostEqual(job.progress, 100.0 / 3)

    def test_failed_batch_keeps_nothing_and_retry_completes(self):
        job = self._enqueue()
        with self._patched(fail_on=("b2",)):
            self._run_cron()
        self.assertEqual(job.state, "failed")
        self.assertIn("b2", job.error)  # the reason, in the user's language
        self.assertEqual(job.batch_done, 1)
        # the failed batch's own writes were rolled back, the first batch's kept
        self.assertEqual(self.partners.mapped("ref"), ["b0", "b0", False, False, False])
        self.assertTrue(job.activity_ids, "the user gets a to-do")
        self.assertEqual(job.activity_ids.user_id, self.user)
        with self.assertRaises(UserError):
            job.with_user(self.other).action_retry()
        job.with_user(self.user).action_retry()
        self.assertEqual((job.state, job.error), ("running", False))
        with self._patched():
            self._run_cron()
        self.assertEqual(job.state, "done")
        self.assertEqual(self.partners.mapped("ref"), ["b0", "b0", "b2", "b2", "b4"])
        self.assertFalse(job.activity_ids)

    def test_interrupted_batch_runs_again_then_fails(self):
        """A worker killed in the middle of a batch leaves its attempt counted
        (committed before the work) and nothing else: the batch runs again,
        and after three interruptions it fails instead of looping."""
        job = self._enqueue(size=5)
        batch = job.batch_ids
        batch.attempts = 2  # killed twice already
        with self._patched():
            self._run_cron()
        self.assertEqual((job.state, batch.attempts), ("done", 3))
        job2 = self._enqueue(size=5)
        job2.batch_ids.attempts = 3
        with self._patched():
            self._run_cron()
        self.assertEqual(job2.state, "failed")
        self.assertIn("interrupted 3 times", job2.error)

    def test_transient_error_retried_later(self):
        job = self._enqueue(size=5)

        def held_up(records, partner_ids, tag):
            raise psycopg2.errors.LockNotAvailable("locked")

        with patch.object(
            type(self.env["res.partner"]), "_bocp_test_batch", held_up, create=True
        ):
            self._run_cron()
        self.assertEqual(job.state, "running")
        self.assertEqual(job.batch_ids.state, "queued")
        self.assertTrue(job.next_try, "waits before the next try")

    def test_one_active_job_per_key(self):
        first = self._enqueue(key="rename")
        self.assertEqual(self._enqueue(key="rename"), first)
        with self._patched():
            self._run_cron()
        self.assertNotEqual(self._enqueue(key="rename"), first, "done: a new one")

    def test_batches_run_as_the_user_who_started(self):
        """A user whose rights do not allow the work sees the batch fail with
        the access error: the queue gives no rights of its own."""
        job = self._enqueue(user=self.env.ref("base.public_user"))
        with self._patched():
            self._run_cron()
        self.assertEqual(job.state, "failed")
        self.assertFalse(any(self.partners.mapped("ref")))

    def test_users_see_only_their_jobs(self):
        job = self._enqueue()
        Job = self.env["bocp.job"]
        self.assertIn(job, Job.with_user(self.user).search([]))
        self.assertNotIn(job, Job.with_user(self.other).search([]))
        with self.assertRaises(AccessError):
            job.with_user(self.other).read(["name"])
        with self.assertRaises(AccessError):
            job.with_user(self.user).write({"state": "done"})

    def test_threshold_parameter(self):
        Job = self.env["bocp.job"]
        self.assertEqual(Job._threshold("test", 100), 100)
        self.env["ir.config_parameter"].set_param("bocp_job.threshold.test", "7")
        self.assertEqual(Job._threshold("test", 100), 7)
