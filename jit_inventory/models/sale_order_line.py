# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    jit_selection_ids = fields.One2many(
        "jit.vendor.selection", "sale_line_id", string="Vendor Selections"
    )
    jit_purchase_line_ids = fields.One2many(
        "purchase.order.line", "jit_sale_line_id", string="JIT Purchase Lines"
    )

    def _jit_is_procured(self):
        """Whether this line is bought just in time: a JIT-managed goods
        product without a route of its own (JIT adds make-to-order + buy)."""
        self.ensure_one()
        values = {"company_id": self.company_id, "route_ids": self.route_ids}
        rule = self.env["stock.rule"]
        return (
            not self.display_type
            and rule._jit_is_managed(self.product_id, values)
            and not rule._jit_has_own_route(self.product_id, values)
        )

    def _create_procurements(self, product_qty, procurement_uom, values):
        if (
            self.company_id.jit_quantity_rule != "shortage"
            or not self._jit_is_procured()
        ):
            return super()._create_procurements(product_qty, procurement_uom, values)
        # Take what free stock covers from stock and buy only the rest.
        needed = procurement_uom._compute_quantity(product_qty, self.product_id.uom_id)
        covered = min(max(self._jit_get_free_quantity(), 0.0), needed)
        procurements = []
        if self.product_id.uom_id.compare(covered, 0) > 0:
            procurements += super()._create_procurements(
                covered, self.product_id.uom_id, dict(values, jit_from_stock=True)
            )
        if self.product_id.uom_id.compare(needed - covered, 0) > 0:
            procurements += super()._create_procurements(
                needed - covered, self.product_id.uom_id, values
            )
        return procurements

    def _jit_get_free_quantity(self):
        """Free stock of the product in the line's warehouse (product unit),
        less what earlier lines of the same order being confirmed take."""
        product = self.product_id.with_context(warehouse_id=self.warehouse_id.id)
        earlier = self.order_id.order_line.filtered(
            lambda line: (
                line.product_id == self.product_id
                and (line.sequence, line.id) < (self.sequence, self.id)
                and not line.move_ids
            )
        )
        taken = sum(
            line.product_uom_id._compute_quantity(
                line.product_uom_qty, self.product_id.uom_id
            )
            for line in earlier
        )
        return product.free_qty - taken

    def action_jit_open_selection(self):
        """Open the explanations of this line's vendor selections."""
        self.ensure_one()
        return self.jit_selection_ids._jit_get_action()

    def _jit_release_purchases(self):
        """Undo what these cancelled lines made us buy: drop their lines from
        draft RFQs, cancelling RFQs left empty. A confirmed purchase order
        keeps its lines: Odoo's own exception activity tells its buyer."""
        po_lines = self.jit_purchase_line_ids.filtered(
            lambda l: l.order_id.state in ("draft", "sent")
        )
        orders = po_lines.order_id
        po_lines.unlink()
        orders.filtered(
            lambda o: not o.order_line.filtered(lambda l: not l.display_type)
        ).button_cancel()
