from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class BocpCommissionPortal(CustomerPortal):
    def _bocp_agent_domain(self):
        user = request.env.user
        partners = user.partner_id | user.partner_id.commercial_partner_id
        return [("agent_id", "in", partners.ids)]

    def _bocp_is_agent(self):
        partner = request.env.user.partner_id
        return bool((partner | partner.commercial_partner_id).filtered("bocp_is_agent"))

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "bocp_commission_count" in counters:
            settlement = request.env["bocp.commission.settlement"]
            values["bocp_commission_count"] = (
                settlement.search_count(self._bocp_agent_domain())
                if self._bocp_is_agent() and settlement.has_access("read")
                else 0
            )
        return values

    @http.route("/my/commissions", type="http", auth="user", website=True)
    def portal_my_commissions(self, **kw):
        if not self._bocp_is_agent():
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            request.env["bocp.commission.line"]._bocp_agent_balance(
                self._bocp_agent_domain()
            )
        )
        values["settlements"] = request.env["bocp.commission.settlement"].search(
            self._bocp_agent_domain() + [("state", "!=", "cancel")]
        )
        values["page_name"] = "bocp_commissions"
        return request.render("bocp_sales_agents.portal_my_commissions", values)

    @http.route(
        # bocp_id (bocp_number): ASCII digits in the range of ids, else 404
        "/my/commissions/settlement/<bocp_id:settlement_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_commission_statement(self, settlement_id, **kw):
        settlement = (
            request.env["bocp.commission.settlement"].browse(settlement_id).exists()
        )
        try:
            settlement.check_access("read")
        except AccessError:
            return request.redirect("/my")
        if not settlement:
            return request.redirect("/my")
        # The record rules allowed the read above; the report renders in sudo
        # because the portal user has no access to the report action itself.
        content, report_type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "bocp_sales_agents.action_report_bocp_commission_settlement",
                [settlement.id],
            )
        )
        filename = f"{settlement.name.replace('/', '_')}.pdf"
        mimetype = (
            "application/pdf" if report_type == "pdf" else "text/html; charset=utf-8"
        )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", f'inline; filename="{filename}"'),
            ],
        )
