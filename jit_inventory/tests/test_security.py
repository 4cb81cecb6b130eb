# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2.errors import ForeignKeyViolation, UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import JitCommon
from .test_dwell import JitDwellCommon


@tagged("post_install", "-at_install")
class TestSecurity(JitCommon):
    """Access rights, multi-company rules and imports of the configuration models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._create_company("JIT Company B")
        cls.employee = new_test_user(
            cls.env, login="jit_employee", company_id=cls.company.id
        )
        cls.pure_jit_manager = new_test_user(
            cls.env,
            login="jit_pure_manager",
            groups="jit_inventory.group_jit_manager",
            company_id=cls.company.id,
        )
        cls.category_b = cls.env["product.category"].create({"name": "B Parts"})
        cls.rule = cls.env["jit.supplier.rule"].create(
            {"categ_id": cls.category.id, "max_lead_time_days": 10}
        )
        cls.rule_b = cls.env["jit.supplier.rule"].create(
            {"categ_id": cls.category_b.id, "company_id": cls.company_b.id}
        )
        cls.score, cls.score_b = cls.env["jit.vendor.score"].create(
            [
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.vendor_a.id,
                    "score": 80.0,
                },
                {
                    "company_id": cls.company_b.id,
                    "partner_id": cls.vendor_a.id,
                    "score": 20.0,
                },
            ]
        )

    def test_01_jit_user_reads_but_cannot_edit(self):
        """1. A JIT user reads rules and scores but edits neither."""
        rule = self.rule.with_user(self.jit_user)
        self.assertEqual(rule.max_lead_time_days, 10)
        self.assertEqual(self.score.with_user(self.jit_user).score, 80.0)
        with self.assertRaises(AccessError):
            rule.max_lead_time_days = 3
        with self.assertRaises(AccessError):
            self.score.with_user(self.jit_user).score = 99.0
        with self.assertRaises(AccessError):
            self.env["jit.supplier.rule"].with_user(self.jit_user).create(
                {"categ_id": self.category_b.id}
            )

    def test_02_jit_manager_edits_rules(self):
        """2. A JIT manager edits rules; settings need Settings rights too
        (the test manager is also an administrator)."""
        self.rule.with_user(self.jit_manager).max_lead_time_days = 3
        self.assertEqual(self.rule.max_lead_time_days, 3)
        self.company.with_user(self.jit_manager).jit_weight_price = 25.0
        self.assertEqual(self.company.jit_weight_price, 25.0)

    def test_03_salesperson_has_no_access_to_configuration(self):
        """3. A salesperson without JIT rights reads no rule and no score."""
        with self.assertRaises(AccessError):
            self.rule.with_user(self.salesperson).read(["max_lead_time_days"])
        with self.assertRaises(AccessError):
            self.score.with_user(self.salesperson).read(["score"])

    def test_04_multi_company_isolation(self):
        """4. Users see only their companies' rules and scores."""
        for model, own, other in (
            ("jit.supplier.rule", self.rule, self.rule_b),
            ("jit.vendor.score", self.score, self.score_b),
        ):
            with self.subTest(model=model):
                visible = self.env[model].with_user(self.jit_manager).search([])
                self.assertIn(own, visible)
                self.assertNotIn(other, visible)
        self.jit_manager.company_ids |= self.company_b
        visible = (
            self.env["jit.vendor.score"]
            .with_user(self.jit_manager)
            .with_context(allowed_company_ids=[self.company.id, self.company_b.id])
            .search([("partner_id", "=", self.vendor_a.id)])
        )
        self.assertEqual(visible, self.score | self.score_b)

    def test_05_import_of_bad_rules_names_the_row(self):
        """5. Importing supplier rules with bad values is refused, row by row."""
        third = self.env["product.category"].create({"name": "Third"})
        fourth = self.env["product.category"].create({"name": "Fourth"})
        result = (
            self.env["jit.supplier.rule"]
            .with_user(self.jit_manager)
            .load(
                ["categ_id/.id", "max_lead_time_days"],
                [[str(third.id), "5"], [str(fourth.id), "-2"]],
            )
        )
        self.assertFalse(result["ids"])
        row_errors = {
            m["rows"]["from"]: m["message"]
            for m in result["messages"]
            if m["type"] == "error"
        }
        self.assertEqual(
            row_errors.get(1),
            "Rule for Fourth: Maximum Lead Time (days) must be a number from 0 to "
            "3650 (got -2).",
        )
        self.assertFalse(
            self.env["jit.supplier.rule"].search([("categ_id", "=", third.id)])
        )

    def test_06_selections_isolated_per_company(self):
        """6. Vendor selections and their candidates stay in their company;
        a salesperson reads them, a JIT user cannot change them."""
        selections = self.env["jit.vendor.selection"].create(
            [
                {
                    "company_id": company.id,
                    "product_id": self.product.id,
                    "partner_id": self.vendor_a.id,
                    "score": 70.0,
                    "candidate_ids": [
                        Command.create({"partner_id": self.vendor_a.id, "rank": 1})
                    ],
                }
                for company in (self.company, self.company_b)
            ]
        )
        for user in (self.jit_user, self.salesperson, self.buyer):
            with self.subTest(user=user.login):
                for model, records in (
                    ("jit.vendor.selection", selections),
                    ("jit.vendor.selection.candidate", selections.candidate_ids),
                ):
                    visible = (
                        self.env[model]
                        .with_user(user)
                        .search([("id", "in", records.ids)])
                    )
                    self.assertEqual(visible, records[0])
        with self.assertRaises(AccessError):
            selections[0].with_user(self.jit_user).score = 99.0
        with self.assertRaises(AccessError):
            selections[0].candidate_ids.with_user(self.salesperson).unlink()

    def test_07_recompute_refused_to_non_managers(self):
        """7. Recomputing scores is refused to everybody but JIT managers,
        and then touches only the manager's companies."""
        for user in (self.employee, self.salesperson, self.buyer, self.jit_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["jit.vendor.score"].with_user(user).action_jit_recompute()
        self.assertEqual(self.score.score, 80.0)
        self.env["jit.vendor.score"].with_user(
            self.pure_jit_manager
        ).action_jit_recompute()
        # No history in company A: its score goes; company B's is untouched.
        self.assertFalse(self.score.exists())
        self.assertEqual(self.score_b.score, 20.0)

    def test_08_derived_records_read_only_for_everybody(self):
        """8. Scores, selections, candidates and dwell records are written
        by the addon only: not even a JIT manager creates, edits or deletes
        them."""
        selection = self.env["jit.vendor.selection"].create(
            {
                "company_id": self.company.id,
                "product_id": self.product.id,
                "partner_id": self.vendor_a.id,
                "candidate_ids": [Command.create({"partner_id": self.vendor_a.id})],
            }
        )
        records = {
            "jit.vendor.score": self.score,
            "jit.vendor.selection": selection,
            "jit.vendor.selection.candidate": selection.candidate_ids,
        }
        for user in (self.pure_jit_manager, self.jit_manager, self.jit_user):
            for model, record in records.items():
                with self.subTest(user=user.login, model=model):
                    record.with_user(user).read(["display_name"])
                    with self.assertRaises(AccessError):
                        record.with_user(user).write({"score": 1.0})
                    with self.assertRaises(AccessError):
                        record.with_user(user).unlink()
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).create({})
            with self.subTest(user=user.login, model="jit.dwell.record"):
                with self.assertRaises(AccessError):
                    self.env["jit.dwell.record"].with_user(user).create({})
                self.assertFalse(
                    self.env["jit.dwell.record"].with_user(user).has_access("write")
                )

    def test_09_dwell_mixin_not_callable_on_the_abstract_model(self):
        """9. The dwell smart button of the abstract mixin is refused."""
        mixin = self.env["jit.dwell.mixin"].with_user(self.jit_user)
        for records in (mixin, mixin.browse(1)):
            with self.assertRaisesRegex(UserError, "opened from a sale order"):
                records.action_jit_open_dwell()

    def test_10_selections_only_link_records_of_their_company(self):
        """10. A selection (or candidate) cannot point to another company's
        purchase line, sale line, product, vendor or price line."""
        product_b = self.env["product.product"].create(
            {"name": "B Widget", "company_id": self.company_b.id}
        )
        vendor_b = self.env["res.partner"].create(
            {"name": "B Vendor", "company_id": self.company_b.id}
        )
        info_b = self.env["product.supplierinfo"].create(
            {
                "partner_id": self.vendor_a.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "company_id": self.company_b.id,
                "price": 1.0,
            }
        )
        po_b = (
            self.env["purchase.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.vendor_a.id,
                    "company_id": self.company_b.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_qty": 1}
                        )
                    ],
                }
            )
        )
        so_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company_b.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        base = {"company_id": self.company.id, "product_id": self.product.id}
        for vals in (
            {"purchase_line_id": po_b.order_line.id},
            {"sale_line_id": so_b.order_line.id},
            {"product_id": product_b.id},
            {"partner_id": vendor_b.id},
            {"supplierinfo_id": info_b.id},
            {"candidate_ids": [Command.create({"partner_id": vendor_b.id})]},
            {
                "candidate_ids": [
                    Command.create(
                        {"partner_id": self.vendor_a.id, "supplierinfo_id": info_b.id}
                    )
                ]
            },
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "no company crossover"),
            ):
                self.env["jit.vendor.selection"].create(dict(base, **vals))
        self.assertFalse(po_b.message_ids.filtered(lambda m: "→" in str(m.body)))

    def test_11_deleting_a_vendor_that_was_a_candidate(self):
        """11. A vendor that was a candidate (or the choice) of a selection
        cannot be deleted, so the explanation stays true; the message says
        why and suggests archiving; a vendor never considered is deleted."""
        self.env["jit.vendor.selection"].create(
            {
                "company_id": self.company.id,
                "product_id": self.product.id,
                "partner_id": self.vendor_a.id,
                "candidate_ids": [
                    Command.create({"partner_id": self.vendor_a.id, "rank": 1}),
                    Command.create({"partner_id": self.vendor_c.id, "rank": 2}),
                ],
            }
        )
        for vendor in (self.vendor_a, self.vendor_c):
            with (
                self.subTest(vendor=vendor.name),
                self.assertRaises(ForeignKeyViolation) as caught,
                mute_logger("odoo.sql_db"),
                self.cr.savepoint(),
            ):
                vendor.unlink()
            # What JSON-RPC answers (odoo.service.model turns it into a
            # ValidationError with this text).
            message = self.env[
                "jit.vendor.selection.candidate"
                if vendor == self.vendor_c
                else "jit.vendor.selection"
            ]._sql_error_to_message(caught.exception)
            self.assertIn("JIT Vendor Selection", message)
            self.assertIn("archiving", message)
        self.vendor_c.action_archive()
        self.assertFalse(self.vendor_c.active)
        nobody = self.env["res.partner"].create({"name": "Never a candidate"})
        nobody.unlink()
        self.assertFalse(nobody.exists())

    def test_12_supplier_rule_of_another_company_not_revealed(self):
        """12. Trying to create a rule in a company the user does not work in
        answers the same whether that company has a rule or not, and the
        uniqueness message speaks of the user's own company."""
        Rule = self.env["jit.supplier.rule"].with_user(self.pure_jit_manager)
        for category in (self.category_b, self.category):
            with (
                self.subTest(category=category.name),
                self.assertRaisesRegex(AccessError, "companies you are working in"),
            ):
                Rule.create({"categ_id": category.id, "company_id": self.company_b.id})
        with self.assertRaisesRegex(AccessError, "companies you are working in"):
            self.rule.with_user(self.pure_jit_manager).company_id = self.company_b
        with (
            self.assertRaises(UniqueViolation) as caught,
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Rule.create({"categ_id": self.category.id})
        self.assertEqual(
            Rule._sql_error_to_message(caught.exception),
            "This product category already has a supplier rule in this company "
            "(perhaps archived): edit that one.",
        )

    def test_13_import_with_huge_numbers_names_field_and_row(self):
        """13. An import row with 99999999999 (beyond the integer column)
        or 1e308 answers with the field and the row, and loads nothing."""
        third = self.env["product.category"].create({"name": "Third"})
        fourth = self.env["product.category"].create({"name": "Fourth"})
        result = (
            self.env["jit.supplier.rule"]
            .with_user(self.pure_jit_manager)
            .load(
                [
                    "categ_id/.id",
                    "max_lead_time_days",
                    "override_weights",
                    "weight_price",
                ],
                [
                    [str(third.id), "5", "1", "1e308"],
                    [str(fourth.id), "99999999999", "0", "0"],
                ],
            )
        )
        self.assertFalse(result["ids"])
        row_errors = {
            m["rows"]["from"]: m["message"]
            for m in result["messages"]
            if m["type"] == "error"
        }
        self.assertIn("Rule for Third: Price weight", row_errors.get(0, ""))
        self.assertIn(
            "Rule for Fourth: Maximum Lead Time (days)", row_errors.get(1, "")
        )

    def test_14_portal_vendor_cannot_read_its_standing(self):
        """14. A portal vendor reads its purchase order but not the internal
        standing the company gives it."""
        portal = new_test_user(self.env, login="jit_portal", groups="base.group_portal")
        po = self.env["purchase.order"].create(
            {
                "partner_id": portal.partner_id.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 1})
                ],
            }
        )
        po.message_subscribe(partner_ids=portal.partner_id.ids)
        self.assertEqual(po.with_user(portal).read(["name"])[0]["name"], po.name)
        with self.assertRaises(AccessError):
            po.with_user(portal).read(["jit_vendor_standing"])
        self.assertNotIn(
            "jit_vendor_standing",
            po.with_user(portal).fields_get(attributes=["type"]),
        )

    def test_15_multi_company_isolation_of_every_model_and_report(self):
        """15. With real history in company B (a received purchase, a
        delivery, scores, a selection), users of company A see nothing of B
        in any model or report view of the addon."""
        env_b = self.env(
            context=dict(self.env.context, allowed_company_ids=self.company_b.ids)
        )
        purchase = env_b["purchase.order"].create(
            {
                "partner_id": self.vendor_a.id,
                "company_id": self.company_b.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 4,
                            "price_unit": 9,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        purchase.picking_ids.move_ids.write({"quantity": 4, "picked": True})
        purchase.picking_ids._action_done()
        sale = env_b["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        sale.action_confirm()
        sale.picking_ids.move_ids.write({"quantity": 1, "picked": True})
        sale.picking_ids._action_done()
        env_b["jit.vendor.selection"].create(
            {
                "company_id": self.company_b.id,
                "product_id": self.product.id,
                "partner_id": self.vendor_a.id,
                "purchase_line_id": purchase.order_line.id,
                "candidate_ids": [Command.create({"partner_id": self.vendor_a.id})],
            }
        )
        self.env.flush_all()
        models = (
            "jit.supplier.rule",
            "jit.vendor.score",
            "jit.vendor.selection",
            "jit.vendor.selection.candidate",
            "jit.dwell.record",
            "jit.dwell.aging.report",
            "jit.dwell.kpi.report",
            "jit.purchase.line.report",
        )
        for model in models:
            of_b = (
                self.env[model]
                .search([])
                .filtered(lambda r: r.company_id == self.company_b)
            )
            self.assertTrue(of_b, f"no {model} of company B to hide")
            for user in (self.jit_user, self.pure_jit_manager, self.buyer):
                Model = self.env[model].with_user(user)
                if not Model.has_access("read"):
                    continue
                with self.subTest(model=model, user=user.login):
                    self.assertFalse(Model.search([("id", "in", of_b.ids)]))
                    self.assertFalse(set(Model.search([]).ids) & set(of_b.ids))
                    with self.assertRaises(AccessError):
                        of_b.with_user(user).read(["company_id"])

    def test_16_reroute_cron_isolates_companies(self):
        """16. A company whose stored settings are broken (legacy data
        written before the bounds) does not stop the re-routing of the
        others: its failure is logged and the cron goes on."""
        self.product.jit_managed = True
        self.score.unlink()  # no component figures: it would block vendor A
        order = self._quotation(2)
        order.action_confirm()
        rfq = (
            self.env["purchase.order.line"]
            .search([("jit_sale_line_ids", "in", order.order_line.ids)])
            .order_id
        )
        # Company B: an open JIT RFQ, and a confirmation delay no date fits.
        sale_b = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        rfq_b = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor_a.id,
                "company_id": self.company_b.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "jit_sale_line_ids": [Command.link(sale_b.order_line.id)],
                        }
                    )
                ],
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_company SET jit_vendor_confirm_days = 1000000 WHERE id = %s",
            [self.company_b.id],
        )
        self.company_b.invalidate_recordset()
        with (
            freeze_time(datetime.now() + timedelta(days=4)),
            mute_logger("odoo.addons.jit_inventory.models.purchase_order"),
        ):
            self.env["purchase.order"]._jit_cron_reroute()
        self.assertEqual(rfq.state, "cancel")
        self.assertEqual(rfq_b.state, "draft")

    def test_17_malformed_dashboard_parameters(self):
        """17. Malformed dashboard parameters get a clear message naming
        them, not a traceback; well-formed ones still work."""
        Dashboard = self.env["jit.dashboard"].with_user(self.jit_user)
        for method, args, kwargs, message in (
            (
                "get_kpis",
                [{"date_from": "yesterday"}],
                {},
                '"date_from" must be a date',
            ),
            ("get_trend", [{"date_to": "20260101"}], {}, '"date_to" must be a date'),
            ("get_kpis", [{"date_from": "0001-01-01"}], {}, '"date_from" must be'),
            ("get_kpis", [{"partner_id": [1, 2]}], {}, '"partner_id" must be one'),
            ("get_ranking", [{"categ_id": "3"}], {}, '"categ_id" must be one'),
            ("get_trend", [{"company_ids": 1}], {}, '"company_ids" must be a list'),
            ("get_dwell_histogram", [[1, 2]], {}, "must be a dictionary"),
            ("get_ranking", [{}], {"limit": -1}, "from 1 to 1000"),
            ("get_ranking", [{}], {"limit": 2**70}, "from 1 to 1000"),
            ("get_ranking", [{}], {"limit": "5"}, "from 1 to 1000"),
        ):
            with (
                self.subTest(method=method, args=args, kwargs=kwargs),
                self.assertRaisesRegex(UserError, message),
            ):
                getattr(Dashboard, method)(*args, **kwargs)
        self.assertEqual(
            Dashboard.get_ranking(
                {"date_from": "2026-01-01", "company_ids": [self.company.id]}, limit=5
            ),
            [],
        )


