# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockRoute(models.Model):
    _inherit = "stock.route"

    def write(self, vals):
        self.env["stock.rule"]._jit_clear_route_cache()
        return super().write(vals)

    def unlink(self):
        # Its rules go with it, without their own unlink.
        self.env["stock.rule"]._jit_clear_route_cache()
        return super().unlink()
