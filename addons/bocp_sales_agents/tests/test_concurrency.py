from odoo import api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import create_ledger_lines


@tagged("post_install", "-at_install")
class TestConcurrentSettlement(TransactionCase):
    """Two users settle the same agent at once, each in a real transaction."""

    def _commit_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            agent = env["res.partner"].create(
                {"name": "BOCP Concurrency Agent", "bocp_is_agent": True}
            )
            move = env["account.move"].create(
                {"move_type": "out_invoice", "partner_id": agent.id}
            )
            create_ledger_lines(
                env, move, [(agent, amount, "validated") for amount in (10, 20, 30)]
            )
            return agent.id, move.id

    def _cleanup(self, agent_id, move_id):
        """Remove what the real transactions committed."""
        settlements = (
            "SELECT id FROM bocp_commission_settlement WHERE agent_id = %(agent)s"
        )
        queries = [
            "DELETE FROM mail_message WHERE model = 'bocp.commission.settlement' "
            f"AND res_id IN ({settlements})",
            "DELETE FROM mail_followers WHERE res_model = 'bocp.commission.settlement' "
            f"AND res_id IN ({settlements})",
            "DELETE FROM mail_message WHERE model = 'account.move' AND res_id = %(move)s",
            "DELETE FROM mail_followers WHERE res_model = 'account.move' "
            "AND res_id = %(move)s",
            "DELETE FROM bocp_commission_settlement_line WHERE settlement_id IN "
            f"({settlements})",
            "DELETE FROM bocp_commission_line WHERE agent_id = %(agent)s",
            "DELETE FROM bocp_commission_settlement WHERE agent_id = %(agent)s",
            "DELETE FROM account_move WHERE id = %(move)s",
            "DELETE FROM mail_followers WHERE partner_id = %(agent)s",
            "DELETE FROM res_partner WHERE id = %(agent)s",
        ]
        with self.registry.cursor() as cr:
            for query in queries:
                cr.execute(query, {"agent": agent_id, "move": move_id})

    def _settle(self, cr, agent_id):
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        lines = env["bocp.commission.line"].search(
            [("agent_id", "=", agent_id), ("state", "=", "validated")]
        )
        return lines._bocp_settle()

    def test_two_users_settle_same_agent(self):
        agent_id, move_id = self._commit_data()
        self.addCleanup(self._cleanup, agent_id, move_id)
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            first = self._settle(cr1, agent_id)
            self.assertEqual(first.total, 60.0)
            # The second user runs while the first has not committed yet.
            with mute_logger("odoo.sql_db"), self.assertRaises(UserError):
                self._settle(cr2, agent_id)
            cr1.commit()
            cr2.rollback()
            # Retried after the first committed: nothing left, nothing doubled.
            self.assertFalse(self._settle(cr2, agent_id))
            cr2.commit()
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT COUNT(*), COUNT(DISTINCT sl.commission_line_id)
                  FROM bocp_commission_settlement_line sl
                  JOIN bocp_commission_line l ON l.id = sl.commission_line_id
                 WHERE l.agent_id = %s AND sl.is_active
                """,
                (agent_id,),
            )
            self.assertEqual(cr.fetchone(), (3, 3))
            cr.execute(
                "SELECT COUNT(*) FROM bocp_commission_settlement WHERE agent_id = %s",
                (agent_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1)
