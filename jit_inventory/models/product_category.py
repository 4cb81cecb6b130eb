# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
