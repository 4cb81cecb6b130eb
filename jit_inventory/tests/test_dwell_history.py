# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .test_dwell import JitDwellCommon


class JitDwellHistoryCommon(JitDwellCommon):
    """Every kind of stock movement, through Odoo's own flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production_location = cls.env["stock.location"].search(
            [
                ("usage", "=", "production"),
                ("company_id", "in", [cls.company.id, False]),
            ],
            limit=1,
        )
        cls.Reconciliation = cls.env["jit.dwell.reconciliation.report"]
        cls.stock_manager = new_test_user(
            cls.env,
            login="jit_stock_manager",
            groups="stock.group_stock_manager",
            company_id=cls.company.id,
        )

    def _count(self, qty, when, product=None, location=None, lot=None):
        """Count ``qty`` on hand and apply it (inventory adjustment)."""
        with freeze_time(when):
            quant = (
                self.env["stock.quant"]
                .with_user(self.stock_manager)
                .with_context(inventory_mode=True)
                .create(
                    {
                        "product_id": (product or self.product).id,
                        "location_id": (location or self.stock_location).id,
                        "lot_id": lot.id if lot else False,
                        "inventory_quantity": qty,
                    }
                )
            )
            quant.action_apply_inventory()

    def _production(self, qty, when, consume=True, product=None):
        """Move ``qty`` from stock to the production location (consumption)
        or back (output), as a manufacturing order's moves do."""
        product = product or self.product
        src, dst = self.stock_location, self.production_location
        if not consume:
            src, dst = dst, src
        move = self.env["stock.move"].create(
            {
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": src.id,
                "location_dest_id": dst.id,
            }
        )
        move._action_confirm()
        with freeze_time(when):
            move.quantity = qty
            move.picked = True
            move._action_done()
        return move

    def _scrap(self, qty, when, product=None):
        with freeze_time(when):
            scrap = self.env["stock.scrap"].create(
                {
                    "product_id": (product or self.product).id,
                    "scrap_qty": qty,
                    "location_id": self.stock_location.id,
                }
            )
            scrap.action_validate()
        return scrap.move_ids

    def _return(self, picking, qty, when):
        """Return ``qty`` of a done transfer through the return wizard."""
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = qty
        giveback = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        return self._validate(giveback, when)

    def _transfer(self, warehouse, qty):
        """A confirmed transfer of ``qty`` of the product from stock to
        ``warehouse``'s stock."""
        transfer = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": qty,
                            "location_id": self.stock_location.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        transfer.action_confirm()
        return transfer

    def _open_quantity(self, product=None, warehouse=None):
        records = self._records(product).filtered(
            lambda r: r.is_open and r.warehouse_id == (warehouse or self.warehouse)
        )
        return sum(records.mapped("quantity"))

    def _assert_reconciled(self, products):
        differences = self.Reconciliation.with_user(self.jit_user).search(
            [("product_id", "in", products.ids)]
        )
        self.assertFalse(
            differences.read(
                ["product_id", "warehouse_id", "lot_id", "quantity_open", "difference"]
            )
        )


