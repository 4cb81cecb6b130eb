# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class JitVendorSelectionMixin(models.AbstractModel):
    """Vendor Selections smart button of an order (sale or purchase): the
    selections linked to it through ``_jit_selection_field``, counted and
    opened with the same domain."""

    _name = "jit.vendor.selection.mixin"
    _description = "JIT Vendor Selections Smart Button"
    _jit_selection_field = None  # field of jit.vendor.selection pointing to the order

    jit_selection_count = fields.Integer(
        string="Vendor Selections", compute="_compute_jit_selection_count"
    )

    def _jit_selection_domain(self):
        return [(self._jit_selection_field, "in", self.ids)]

    @api.depends("order_line.jit_selection_ids")
    def _compute_jit_selection_count(self):
        counts = dict(
            self.env["jit.vendor.selection"]._read_group(
                self._jit_selection_domain(), [self._jit_selection_field], ["__count"]
            )
        )
        for order in self:
            order.jit_selection_count = counts.get(order, 0)

    def action_jit_open_selections(self):
        self.ensure_one()
        return (
            self.env["jit.vendor.selection"]
            .search(self._jit_selection_domain())
            ._jit_get_action()
        )
