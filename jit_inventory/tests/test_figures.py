# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .test_scoring import JitFlowCase

TODAY = "2026-06-30"
PRIOR, STRENGTH = 70.0, 5.0
WEIGHTS = {
    "on_time": 0.30,
    "otif": 0.20,
    "fill": 0.15,
    "lead_time": 0.10,
    "quality": 0.15,
    "price": 0.10,
}


def shrunk(value, n):
    """(n·x + k·prior) / (n + k), as documented in README "Vendor scores"."""
    return (n * value + STRENGTH * PRIOR) / (n + STRENGTH)


def composite(components):
    return sum(components[key] * weight for key, weight in WEIGHTS.items())


@tagged("post_install", "-at_install")
class TestJitFigures(JitFlowCase):
    """Reference history played through Odoo's flows (company defaults:
    tolerance 0 days, window 365 days, prior 70 worth 5 lines, weights
    30/20/15/10/15/10; today is 2026-06-30), and every stored rate, score,
    dashboard tile and ranking row compared with figures computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short, cls.over, cls.returns, cls.uom_vendor, cls.late, cls.new = cls.env[
            "res.partner"
        ].create(
            [
                {"name": "Short Shipper"},
                {"name": "Over Shipper"},
                {"name": "Returned Goods"},
                {"name": "Dozen Seller"},
                {"name": "Always Late"},
                {"name": "Brand New"},
            ]
        )
        cls.other_category = cls.env["product.category"].create({"name": "JIT Bulk"})
        cls.bolt = cls.env["product.product"].create(
            {
                "name": "JIT Bolt",
                "is_storable": True,
                "categ_id": cls.other_category.id,
            }
        )
        # Over Shipper quotes 30 in a currency worth half the company's: 60.
        cls.foreign = cls.env["res.currency"].create(
            {
                "name": "JTC",
                "symbol": "J",
                "rate_ids": [
                    Command.create(
                        {
                            "name": "2026-01-01",
                            "rate": 0.5,
                            "company_id": cls.company.id,
                        }
                    )
                ],
            }
        )
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.over.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "price": 30.0,
                "currency_id": cls.foreign.id,
            }
        )
        cls.Dashboard = cls.env["jit.dashboard"].with_user(cls.jit_user)

    def _play_history(self):
        """Every order costs 50 a unit (a dozen for the bolts): confirming it
        adds its vendor to the product's vendors at that price (Odoo does)."""
        # Short receipt: 6 of 10 on time, the backorder cancelled.
        order = self._purchase(self.short, 10, "2026-06-01", "2026-06-05", price=50)
        self._receive(order, 6, "2026-06-04 09:00:00", backorder=False)
        # Over-receipt: 12 against 10, on the planned day.
        order = self._purchase(self.over, 10, "2026-06-01", "2026-06-05", price=50)
        self._receive(order, 12, "2026-06-05 09:00:00")
        # Return of 4 asked, 2 validated (the rest cancelled).
        order = self._purchase(self.returns, 10, "2026-06-01", "2026-06-05", price=50)
        picking = self._receive(order, 10, "2026-06-03 09:00:00")
        self._return(picking, 4, "2026-06-08 09:00:00", done=2)
        # 2 dozens of bolts (24 units), received in dozens: 1 dozen on time,
        # half a dozen late, the last half dozen cancelled.
        self.env["ir.config_parameter"].set_param("stock.propagate_uom", "1")
        order = self._purchase(
            self.uom_vendor,
            2,
            "2026-06-01",
            "2026-06-05",
            product=self.bolt,
            uom=self.env.ref("uom.product_uom_dozen"),
            price=50,
        )
        self._receive(order, 1, "2026-06-04 09:00:00")
        self._receive(order, 0.5, "2026-06-10 09:00:00", backorder=False)
        # A late line and a line overdue, never delivered.
        order = self._purchase(self.late, 10, "2026-06-01", "2026-06-05", price=50)
        self._receive(order, 10, "2026-06-08 09:00:00")
        self._purchase(self.late, 5, "2026-06-02", "2026-06-10", price=50)
        # Nothing due yet.
        self._purchase(self.new, 5, "2026-06-20", "2026-07-10", price=50)
        with freeze_time(TODAY):
            self.Score._jit_recompute()

    def _overall(self, vendor, company=None):
        return self.Score.search(
            [
                ("partner_id", "=", vendor.id),
                ("company_id", "=", (company or self.company).id),
                ("product_id", "=", False),
            ]
        )

    def _stored(self, score, field):
        """The stored column itself: NULL (None) is told apart from 0."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM jit_vendor_score WHERE id = %s",
                SQL.identifier(field),
                score.id,
            )
        )
        return self.env.cr.fetchone()[0]

    # Expected figures, by hand ----------------------------------------
    # rates: on time, OTIF, fill, returns (%), due lines
    EXPECTED_RATES = {
        "short": (60.0, 0.0, 60.0, 0.0, 1),
        "over": (100.0, 100.0, 100.0, 0.0, 1),
        "returns": (100.0, 100.0, 100.0, 20.0, 1),
        "uom_vendor": (50.0, 0.0, 75.0, 0.0, 1),
        # 0 of 15 on time, 10 of 15 received, nothing returned of 10.
        "late": (0.0, 0.0, 100.0 * 10 / 15, 0.0, 2),
    }

    def _expected_components(self, name):
        on_time, otif, fill, returns, n = self.EXPECTED_RATES[name]
        components = {
            "on_time": shrunk(on_time, n),
            "otif": shrunk(otif, n),
            "fill": shrunk(fill, n),
            # One receipt date per vendor: no variation, lead time score 100.
            "lead_time": shrunk(100.0, n),
            "quality": shrunk(100.0 - returns, n),
            "price": {
                # Vendor B's 40 over the 50 the order added to the vendors.
                "short": 80.0,
                "returns": 80.0,
                "late": 80.0,
                # Vendor B's 40 over 30 JTC = 60.
                "over": 100.0 * 40.0 / 60.0,
                # The bolt's only vendor.
                "uom_vendor": 100.0,
            }[name],
        }
        return components

    # Tests -------------------------------------------------------------
    def test_01_done_quantities_in_the_product_unit(self):
        """The report counts what was done, in the product's unit."""
        self._play_history()
        Report = self.env["jit.purchase.line.report"]
        rows = Report.search(
            [
                (
                    "partner_id",
                    "in",
                    (self.short | self.over | self.returns | self.uom_vendor).ids,
                )
            ],
            order="id",
        )
        self.assertRecordValues(
            rows,
            [
                {
                    "qty_ordered": 10,
                    "qty_received": 6,
                    "qty_on_time": 6,
                    "qty_returned": 0,
                },
                {
                    "qty_ordered": 10,
                    "qty_received": 12,
                    "qty_on_time": 10,
                    "qty_returned": 0,
                },
                {
                    "qty_ordered": 10,
                    "qty_received": 10,
                    "qty_on_time": 10,
                    "qty_returned": 2,
                },
                {
                    "qty_ordered": 24,
                    "qty_received": 18,
                    "qty_on_time": 12,
                    "qty_returned": 0,
                },
            ],
        )
        self.assertEqual(rows.mapped("is_otif"), [False, True, True, False])

    def test_02_stored_rates_and_scores(self):
        """Rates are the plain facts; scores shrink them toward the prior, and
        an observed zero stays zero (it is not the prior)."""
        self._play_history()
        for name, (on_time, otif, fill, returns, n) in self.EXPECTED_RATES.items():
            score = self._overall(getattr(self, name))
            self.assertRecordValues(
                score,
                [
                    {
                        "sample_size": n,
                        "on_time_rate": on_time,
                        "otif_rate": otif,
                        "fill_rate": fill,
                        "return_rate": returns,
                    }
                ],
            )
            components = self._expected_components(name)
            for key, value in components.items():
                self.assertAlmostEqual(
                    score[f"score_{key}"], value, places=2, msg=f"{name} {key}"
                )
            self.assertAlmostEqual(score.score, composite(components), places=2)
        # No OTIF line among 2 due: the OTIF score is shrunk from 0, not 70.
        self.assertAlmostEqual(
            self._overall(self.late).score_otif, 5 * 70 / 7, places=2
        )
        self.assertAlmostEqual(
            self._overall(self.over).price_ratio, 100 * 40 / 60, places=2
        )

    def test_03_vendor_with_nothing_due_is_not_rated_yet(self):
        """No due line: empty rates, the prior everywhere, standing "new"."""
        self._play_history()
        score = self._overall(self.new)
        self.assertRecordValues(
            score, [{"sample_size": 0, "standing": "new", "score": PRIOR}]
        )
        for field in ("on_time_rate", "otif_rate", "fill_rate", "return_rate"):
            self.assertIsNone(self._stored(score, field), field)
        for key in WEIGHTS:
            self.assertEqual(score[f"score_{key}"], PRIOR, key)
        self.assertEqual(self.new.with_user(self.jit_user).jit_standing, "new")

    def test_04_dashboard_tiles_and_ranking(self):
        """Tiles and ranking rows read the same definitions as the scores."""
        self._play_history()
        with freeze_time(TODAY):
            kpis = {
                k["key"]: k
                for k in self.Dashboard.get_kpis({"date_from": "2026-01-01"})
            }
            ranking = self.Dashboard.get_ranking({"date_from": "2026-01-01"})
        # Due lines: 10 + 10 + 10 + 24 + 10 + 5 = 69 ordered; on time
        # 6 + 10 + 10 + 12 + 0; filled 6 + 10 + 10 + 18 + 10; 2 OTIF lines of 6;
        # 2 returned of 6 + 12 + 10 + 18 + 10 received.
        expected = {
            "on_time": round(100 * 38 / 69, 1),
            "otif": round(100 * 2 / 6, 1),
            "fill": round(100 * 54 / 69, 1),
            "returns": round(100 * 2 / 56, 1),
        }
        for key, value in expected.items():
            self.assertEqual(kpis[key]["value"], value, key)
            self.assertEqual(kpis[key]["lines"], 6, key)
        # The tiles count (and open) what lowers them: 4 lines not on time in
        # full, 3 short ones (6 of 10, 18 of 24, nothing of 5).
        self.assertEqual(kpis["on_time"]["count"], 4)
        self.assertEqual(kpis["otif"]["count"], 4)
        self.assertEqual(kpis["fill"]["count"], 3)
        names = ["returns", "over", "uom_vendor", "new", "short", "late"]
        self.assertEqual(
            [row["partner_id"][0] for row in ranking],
            [getattr(self, name).id for name in names],
        )
        for row, name in zip(ranking, names, strict=True):
            if name == "new":
                self.assertEqual(
                    (row["standing"], row["score"], row["lines"]), ("new", PRIOR, 0)
                )
                self.assertIsNone(row["on_time_rate"])
                continue
            on_time, otif, fill, returns, n = self.EXPECTED_RATES[name]
            self.assertEqual(
                (row["on_time_rate"], row["otif_rate"], row["fill_rate"]),
                (round(on_time, 1), round(otif, 1), round(fill, 1)),
                name,
            )
            self.assertEqual(row["return_rate"], round(returns, 1), name)
            self.assertEqual(row["lines"], n, name)
            self.assertAlmostEqual(
                row["score"], composite(self._expected_components(name)), places=2
            )

    def test_05_tiles_equal_stored_rates_and_counts_equal_drill_downs(self):
        """With the period equal to the scoring window, each tile is the stored
        rate; every count shown opens as many records, whatever the filters."""
        self._play_history()
        company_b = self._create_company("JIT Figures B")
        self.jit_user.company_ids |= company_b
        order = self._purchase(
            self.short, 4, "2026-06-01", "2026-06-02", company=company_b
        )
        self._receive(order, 4, "2026-06-02 08:00:00")
        with freeze_time(TODAY):
            self.Score._jit_recompute()
        both = self.Dashboard.with_context(
            allowed_company_ids=[self.company.id, company_b.id]
        )
        only_a = self.Dashboard.with_context(allowed_company_ids=self.company.ids)
        window = {"date_from": "2025-06-30", "date_to": TODAY}
        with freeze_time(TODAY):
            for vendor in (self.short, self.late, self.uom_vendor):
                kpis = {
                    k["key"]: k
                    for k in only_a.get_kpis(dict(window, partner_id=vendor.id))
                }
                stored = self._overall(vendor)
                for key in ("on_time", "otif", "fill"):
                    self.assertAlmostEqual(
                        kpis[key]["value"], stored[f"{key}_rate"], places=1
                    )
                self.assertEqual(kpis["on_time"]["lines"], stored.sample_size)
            combos = [
                {},
                {"categ_id": self.other_category.id},
                {"categ_id": self.category.id, "partner_id": self.late.id},
                {"date_from": "2026-06-06"},
                {"company_ids": [company_b.id]},
                {"company_ids": [self.company.id, company_b.id]},
            ]
            for combo in combos:
                filters = dict(window, **combo)
                for kpi in both.get_kpis(filters):
                    opened = self.env[kpi["res_model"]].with_user(self.jit_user)
                    opened = opened.with_context(
                        allowed_company_ids=[self.company.id, company_b.id]
                    )
                    if kpi["key"] == "dwell":
                        # Counted in deliveries: the list opens grouped by them.
                        shown = len(
                            opened._read_group(
                                kpi["domain"], kpi["context"]["group_by"]
                            )
                        )
                    else:
                        shown = opened.search_count(kpi["domain"])
                    self.assertEqual(shown, kpi["count"], (combo, kpi["key"]))
                rows = both.get_ranking(filters)
                for row in rows + both.get_trend(filters):
                    self.assertEqual(
                        self.env["jit.purchase.line.report"]
                        .with_user(self.jit_user)
                        .with_context(
                            allowed_company_ids=[self.company.id, company_b.id]
                        )
                        .search_count(row["domain"]),
                        row["lines"],
                        combo,
                    )
            # The category filters the ranking too.
            rows = both.get_ranking(dict(window, categ_id=self.other_category.id))
            self.assertEqual([r["partner_id"][0] for r in rows], self.uom_vendor.ids)
            # Company B alone: its own line only.
            kpis = {
                k["key"]: k
                for k in both.get_kpis(dict(window, company_ids=[company_b.id]))
            }
            self.assertEqual(
                (kpis["on_time"]["value"], kpis["on_time"]["lines"]), (100, 1)
            )
            # A company allowed to the user but not selected is refused.
            with self.assertRaises(UserError):
                only_a.get_kpis({"company_ids": [company_b.id]})

    def test_06_price_lists_say_whose_score(self):
        """The product's vendor list says whether the score is the vendor's for
        this product or for all its products, shows the other beside it, and
        follows the current company."""
        self._play_history()
        sellers = self.product.seller_ids.with_user(self.jit_user)
        short = sellers.filtered(lambda s: s.partner_id == self.short)
        overall = self._overall(self.short)
        per_product = self.Score.search(
            [("partner_id", "=", self.short.id), ("product_id", "=", self.product.id)]
        )
        self.assertRecordValues(
            short,
            [
                {
                    "jit_score_scope": "product",
                    "jit_score": round(per_product.score, 1),
                    "jit_vendor_score": round(overall.score, 1),
                    "jit_vendor_standing": overall.standing,
                }
            ],
        )
        vendor_a = sellers.filtered(lambda s: s.partner_id == self.vendor_a)
        self.assertRecordValues(
            vendor_a, [{"jit_score_scope": False, "jit_standing": False}]
        )
        company_b = self._create_company("JIT Figures Price B")
        self.jit_user.company_ids |= company_b
        in_b = short.with_company(company_b).with_context(
            allowed_company_ids=[company_b.id, self.company.id]
        )
        self.assertFalse(in_b.jit_score_scope)

    def test_07_price_ratios_in_one_read(self):
        """Valid prices of every product are read at once and each currency
        pair converted once: the queries do not grow with the products."""
        products = self.env["product.product"].create(
            [
                {
                    "name": f"JIT Priced {n}",
                    "seller_ids": [
                        Command.create({"partner_id": self.vendor_a.id, "price": 50}),
                        Command.create(
                            {
                                "partner_id": self.over.id,
                                "price": 30,
                                "currency_id": self.foreign.id,
                            }
                        ),
                        # Expired: not a valid price.
                        Command.create(
                            {
                                "partner_id": self.vendor_c.id,
                                "price": 1,
                                "date_end": "2026-01-01",
                            }
                        ),
                    ],
                }
                for n in range(6)
            ]
        )

        def ratios(products):
            rows = [
                {"company_id": self.company.id, "product_id": product.id}
                for product in products
            ]
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            with freeze_time(TODAY):
                result = self.Score._jit_price_ratios(rows)
            return result, self.env.cr.sql_log_count - start

        ratios(products[:1])  # warm up what is read once per transaction
        _few, few_queries = ratios(products[:2])
        many, many_queries = ratios(products)
        self.assertEqual(many_queries, few_queries)
        for product in products:
            key = (self.company.id, self.vendor_a.id, product.id)
            self.assertAlmostEqual(many[key], 1.0)
            key = (self.company.id, self.over.id, product.id)
            self.assertAlmostEqual(many[key], 50 / 60)
            self.assertNotIn((self.company.id, self.vendor_c.id, product.id), many)

    def test_08b_confirmed_replanned_and_cancelled_lines_are_queued(self):
        """A purchase line confirmed, replanned or cancelled without a receipt
        is queued like a received one: after the queue run its delivery facts
        equal the report's row again (tiles count what drill-downs open)."""
        self._play_history()
        queue = self.env["jit.vendor.score.queue"]
        queue.search([]).unlink()
        order = self._purchase(
            self.late, 4, "2026-05-01 09:00:00", "2026-05-10 09:00:00"
        )
        line = order.order_line
        self.assertEqual(queue.search([]).purchase_line_id, line)
        self.assertEqual(self._facts_unlike_report(), line.ids)
        with freeze_time(TODAY):
            queue._jit_process(10, lambda *args, **kwargs: 1)
        self.assertEqual(self._facts_unlike_report(), [])
        line.date_planned = "2026-05-20 09:00:00"
        self.assertEqual(self._facts_unlike_report(), line.ids)
        with freeze_time(TODAY):
            queue._jit_process(10, lambda *args, **kwargs: 1)
        self.assertEqual(self._facts_unlike_report(), [])
        order.button_cancel()
        self.assertEqual(queue.search([]).purchase_line_id, line)
        self.assertEqual(self._facts_unlike_report(), line.ids)
        with freeze_time(TODAY):
            queue._jit_process(10, lambda *args, **kwargs: 1)
        self.assertEqual(self._facts_unlike_report(), [])
        self.assertFalse(queue.search([]))

    def test_08_facts_follow_the_report_and_a_receipt_rewrites_its_line(self):
        """A full recompute stores the report's rows as delivery facts and
        analyses them; a receipt's queue run rewrites the facts of its line,
        and the dashboard, which reads them, shows the stored rates."""
        self._play_history()
        self.assertEqual(self._facts_unlike_report(), [])
        self.env.cr.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'jit_purchase_line_fact'"
        )
        self.assertEqual(
            self.env.cr.fetchone()[0],
            self.env["jit.purchase.line.fact"].sudo().search_count([]),
        )
        # The overdue line of Always Late arrives, late: 15 of 15 received.
        line = self.env["purchase.order.line"].search(
            [("partner_id", "=", self.late.id), ("product_qty", "=", 5)]
        )
        queue = self.env["jit.vendor.score.queue"]
        # The rows the history's confirmations queued: its full recompute is
        # current (no fact differs).
        queue.search([]).unlink()
        self._receive(line.order_id, 5, "2026-06-29 09:00:00")
        self.assertRecordValues(
            queue.search([("purchase_line_id", "=", line.id)]),
            [{"partner_id": self.late.id, "company_id": self.company.id}],
        )
        self.assertEqual(self._facts_unlike_report(), line.ids)
        with freeze_time(TODAY):
            queue._jit_process(10, lambda *args, **kwargs: 1)
            self.assertEqual(self._facts_unlike_report(), [])
            stored = self._overall(self.late)
            self.assertRecordValues(
                stored, [{"sample_size": 2, "on_time_rate": 0.0, "fill_rate": 100.0}]
            )
            kpis = {
                k["key"]: k
                for k in self.Dashboard.get_kpis(
                    {"date_from": "2025-06-30", "partner_id": self.late.id}
                )
            }
        self.assertEqual(
            (kpis["on_time"]["value"], kpis["fill"]["value"], kpis["on_time"]["count"]),
            (0.0, 100.0, 2),
        )
