# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class JitDwellMixin(models.AbstractModel):
    """Dwell smart button of a document: count and mean dwell of the quantities
    delivered to customers linked to it through ``_jit_dwell_field`` of the
    dwell records."""

    _name = "jit.dwell.mixin"
    _description = "JIT Dwell Smart Button"
    _jit_dwell_field = None  # field of jit.dwell.record pointing to the document

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

    def _jit_dwell_domain(self):
        return [
            (self._jit_dwell_field, "in", self.ids),
            ("is_open", "=", False),
            ("kind_out", "=", "delivery"),
        ]

    def _compute_jit_dwell(self):
        groups = self.env["jit.dwell.record"]._read_group(
            self._jit_dwell_domain(),
            [self._jit_dwell_field],
            ["__count", "dwell_hours:sum"],
        )
        figures = {record: (count, total) for record, count, total in groups}
        for record in self:
            count, total = figures.get(record, (0, 0.0))
            record.jit_dwell_count = count
            record.jit_dwell_mean_hours = total / count if count else 0.0

    def action_jit_open_dwell(self):
        self.ensure_one()
        if not self._jit_dwell_field:
            raise UserError(
                self.env._("Open dwell time from a product, sale or purchase order.")
            )
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jit_inventory.jit_dwell_record_action"
        )
        action["domain"] = self._jit_dwell_domain()
        action["context"] = {"search_default_filter_delivered": 1}
        return action
