"""Two real transactions at once: callbacks racing, batches shared, limiter."""

import threading
from contextlib import contextmanager

import psycopg2.errors

from odoo import api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.bocp_emag.models.emag_order import insert_order_ids
from odoo.addons.bocp_emag.tools import DbRateLimiter


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
