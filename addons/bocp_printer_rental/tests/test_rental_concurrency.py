from contextlib import closing

import psycopg2.errors

from odoo import Command, api
from odoo.tests import TransactionCase
from odoo.tools import mute_logger


class TestOneActiveDossierPerPrinter(TransactionCase):
    """Two users rent the same printer at the same moment: the database keeps
    one active dossier. Runs with two real committed transactions."""

    def _new_env(self, cr):
        return api.Environment(cr, self.env.uid, {"tracking_disable": True})

    def _commit_fixture(self):
        with self.registry.cursor() as cr:  # committed when the block ends
            env = self._new_env(cr)
            bw = env.ref("bocp_printer_rental.counter_type_bw")
            ptype = env["bocp.printer.type"].create(
                {"name": "Concurrency type", "counter_type_ids": [Command.set(bw.ids)]}
            )
            printer = env["bocp.printer"].create(
                {"code": "CONCURRENCY-TEST-1", "printer_type_id": ptype.id}
            )
            partners = env["res.partner"].create(
                [{"name": "Concurrent A"}, {"name": "Concurrent B"}]
            )
            rentals = env["bocp.rental"].create(
                [
                    {"partner_id": partner.id, "printer_id": printer.id}
                    for partner in partners
                ]
            )
            for rental in rentals:
                rental._create_reading(
                    "handover", [{"counter_type_id": bw.id, "value": 10}]
                )
            ids = (ptype.id, printer.id, partners.ids, rentals.ids)
        self.addCleanup(self._cleanup, *ids)
        return ids

    def _cleanup(self, ptype_id, printer_id, partner_ids, rental_ids):
        with self.registry.cursor() as cr:  # committed when the block ends
            cr.execute(
                "UPDATE bocp_reading_line SET previous_line_id = NULL "
                "WHERE rental_id = ANY(%s)",
                [rental_ids],
            )
            cr.execute(
                "DELETE FROM bocp_reading WHERE rental_id = ANY(%s)", [rental_ids]
            )
            cr.execute("DELETE FROM bocp_rental WHERE id = ANY(%s)", [rental_ids])
            cr.execute("DELETE FROM bocp_printer WHERE id = %s", [printer_id])
            cr.execute("DELETE FROM bocp_printer_type WHERE id = %s", [ptype_id])
            for model, ids in (
                ("bocp.rental", rental_ids),
                ("bocp.printer", [printer_id]),
                ("res.partner", partner_ids),
            ):
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s "
                    "AND res_id = ANY(%s)",
                    [model, ids],
                )
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)",
                    [model, ids],
                )
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [partner_ids])

    def test_two_transactions_activate_same_printer(self):
        _ptype_id, printer_id, _partners, (rental_a_id, rental_b_id) = (
            self._commit_fixture()
        )
        with (
            closing(self.registry.cursor()) as cr_a,
            closing(self.registry.cursor()) as cr_b,
        ):
            env_a, env_b = self._new_env(cr_a), self._new_env(cr_b)
            rental_b = env_b["bocp.rental"].browse(rental_b_id)
            # B takes its snapshot first: the printer is available for it
            self.assertEqual(rental_b.printer_id.state, "available")
            env_a["bocp.rental"].browse(rental_a_id).action_activate()
            cr_a.commit()  # pylint: disable=invalid-commit
            # B's Python checks still see an available printer (old snapshot);
            # the unique index refuses the second active dossier.
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.UniqueViolation),
            ):
                rental_b.write({"state": "active"})
                rental_b.flush_recordset(["state"])
            cr_b.rollback()
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                "SELECT count(*) FROM bocp_rental WHERE printer_id = %s "
                "AND state = 'active'",
                [printer_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def test_concurrent_activation_waits_then_fails(self):
        """B activates while A's activation is not committed yet: B waits on
        the index, then fails once A commits."""
        _ptype_id, printer_id, _partners, (rental_a_id, rental_b_id) = (
            self._commit_fixture()
        )
        with (
            closing(self.registry.cursor()) as cr_a,
            closing(self.registry.cursor()) as cr_b,
        ):
            env_a, env_b = self._new_env(cr_a), self._new_env(cr_b)
            env_a["bocp.rental"].browse(rental_a_id).action_activate()
            # A holds its uncommitted row: B's insert into the index must wait
            cr_b.execute("SET LOCAL lock_timeout = '1s'")
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                env_b["bocp.rental"].browse(rental_b_id).action_activate()
            cr_b.rollback()
            cr_a.commit()  # pylint: disable=invalid-commit
        with closing(self.registry.cursor()) as cr:
            env = self._new_env(cr)
            printer = env["bocp.printer"].browse(printer_id)
            self.assertEqual(printer.state, "rented")
            self.assertEqual(printer.rental_id.id, rental_a_id)

    def test_two_transactions_read_same_printer(self):
        """Two users enter a reading of the same rented printer at the same
        moment: the second one fails instead of counting the pages since the
        same index a second time (they would be billed twice)."""
        _ptype_id, _printer_id, _partners, (rental_id, _rental_b_id) = (
            self._commit_fixture()
        )
        with self.registry.cursor() as cr:  # committed when the block ends
            env = self._new_env(cr)  # kept alive: commit flushes its pending writes
            env["bocp.rental"].browse(rental_id).action_activate()
        with (
            closing(self.registry.cursor()) as cr_a,
            closing(self.registry.cursor()) as cr_b,
        ):
            env_a, env_b = self._new_env(cr_a), self._new_env(cr_b)
            rental_b = env_b["bocp.rental"].browse(rental_id)
            # B takes its snapshot first: the handover is the last reading
            self.assertEqual(rental_b.state, "active")
            bw = env_a.ref("bocp_printer_rental.counter_type_bw")
            env_a["bocp.rental"].browse(rental_id)._create_reading(
                "manual", [{"counter_type_id": bw.id, "value": 20}]
            )
            cr_a.commit()  # pylint: disable=invalid-commit
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.UniqueViolation),
            ):
                rental_b._create_reading(
                    "manual", [{"counter_type_id": bw.id, "value": 30}]
                )
                env_b.flush_all()
            cr_b.rollback()
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                "SELECT sum(pages), count(*) FROM bocp_reading_line "
                "WHERE rental_id = %s",
                [rental_id],
            )
            self.assertEqual(cr.fetchone(), (10, 2))
