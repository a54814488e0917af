from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.bocp_job.tests.common import run_jobs

from ..models import bocp_billing_job
from ..models.bocp_billing import BocpBilling
from .common_billing import BocpBillingCase

DAY = date(2025, 1, 31)


class TestBillingJob(BocpBillingCase):
    """Threshold lowered to two clients, batches of one client: invoicing
    three clients is queued and runs in three batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "bocp_job.threshold.rental_billing", "2"
        )
        cls.partner_third = cls.env["res.partner"].create(
            {"name": "Client Trei SRL", "is_company": True, "lang": "en_US"}
        )
        printer_3 = cls.printer_mono.copy({"code": "TST-0003", "serial_number": "SN-3"})
        cls.clients = cls.partner | cls.partner_other | cls.partner_third
        # B/W pages at 0.05: 400, 1000 and 2000 pages
        for printer, partner, pages in (
            (cls.printer_mono, cls.partner, 400),
            (cls.printer, cls.partner_other, 1000),
            (printer_3, cls.partner_third, 2000),
        ):
            values = (
                {cls.bw: 0} if printer != cls.printer else {cls.bw: 0, cls.color: 0}
            )
            rental = cls._rent_priced(printer, partner, values, date(2025, 1, 10))
            values = (
                {cls.bw: pages}
                if printer != cls.printer
                else {cls.bw: pages, cls.color: 0}
            )
            cls._read(rental, values, DAY)

    def setUp(self):
        super().setUp()
        patcher = patch.object(bocp_billing_job, "BATCH_CLIENTS", 1)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _wizard(self, user=None, mode="invoice"):
        return (
            self.env["bocp.billing.wizard"]
            .with_user(user or self.rental_user)
            .create({"partner_ids": self.clients.ids, "date": DAY, "mode": mode})
        )

    def _invoices(self):
        moves = self.env["account.move"].search(
            [("partner_id", "in", self.clients.ids), ("move_type", "=", "out_invoice")]
        )
        return {m.partner_id: (m.amount_untaxed, m.amount_total) for m in moves}

    def test_queued_run_makes_the_direct_run_invoices(self):
        expected = {
            self.partner: (20.0, 24.2),  # 400 x 0.05, 21% VAT
            self.partner_other: (50.0, 60.5),
            self.partner_third: (100.0, 121.0),
        }
        action = self._wizard().action_confirm()
        job = self.env["bocp.job"].browse(action["res_id"])
        self.assertEqual((action["res_model"], job.batch_count), ("bocp.job", 3))
        self.assertEqual(job.user_id, self.rental_user)
        self.assertFalse(self._invoices(), "the click only queues")
        reported = run_jobs(self.env)
        self.assertEqual(reported, [(1, 2), (1, 1), (1, 0)])
        self.assertEqual(job.state, "done")
        self.assertEqual(self._invoices(), expected)
        self.assertEqual(job.result_count, 3)
        # below the threshold the same run is direct, with the same invoices
        self.env["ir.config_parameter"].set_param(
            "bocp_job.threshold.rental_billing", "5"
        )
        self.env["account.move"].search(
            [("partner_id", "in", self.clients.ids)]
        ).unlink()
        action = self._wizard().action_confirm()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(self._invoices(), expected)

    def test_interrupted_batch_leaves_no_invoice_and_retry_completes(self):
        job = self.env["bocp.job"].browse(self._wizard().action_confirm()["res_id"])
        original = BocpBilling._create_invoices
        calls = []

        def fail_second(billing, partners, *args, **kwargs):
            calls.append(partners)
            moves = original(billing, partners, *args, **kwargs)
            if len(calls) == 2:
                raise UserError(billing.env._("injected failure"))
            return moves

        with patch.object(BocpBilling, "_create_invoices", fail_second):
            run_jobs(self.env)
        self.assertEqual(job.state, "failed")
        self.assertEqual(set(self._invoices()), {self.partner}, "batch 2 left nothing")
        job.with_user(self.rental_user).action_retry()
        run_jobs(self.env)
        self.assertEqual(job.state, "done")
        self.assertEqual(len(self._invoices()), 3)
        # a batch run again finds nothing left to bill: no second invoice
        job.batch_ids.state = "queued"
        job.write({"state": "running", "batch_done": 0, "item_done": 0})
        run_jobs(self.env)
        self.assertEqual(job.state, "done")
        self.assertEqual(
            self.env["account.move"].search_count(
                [("partner_id", "in", self.clients.ids)]
            ),
            3,
        )

    def test_proformas_queued(self):
        job = self.env["bocp.job"].browse(
            self._wizard(mode="proforma").action_confirm()["res_id"]
        )
        run_jobs(self.env)
        self.assertEqual(job.state, "done")
        proformas = self.env["bocp.proforma"].search(
            [("partner_id", "in", self.clients.ids)]
        )
        self.assertEqual(len(proformas), 3)
        self.assertEqual(job.result_model, "bocp.proforma")

    def test_user_without_rights_cannot_queue(self):
        accountant = new_test_user(
            self.env,
            login="bocp_job_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        wizard = self._wizard(user=self.env.user)
        with self.assertRaises(AccessError):
            wizard.with_user(accountant).action_confirm()
        self.assertFalse(self.env["bocp.job"].search([("user_id", "=", accountant.id)]))
