# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _jit_is_managed(self, company):
        """Whether this goods product is bought just in time in ``company``."""
        self.ensure_one()
        return (
            company.jit_procurement
            and self.type == "consu"
            and (self.jit_managed or self.categ_id.jit_managed)
        )
