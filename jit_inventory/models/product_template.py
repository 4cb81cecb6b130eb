# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "jit.dwell.mixin"]
    _jit_dwell_field = "product_id.product_tmpl_id"

    jit_managed = fields.Boolean(
        string="JIT managed",
        help="Confirmed sale orders buy exactly what they need of this product "
        "from the best-scored vendor (also on when its category is JIT managed).",
    )
    jit_categ_managed = fields.Boolean(
        related="categ_id.jit_managed",
        string="JIT managed by category",
    )
