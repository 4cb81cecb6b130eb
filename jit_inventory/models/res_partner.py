# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..const import STANDINGS

FIGURES = (
    "sample_size",
    "on_time_rate",
    "otif_rate",
    "fill_rate",
    "return_rate",
    "lead_time_mean",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    jit_score_id = fields.Many2one(
        "jit.vendor.score",
        string="JIT Score Card",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_score = fields.Float(
        string="JIT Score",
        digits=(16, 1),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_standing = fields.Selection(
        STANDINGS,
        string="JIT Standing",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )

    jit_sample_size = fields.Integer(
        string="Due lines",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_on_time_rate = fields.Float(
        string="On-time rate (%)",
        digits=(16, 2),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_otif_rate = fields.Float(
        string="OTIF rate (%)",
        digits=(16, 2),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_fill_rate = fields.Float(
        string="Fill rate (%)",
        digits=(16, 2),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_return_rate = fields.Float(
        string="Return rate (%)",
        digits=(16, 2),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_lead_time_mean = fields.Float(
        string="Lead time (days)",
        digits=(16, 2),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )

    @api.depends_context("company")
    def _compute_jit_score(self):
        scores = self.env["jit.vendor.score"].search(
            [
                ("partner_id", "in", self.ids),
                ("product_id", "=", False),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = {score.partner_id: score for score in scores}
        for partner in self:
            score = by_partner.get(partner, scores.browse())
            partner.jit_score_id = score
            partner.jit_score = score.score
            partner.jit_standing = score.standing
            for figure in FIGURES:
                partner[f"jit_{figure}"] = score[figure]

    @api.model
    def _jit_get_standings(self, partners, companies):
        """Return ``{(partner_id, company_id): standing}`` from the stored
        overall scores, in one query."""
        scores = (
            self.env["jit.vendor.score"]
            .sudo()
            .search_read(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "in", companies.ids),
                    ("product_id", "=", False),
                ],
                ["partner_id", "company_id", "standing"],
                load=False,
            )
        )
        return {(s["partner_id"], s["company_id"]): s["standing"] for s in scores}

    def action_jit_open_deliveries(self):
        """Open the vendor's purchase line deliveries behind its score."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jit_inventory.jit_purchase_line_report_action"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        return action
