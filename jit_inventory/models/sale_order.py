# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "jit.dwell.mixin", "jit.vendor.selection.mixin"]
    _jit_dwell_field = "sale_id"
    _jit_selection_field = "sale_order_id"

    jit_promise_date = fields.Datetime(
        string="Earliest Reliable Delivery",
        compute="_compute_jit_promise",
        compute_sudo=True,
        help="When every JIT line can be at the customer if the quotation is "
        "confirmed now, from the vendors' measured P90 lead times.",
    )
    jit_promise_at_risk = fields.Boolean(
        string="Commitment at Risk", compute="_compute_jit_promise", compute_sudo=True
    )

    @api.depends("order_line.jit_promise_date", "order_line.jit_promise_at_risk")
    def _compute_jit_promise(self):
        for order in self:
            dates = [d for d in order.order_line.mapped("jit_promise_date") if d]
            order.jit_promise_date = max(dates, default=False)
            order.jit_promise_at_risk = any(
                order.order_line.mapped("jit_promise_at_risk")
            )

    def _action_cancel(self):
        res = super()._action_cancel()
        # A salesperson may have no purchase rights: the release is a system
        # consequence of the cancellation.
        self.order_line.sudo()._jit_release_purchases()
        return res
