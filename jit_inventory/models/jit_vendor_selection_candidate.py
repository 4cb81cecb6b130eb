# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .res_company import STANDINGS


class JitVendorSelectionCandidate(models.Model):
    """One vendor price line considered by a JIT vendor selection."""

    _name = "jit.vendor.selection.candidate"
    _description = "JIT Vendor Selection Candidate"
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
    score = fields.Float()
    score_on_time = fields.Float(string="On-time")
    score_otif = fields.Float(string="OTIF")
    score_fill = fields.Float(string="Fill rate")
    score_lead_time = fields.Float(string="Lead time")
    score_quality = fields.Float(string="Quality")
    score_price = fields.Float(string="Price score")
