import psycopg2

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common import StockImportCase, tsv
from .test_check import row

ROWS = [row("EX-001", qty="10", cost="2"), row("EX-KG", qty="1,5", cost="4")]


class TestDoubleImportGuard(StockImportCase):
    """The same document or the same table never brings the stock twice."""

    def test_same_table_twice_is_refused_naming_the_first_import(self):
        first = self.checked(ROWS)
        first.action_confirm()
        # same rows in another order, pasted again a week later
        second = self.checked(list(reversed(ROWS)))
        self.assertEqual(second.state, "draft")
        self.assertIn(first.name, second.check_message)
        self.assertIn("already imported", second.check_message)
        with self.assertRaisesRegex(UserError, "correct every error"):
            second.action_confirm()
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product_existing.id),
                ("location_id", "=", self.sublocation.id),
            ]
        )
        self.assertEqual(quant.quantity, 10)

    def test_a_different_table_is_accepted(self):
        self.checked(ROWS).action_confirm()
        other = self.checked([row("EX-001", qty="11", cost="2"), ROWS[1]])
        self.assertEqual(other.state, "checked")
        self.assertFalse(other.check_message)

    def test_confirming_twice_is_refused(self):
        stock_import = self.checked(ROWS)
        stock_import.action_confirm()
        with self.assertRaisesRegex(UserError, "already confirmed"):
            stock_import.action_confirm()
        self.assertEqual(len(stock_import.picking_id), 1)

    def test_database_refuses_two_done_imports_of_one_table(self):
        first = self.checked(ROWS)
        second = self.new_import(text=tsv(ROWS))
        first.action_confirm()
        second.write({"fingerprint": first.fingerprint})
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            second.write({"state": "done"})
            second.flush_recordset()
