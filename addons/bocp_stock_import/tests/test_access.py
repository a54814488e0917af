from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, users

from .common import StockImportCase
from .test_check import row


class TestAccess(StockImportCase):
    """Stock managers import; stock users only look; others see nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="si_stock_user", groups="stock.group_stock_user")
        new_test_user(cls.env, login="si_employee", groups="base.group_user")
        cls.other_company = cls.env["res.company"].create({"name": "Alta Firmă SRL"})
        new_test_user(
            cls.env,
            login="si_other_manager",
            groups="stock.group_stock_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.stock_import = cls.env["bocp.stock.import"].create(
            {
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.sublocation.id,
                "categ_id": cls.categ_fifo.id,
                "number_format": "ro",
                "paste_data": "Cod produs\tCantitate\tCost\r\nEX-001\t2\t3\r\n",
            }
        )

    @users("si_manager")
    def test_manager_runs_the_whole_import(self):
        self.assertTrue(
            self.env.user.has_group("bocp_stock_import.group_stock_import_manager")
        )
        stock_import = self.checked(
            [row("EX-001", qty="4", cost="2"), row("NEW-M", "Nou", qty="1")]
        )
        self.assertEqual(stock_import.env.user, self.env.user)
        stock_import.action_confirm()
        self.assertEqual(stock_import.state, "done")
        self.assertEqual(stock_import.picking_id.state, "done")

    @users("si_stock_user")
    def test_stock_user_reads_but_cannot_import(self):
        stock_import = self.stock_import.with_env(self.env)
        self.assertEqual(stock_import.name, self.stock_import.name)
        with self.assertRaises(AccessError):
            self.env["bocp.stock.import"].create({"warehouse_id": self.warehouse.id})
        with self.assertRaises(AccessError):
            stock_import.action_check()
        with self.assertRaises(AccessError):
            stock_import.write({"create_products": True})

    @users("si_employee")
    def test_employee_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.stock_import.with_env(self.env).read(["name"])

    @users("si_other_manager")
    def test_other_company_does_not_see_the_import(self):
        imports = self.env["bocp.stock.import"].search([])
        self.assertNotIn(self.stock_import.id, imports.ids)
        lines = self.env["bocp.stock.import.line"].search([])
        self.assertFalse(lines & self.stock_import.line_ids)

    def test_bulk_sql_checks_access_like_the_orm(self):
        """The rows are written with SQL for speed; the access rules hold."""
        self.stock_import.action_check()
        line = self.stock_import.line_ids
        Line = self.env["bocp.stock.import.line"]
        changes = [(line.id, {"message": "changed"})]
        stock_user = Line.with_user(
            self.env["res.users"].search([("login", "=", "si_stock_user")])
        )
        with self.assertRaises(AccessError):
            stock_user._bulk_update(self.stock_import.with_env(stock_user.env), changes)
        self.assertEqual(
            len(stock_user._bulk_read(self.stock_import.with_env(stock_user.env))), 1
        )
        other = Line.with_user(
            self.env["res.users"].search([("login", "=", "si_other_manager")])
        )
        foreign = self.stock_import.with_env(other.env)
        for call in (
            lambda: other._bulk_read(foreign),
            lambda: other._bulk_update(foreign, changes),
            lambda: other._bulk_insert(foreign, [], []),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertNotEqual(line.message, "changed")

    def test_bulk_update_touches_only_rows_of_its_import(self):
        self.stock_import.action_check()
        own = self.checked([row("EX-001", qty="4", cost="2")])
        Line = self.env["bocp.stock.import.line"].with_user(self.manager)
        stranger = self.stock_import.line_ids
        Line._bulk_update(own, [(stranger.id, {"message": "not mine"})])
        self.assertNotEqual(stranger.message, "not mine")

    def test_bulk_update_wins_over_a_pending_orm_write(self):
        stock_import = self.checked([row("EX-001", qty="4", cost="2")])
        line = stock_import.line_ids
        line.sudo().write({"message": "stale"})  # in cache, not flushed yet
        line._bulk_update(stock_import, [(line.id, {"message": "fresh"})])
        self.assertEqual(line.message, "fresh")
        self.env.invalidate_all()
        self.assertEqual(line.message, "fresh")

    def test_menu_is_for_stock_managers_only(self):
        menu = self.env.ref("bocp_stock_import.menu_bocp_stock_import")
        # the seed's path: Inventar → Recepții marfă → Import recepții
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("stock.menu_stock_root")
        )
        manager_menus = (
            self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        )
        self.assertIn(menu.id, manager_menus)
        stock_user = self.env["res.users"].search([("login", "=", "si_stock_user")])
        user_menus = self.env["ir.ui.menu"].with_user(stock_user)._visible_menu_ids()
        self.assertNotIn(menu.id, user_menus)
