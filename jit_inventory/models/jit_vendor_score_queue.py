# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models


class JitVendorScoreQueue(models.Model):
    """Vendors whose scores wait for a recompute after a receipt or a return.

    Validating a transfer only inserts rows here (never updates one), so two
    receipts of the same vendor never wait on each other; the queue's
    scheduled action, triggered at once, recomputes the vendors outside the
    user's transaction through ``jit.vendor.score._jit_recompute``."""

    _name = "jit.vendor.score.queue"
    _description = "JIT Vendor Score Queue"
    _order = "id"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")

    @api.model
    def _jit_enqueue(self, moves):
        """Queue the vendors of these done vendor moves and wake the cron."""
        pairs = {
            (move.company_id.id, move.purchase_line_id.partner_id.id) for move in moves
        }
        self.sudo().create(
            [
                {"company_id": company, "partner_id": partner}
                for company, partner in pairs
            ]
        )
        self.env.ref("jit_inventory.ir_cron_jit_vendor_score_queue").sudo()._trigger()

    @api.model
    def _cron_jit_process(self, batch_size=200):
        """Scheduled action: recompute the queued vendors."""
        self._jit_process(batch_size, self.env["ir.cron"]._commit_progress)

    @api.model
    def _jit_process(self, batch_size, commit):
        """Recompute the queued vendors company by company and drop their rows,
        ``batch_size`` rows at a time. ``commit(processed)`` ends each batch
        and returns the time left (0 stops)."""
        while rows := self.search([], limit=batch_size):
            partners_by_company = defaultdict(lambda: self.env["res.partner"])
            for row in rows:
                partners_by_company[row.company_id] |= row.partner_id
            scores = self.env["jit.vendor.score"].sudo()
            for company, partners in partners_by_company.items():
                scores._jit_recompute(companies=company, partners=partners)
            rows.unlink()
            if not commit(len(rows)):
                return
