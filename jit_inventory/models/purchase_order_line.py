# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    jit_sale_line_id = fields.Many2one(
        "sale.order.line",
        string="JIT Sale Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
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
        if "jit_selection" in values:
            res["jit_sale_line_id"] = values["sale_line_id"]
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
        # A JIT line only grows with its own sale line's needs, and other
        # needs never grow a JIT line.
        sale_line_id = "jit_selection" in values and values["sale_line_id"]
        lines = self.filtered(lambda line: line.jit_sale_line_id.id == sale_line_id)
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

    def _jit_prepare_reprocurements(self):
        """Return the procurements that buy again what these JIT lines buy,
        without the lines' vendor, built as Odoo builds them: from the moves
        they feed (quantities from ``_prepare_procurement_qty``), or, for a
        line that feeds no move (a dropship), from its sale line."""
        moves = self.move_dest_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        excluded = {"jit_excluded_partner_ids": self.partner_id.ids}
        procurements = []
        for line in self.filtered(lambda l: not l.move_dest_ids and l.sale_line_id):
            sale_line = line.sale_line_id.with_company(line.company_id)
            procurements += sale_line._create_procurements(
                line.product_uom_qty,
                line.product_id.uom_id,
                dict(sale_line._prepare_procurement_values(), **excluded),
            )
        for move, qty in zip(moves, moves._prepare_procurement_qty(), strict=True):
            values = dict(move._prepare_procurement_values(), **excluded)
            procurements.append(
                self.env["stock.rule"].Procurement(
                    move.product_id,
                    qty,
                    move.product_uom,
                    move.location_id,
                    move.rule_id.name or "/",
                    move._prepare_procurement_origin(),
                    move.company_id,
                    values,
                )
            )
        return procurements

    def action_jit_open_selection(self):
        """Open the explanation of this line's vendor selection."""
        self.ensure_one()
        return self.jit_selection_ids._jit_get_action()
