# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .test_scoring import JitFlowCase

TODAY = "2026-06-30"


@tagged("post_install", "-at_install")
class TestJitFactRefresh(JitFlowCase):
    """A full score recompute rewrites only the delivery facts of the purchase
    lines that changed since the last one (queued by the score queue, or
    found stale by comparing the lines with their facts), and after it the
    facts equal the report's rows, whatever the change."""

    def setUp(self):
        super().setUp()
        # 24 lines of Vendor B received on time: the facts that must stay.
        with freeze_time("2026-06-01"):
            order = self.env["purchase.order"].create(
                {
                    "partner_id": self.vendor_b.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_qty": 10,
                                "date_planned": "2026-06-05",
                            }
                        )
                        for _n in range(24)
                    ],
                }
            )
            order.button_confirm()
        self._receive(order, 10, "2026-06-04 09:00:00")
        self.queue = self.env["jit.vendor.score.queue"]
        self.assertEqual(self._recompute(), "rebuild")

    def _recompute(self, when=TODAY):
        """Run the full recompute on ``when``; return the ids of the purchase
        lines whose facts it rewrote, or ``"rebuild"`` when it rewrote all,
        after checking that the facts equal the report's rows. The score
        queue's rows are left to its own run, which is played after."""
        fact_class = type(self.env["jit.purchase.line.fact"])
        refresh = fact_class._jit_refresh
        rewritten = []

        def spy_refresh(model, companies=None, partners=None, lines=None):
            if lines:
                rewritten.extend(lines.ids)
            else:
                rewritten.append("vendors" if partners else "rebuild")
            return refresh(model, companies, partners, lines)

        with patch.object(fact_class, "_jit_refresh", spy_refresh), freeze_time(when):
            self.Score._jit_recompute()
        self.assertEqual(self._facts_unlike_report(), [])
        with freeze_time(when):
            self.queue._jit_process(100, lambda *args, **kwargs: 1)
        return "rebuild" if "rebuild" in rewritten else sorted(rewritten)

    def _fact(self, line):
        return self.env["jit.purchase.line.fact"].search([("id", "=", line.id)])

    def test_01_nothing_changed_nothing_rewritten(self):
        self.assertEqual(self._recompute(), [])

    def test_02_confirmed_and_received_lines(self):
        """A confirmed line enters the facts, its receipt rewrites them; a
        line confirmed while the queue was emptied is found missing."""
        order = self._purchase(self.vendor_a, 10, "2026-06-01", "2026-06-10")
        line = order.order_line
        self.assertEqual(self._recompute(), line.ids)
        self._receive(order, 10, "2026-06-12 09:00:00")
        self.assertEqual(self._recompute(), line.ids)
        self.assertRecordValues(
            self._fact(line),
            [{"qty_received": 10.0, "qty_on_time": 0.0, "is_complete": True}],
        )
        self.assertRecordValues(
            self._overall(self.vendor_a), [{"sample_size": 1, "on_time_rate": 0.0}]
        )
        other = self._purchase(self.vendor_a, 5, "2026-06-02", "2026-06-11")
        self.queue.search([]).unlink()  # as if the queue's run had failed
        self.assertEqual(self._recompute(), other.order_line.ids)

    def test_03_return_to_vendor(self):
        order = self._purchase(self.vendor_a, 10, "2026-06-01", "2026-06-10")
        picking = self._receive(order, 10, "2026-06-09 09:00:00")
        self._recompute()
        self._return(picking, 4, "2026-06-15 09:00:00")
        self.assertEqual(self._recompute(), order.order_line.ids)
        self.assertRecordValues(
            self._fact(order.order_line), [{"qty_returned": 4.0, "qty_received": 10.0}]
        )

    def test_04_partial_receipt_then_backorder_cancelled(self):
        """The backorder's cancellation does not change the line's facts (only
        done quantities count): nothing to rewrite, and they stay right."""
        order = self._purchase(self.vendor_a, 10, "2026-06-01", "2026-06-10")
        self._receive(order, 6, "2026-06-09 09:00:00")
        self.assertEqual(self._recompute(), order.order_line.ids)
        backorder = order.picking_ids.filtered(lambda p: p.state != "done")
        backorder.action_cancel()
        self.assertEqual(self._recompute(), [])
        self.assertRecordValues(
            self._fact(order.order_line),
            [{"qty_received": 6.0, "qty_filled": 6.0, "is_complete": False}],
        )

    def test_05_purchase_order_cancelled(self):
        order = self._purchase(self.vendor_a, 10, "2026-06-01", "2026-06-10")
        self._recompute()
        order.button_cancel()
        self.assertEqual(self._recompute(), order.order_line.ids)
        self.assertFalse(self._fact(order.order_line))

    def test_06_replanned_and_quantity_changed(self):
        order = self._purchase(self.vendor_a, 10, "2026-06-01", "2026-06-10")
        line = order.order_line
        self._receive(order, 10, "2026-06-12 09:00:00")
        self._recompute()
        line.date_planned = "2026-06-14 09:00:00"
        self.assertEqual(self._recompute(), line.ids)
        self.assertRecordValues(
            self._fact(line), [{"qty_on_time": 10.0, "is_otif": True}]
        )
        line.product_qty = 12
        self.assertEqual(self._recompute(), line.ids)
        self.assertRecordValues(
            self._fact(line),
            [{"qty_ordered": 12.0, "is_complete": False, "is_otif": False}],
        )

    def test_07_a_line_falling_due_needs_no_rewrite(self):
        """Nothing in a fact depends on the day: a line overdue as time passes
        is counted due by the aggregate, its facts untouched."""
        self._purchase(self.vendor_c, 5, "2026-06-20", "2026-07-10")
        self._recompute()
        self.assertRecordValues(
            self._overall(self.vendor_c), [{"sample_size": 0, "standing": "new"}]
        )
        self.assertEqual(self._recompute("2026-07-20"), [])
        self.assertRecordValues(
            self._overall(self.vendor_c),
            [{"sample_size": 1, "on_time_rate": 0.0, "fill_rate": 0.0}],
        )

    def test_08_changes_the_queue_does_not_see(self):
        """A product moved to another category, a fact lost, a fact left
        behind by a line gone: found by comparing lines and facts."""
        bolt = self.env["product.product"].create({"name": "JIT Bolt"})
        order = self._purchase(
            self.vendor_a, 10, "2026-06-01", "2026-06-10", product=bolt
        )
        self._recompute()
        bolt.categ_id = self.env["product.category"].create({"name": "JIT Bolts"})
        self.assertEqual(self._recompute(), order.order_line.ids)
        lost = self.env["purchase.order.line"].search(
            [("partner_id", "=", self.vendor_b.id)], limit=1
        )
        self.env.cr.execute(
            SQL("DELETE FROM jit_purchase_line_fact WHERE id = %s", lost.id)
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO jit_purchase_line_fact (id, company_id, partner_id)
                SELECT MAX(id) + 1000, %s, %s FROM purchase_order_line
             RETURNING id
                """,
                self.company.id,
                self.vendor_a.id,
            )
        )
        gone = self.env.cr.fetchone()[0]
        self.assertEqual(self._recompute(), sorted([lost.id, gone]))

    def test_09_tolerance_changed_rewrites_the_company(self):
        """A new on-time tolerance changes every line's late-after day: so
        many stale facts are all read again."""
        order = self._purchase(self.vendor_a, 10, "2026-06-01", "2026-06-10")
        self._receive(order, 10, "2026-06-12 09:00:00")
        self._recompute()
        self.company.jit_on_time_tolerance_days = 3
        self.assertEqual(self._recompute(), "rebuild")
        self.assertRecordValues(
            self._fact(order.order_line), [{"qty_on_time": 10.0, "is_otif": True}]
        )

    def test_10_explicit_rebuild(self):
        """The managers' recompute reads every fact again."""
        fact_class = type(self.env["jit.purchase.line.fact"])
        with patch.object(
            fact_class, "_jit_refresh", autospec=True, wraps=fact_class._jit_refresh
        ) as refresh:
            self.Score.with_user(self.jit_manager).action_jit_recompute()
        refresh.assert_called_once()
        self.assertFalse(refresh.call_args.kwargs.get("lines"))
        self.assertEqual(self._facts_unlike_report(), [])
