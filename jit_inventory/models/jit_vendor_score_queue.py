# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models


class JitVendorScoreQueue(models.Model):
    """Vendors whose scores wait for a recompute after a receipt or a return,
    or a purchase line confirmed, cancelled or replanned.

    Validating a transfer only inserts rows here (never updates one), so two
    receipts of the same vendor never wait on each other; the queue's
    scheduled action, triggered at once, recomputes the vendors outside the
    user's transaction through ``jit.vendor.score._jit_recompute``."""

    _name = "jit.vendor.score.queue"
    _description = "JIT Vendor Score Queue"
    _order = "id"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        ondelete="cascade",
        help="The purchase line whose receipts changed: only its delivery "
        "facts are read again.",
    )

    @api.model
    def _jit_enqueue(self, moves):
        """Queue the vendors and purchase lines of these done vendor moves and
        wake the cron."""
        self._jit_enqueue_lines(moves.purchase_line_id)

    @api.model
    def _jit_enqueue_lines(self, lines):
        """Queue the vendors of these purchase lines, for the lines' delivery
        facts to be read again, and wake the cron."""
        triples = {
            (line.company_id.id, line.partner_id.id, line.id)
            for line in lines
            if line.partner_id
        }
        if not triples:
            return
        self.sudo().create(
            [
                {"company_id": company, "partner_id": partner, "purchase_line_id": line}
                for company, partner, line in triples
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
        scores = self.env["jit.vendor.score"].sudo()
        while rows := self.search([], limit=batch_size):
            rows._jit_refresh_facts()
            partners_by_company = defaultdict(lambda: self.env["res.partner"])
            for row in rows:
                partners_by_company[row.company_id] |= row.partner_id
            for company, partners in partners_by_company.items():
                scores._jit_recompute(
                    companies=company, partners=partners, refresh=False
                )
            rows.unlink()
            if not commit(len(rows)):
                return

    def _jit_refresh_facts(self, lines=None):
        """Rewrite the delivery facts these rows make stale, and those of
        ``lines``: only the facts of the lines received again (all of the
        vendor's, for a row without its line)."""
        facts = self.env["jit.purchase.line.fact"].sudo()
        lines = (lines or self.env["purchase.order.line"]) | self.purchase_line_id
        if lines:
            facts._jit_refresh(lines=lines)
        whole = self.filtered(lambda row: not row.purchase_line_id)
        for company in whole.company_id:
            facts._jit_refresh(
                companies=company,
                partners=whole.filtered(
                    lambda r, c=company: r.company_id == c
                ).partner_id,
            )
