# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import JitCommon
from .test_dashboard import create_history

CRONS = {
    "ir_cron_jit_reroute",
    "ir_cron_jit_dwell_backfill",
    "ir_cron_jit_dwell_daily",
    "ir_cron_jit_vendor_score",
    "ir_cron_jit_product_fitness",
    "ir_cron_jit_vendor_score_queue",
}


@tagged("post_install", "-at_install")
class TestJitCrons(JitCommon):
    """Each scheduled action of the addon run as Odoo runs it:
    ``method_direct_trigger`` opens the job's own cursor, and the job commits
    through ``_commit_progress``. In registry test mode that cursor is the
    test's (commits become savepoints), as Odoo's own cron tests do it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two receipts of vendor A, one late receipt of vendor B, 17 days ago
        # and more, then 12 of the 30 units sold and delivered.
        create_history(cls.env, {cls.vendor_a: (0, 0), cls.vendor_b: (3,)}, cls.product)
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 12}
                    )
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.move_ids.write({"quantity": 12.0, "picked": True})
        order.picking_ids._action_done()
        # Dwell from the dates the history was given (as the demo loader does).
        cls.env["jit.dwell.record"]._jit_backfill()

    def _trigger(self, xmlid):
        """Run the cron as the scheduler does; it must end without failure."""
        cron = self.env.ref(f"jit_inventory.{xmlid}")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertFalse(cron.failure_count, xmlid)
        self.assertTrue(cron.lastcall, xmlid)
        return cron

    def _scores(self):
        return {
            (score.partner_id, score.product_id): (
                score.sample_size,
                score.on_time_rate,
                round(score.score, 6),
            )
            for score in self.env["jit.vendor.score"].search([])
        }

    def _dwell(self):
        """Dwell records of the product: (receipt, quantity, open or not)."""
        return sorted(
            (r.vendor_id.name, r.move_in_id.date, r.quantity, r.is_open)
            for r in self.env["jit.dwell.record"].search(
                [("product_id", "=", self.product.id)]
            )
        )

    def test_00_every_cron_of_the_addon_is_run_here(self):
        crons = self.env["ir.model.data"].search(
            [("module", "=", "jit_inventory"), ("model", "=", "ir.cron")]
        )
        self.assertEqual(set(crons.mapped("name")), CRONS)

    def test_01_vendor_scores(self):
        expected = self._scores()
        self.assertEqual(len(expected), 4)  # each vendor, overall and product
        self.env["jit.vendor.score"].search([]).unlink()
        self._trigger("ir_cron_jit_vendor_score")
        self.assertEqual(self._scores(), expected)

    def test_02_score_queue(self):
        queue = self.env["jit.vendor.score.queue"].sudo()
        self.assertEqual(queue.search([]).partner_id, self.vendor_a | self.vendor_b)
        expected = self._scores()
        self.env["jit.vendor.score"].search([]).unlink()
        self._trigger("ir_cron_jit_vendor_score_queue")
        self.assertFalse(queue.search([]))
        self.assertEqual(self._scores(), expected)

    def test_03_dwell_backfill(self):
        self.env.cr.execute(
            SQL("DELETE FROM %s", SQL.identifier(self.env["jit.dwell.record"]._table))
        )
        self.env.invalidate_all()
        self._trigger("ir_cron_jit_dwell_backfill")
        # The 12 delivered units are the oldest (FIFO): all of vendor A's
        # receipt of 27 days ago and 2 of its receipt of 20 days ago.
        moves = self.env["purchase.order"].search([]).order_line.move_ids
        a_old, a_new, b = moves.sorted(
            lambda m: (m.purchase_line_id.partner_id.name, m.date)
        )
        self.assertEqual(len(moves), 3)
        self.assertEqual(
            self._dwell(),
            sorted(
                [
                    ("Vendor A", a_old.date, 10.0, False),
                    ("Vendor A", a_new.date, 2.0, False),
                    ("Vendor A", a_new.date, 8.0, True),
                    ("Vendor B", b.date, 10.0, True),
                ]
            ),
        )

    def test_04_dwell_daily_flags_products_over_target(self):
        self.company.jit_dwell_target_hours = 24.0  # stock is 20+ days old
        template = self.product.product_tmpl_id
        self.assertFalse(template.activity_ids)
        self._trigger("ir_cron_jit_dwell_daily")
        self.assertEqual(
            template.activity_ids.activity_type_id,
            self.env.ref("jit_inventory.mail_activity_type_dwell"),
        )
        open_records = self.env["jit.dwell.record"].search(
            [("product_id", "=", self.product.id), ("is_open", "=", True)]
        )
        self.assertEqual(open_records.mapped("target_hours"), [24.0, 24.0])
        self.assertFalse(any(open_records.mapped("within_target")))

    def test_05_product_fitness(self):
        Fitness = self.env["jit.product.fitness"]
        self.assertFalse(Fitness.search([("product_id", "=", self.product.id)]))
        self._trigger("ir_cron_jit_product_fitness")
        self.assertRecordValues(
            Fitness.search([("product_id", "=", self.product.id)]),
            [{"company_id": self.company.id, "demand_total": 12.0}],
        )

    def test_06_reroute(self):
        self.product.jit_managed = True
        self.company.jit_vendor_confirm_days = 1
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3.0}
                    )
                ],
            }
        )
        order.action_confirm()
        line = order.order_line.jit_purchase_line_ids
        rfq = line.order_id
        self.assertEqual(rfq.state, "draft")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE purchase_order SET create_date = create_date - interval '2 days'"
            " WHERE id = %s",
            [rfq.id],
        )
        self.env.invalidate_all()
        self._trigger("ir_cron_jit_reroute")
        self.assertEqual(rfq.state, "cancel")
        new_line = order.order_line.jit_purchase_line_ids.filtered(
            lambda l: l.order_id.state != "cancel"
        )
        self.assertEqual(new_line.product_qty, 3.0)
        self.assertEqual(
            new_line.partner_id, (self.vendor_a | self.vendor_b) - rfq.partner_id
        )
