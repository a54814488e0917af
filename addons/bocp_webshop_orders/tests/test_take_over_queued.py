from odoo.tests import Form, tagged

from .common import WebshopCommon


@tagged("post_install", "-at_install")
class TestQueuedTakeOver(WebshopCommon):
    def _run_jobs(self):
        cron = self.env.ref("bocp_job.ir_cron_run_jobs")
        for _ in range(10):
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            self.env["bocp.job"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_run()
            if not progress.remaining:
                break

    def _wizard(self, orders):
        action = orders.with_user(self.shipper).action_bocp_take_over()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.shipper)
            .with_context(**action["context"])
        )
        form.warehouse_id = self.wh2
        return form.save()

    def test_many_shop_orders_taken_over_in_the_background(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "bocp_job.threshold.webshop_take_over", "1"
        )
        orders = self._cod_order(qty=1) | self._cod_order(qty=1)
        action = self._wizard(orders).action_take_over()
        self.assertEqual(action["res_model"], "bocp.job")
        job = self.env["bocp.job"].browse(action["res_id"])
        self.assertEqual(job.state, "queued")
        self.assertEqual(set(orders.mapped("bocp_stage_id.code")), {"new"})
        self._run_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(orders.warehouse_id, self.wh2)
        self.assertEqual(set(orders.mapped("bocp_stage_id.code")), {"taken"})

    def test_queued_take_over_refused_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "bocp_job.threshold.webshop_take_over", "1"
        )
        orders = self._cod_order(qty=2) | self._cod_order(qty=2)  # 4 > 3 in WH2
        with self.assertRaisesRegex(Exception, "cannot be taken over"):
            self._wizard(orders).action_take_over()
        self.assertFalse(self.env["bocp.job"].search([("name", "ilike", "webshop")]))

    def test_few_orders_taken_over_at_once(self):
        orders = self._cod_order(qty=1) | self._cod_order(qty=1)
        self._wizard(orders).action_take_over()
        self.assertEqual(set(orders.mapped("bocp_stage_id.code")), {"taken"})
