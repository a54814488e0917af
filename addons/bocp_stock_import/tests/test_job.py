"""Large imports checked and confirmed in the background, batch by batch."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.bocp_job.tests.common import run_jobs

from ..models import bocp_stock_import_job as job_module
from ..models.bocp_stock_import_receipt import ReceiptBuilder
from .common import EAN_NEW_1, EAN_NEW_2, StockImportCase
from .test_check import row


class TestImportJob(StockImportCase):
    """Thresholds lowered to a few rows and batches of two rows: a table of
    seven rows is confirmed in 1 + 2 + 4 + 4 + 1 batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"]
        ICP.set_param("bocp_job.threshold.stock_import_check", "5")
        ICP.set_param("bocp_job.threshold.stock_import_confirm", "5")
        cls.rows = [
            row("EX-001", "", "", "", "10", "2,50"),
            row("NEW-1", "Hârtie A4", EAN_NEW_1, "buc", "250", "17,50", "24,90", "19"),
            row("NEW-2", "Toner", EAN_NEW_2, "buc", "3", "120", "199", "19"),
            row("EX-LOT", "", "", "", "4", "30", lot="L-1"),
            row("EX-LOT", "", "", "", "6", "31", lot="L-2"),
            row("NEW-3", "Plic", "", "buc", "1000", "0,12", "", "", "LP-1", "lot"),
            row("NEW-3", "Plic", "", "buc", "500", "0,12", "", "", "LP-2", "lot"),
        ]

    def setUp(self):
        super().setUp()
        patcher = patch.object(job_module, "BATCH_ROWS", 2)
        patcher.start()
        self.addCleanup(patcher.stop)

    def checked_import(self):
        stock_import = self.new_import(self.rows)
        stock_import.action_check()
        run_jobs(self.env)
        self.assertEqual(stock_import.state, "checked")
        return stock_import

    def receipt(self, stock_import):
        """What the receipt brought in, by product code (ids differ)."""
        picking = stock_import.picking_id
        moves = sorted(
            (
                move.product_id.default_code,
                move.quantity,
                move.price_unit,
                tuple(sorted(move.move_line_ids.lot_id.mapped("name"))),
                move.state,
                round(sum(move.stock_valuation_layer_ids.mapped("value")), 2),
            )
            for move in picking.move_ids
        )
        products = sorted(
            (p.default_code, p.name, p.tracking, p.standard_price)
            for p in stock_import.line_ids.filtered("product_created").product_id
        )
        return picking.state, moves, products

    def direct_receipt(self):
        """The same table confirmed at once (threshold up), then undone."""
        self.env["ir.config_parameter"].set_param(
            "bocp_job.threshold.stock_import_confirm", "100"
        )
        savepoint = self.env.cr.savepoint()
        stock_import = self.checked_import()
        stock_import.action_confirm()
        self.assertEqual(stock_import.state, "done")
        result = self.receipt(stock_import)
        savepoint.close(rollback=True)  # the direct run is undone
        self.env.invalidate_all()
        self.env["ir.config_parameter"].set_param(
            "bocp_job.threshold.stock_import_confirm", "5"
        )
        return result

    def test_check_in_background(self):
        stock_import = self.new_import(self.rows)
        action = stock_import.action_check()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(stock_import.state, "draft")
        self.assertFalse(stock_import.line_ids, "nothing read in the click")
        self.assertEqual(stock_import.bocp_job_id.state, "queued")
        run_jobs(self.env)
        self.assertEqual(stock_import.bocp_job_id.state, "done")
        self.assertEqual((stock_import.state, stock_import.line_count), ("checked", 7))

    def test_queued_confirmation_receives_what_the_direct_one_does(self):
        expected = self.direct_receipt()
        stock_import = self.checked_import()
        stock_import.action_confirm()
        job = stock_import.bocp_job_id
        self.assertEqual(stock_import.state, "confirming", "the click only queues")
        self.assertFalse(stock_import.picking_id)
        self.assertEqual((job.state, job.batch_count), ("queued", 1 + 2 + 4 + 4 + 1))
        with self.assertRaises(UserError):
            stock_import.action_confirm()  # a second click
        with self.assertRaises(UserError):
            stock_import.write({"paste_data": "changed"})
        reported = run_jobs(self.env)
        self.assertEqual(reported[:2], [(1, 11), (1, 10)], "progress reported")
        self.assertEqual(job.state, "done")
        self.assertEqual((job.item_done, job.item_count), (7, 7))
        self.assertEqual(stock_import.state, "done")
        self.assertEqual(self.receipt(stock_import), expected)
        self.assertEqual(expected[0], "done")

    def test_interrupted_batch_leaves_no_partial_receipt(self):
        expected = self.direct_receipt()
        stock_import = self.checked_import()
        stock_import.action_confirm()
        job = stock_import.bocp_job_id
        original = ReceiptBuilder._validate_moves
        calls = []

        def fail_second(builder, moves):
            calls.append(moves)
            original(builder, moves)  # the work is done, then the batch breaks
            if len(calls) == 2:
                raise UserError(builder.env._("injected failure"))

        with patch.object(ReceiptBuilder, "_validate_moves", fail_second):
            run_jobs(self.env)
        self.assertEqual(job.state, "failed")
        self.assertIn("injected failure", job.error)
        self.assertEqual(stock_import.state, "confirming", "not shown as done")
        picking = stock_import.picking_id
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(
            set(calls[1].mapped("state")), {"draft"}, "the failed batch undone"
        )
        self.assertEqual(len(picking.move_ids.filtered(lambda m: m.state == "done")), 2)
        stock_import.action_bocp_job_retry()
        run_jobs(self.env)
        self.assertEqual((job.state, stock_import.state), ("done", "done"))
        self.assertEqual(self.receipt(stock_import), expected)

    def test_new_errors_stop_the_confirmation(self):
        stock_import = self.checked_import()
        stock_import.action_confirm()
        self.product_existing.active = False  # row 2 now names no product
        run_jobs(self.env)
        self.assertEqual(stock_import.bocp_job_id.state, "failed")
        self.assertEqual(stock_import.state, "draft")
        self.assertFalse(stock_import.picking_id)
        self.assertTrue(stock_import.bocp_job_id.error)

    def test_user_without_rights_cannot_queue(self):
        stock_import = self.checked_import()
        clerk = new_test_user(self.env, "si_clerk", groups="stock.group_stock_user")
        with self.assertRaises(AccessError):
            stock_import.with_user(clerk).action_confirm()
        with self.assertRaises(AccessError):
            stock_import.with_user(clerk).action_check()
        self.assertEqual(stock_import.state, "checked")
        self.assertFalse(self.env["bocp.job"].search([("key", "like", "confirm")]))
