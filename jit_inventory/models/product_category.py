# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..utils import check_bounds

CATEGORY_BOUNDS = {"jit_dwell_target_hours": (0.0, 8760.0)}


class ProductCategory(models.Model):
    _inherit = "product.category"

    jit_managed = fields.Boolean(
        string="JIT managed",
        help="Products of this category are bought just in time from the "
        "best-scored vendor when a sale order needs them.",
    )
    jit_dwell_target_hours = fields.Float(
        string="Dwell target (hours)",
        help="Overrides the company's dwell target for products of this category "
        "and its subcategories; 0 uses the parent's or the company's.",
    )

    @api.constrains("jit_dwell_target_hours")
    def _check_jit_dwell_target_hours(self):
        for category in self:
            check_bounds(category, category, CATEGORY_BOUNDS)
