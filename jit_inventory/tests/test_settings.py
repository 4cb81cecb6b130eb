# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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
        with self.assertRaisesRegex(ValidationError, r"cannot be negative \(otif\)"):
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
