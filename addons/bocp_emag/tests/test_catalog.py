"""Categories, offers (linking, creation) and the price/stock push."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.bocp_job.tests.common import run_jobs

from .common import EmagSimCase


@tagged("post_install", "-at_install")
class TestCatalog(EmagSimCase):
    def _run_job(self, job_type, account=None):
        job = (account or self.account)._bocp_emag_enqueue(job_type)
        run_jobs(self.env)
        return job

    def test_offers_link_by_part_number_then_ean(self):
        by_pn = self.env["product.product"].create(
            {"name": "Espressor", "default_code": "EC685.M", "is_storable": True}
        )
        lavazza = self.sim.get_offer(1002)
        by_ean = self.env["product.product"].create(
            {"name": "Cafea", "barcode": lavazza["ean"][0], "is_storable": True}
        )
        self.account.create_missing_products = False
        job = self._run_job("sync_offers")
        self.assertEqual(job.state, "done", job.error or job.summary)
        offers = self.env["bocp.emag.offer"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(offers), len(self.sim.offers()))
        self.assertEqual(offers.filtered(lambda o: o.emag_id == 1001).product_id, by_pn)
        self.assertEqual(
            offers.filtered(lambda o: o.emag_id == 1002).product_id, by_ean
        )
        self.assertEqual(len(offers.filtered("product_id")), 2)

    def test_offers_create_products_and_characteristics(self):
        self.account.write(
            {"create_missing_products": True, "create_attribute_values": True}
        )
        self.sim.seed_offers(
            [
                dict(
                    self.sim.get_offer(1001),
                    id=1900,
                    part_number="NEW-PN-1",
                    part_number_key="",
                    ean=["5941234567892"],
                    characteristics=[{"id": 6001, "value": "Manual"}],
                )
            ]
        )
        self._run_job("sync_offers")
        self._run_job("sync_categories")
        self._run_job("sync_offers")
        offer = self.env["bocp.emag.offer"].search(
            [("account_id", "=", self.account.id), ("emag_id", "=", 1900)]
        )
        product = offer.product_id
        self.assertEqual(product.default_code, "NEW-PN-1")
        self.assertEqual(product.barcode, "5941234567892")
        category = offer.category_id
        self.assertTrue(category.characteristic_ids)
        line = product.product_tmpl_id.attribute_line_ids
        self.assertEqual(line.value_ids.mapped("name"), ["Manual"])
        self.assertEqual(line.attribute_id.create_variant, "no_variant")

    def test_push_price_and_stock_within_rate_limit(self):
        self.sim.generate_offers(120, seed=1)
        self.account.create_missing_products = True
        self._run_job("sync_offers")
        offers = self.env["bocp.emag.offer"].search(
            [("account_id", "=", self.account.id), ("emag_id", "=", 1001)]
        )
        product = offers.product_id
        product.list_price = 700.0
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, 7
        )
        job = self._run_job("push_offers")
        self.assertEqual(job.state, "done", job.error or job.summary)
        emag = self.sim.get_offer(1001)
        self.assertEqual(float(emag["sale_price"]), 700.0)
        self.assertEqual(emag["general_stock"], 7)
        saves = self.sim.requests_for("offer/save")
        self.assertEqual(len(saves), 3, "125 offers, 50 per call")
        self.assertEqual(self.sim.rate_limit_hits(), [])
        self.assertLessEqual(self.sim.max_observed_rate("other"), 3)
        # nothing changed: nothing sent
        self._run_job("push_offers")
        self.assertEqual(len(self.sim.requests_for("offer/save")), 3)
        # one change: one offer sent
        product.list_price = 710.0
        self._run_job("push_offers")
        saves = self.sim.requests_for("offer/save")
        self.assertEqual(len(saves), 4)
        payload = saves[-1].payload
        data = payload["data"] if isinstance(payload, dict) else payload
        self.assertEqual(len(data), 1)

    def test_same_job_twice_is_queued_once(self):
        first = self.account._bocp_emag_enqueue("sync_categories")
        second = self.account._bocp_emag_enqueue("sync_categories")
        self.assertEqual(first, second)
        self.account.action_sync_categories()
        self.assertEqual(
            self._jobs("sync_categories").filtered(lambda j: j.state == "queued"), first
        )
        self.assertEqual(first.res_model, "bocp.emag.account")
        self.assertEqual(first.res_id, self.account.id)

    def _jobs(self, job_type):
        return self.env["bocp.job"].search(
            [("key", "=", f"bocp.emag.account,{self.account.id}:{job_type}")]
        )

    def test_failed_job_explains(self):
        self.sim.api_rights = False
        job = self._run_job("sync_categories")
        self.assertEqual(job.state, "failed")
        self.assertIn("API", job.error)

    def test_scheduled_push_queues_one_job_per_account(self):
        self.account.push_offers = True
        self.env["bocp.emag.account"]._cron_push_offers()
        self.env["bocp.emag.account"]._cron_push_offers()
        jobs = self._jobs("push_offers")
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.state, "queued")

    def test_api_log_is_kept_30_days(self):
        Log = self.env["bocp.emag.api.log"]
        now = fields.Datetime.now()
        older, newer = Log.create(
            [
                {
                    "account_id": self.account.id,
                    "route": "vat/read",
                    "create_date": now - timedelta(days=30, hours=1),
                },
                {
                    "account_id": self.account.id,
                    "route": "vat/read",
                    "create_date": now - timedelta(days=29, hours=23),
                },
            ]
        )
        Log._gc_old_calls()
        self.assertFalse(older.exists(), "more than 30 days old: forgotten")
        self.assertTrue(newer.exists(), "30 days are kept, as eMAG asks")
