# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "jit.dwell.mixin", "jit.vendor.selection.mixin"]
    _jit_dwell_field = "sale_id"
    _jit_selection_field = "sale_order_id"

    def _action_cancel(self):
        res = super()._action_cancel()
        # A salesperson may have no purchase rights: the release is a system
        # consequence of the cancellation.
        self.order_line.sudo()._jit_release_purchases()
        return res
