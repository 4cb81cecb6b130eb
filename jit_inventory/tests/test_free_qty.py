# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.jit_inventory.models.sale_order_line import SaleOrderLine

from .common import JitCommon


@tagged("post_install", "-at_install")
class TestJitFreeQuantity(JitCommon):
    """The "buy what free stock does not cover" rule reads the free stock of
    all the lines of an order at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.jit_quantity_rule = "shortage"
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": f"Free stock part {i}",
                    "is_storable": True,
                    "jit_managed": True,
                    "seller_ids": [
                        Command.create({"partner_id": cls.vendor_a.id, "price": 5.0})
                    ],
                }
                for i in range(10)
            ]
        )
        for product in cls.products:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 2.0
            )

    def _confirm(self, products):
        """Confirm an order of 5 of each of ``products``; return it and the
        queries spent reading free stock (in ``_jit_get_free_quantity``)."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 5.0})
                    for p in products
                ],
            }
        )
        self.spent = []
        self.env.invalidate_all()
        order.action_confirm()
        return order, self.spent

    def test_01_free_stock_read_once_for_all_lines(self):
        read_free_quantity = SaleOrderLine._jit_get_free_quantity

        def counted(line):
            start = line.env.cr.sql_log_count
            result = read_free_quantity(line)
            self.spent.append(line.env.cr.sql_log_count - start)
            return result

        self.patch(SaleOrderLine, "_jit_get_free_quantity", counted)
        self._confirm(self.products[:1])  # warm the caches of the flow
        _order, spent_one = self._confirm(self.products[:1])
        free = self.products.with_context(warehouse_id=self.warehouse.id).mapped(
            "free_qty"
        )
        ten, spent_ten = self._confirm(self.products)
        self.assertEqual(len(spent_one), 1)
        self.assertEqual(len(spent_ten), 10)
        self.assertGreater(sum(spent_one), 0)
        # The first line reads the free stock of all ten; the others, none.
        self.assertEqual(sum(spent_ten), sum(spent_one), spent_ten)
        # Each line took what was still free and bought the rest.
        self.assertEqual(
            [line.jit_purchase_line_ids.product_qty for line in ten.order_line],
            [5.0 - qty for qty in free],
        )
