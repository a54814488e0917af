from odoo import Command
from odoo.tests import TransactionCase


class WorkpointCase(TransactionCase):
    """Two work points of one company, stock in both, a carrier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.wh1 = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.wh2 = cls.env["stock.warehouse"].create(
            {"name": "Punct de lucru Cluj", "code": "CLJ", "company_id": cls.company.id}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Client Ramburs SRL"})
        cls.mouse = cls._storable("Mouse optic")
        cls.cable = cls._storable("Cablu USB")
        cls.stock(cls.mouse, cls.wh1, 5)
        cls.stock(cls.mouse, cls.wh2, 3)
        cls.stock(cls.cable, cls.wh1, 10)
        cls.stock(cls.cable, cls.wh2, 10)
        shipping = cls.env["product.product"].create(
            {"name": "Livrare curier", "type": "service", "list_price": 15.0}
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Curier rapid",
                "product_id": shipping.id,
                "delivery_type": "fixed",
                "fixed_price": 15.0,
            }
        )

    @classmethod
    def _storable(cls, name, **values):
        return cls.env["product.product"].create(
            dict(
                {"name": name, "type": "consu", "is_storable": True, "list_price": 50},
                **values,
            )
        )

    @classmethod
    def stock(cls, product, warehouse, qty):
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, qty
        )

    def order(self, lines, warehouse=None, confirm=False, carrier=True):
        """A sale order of ``lines`` [(product, qty)] from ``warehouse``."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "warehouse_id": (warehouse or self.wh1).id,
                "carrier_id": self.carrier.id if carrier else False,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def qty(self, product, warehouse, field="qty_available"):
        self.env.invalidate_all()
        return product.with_context(warehouse_id=warehouse.id)[field]

    def free(self, product, warehouse):
        return self.qty(product, warehouse, "free_qty")

    def open_pickings(self, order):
        return order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
