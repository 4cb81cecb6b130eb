# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..models import jit_fitness_math as fm
from .common import JitCommon

TODAY = "2026-06-30"  # a Tuesday; a 28-day window starts on 2026-06-02


@tagged("post_install", "-at_install")
class TestJitFitnessMath(JitCommon):
    """The advisor's formulas on numbers worked out by hand."""

    def test_01_syntetos_boylan_classes(self):
        self.assertEqual(fm.demand_pattern(1.0, 0.2), "smooth")
        self.assertEqual(fm.demand_pattern(1.0, 0.49), "erratic")
        self.assertEqual(fm.demand_pattern(1.32, 0.2), "intermittent")
        self.assertEqual(fm.demand_pattern(2.0, 0.8), "lumpy")

    def test_02_adi_cv2_and_daily_demand(self):
        # 4 weeks, sizes 10, 20, 30 on 3 of them: ADI 4/3; mean 20, variance
        # 200/3, CV² (200/3)/400 = 1/6.
        adi, cv2 = fm.adi_cv2(4, 3, 20.0, 200.0 / 3)
        self.assertAlmostEqual(adi, 4 / 3)
        self.assertAlmostEqual(cv2, 1 / 6)
        # Weekly 10, 20, 30, 0: mean 15, variance 1400/4 - 225 = 125.
        mean, std = fm.daily_demand(4, 60.0, 1400.0)
        self.assertAlmostEqual(mean, 15 / 7)
        self.assertAlmostEqual(std, math.sqrt(125 / 7))

    def test_03_safety_stock_and_reorder_rule(self):
        self.assertAlmostEqual(fm.z_value(95.0), 1.6448536, places=6)
        # d = 2/day, sd = 1, L = 4 days, sL = 1: s = sqrt(4*1 + 4*1) = sqrt(8);
        # safety = 1.5 * sqrt(8) = 4.2426; min = 8 + 4.2426; max = min + 2 * 14.
        safety, minimum, maximum = fm.reorder_point(2.0, 1.0, 4.0, 1.0, 1.5, 14)
        self.assertAlmostEqual(safety, 1.5 * math.sqrt(8))
        self.assertAlmostEqual(minimum, 8 + 1.5 * math.sqrt(8))
        self.assertAlmostEqual(maximum, 36 + 1.5 * math.sqrt(8))


