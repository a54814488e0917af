import base64

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

HEADER = (
    "Cod produs",
    "Denumire",
    "Cod de bare",
    "UM",
    "Cantitate",
    "Preț unitar (cost, fără TVA)",
    "Preț vânzare",
    "Cotă TVA",
    "Lot/Serie",
    "Urmărire",
)

# Valid EAN-13 barcodes (Romanian GS1 prefix 594) used by the tests
EAN_EXISTING = "5940000000011"
EAN_NEW_1 = "5949990000018"
EAN_NEW_2 = "5949990000025"
EAN_NEW_3 = "5949990000032"
EAN_BAD = "5949990000014"  # wrong check digit


def tsv(rows, header=HEADER, eol="\r\n"):
    """Text as a spreadsheet puts it on the clipboard (tabs, CRLF)."""
    lines = ["\t".join(header)] + ["\t".join(str(c) for c in row) for row in rows]
    return eol.join(lines) + eol


class StockImportCase(TransactionCase):
    """Own company data: warehouse, sub-location, categories, taxes, products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="si_manager",
            groups="stock.group_stock_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Magazie Test", "code": "MGT", "company_id": cls.company.id}
        )
        cls.sublocation = cls.env["stock.location"].create(
            {
                "name": "Raft A",
                "usage": "internal",
                "location_id": cls.warehouse.lot_stock_id.id,
            }
        )
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.kg = cls.env.ref("uom.product_uom_kgm")
        cls._setup_categories()
        cls._setup_taxes()
        cls._setup_products()

    @classmethod
    def _setup_categories(cls):
        Category = cls.env["product.category"]
        cls.categ_fifo = Category.create(
            {
                "name": "SI FIFO manual",
                "property_cost_method": "fifo",
                "property_valuation": "manual_periodic",
            }
        )
        cls.categ_standard = Category.create(
            {
                "name": "SI Standard manual",
                "property_cost_method": "standard",
                "property_valuation": "manual_periodic",
            }
        )
        Account = cls.env["account.account"]
        cls.account_valuation = Account.create(
            {"name": "SI Stock", "code": "SI371", "account_type": "asset_current"}
        )
        cls.account_input = Account.create(
            {"name": "SI Opening", "code": "SI408", "account_type": "liability_current"}
        )
        cls.account_output = Account.create(
            {"name": "SI Output", "code": "SI607", "account_type": "expense"}
        )
        cls.stock_journal = cls.env["account.journal"].create(
            {"name": "SI Stock Journal", "code": "SISTK", "type": "general"}
        )
        cls.categ_realtime = Category.create(
            {
                "name": "SI AVCO real time",
                "property_cost_method": "average",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": cls.account_valuation.id,
                "property_stock_account_input_categ_id": cls.account_input.id,
                "property_stock_account_output_categ_id": cls.account_output.id,
                "property_stock_journal": cls.stock_journal.id,
            }
        )

    @classmethod
    def _setup_taxes(cls):
        Tax = cls.env["account.tax"]
        cls.tax_sale_75 = Tax.create(
            {
                "name": "SI TVA 7,5%",
                "amount": 7.5,
                "type_tax_use": "sale",
                "sequence": 1,
            }
        )
        cls.tax_purchase_75 = Tax.create(
            {
                "name": "SI TVA 7,5% achiziții",
                "amount": 7.5,
                "type_tax_use": "purchase",
                "sequence": 1,
            }
        )

        # the sample tables use the Romanian rates; a chart may lack them
        for rate in (19.0, 9.0):
            if not Tax.search_count(
                [
                    ("amount", "=", rate),
                    ("type_tax_use", "=", "sale"),
                    ("amount_type", "=", "percent"),
                    ("company_id", "=", cls.company.id),
                ]
            ):
                Tax.create(
                    {"name": f"SI TVA {rate:g}%", "amount": rate, "sequence": 99}
                )

    @classmethod
    def _setup_products(cls):
        Product = cls.env["product.product"]
        base = {"type": "consu", "is_storable": True, "categ_id": cls.categ_fifo.id}
        cls.product_existing = Product.create(
            dict(base, name="Surub M8", default_code="EX-001", barcode=EAN_EXISTING)
        )
        cls.product_lot = Product.create(
            dict(base, name="Vopsea alba", default_code="EX-LOT", tracking="lot")
        )
        cls.product_serial = Product.create(
            dict(base, name="Imprimanta laser", default_code="EX-SN", tracking="serial")
        )
        cls.product_consumable = Product.create(
            {"name": "Servetele", "default_code": "EX-CONS", "type": "consu"}
        )
        cls.product_zero = Product.create(
            dict(base, name="Piulita", default_code="00123")
        )
        cls.product_dup_a = Product.create(
            dict(base, name="Dublura A", default_code="DUP-01")
        )
        cls.product_dup_b = Product.create(
            dict(base, name="Dublura B", default_code="DUP-01")
        )
        cls.product_kg = Product.create(
            dict(
                base,
                name="Cuie",
                default_code="EX-KG",
                uom_id=cls.kg.id,
                uom_po_id=cls.kg.id,
            )
        )

    # ------------------------------------------------------------------
    def standard_cost_product(self):
        """EX-STD, valued at a standard cost of 10, nothing in stock."""
        return self.env["product.product"].create(
            {
                "name": "Cablu standard",
                "default_code": "EX-STD",
                "is_storable": True,
                "categ_id": self.categ_standard.id,
                "standard_price": 10,
            }
        )

    def new_import(self, rows=None, text=None, user=None, **vals):
        values = {
            "warehouse_id": self.warehouse.id,
            "location_id": self.sublocation.id,
            "categ_id": self.categ_fifo.id,
            "number_format": "ro",
            "create_products": True,
            "paste_data": text if text is not None else tsv(rows or []),
        }
        values.update(vals)
        env = self.env(user=user or self.manager)
        return env["bocp.stock.import"].create(values)

    def file_import(self, data, filename, **vals):
        return self.new_import(
            text="", data_file=base64.b64encode(data), data_filename=filename, **vals
        )

    def checked(self, rows, **vals):
        stock_import = self.new_import(rows, **vals)
        stock_import.action_check()
        return stock_import

    @staticmethod
    def line(stock_import, sequence):
        return stock_import.line_ids.filtered(lambda line: line.sequence == sequence)

    def assert_error(self, stock_import, sequence, fragment):
        line = self.line(stock_import, sequence)
        self.assertEqual(line.status, "error", line.message)
        self.assertIn(fragment, line.message or "")
        self.assertEqual(stock_import.state, "draft")