HOSTILE = "<img src=x>"
ESCAPED = "&lt;img src=x&gt;"


@tagged("post_install", "-at_install")
class TestSecurityNotes(JitDwellCommon):
    """Every note the addon writes shows a hostile vendor or product name as
    text, never as HTML."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.write({"jit_managed": True, "name": f"{HOSTILE} Widget"})
        cls.vendor_a.name = f"{HOSTILE} Supplies"
        cls.vendor_b.name = f"{HOSTILE} Traders"

    def _confirm_order(self, product=None):
        order = self._quotation(product=product)
        order.action_confirm()
        return order.sudo()

    def _rfq(self, order):
        return (
            self.env["purchase.order.line"]
            .search([("jit_sale_line_ids", "in", order.order_line.ids)])
            .order_id.filtered(lambda o: o.state != "cancel")
        )

    def _assert_escaped(self, html):
        html = str(html)
        self.assertIn(ESCAPED, html)
        self.assertNotIn(HOSTILE, html)

    def test_01_selection_summary_in_the_rfq_chatter(self):
        rfq = self._rfq(self._confirm_order())
        body = rfq.message_ids.filtered(lambda m: "Ranked" in str(m.body)).body
        self._assert_escaped(body)

    def test_02_no_vendor_activity(self):
        lonely = self.env["product.product"].create(
            {"name": f"{HOSTILE} Gadget", "is_storable": True, "jit_managed": True}
        )
        activity = self._confirm_order(lonely).activity_ids
        self.assertTrue(activity)
        self._assert_escaped(activity.note)

    def test_03_cancellation_activity(self):
        order = self._confirm_order()
        po = self._rfq(order)
        po.button_confirm()
        order.with_user(self.salesperson).action_cancel()
        # The addon writes no note of its own on a confirmed PO any more: the
        # buyer gets Odoo's one exception activity, which renders the name as text.
        self.assertFalse(
            po.activity_ids.filtered(lambda a: a.summary == "Sale order cancelled")
        )
        self.assertEqual(len(po.activity_ids), 1)
        self._assert_escaped(po.activity_ids.note)

    def test_04_confirmation_warning_of_a_vendor_at_risk(self):
        order = self._confirm_order()
        po = self._rfq(order)
        self.env["jit.vendor.score"].create(
            {
                "company_id": self.company.id,
                "partner_id": po.partner_id.id,
                "score": 60.0,
                "standing": "at_risk",
            }
        )
        po.button_confirm()
        body = po.message_ids.filtered(lambda m: "although" in str(m.body)).body
        self._assert_escaped(body)

    def test_05_rerouting_notes(self):
        order = self._confirm_order()
        rfq = self._rfq(order)
        with freeze_time(datetime.now() + timedelta(days=4)):
            self.env["purchase.order"]._jit_cron_reroute()
        self.assertEqual(rfq.state, "cancel")
        body = rfq.message_ids.filtered(lambda m: "Re-routed" in str(m.body)).body
        self._assert_escaped(body)
        activity = self._rfq(order).activity_ids
        self.assertTrue(activity)
        self._assert_escaped(activity.note)

    def test_06_rerouting_without_alternative(self):
        self.product.seller_ids.filtered(
            lambda s: s.partner_id == self.vendor_a
        ).unlink()
        order = self._confirm_order()
        rfq = self._rfq(order)
        with freeze_time(datetime.now() + timedelta(days=4)):
            self.env["purchase.order"]._jit_cron_reroute()
        self.assertEqual(rfq.state, "draft")
        self.assertTrue(rfq.activity_ids)
        self._assert_escaped(rfq.activity_ids.note)

    def test_07_dwell_over_target_activity(self):
        self._move("receipt", 1, "2025-03-01 08:00:00")
        with freeze_time("2025-03-05 10:00:00"):
            self.Record._cron_jit_dwell_daily()
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", self.product.product_tmpl_id.id),
            ]
        )
        self.assertTrue(activity)
        self._assert_escaped(activity.note)
