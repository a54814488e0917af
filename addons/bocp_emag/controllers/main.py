import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.bocp_number.tools.number_rule import NumberError, parse_id

# Tokens are secrets.token_urlsafe(): anything else is not looked up at all
# (a NUL byte or a non-ASCII character would reach the database otherwise).
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")


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
        if not TOKEN_PATTERN.fullmatch(token):
            raise NotFound()
        account = request.env["bocp.emag.account"]._find_by_token(token)
        if not account or not account.active:
            raise NotFound()
        try:
            # ASCII digits in eMAG's range (1 to 2^32 - 1), nothing else
            emag_id = parse_id(order_id or order_ref, "emag_id")
        except NumberError:
            return request.make_response("missing or invalid order_id", status=400)
        # sudo: the public user may not write orders; the token was checked above
        request.env["bocp.emag.order"].sudo()._register_callback(account, emag_id)
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
        if not TOKEN_PATTERN.fullmatch(token):
            raise NotFound()
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
