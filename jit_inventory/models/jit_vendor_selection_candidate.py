# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..const import STANDINGS
from .product_supplierinfo import SCORE_SCOPES


class JitVendorSelectionCandidate(models.Model):
    """One vendor price line considered by a JIT vendor selection.

    Derived rows, five or so per selection, written with it in one insert:
    who made them and when is the selection's (no log columns of their own).
    """

    _name = "jit.vendor.selection.candidate"
    _description = "JIT Vendor Selection Candidate"
    _log_access = False
    _order = "selection_id, is_dropped, rank, id"
    _check_company_auto = True

    selection_id = fields.Many2one(
        "jit.vendor.selection", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="selection_id.company_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo",
        string="Price Line",
        ondelete="set null",
        check_company=True,
    )
    rank = fields.Integer(help="1 for the chosen vendor, 2 for the next best...")
    is_winner = fields.Boolean(string="Chosen")
    is_dropped = fields.Boolean(string="Dropped")
    dropped_reason = fields.Char(string="Dropped Because")
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(string="Unit Price", help="In company currency.")
    delay = fields.Integer(string="Lead Time (days)")
    sample_size = fields.Integer(help="Purchase lines behind the vendor's figures.")
    standing = fields.Selection(STANDINGS)
    score = fields.Float(
        digits=(16, 1),
        help="Composite score (0-100) of this offer: the vendor's stored "
        "components (see Score Of) and the price among the candidates.",
    )
    score_scope = fields.Selection(
        [*SCORE_SCOPES, ("prior", "Prior (no history)")],
        string="Score Of",
        compute="_compute_score_scope",
        store=True,
        help="Whose stored components the score uses: the vendor's for this "
        "product, for all its products, or the company's prior.",
    )
    vendor_score = fields.Float(
        string="Vendor Score (all products)",
        digits=(16, 1),
        compute="_compute_score_scope",
        store=True,
        help="The vendor's stored score (0-100) over all its products when the "
        "selection was made.",
    )
    vendor_standing = fields.Selection(
        STANDINGS, compute="_compute_score_scope", store=True
    )
    score_on_time = fields.Float(string="On-time")
    score_otif = fields.Float(string="OTIF")
    score_fill = fields.Float(string="Fill rate")
    score_lead_time = fields.Float(string="Lead time")
    score_quality = fields.Float(string="Quality")
    score_price = fields.Float(string="Price score")

    @api.depends("selection_id", "supplierinfo_id")
    def _compute_score_scope(self):
        """Record, when the candidate is made, which stored score it used
        (as ``jit.vendor.score._jit_score_candidates`` reads them): one read
        per company for all the selections of a confirmation."""
        Score = self.env["jit.vendor.score"].sudo()
        by_company = self.grouped(lambda candidate: candidate.selection_id.company_id)
        for company, candidates in by_company.items():
            stored = Score._jit_get_stored(
                candidates.partner_id,
                candidates.selection_id.product_id
                | candidates.supplierinfo_id.product_id,
                company,
            )
            for candidate in candidates:
                candidate.update(
                    self._jit_score_scope_vals(
                        stored, candidate.partner_id, candidate.supplierinfo_id
                    )
                )

    @api.model
    def _jit_score_scope_vals(self, stored, partner, supplierinfo, scope=None):
        """Return ``score_scope``, ``vendor_score`` and ``vendor_standing`` of
        a candidate of ``partner`` (through its price line ``supplierinfo``,
        if any), from ``stored`` as ``jit.vendor.score._jit_get_stored``
        returns it; ``scope``, when the caller already read it, is not looked
        up again."""
        Score = self.env["jit.vendor.score"]
        overall = stored.get((partner.id, False))
        if scope is None:
            _score, scope = (
                Score._jit_stored_for(stored, supplierinfo)
                if supplierinfo
                else (overall, "vendor" if overall else False)
            )
        return {
            "score_scope": scope or "prior",
            "vendor_score": overall.score if overall else 0.0,
            "vendor_standing": overall.standing if overall else False,
        }
