from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from odoo.addons.stock.models.stock_move import StockMove as OdooStockMove

from ..models import bocp_stock_import_receipt as receipt_module
from ..models.bocp_stock_import_receipt import ReceiptBuilder
from .common import EAN_NEW_1, EAN_NEW_2, EAN_NEW_3, StockImportCase
from .test_check import row


class TestConfirm(StockImportCase):
    """Products, one validated receipt at the table's costs, all or nothing."""

    def confirm(self, stock_import):
        self.assertEqual(
            stock_import.state, "checked", stock_import.line_ids.mapped("message")
        )
        stock_import.action_confirm()
        self.assertEqual(stock_import.state, "done")
        return stock_import.picking_id

    def confirm_fails(self, stock_import, exception):
        """Confirm must fail and undo its own work. No assertRaises here: it
        would roll back to a savepoint of its own and hide a missing one."""
        try:
            stock_import.action_confirm()
        except exception:
            return
        self.fail("The confirmation did not fail.")

    def layers(self, picking):
        return picking.move_ids.stock_valuation_layer_ids

    def quants(self, products):
        return self.env["stock.quant"].search(
            [
                ("product_id", "in", products.ids),
                ("location_id", "=", self.sublocation.id),
            ]
        )

    def test_new_products_and_valued_receipt(self):
        stock_import = self.checked(
            [
                row(
                    "NEW-1",
                    "Hârtie A4",
                    EAN_NEW_1,
                    "buc",
                    "250",
                    "17,50",
                    "24,90",
                    "7,5",
                ),
                row("NEW-2", "Cafea boabe", EAN_NEW_2, "kg", "18,5", "64,30", "89,90"),
                row("EX-001", qty="1.000", cost="0,33"),
            ]
        )
        picking = self.confirm(stock_import)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(picking.location_dest_id, self.sublocation)
        self.assertEqual(picking.origin, stock_import.name)
        self.assertEqual(len(picking.move_ids), 3)
        paper = self.line(stock_import, 2).product_id
        self.assertRecordValues(
            paper,
            [
                {
                    "name": "Hârtie A4",
                    "default_code": "NEW-1",
                    "barcode": EAN_NEW_1,
                    "is_storable": True,
                    "type": "consu",
                    "categ_id": self.categ_fifo.id,
                    "uom_id": self.unit.id,
                    "standard_price": 17.5,
                    "list_price": 24.9,
                    "tracking": "none",
                }
            ],
        )
        self.assertEqual(paper.taxes_id, self.tax_sale_75)
        self.assertEqual(paper.supplier_taxes_id, self.tax_purchase_75)
        coffee = self.line(stock_import, 3).product_id
        self.assertEqual(coffee.uom_id, self.kg)
        self.assertTrue(self.line(stock_import, 3).product_created)
        self.assertFalse(self.line(stock_import, 4).product_created)
        for move in picking.move_ids:
            line = move.bocp_stock_import_line_id
            self.assertEqual(move.price_unit, line.cost)
            self.assertEqual(move.quantity, line.quantity)
        # the stock value equals the table's total, to the ban
        self.assertAlmostEqual(
            sum(self.layers(picking).mapped("value")), stock_import.total_value, 2
        )
        self.assertAlmostEqual(stock_import.total_value, 4375 + 1189.55 + 330, 2)
        quants = self.quants(paper | coffee | self.product_existing)
        self.assertEqual(sorted(quants.mapped("quantity")), [18.5, 250, 1000])
        # the chatter says what was received, and where
        body = stock_import.message_ids[:1].body
        self.assertIn(picking.name, body)
        self.assertIn("3 rows (2 new products)", body)

    def test_standard_cost_category(self):
        product = self.standard_cost_product()
        stock_import = self.checked(
            [
                row("EX-STD", qty="4", cost="12,25"),
                row("NEW-S", "Nou standard", qty="3", cost="7"),
            ],
            categ_id=self.categ_standard.id,
        )
        picking = self.confirm(stock_import)
        self.assertEqual(product.standard_price, 12.25)  # no stock yet: cost aligned
        self.assertEqual(sum(self.layers(picking).mapped("value")), 49 + 21)
        self.assertEqual(stock_import.total_value, 70)

    def test_real_time_valuation_and_accounting_date(self):
        stock_import = self.checked(
            [
                row("NEW-R1", "Vopsea", EAN_NEW_3, "buc", "3", "33,33"),
                row("NEW-R2", "Diluant", "", "buc", "7", "0,07"),
            ],
            categ_id=self.categ_realtime.id,
            accounting_date=date(2026, 1, 1),
        )
        picking = self.confirm(stock_import)
        layers = self.layers(picking)
        self.assertAlmostEqual(sum(layers.mapped("value")), 100.48, 2)
        self.assertAlmostEqual(stock_import.total_value, 100.48, 2)
        entries = layers.account_move_id
        self.assertEqual(len(entries), 2)
        self.assertEqual(set(entries.mapped("date")), {date(2026, 1, 1)})
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        valuation_lines = entries.line_ids.filtered(
            lambda aml: aml.account_id == self.account_valuation
        )
        self.assertAlmostEqual(sum(valuation_lines.mapped("debit")), 100.48, 2)

    def test_lots_and_serials(self):
        stock_import = self.checked(
            [
                row("EX-LOT", qty="5", cost="10", lot="L-2026-01"),
                row("EX-LOT", qty="2", cost="11", lot="L-2026-02"),
                row("EX-SN", qty="2", cost="900", lot="SN-100; SN-101"),
                row("NEW-L", "Adeziv", qty="4", cost="3", lot="A-77"),
            ]
        )
        picking = self.confirm(stock_import)
        lots = picking.move_line_ids.lot_id
        self.assertEqual(
            sorted(lots.mapped("name")),
            ["A-77", "L-2026-01", "L-2026-02", "SN-100", "SN-101"],
        )
        serial_lines = picking.move_line_ids.filtered(
            lambda ml: ml.product_id == self.product_serial
        )
        self.assertEqual(serial_lines.mapped("quantity"), [1, 1])
        new_product = self.line(stock_import, 5).product_id
        self.assertEqual(new_product.tracking, "lot")
        lot_quants = self.quants(self.product_lot)
        self.assertEqual(
            {q.lot_id.name: q.quantity for q in lot_quants},
            {"L-2026-01": 5, "L-2026-02": 2},
        )
        self.assertEqual(sum(self.layers(picking).mapped("value")), 50 + 22 + 1800 + 12)

    def test_confirm_refused_while_errors_remain(self):
        stock_import = self.checked([row("EX-001", qty="0")])
        with self.assertRaisesRegex(UserError, "correct every error"):
            stock_import.action_confirm()
        self.assertFalse(stock_import.picking_id)

    def test_errors_appearing_at_confirm_keep_it_draft(self):
        stock_import = self.checked([row("NEW-Z", "Z", EAN_NEW_1)])
        # meanwhile someone created a product with that barcode and code
        self.env["product.product"].create(
            {"name": "Z", "default_code": "NEW-Z", "barcode": EAN_NEW_1}
        )
        action = stock_import.action_confirm()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(stock_import.state, "draft")
        self.assertFalse(stock_import.picking_id)
        self.assert_error(stock_import, 2, "does not track inventory")

    def test_failure_in_the_middle_leaves_nothing_behind(self):
        stock_import = self.checked(
            [
                row("NEW-F1", "Fail 1", EAN_NEW_1),
                row("NEW-F2", "Fail 2"),
                row("EX-001", qty="3"),
            ]
        )
        pickings_before = self.env["stock.picking"].search_count([])

        def crash(builder, picking):
            builder.env["stock.move"].flush_model()
            self.assertEqual(len(picking.move_ids), 3)
            raise RuntimeError(
                "Simulated crash after products and receipt were created"
            )

        with patch.object(ReceiptBuilder, "_validate", crash):
            self.confirm_fails(stock_import, RuntimeError)
        Product = self.env["product.product"].with_context(active_test=False)
        self.assertFalse(Product.search([("default_code", "in", ["NEW-F1", "NEW-F2"])]))
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings_before)
        self.assertFalse(self.quants(self.product_existing))
        self.assertEqual(stock_import.state, "checked")
        self.assertFalse(stock_import.line_ids.product_id - self.product_existing)
        # and it works once the cause is gone
        picking = self.confirm(stock_import)
        self.assertEqual(len(picking.move_ids), 3)

    def test_failure_inside_odoo_validation_leaves_nothing_behind(self):
        stock_import = self.checked([row("NEW-G", "G"), row("EX-001", qty="3")])
        with (
            patch.object(
                type(self.env["stock.move"]),
                "_action_done",
                side_effect=UserError("Simulated failure while moving stock"),
            ),
            mute_logger("odoo.sql_db"),
        ):
            self.confirm_fails(stock_import, UserError)
        self.assertFalse(
            self.env["product.product"].search([("default_code", "=", "NEW-G")])
        )
        self.assertFalse(
            self.env["stock.move"].search(
                [("bocp_stock_import_line_id", "in", stock_import.line_ids.ids)]
            )
        )
        self.assertEqual(stock_import.state, "checked")

    def test_confirmed_import_is_frozen(self):
        stock_import = self.checked([row("EX-001", qty="2")])
        self.confirm(stock_import)
        with self.assertRaisesRegex(UserError, "already confirmed"):
            stock_import.action_check()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            stock_import.line_ids.quantity_text = "20"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            stock_import.unlink()
        self.assertEqual(self.quants(self.product_existing).quantity, 2)

    def test_new_product_tracked_by_serial_numbers(self):
        stock_import = self.checked(
            [
                row(
                    "NEW-SN",
                    "Imprimanta noua",
                    qty="2",
                    cost="900",
                    lot="A1, A2",
                    tracking="serie",
                ),
                row(
                    "NEW-SN",
                    "Imprimanta noua",
                    qty="1",
                    cost="900",
                    lot="A3",
                    tracking="serie",
                ),
            ]
        )
        picking = self.confirm(stock_import)
        product = self.line(stock_import, 2).product_id
        self.assertEqual(self.line(stock_import, 3).product_id, product)
        self.assertEqual(product.tracking, "serial")
        self.assertEqual(
            sorted(
                picking.move_line_ids.mapped(lambda ml: (ml.lot_id.name, ml.quantity))
            ),
            [("A1", 1), ("A2", 1), ("A3", 1)],
        )
        self.assertEqual(sum(self.layers(picking).mapped("value")), 2700)

    def test_zero_cost_row_is_valued_at_zero(self):
        """Free goods: the row's 0 wins over the product's current cost."""
        self.product_existing.standard_price = 10
        stock_import = self.checked([row("EX-001", qty="3", cost="0")])
        picking = self.confirm(stock_import)
        self.assertEqual(stock_import.total_value, 0)
        self.assertEqual(self.layers(picking).value, 0)

    def test_values_of_the_import_company_when_another_is_selected(self):
        """Cost and cost method are those of the import's company, even when
        the user works in another company first."""
        other = self.env["res.company"].create({"name": "SI Alta Firma SRL"})
        user = new_test_user(
            self.env,
            login="si_two_companies",
            groups="stock.group_stock_manager",
            company_id=other.id,
            company_ids=[Command.set((other | self.company).ids)],
        )
        user = user.with_context(allowed_company_ids=[other.id, self.company.id])
        stock_import = self.new_import(
            [row("NEW-C", "Produs", qty="3", cost="7")],
            user=user,
            categ_id=self.categ_standard.id,
            company_id=self.company.id,
        )
        self.assertEqual(stock_import.env.company, other)
        stock_import.action_check()
        picking = self.confirm(stock_import)
        product = self.line(stock_import, 2).product_id
        self.assertEqual(product.with_company(self.company).standard_price, 7)
        self.assertEqual(self.layers(picking).value, 21)
        self.assertEqual(self.layers(picking).company_id, self.company)

    def waiting_delivery(self, product):
        move = self.env["stock.move"].create(
            {
                "name": "Livrare în așteptare",
                "product_id": product.id,
                "product_uom_qty": 2,
                "product_uom": product.uom_id.id,
                "location_id": self.sublocation.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "picking_type_id": self.warehouse.out_type_id.id,
            }
        )
        move._action_confirm()
        self.assertEqual(move.state, "confirmed")
        return move

    def test_waiting_deliveries_are_reserved_in_batches(self):
        """The receipt reserves the moves waiting for its stock batch by batch
        (PostgreSQL refuses one search ORing ~10,000 conditions)."""
        deliveries = self.waiting_delivery(
            self.product_existing
        ) | self.waiting_delivery(self.product_kg)
        stock_import = self.checked(
            [
                row("EX-KG", qty="2"),
                row("EX-LOT", qty="1", lot="L9"),
                row("EX-001", qty="5"),
            ]
        )
        # what reaches Odoo's own method: one call per batch, none deferred
        original = OdooStockMove._trigger_assign
        searched = []

        def spy(moves):
            searched.append(len(moves))
            return original(moves)

        with (
            patch.object(receipt_module, "RESERVE_BATCH", 2),
            patch.object(OdooStockMove, "_trigger_assign", spy),
        ):
            self.confirm(stock_import)
        self.assertEqual(searched, [2, 1])
        self.assertEqual(set(deliveries.mapped("state")), {"assigned"})

    def test_other_receipts_reserve_as_odoo_does(self):
        """The deferral is the import's only: a receipt validated by hand
        reserves the waiting moves in Odoo's own single step."""
        delivery = self.waiting_delivery(self.product_existing)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.sublocation.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Recepție",
                            "product_id": self.product_existing.id,
                            "product_uom_qty": 5,
                            "product_uom": self.unit.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.sublocation.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = 5
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(delivery.state, "assigned")
