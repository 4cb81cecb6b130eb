# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestJitEverywhere(TransactionCase):
    """What Odoo's and OCA's tests create is JIT: the harness's premise."""

    def test_records_created_by_tests_are_jit(self):
        company = self.env["res.company"].create({"name": "Company of a test"})
        category = self.env["product.category"].create({"name": "Category of a test"})
        product = self.env["product.product"].create(
            {"name": "Product of a test", "type": "consu", "categ_id": category.id}
        )
        template = self.env["product.template"].create(
            {"name": "Template of a test", "type": "consu"}
        )
        self.assertTrue(company.jit_procurement)
        self.assertTrue(category.jit_managed)
        self.assertTrue(product.jit_managed)
        self.assertTrue(template.jit_managed)
        for current in company | self.env.company:
            self.assertTrue(product._jit_is_managed(current))
            self.assertTrue(template.product_variant_id._jit_is_managed(current))
        self.assertTrue(self.env.ref("stock.route_warehouse0_mto").active)

    def test_existing_records_are_jit(self):
        companies = self.env["res.company"].search([])
        self.assertEqual(companies.filtered("jit_procurement"), companies)
        templates = self.env["product.template"].search([("type", "=", "consu")])
        self.assertEqual(templates.filtered("jit_managed"), templates)
