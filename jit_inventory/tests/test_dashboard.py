# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import no_retry

from .common import JitCommon


def create_history(env, vendors, product, company=None):
    """Confirmed purchases of 10 units, received and dated in the past:
    ``vendors`` maps a vendor to the lateness in days of each of its lines.
    Returns the scores recomputed from them."""
    now = fields.Datetime.now()
    for vendor, delays in vendors.items():
        for n, late in enumerate(delays):
            planned = now - timedelta(days=20 + 7 * n)
            order = env["purchase.order"].create(
                {
                    "partner_id": vendor.id,
                    "company_id": (company or env.company).id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_qty": 10})
                    ],
                }
            )
            order.button_confirm()
            order.write({"date_approve": planned - timedelta(days=3)})
            order.order_line.date_planned = planned
            receipt = order.picking_ids
            receipt.move_ids.write({"quantity": 10, "picked": True})
            receipt._action_done()
            received = planned + timedelta(days=late) - timedelta(hours=1)
            receipt.move_ids.write({"date": received})
            receipt.move_ids.move_line_ids.write({"date": received})
    return env["jit.vendor.score"]._jit_recompute()


@tagged("post_install", "-at_install")
class TestJitDashboard(JitCommon):
    """Each widget's figures, as a JIT user, within its companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_history(
            cls.env, {cls.vendor_a: (0, 0), cls.vendor_b: (0, 3)}, cls.product
        )
        cls.Dashboard = cls.env["jit.dashboard"].with_user(cls.jit_user)

    def _kpis(self, filters=None):
        return {kpi["key"]: kpi for kpi in self.Dashboard.get_kpis(filters)}

    def test_01_kpis_and_drill_down(self):
        kpis = self._kpis()
        self.assertEqual(kpis["on_time"]["value"], 75.0)
        self.assertEqual(kpis["otif"]["value"], 75.0)
        self.assertEqual(kpis["fill"]["value"], 100.0)
        self.assertEqual(kpis["returns"]["value"], 0.0)
        # Confirmed 3 days before planned, received an hour before (or 3 days after).
        self.assertEqual(kpis["lead_time"]["value"], round(3 - 1 / 24 + 3 / 4, 1))
        self.assertEqual(kpis["on_time"]["lines"], 4)
        # Each tile opens exactly the records it counts: the late line of
        # vendor B for the on-time and OTIF rates, no short or returned line,
        # the four received lines for the lead time, both vendors' deliveries.
        expected = {
            "on_time": 1,
            "otif": 1,
            "fill": 0,
            "returns": 0,
            "lead_time": 4,
            "lead_time_std": 4,
            "at_risk": 0,
        }
        for key, count in expected.items():
            records = self.env[kpis[key]["res_model"]].search(kpis[key]["domain"])
            self.assertEqual(kpis[key]["count"], count, key)
            self.assertEqual(len(records), count, key)
        late = self.env["jit.purchase.line.report"].search(kpis["on_time"]["domain"])
        self.assertRecordValues(late, [{"partner_id": self.vendor_b.id}])
        self.assertEqual(kpis["on_time"]["kind"], "rate")
        self.assertEqual(kpis["lead_time"]["kind"], "days")
        only_b = self._kpis({"partner_id": self.vendor_b.id})
        self.assertEqual(only_b["on_time"]["value"], 50.0)

    def test_02_ranking_and_trend(self):
        ranking = self.Dashboard.get_ranking()
        self.assertEqual(
            [row["partner_id"][0] for row in ranking],
            [self.vendor_a.id, self.vendor_b.id],
        )
        # Rates are the plain facts of the period's due lines.
        self.assertEqual(ranking[0]["on_time_rate"], 100.0)
        self.assertEqual(ranking[1]["on_time_rate"], 50.0)
        self.assertEqual([row["lines"] for row in ranking], [2, 2])
        trend = self.Dashboard.get_trend()
        self.assertEqual(sum(month["lines"] for month in trend), 4)

    def _transfer(self, product, qty, when, incoming):
        """Validate a receipt (``incoming``) or a customer delivery of ``qty``
        ``product`` at ``when``."""
        stock = self.warehouse.lot_stock_id
        outside = self.env.ref(
            "stock.stock_location_suppliers"
            if incoming
            else "stock.stock_location_customers"
        )
        src, dst = (outside, stock) if incoming else (stock, outside)
        with freeze_time(when):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": (
                        self.warehouse.in_type_id
                        if incoming
                        else self.warehouse.out_type_id
                    ).id,
                    "location_id": src.id,
                    "location_dest_id": dst.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "location_id": src.id,
                                "location_dest_id": dst.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.write({"quantity": qty, "picked": True})
            picking._action_done()

    def test_03_dwell_histogram_buckets(self):
        """Delivered quantities fall in the buckets of their dwell, and each
        bucket's drill-down holds what it counts."""
        self.company.jit_dwell_bucket_edges = "1,3"
        part = self.env["product.product"].create(
            {"name": "Histogram part", "is_storable": True}
        )
        received = fields.Datetime.now() - timedelta(days=10)
        self._transfer(part, 10.0, received, incoming=True)
        # Dwell 12 hours, 2 days, 5 days and 5 days.
        for hours, qty in ((12, 1.0), (48, 2.0), (120, 3.0), (120, 0.5)):
            self._transfer(part, qty, received + timedelta(hours=hours), False)
        histogram = self.Dashboard.get_dwell_histogram()
        self.assertEqual(
            [(b["label"], b["quantity"], b["count"]) for b in histogram],
            [("0-1 days", 1.0, 1), ("1-3 days", 2.0, 1), ("over 3 days", 3.5, 2)],
        )
        for bucket in histogram:
            records = self.env[bucket["res_model"]].search(bucket["domain"])
            self.assertEqual(len(records), bucket["count"])
            self.assertEqual(sum(records.mapped("quantity")), bucket["quantity"])
        # Filtered on another company, its own buckets (and none of the
        # first company's deliveries).
        company_b = self._create_company("JIT Dashboard Buckets")
        company_b.jit_dwell_bucket_edges = "2,5"
        self.jit_user.company_ids |= company_b
        histogram = self.Dashboard.with_context(
            allowed_company_ids=[self.company.id, company_b.id]
        ).get_dwell_histogram({"company_ids": [company_b.id]})
        self.assertEqual(
            [(b["label"], b["quantity"], b["count"]) for b in histogram],
            [("0-2 days", 0.0, 0), ("2-5 days", 0.0, 0), ("over 5 days", 0.0, 0)],
        )

    def test_04_other_companies_stay_out(self):
        company_b = self._create_company("JIT Dashboard B")
        env_b = self.env(
            context=dict(self.env.context, allowed_company_ids=company_b.ids)
        )
        create_history(env_b, {self.vendor_c: (9, 9)}, self.product, company=company_b)
        kpis = self._kpis()
        self.assertEqual(kpis["on_time"]["value"], 75.0)
        self.assertNotIn(
            self.vendor_c.id,
            [row["partner_id"][0] for row in self.Dashboard.get_ranking()],
        )
        # Asking for a company not selected is refused, not answered with
        # the figures of another.
        with self.assertRaises(UserError):
            self._kpis({"company_ids": [company_b.id]})

    def test_05_one_bounded_round_trip_per_widget(self):
        """Each widget costs a bounded number of queries, cold caches included
        (the figures themselves come from one aggregate query each; the tiles
        add one count per tile of the lines they open: 33 queries measured)."""
        for method in ("get_kpis", "get_ranking", "get_trend", "get_dwell_histogram"):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            getattr(self.Dashboard, method)()
            self.assertLessEqual(self.env.cr.sql_log_count - start, 35, method)


