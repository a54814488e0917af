"""The check of a stock table: every row gets a status and a message.

The checker works on plain dicts (the raw cells) so that the same code checks
a freshly parsed table (before its lines exist) and corrected lines. All
database lookups are made once for the whole table, in a few queries, before
the rows are looked at one by one.
"""

import hashlib
from collections import defaultdict

from odoo.tools import SQL, float_compare, float_round

from odoo.addons.bocp_number.tools.messages import error_message
from odoo.addons.bocp_number.tools.number_rule import (
    NumberError,
    check_number,
    parse_number,
)

from ..tools.values import (
    barcode_problem,
    fold,
    is_ascii_digits,
    looks_scientific,
    number_separators,
    split_serials,
    tracking_from_text,
)

# The kind of each number column (ranges: bocp_number's number_rule.KINDS).
NUMBER_KINDS = {
    "quantity_text": "quantity",
    "cost_text": "price",
    "sale_price_text": "price",
    "vat_text": "percent",
}

# Unit names Romanian (and English) users type, mapped to Odoo's units.
UOM_ALIASES = {
    "uom.product_uom_unit": (
        "buc",
        "bucata",
        "bucati",
        "bc",
        "pcs",
        "pc",
        "piece",
        "pieces",
        "unit",
        "units",
        "unitate",
        "unitati",
        "u",
        "ea",
    ),
    "uom.product_uom_kgm": ("kg", "kilogram", "kilograme", "kgs"),
    "uom.product_uom_gram": ("g", "gr", "gram", "grame"),
    "uom.product_uom_ton": ("t", "tona", "tone", "ton", "tonne"),
    "uom.product_uom_litre": ("l", "litru", "litri", "litre", "liter", "lt"),
    # not "ml": metru liniar for some, millilitre for others
    "uom.product_uom_meter": ("m", "metru", "metri", "meter"),
    "uom.uom_square_meter": ("mp", "m2", "metrupatrat", "metripatrati"),
    "uom.product_uom_cubic_meter": ("mc", "m3", "metrucub", "metricubi"),
    "uom.product_uom_dozen": ("duzina", "duzine", "dozen", "dozens", "dz"),
}


