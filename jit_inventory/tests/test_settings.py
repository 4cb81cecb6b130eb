# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import JitCommon


@tagged("post_install", "-at_install")
class TestSettings(JitCommon):
    def _settings_form(self):
        return Form(self.env["res.config.settings"].with_user(self.jit_manager))

    def test_01_settings_write_company_fields(self):
        """Settings saved by a JIT manager land on the company."""
        with self._settings_form() as settings:
            settings.jit_quantity_rule = "shortage"
            settings.jit_weight_price = 40.0
            settings.jit_dwell_bucket_edges = "2,5,10"
        self.assertRecordValues(
            self.company,
            [
                {
                    "jit_quantity_rule": "shortage",
                    "jit_weight_price": 40.0,
                    "jit_dwell_bucket_edges": "2,5,10",
                }
            ],
        )
        weights = self.company._jit_get_weights()
        self.assertAlmostEqual(sum(weights.values()), 1.0)
        self.assertAlmostEqual(weights["price"], 40.0 / 130.0)

    def test_02_all_zero_weights_refused(self):
        """All weights at zero is refused with a message saying what to fix."""
        zero = {
            f"jit_weight_{key}": 0.0
            for key in ("on_time", "otif", "fill", "lead_time", "quality", "price")
        }
        with self.assertRaisesRegex(ValidationError, "All score weights are zero"):
            self.company.write(zero)

    def test_03_negative_weight_refused(self):
        with self.assertRaisesRegex(
            ValidationError, r"OTIF weight must be a number from 0.0 to 1000.0"
        ):
            self.company.jit_weight_otif = -1

    def test_04_thresholds_must_be_ordered(self):
        with self.assertRaisesRegex(ValidationError, "Excellent ≥ Good ≥ At risk"):
            self.company.write({"jit_threshold_good": 90.0})

    def test_05_bucket_edges_validated(self):
        for bad in ("7,3", "a,b", "0,1", ""):
            with (
                self.subTest(bad=bad),
                self.assertRaisesRegex(
                    ValidationError, "Aging buckets must be positive day counts"
                ),
            ):
                self.company.jit_dwell_bucket_edges = bad
        self.company.jit_dwell_bucket_edges = "1, 3,7"
        self.assertEqual(self.company._jit_get_dwell_bucket_edges(), [1.0, 3.0, 7.0])

    def test_06_standing_from_thresholds(self):
        standings = [self.company._jit_get_standing(s) for s in (95, 85, 70, 69.9, 10)]
        self.assertEqual(
            standings, ["excellent", "excellent", "good", "at_risk", "blocked"]
        )
        self.assertEqual(self.company._jit_get_standing_policy("blocked"), "exclude")
        self.assertEqual(self.company._jit_get_standing_policy("good"), "none")

    # Values that stopped every company: bounds, NaN and infinity ------------
    BAD_VALUES = {
        "jit_on_time_tolerance_days": ("On-time tolerance (days)", [2147483000, -1]),
        "jit_score_window_days": ("Scoring window (days)", [3000000, 0]),
        "jit_vendor_confirm_days": ("Days for the vendor to confirm", [1000000, 0]),
        "jit_half_life_days": ("Half-life of history (days)", [99999999999, 0]),
        "jit_prior_score": ("Prior score", [float("nan"), 100.5, -1.0]),
        "jit_prior_strength": (
            "Prior strength",
            [float("nan"), float("inf"), 1e308, -0.5],
        ),
        "jit_auto_confirm_threshold": (
            "Auto-confirm score threshold",
            [float("nan"), 101.0],
        ),
        "jit_weight_price": ("Price weight", [float("nan"), float("inf"), 1e308]),
        "jit_weight_on_time": ("On-time weight", [float("-inf")]),
        "jit_threshold_good": ("Good from", [float("nan")]),
        "jit_dwell_target_hours": (
            "Dwell target (hours)",
            [float("nan"), float("inf"), 0.0, 1e9],
        ),
    }

    def test_07_numeric_settings_bounded_in_the_model(self):
        """Every numeric setting has a lower and an upper bound, NaN and
        infinity are refused, and the message names the field."""
        for fname, (label, values) in self.BAD_VALUES.items():
            for value in values:
                with (
                    self.subTest(field=fname, value=value),
                    self.assertRaisesRegex(ValidationError, re.escape(label)),
                ):
                    self.company.write({fname: value})
        self.assertRecordValues(
            self.company,
            [
                {
                    "jit_on_time_tolerance_days": 0,
                    "jit_score_window_days": 365,
                    "jit_weight_price": 10.0,
                    "jit_dwell_target_hours": 48.0,
                }
            ],
        )
        # The sane extremes are accepted.
        self.company.write(
            {
                "jit_on_time_tolerance_days": 365,
                "jit_score_window_days": 3650,
                "jit_half_life_days": 100000,
                "jit_prior_strength": 0.0,
            }
        )

    def test_08_bad_values_refused_through_the_settings_form(self):
        """The same values typed in the settings form are refused on save,
        with the field's name, and nothing is written."""
        for fname, value, label in (
            ("jit_score_window_days", 3000000, "Scoring window (days)"),
            ("jit_on_time_tolerance_days", 99999999999, "On-time tolerance (days)"),
            ("jit_prior_strength", float("inf"), "Prior strength"),
            ("jit_dwell_target_hours", float("nan"), "Dwell target (hours)"),
            ("jit_weight_fill", 1e308, "Fill rate weight"),
        ):
            with (
                self.subTest(field=fname),
                self.assertRaisesRegex(ValidationError, re.escape(label)),
            ):
                settings = self._settings_form()
                setattr(settings, fname, value)
                settings.save()
        self.assertEqual(self.company.jit_score_window_days, 365)
        self.assertEqual(self.company.jit_on_time_tolerance_days, 0)

    def test_09_supplier_rule_values_bounded(self):
        """Supplier rule weights and lead time: bounded, finite, named."""
        rule = self.env["jit.supplier.rule"].create(
            {"categ_id": self.category.id, "override_weights": True, "weight_fill": 1}
        )
        for fname, value, label in (
            ("weight_price", float("inf"), "Price weight"),
            ("weight_price", float("nan"), "Price weight"),
            ("weight_otif", 1e308, "OTIF weight"),
            ("weight_quality", -1.0, "Quality weight"),
            ("max_lead_time_days", 99999999999, "Maximum Lead Time (days)"),
            ("max_lead_time_days", -2, "Maximum Lead Time (days)"),
        ):
            with (
                self.subTest(field=fname, value=value),
                self.assertRaisesRegex(
                    ValidationError, f"Rule for JIT Parts: {re.escape(label)}"
                ),
            ):
                rule.write({fname: value})
        # Weights are bounded even while the rule does not override them.
        rule.override_weights = False
        with self.assertRaisesRegex(ValidationError, "Price weight"):
            rule.weight_price = float("inf")

    def test_10_category_dwell_target_bounded(self):
        """The category's dwell target (0 = inherit) is bounded and finite."""
        for value in (float("nan"), float("inf"), -1.0, 1e9):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "Dwell target \\(hours\\)"),
            ):
                self.category.jit_dwell_target_hours = value
        self.category.jit_dwell_target_hours = 0.0
        self.category.jit_dwell_target_hours = 8760.0
