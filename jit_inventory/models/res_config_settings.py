# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    jit_procurement = fields.Boolean(
        related="company_id.jit_procurement", readonly=False
    )
    jit_quantity_rule = fields.Selection(
        related="company_id.jit_quantity_rule", readonly=False
    )
    jit_auto_confirm = fields.Boolean(
        related="company_id.jit_auto_confirm", readonly=False
    )
    jit_auto_confirm_threshold = fields.Float(
        related="company_id.jit_auto_confirm_threshold", readonly=False
    )
    jit_vendor_confirm_days = fields.Integer(
        related="company_id.jit_vendor_confirm_days", readonly=False
    )
    jit_score_window_days = fields.Integer(
        related="company_id.jit_score_window_days", readonly=False
    )
    jit_on_time_tolerance_days = fields.Integer(
        related="company_id.jit_on_time_tolerance_days", readonly=False
    )
    jit_half_life_days = fields.Integer(
        related="company_id.jit_half_life_days", readonly=False
    )
    jit_prior_score = fields.Float(related="company_id.jit_prior_score", readonly=False)
    jit_prior_strength = fields.Float(
        related="company_id.jit_prior_strength", readonly=False
    )
    jit_weight_on_time = fields.Float(
        related="company_id.jit_weight_on_time", readonly=False
    )
    jit_weight_otif = fields.Float(related="company_id.jit_weight_otif", readonly=False)
    jit_weight_fill = fields.Float(related="company_id.jit_weight_fill", readonly=False)
    jit_weight_lead_time = fields.Float(
        related="company_id.jit_weight_lead_time", readonly=False
    )
    jit_weight_quality = fields.Float(
        related="company_id.jit_weight_quality", readonly=False
    )
    jit_weight_price = fields.Float(
        related="company_id.jit_weight_price", readonly=False
    )
    jit_threshold_excellent = fields.Float(
        related="company_id.jit_threshold_excellent", readonly=False
    )
    jit_threshold_good = fields.Float(
        related="company_id.jit_threshold_good", readonly=False
    )
    jit_threshold_at_risk = fields.Float(
        related="company_id.jit_threshold_at_risk", readonly=False
    )
    jit_policy_at_risk = fields.Selection(
        related="company_id.jit_policy_at_risk", readonly=False
    )
    jit_policy_blocked = fields.Selection(
        related="company_id.jit_policy_blocked", readonly=False
    )
    jit_dwell_target_hours = fields.Float(
        related="company_id.jit_dwell_target_hours", readonly=False
    )
    jit_dwell_bucket_edges = fields.Char(
        related="company_id.jit_dwell_bucket_edges", readonly=False
    )
    jit_fitness_window_days = fields.Integer(
        related="company_id.jit_fitness_window_days", readonly=False
    )
    jit_fitness_service_level = fields.Float(
        related="company_id.jit_fitness_service_level", readonly=False
    )
    jit_fitness_order_cycle_days = fields.Integer(
        related="company_id.jit_fitness_order_cycle_days", readonly=False
    )
