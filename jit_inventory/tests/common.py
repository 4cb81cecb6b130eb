# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.base.tests.common import BaseCommon


class JitCommon(BaseCommon):
    """Own fixtures (no demo data): a company with JIT on, its users, vendors
    and a JIT-managed storable product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write({"jit_procurement": True})
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="jit_salesperson",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.jit_user = new_test_user(
            cls.env,
            login="jit_user",
            groups="jit_inventory.group_jit_user",
            company_id=cls.company.id,
        )
        cls.jit_manager = new_test_user(
            cls.env,
            login="jit_manager",
            groups="jit_inventory.group_jit_manager,base.group_system",
            company_id=cls.company.id,
        )
        cls.buyer = new_test_user(
            cls.env,
            login="jit_buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user",
            company_id=cls.company.id,
        )
        cls.customer = cls.env["res.partner"].create({"name": "JIT Customer"})
        cls.vendor_a, cls.vendor_b, cls.vendor_c = cls.env["res.partner"].create(
            [{"name": "Vendor A"}, {"name": "Vendor B"}, {"name": "Vendor C"}]
        )
        cls.category = cls.env["product.category"].create({"name": "JIT Parts"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "JIT Widget",
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.category.id,
                "list_price": 100.0,
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor_a.id, "price": 50.0, "delay": 2}
                    ),
                    Command.create(
                        {"partner_id": cls.vendor_b.id, "price": 40.0, "delay": 5}
                    ),
                ],
            }
        )

    @classmethod
    def _create_company(cls, name):
        """Return a second company with JIT procurement on."""
        company = cls.env["res.company"].create({"name": name, "jit_procurement": True})
        cls.env.user.company_ids |= company
        return company

    def _quotation(self, qty=5.0, product=None, commitment=None):
        """A quotation of ``product`` (the JIT product by default), typed in
        the form by the salesperson, who has no purchase rights."""
        with Form(self.env["sale.order"].with_user(self.salesperson)) as form:
            form.partner_id = self.customer
            if commitment:
                form.commitment_date = commitment
            with form.order_line.new() as line:
                line.product_id = product or self.product
                line.product_uom_qty = qty
        return form.save()
