"""Two real transactions at once: callbacks racing, batches shared, limiter."""

import threading
from contextlib import contextmanager, nullcontext
from unittest.mock import patch

import psycopg2.errors

from odoo import api, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.bocp_emag.models.emag_order import insert_order_ids
from odoo.addons.bocp_emag.tools import DbRateLimiter, side_cursor


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    """These tests commit in their own cursors and clean up after themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            account = env["bocp.emag.account"].create(
                {"name": "Concurrency test", "api_username": "u", "api_password": "p"}
            )
            cls.account_id = account.id
        cls.addClassCleanup(cls._drop_account)

    @classmethod
    def _drop_account(cls):
        with cls.registry.cursor() as cr:
            cr.execute(
                SQL("DELETE FROM bocp_emag_order WHERE account_id = %s", cls.account_id)
            )
            cr.execute(
                SQL("DELETE FROM bocp_emag_account WHERE id = %s", cls.account_id)
            )
            cr.execute(
                SQL("DELETE FROM bocp_emag_rate_slot WHERE key LIKE 'conc-test:%%'")
            )

    def setUp(self):
        super().setUp()
        self.addCleanup(self._drop_orders)

    def _drop_orders(self):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM bocp_emag_order WHERE account_id = %s", self.account_id
                )
            )
            cr.execute(
                SQL(
                    "DELETE FROM bocp_job WHERE res_model = 'bocp.emag.account'"
                    " AND res_id = %s",
                    self.account_id,
                )
            )

    def _in_thread(self, target):
        """Run ``target`` in a thread (a second worker); its error is kept."""
        outcome = {}

        def run():
            try:
                outcome["result"] = target()
            except Exception as exc:  # noqa: BLE001 - reported by the test
                outcome["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        return thread, outcome

    @contextmanager
    def _env(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            yield env, env["bocp.emag.account"].browse(self.account_id)

    def test_racing_callbacks_record_one_order(self):
        results = {}
        with self._env() as (env1, account1):
            company_id = account1.company_id.id
            results["first"] = env1["bocp.emag.order"]._register_ids(account1, [777])

            def second():
                # the registry is locked while tests run: a raw connection runs
                # the very statement _register_ids uses, and like Odoo's HTTP
                # layer retries once on a serialization failure
                cr = sql_db.db_connect(env1.cr.dbname).cursor()
                try:
                    for _attempt in range(2):
                        try:
                            with mute_logger("odoo.sql_db"):
                                results["second"] = insert_order_ids(
                                    cr, self.account_id, company_id, 1, [777]
                                )
                            cr.commit()  # pylint: disable=invalid-commit
                            break
                        except psycopg2.errors.SerializationFailure:
                            cr.rollback()
                finally:
                    cr.close()

            thread = threading.Thread(target=second)
            thread.start()
            thread.join(0.5)
            self.assertTrue(thread.is_alive(), "the second insert waits for the first")
            env1.cr.commit()
        thread.join(10)
        self.assertEqual(results, {"first": [777], "second": []})
        with self._env() as (env, _account):
            env.cr.execute(
                SQL(
                    "SELECT count(*) FROM bocp_emag_order WHERE account_id = %s AND emag_id = 777",
                    self.account_id,
                )
            )
            self.assertEqual(env.cr.fetchone()[0], 1)

    def test_two_workers_never_take_the_same_orders(self):
        with self._env() as (env, account):
            env["bocp.emag.order"]._register_ids(account, [901, 902, 903])
        with self._env() as (env1, account1), self._env() as (env2, account2):
            batch1 = env1["bocp.emag.order"]._lock_batch(account1, limit=2)
            batch2 = env2["bocp.emag.order"]._lock_batch(account2, limit=10)
            self.assertEqual(len(batch1), 2)
            self.assertEqual(len(batch2), 1)
            self.assertFalse(
                set(batch1.mapped("emag_id")) & set(batch2.mapped("emag_id"))
            )

    def test_limiter_spaces_calls_across_connections(self):
        def factory():
            return self.registry.cursor()

        limiters = [
            DbRateLimiter(factory, "conc-test:1", {"other": 3}, margin=0.0),
            DbRateLimiter(factory, "conc-test:1", {"other": 3}, margin=0.0),
        ]
        waits = [limiters[i % 2].reserve("other") for i in range(6)]
        steps = [b - a for a, b in zip(waits, waits[1:], strict=False)]
        for step in steps:
            self.assertAlmostEqual(step, 1 / 3.0, delta=0.05)
        self.assertAlmostEqual(waits[-1], 5 / 3.0, delta=0.1)

    def test_limiter_worker_waits_for_the_other_then_takes_the_next_slot(self):
        """Two workers reserving at the same instant: the second waits for the
        first's row lock, then gets the slot after it (no serialization error)."""
        key, interval = "conc-test:2", 2.0  # 0.5 call/s: slots 2 s apart
        row_key = key + ":other"
        with self.registry.cursor() as cr:
            DbRateLimiter(
                lambda: nullcontext(cr), key, {"other": 0.5}, margin=0.0
            ).reserve("other")
            cr.execute(
                SQL("SELECT next_slot FROM bocp_emag_rate_slot WHERE key = %s", row_key)
            )
            first_free = cr.fetchone()[0]
        # worker A reserves and keeps its transaction open
        cr_a = self.registry.cursor()
        try:
            DbRateLimiter(
                lambda: nullcontext(cr_a), key, {"other": 0.5}, margin=0.0
            ).reserve("other")
            # worker B: the production cursor (a fresh READ COMMITTED transaction)
            limiter_b = DbRateLimiter(
                lambda: side_cursor(self.env), key, {"other": 0.5}, margin=0.0
            )
            thread, outcome = self._in_thread(lambda: limiter_b.reserve("other"))
            thread.join(0.5)
            self.assertTrue(thread.is_alive(), "B waits for A's reservation")
            cr_a.commit()
        finally:
            cr_a.close()
        thread.join(10)
        self.assertNotIn("error", outcome)
        self.assertGreater(outcome["result"], 0)
        with self.registry.cursor() as cr:
            cr.execute(
                SQL("SELECT next_slot FROM bocp_emag_rate_slot WHERE key = %s", row_key)
            )
            last_free = cr.fetchone()[0]
        self.assertAlmostEqual(
            (last_free - first_free).total_seconds(), 2 * interval, delta=0.05
        )

    def test_acknowledging_worker_keeps_its_orders(self):
        """Between the import commit and the acknowledgement, the orders stay
        locked: another worker's batch cannot take them and acknowledge them too."""
        with self._env() as (env, account):
            Order = env["bocp.emag.order"]
            Order._register_ids(account, [911, 912])
            Order.search([("account_id", "=", account.id)]).write(
                {"raw_data": "{}", "emag_status": "1"}
            )
        reached, release = threading.Event(), threading.Event()

        class SlowEmag:
            def acknowledge(self, order_id):
                reached.set()
                release.wait(10)

            def read_page(self, resource, filters=None, **kwargs):
                return []  # the re-read after acknowledging finds nothing new

            def read_all(self, resource, filters=None, **kwargs):
                return iter(())

        def fake_import(orders):
            orders.write({"state": "imported"})

        cr_a = self.registry.cursor()
        env_a = api.Environment(cr_a, api.SUPERUSER_ID, {})
        Order_a = env_a["bocp.emag.order"]
        try:
            with patch.object(type(Order_a), "_import_orders", fake_import):
                batch = Order_a._lock_batch(Order_a.account_id.browse(self.account_id))
                self.assertEqual(len(batch), 2)
                thread, outcome = self._in_thread(
                    lambda: batch._process_batch(SlowEmag())
                )
                self.assertTrue(reached.wait(10), "worker A acknowledges")
                with self._env() as (env_b, account_b):
                    taken = env_b["bocp.emag.order"]._lock_batch(account_b)
                    self.assertFalse(taken, "worker B finds nothing to do")
                release.set()
                thread.join(10)
        finally:
            release.set()
            cr_a.close()
        self.assertNotIn("error", outcome)
        with self._env() as (env, account):
            orders = env["bocp.emag.order"].search([("account_id", "=", account.id)])
            self.assertEqual(set(orders.mapped("acknowledged")), {True})

    def test_one_awb_request_at_a_time(self):
        with self._env() as (env, account):
            env["bocp.emag.order"]._register_ids(account, [921])
            env["bocp.emag.order"].search([("account_id", "=", account.id)]).write(
                {"emag_status": "2", "state": "imported"}
            )
        with self._env() as (env1, _a1), self._env() as (env2, _a2):
            first = env1["bocp.emag.order"].search([("emag_id", "=", 921)])
            second = env2["bocp.emag.order"].search([("emag_id", "=", 921)])
            first._lock_for_awb()  # a user clicked "Generate AWB"
            with self.assertRaises(UserError):
                second._lock_for_awb()  # the double click
