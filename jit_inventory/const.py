# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Constants shared by the models of the addon."""

# Score components, in display order: (key, label). Weights are company fields
# named ``jit_weight_<key>``; supplier rules may override them per category.
SCORE_COMPONENTS = [
    ("on_time", "On-time delivery"),
    ("otif", "On time in full"),
    ("fill", "Fill rate"),
    ("lead_time", "Lead time reliability"),
    ("quality", "Quality (returns)"),
    ("price", "Price competitiveness"),
]

STANDINGS = [
    ("excellent", "Excellent"),
    ("good", "Good"),
    ("at_risk", "At risk"),
    ("blocked", "Blocked"),
    ("new", "Not rated yet"),
]

# Sane (lowest, highest) value of each numeric JIT setting of the company. The
# highest ones keep date arithmetic (days added to dates in Python and SQL) and
# int4 columns far from overflow; a half-life of 100,000 days means no decay.
JIT_COMPANY_BOUNDS = {
    "jit_auto_confirm_threshold": (0.0, 100.0),
    "jit_vendor_confirm_days": (1, 365),
    "jit_score_window_days": (1, 3650),
    "jit_on_time_tolerance_days": (0, 365),
    "jit_half_life_days": (1, 100000),
    "jit_prior_score": (0.0, 100.0),
    "jit_prior_strength": (0.0, 1000.0),
    **{f"jit_weight_{key}": (0.0, 1000.0) for key, _label in SCORE_COMPONENTS},
    "jit_threshold_excellent": (0.0, 100.0),
    "jit_threshold_good": (0.0, 100.0),
    "jit_threshold_at_risk": (0.0, 100.0),
    "jit_dwell_target_hours": (0.01, 8760.0),
    "jit_fitness_window_days": (28, 1830),
    # 100 % would need infinite safety stock.
    "jit_fitness_service_level": (50.0, 99.9),
    "jit_fitness_order_cycle_days": (1, 365),
}

STANDING_POLICIES = [
    ("none", "Nothing"),
    ("warn", "Warn when a purchase order is confirmed"),
    ("exclude", "Exclude from automatic selection"),
]
