# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..const import STANDINGS

SCORE_SCOPES = [
    ("product", "This product"),
    ("vendor", "All products"),
]


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    jit_score = fields.Float(
        string="JIT Score",
        digits=(16, 1),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
        help="The vendor's stored JIT score (0-100) for this product, else for "
        "all its products (see Score Of).",
    )
    jit_standing = fields.Selection(
        STANDINGS,
        string="JIT Standing",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )
    jit_score_scope = fields.Selection(
        SCORE_SCOPES,
        string="Score Of",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
        help="Whether the JIT score is the vendor's score for this product or, "
        "without one, for all its products.",
    )
    jit_vendor_score = fields.Float(
        string="Vendor Score (all products)",
        digits=(16, 1),
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
        help="The vendor's stored JIT score (0-100) over all its products.",
    )
    jit_vendor_standing = fields.Selection(
        STANDINGS,
        string="Vendor Standing",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )

    @api.depends_context("company")
    def _compute_jit_score(self):
        company = self.env.company
        Score = self.env["jit.vendor.score"]
        stored = Score._jit_get_stored(
            self.partner_id,
            self.product_id | self.product_tmpl_id.product_variant_ids,
            company,
        )
        for info in self:
            score, scope = Score._jit_stored_for(stored, info)
            overall = stored.get((info.partner_id.id, False))
            info.jit_score = score.score if score else 0.0
            info.jit_standing = score.standing if score else False
            info.jit_score_scope = scope
            info.jit_vendor_score = overall.score if overall else 0.0
            info.jit_vendor_standing = overall.standing if overall else False