@tagged("post_install", "-at_install")
class TestJitDashboardTour(HttpCase):
    """The dashboard in a browser: every filter, a drill-down from each widget
    and back with the filters kept; a salesperson's no-access state."""

    def _tour_history(self):
        """A JIT buyer, and two vendors' history of one product they both
        list on its price list; returns the buyer."""
        self.env.company.jit_procurement = True
        user = new_test_user(
            self.env,
            login="jit_tour_user",
            groups="jit_inventory.group_jit_user,purchase.group_purchase_user",
        )
        good, late = self.env["res.partner"].create(
            [{"name": "Tour Good Vendor"}, {"name": "Tour Late Vendor"}]
        )
        category = self.env["product.category"].create({"name": "Tour Parts"})
        product = self.env["product.product"].create(
            {
                "name": "Tour Part",
                "is_storable": True,
                "categ_id": category.id,
                "seller_ids": [
                    Command.create({"partner_id": vendor.id, "delay": 1})
                    for vendor in (good, late)
                ],
            }
        )
        create_history(self.env, {good: (0, 0), late: (0, 3)}, product)
        return user

    def test_dashboard_tour(self):
        user = self._tour_history()
        # A second company ticked in the switcher: the company filter shows.
        other = self.env["res.company"].create({"name": "Tour Company B"})
        user.company_ids |= other
        self.start_tour(
            "/odoo/action-jit_inventory.jit_dashboard_action",
            "jit_dashboard_tour",
            login=user.login,
            cookies={"cids": f"{self.env.company.id}-{other.id}"},
        )

    def test_lead_time_drift_tour(self):
        """The lead time drift report, as a JIT buyer: the vendors' declared
        and measured lead times."""
        user = self._tour_history()
        self.start_tour(
            "/odoo/action-jit_inventory.jit_lead_time_drift_report_action",
            "jit_lead_time_drift_tour",
            login=user.login,
        )

    def test_dashboard_no_access_tour(self):
        """A salesperson opening the dashboard by its URL: a message, no RPC
        error (a tour fails on any)."""
        user = new_test_user(
            self.env,
            login="jit_tour_salesman",
            groups="sales_team.group_sale_salesman",
        )
        self.start_tour(
            "/odoo/action-jit_inventory.jit_dashboard_action",
            "jit_dashboard_no_access_tour",
            login=user.login,
        )


def hoot_hash(suite):
    """The id Hoot gives a suite (as ``web/tests/test_js.py`` computes it)."""
    value = 0
    for char in suite:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


@tagged("post_install", "-at_install")
class TestJitDashboardUnit(HttpCase):
    """The dashboard's Hoot unit tests (static/tests/*.test.js): formatting,
    filters, state kept across drill-down and Back, empty and no-access
    states."""

    @no_retry
    def test_hoot_suite(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&id={hoot_hash('@jit_inventory')}",
            "",
            "",
            login="admin",
            timeout=900,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=lambda message: "[HOOT]" not in message,
        )
