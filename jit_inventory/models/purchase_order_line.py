# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    jit_sale_line_id = fields.Many2one(
        "sale.order.line",
        string="JIT Sale Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Sale order line this line buys for, just in time.",
    )
    jit_sale_order_id = fields.Many2one(
        related="jit_sale_line_id.order_id", string="JIT Sale Order"
    )
    jit_selection_ids = fields.One2many(
        "jit.vendor.selection", "purchase_line_id", string="Vendor Selections"
    )

    @api.model
    def _prepare_purchase_order_line_from_procurement(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        po,
    ):
        res = super()._prepare_purchase_order_line_from_procurement(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            po,
        )
        if values.get("jit_sale_line"):
            res["jit_sale_line_id"] = values["jit_sale_line"].id
        if values.get("jit_selection_vals"):
            res["jit_selection_ids"] = [Command.create(values["jit_selection_vals"])]
        return res

    def _find_candidate(
        self,
        product_id,
        product_qty,
        product_uom,
        location_id,
        name,
        origin,
        company_id,
        values,
    ):
        # A JIT line only grows with its own sale line's needs.
        jit_sale_line = values.get("jit_sale_line") or self.env["sale.order.line"]
        lines = self.filtered(lambda line: line.jit_sale_line_id == jit_sale_line)
        return super(PurchaseOrderLine, lines)._find_candidate(
            product_id,
            product_qty,
            product_uom,
            location_id,
            name,
            origin,
            company_id,
            values,
        )

    def action_jit_open_selection(self):
        """Open the explanation of this line's vendor choice."""
        self.ensure_one()
        return self.jit_selection_ids._jit_get_action()