@tagged("post_install", "-at_install")
class TestJitFitness(JitCommon):
    """Fitness of products from deliveries, receipts and sale orders played
    through Odoo's flows, with the expected figures worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "jit_fitness_window_days": 28,
                "jit_fitness_service_level": 95.0,
                "jit_fitness_order_cycle_days": 14,
            }
        )
        cls.Fitness = cls.env["jit.product.fitness"]
        cls.intermittent, cls.smooth, cls.rare = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "is_storable": True,
                    "categ_id": cls.category.id,
                    "seller_ids": [
                        Command.create({"partner_id": cls.vendor_a.id, "delay": 2})
                    ],
                }
                for name in ("Intermittent Part", "Smooth Part", "Rare Part")
            ]
        )
        stock = cls.warehouse.lot_stock_id
        for product in cls.intermittent | cls.smooth | cls.rare:
            cls.env["stock.quant"]._update_available_quantity(product, stock, 1000)

    # Helpers -----------------------------------------------------------
    def _deliver(self, product, qty, when, wait_days=10):
        with freeze_time(when):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "commitment_date": fields.Datetime.now()
                    + timedelta(days=wait_days),
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            picking.move_ids.quantity = qty
            picking.button_validate()

    def _purchase_and_receive(self, product, confirmed, received):
        with freeze_time(confirmed):
            order = self.env["purchase.order"].create(
                {
                    "partner_id": self.vendor_a.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_qty": 5})
                    ],
                }
            )
            order.button_confirm()
        with freeze_time(received):
            order.picking_ids.move_ids.quantity = 5
            order.picking_ids.button_validate()

    def _history(self):
        """Intermittent: 10, 20, 30 in 3 of the 4 weeks. Smooth: 10, 10, 12,
        10, one each week. Rare: one delivery. Vendor A delivers the first two
        in 4 and 6 days."""
        for product in self.intermittent | self.smooth:
            self._purchase_and_receive(product, "2026-05-01", "2026-05-05 12:00:00")
            self._purchase_and_receive(product, "2026-05-10", "2026-05-16 12:00:00")
        for qty, day in ((10, "2026-06-03"), (20, "2026-06-10"), (30, "2026-06-24")):
            self._deliver(self.intermittent, qty, f"{day} 10:00:00")
        for qty, day in (
            (10, "2026-06-03"),
            (10, "2026-06-10"),
            (12, "2026-06-17"),
            (10, "2026-06-24"),
        ):
            self._deliver(self.smooth, qty, f"{day} 10:00:00")
        self._deliver(self.rare, 4, "2026-06-10 10:00:00")
        with freeze_time(TODAY):
            self.env["jit.vendor.score"]._jit_recompute()
            self.Fitness._jit_recompute(self.company)

    def _fitness(self, product):
        return self.Fitness.search([("product_id", "=", product.id)])

    def _lead(self, product):
        score = self.env["jit.vendor.score"].search(
            [("partner_id", "=", self.vendor_a.id), ("product_id", "=", product.id)]
        )
        return score.lead_time_mean, score.lead_time_std

    # Tests -------------------------------------------------------------
    def test_01_intermittent_demand_that_customers_wait_for_is_jit(self):
        self._history()
        lead_mean, lead_std = self._lead(self.intermittent)
        # Confirmed at midnight, received at noon: 4.5 and 6.5 days.
        self.assertAlmostEqual(lead_mean, 5.5)
        z = 1.6448536269514722
        fitness = self._fitness(self.intermittent)
        self.assertRecordValues(
            fitness,
            [
                {
                    "warehouse_id": self.warehouse.id,
                    "weeks": 4,
                    "demand_weeks": 3,
                    "demand_total": 60.0,
                    "demand_pattern": "intermittent",
                    "vendor_id": self.vendor_a.id,
                    "customer_wait_days": 10.0,
                    "recommendation": "jit",
                }
            ],
        )
        self.assertAlmostEqual(fitness.adi, 4 / 3)
        self.assertAlmostEqual(fitness.cv2, 1 / 6)
        self.assertAlmostEqual(fitness.demand_daily, 15 / 7, places=2)
        self.assertAlmostEqual(fitness.demand_daily_std, math.sqrt(125 / 7), places=2)
        self.assertAlmostEqual(fitness.reliable_lead_time, lead_mean + z * lead_std)
        self.assertIn("fits in the 10.0 days customers wait", fitness.reason)
        self.assertIn("intermittent", fitness.reason)

    def test_02_smooth_demand_is_kept_in_stock_with_a_reorder_rule(self):
        self._history()
        lead_mean, lead_std = self._lead(self.smooth)
        z = 1.6448536269514722
        fitness = self._fitness(self.smooth)
        # Weekly 10, 10, 12, 10: ADI 1; mean 10.5, variance 0.75, CV² 0.0068.
        self.assertRecordValues(
            fitness, [{"demand_pattern": "smooth", "recommendation": "stock"}]
        )
        self.assertAlmostEqual(fitness.cv2, 0.75 / 10.5**2)
        daily = 42 / 28
        daily_std = math.sqrt((444 / 4 - 10.5**2) / 7)
        sigma = math.sqrt(lead_mean * daily_std**2 + daily**2 * lead_std**2)
        # Quantities are stored in the product unit's precision (0.01).
        self.assertAlmostEqual(fitness.safety_stock, z * sigma, places=2)
        self.assertAlmostEqual(
            fitness.suggested_min, daily * lead_mean + z * sigma, places=2
        )
        self.assertAlmostEqual(
            fitness.suggested_max, daily * lead_mean + z * sigma + daily * 14, places=2
        )
        self.assertIn("smooth", fitness.reason)

    def test_03_too_little_history_is_review(self):
        self._history()
        self.assertRecordValues(
            self._fitness(self.rare),
            [{"demand_weeks": 1, "recommendation": "review", "vendor_id": False}],
        )

    def test_04_slow_vendor_means_stock(self):
        """Customers wait 3 days, the vendor takes 4-6: keep it in stock."""
        product = self.intermittent
        self._purchase_and_receive(product, "2026-05-01", "2026-05-05 12:00:00")
        self._purchase_and_receive(product, "2026-05-10", "2026-05-16 12:00:00")
        for qty, day in ((10, "2026-06-03"), (20, "2026-06-10"), (30, "2026-06-24")):
            self._deliver(self.intermittent, qty, f"{day} 10:00:00", wait_days=3)
        with freeze_time(TODAY):
            self.env["jit.vendor.score"]._jit_recompute()
            self.Fitness._jit_recompute(self.company)
        fitness = self._fitness(self.intermittent)
        self.assertEqual(fitness.recommendation, "stock")
        self.assertIn("longer than the 3.0 days customers wait", fitness.reason)

    def test_05_apply_creates_the_reorder_rule_and_switches_the_flags(self):
        self._history()
        self.intermittent.jit_managed = False
        self.smooth.jit_managed = True
        lines = self._fitness(self.intermittent) | self._fitness(self.smooth)
        lines.with_user(self.jit_manager).action_jit_apply()
        smooth = self._fitness(self.smooth)
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "=", self.smooth.id)]
        )
        self.assertRecordValues(
            orderpoint,
            [
                {
                    "warehouse_id": self.warehouse.id,
                    "location_id": self.warehouse.lot_stock_id.id,
                    "product_min_qty": smooth.suggested_min,
                    "product_max_qty": smooth.suggested_max,
                }
            ],
        )
        self.assertFalse(self.smooth.jit_managed)
        self.assertTrue(self.intermittent.jit_managed)
        self.assertIn("Keep in stock", self.smooth.product_tmpl_id.message_ids[0].body)
        # Applying JIT to a product with a reorder rule archives the rule.
        smooth.recommendation = "jit"
        smooth.with_user(self.jit_manager).action_jit_apply()
        self.assertFalse(orderpoint.active)
        self.assertTrue(self.smooth.jit_managed)

    def test_06_only_jit_managers_apply_or_refresh(self):
        self._history()
        fitness = self._fitness(self.smooth)
        for user in (self.jit_user, self.salesperson, self.buyer):
            with self.assertRaises(AccessError):
                fitness.with_user(user).action_jit_apply()
            with self.assertRaises(AccessError):
                self.Fitness.with_user(user).action_jit_refresh()
        # JIT users read the report, in their companies only.
        self.assertEqual(
            self.Fitness.with_user(self.jit_user).search_count([]),
            self.Fitness.search_count([("company_id", "=", self.company.id)]),
        )

    def test_07_settings_are_bounded(self):
        settings = Form(self.env["res.config.settings"])
        for field, value in (
            ("jit_fitness_window_days", 7),
            ("jit_fitness_service_level", 100.0),
            ("jit_fitness_order_cycle_days", 0),
        ):
            with self.assertRaises(ValidationError):
                self.company.write({field: value})
        settings.jit_fitness_service_level = 99.0
        settings.save().execute()
        self.assertEqual(self.company.jit_fitness_service_level, 99.0)

    def test_08_other_company_is_isolated(self):
        self._history()
        other = self._create_company("Fitness Co B")
        self.Fitness._jit_recompute(other)
        self.assertFalse(self.Fitness.search([("company_id", "=", other.id)]))
        self.assertEqual(len(self.Fitness.search([])), 3)
