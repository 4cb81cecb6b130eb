# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .res_company import STANDINGS


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    jit_score = fields.Float(
        string="JIT Score",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
        help="The vendor's stored JIT score for this product (else overall).",
    )
    jit_standing = fields.Selection(
        STANDINGS,
        string="JIT Standing",
        compute="_compute_jit_score",
        groups="jit_inventory.group_jit_user",
    )

    def _compute_jit_score(self):
        company = self.env.company
        stored = self.env["jit.vendor.score"]._jit_get_stored(
            self.partner_id,
            self.product_id | self.product_tmpl_id.product_variant_ids,
            company,
        )
        for info in self:
            score = stored.get((info.partner_id.id, info.product_id.id)) or (
                stored.get((info.partner_id.id, False))
            )
            info.jit_score = score.score if score else 0.0
            info.jit_standing = score.standing if score else False
