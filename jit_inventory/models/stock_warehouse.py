# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def write(self, vals):
        self.env["stock.rule"]._jit_clear_route_cache()
        return super().write(vals)