@tagged("post_install", "-at_install")
class TestDwellMovements(JitDwellHistoryCommon):
    test_sequence = 10

    def test_01_adjustment_opens_dwell_fifo(self):
        """The case of the issue: 10 counted 10 days ago, 5 received 2 days
        ago, 5 delivered now: FIFO takes the counted units (240 h) and the 5
        received stay open, as on hand."""
        self._count(10, "2025-03-01 08:00:00")
        receipt = self._move("receipt", 5, "2025-03-09 08:00:00")
        delivery = self._move("delivery", 5, "2025-03-11 08:00:00")
        counted = self._records().filtered(lambda r: r.kind_in == "inventory")
        self.assertEqual(len(counted.move_in_id), 1)
        self._assert_rows(
            self._records(),
            [
                {
                    "move_in_id": counted.move_in_id.id,
                    "move_out_id": False,
                    "kind_in": "inventory",
                    "kind_out": False,
                    "quantity": 5.0,
                    "is_open": True,
                },
                {
                    "move_in_id": counted.move_in_id.id,
                    "move_out_id": delivery.id,
                    "kind_in": "inventory",
                    "kind_out": "delivery",
                    "quantity": 5.0,
                    "dwell_hours": 240.0,
                    "vendor_id": False,
                    "customer_id": self.customer.id,
                    "is_open": False,
                },
                {
                    "move_in_id": receipt.id,
                    "move_out_id": False,
                    "kind_in": "receipt",
                    "quantity": 5.0,
                    "is_open": True,
                },
            ],
        )
        self.assertEqual(self.product.qty_available, 10.0)
        self.assertEqual(self._open_quantity(), 10.0)
        self._assert_reconciled(self.product)

    def test_02_production_scrap_inventory_loss(self):
        """Consumption by production, scrap and inventory loss close dwell;
        production output opens it; none of them is a customer delivery."""
        receipt = self._move("receipt", 10, "2025-03-01 08:00:00")
        consumed = self._production(3, "2025-03-02 08:00:00")
        output = self._production(4, "2025-03-03 08:00:00", consume=False)
        scrapped = self._scrap(2, "2025-03-04 08:00:00")
        # 10 - 3 + 4 - 2 = 9 on hand, 6 counted: 3 lost.
        self._count(6, "2025-03-05 08:00:00")
        records = self._records()
        lost = records.filtered(lambda r: r.kind_out == "inventory")
        self._assert_rows(
            records,
            [
                {
                    "move_in_id": receipt.id,
                    "move_out_id": False,
                    "quantity": 2.0,
                    "is_open": True,
                },
                {
                    "move_in_id": receipt.id,
                    "move_out_id": consumed.id,
                    "kind_out": "production",
                    "quantity": 3.0,
                    "dwell_hours": 24.0,
                },
                {
                    "move_in_id": receipt.id,
                    "move_out_id": scrapped.id,
                    "kind_out": "scrap",
                    "quantity": 2.0,
                    "dwell_hours": 72.0,
                },
                {
                    "move_in_id": receipt.id,
                    "move_out_id": lost.move_out_id.id,
                    "kind_out": "inventory",
                    "quantity": 3.0,
                    "dwell_hours": 96.0,
                },
                {
                    "move_in_id": output.id,
                    "move_out_id": False,
                    "kind_in": "production",
                    "quantity": 4.0,
                    "is_open": True,
                },
            ],
        )
        self._assert_reconciled(self.product)
        kpis = (
            self.env["jit.dwell.kpi.report"]
            .with_user(self.jit_user)
            .search([("product_id", "=", self.product.id)], order="scope")
        )
        self.assertRecordValues(
            kpis,
            [
                {"scope": "all", "quantity_delivered": 8.0, "quantity_open": 6.0},
                {"scope": "delivery", "quantity_delivered": 0.0, "quantity_open": 6.0},
            ],
        )
        self.assertFalse(kpis[1].dwell_mean_hours)
        self.assertAlmostEqual(kpis[0].dwell_mean_hours, (3 * 24 + 2 * 72 + 3 * 96) / 8)

    def test_03_consumed_stock_raises_no_activity(self):
        """Components consumed by production are gone: no over-target
        activity for a product with nothing on hand."""
        self._move("receipt", 5, "2025-03-01 08:00:00")
        self._production(5, "2025-03-10 08:00:00")
        with freeze_time("2025-03-20 08:00:00"):
            activities = self.Record._jit_schedule_activities()
        self.assertFalse(activities)

    def test_04_transfer_between_warehouses(self):
        """Leaving for another warehouse closes dwell in the first and opens
        it in the second, from the transfer's date."""
        other = self.env["stock.warehouse"].create({"name": "Second", "code": "WH2"})
        receipt = self._move("receipt", 6, "2025-03-01 08:00:00")
        transfer = self._transfer(other, 4)
        moved = self._validate(transfer, "2025-03-02 08:00:00")
        delivery = self._move("delivery", 3, "2025-03-04 08:00:00", warehouse=other)
        self._assert_rows(
            self._records(),
            [
                {
                    "warehouse_id": self.warehouse.id,
                    "move_in_id": receipt.id,
                    "move_out_id": False,
                    "quantity": 2.0,
                },
                {
                    "warehouse_id": self.warehouse.id,
                    "move_in_id": receipt.id,
                    "move_out_id": moved.id,
                    "kind_out": "transfer",
                    "quantity": 4.0,
                    "dwell_hours": 24.0,
                },
                {
                    "warehouse_id": other.id,
                    "move_in_id": moved.id,
                    "move_out_id": False,
                    "kind_in": "transfer",
                    "quantity": 1.0,
                    "vendor_id": False,
                },
                {
                    "warehouse_id": other.id,
                    "move_in_id": moved.id,
                    "move_out_id": delivery.id,
                    "kind_in": "transfer",
                    "kind_out": "delivery",
                    "quantity": 3.0,
                    "dwell_hours": 48.0,
                },
            ],
        )
        self._assert_reconciled(self.product)

    def test_05_negative_stock_covered_later(self):
        """A delivery with nothing on hand leaves a negative open quantity, as
        Odoo's quant does; the next arrival covers it."""
        delivery = self._move("delivery", 3, "2025-03-01 08:00:00")
        self.assertEqual(self.product.qty_available, -3.0)
        self._assert_rows(
            self._records(),
            [{"move_out_id": delivery.id, "quantity": -3.0, "is_open": True}],
        )
        self._assert_reconciled(self.product)
        receipt = self._move("receipt", 5, "2025-03-02 08:00:00")
        self._assert_rows(
            self._records(),
            [
                {"move_in_id": receipt.id, "move_out_id": False, "quantity": 2.0},
                {
                    "move_in_id": receipt.id,
                    "move_out_id": delivery.id,
                    "kind_out": "delivery",
                    "quantity": 3.0,
                    "dwell_hours": 0.0,
                    "is_open": False,
                },
            ],
        )
        self._assert_reconciled(self.product)

    def test_06_reconciliation_lists_differences(self):
        """The reconciliation is not blind: a missing open record shows."""
        self._move("receipt", 4, "2025-03-01 08:00:00")
        self._records().unlink()
        self.assertRecordValues(
            self.Reconciliation.with_user(self.jit_user).search(
                [("product_id", "=", self.product.id)]
            ),
            [
                {
                    "warehouse_id": self.warehouse.id,
                    "quantity_open": 0.0,
                    "quantity_on_hand": 4.0,
                    "difference": -4.0,
                }
            ],
        )

    def test_07_hostile_name_escaped_in_activity(self):
        """Product names are escaped in the over-target note."""
        product = self._product("<img src=x>")
        self._move("receipt", 1, "2025-03-01 08:00:00", product=product)
        with freeze_time("2025-03-20 08:00:00"):
            self.Record._cron_jit_dwell_daily()
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "product.template"),
                ("res_id", "=", product.product_tmpl_id.id),
            ]
        )
        self.assertIn("&lt;img src=x&gt;", str(activity.note))
        self.assertNotIn("<img", str(activity.note))

    def test_08_bucket_edges_parsed_once(self):
        """Buckets PostgreSQL would not read are refused naming the field; the
        parsed edges are stored and read by the aging view."""
        for bad in ("1_000", "\u0661,\u0663", "1,inf", "1e3", "nan"):
            with (
                self.subTest(bad=bad),
                self.assertRaisesRegex(ValidationError, "Aging buckets \\(days\\)"),
            ):
                self.company.jit_dwell_bucket_edges = bad
        self.company.jit_dwell_bucket_edges = " 2.5, 10"
        self.assertEqual(self.company.jit_dwell_bucket_days, "2.5,10.0")
        self.assertEqual(self.company._jit_get_dwell_bucket_edges(), [2.5, 10.0])
        self._move("receipt", 1, fields.Datetime.now() - timedelta(days=4))
        aging = (
            self.env["jit.dwell.aging.report"]
            .with_user(self.jit_user)
            .search([("product_id", "=", self.product.id)])
        )
        labels = dict(aging._fields["age_bucket"]._description_selection(aging.env))
        self.assertEqual(labels[aging.age_bucket], "2.5-10 days")


