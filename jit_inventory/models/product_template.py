# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    jit_managed = fields.Boolean(
        string="JIT managed",
        help="Confirmed sale orders buy exactly what they need of this product "
        "from the best-scored vendor (also on when its category is JIT managed).",
    )

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
            [("product_id.product_tmpl_id", "in", self.ids), ("is_open", "=", False)],
            ["product_id"],
            ["__count", "dwell_hours:sum"],
        )
        figures = defaultdict(lambda: [0, 0.0])
        for product, count, total in groups:
            figures[product.product_tmpl_id][0] += count
            figures[product.product_tmpl_id][1] += total
        for template in self:
            count, total = figures[template]
            template.jit_dwell_count = count
            template.jit_dwell_mean_hours = total / count if count else 0.0

    def action_jit_open_dwell(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jit_inventory.jit_dwell_record_action"
        )
        action["domain"] = [("product_id.product_tmpl_id", "=", self.id)]
        action["context"] = {"search_default_filter_delivered": 1}
        return action
