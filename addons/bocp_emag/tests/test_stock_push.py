"""The stock sent to eMAG never gives back units eMAG's orders already took."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import EmagSimCase


@tagged("post_install", "-at_install")
class TestStockPush(EmagSimCase):
    def setUp(self):
        super().setUp()
        self.account.create_missing_products = True
        self.env["bocp.emag.offer"]._sync_from_emag(
            self.account, self.account._get_client()
        )
        self.offer = self.env["bocp.emag.offer"].search(
            [("account_id", "=", self.account.id), ("emag_id", "=", 1001)]
        )
        self.product = self.offer.product_id
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, 10
        )

    def _push(self):
        Offer = self.env["bocp.emag.offer"]
        return Offer._push_account(self.account, self.account._get_client())

    def _sent_items(self):
        payload = self.sim.requests_for("offer/save")[-1].payload
        items = payload["data"] if isinstance(payload, dict) else payload
        return {item["id"]: item for item in items}

    def _order_of_three(self):
        line = {
            "id": 97000001,
            "product_id": "1001",
            "name": "Espressor",
            "part_number": self.offer.part_number,
            "sale_price": "678.5124",
            "vat": "0.2100",
            "quantity": 3,
        }
        [oid] = self.sim.seed_orders(
            [{"products": [line], "customer": {"name": "Ana"}}]
        )
        self.import_all()
        return self.emag_order(oid)

    def test_acknowledged_order_keeps_its_units_off_the_offer(self):
        """10 on hand, an acknowledged eMAG order of 3 not delivered yet (its
        sale is still a quotation): 10 - 3 = 7 sent, as eMAG has it."""
        self._push()
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 10)
        order = self._order_of_three()
        self.assertTrue(order.acknowledged)
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 7)
        self._push()
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 7)
        self.assertEqual(self.offer.pushed_stock, 7)
        # confirmed and reserved: still 7 (the reservation is out of free stock)
        order.sale_order_id.action_confirm()
        self.assertEqual(
            sum(order.sale_order_id.picking_ids.move_ids.mapped("quantity")), 3
        )
        saves = len(self.sim.requests_for("offer/save"))
        self._push()
        self.assertEqual(len(self.sim.requests_for("offer/save")), saves)
        # canceled on eMAG: eMAG gives the 3 back, so does the next push
        self.sim.cancel_order(order.emag_id, reason=2)
        self.import_all()
        self.assertEqual(order.sale_order_id.state, "cancel")
        self._push()
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 10)

    def test_unchanged_stock_is_not_sent_again_each_week(self):
        """DOC449: send the offer at least weekly; the weekly resend carries the
        price, not a stock that eMAG may have moved meanwhile."""
        self._push()
        self.offer.pushed_at = fields.Datetime.now() - timedelta(days=8)
        self._push()
        item = self._sent_items()[1001]
        self.assertIn("sale_price", item)
        self.assertNotIn("stock", item)
