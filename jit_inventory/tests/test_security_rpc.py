# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import JitCommon

# What a refusal may be: a message for the user, never a traceback.
REFUSALS = {
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}
ROLES = ("employee", "portal", "salesperson_b", "jit_user", "jit_manager")


@tagged("post_install", "-at_install")
class TestSecurityRpc(HttpCase, JitCommon):
    """Every public method of every model the addon defines or extends, called
    over JSON-RPC by each role: refused with a clear error, or a harmless read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._create_company("JIT Company B")
        cls.portal = new_test_user(
            cls.env, login="jit_portal", groups="base.group_portal"
        )
        cls.users = {
            "employee": new_test_user(
                cls.env, login="jit_employee", company_id=cls.company.id
            ),
            "portal": cls.portal,
            "salesperson_b": new_test_user(
                cls.env,
                login="jit_salesperson_b",
                groups="sales_team.group_sale_salesman",
                company_id=cls.company_b.id,
                company_ids=[Command.set(cls.company_b.ids)],
            ),
            "jit_user": cls.jit_user,
            "jit_manager": new_test_user(
                cls.env,
                login="jit_pure_manager",
                groups="jit_inventory.group_jit_manager",
                company_id=cls.company.id,
            ),
        }
        cls.sale = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.portal.partner_id.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_qty": 1})
                ],
            }
        )
        cls.purchase.message_subscribe(partner_ids=cls.portal.partner_id.ids)
        cls.selection = cls.env["jit.vendor.selection"].create(
            {
                "company_id": cls.company.id,
                "product_id": cls.product.id,
                "partner_id": cls.vendor_a.id,
                "sale_line_id": cls.sale.order_line.id,
                "purchase_line_id": cls.purchase.order_line.id,
                "score": 70.0,
                "candidate_ids": [
                    Command.create({"partner_id": cls.vendor_a.id, "rank": 1})
                ],
            }
        )
        cls.score = cls.env["jit.vendor.score"].create(
            {
                "company_id": cls.company.id,
                "partner_id": cls.vendor_a.id,
                "score": 12.0,
                "standing": "blocked",
            }
        )
        cls.rule = cls.env["jit.supplier.rule"].create(
            {"categ_id": cls.category.id, "max_lead_time_days": 10}
        )
        category_b = cls.env["product.category"].create({"name": "B Parts"})
        cls.rule_b = cls.env["jit.supplier.rule"].create(
            {"categ_id": category_b.id, "company_id": cls.company_b.id}
        )

    def _call(self, role, model, method, args, kwargs=None):
        """Call as ``role``; return ``("ok", result)`` or ``("refused", name)``."""
        user = self.users[role]
        self.authenticate(user.login, user.login)
        try:
            with mute_logger("odoo.http"):
                result = self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                )
        except JsonRpcException as error:
            self.assertIn(error.args[0], REFUSALS, f"{role} {model}.{method}")
            return "refused", error.args[0]
        return "ok", result

    def _calls(self):
        """``(model, method, args, kwargs, roles allowed, harmless)``: the
        roles allowed must succeed; the others must be refused, unless
        ``harmless(role, result)`` says a successful call was a harmless read
        (opening a view of what the user may read anyway)."""

        def opens_window(role, result):
            return isinstance(result, dict) and result.get("type") in (
                "ir.actions.act_window",
            )

        jit_readers = {"jit_user", "jit_manager"}
        s, c = self.selection, self.selection.candidate_ids
        return [
            # Derived records: written by the addon only.
            (
                "jit.vendor.score",
                "write",
                [self.score.ids, {"score": 87.6}],
                {},
                (),
                None,
            ),
            ("jit.vendor.score", "unlink", [self.score.ids], {}, (), None),
            (
                "jit.vendor.score",
                "create",
                [{"company_id": self.company.id, "partner_id": self.vendor_b.id}],
                {},
                (),
                None,
            ),
            ("jit.vendor.selection", "write", [s.ids, {"score": 1.0}], {}, (), None),
            ("jit.vendor.selection", "unlink", [s.ids], {}, (), None),
            (
                "jit.vendor.selection",
                "create",
                [{"company_id": self.company.id, "product_id": self.product.id}],
                {},
                (),
                None,
            ),
            (
                "jit.vendor.selection.candidate",
                "write",
                [c.ids, {"rank": 9}],
                {},
                (),
                None,
            ),
            ("jit.vendor.selection.candidate", "unlink", [c.ids], {}, (), None),
            ("jit.dwell.record", "create", [{}], {}, (), None),
            # Private and abstract entry points.
            ("jit.dwell.mixin", "action_jit_open_dwell", [[1]], {}, (), None),
            ("jit.purchase.line.report", "init", [[]], {}, (), None),
            ("jit.dwell.aging.report", "init", [[]], {}, (), None),
            ("jit.vendor.score", "_jit_recompute", [[]], {}, (), None),
            # Dashboard: JIT readers only, and malformed parameters refused.
            ("jit.dashboard", "get_kpis", [{}], {}, jit_readers, None),
            ("jit.dashboard", "get_ranking", [{}], {"limit": 5}, jit_readers, None),
            ("jit.dashboard", "get_trend", [{}], {}, jit_readers, None),
            ("jit.dashboard", "get_dwell_histogram", [{}], {}, jit_readers, None),
            ("jit.dashboard", "get_ranking", [{}], {"limit": -1}, (), None),
            ("jit.dashboard", "get_ranking", [{}], {"limit": 2**70}, (), None),
            ("jit.dashboard", "get_trend", [{"date_from": "yesterday"}], {}, (), None),
            ("jit.dashboard", "get_kpis", [{"partner_id": [1, 2]}], {}, (), None),
            ("jit.dashboard", "get_dwell_histogram", [[1, 2]], {}, (), None),
            # Smart buttons: open a view of what the user may read, at most.
            (
                "sale.order",
                "action_jit_open_selections",
                [self.sale.ids],
                {},
                (),
                opens_window,
            ),
            (
                "sale.order.line",
                "action_jit_open_selection",
                [self.sale.order_line.ids],
                {},
                (),
                opens_window,
            ),
            (
                "sale.order",
                "action_jit_open_dwell",
                [self.sale.ids],
                {},
                (),
                opens_window,
            ),
            (
                "purchase.order",
                "action_jit_open_selections",
                [self.purchase.ids],
                {},
                (),
                opens_window,
            ),
            (
                "purchase.order.line",
                "action_jit_open_selection",
                [self.purchase.order_line.ids],
                {},
                (),
                opens_window,
            ),
            (
                "purchase.order",
                "action_jit_open_dwell",
                [self.purchase.ids],
                {},
                (),
                opens_window,
            ),
            (
                "product.template",
                "action_jit_open_dwell",
                [self.product.product_tmpl_id.ids],
                {},
                (),
                opens_window,
            ),
            (
                "res.partner",
                "action_jit_open_deliveries",
                [self.vendor_a.ids],
                {},
                (),
                opens_window,
            ),
            # Internal figures and configuration.
            (
                "purchase.order",
                "read",
                [self.purchase.ids, ["jit_vendor_standing"]],
                {},
                (),
                lambda role, result: role != "portal",
            ),
            (
                "jit.supplier.rule",
                "create",
                [{"categ_id": self.category.id, "company_id": self.company_b.id}],
                {},
                (),
                None,
            ),
            (
                "jit.supplier.rule",
                "write",
                [self.rule_b.ids, {"max_lead_time_days": 1}],
                {},
                (),
                None,
            ),
            (
                "jit.supplier.rule",
                "write",
                [self.rule.ids, {"max_lead_time_days": 99999999999}],
                {},
                (),
                None,
            ),
            (
                "res.company",
                "write",
                [self.company_b.ids, {"jit_score_window_days": 3000000}],
                {},
                (),
                None,
            ),
            # Last: the manager's recompute deletes the score (no history).
            (
                "jit.vendor.score",
                "action_jit_recompute",
                [[]],
                {},
                {"jit_manager"},
                None,
            ),
        ]

    def test_01_public_methods_by_role(self):
        """Each role gets a refusal (a clear error) or a harmless result."""
        for model, method, args, kwargs, allowed, harmless in self._calls():
            for role in ROLES:
                with self.subTest(role=role, call=f"{model}.{method}", kwargs=kwargs):
                    outcome, result = self._call(role, model, method, args, kwargs)
                    if role in allowed:
                        self.assertEqual(outcome, "ok", result)
                    elif outcome == "ok":
                        self.assertTrue(
                            harmless and harmless(role, result),
                            f"{role} was not refused: {result}",
                        )
        # Nothing derived was changed by anybody but the manager's recompute.
        self.assertTrue(self.selection.exists())
        self.assertEqual(self.selection.candidate_ids.rank, 1)
        self.assertEqual(self.rule_b.max_lead_time_days, 0)
        self.assertEqual(self.rule.max_lead_time_days, 10)
        self.assertEqual(self.company_b.jit_score_window_days, 365)

    def test_02_portal_vendor_sees_its_order_not_its_standing(self):
        outcome, result = self._call(
            "portal", "purchase.order", "read", [self.purchase.ids, ["name"]]
        )
        self.assertEqual((outcome, result[0]["name"]), ("ok", self.purchase.name))
        outcome, name = self._call(
            "portal",
            "purchase.order",
            "read",
            [self.purchase.ids, ["jit_vendor_standing"]],
        )
        self.assertEqual((outcome, name), ("refused", "odoo.exceptions.AccessError"))

    def test_03_vendor_deletion_answers_clearly(self):
        """Deleting a vendor that was a candidate is refused with a message
        naming the explanation and suggesting to archive instead."""
        self.users["jit_manager"].group_ids |= self.env.ref(
            "base.group_partner_manager"
        )
        user = self.users["jit_manager"]
        self.authenticate(user.login, user.login)
        with (
            mute_logger("odoo.http", "odoo.sql_db"),
            self.assertRaises(JsonRpcException) as caught,
        ):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "res.partner",
                    "method": "unlink",
                    "args": [self.vendor_a.ids],
                    "kwargs": {},
                },
            )
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.ValidationError")
        self.assertTrue(self.vendor_a.exists())
