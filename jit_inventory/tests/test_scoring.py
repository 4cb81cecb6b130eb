# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .common import JitCommon


class JitFlowCase(JitCommon):
    """Purchase history through Odoo's own flows (no tests of its own)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A half-life this long weighs every line alike: easy hand computations.
        cls.company.jit_half_life_days = 100000
        cls.Score = cls.env["jit.vendor.score"]
        cls.product.jit_managed = True

    # Helpers -----------------------------------------------------------
    def _purchase(
        self,
        vendor,
        qty,
        confirmed,
        planned,
        company=None,
        product=None,
        uom=None,
        price=None,
    ):
        company = company or self.company
        line = {
            "product_id": (product or self.product).id,
            "product_qty": qty,
            "date_planned": planned,
        }
        if uom:
            line["product_uom_id"] = uom.id
        if price is not None:
            line["price_unit"] = price
        with freeze_time(confirmed):
            order = (
                self.env["purchase.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": vendor.id,
                        "company_id": company.id,
                        "order_line": [Command.create(line)],
                    }
                )
            )
            order.button_confirm()
            # Confirmation moves the planned date to the vendor's lead time.
            order.order_line.date_planned = planned
        return order

    def _receive(self, order, qty, when, backorder=True):
        """Validate the open receipt of ``order`` with ``qty`` done (in the
        move's unit); a partial receipt creates the backorder, or cancels it."""
        picking = order.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.location_id.usage == "supplier"
            )
        )
        with freeze_time(when):
            self._validate(picking, qty, backorder)
        return picking

    def _validate(self, picking, qty, backorder=True):
        picking.move_ids.quantity = qty
        result = picking.button_validate()
        if isinstance(result, dict):  # partial: the backorder wizard
            wizard = Form.from_action(self.env, result).save()
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()

    def _return(self, picking, qty, when, done=None):
        """Return ``qty`` of ``picking`` to the vendor; validate ``done`` of
        it (all by default), cancelling the rest."""
        with freeze_time(when):
            wizard = Form(
                self.env["stock.return.picking"].with_context(
                    active_id=picking.id, active_model="stock.picking"
                )
            ).save()
            wizard.product_return_moves.write({"quantity": qty, "to_refund": True})
            returned = self.env["stock.picking"].browse(
                wizard.action_create_returns()["res_id"]
            )
            self._validate(returned, qty if done is None else done, backorder=False)

    def _facts_unlike_report(self):
        """Purchase lines whose stored delivery facts differ from the report's
        row (or that only one of them has)."""
        self.env.flush_all()
        columns = self.env["jit.purchase.line.fact"]._jit_columns()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(fact.id, report.id)
                  FROM jit_purchase_line_fact fact
             FULL JOIN jit_purchase_line_report report ON report.id = fact.id
                 WHERE (%s) IS DISTINCT FROM (%s)
                """,
                SQL(", ").join(SQL.identifier("fact", c) for c in columns),
                SQL(", ").join(SQL.identifier("report", c) for c in columns),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _overall(self, vendor, company=None):
        return self.Score.search(
            [
                ("partner_id", "=", vendor.id),
                ("company_id", "=", (company or self.company).id),
                ("product_id", "=", False),
            ]
        )

    def _history_a(self):
        """Vendor A: one line on time (3 days), one five days late (10 days)."""
        on_time = self._purchase(self.vendor_a, 10, "2026-05-29", "2026-06-01")
        self._receive(on_time, 10, "2026-06-01 10:00:00")
        late = self._purchase(self.vendor_a, 10, "2026-06-05", "2026-06-10")
        self._receive(late, 10, "2026-06-15 10:00:00")


@tagged("post_install", "-at_install")
class TestJitScoring(JitFlowCase):
    """Vendor scores recomputed from small fixed purchase histories, with the
    expected figures worked out by hand (company defaults: tolerance 0 days,
    prior 70 worth 5 observations, weights 30/20/15/10/15/10)."""

    def test_01_hand_computed_figures(self):
        """1. Rates, lead time, shrunk components and composite of vendor A."""
        self._history_a()
        with freeze_time("2026-06-30"):
            self.Score._jit_recompute()
        score = self._overall(self.vendor_a)
        self.assertRecordValues(
            score,
            [
                {
                    "sample_size": 2,
                    "on_time_rate": 50.0,
                    "otif_rate": 50.0,
                    "fill_rate": 100.0,
                    "return_rate": 0.0,
                    "price_ratio": 80.0,  # 40 (vendor B) / 50
                }
            ],
        )
        # Lead times 3 and 10 days (receipts at 10:00 after a midnight
        # confirmation): mean 6.5 + 10/24, population deviation 3.5.
        self.assertAlmostEqual(score.lead_time_mean, 6.5 + 10 / 24, places=4)
        self.assertAlmostEqual(score.lead_time_std, 3.5, places=4)
        lead_raw = 100 * (1 - 3.5 / (6.5 + 10 / 24))
        expected = {
            "score_on_time": (2 * 50 + 5 * 70) / 7,
            "score_otif": (2 * 50 + 5 * 70) / 7,
            "score_fill": (2 * 100 + 5 * 70) / 7,
            "score_lead_time": (2 * lead_raw + 5 * 70) / 7,
            "score_quality": (2 * 100 + 5 * 70) / 7,
            "score_price": 80.0,
        }
        for field, value in expected.items():
            self.assertAlmostEqual(score[field], value, places=2, msg=field)
        weights = {"on_time": 30, "otif": 20, "fill": 15, "lead_time": 10}
        weights.update(quality=15, price=10)
        composite = sum(expected[f"score_{k}"] * w for k, w in weights.items()) / 100
        self.assertAlmostEqual(score.score, composite, places=2)
        self.assertEqual(score.standing, "good")
        product_row = self.Score.search(
            [
                ("partner_id", "=", self.vendor_a.id),
                ("product_id", "=", self.product.id),
            ]
        )
        self.assertAlmostEqual(product_row.score, composite, places=2)

    def test_02_overdue_line_with_nothing_received_is_late(self):
        """2. An overdue line with nothing received counts as late (Odoo's
        on_time_rate ignores it); a line not yet due does not count."""
        self._purchase(self.vendor_b, 5, "2026-06-10", "2026-06-20")
        self._purchase(self.vendor_b, 5, "2026-06-25", "2026-07-10")
        with freeze_time("2026-06-30"):
            self.Score._jit_recompute()
        self.assertRecordValues(
            self._overall(self.vendor_b),
            [{"sample_size": 1, "on_time_rate": 0.0, "otif_rate": 0.0}],
        )
        self.assertAlmostEqual(
            self._overall(self.vendor_b).score_on_time, 5 * 70 / 6, places=4
        )

    def test_03_tolerance_days(self):
        """3. Five days of tolerance make the late receipt of A on time."""
        self.company.jit_on_time_tolerance_days = 5
        self._history_a()
        with freeze_time("2026-06-30"):
            self.Score._jit_recompute()
        self.assertRecordValues(
            self._overall(self.vendor_a), [{"on_time_rate": 100.0, "otif_rate": 100.0}]
        )

    def test_04_partial_receipt_and_return_to_vendor(self):
        """4. A short receipt lowers fill and OTIF; a return lowers quality."""
        order = self._purchase(self.vendor_c, 10, "2026-06-01", "2026-06-05")
        picking = self._receive(order, 8, "2026-06-04 09:00:00")
        self._return(picking, 2, "2026-06-06 09:00:00")
        with freeze_time("2026-06-30"):
            self.Score._jit_recompute()
        self.assertRecordValues(
            self._overall(self.vendor_c),
            [
                {
                    "sample_size": 1,
                    "on_time_rate": 80.0,
                    "otif_rate": 0.0,
                    "fill_rate": 80.0,
                    "return_rate": 25.0,
                }
            ],
        )
        self.assertAlmostEqual(
            self._overall(self.vendor_c).score_quality, (75 + 5 * 70) / 6, places=4
        )

    def test_05_receipt_queues_its_vendor_for_the_score_cron(self):
        """5. Validating a receipt queues its vendor and wakes the queue's
        scheduled action, which recomputes it outside the user's
        transaction."""
        order = self._purchase(self.vendor_a, 4, "2026-06-01", "2026-06-03")
        self.assertFalse(self._overall(self.vendor_a))
        cron = self.env.ref("jit_inventory.ir_cron_jit_vendor_score_queue")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self._receive(order, 4, "2026-06-03 08:00:00")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        )
        self.assertFalse(self._overall(self.vendor_a))
        queue = self.env["jit.vendor.score.queue"]
        self.assertEqual(queue.search([]).partner_id, self.vendor_a)
        with freeze_time("2026-06-03 09:00:00"):
            queue._jit_process(10, lambda *args, **kwargs: 1)
        self.assertFalse(queue.search([]))
        self.assertRecordValues(
            self._overall(self.vendor_a), [{"sample_size": 1, "on_time_rate": 100.0}]
        )

    def test_06_multi_company_isolation(self):
        """6. Each company scores from its own purchases; users see their
        company's scores only."""
        company_b = self._create_company("JIT Scoring B")
        self._history_a()
        late_b = self._purchase(
            self.vendor_a, 3, "2026-06-01", "2026-06-02", company=company_b
        )
        self._receive(late_b, 3, "2026-06-20 08:00:00")
        with freeze_time("2026-06-30"):
            self.Score._jit_recompute()
        self.assertAlmostEqual(self._overall(self.vendor_a).on_time_rate, 50.0, 2)
        self.assertEqual(self._overall(self.vendor_a, company_b).on_time_rate, 0.0)
        visible = self.Score.with_user(self.jit_user).search(
            [("partner_id", "=", self.vendor_a.id)]
        )
        self.assertEqual(visible.company_id, self.company)
        lines = (
            self.env["jit.purchase.line.report"]
            .with_user(self.jit_user)
            .search([("partner_id", "=", self.vendor_a.id)])
        )
        self.assertEqual(len(lines), 2)
        # Recomputing one company leaves the other's rows alone.
        before = self._overall(self.vendor_a, company_b).id
        self.Score._jit_recompute(companies=self.company)
        self.assertEqual(self._overall(self.vendor_a, company_b).id, before)

    def test_07_batches_resume_after_a_stop(self):
        """7. The nightly recompute goes vendor batch by vendor batch; stopped
        after the first batch, a new run does only the rest."""
        for vendor in (self.vendor_a, self.vendor_b, self.vendor_c):
            self._purchase(vendor, 1, "2026-06-01", "2026-06-02")
        calls = []

        def commit(processed, remaining=None):
            calls.append((processed, remaining))
            return 0 if len(calls) == 2 else 1  # time is up after one batch

        with freeze_time("2026-06-30"):
            self.Score._jit_recompute_batches(1, commit)
            self.assertEqual(calls, [(0, 3), (1, None)])
            self.assertEqual(len(self.Score.search([("product_id", "=", False)])), 1)
            calls.clear()
            self.Score._jit_recompute_batches(1, lambda *args, **kwargs: 1)
        self.assertEqual(len(self.Score.search([("product_id", "=", False)])), 3)

    def test_07b_one_company_failing_does_not_stop_the_others(self):
        """7b. A company whose scoring fails (a window written before the
        settings were bounded) is logged and skipped; the others are scored."""
        other = self._create_company("JIT Scoring B")
        self._purchase(self.vendor_a, 1, "2026-06-01", "2026-06-02")
        self._purchase(self.vendor_b, 1, "2026-06-01", "2026-06-02", company=other)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_company SET jit_score_window_days = 2000000000 WHERE id = %s",
            [other.id],
        )
        self.env.invalidate_all()
        with (
            freeze_time("2026-06-30"),
            mute_logger("odoo.sql_db"),  # the failing statement of company B
            self.assertLogs(
                "odoo.addons.jit_inventory.models.jit_vendor_score", "ERROR"
            ) as logs,
        ):
            self.Score._jit_recompute_batches(50, lambda *args, **kwargs: 1)
        self.assertIn(f"company {other.id} failed", logs.output[0])
        self.assertTrue(self._overall(self.vendor_a))
        self.assertFalse(self._overall(self.vendor_b, other))

    def test_08_scores_drive_the_vendor_selection(self):
        """8. After a reliable history the dearer vendor A beats the cheaper
        vendor B that has none."""
        for day in ("01", "08"):
            order = self._purchase(self.vendor_a, 5, f"2026-06-{day}", f"2026-06-{day}")
            self._receive(order, 5, f"2026-06-{day} 12:00:00")
        with freeze_time("2026-06-30"):
            self.Score._jit_recompute()
            with Form(self.env["sale.order"].with_user(self.salesperson)) as form:
                form.partner_id = self.customer
                with form.order_line.new() as line:
                    line.product_id = self.product
                    line.product_uom_qty = 2
            form.record.action_confirm()
        selection = form.record.sudo().order_line.jit_selection_ids
        self.assertEqual(
            selection.partner_id,
            self.vendor_a,
            (selection.reason, selection.candidate_ids.mapped("dropped_reason")),
        )
        self.assertEqual(selection.candidate_ids[1].partner_id, self.vendor_b)
        self.assertEqual(selection.candidate_ids[1].score, 0.9 * 70 + 10)
        # Each candidate says whose score it is, with the vendor's beside it.
        overall_a = self._overall(self.vendor_a)
        self.assertRecordValues(
            selection.candidate_ids,
            [
                {
                    "score_scope": "product",
                    "vendor_score": round(overall_a.score, 1),
                    "vendor_standing": overall_a.standing,
                },
                {"score_scope": "prior", "vendor_score": 0.0, "vendor_standing": False},
            ],
        )
        self.assertEqual(selection.candidate_ids[1].standing, "new")

    def test_09_warning_on_purchase_to_at_risk_vendor(self):
        """9. A PO to an at-risk vendor shows its standing and, with the
        "warn" policy, says so in the chatter on confirmation."""
        self.Score.create(
            {
                "company_id": self.company.id,
                "partner_id": self.vendor_b.id,
                "score": 55.0,
                "standing": "at_risk",
            }
        )
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor_b.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertEqual(order.jit_vendor_standing, "at_risk")
        order.with_user(self.buyer).button_confirm()
        self.assertIn("At risk", order.message_ids[0].body)
