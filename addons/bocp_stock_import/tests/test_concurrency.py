import threading
import time

import psycopg2

from odoo import api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tools import SQL, mute_logger

from .common import tsv
from .test_check import row

TABLE = tsv([row("SI-CC-1", qty="10", cost="5"), row("SI-CC-2", qty="4", cost="2,5")])


class TestConcurrentConfirm(TransactionCase):
    """Two real transactions: a double click, and two users with one table.

    The data is committed (another transaction could not see it otherwise)
    and removed again in the cleanup.
    """

    def setUp(self):
        super().setUp()
        self.created = {}
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self._admin_uid(cr), {"tracking_disable": True})
            self._create_data(env)

    @staticmethod
    def _admin_uid(cr):
        return api.Environment(cr, api.SUPERUSER_ID, {}).ref("base.user_admin").id

    def _create_data(self, env):
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        location = env["stock.location"].create(
            {
                "name": "SI concurrency",
                "usage": "internal",
                "location_id": warehouse.lot_stock_id.id,
            }
        )
        categ = env["product.category"].create(
            {"name": "SI concurrency", "property_cost_method": "standard"}
        )
        products = env["product.product"].create(
            [
                {
                    "name": "SI CC 1",
                    "default_code": "SI-CC-1",
                    "is_storable": True,
                    "categ_id": categ.id,
                    "standard_price": 5,
                },
                {
                    "name": "SI CC 2",
                    "default_code": "SI-CC-2",
                    "is_storable": True,
                    "categ_id": categ.id,
                    "standard_price": 2.5,
                },
            ]
        )
        imports = env["bocp.stock.import"].create(
            [
                {
                    "warehouse_id": warehouse.id,
                    "location_id": location.id,
                    "categ_id": categ.id,
                    "number_format": "ro",
                    "paste_data": TABLE,
                }
                for _i in range(2)
            ]
        )
        for stock_import in imports:
            stock_import.action_check()
            assert stock_import.state == "checked", stock_import.line_ids.mapped(
                "message"
            )
        self.created = {
            "location": location.id,
            "categ": categ.id,
            "products": products.ids,
            "templates": products.product_tmpl_id.ids,
            "imports": imports.ids,
        }

    def _cursor_env(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, self._admin_uid(cr), {"tracking_disable": True})

    def _stock(self, env):
        env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(quantity), 0) FROM stock_quant "
                "WHERE product_id = ANY(%s) AND location_id = %s",
                self.created["products"],
                self.created["location"],
            )
        )
        return env.cr.fetchone()[0]

    def test_double_click_confirms_once(self):
        env_a, env_b = self._cursor_env(), self._cursor_env()
        import_id = self.created["imports"][0]
        env_a["bocp.stock.import"].browse(
            import_id
        ).action_confirm()  # not committed yet
        with self.assertRaisesRegex(UserError, "being confirmed right now"):
            env_b["bocp.stock.import"].browse(import_id).action_confirm()
        env_b.cr.rollback()
        env_a.cr.commit()
        env_b.invalidate_all()
        with self.assertRaisesRegex(UserError, "already confirmed"):
            env_b["bocp.stock.import"].browse(import_id).action_confirm()
        env_b.cr.rollback()
        self.assertEqual(self._stock(env_b), 14)

    def test_two_users_two_copies_of_one_table(self):
        env_a, env_b = self._cursor_env(), self._cursor_env()
        first, second = self.created["imports"]
        env_a["bocp.stock.import"].browse(first).action_confirm()  # not committed yet
        outcome = {}

        def confirm_second():
            outcome["pid"] = env_b.cr._cnx.get_backend_pid()
            try:
                env_b["bocp.stock.import"].browse(second).action_confirm()
                outcome["result"] = "confirmed"
            except (UserError, psycopg2.errors.SerializationFailure) as error:
                outcome["result"] = error
            finally:
                env_b.cr.rollback()

        with mute_logger("odoo.sql_db"):
            thread = threading.Thread(target=confirm_second)
            thread.start()
            self.assertTrue(
                self._waits_for_lock(env_a, outcome), "B never waited for A"
            )
            env_a.cr.commit()
            thread.join(60)
        self.assertFalse(thread.is_alive())
        self.assertIsInstance(outcome["result"], UserError, outcome["result"])
        self.assertIn("just been imported by another user", str(outcome["result"]))
        self.assertEqual(self._stock(env_a), 14)

    def _waits_for_lock(self, env, outcome):
        """Poll until the second transaction waits on the first one's lock."""
        with self.registry.cursor() as cr:
            for _i in range(300):
                if outcome.get("result"):
                    return False
                if outcome.get("pid"):
                    cr.execute(
                        SQL(
                            "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                            outcome["pid"],
                        )
                    )
                    if (cr.fetchone() or [None])[0] == "Lock":
                        return True
                time.sleep(0.1)
        return False

    def _cleanup(self):
        if not self.created:
            return
        with self.registry.cursor() as cr:
            data = self.created
            cr.execute(
                SQL(
                    "SELECT picking_id FROM bocp_stock_import WHERE id = ANY(%s) AND picking_id IS NOT NULL",
                    data["imports"],
                )
            )
            pickings = [r[0] for r in cr.fetchall()]
            products = data["products"]
            for query in (
                SQL(
                    "DELETE FROM stock_valuation_layer WHERE product_id = ANY(%s)",
                    products,
                ),
                SQL("DELETE FROM stock_move_line WHERE product_id = ANY(%s)", products),
                SQL("DELETE FROM stock_move WHERE product_id = ANY(%s)", products),
                SQL("DELETE FROM stock_quant WHERE product_id = ANY(%s)", products),
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = 'stock.picking' AND res_id = ANY(%s)",
                    pickings,
                ),
                SQL(
                    "DELETE FROM mail_message WHERE model = 'stock.picking' AND res_id = ANY(%s)",
                    pickings,
                ),
                SQL("DELETE FROM stock_picking WHERE id = ANY(%s)", pickings),
                SQL(
                    "DELETE FROM mail_followers WHERE res_model = 'bocp.stock.import' AND res_id = ANY(%s)",
                    data["imports"],
                ),
                SQL(
                    "DELETE FROM mail_message WHERE model = 'bocp.stock.import' AND res_id = ANY(%s)",
                    data["imports"],
                ),
                SQL(
                    "DELETE FROM bocp_stock_import WHERE id = ANY(%s)", data["imports"]
                ),
                SQL("DELETE FROM product_product WHERE id = ANY(%s)", products),
                SQL(
                    "DELETE FROM product_template WHERE id = ANY(%s)", data["templates"]
                ),
                SQL("DELETE FROM stock_location WHERE id = %s", data["location"]),
                SQL("DELETE FROM product_category WHERE id = %s", data["categ"]),
            ):
                cr.execute(query)
