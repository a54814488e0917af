from contextlib import closing
from datetime import date

import psycopg2.errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tools import mute_logger


class TestInvoiceOnce(TransactionCase):
    """Two users invoice the same client at the same time: one invoice.
    Runs with two real committed transactions."""

    def _env(self, cr):
        return api.Environment(cr, self.env.uid, {"tracking_disable": True})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:  # committed when the block ends
            env = self._env(cr)
            bw = env.ref("bocp_printer_rental.counter_type_bw")
            ptype = env["bocp.printer.type"].create(
                {
                    "name": "Billing concurrency",
                    "counter_type_ids": [Command.set(bw.ids)],
                }
            )
            printer = env["bocp.printer"].create(
                {"code": "BILL-CONCURRENCY-1", "printer_type_id": ptype.id}
            )
            partner = env["res.partner"].create({"name": "Concurrent billing client"})
            rental = env["bocp.rental"].create(
                {"partner_id": partner.id, "printer_id": printer.id}
            )
            rental._create_reading(
                "handover",
                [{"counter_type_id": bw.id, "value": 0}],
                date=date(2025, 1, 2),
            )
            rental.action_activate()
            rental._create_reading(
                "manual",
                [{"counter_type_id": bw.id, "value": 1000}],
                date=date(2025, 1, 31),
            )
            self.ids = {
                "ptype": ptype.id,
                "printer": printer.id,
                "partner": partner.id,
                "rental": rental.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        ids = self.ids
        with self.registry.cursor() as cr:  # committed when the block ends
            cr.execute(
                "SELECT DISTINCT move_id FROM account_move_line WHERE bocp_rental_id = %s",
                [ids["rental"]],
            )
            move_ids = [row[0] for row in cr.fetchall()]
            cr.execute(
                "UPDATE bocp_reading_line SET invoice_line_id = NULL WHERE rental_id = %s",
                [ids["rental"]],
            )
            cr.execute("DELETE FROM account_move WHERE id = ANY(%s)", [move_ids])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'account.move' "
                "AND res_id = ANY(%s)",
                [move_ids],
            )
            cr.execute("DELETE FROM bocp_reading WHERE rental_id = %s", [ids["rental"]])
            cr.execute("DELETE FROM bocp_rental WHERE id = %s", [ids["rental"]])
            cr.execute("DELETE FROM bocp_printer WHERE id = %s", [ids["printer"]])
            cr.execute("DELETE FROM bocp_printer_type WHERE id = %s", [ids["ptype"]])
            for model, res_id in (
                ("bocp.rental", ids["rental"]),
                ("bocp.printer", ids["printer"]),
                ("res.partner", ids["partner"]),
            ):
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id = %s",
                    [model, res_id],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                    [model, res_id],
                )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [ids["partner"]])

    def _invoice(self, env):
        partner = env["res.partner"].browse(self.ids["partner"])
        return env["bocp.billing"]._create_invoices(partner, date(2025, 1, 31))

    def _invoice_count(self):
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                "SELECT count(DISTINCT move_id) FROM account_move_line "
                "WHERE bocp_rental_id = %s",
                [self.ids["rental"]],
            )
            return cr.fetchone()[0]

    def test_second_user_blocked_while_first_invoices(self):
        with (
            closing(self.registry.cursor()) as cr_a,
            closing(self.registry.cursor()) as cr_b,
        ):
            move = self._invoice(self._env(cr_a))
            self.assertEqual(move.amount_untaxed, 1000 * 0.05)
            with self.assertRaisesRegex(UserError, "Another user"):
                self._invoice(self._env(cr_b))
            cr_b.rollback()
            cr_a.commit()  # pylint: disable=invalid-commit
            # B again, after A: nothing is left to invoice
            with self.assertRaisesRegex(UserError, "Nothing to invoice"):
                self._invoice(self._env(cr_b))
            cr_b.rollback()
        self.assertEqual(self._invoice_count(), 1)

    def test_second_user_with_older_snapshot(self):
        """B started before A committed: PostgreSQL refuses B's lock (Odoo
        retries the request, which then finds nothing to invoice)."""
        with (
            closing(self.registry.cursor()) as cr_a,
            closing(self.registry.cursor()) as cr_b,
        ):
            env_b = self._env(cr_b)
            cr_b.execute("SELECT 1")  # B's snapshot is taken here
            self._invoice(self._env(cr_a))
            cr_a.commit()  # pylint: disable=invalid-commit
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                self._invoice(env_b)
            cr_b.rollback()
        self.assertEqual(self._invoice_count(), 1)
