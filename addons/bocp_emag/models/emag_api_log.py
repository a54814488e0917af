import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

KEEP_DAYS = 30


class BocpEmagApiLog(models.Model):
    """One HTTP call to eMAG (eMAG asks sellers to keep them 30 days)."""

    _name = "bocp.emag.api.log"
    _description = "eMAG API Call"
    _order = "id desc"
    _log_access = False

    create_date = fields.Datetime(string="Date", readonly=True, index=True)
    account_id = fields.Many2one(
        "bocp.emag.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    route = fields.Char(required=True)
    method = fields.Char()
    attempt = fields.Integer()
    http_status = fields.Integer(string="HTTP Status")
    duration = fields.Float(digits=(16, 3))
    is_error = fields.Boolean(string="Failed", index=True)
    error = fields.Text()
    request = fields.Text()
    response = fields.Text()

    @api.model
    def _log(self, account, record, cursor_factory):
        """Write one call in its own transaction (kept even if the job fails)."""
        request = record.get("request")
        values = {
            "create_date": fields.Datetime.now(),
            "account_id": account.id,
            "company_id": account.company_id.id,
            "route": (record.get("route") or "")[:200],
            "method": record.get("method"),
            "attempt": record.get("attempt") or 1,
            "http_status": record.get("status") or 0,
            "duration": record.get("duration") or 0.0,
            "is_error": bool(record.get("error")),
            "error": record.get("error"),
            "request": json.dumps(request)[:4000] if request is not None else None,
            "response": (record.get("response") or "")[:4000] or None,
        }
        columns = list(values)
        with cursor_factory() as cr:
            cr.execute(
                SQL(
                    "INSERT INTO bocp_emag_api_log (%s) VALUES %s",
                    SQL(", ").join(SQL.identifier(c) for c in columns),
                    tuple(values[c] for c in columns),
                )
            )

    @api.autovacuum
    def _gc_old_calls(self):
        """Forget the calls older than 30 days (one statement: nothing refers
        to a log line, and there may be tens of thousands a day)."""
        limit = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM bocp_emag_api_log WHERE create_date < %s", limit)
        )
        self.invalidate_model()
        return self.env.cr.rowcount
