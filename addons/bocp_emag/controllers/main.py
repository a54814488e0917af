from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

MAX_ORDER_ID = 2**63 - 1  # the bigint column (eMAG documents uint32 ids)


class EmagController(http.Controller):
    @http.route(
        [
            "/bocp/emag/<string:token>/order",
            # eMAG glues the id onto the URL it was given: the published one
            # ends with "?order_id=", but a URL pasted without it gives this
            "/bocp/emag/<string:token>/order<string:order_ref>",
        ],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def emag_order_callback(self, token, order_id=None, order_ref=None, **kwargs):
        """eMAG's new-order notification: record the id, answer at once.

        Unknown token -> 404 and nothing recorded; the import runs in the
        background (cron trigger), never in this request.
        """
        account = request.env["bocp.emag.account"]._find_by_token(token)
        if not account or not account.active:
            raise NotFound()
        order_id = str(order_id or order_ref or "").strip()
        if not order_id.isdigit() or not 0 < int(order_id) <= MAX_ORDER_ID:
            return request.make_response("missing or invalid order_id", status=400)
        # sudo: the public user may not write orders; the token was checked above
        request.env["bocp.emag.order"].sudo()._register_callback(account, int(order_id))
        return request.make_response("OK", headers=[("Content-Type", "text/plain")])

    @http.route(
        "/bocp/emag/document/<string:token>.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
    )
    def emag_document(self, token, **kwargs):
        """The invoice / AWB PDF eMAG downloads for its customer (tokenised URL)."""
        order = request.env["bocp.emag.order"]._find_by_document_token(token)
        content = order and order._get_public_document()
        if not content:
            raise NotFound()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", str(len(content))),
                ("Cache-Control", "no-store"),
            ],
        )
