from odoo import Command
from odoo.tests import TransactionCase, new_test_user

FAN_TRACKING_URL = (
    "https://www.fancourier.ro/awb-tracking/?tracking=<shipmenttrackingnumber>"
)


class WebshopCommon(TransactionCase):
    """A shop with two work points, two couriers (one taking cash on delivery,
    with a tracking link), cash on delivery, wire transfer and a card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages checked in English, whatever the database's language
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, lang="en_US")
        )
        cls.company = cls.env.company
        cls.ro = cls.env.ref("base.ro")
        cls.website = cls.env["website"].create(
            {"name": "Magazin Test", "company_id": cls.company.id}
        )
        cls.wh1 = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.wh2 = cls.env["stock.warehouse"].create(
            {
                "name": "Punct de lucru test",
                "code": "TWP2",
                "company_id": cls.company.id,
            }
        )
        cls.website.warehouse_id = cls.wh1
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "TVA 21% test",
                "amount": 21,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.product = cls._storable("Cartuș toner", 100.0, {cls.wh1: 5, cls.wh2: 3})
        cls.product2 = cls._storable("Hârtie A4", 20.0, {cls.wh1: 50, cls.wh2: 50})
        cls.cod_carrier = cls._carrier(
            "FAN Courier", 20.0, cod=True, url=FAN_TRACKING_URL
        )
        cls.other_carrier = cls._carrier("Curier rapid", 30.0, cod=False)
        cls.cod_provider = cls.env.ref(
            "bocp_webshop_orders.payment_provider_cash_on_delivery"
        )
        cls.cod_provider.write({"state": "enabled", "is_published": True})
        cls.wire_provider = cls.env.ref("payment.payment_provider_transfer")
        cls.wire_provider.write(
            {"state": "enabled", "is_published": True, "company_id": cls.company.id}
        )
        cls.card_provider = cls.env.ref("payment.payment_provider_demo")
        cls.card_provider.write({"state": "test", "is_published": True})
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Magazin RON", "currency_id": cls.company.currency_id.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ion Popescu",
                "lang": "en_US",
                "email": "ion.popescu@example.ro",
                "street": "Str. Memorandumului 10",
                "city": "Cluj-Napoca",
                "zip": "400114",
                "state_id": cls.env.ref("base.RO_CJ").id,
                "country_id": cls.ro.id,
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="vanzator",
            groups="sales_team.group_sale_salesman",
            name="Vânzător fără stoc",
        )
        cls.shipper = new_test_user(
            cls.env,
            login="expeditor",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
            name="Vânzător cu stoc",
        )

    @classmethod
    def _storable(cls, name, price, stock):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "list_price": price,
                "taxes_id": [Command.set(cls.tax.ids)],
                "invoice_policy": "order",
            }
        )
        for warehouse, qty in stock.items():
            cls.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, qty
            )
        return product

    @classmethod
    def _carrier(cls, name, price, cod, url=False):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": price,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        return cls.env["delivery.carrier"].create(
            {
                "name": name,
                "delivery_type": "fixed",
                "fixed_price": price,
                "product_id": product.id,
                "allow_cash_on_delivery": cod,
                "tracking_url": url,
                "is_published": True,
                "website_id": cls.website.id,
            }
        )

    def _shop_order(self, carrier=None, qty=2, partner=None, product=None):
        """A cart of the test website, as the checkout leaves it before payment."""
        partner = partner or self.customer
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "website_id": self.website.id,
                "pricelist_id": self.pricelist.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or self.product).id,
                            "product_uom_qty": qty,
                        }
                    )
                ],
            }
        )
        if carrier:
            order._set_delivery_method(carrier)
        return order

    def _pay(self, order, provider, state="pending"):
        """The payment step of the checkout: a transaction, its notification, its
        post-processing (what /payment/status does)."""
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": self.env["payment.transaction"]._compute_reference(
                    provider.code, prefix=order.name
                ),
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(order.ids)],
            }
        )
        {
            "pending": tx._set_pending,
            "done": tx._set_done,
            "authorized": tx._set_authorized,
        }[state]()
        tx._post_process()
        return tx

    def _cod_order(self, **kwargs):
        order = self._shop_order(carrier=self.cod_carrier, **kwargs)
        self._pay(order, self.cod_provider)
        return order

    def _flush_tracking(self):
        """Tracking (and the status e-mails) is finalised before commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _customer_mails(self, order, partner=None):
        partner = partner or order.partner_id
        return self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    def _status_mails(self, order):
        subtype = self.env.ref("bocp_webshop_orders.mt_status_mail")
        return self._customer_mails(order).filtered(
            lambda m: m.mail_message_id.subtype_id == subtype
        )