class RowChecker:
    def __init__(self, stock_import):
        # cost, cost method and stock value are read for the import's company
        self.doc = stock_import.with_company(stock_import.company_id)
        self.env = self.doc.env
        self._ = stock_import.env._
        self.company = stock_import.company_id
        self.number_format = stock_import.number_format
        self.separators = number_separators(stock_import.number_format)
        self.currency = self.company.currency_id
        precision = self.env["decimal.precision"]
        self.price_digits = precision.precision_get("Product Price")
        self.qty_digits = precision.precision_get("Product Unit of Measure")

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------
    def check(self, rows):
        """Return one result dict per row (same order) with line values."""
        parsed = [self._parse_row(row) for row in rows]
        self._prefetch(parsed)
        for row in parsed:
            self._check_row(row)
        self._check_duplicates(parsed)
        self._check_standard_costs(parsed)
        return [self._result(row) for row in parsed]

    def fingerprint(self, results, rows):
        """A hash of the normalised table: same rows in any order, same hash."""
        keys = sorted(
            "\t".join(
                (
                    row["default_code"],
                    row["name"],
                    row["barcode"],
                    row["uom_name"].lower(),
                    f"{res.get('quantity') or 0.0:.6f}",
                    f"{res.get('cost') or 0.0:.6f}",
                    row["lot_name"],
                )
            )
            for row, res in zip(rows, results, strict=True)
        )
        return hashlib.sha256("\n".join(keys).encode()).hexdigest()

    # ------------------------------------------------------------------
    # Parsing of one row (no database)
    # ------------------------------------------------------------------
    def _parse_row(self, cells):
        row = dict(cells, errors=[], notes=[], product=None, new=False)
        row["default_code"] = row.get("default_code") or ""
        row["barcode"] = (row.get("barcode") or "").replace(" ", "")
        for key in ("name", "uom_name", "lot_name", "tracking_text"):
            row[key] = row.get(key) or ""
        row["quantity"] = self._number(row, "quantity_text")
        row["cost"] = self._number(row, "cost_text")
        row["sale_price"] = self._number(row, "sale_price_text")
        row["vat_rate"] = self._vat_rate(row)
        row["tracking_wanted"] = self._tracking_wanted(row)
        self._check_amounts(row)
        return row

    def _tracking_wanted(self, row):
        """What the tracking cell asks for: 'lot', 'serial', 'none' or None."""
        if not row["tracking_text"]:
            return None
        tracking = tracking_from_text(row["tracking_text"])
        if not tracking:
            row["errors"].append(
                self._(
                    "Unknown tracking '%(value)s': write lot or serial (serie), or "
                    "leave the cell empty.",
                    value=row["tracking_text"],
                )
            )
        return tracking

    def _label(self, key):
        _ = self._
        return {
            "quantity_text": _("Quantity"),
            "cost_text": _("Unit cost"),
            "sale_price_text": _("Sale price"),
            "vat_text": _("VAT rate"),
        }[key]

    def _number(self, row, key):
        """The number of a cell by the shared rule, or False (error noted)."""
        text = row.get(key) or ""
        if not text:
            return None
        try:
            return parse_number(text, NUMBER_KINDS[key], *self.separators)
        except NumberError as error:
            row["errors"].append(
                error_message(
                    self.env,
                    error,
                    self._label(key),
                    row.get("sequence"),
                    self.separators,
                )
            )
            return False

    def _vat_rate(self, row):
        text = (row.get("vat_text") or "").replace("%", "").strip()
        if not text:
            return None
        rate = self._number(dict(row, vat_text=text), "vat_text")
        if rate is False:
            return False
        if 0 < rate < 1:  # 0,19 written for 19 %
            rate *= 100
        return float_round(rate, precision_digits=4)

    def _check_amounts(self, row):
        _ = self._
        if row["quantity"] is None:
            row["errors"].append(_("The quantity is missing."))
        elif row["quantity"] is not False and row["quantity"] <= 0:
            row["errors"].append(_("The quantity must be a positive number."))
        if row["cost"] is None:
            row["errors"].append(_("The unit cost is missing."))
        elif row["cost"]:
            rounded = float_round(row["cost"], precision_digits=self.price_digits)
            if float_compare(rounded, row["cost"], precision_digits=8):
                row["notes"].append(
                    _(
                        "Unit cost rounded to %(digits)s decimals.",
                        digits=self.price_digits,
                    )
                )
            row["cost"] = rounded
        if row["sale_price"]:
            row["sale_price"] = float_round(
                row["sale_price"], precision_digits=self.price_digits
            )
        self._check_value(row)

    def _check_value(self, row):
        """Quantity x cost within the range of an amount (both are in range,
        their product may not be)."""
        if not row["quantity"] or not row["cost"]:
            return
        try:
            check_number(row["quantity"] * row["cost"], "amount")
        except NumberError as error:
            error.text = f"{row['quantity_text']} x {row['cost_text']}"
            row["errors"].append(
                error_message(
                    self.env,
                    error,
                    self._("Stock value"),
                    row.get("sequence"),
                    self.separators,
                )
            )

    # ------------------------------------------------------------------
    # Database lookups, once per table
    # ------------------------------------------------------------------
    def _prefetch(self, rows):
        Product = self.env["product.product"].with_context(lang=self.env.lang)
        company_domain = [("company_id", "in", [False, self.company.id])]
        codes = {r["default_code"] for r in rows if r["default_code"]}
        barcodes = {r["barcode"] for r in rows if r["barcode"]}
        names = {r["name"] for r in rows if r["name"]}
        # a GTIN that lost its leading zero may still be in the database
        barcodes |= {
            "0" + b for b in barcodes if is_ascii_digits(b) and len(b) in (7, 11, 12)
        }
        by_barcode = Product.with_context(active_test=False).search(
            [("barcode", "in", list(barcodes))] + company_domain
        )
        by_code = Product.search([("default_code", "in", list(codes))] + company_domain)
        by_name = Product.search([("name", "in", list(names))] + company_domain)
        self.products = {
            "barcode": self._index(by_barcode, "barcode"),
            "default_code": self._index(by_code, "default_code"),
            "name": self._index(by_name, "name"),
        }
        self.zero_codes = self._codes_without_zeros(
            codes - set(self.products["default_code"])
        )
        self.uoms = self._uom_index()
        self.uom_names = {}
        self.taxes = self._tax_index("sale")
        all_products = by_barcode | by_code | by_name
        self.stocked_serials = self._stocked_serials(all_products, rows)

    @staticmethod
    def _index(products, field_name):
        index = defaultdict(list)
        for product in products:
            index[product[field_name]].append(product)
        return index

    def _codes_without_zeros(self, codes):
        """Existing codes such as 00123 for table codes such as 123."""
        digits = [code for code in codes if is_ascii_digits(code)]
        if not digits:
            return {}
        self.env["product.product"].flush_model(
            ["default_code", "active", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT ltrim(p.default_code, '0'), p.default_code
                   FROM product_product p
                   JOIN product_template t ON t.id = p.product_tmpl_id
                  WHERE p.active AND p.default_code LIKE %s
                    AND ltrim(p.default_code, '0') = ANY(%s)
                    AND (t.company_id IS NULL OR t.company_id = %s)""",
                "0%",
                digits,
                self.company.id,
            )
        )
        return dict(self.env.cr.fetchall())

    def _uom_index(self):
        index = {}
        uoms = self.env["uom.uom"].search([])
        for lang in {"en_US", self.env.lang or "en_US"}:
            for uom in uoms.with_context(lang=lang):
                index.setdefault(fold(uom.name), uom)
        for xmlid, aliases in UOM_ALIASES.items():
            uom = self.env.ref(xmlid, raise_if_not_found=False)
            if uom and uom.active:
                for alias in aliases:
                    index.setdefault(alias, uom)
        return index

    def _tax_index(self, tax_use):
        """{rate: tax} for the company's percent taxes, best candidate first.

        The company's default tax wins for its rate; otherwise the tax with the
        lowest sequence (the chart's main tax for that rate).
        """
        taxes = self.env["account.tax"].search(
            [
                ("type_tax_use", "=", tax_use),
                ("amount_type", "=", "percent"),
                ("company_id", "=", self.company.id),
            ],
            order="sequence, id",
        )
        default = (
            self.company.account_sale_tax_id
            if tax_use == "sale"
            else self.company.account_purchase_tax_id
        )
        index = {}
        for tax in default.filtered("active") | taxes:
            index.setdefault(float_round(tax.amount, precision_digits=4), tax)
        return index

    def _stocked_serials(self, products, rows):
        """{(product id, serial)} of serial numbers already in stock."""
        serial_products = products.filtered(lambda p: p.tracking == "serial")
        names = {s for r in rows for s in split_serials(r["lot_name"])}
        if not serial_products or not names:
            return set()
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "in", serial_products.ids),
                ("lot_id.name", "in", list(names)),
                ("location_id.usage", "=", "internal"),
                ("company_id", "=", self.company.id),
                ("quantity", ">", 0),
            ]
        )
        return {(q.product_id.id, q.lot_id.name) for q in quants}

    # ------------------------------------------------------------------
    # Rules of one row
    # ------------------------------------------------------------------
    def _check_row(self, row):
        _ = self._
        if not row["default_code"] and not row["name"]:
            row["errors"].append(_("The row has neither a product code nor a name."))
        for key, label in (
            ("default_code", _("Product code")),
            ("barcode", _("Barcode")),
        ):
            if looks_scientific(row[key]):
                row["errors"].append(
                    _(
                        "%(label)s '%(value)s' looks mangled by Excel (scientific "
                        "notation): format the column as text and copy it again.",
                        label=label,
                        value=row[key],
                    )
                )
        self._check_barcode(row)
        uom = self._check_uom(row)
        self._check_vat(row)
        product = self._match_product(row)
        if product:
            self._check_existing(row, product, uom)
        elif product is None:
            self._check_new(row, uom)

    def _check_barcode(self, row):
        problem = barcode_problem(row["barcode"])
        if problem == "checksum":
            row["errors"].append(
                self._(
                    "Barcode %(barcode)s is not a valid EAN/GTIN (wrong check digit).",
                    barcode=row["barcode"],
                )
            )
        elif problem == "leading_zero" or (
            row["barcode"]
            and not self.products["barcode"].get(row["barcode"])
            and self.products["barcode"].get("0" + row["barcode"])
        ):
            row["errors"].append(
                self._(
                    "Barcode %(barcode)s looks like %(fixed)s without its leading "
                    "zero (lost in Excel): format the column as text.",
                    barcode=row["barcode"],
                    fixed="0" + row["barcode"],
                )
            )

    def _check_uom(self, row):
        if not row["uom_name"]:
            return None
        key = row["uom_name"]
        if key not in self.uom_names:
            self.uom_names[key] = self.uoms.get(fold(key))
        uom = self.uom_names[key]
        if not uom:
            row["errors"].append(
                self._("Unknown unit of measure '%(uom)s'.", uom=row["uom_name"])
            )
        row["uom"] = uom
        return uom

    def _check_vat(self, row):
        rate = row["vat_rate"]
        if rate in (None, False):
            return
        tax = self.taxes.get(rate)
        if not tax:
            rate_text = f"{rate:g}%"
            row["errors"].append(
                self._(
                    "Unknown VAT rate %(rate)s: the company has no sales tax with "
                    "this rate.",
                    rate=rate_text,
                )
            )
        row["tax"] = tax

    def _match_product(self, row):
        """Barcode, then code, then exact name; None when nothing matches."""
        for key in ("barcode", "default_code", "name"):
            found = self.products[key].get(row[key]) if row[key] else None
            if not found:
                continue
            if len(found) > 1:
                row["errors"].append(
                    self._(
                        "%(count)s products match '%(value)s': %(products)s.",
                        count=len(found),
                        value=row[key],
                        products=", ".join(p.display_name for p in found[:5]),
                    )
                )
                return False
            if not found[0].active:
                row["errors"].append(
                    self._(
                        "Barcode %(barcode)s belongs to the archived product "
                        "%(product)s.",
                        barcode=row["barcode"],
                        product=found[0].display_name,
                    )
                )
                return False
            return found[0]
        return None

    def _check_existing(self, row, product, uom):
        _ = self._
        row["product"] = product
        if not product.is_storable:
            row["errors"].append(
                _(
                    "Product %(product)s does not track inventory: tick 'Track "
                    "Inventory' on it first.",
                    product=product.display_name,
                )
            )
        if uom and uom != product.uom_id:
            row["errors"].append(
                _(
                    "Unit '%(uom)s' differs from the unit of product %(product)s "
                    "(%(product_uom)s).",
                    uom=row["uom_name"],
                    product=product.display_name,
                    product_uom=product.uom_id.name,
                )
            )
        row["uom"] = product.uom_id
        self._check_quantity_rounding(row, product.uom_id)
        wanted = row["tracking_wanted"]
        if wanted and wanted != product.tracking:
            row["errors"].append(
                _(
                    "Product %(product)s is %(actual)s: the tracking cell says "
                    "otherwise.",
                    product=product.display_name,
                    actual=self._tracking_label(product.tracking),
                )
            )
        self._check_tracking(row, product.tracking, product)

    def _check_new(self, row, uom):
        _ = self._
        row["new"] = True
        row["uom"] = uom or self.env.ref("uom.product_uom_unit")
        if self.zero_codes.get(row["default_code"]):
            row["errors"].append(
                _(
                    "Code %(code)s looks like the existing code %(existing)s without "
                    "its leading zeros (lost in Excel): format the column as text.",
                    code=row["default_code"],
                    existing=self.zero_codes[row["default_code"]],
                )
            )
        if not self.doc.create_products:
            row["errors"].append(
                _(
                    "No product with this barcode, code or name. Tick 'Create "
                    "products for new codes' to create it."
                )
            )
        elif not row["name"] and row["default_code"]:
            row["errors"].append(_("A new product needs a name."))
        self._check_quantity_rounding(row, row["uom"])
        tracking = row["tracking_wanted"] or ("lot" if row["lot_name"] else "none")
        self._check_tracking(row, tracking, None)

    def _tracking_label(self, tracking):
        _ = self._
        return {
            "none": _("not tracked by lots or serial numbers"),
            "lot": _("tracked by lots"),
            "serial": _("tracked by serial numbers"),
        }[tracking]

    @staticmethod
    def _product_label(row, product):
        if product:
            return product.display_name
        return row["name"] or row["default_code"]

    def _check_quantity_rounding(self, row, uom):
        qty = row["quantity"]
        if not qty or qty < 0:
            return
        if float_compare(
            float_round(qty, precision_rounding=uom.rounding), qty, precision_digits=8
        ):
            row["errors"].append(
                self._(
                    "Quantity %(qty)s is finer than the rounding of unit %(uom)s "
                    "(%(rounding)s).",
                    qty=row["quantity_text"],
                    uom=uom.name,
                    rounding=uom.rounding,
                )
            )

    def _check_tracking(self, row, tracking, product):
        _ = self._
        row["tracking"] = tracking
        if tracking == "none":
            if row["lot_name"]:
                row["notes"].append(_("Lot ignored: the product is not tracked."))
            return
        if not row["lot_name"]:
            row["errors"].append(
                _(
                    "Product %(product)s is tracked by lots or serial numbers: the "
                    "lot/serial is missing.",
                    product=self._product_label(row, product),
                )
            )
            return
        if tracking == "serial":
            self._check_serials(row, product)

    def _check_serials(self, row, product):
        serials = split_serials(row["lot_name"])
        row["serials"] = serials
        label = self._product_label(row, product)
        qty = row["quantity"] or 0
        if qty and len(serials) != qty:
            row["errors"].append(
                self._(
                    "Product %(product)s is tracked by serial number: give one serial "
                    "per unit (%(qty)s serials for quantity %(qty)s) or one row per "
                    "serial.",
                    product=label,
                    qty=row["quantity_text"],
                )
            )
        repeated = sorted({s for s in serials if serials.count(s) > 1})
        if repeated:
            row["errors"].append(
                self._(
                    "Serial number %(serials)s is given twice.",
                    serials=", ".join(repeated),
                )
            )
        for serial in serials:
            if product and (product.id, serial) in self.stocked_serials:
                row["errors"].append(
                    self._(
                        "Serial number %(serial)s of %(product)s is already in stock.",
                        serial=serial,
                        product=label,
                    )
                )

    # ------------------------------------------------------------------
    # Rules across rows
    # ------------------------------------------------------------------
    def _identity(self, row):
        if row["product"]:
            return ("product", row["product"].id)
        if row["new"]:
            return ("code", row["default_code"] or row["barcode"] or row["name"])
        return None

    def _check_duplicates(self, rows):
        """Same product twice: only as several lots of a tracked product."""
        groups = defaultdict(list)
        for row in rows:
            identity = self._identity(row)
            if identity:
                groups[identity].append(row)
        for (kind, _key), group in groups.items():
            if len(group) < 2:
                continue
            if not self._lots_are_distinct(group):
                self._flag_duplicates(group, kind)
            elif kind == "code":
                self._check_same_product_cells(group)
        self._check_shared_barcodes(rows)

    def _flag_duplicates(self, group, kind):
        for row in group:
            others = ", ".join(str(o["sequence"]) for o in group if o is not row)
            row["errors"].append(self._duplicate_message(kind, row, others))

    def _check_shared_barcodes(self, rows):
        """One barcode for two different new products of the table."""
        by_barcode = defaultdict(list)
        for row in rows:
            if row["new"] and row["barcode"]:
                by_barcode[row["barcode"]].append(row)
        for group in by_barcode.values():
            if len({self._identity(row) for row in group}) > 1:
                self._flag_duplicates(group, "barcode")

    def _check_same_product_cells(self, group):
        """The rows (lots) of one new product describe one product: the first
        row gives its unit and barcode, so the others must agree."""
        for key in ("uom", "barcode"):
            if len({row.get(key) or False for row in group}) < 2:
                continue
            for row in group:
                others = ", ".join(str(o["sequence"]) for o in group if o is not row)
                row["errors"].append(
                    self._(
                        "New product %(code)s has another unit or barcode on row(s) "
                        "%(rows)s: its rows must give the same ones.",
                        code=row["default_code"] or row["name"],
                        rows=others,
                    )
                )
            return

    def _lots_are_distinct(self, group):
        trackings = {row["tracking"] for row in group}
        if len(trackings) > 1 or trackings & {None, "none"}:
            return False
        lots = [lot for row in group for lot in split_serials(row["lot_name"])]
        if group[0]["tracking"] == "lot":
            lots = [row["lot_name"] for row in group]
        return len(lots) == len(set(lots))

    def _duplicate_message(self, kind, row, others):
        if kind == "barcode":
            return self._(
                "Barcode %(barcode)s is also on row(s) %(rows)s.",
                barcode=row["barcode"],
                rows=others,
            )
        if row["product"]:
            return self._(
                "Product %(product)s is also on row(s) %(rows)s.",
                product=row["product"].display_name,
                rows=others,
            )
        return self._(
            "Code %(code)s is also on row(s) %(rows)s.",
            code=row["default_code"] or row["name"],
            rows=others,
        )

    def _check_standard_costs(self, rows):
        """Standard cost values a receipt at the product's cost, not the row's.

        So the cost may only be changed while the product has no stock value,
        and all rows of one product must carry the same cost.
        """
        categ = self.doc.categ_id.with_company(self.company)
        methods = {}
        costs = defaultdict(set)
        for row in rows:
            product = row["product"]
            row_categ = product.categ_id if product else categ
            if row_categ.id not in methods:
                methods[row_categ.id] = row_categ.with_company(
                    self.company
                ).property_cost_method
            if methods[row_categ.id] == "standard" and row["cost"] not in (None, False):
                costs[self._identity(row)].add(row["cost"])
                row["standard"] = True
        for row in rows:
            if row.get("standard") and len(costs[self._identity(row)]) > 1:
                row["errors"].append(
                    self._(
                        "The product is valued at standard cost: all its rows need "
                        "the same unit cost."
                    )
                )
        self._check_standard_with_stock(
            [r for r in rows if r.get("standard") and r["product"]]
        )

    def _check_standard_with_stock(self, rows):
        changed = [
            r
            for r in rows
            if float_compare(
                r["product"].with_company(self.company).standard_price,
                r["cost"],
                precision_digits=self.price_digits,
            )
        ]
        if not changed:
            return
        products = self.env["product.product"].union(*(r["product"] for r in changed))
        products = products.with_company(self.company)
        for row in changed:
            product = products.browse(row["product"].id)
            if float_compare(product.quantity_svl, 0, precision_digits=6):
                row["errors"].append(
                    self._(
                        "Product %(product)s is valued at standard cost %(cost)s and "
                        "already has stock: its receipt cannot be valued at another "
                        "cost. Use %(cost)s or empty its stock first.",
                        product=product.display_name,
                        cost=product.standard_price,
                    )
                )

    # ------------------------------------------------------------------
    # Result
    # ------------------------------------------------------------------
    def _result(self, row):
        errors, notes = row["errors"], row["notes"]
        if errors:
            status = "error"
        else:
            status = "new" if row["new"] else "existing"
        qty = float_round(row["quantity"] or 0.0, precision_digits=self.qty_digits)
        cost = row["cost"] or 0.0
        return {
            "status": status,
            "message": " ".join(dict.fromkeys(errors + notes)) or False,
            "product_id": row["product"].id if row["product"] else False,
            "uom_id": row.get("uom").id if row.get("uom") else False,
            "tax_id": row.get("tax").id if row.get("tax") else False,
            "tracking": row.get("tracking") or False,
            "quantity": qty,
            "cost": cost,
            "sale_price": row["sale_price"] or 0.0,
            "vat_rate": row["vat_rate"] or 0.0,
            "value": self.currency.round(qty * cost),
        }
