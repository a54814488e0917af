"""What confirming an import writes: new products and one validated receipt.

Works on the checked rows as plain dicts (see ``_bulk_read``) so that tens of
thousands of rows cost a few batched creates, not one ORM call per row.
"""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, split_every

from ..tools.values import split_serials
from .stock_move import DEFER_ASSIGN

# Bulk creation of products: no "Product created" message or follower per product
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
}
# Validating a receipt reserves the moves waiting for its products with one
# search whose domain ORs a (product, location) condition per done move;
# PostgreSQL's parser gives up near 10,000 of them ("memory exhausted"). The
# import's receipt therefore reserves in batches of this many moves.
RESERVE_BATCH = 500


class ReceiptBuilder:
    def __init__(self, stock_import, rows):
        # company-dependent values (cost, cost method) are those of the import's
        # company, whichever company the user has selected first
        self.doc = stock_import.with_company(stock_import.company_id)
        self.env = self.doc.env
        self.company = stock_import.company_id
        self.rows = rows
        self.products = self.env["product.product"]

    def run(self):
        """Create what is missing, receive everything; returns the picking."""
        self._create_products()
        ids = {row["product_id"] for row in self.rows}
        self.products = (
            self.env["product.product"].with_company(self.company).browse(ids)
        )
        self._align_standard_costs()
        picking = self.env["stock.picking"].create(self._prepare_picking_vals())
        self.env["stock.move"].create(
            [self._prepare_move_vals(picking, row) for row in self.rows]
        )
        self._validate(picking)
        return picking

    # ------------------------------------------------------------------
    # Products
    # ------------------------------------------------------------------
    @staticmethod
    def _product_key(row):
        return row["default_code"] or row["barcode"] or row["name"]

    def _create_products(self):
        """One product per new code (several rows of one code are its lots)."""
        new_rows = [row for row in self.rows if row["status"] == "new"]
        if not new_rows:
            return
        firsts = {}
        for row in new_rows:
            firsts.setdefault(self._product_key(row), row)
        purchase_taxes = self.doc._purchase_taxes_by_rate()
        env = self.env(context=dict(self.env.context, **QUIET))
        # Variants are created in one batch with their own fields; the
        # template's create would write them product by product.
        templates = (
            env["product.template"]
            .with_context(create_product_product=False)
            .create(
                [
                    self._prepare_template_vals(r, purchase_taxes)
                    for r in firsts.values()
                ]
            )
        )
        products = env["product.product"].create(
            [
                self._prepare_product_vals(row, template)
                for row, template in zip(firsts.values(), templates, strict=True)
            ]
        )
        by_key = dict(zip(firsts, products.ids, strict=True))
        changes = []
        for row in new_rows:
            row["product_id"] = by_key[self._product_key(row)]
            row["product_created"] = True
            changes.append(
                (row["id"], {"product_id": row["product_id"], "product_created": True})
            )
        self.env["bocp.stock.import.line"]._bulk_update(self.doc, changes)

    def _prepare_template_vals(self, row, purchase_taxes):
        vals = {
            "name": row["name"],
            "type": "consu",
            "is_storable": True,
            "categ_id": self.doc.categ_id.id,
            "uom_id": row["uom_id"],
            "uom_po_id": row["uom_id"],
            "list_price": row["sale_price"],
            "tracking": row["tracking"]
            if row["tracking"] in ("lot", "serial")
            else "none",
        }
        if row["tax_id"]:
            vals["taxes_id"] = [fields.Command.set([row["tax_id"]])]
            purchase_tax = purchase_taxes.get(row["vat_rate"])
            if purchase_tax:
                vals["supplier_taxes_id"] = [fields.Command.set(purchase_tax.ids)]
        return vals

    @staticmethod
    def _prepare_product_vals(row, template):
        return {
            "product_tmpl_id": template.id,
            "default_code": row["default_code"] or False,
            "barcode": row["barcode"] or False,
            "standard_price": row["cost"],
        }

    def _align_standard_costs(self):
        """Existing standard-cost products take the row's cost.

        The check refused the rows where the product already has stock value,
        so no revaluation is posted here.
        """
        digits = self.env["decimal.precision"].precision_get("Product Price")
        existing = [row for row in self.rows if row["status"] == "existing"]
        products = self.products
        by_cost = {}
        for row in existing:
            product = products.browse(row["product_id"])
            if product.cost_method == "standard" and float_compare(
                product.standard_price, row["cost"], precision_digits=digits
            ):
                by_cost.setdefault(row["cost"], set()).add(product.id)
        for cost, product_ids in by_cost.items():
            products.browse(product_ids).write({"standard_price": cost})

    # ------------------------------------------------------------------
    # Receipt
    # ------------------------------------------------------------------
    def _prepare_picking_vals(self):
        picking_type = self.doc.warehouse_id.in_type_id
        return {
            "picking_type_id": picking_type.id,
            "location_id": picking_type.default_location_src_id.id
            or self.env.ref("stock.stock_location_suppliers").id,
            "location_dest_id": self.doc.location_id.id,
            "origin": self.doc.name,
            "company_id": self.company.id,
            "scheduled_date": fields.Datetime.now(),
        }

    def _prepare_move_vals(self, picking, row):
        """A move at the row's unit cost, with its move lines already done."""
        product = self.products.browse(row["product_id"])
        uom = product.uom_id
        return {
            "name": product.display_name,
            "product_id": product.id,
            "product_uom": uom.id,
            "product_uom_qty": row["quantity"],
            "price_unit": row["cost"],
            "picking_id": picking.id,
            "picking_type_id": picking.picking_type_id.id,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "company_id": self.company.id,
            "origin": self.doc.name,
            "bocp_stock_import_line_id": row["id"],
            "picked": True,
            "move_line_ids": [
                fields.Command.create(
                    self._prepare_move_line_vals(picking, product, lot, quantity)
                )
                for lot, quantity in self._lot_quantities(row, product)
            ],
        }

    @staticmethod
    def _lot_quantities(row, product):
        if product.tracking == "serial":
            return [(serial, 1.0) for serial in split_serials(row["lot_name"])]
        if product.tracking == "lot":
            return [(row["lot_name"], row["quantity"])]
        return [(False, row["quantity"])]

    def _prepare_move_line_vals(self, picking, product, lot_name, quantity):
        return {
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "quantity": float_round(
                quantity, precision_rounding=product.uom_id.rounding
            ),
            "lot_name": lot_name,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "picking_id": picking.id,
            "company_id": self.company.id,
            "picked": True,
        }

    def _in_validation(self, records):
        """Valued at the import's accounting date; reservation left to us."""
        return records.with_context(
            force_period_date=self.doc.accounting_date,
            skip_sms=True,
            **{DEFER_ASSIGN: True},
        )

    def _validate(self, picking):
        """Validate as a user would, valued at the import's accounting date."""
        picking = self._in_validation(picking)
        # The moves are confirmed directly: the picking's action_confirm also
        # looks for orderpoints to trigger, one query per move, and a receipt
        # from vendors never leaves a location that has some. No merge either:
        # each row keeps its own move.
        picking.move_ids._action_confirm(merge=False)
        picking.button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "The receipt %(name)s could not be validated.", name=picking.name
                )
            )
        self._reserve_waiting_moves(picking)

    def _validate_moves(self, moves):
        """Validate some of the receipt's moves (a large import, in batches).

        No backorder: the receipt's other moves wait for their own batch."""
        moves = self._in_validation(moves)
        moves.filtered(lambda move: move.state == "draft")._action_confirm(merge=False)
        moves._action_done(cancel_backorder=True)
        self._reserve_waiting_moves_of(moves)

    def _finish_picking(self, picking):
        """Every move validated by batches: the receipt is done."""
        if (
            any(move.state != "done" for move in picking.move_ids)
            or not picking.move_ids
        ):
            raise UserError(
                self.env._(
                    "The receipt %(name)s could not be validated.", name=picking.name
                )
            )
        picking.write({"date_done": fields.Datetime.now(), "priority": "0"})

    def _reserve_waiting_moves(self, picking):
        """What validating a receipt does (reserve the moves waiting for its
        stock), batch by batch. The moves carry no procurement group, so the
        order in which Odoo reserves is the same as in one search."""
        self._reserve_waiting_moves_of(picking.move_ids)

    def _reserve_waiting_moves_of(self, moves):
        moves = moves.with_context(**{DEFER_ASSIGN: False})
        for batch in split_every(RESERVE_BATCH, moves.ids, moves.browse):
            batch._trigger_assign()
