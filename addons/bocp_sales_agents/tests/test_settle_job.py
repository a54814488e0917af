from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.bocp_job.tests.common import run_jobs

from .common import BocpCommissionCase


@tagged("post_install", "-at_install")
class TestSettleJob(BocpCommissionCase):
    """Threshold lowered to one agent: settling two agents is queued."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "bocp_job.threshold.agents_settle", "1"
        )
        cls.agents = cls.agent_ext | cls.agent_emp
        cls.manager = cls._user(
            "bocp_settle_manager", "bocp_sales_agents.group_commission_manager"
        )
        cls.viewer = cls._user(
            "bocp_settle_viewer", "bocp_sales_agents.group_commission_user"
        )

    def _rows(self, user):
        return (
            self.env["bocp.commission.unsettled"]
            .with_user(user)
            .search([("agent_id", "in", self.agents.ids)])
        )

    def _settlements(self):
        return self.env["bocp.commission.settlement"].search(
            [("agent_id", "in", self.agents.ids)]
        )

    def test_many_agents_settled_in_the_background(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        action = self._rows(self.manager).action_settle()
        self.assertEqual(action["res_model"], "bocp.job")
        job = self.env["bocp.job"].browse(action["res_id"])
        self.assertEqual((job.state, job.user_id), ("queued", self.manager))
        self.assertFalse(self._settlements(), "the click only queues")
        run_jobs(self.env)
        self.assertEqual(job.state, "done")
        settlements = self._settlements()
        # 10% and 5% of 1000 (hand-computed), the same as settled at once
        totals = {s.agent_id: s.total for s in settlements}
        self.assertEqual(totals, {self.agent_ext: 100.0, self.agent_emp: 50.0})
        self.assertEqual(sorted(job._result_ids()), sorted(settlements.ids))
        self.assertEqual(settlements.create_uid, self.manager)
        # a second run (a worker killed after the commit) settles nothing again
        job.batch_ids.state = "queued"
        job.state = "running"
        job.batch_done = 0
        run_jobs(self.env)
        self.assertEqual(self._settlements(), settlements)

    def test_user_without_rights_cannot_queue(self):
        invoice = self._invoice([(self.product_a, 1, 1000.0)])
        self._pay(invoice)
        with self.assertRaises(AccessError):
            self._rows(self.viewer).action_settle()
        self.assertFalse(
            self.env["bocp.job"].search([("user_id", "=", self.viewer.id)])
        )