@tagged("post_install", "-at_install")
class TestDwellRebuild(JitDwellHistoryCommon):
    test_sequence = 10

    def _mixed_history(self):
        """Receipts (a purchase in dozens with a backorder), a sale with a
        customer return, a vendor return, lots, an adjustment, production,
        scrap and a transfer to another warehouse, all through Odoo's flows.
        Return the products involved."""
        lot_product = self._product("Lot Widget", tracking="lot")
        lot_1, lot_2 = self.env["stock.lot"].create(
            [
                {"name": n, "product_id": lot_product.id, "company_id": self.company.id}
                for n in ("L1", "L2")
            ]
        )
        dozen = self.env.ref("uom.product_uom_dozen")
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor_a.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 2,
                            "product_uom_id": dozen.id,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        receipt = purchase.picking_ids
        with freeze_time("2025-03-01 08:00:00"):
            receipt.move_ids.quantity = 1  # one dozen of two
            receipt.move_ids.picked = True
            action = receipt.button_validate()
            Form.from_action(self.env, action).save().process()
        self._validate(receipt.backorder_ids, "2025-03-02 08:00:00")
        self._return(receipt, 0.5, "2025-03-03 08:00:00")  # 6 units to the vendor
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 10}
                    )
                ],
            }
        )
        sale.action_confirm()
        delivery = sale.picking_ids
        self._validate(delivery, "2025-03-04 08:00:00")
        self._return(delivery, 2, "2025-03-05 08:00:00")
        self._count(12, "2025-03-06 08:00:00")  # 24 - 6 - 10 + 2 = 10 -> 12
        self._production(3, "2025-03-07 08:00:00")
        self._production(1, "2025-03-07 09:00:00", consume=False)
        self._scrap(1, "2025-03-08 08:00:00")
        self._move(
            "receipt",
            5,
            "2025-03-02 10:00:00",
            product=lot_product,
            lots=[(lot_1, 2), (lot_2, 3)],
        )
        self._move(
            "delivery",
            3,
            "2025-03-05 10:00:00",
            product=lot_product,
            lots=[(lot_2, 3)],
        )
        self._count(1, "2025-03-06 10:00:00", product=lot_product, lot=lot_1)
        other = self.env["stock.warehouse"].create({"name": "Second", "code": "WH2"})
        transfer = self._transfer(other, 4)
        self._validate(transfer, "2025-03-09 08:00:00")
        self._move("delivery", 1, "2025-03-10 08:00:00", warehouse=other)
        return self.product | lot_product

    def test_01_mixed_history_reconciles_and_rebuilds_the_same(self):
        products = self._mixed_history()
        # 12 counted - 3 consumed + 1 produced - 1 scrapped - 4 moved out.
        self.assertEqual(self._open_quantity(), 5.0)
        self.assertEqual(self._open_quantity(products[1]), 1.0)
        self._assert_reconciled(products)
        kinds = set(self.Record.search([]).mapped("kind_in")) | set(
            self.Record.search([]).mapped("kind_out")
        )
        self.assertEqual(
            kinds,
            {
                "receipt",
                "customer_return",
                "inventory",
                "production",
                "transfer",
                "delivery",
                "vendor_return",
                "scrap",
                False,
            },
        )
        with freeze_time("2025-04-01 00:00:00"):
            self.Record._jit_refresh()
            live = self._snapshot()
            self.Record._jit_backfill(batch_size=3)
            rebuilt = self._snapshot()
        self.assertEqual(rebuilt, live)
        self._assert_reconciled(products)

    def test_07_rebuild_sweeps_what_is_fifo(self):
        """The rebuild matches set-based (FIFO sweep) every product whose
        matching is FIFO, customer returns and chains between warehouses
        included; only a product with a return to vendor (or an arrival made
        to order) goes through the engine. Both give the live records."""
        products = self._mixed_history()
        returned = self._product("Returned Widget")
        self._move("receipt", 4, "2025-03-01 09:00:00", product=returned)
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": returned.id, "product_uom_qty": 3})
                ],
            }
        )
        sale.action_confirm()
        self._validate(sale.picking_ids, "2025-03-02 09:00:00")
        self._return(sale.picking_ids, 1, "2025-03-03 09:00:00")
        self._move("delivery", 2, "2025-03-04 09:00:00", product=returned)
        products |= returned
        # self.product went back to its vendor (see _mixed_history).
        self.assertEqual(
            self.Record._jit_paired_products(products.ids), {self.product.id}
        )
        with freeze_time("2025-04-01 00:00:00"):
            self.Record._jit_refresh()
            live = self._snapshot()
            self.Record._jit_backfill(batch_size=3)
            rebuilt = self._snapshot()
        self.assertEqual(rebuilt, live)
        # 4 received, 3 delivered, 1 returned by the customer, 2 delivered.
        self._assert_rows(
            self._records(returned),
            [
                {"kind_in": "receipt", "kind_out": "delivery", "quantity": 3.0},
                {"kind_in": "receipt", "kind_out": "delivery", "quantity": 1.0},
                {
                    "kind_in": "customer_return",
                    "kind_out": "delivery",
                    "quantity": 1.0,
                    "is_open": False,
                },
            ],
        )
        self._assert_reconciled(products)

    def test_02_three_step_mto_live_equals_rebuild(self):
        """A JIT sale bought to order into a three-step reception and shipped
        in two steps: the make-to-order flag is the same live and rebuilt."""
        warehouse = self.env["stock.warehouse"].create(
            {
                "name": "Three Steps",
                "code": "WH3",
                "reception_steps": "three_steps",
                "delivery_steps": "pick_ship",
            }
        )
        self.product.jit_managed = True
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        sale.action_confirm()
        purchase = (
            self.env["purchase.order.line"]
            .search([("product_id", "=", self.product.id)])
            .order_id
        )
        self.assertEqual(len(purchase), 1)
        purchase.button_confirm()
        receipt_move = self._validate(purchase.picking_ids, "2025-03-01 08:00:00")
        moves = receipt_move.move_dest_ids
        day = 1
        while moves:
            day += 1
            for picking in moves.picking_id:
                picking.action_assign()
                self._validate(picking, f"2025-03-0{day} 08:00:00")
            moves = moves.move_dest_ids.filtered(lambda m: m.state != "done")
        records = self._records().filtered(lambda r: r.warehouse_id == warehouse)
        self.assertRecordValues(
            records,
            [
                {
                    "move_in_id": receipt_move.id,
                    "kind_out": "delivery",
                    "is_mto": True,
                    "quantity": 3.0,
                    "sale_id": sale.id,
                    "purchase_id": purchase.id,
                }
            ],
        )
        live = self._snapshot()
        self.Record._jit_backfill()
        self.assertEqual(self._snapshot(), live)

    def test_03_validation_during_rebuild_counted_once(self):
        """Transfers validated while the rebuild runs, one after the history
        the rebuild has read and one dated inside it (as a transaction that
        commits late would be), are in the result once; the live records stay
        in use until the switch."""
        other = self._product("Other Widget")
        for day in range(1, 6):
            self._move("receipt", 2, f"2025-03-0{day} 08:00:00")
            self._move("delivery", 1, f"2025-03-0{day} 18:00:00")
        late = self._picking("delivery", 3)
        early = self._picking("receipt", 4, product=other)
        calls = []
        live = []

        def commit(count):
            calls.append(count)
            if len(calls) == 2:
                self.assertTrue(self.Record._jit_state()["rebuilding"])
                self._validate(early, "2025-03-01 12:00:00")
                self._validate(late, "2025-03-09 08:00:00")
                with freeze_time("2025-04-01 00:00:00"):
                    self.Record._jit_refresh()
                    live.append(self._snapshot())
            return 3600.0

        self.Record._jit_backfill(batch_size=4, commit=commit)
        self.assertGreater(len(calls), 3)
        with freeze_time("2025-04-01 00:00:00"):
            self.Record._jit_refresh()
            rebuilt = self._snapshot()
            self.Record._jit_backfill()
            clean = self._snapshot()
        self.assertEqual(rebuilt, live[0])
        self.assertEqual(rebuilt, clean)
        self.assertRecordValues(
            self._records(other), [{"move_in_id": early.move_ids.id, "quantity": 4.0}]
        )
        self.assertEqual(
            sum(
                self._records()
                .filtered(lambda r: r.move_out_id == late.move_ids)
                .mapped("quantity")
            ),
            3.0,
        )
        self.assertEqual(self._open_quantity(), 2.0)
        self._assert_reconciled(self.product | other)
        self.assertEqual(
            self.Record.with_context(active_test=False).search_count([]),
            self.Record.search_count([]),
        )

    def test_04_rebuild_resumes_when_time_is_up(self):
        """Out of time, the rebuild stops and keeps the live records in use;
        the next run resumes after the products done and switches."""
        products = self.product | self._product("Second") | self._product("Third")
        for product in products:
            for day in range(1, 3):
                self._move("receipt", 2, f"2025-03-0{day} 08:00:00", product=product)
                self._move("delivery", 1, f"2025-03-0{day} 18:00:00", product=product)
        with freeze_time("2025-04-01 00:00:00"):
            self.Record._jit_refresh()
            live = self._snapshot()
            runs = [self.Record._jit_rebuild(batch_size=4, commit=lambda c: 0.0)]
            self.assertTrue(self.Record._jit_state()["rebuilding"])
            self.assertEqual(self._snapshot(), live)
            # the first product rebuilt beside the live records
            self.env.cr.execute(SQL("SELECT COUNT(*) FROM jit_dwell_record_next"))
            self.assertEqual(self.env.cr.fetchone()[0], 3)
            while not runs[-1]:
                runs.append(
                    self.Record._jit_rebuild(batch_size=4, commit=lambda c: 0.0)
                )
            self.assertFalse(self.Record._jit_state()["rebuilding"])
            self.assertEqual(self._snapshot(), live)
        self.assertEqual(runs, [False, False, True])  # one product of 4 moves per run

    def test_04b_record_deleted_during_the_rebuild(self):
        """A category deleted between two runs of a rebuild, before the next
        table has its foreign keys: the rebuilt records of its products get
        what the foreign key does to the live ones (set null), and the
        rebuild switches."""
        categ = self.env["product.category"].create({"name": "Deleted meanwhile"})
        self.product.categ_id = categ
        products = self.product | self._product("Second")
        for product in products:
            self._move("receipt", 2, "2025-03-01 08:00:00", product=product)
            self._move("delivery", 1, "2025-03-01 18:00:00", product=product)
        self.assertFalse(self.Record._jit_rebuild(batch_size=2, commit=lambda c: 0.0))
        self.product.categ_id = self.env["product.category"].create({"name": "Kept"})
        categ.unlink()
        self.assertTrue(self.Record._jit_rebuild(batch_size=2, commit=lambda c: 0.0))
        self.assertRecordValues(
            self.Record.search([("product_id", "=", self.product.id)], order="is_open"),
            [
                {"categ_id": False, "is_open": False, "quantity": 1.0},
                {"categ_id": False, "is_open": True, "quantity": 1.0},
            ],
        )
        self.assertFalse(self.Record._jit_state()["rebuilding"])

    def test_05_existing_company_history(self):
        """History made before dwell records exist (as on a database the addon
        is installed on): the reconciliation shows it, the rebuild fixes it."""
        products = self._mixed_history()
        self.env.cr.execute("DELETE FROM jit_dwell_record")
        self.assertTrue(
            self.Reconciliation.search([("product_id", "in", products.ids)])
        )
        generation = self.Record._jit_state()["generation"] + 1
        self.Record._jit_backfill()
        self._assert_reconciled(products)
        self.assertEqual(
            self.Record.search_count([("product_id", "in", products.ids)]),
            self.Record.with_context(active_test=False).search_count(
                [("product_id", "in", products.ids)]
            ),
        )
        self.assertTrue(
            self.Record.search_count([("generation", "=", generation)]),
            "the rebuild made the next generation live",
        )
        self.assertEqual(
            self.Record._jit_state(), {"generation": generation, "rebuilding": False}
        )
        self.assertEqual(
            datetime(2025, 3, 1, 8),
            min(
                self.Record.search([("product_id", "=", self.product.id)]).mapped(
                    "date_in"
                )
            ),
        )

    def test_06_dwell_button_only_on_documents(self):
        """The dwell button's action refuses the abstract mixin (JSON-RPC)."""
        with self.assertRaisesRegex(UserError, "opened from a sale order"):
            self.env["jit.dwell.mixin"].with_user(self.jit_user).browse(
                1
            ).action_jit_open_dwell()
