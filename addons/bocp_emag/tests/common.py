import sys
from pathlib import Path

from odoo.tests import Form, TransactionCase

_REPO = Path(__file__).resolve().parents[3]  # addons/bocp_emag/tests/x.py -> <repo>
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from tests.emag_simulator import EmagSimulator  # noqa: E402

USER, PASSWORD = "api@magazin-test.ro", "s3cret-test"


def sample_order(order_id=239110929, **overrides):
    """The reference's synthetic order (emag-api.md §2.7a), with a 21% line."""
    order = {
        "id": order_id,
        "vendor_name": "Shop SRL",
        "type": 3,
        "parent_id": None,
        "date": "2021-12-05 11:19:26",
        "modified": "2021-12-07 10:58:53",
        "payment_mode": "RAMBURS",
        "detailed_payment_method": "RAMBURS",
        "payment_mode_id": 1,
        "delivery_mode": "pickup",
        "observation": None,
        "status": 1,
        "payment_status": 0,
        "customer": {
            "id": 1,
            "mkt_id": 2,
            "name": "Ion Pop",
            "company": "Ion Pop",
            "gender": "",
            "phone_1": "0722000111",
            "phone_2": "",
            "phone_3": "",
            "registration_number": "",
            "code": "",
            "email": "",
            "billing_name": "Ion Pop",
            "billing_phone": "0722000111",
            "billing_country": "RO",
            "billing_suburb": "Ilfov",
            "billing_city": "Corbeanca",
            "billing_locality_id": 41,
            "billing_street": "Str. X 8",
            "billing_postal_code": "",
            "shipping_country": "RO",
            "shipping_suburb": "Ilfov",
            "shipping_city": "Corbeanca",
            "shipping_locality_id": 41,
            "shipping_street": "Str. Y [EasyBox #9194]",
            "shipping_postal_code": "",
            "shipping_contact": "Ion Pop",
            "shipping_phone": "0722000111",
            "bank": "",
            "iban": "",
            "legal_entity": 0,
            "fax": None,
            "is_vat_payer": 0,
            "liable_person": "",
            "created": "2021-12-03 16:09:36",
            "modified": "2021-12-03 16:09:36",
        },
        "products": [
            {
                "id": 87503654,
                "product_id": "4306074",
                "name": "Produs",
                "ext_part_number": "4306074",
                "part_number_key": "DC3ZN7MBM",
                "part_number": "4306074",
                "retained_amount": 0,
                "sale_price": "10.0700",
                "original_price": "10.0700",
                "currency": "RON",
                "mkt_id": 65849550,
                "quantity": 1,
                "vat": "0.1900",
                "status": 1,
                "attachments": [],
                "initial_qty": 1,
                "storno_qty": 0,
                "reversible_vat_charging": 0,
                "product_voucher_split": [],
                "details": [],
                "created": "2021-12-03 16:09:36",
                "modified": "2021-12-07 05:47:11",
            }
        ],
        "shipping_tax": 14.99,
        "shipping_tax_voucher_split": [],
        "vouchers": [],
        "proforms": [],
        "attachments": [],
        "cashed_co": None,
        "cashed_cod": 0,
        "cancellation_request": None,
        "has_editable_products": 1,
        "refunded_amount": "0",
        "is_complete": 1,
        "refund_status": None,
        "maximum_date_for_shipment": "2021-12-07 11:19:27",
        "late_shipment": 0,
        "emag_club": 0,
        "finalization_date": None,
        "details": {
            "locker_id": "dce0b7cf-dc38-11e8-a7d8-001a4a160153",
            "locker_name": "easybox Corbeanca",
            "locker_delivery_eligible": 1,
        },
        "weekend_delivery": 0,
    }
    order.update(overrides)
    return order


