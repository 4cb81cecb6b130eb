# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    jit_selection_count = fields.Integer(
        string="Vendor Choices", compute="_compute_jit_selection_count"
    )

    @api.depends("order_line.jit_selection_ids")
    def _compute_jit_selection_count(self):
        counts = dict(
            self.env["jit.vendor.selection"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.jit_selection_count = counts.get(order, 0)

    def action_jit_open_selections(self):
        self.ensure_one()
        return self.order_line.jit_selection_ids._jit_get_action()

    def _action_cancel(self):
        res = super()._action_cancel()
        # A salesperson may have no purchase rights: the release is a system
        # consequence of the cancellation.
        self.order_line.sudo()._jit_release_purchases()
        return res

    jit_dwell_count = fields.Integer(
        string="Dwell Records",
        compute="_compute_jit_dwell",
        groups="jit_inventory.group_jit_user",
    )
    jit_dwell_mean_hours = fields.Float(
        string="Mean dwell (hours)",
        compute="_compute_jit_dwell",
        groups="jit_inventory.group_jit_user",
        help="Mean dwell of the delivered quantities matched to receipts.",
    )

    def _compute_jit_dwell(self):
        groups = self.env["jit.dwell.record"]._read_group(
            [("sale_id", "in", self.ids), ("is_open", "=", False)],
            ["sale_id"],
            ["__count", "dwell_hours:sum"],
        )
        figures = {key: (count, total) for key, count, total in groups}
        for record in self:
            count, total = figures.get(record, (0, 0.0))
            record.jit_dwell_count = count
            record.jit_dwell_mean_hours = total / count if count else 0.0

    def action_jit_open_dwell(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jit_inventory.jit_dwell_record_action"
        )
        action["domain"] = [("sale_id", "in", self.ids)]
        action["context"] = {"search_default_filter_delivered": 1}
        return action
