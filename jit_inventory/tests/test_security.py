# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import JitCommon


@tagged("post_install", "-at_install")
class TestSecurity(JitCommon):
    """Access rights, multi-company rules and imports of the configuration models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._create_company("JIT Company B")
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
        """2. A JIT manager edits rules and settings."""
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
            "Rule for Fourth: the maximum lead time cannot be negative.",
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
