"""Settling many agents at once runs in the background (bocp_job)."""

from odoo import api, models
from odoo.osv import expression
from odoo.tools import split_every

SETTLE_THRESHOLD = 200  # agent rows settled at once in the click below this
BATCH_AGENTS = 100


class BocpCommissionUnsettled(models.Model):
    _inherit = "bocp.commission.unsettled"

    def _bocp_settle_in_background(self):
        threshold = self.env["bocp.job"]._threshold("agents_settle", SETTLE_THRESHOLD)
        return len(self) > threshold

    def _bocp_queue_settle(self):
        """One batch per group of agents, named by (agent, company, currency):
        the view's row ids change as lines are settled."""
        self.env["bocp.commission.settlement"].check_access("create")
        keys = [[r.agent_id.id, r.company_id.id, r.currency_id.id] for r in self]
        job = self.env["bocp.job"]._enqueue(
            self.env._("Settlement of %(count)s agents", count=len(keys)),
            self.env["bocp.commission.line"],
            [
                {
                    "method": "_bocp_job_settle",
                    "payload": {"keys": chunk},
                    "items": len(chunk),
                }
                for chunk in split_every(BATCH_AGENTS, keys, list)
            ],
            item_label=self.env._("agents"),
        )
        return job._action_open()


class BocpCommissionLine(models.Model):
    _inherit = "bocp.commission.line"

    @api.model
    def _bocp_job_settle(self, keys):
        """Settle what is still validated for these agents; what another user
        or an earlier run settled meanwhile is skipped by the engine."""
        domain = expression.AND(
            [
                [("state", "=", "validated")],
                expression.OR(
                    [
                        [
                            ("agent_id", "=", agent_id),
                            ("company_id", "=", company_id),
                            ("currency_id", "=", currency_id),
                        ]
                        for agent_id, company_id, currency_id in keys
                    ]
                ),
            ]
        )
        return self.search(domain)._bocp_settle()
