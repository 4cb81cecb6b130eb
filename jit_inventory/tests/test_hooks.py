# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from ..hooks import pre_init_hook, uninstall_hook
from .common import JitCommon


@tagged("post_install", "-at_install")
class TestJitHooks(JitCommon):
    def test_uninstall_restores_the_mto_route(self):
        """Install with Odoo's MTO route archived, turn JIT on (which
        unarchives it), uninstall: the route is archived again; installed with
        the route active, it stays active."""
        route = self.env.ref("stock.route_warehouse0_mto")
        for was_active in (False, True):
            with self.subTest(was_active=was_active):
                route.active = was_active
                self.company.jit_procurement = False
                pre_init_hook(self.env)
                self.company.jit_procurement = True
                self.assertTrue(route.active)
                uninstall_hook(self.env)
                self.assertEqual(route.active, was_active)
                self.assertFalse(
                    self.env["ir.config_parameter"].get_param(
                        "jit_inventory.mto_route_was_active"
                    )
                )
