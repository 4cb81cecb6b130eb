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
            # Receipts and returns to vendor update the vendors' scores soon
            # after, outside this transaction.
            self.env["jit.vendor.score.queue"]._jit_enqueue(vendor_moves)
        return moves

    def _get_upstream_documents_and_responsibles(self, visited):
        # Odoo logs the consequences of a sale order change on the purchase
        # orders upstream; a salesperson without purchase rights must reach
        # them too (reading created_purchase_line_ids).
        return super(StockMove, self.sudo())._get_upstream_documents_and_responsibles(
            visited
        )