class SaleReceiptMixin:
    """Bon vânzare in tests: stock for an eMAG order, the wizard as a user."""

    def give_stock(self, emag_id, qty=50):
        """Stock at the account's work point for the products of an eMAG order:
        the products of its sale once imported, else found or made by part
        number as the import does."""
        order = self.env["bocp.emag.order"].search(
            [("account_id", "=", self.account.id), ("emag_id", "=", emag_id)]
        )
        warehouse = (
            order._sale_receipt_warehouse()
            if order.sale_order_id
            else self.account.warehouse_id
        ) or self.env["stock.warehouse"].search(
            [("company_id", "=", self.account.company_id.id)], limit=1
        )
        if order.sale_order_id:
            products = order.sale_order_id.order_line.product_id
        else:
            Product = self.env["product.product"]
            products = Product
            for line in self.sim.get_order(emag_id)["products"]:
                code = line.get("ext_part_number") or line.get("part_number")
                product = Product.search([("default_code", "=", code)], limit=1)
                products |= product or Product.create(
                    {
                        "name": line["name"],
                        "default_code": code,
                        "type": "consu",
                        "is_storable": True,
                    }
                )
        for product in products.filtered("is_storable"):
            self.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, qty
            )

    def sale_receipt(self, order, user=None):
        """Bon vânzare as a user issues it: the button, then the wizard."""
        order = order.with_user(user) if user else order
        action = order.action_sale_receipt()
        Wizard = self.env[action["res_model"]].with_context(**action["context"])
        return (
            Form(Wizard.with_user(user) if user else Wizard).save().action_take_over()
        )


class EmagCommon(TransactionCase):
    """Company data for eMAG tests: taxes, warehouse, account (no simulator)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.phone = "+40 722 123 456"
        cls.ron = cls.env.ref("base.RON")
        cls.ron.active = True
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "eMAG RON",
                "currency_id": cls.ron.id,
                "company_id": cls.company.id,
            }
        )
        cls.taxes = {}
        for rate in (21, 19, 11, 0):
            cls.taxes[rate] = cls.env["account.tax"].create(
                {
                    "name": f"Test TVA {rate}%",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "sequence": 0,
                    "company_id": cls.company.id,
                }
            )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("bocp_emag.retry_backoff", "0.01")
        params.set_param("bocp_emag.timeout", "10")
        params.set_param("web.base.url", "http://127.0.0.1:8069")
        cls.account = cls.env["bocp.emag.account"].create(
            {
                "name": "Test eMAG",
                "platform": "ro",
                "api_url": "http://127.0.0.1:9/api-3",
                "api_username": USER,
                "api_password": PASSWORD,
                "warehouse_id": cls.warehouse.id,
                "pricelist_id": cls.pricelist.id,
                "company_id": cls.company.id,
            }
        )


class EmagSimCase(SaleReceiptMixin, EmagCommon):
    """eMAG tests against the local simulator (one per test class)."""

    sim_kwargs = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = EmagSimulator(username=USER, password=PASSWORD, **cls.sim_kwargs)
        cls.sim.start()
        cls.addClassCleanup(cls.sim.stop)
        cls.account.api_url = cls.sim.base_url
        # The crons work on every active account: keep the demo account (which
        # talks to a simulator on port 8070, maybe a `make run` one) out of it.
        other_accounts = cls.env["bocp.emag.account"].search(
            [("id", "!=", cls.account.id)]
        )
        other_accounts.active = False

    def setUp(self):
        super().setUp()
        self.sim.reset()  # also restores every setting a test changed

    # helpers
    def import_all(self):
        """What the crons do: poll, then import + acknowledge."""
        Order = self.env["bocp.emag.order"]
        Order._poll_account(self.account)
        Order._cron_import_orders()

    def emag_order(self, emag_id):
        return self.env["bocp.emag.order"].search(
            [("account_id", "=", self.account.id), ("emag_id", "=", emag_id)]
        )


class EmagAwbCase(EmagSimCase):
    """AWB tests: the account's addresses and couriers read from eMAG."""

    def setUp(self):
        super().setUp()
        self.account.action_sync_logistics()

    def _order(self, data):
        """Seed ``data`` on eMAG, import it: (eMAG id, bocp.emag.order)."""
        [oid] = self.sim.seed_orders([data])
        self.import_all()
        return oid, self.emag_order(oid)
