# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # Dwell records are a system consequence of validating transfers.
        self.env["jit.dwell.record"].sudo()._jit_moves_done(moves)
        vendor_moves = moves.filtered(
            lambda m: (
                m.state == "done"
                and m.purchase_line_id
                and "supplier" in (m.location_id.usage, m.location_dest_id.usage)
            )
        )
        if vendor_moves:
            # Receipts and returns to vendor update the vendors' scores at once.
            self.env["jit.vendor.score"].sudo()._jit_recompute(
                companies=vendor_moves.company_id,
                partners=vendor_moves.purchase_line_id.partner_id,
            )
        return moves
