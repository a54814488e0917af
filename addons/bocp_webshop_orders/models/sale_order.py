from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Shop orders: status, AWB, fiscal invoice and shipping (the "O-Shop" list).

    The status (``bocp_stage_id``) sits beside ``state``; an order becomes a
    shop order, and gets the status "New", when a website order leaves the
    cart (quotation sent by a pending payment, or confirmed).
    """

    _inherit = "sale.order"

    bocp_stage_id = fields.Many2one(
        "bocp.webshop.stage",
        string="Shop Status",
        compute="_compute_bocp_stage_id",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        group_expand="_read_group_bocp_stage_ids",
    )
    bocp_stage_code = fields.Selection(related="bocp_stage_id.code")
    bocp_stage_mail_template_id = fields.Many2one(
        related="bocp_stage_id.mail_template_id"
    )
    bocp_awb = fields.Char(
        string="AWB",
        compute="_compute_bocp_awb",
        store=True,
        index="btree_not_null",
        help="The courier's consignment numbers (AWB) of the order's deliveries.",
    )
    bocp_shipped_picking_id = fields.Many2one(
        "stock.picking",
        string="Shipped Delivery",
        compute="_compute_bocp_shipped_picking_id",
        help="The last delivery of the order that has an AWB.",
    )
    bocp_tracking_url = fields.Char(
        string="Tracking Link", compute="_compute_bocp_shipped_picking_id"
    )

    # ------------------------------------------------------------------
    # Status
    # ------------------------------------------------------------------

    @api.depends("state", "website_id")
    def _compute_bocp_stage_id(self):
        shop_orders = self.filtered("website_id")
        if not shop_orders:
            return
        stages = self.env["bocp.webshop.stage"]
        new, cancelled = stages._get_by_code("new"), stages._get_by_code("cancelled")
        for order in shop_orders:
            if order.state == "cancel":
                order.bocp_stage_id = cancelled or order.bocp_stage_id
            elif order.state in ("sent", "sale") and (
                not order.bocp_stage_id or order.bocp_stage_id == cancelled
            ):
                order.bocp_stage_id = new

    @api.model
    def _read_group_bocp_stage_ids(self, stages, domain):
        # every status is a kanban column, even an empty one (a handful of records)
        return stages.search([], order=stages._order)  # pylint: disable=no-search-all

    def _track_template(self, changes):
        res = super()._track_template(changes)
        order = self[0]
        stage = order.bocp_stage_id
        if "bocp_stage_id" in changes and stage and stage._sends_mail_automatically():
            res["bocp_stage_id"] = (
                stage.mail_template_id,
                order._bocp_status_mail_values(),
            )
        return res

    def _bocp_status_mail_values(self):
        """Posting values of a status e-mail: queued (never lost while no
        outgoing server is set up, see mail.mail), customer-facing subtype."""
        return {
            "auto_delete_keep_log": False,
            "subtype_id": self.env.ref("bocp_webshop_orders.mt_status_mail").id,
            "email_layout_xmlid": "mail.mail_notification_light",
            "force_send": False,
        }

    def _bocp_move_to_stage(self, code):
        """The automatic moves (take-over, shipped, cancelled, returned).

        Orders only move forward (by status sequence), except into a
        cancelled or returned status, which may follow any status."""
        stage = self.env["bocp.webshop.stage"]._get_by_code(code)
        if not stage:
            return self.browse()
        backwards_allowed = code in ("cancelled", "returned")
        orders = self.filtered(
            lambda o: o.website_id
            and o.bocp_stage_id != stage
            and (
                backwards_allowed
                or not o.bocp_stage_id
                or o.bocp_stage_id.sequence < stage.sequence
            )
        )
        orders.write({"bocp_stage_id": stage.id})
        return orders

    def action_bocp_send_status_mail(self):
        """The e-mail composer with the template of the order's status."""
        self.ensure_one()
        template = self.bocp_stage_id.mail_template_id
        if not template:
            raise UserError(
                _(
                    "The status %(status)s has no e-mail template.",
                    status=self.bocp_stage_id.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "default_subtype_id": self.env.ref(
                    "bocp_webshop_orders.mt_status_mail"
                ).id,
                "default_force_send": False,
                "force_email": True,
            },
        }

    # ------------------------------------------------------------------
    # Take-over (bocp_sale_workpoint), invoice, shipping
    # ------------------------------------------------------------------

    def _bocp_take_over(self, warehouse=None, validate_delivery=False):
        """Extends the work point take-over: a shop order moves to "Taken over"."""
        taken = super()._bocp_take_over(
            warehouse=warehouse, validate_delivery=validate_delivery
        )
        taken._bocp_move_to_stage("taken")
        return taken

    def _bocp_check_invoice_address(self):
        """Refuse, before anything is posted, an invoice that e-Factura (CIUS-RO)
        would refuse later for the customer's address (county, city, street,
        Bucharest sector)."""
        problems = []
        for order in self.filtered(lambda o: o.partner_invoice_id.country_code == "RO"):
            for problem in order.partner_invoice_id._bocp_ro_address_problems():
                problems.append(f"{order.name}: {problem}")
        if problems:
            raise UserError(
                _(
                    "The invoice address is not complete for an e-Factura invoice; "
                    "fix it on the customer first:\n%(problems)s",
                    problems="\n".join(problems),
                )
            )

    def action_bocp_issue_invoice(self):
        """ "Emite factura fiscală": core invoicing, posted, for orders taken over."""
        not_taken = self.filtered(
            lambda o: o.state != "sale" or o.bocp_stage_code in ("new", "cancelled")
        )
        if not_taken:
            raise UserError(
                _(
                    "Take the order over first: %(orders)s",
                    orders=", ".join(not_taken.mapped("name")),
                )
            )
        orders = self.filtered(lambda o: o.invoice_status == "to invoice")
        if not orders:
            raise UserError(_("There is nothing left to invoice on these orders."))
        orders._bocp_check_invoice_address()
        invoices = orders._create_invoices()
        invoices.action_post()
        return orders.action_view_invoice(invoices)

    def _bocp_delivery_to_ship(self):
        """The outgoing delivery the "Ship" button works on: the first one still
        open, else the last one done."""
        self.ensure_one()
        deliveries = self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        ).sorted("id")
        return deliveries.filtered(lambda p: p.state != "done")[:1] or deliveries[-1:]

    def action_bocp_ship(self):
        """The truck button: the shipping wizard (carrier and AWB)."""
        self.ensure_one()
        if not self.env.user.has_group("stock.group_stock_user"):
            raise UserError(_("Shipping an order needs Inventory rights."))
        if not self._bocp_delivery_to_ship():
            raise UserError(
                _("The order %(order)s has no delivery to ship.", order=self.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Ship"),
            "res_model": "bocp.webshop.ship.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _bocp_ship(self, picking, carrier, awb, without_awb=False):
        """Write the AWB on the delivery, validate it if not yet done, move the
        order to "Shipped"; returns the e-mail composer when the status asks
        for it (else the status e-mail leaves by itself, or never)."""
        self.ensure_one()
        awb = (awb or "").strip()
        if not awb and not without_awb:
            raise UserError(
                _("Type the AWB given by the courier, or confirm shipping without one.")
            )
        if picking.sale_id != self or picking.picking_type_code != "outgoing":
            raise UserError(
                _("This delivery does not belong to order %(order)s.", order=self.name)
            )
        values = {"carrier_id": carrier.id or picking.carrier_id.id}
        if awb:
            values["carrier_tracking_ref"] = awb
        picking.write(values)
        if picking.state != "done":
            # in full, no backorder: the take-over's validation (bocp_sale_workpoint)
            picking.with_context(bocp_webshop_shipping=True)._bocp_validate_now()
        self._bocp_move_to_stage("shipped")
        stage = self.bocp_stage_id
        if (
            stage.code == "shipped"
            and stage.mail_template_id
            and stage.mail_mode == "confirm"
        ):
            return self.action_bocp_send_status_mail()
        return {"type": "ir.actions.act_window_close"}

    # ------------------------------------------------------------------
    # AWB
    # ------------------------------------------------------------------

    def _bocp_outgoing_deliveries(self):
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )

    @api.depends("picking_ids.carrier_tracking_ref", "picking_ids.state")
    def _compute_bocp_awb(self):
        for order in self:
            refs = order._bocp_outgoing_deliveries().mapped("carrier_tracking_ref")
            order.bocp_awb = ", ".join(ref for ref in refs if ref) or False

    @api.depends(
        "picking_ids.carrier_tracking_ref",
        "picking_ids.carrier_id",
        "picking_ids.state",
    )
    def _compute_bocp_shipped_picking_id(self):
        """The last delivery with an AWB, and its tracking link (core's)."""
        for order in self:
            shipped = order._bocp_outgoing_deliveries().filtered("carrier_tracking_ref")
            picking = shipped.sorted("id")[-1:]
            order.bocp_shipped_picking_id = picking
            order.bocp_tracking_url = picking.carrier_tracking_url or False
