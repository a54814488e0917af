"""The two routes of bench_stock_import.py on one database.

* BOCP: paste the table into a bocp.stock.import, check it, confirm it.
* Odoo: base_import loads the new products (batches of 2000 rows, as the
  import screen does), base_import loads the quantities as stock.quant in
  inventory mode, then "Apply" validates them.

Every route runs in a transaction that is rolled back, so both start from the
same database: N/2 existing storable products, nothing in stock.
"""

from _common import Measure

import odoo
from odoo.tools import SQL

BATCH = 2000


def ean13(number):
    body = f"594{number:09d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


class StockTable:
    """N rows: half existing products (by code), half new ones."""

    def __init__(self, rows, vat_rate):
        self.rows = []
        for index in range(rows):
            existing = index % 2 == 0
            prefix = "BX" if existing else "BN"
            self.rows.append(
                {
                    "code": f"{prefix}-{index:06d}",
                    "name": f"Produs bench {index:06d}",
                    "barcode": ean13(index),
                    "qty": 1 + index % 37,
                    "cost": round(1 + (index % 997) / 7, 2),
                    "price": round(2 + (index % 997) / 5, 2),
                    "existing": existing,
                }
            )
        self.vat_rate = vat_rate

    @property
    def total_value(self):
        return round(sum(round(r["qty"] * r["cost"], 2) for r in self.rows), 2)

    def pasted_text(self):
        header = "Product code\tName\tBarcode\tUoM\tQuantity\tUnit cost\tSale price\tVAT rate"
        lines = [header] + [
            f"{r['code']}\t{r['name']}\t{r['barcode']}\tUnits\t{r['qty']}\t"
            f"{r['cost']:.2f}\t{r['price']:.2f}\t{self.vat_rate:g}"
            for r in self.rows
        ]
        return "\r\n".join(lines) + "\r\n"

    def products_csv(self, tax_name):
        lines = [
            "name,default_code,barcode,type,is_storable,uom_id,standard_price,list_price,taxes_id"
        ]
        lines += [
            f"{r['name']},{r['code']},{r['barcode']},Goods,True,Units,{r['cost']:.2f},"
            f"{r['price']:.2f},{tax_name}"
            for r in self.rows
            if not r["existing"]
        ]
        return "\n".join(lines) + "\n"

    def quants_csv(self, location_name):
        lines = ["product_id,location_id,inventory_quantity"]
        lines += [f"{r['code']},{location_name},{r['qty']}" for r in self.rows]
        return "\n".join(lines) + "\n"


def prepare_database(registry, rows):
    """Existing products (cost = the table's cost) and the table; committed."""
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        tax = company.account_sale_tax_id
        table = StockTable(rows, tax.amount)
        env["product.product"].create(
            [
                {
                    "name": r["name"],
                    "default_code": r["code"],
                    "barcode": r["barcode"],
                    "type": "consu",
                    "is_storable": True,
                    "standard_price": r["cost"],
                    "list_price": r["price"],
                }
                for r in table.rows
                if r["existing"]
            ]
        )
        env["res.users"].browse(odoo.SUPERUSER_ID).lang = "en_US"
    return table


def _env(cr):
    # the import runs as the administrator, as a user would
    uid = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("base.user_admin").id
    return odoo.api.Environment(cr, uid, {"lang": "en_US"})


def run_bocp(registry, table):
    with registry.cursor() as cr:
        env = _env(cr)
        try:
            stock_import = env["bocp.stock.import"].create(
                {
                    "create_products": True,
                    "number_format": "en",
                    "paste_data": table.pasted_text(),
                }
            )
            env.flush_all()
            with Measure() as check:
                stock_import.action_check()
                env.flush_all()
            assert stock_import.state == "checked", stock_import.line_ids.filtered(
                lambda line: line.status == "error"
            )[:3].mapped("message")
            with Measure() as confirm:
                stock_import.action_confirm()
                env.flush_all()
            layers = stock_import.picking_id.move_ids.stock_valuation_layer_ids
            value = round(sum(layers.mapped("value")), 2)
            assert stock_import.state == "done"
            assert abs(value - table.total_value) < 0.005, (value, table.total_value)
            stocked = _stock_quantity(env)
        finally:
            cr.rollback()
    return {"check": check, "confirm": confirm, "value": value, "stock": stocked}


def run_odoo(registry, table):
    with registry.cursor() as cr:
        env = _env(cr)
        try:
            tax = env.company.account_sale_tax_id
            location = env["stock.warehouse"].search([], limit=1).lot_stock_id
            env.flush_all()
            with Measure() as products:
                _base_import(env, "product.template", table.products_csv(tax.name))
                env.flush_all()
            with Measure() as quants:
                created = _base_import(
                    env, "stock.quant", table.quants_csv(location.display_name)
                )
                env.flush_all()
            with Measure() as apply:
                env["stock.quant"].browse(created).action_apply_inventory()
                env.flush_all()
            stocked = _stock_quantity(env)
            value = round(
                sum(env["stock.valuation.layer"].search([]).mapped("value")), 2
            )
        finally:
            cr.rollback()
    return {
        "products": products,
        "quants": quants,
        "apply": apply,
        "stock": stocked,
        "value": value,
    }


def _base_import(env, model, text):
    """What the import screen does: one execute_import call per 2000 rows."""
    header = text.split("\n", 1)[0].split(",")
    wizard = env["base_import.import"].create(
        {"res_model": model, "file": text.encode(), "file_type": "text/csv"}
    )
    options = {
        "has_headers": True,
        "separator": ",",
        "quoting": '"',
        "encoding": "utf-8",
        "float_thousand_separator": "",
        "float_decimal_separator": ".",
    }
    ids, skip = [], 0
    rows = text.count("\n") - 1
    while skip < rows:
        result = wizard.execute_import(
            header, header, dict(options, limit=BATCH, skip=skip)
        )
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        assert not errors, errors[:3]
        ids += result["ids"]
        skip += BATCH
    return ids


def _stock_quantity(env):
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT COALESCE(SUM(q.quantity), 0) FROM stock_quant q "
            "JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal'"
        )
    )
    return env.cr.fetchone()[0]
