# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .test_scoring import JitFlowCase

NOW = "2026-06-30 08:00:00"


@tagged("post_install", "-at_install")
class TestJitPromise(JitFlowCase):
    """Promise dates from measured lead times. History through Odoo's flows:
    vendor A declares 2 days and took 2, 4, 6, 10 and 20; vendor B declares
    10 days and took 3, 3, 4, 4 and 4. By hand (``percentile_cont``, linear
    between ranks at (n - 1)·q):

    - A: P50 = 6; P90 at rank 3.6 = 10 + 0.6·(20 - 10) = 16;
    - B: P50 = 4; P90 at rank 3.6 = 4.

    Shrunk toward the declared delay with the prior strength k:
    (5·measured + k·declared) / (5 + k).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.info_a = cls.product.seller_ids.filtered(
            lambda s: s.partner_id == cls.vendor_a
        )
        cls.info_b = cls.product.seller_ids - cls.info_a
        cls.info_b.delay = 10
        cls.Drift = cls.env["jit.lead.time.drift.report"]

    def _history(self):
        for day, lead_time in enumerate((2, 4, 6, 10, 20), 1):
            order = self._purchase(
                self.vendor_a, 10, f"2026-05-{day:02d}", f"2026-05-{day + 2:02d}"
            )
            self._receive(order, 10, f"2026-05-{day + lead_time:02d}")
        for day, lead_time in enumerate((3, 3, 4, 4, 4), 1):
            order = self._purchase(
                self.vendor_b, 10, f"2026-05-{day:02d}", f"2026-05-{day + 10:02d}"
            )
            self._receive(order, 10, f"2026-05-{day + lead_time:02d}")
        with freeze_time(NOW):
            self.Score._jit_recompute()

    def _scores(self, vendor):
        return self.Score.search([("partner_id", "=", vendor.id)], order="product_id")

    def test_01_hand_computed_percentiles(self):
        """1. P50, P90 and their shrunk expectations, overall and per product."""
        self._history()
        expected_a = {
            "lead_time_count": 5,
            "lead_time_p50": 6.0,
            "lead_time_p90": 16.0,
            "lead_time_declared": 2.0,
            "lead_time_expected_p50": 4.0,  # (5·6 + 5·2) / 10
            "lead_time_expected_p90": 9.0,  # (5·16 + 5·2) / 10
        }
        expected_b = {
            "lead_time_count": 5,
            "lead_time_p50": 4.0,
            "lead_time_p90": 4.0,
            "lead_time_declared": 10.0,
            "lead_time_expected_p50": 7.0,  # (5·4 + 5·10) / 10
            "lead_time_expected_p90": 7.0,
        }
        self.assertRecordValues(
            self._scores(self.vendor_a),
            [
                dict(expected_a, product_id=self.product.id),
                dict(expected_a, product_id=False),
            ],
        )
        self.assertRecordValues(
            self._scores(self.vendor_b),
            [
                dict(expected_b, product_id=self.product.id),
                dict(expected_b, product_id=False),
            ],
        )

    def test_02_no_history_keeps_the_declared_delay(self):
        """2. Without receipt the expectation is the declared delay."""
        order = self._purchase(self.vendor_a, 10, "2026-06-20", "2026-06-22")
        with freeze_time(NOW):
            self.Score._jit_recompute()
        self.assertRecordValues(
            self.Score.search([("partner_id", "=", self.vendor_a.id)]),
            [
                {
                    "lead_time_count": 0,
                    "lead_time_p50": 0.0,
                    "lead_time_expected_p90": 2.0,
                }
            ]
            * 2,
        )
        self.assertEqual(order.order_line.jit_expected_lead_time, 2.0)
        self.assertFalse(self.Drift.search([]))

    def test_03_commitment_filter_uses_the_measured_p90(self):
        """3. With k = 1, A (declared 2 days) is expected in (5·16 + 2) / 6 =
        13.7 days and B (declared 10) in (5·4 + 10) / 6 = 5: for a commitment
        six days away, the declared delays would keep A and drop B; the
        measured ones drop A and buy from B."""
        self.company.jit_prior_strength = 1.0
        self._history()
        with freeze_time(NOW):
            order = self._quotation(commitment=datetime(2026, 7, 6, 12))
            order.action_confirm()
        selection = order.order_line.jit_selection_ids
        self.assertEqual(selection.partner_id, self.vendor_b)
        self.assertRecordValues(
            selection.candidate_ids.sorted("is_dropped"),
            [
                {
                    "partner_id": self.vendor_b.id,
                    "is_dropped": False,
                    "dropped_reason": False,
                },
                {
                    "partner_id": self.vendor_a.id,
                    "is_dropped": True,
                    "dropped_reason": "cannot deliver by the commitment date "
                    "2026-07-06 (declared 2 days, measured P90 16 days, "
                    "expected 13.7 days)",
                },
            ],
        )
        # On the RFQ, Odoo's planned date stays (the date the goods are needed);
        # the expectation, ordered now, sits beside it.
        po_line = order.order_line.sudo().jit_purchase_line_ids
        self.assertEqual(po_line.partner_id, self.vendor_b)
        with freeze_time(NOW):
            self.assertRecordValues(
                po_line,
                [
                    {
                        "date_planned": datetime(2026, 7, 6, 12),
                        "jit_expected_lead_time": 5.0,
                        "jit_expected_date": datetime(2026, 7, 5, 8),
                    }
                ],
            )

    def test_04_no_vendor_in_time_keeps_the_best_with_the_risk(self):
        """4. When no vendor can make the date, none is dropped for it: the
        ranking keeps its winner and says the risk."""
        self.company.jit_prior_strength = 1.0
        self._history()
        with freeze_time(NOW):
            order = self._quotation(commitment=datetime(2026, 7, 2, 12))
            order.action_confirm()
        selection = order.order_line.jit_selection_ids
        self.assertTrue(selection.partner_id)
        self.assertFalse(any(selection.candidate_ids.mapped("is_dropped")))
        lead_time = {
            self.vendor_a: "declared 2 days, measured P90 16 days, expected 13.7 days",
            self.vendor_b: "declared 10 days, measured P90 4 days, expected 5 days",
        }[selection.partner_id]
        self.assertIn(
            f"No vendor can make the commitment date: {selection.partner_id.name} "
            "is kept but cannot deliver by the commitment date 2026-07-02 "
            f"({lead_time}).",
            selection.reason,
        )

    def test_05_quotation_dates_for_a_salesperson(self):
        """5. A salesperson without purchase rights sees when the goods can be
        at the customer: now + B's expected P90 (5 days) + the security lead
        time (1 day), and whether the commitment date is at risk."""
        self.assertFalse(self.salesperson.has_group("purchase.group_purchase_user"))
        self.company.jit_prior_strength = 1.0
        self.company.security_lead = 1.0
        self._history()
        with freeze_time(NOW):
            order = self._quotation(commitment=datetime(2026, 7, 7, 12))
            line = order.order_line
            self.assertRecordValues(
                line,
                [
                    {
                        "jit_promise_partner_id": self.vendor_b.id,
                        "jit_promise_lead_time": 5.0,
                        "jit_promise_date": datetime(2026, 7, 6, 8),
                        "jit_promise_at_risk": False,
                    }
                ],
            )
            self.assertRecordValues(
                order,
                [
                    {
                        "jit_promise_date": datetime(2026, 7, 6, 8),
                        "jit_promise_at_risk": False,
                    }
                ],
            )
            # A rule leaves B alone; a closer commitment date is at risk.
            self.env["jit.supplier.rule"].create(
                {
                    "categ_id": self.category.id,
                    "excluded_partner_ids": [Command.link(self.vendor_a.id)],
                }
            )
            with Form(order) as form:
                form.commitment_date = datetime(2026, 7, 4, 12)
            order.invalidate_recordset()
            self.assertRecordValues(
                order,
                [
                    {
                        "jit_promise_date": datetime(2026, 7, 6, 8),
                        "jit_promise_at_risk": True,
                    }
                ],
            )
            self.assertEqual(line.jit_promise_partner_id, self.vendor_b)

    def test_06_customer_lead_time_bounds_the_promise(self):
        """6. The promise is never before Odoo's own expected date (customer
        lead time); a confirmed order shows no promise."""
        self._history()
        self.product.sale_delay = 30
        with freeze_time(NOW):
            order = self._quotation()
            self.assertEqual(order.jit_promise_date, datetime(2026, 7, 30, 8))
            order.action_confirm()
            order.invalidate_recordset()
            self.assertFalse(order.jit_promise_date)

    def test_07_drift_report_and_declare_action(self):
        """7. The drift report lists A (2 declared, P90 16 measured) first;
        a JIT manager sets A's declared delay to its expected P90 (9 days):
        logged on the vendor, scores recomputed toward the new delay."""
        self._history()
        rows = self.Drift.with_user(self.jit_user).search([])
        self.assertRecordValues(
            rows,
            [
                {
                    "partner_id": self.vendor_a.id,
                    "supplierinfo_id": self.info_a.id,
                    "declared": 2,
                    "lead_time_p50": 6.0,
                    "lead_time_p90": 16.0,
                    "drift_p50": 4.0,
                    "drift_p90": 14.0,
                },
                {
                    "partner_id": self.vendor_b.id,
                    "supplierinfo_id": self.info_b.id,
                    "declared": 10,
                    "lead_time_p50": 4.0,
                    "lead_time_p90": 4.0,
                    "drift_p50": -6.0,
                    "drift_p90": -6.0,
                },
            ],
        )
        with freeze_time(NOW):
            rows[:1].with_user(self.jit_manager).action_jit_declare_p90()
        self.assertEqual(self.info_a.delay, 9)
        message = self.vendor_a.message_ids[:1]
        self.assertIn("measured P90", message.body)
        self.assertIn("JIT Widget: 2 → 9 days", message.body)
        self.assertEqual(message.author_id, self.jit_manager.partner_id)
        self.assertRecordValues(
            self.Drift.search([("partner_id", "=", self.vendor_a.id)]),
            [
                {
                    "declared": 9,
                    "drift_p90": 7.0,
                    "lead_time_expected_p90": 12.5,  # (5·16 + 5·9) / 10
                }
            ],
        )

    def test_08_declare_action_refused_below_jit_manager(self):
        """8. A salesperson or a JIT user cannot update declared delays."""
        self._history()
        rows = self.Drift.search([])
        for user in (self.salesperson, self.jit_user):
            with self.assertRaises(AccessError):
                rows.with_user(user).action_jit_declare_p50()
        with self.assertRaises(AccessError):
            self.Drift.with_user(self.salesperson).search([])
        self.assertEqual(self.info_a.delay, 2)

    def test_09_drift_report_multi_company(self):
        """9. A user of the first company does not see the second's rows."""
        other = self._create_company("JIT Promise Co 2")
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.vendor_a.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "company_id": other.id,
                "delay": 3,
            }
        )
        self.Score.create(
            {
                "company_id": other.id,
                "partner_id": self.vendor_a.id,
                "product_id": self.product.id,
                "lead_time_count": 3,
                "lead_time_p50": 5.0,
                "lead_time_p90": 7.0,
            }
        )
        self.assertEqual(self.Drift.search([]).company_id, other)
        self.assertFalse(self.Drift.with_user(self.jit_user).search([]))

    def test_10_quotation_promise_query_count(self):
        """10. The promise reads stored figures, no history: a five-line
        quotation costs the queries of a one-line one (Odoo's rule search runs
        once per product and warehouse)."""
        self._history()
        counts = []
        with freeze_time(NOW):
            order = self._quotation(commitment=datetime(2026, 7, 20))
            for quantities in ((), (1, 2, 3, 4)):
                order.write(
                    {
                        "order_line": [
                            Command.create(
                                {"product_id": self.product.id, "product_uom_qty": q}
                            )
                            for q in quantities
                        ]
                    }
                )
                self.env.invalidate_all()
                start = self.env.cr.sql_log_count
                self.assertTrue(all(order.order_line.mapped("jit_promise_date")))
                counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(len(order.order_line), 5)
        self.assertEqual(counts[0], counts[1], counts)
        # 38 measured with mrp and stock_dropshipping installed, as in make test
        self.assertLessEqual(counts[0], 40, counts)
