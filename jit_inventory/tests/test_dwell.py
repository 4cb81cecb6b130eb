# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common import JitCommon

RECORD_FIELDS = [
    "company_id",
    "product_id",
    "categ_id",
    "lot_id",
    "warehouse_id",
    "vendor_id",
    "purchase_id",
    "customer_id",
    "sale_id",
    "move_in_id",
    "move_out_id",
    "kind_in",
    "kind_out",
    "is_mto",
    "quantity",
    "date_in",
    "date_out",
    "dwell_hours",
    "target_hours",
    "within_target",
    "is_open",
]


class JitDwellCommon(JitCommon):
    """Transfers validated at frozen times, for dwell time scenarios."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.jit_dwell_target_hours = 48.0
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.Record = cls.env["jit.dwell.record"]

    def _picking(self, kind, qty, product=None, uom=None, warehouse=None, **move):
        """Return a confirmed one-move transfer: ``kind`` is receipt, delivery,
        customer_return or vendor_return."""
        warehouse = warehouse or self.warehouse
        product = product or self.product
        src, dst, picking_type, partner = {
            "receipt": (
                self.supplier_location,
                warehouse.lot_stock_id,
                warehouse.in_type_id,
                self.vendor_a,
            ),
            "delivery": (
                warehouse.lot_stock_id,
                self.customer_location,
                warehouse.out_type_id,
                self.customer,
            ),
            "customer_return": (
                self.customer_location,
                warehouse.lot_stock_id,
                warehouse.in_type_id,
                self.customer,
            ),
            "vendor_return": (
                warehouse.lot_stock_id,
                self.supplier_location,
                warehouse.out_type_id,
                self.vendor_a,
            ),
        }[kind]
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": src.id,
                "location_dest_id": dst.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": (uom or product.uom_id).id,
                            "location_id": src.id,
                            "location_dest_id": dst.id,
                            **move,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def _validate(self, picking, when, qty=None, lots=()):
        """Validate ``picking`` at ``when`` with ``qty`` (default: all) or
        ``lots`` ``[(lot, qty)]``; return its done moves."""
        with freeze_time(when):
            for move in picking.move_ids:
                if lots:
                    move.move_line_ids.unlink()
                    self.env["stock.move.line"].create(
                        [
                            {
                                "move_id": move.id,
                                "product_id": move.product_id.id,
                                "lot_id": lot.id,
                                "quantity": lot_qty,
                                "product_uom_id": move.product_uom.id,
                                "location_id": move.location_id.id,
                                "location_dest_id": move.location_dest_id.id,
                            }
                            for lot, lot_qty in lots
                        ]
                    )
                else:
                    move.quantity = move.product_uom_qty if qty is None else qty
                move.picked = True
            picking._action_done()
        return picking.move_ids.filtered(lambda m: m.state == "done")

    def _move(self, kind, qty, when, **kwargs):
        """Create and validate a one-move transfer; return the done move."""
        lots = kwargs.pop("lots", ())
        return self._validate(self._picking(kind, qty, **kwargs), when, lots=lots)

    def _product(self, name, **vals):
        return self.env["product.product"].create(
            {"name": name, "type": "consu", "is_storable": True, **vals}
        )

    def _records(self, product=None):
        return self.Record.search(
            [("product_id", "=", (product or self.product).id)],
            order="date_in, move_in_id, is_open desc, date_out, id",
        )

    def _assert_rows(self, records, rows):
        """Like ``assertRecordValues``, each row giving only the fields it
        checks."""
        self.assertEqual(len(records), len(rows), records.read(RECORD_FIELDS))
        for record, row in zip(records, rows, strict=True):
            self.assertRecordValues(record, [row])

    def _snapshot(self):
        """Return all records as sorted value tuples, without ids."""
        self.Record.invalidate_model()
        rows = self.Record.search([]).read(RECORD_FIELDS, load=None)
        return sorted(
            tuple(
                round(row[f], 6) if isinstance(row[f], float) else row[f]
                for f in RECORD_FIELDS
            )
            for row in rows
        )


@tagged("post_install", "-at_install")
class TestDwell(JitDwellCommon):
    # Run after the other tests: the company and warehouse created here reset
    # registry caches that query-count tests elsewhere measure with.
    test_sequence = 10

    def test_01_mto_chain_exact(self):
        """A delivery takes the receipt chained to it, not the older stock."""
        old = self._move("receipt", 10, "2025-03-01 08:00:00")
        delivery = self._picking("delivery", 5)
        receipt = self._picking(
            "receipt", 5, move_dest_ids=[Command.link(delivery.move_ids.id)]
        )
        receipt_move = self._validate(receipt, "2025-03-02 10:00:00")
        delivery_move = self._validate(delivery, "2025-03-03 16:00:00")
        self.assertRecordValues(
            self._records(),
            [
                {
                    "move_in_id": old.id,
                    "move_out_id": False,
                    "quantity": 10.0,
                    "date_in": datetime(2025, 3, 1, 8),
                    "date_out": False,
                    "dwell_hours": 0.0,
                    "is_mto": False,
                    "is_open": True,
                    "vendor_id": self.vendor_a.id,
                    "customer_id": False,
                    "warehouse_id": self.warehouse.id,
                    "categ_id": self.category.id,
                },
                {
                    "move_in_id": receipt_move.id,
                    "move_out_id": delivery_move.id,
                    "quantity": 5.0,
                    "date_in": datetime(2025, 3, 2, 10),
                    "date_out": datetime(2025, 3, 3, 16),
                    "dwell_hours": 30.0,
                    "is_mto": True,
                    "is_open": False,
                    "vendor_id": self.vendor_a.id,
                    "customer_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "categ_id": self.category.id,
                },
            ],
        )

    def test_02_partial_receipt_delivery_fifo(self):
        """Backorders split quantities; deliveries take the oldest stock."""
        receipt = self._picking("receipt", 10)
        r1 = self._validate(receipt, "2025-03-01 08:00:00", qty=6)
        backorder = receipt.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 4)
        r2 = self._validate(backorder, "2025-03-02 08:00:00")
        delivery = self._picking("delivery", 8)
        d1 = self._validate(delivery, "2025-03-03 08:00:00", qty=5)
        d2 = self._validate(delivery.backorder_ids, "2025-03-04 08:00:00")
        self.assertRecordValues(
            self._records(),
            [
                {"move_in_id": r1.id, "move_out_id": d1.id, "quantity": 5.0},
                {"move_in_id": r1.id, "move_out_id": d2.id, "quantity": 1.0},
                {"move_in_id": r2.id, "move_out_id": False, "quantity": 2.0},
                {"move_in_id": r2.id, "move_out_id": d2.id, "quantity": 2.0},
            ],
        )
        self.assertEqual(self._records().mapped("dwell_hours"), [48.0, 72.0, 0.0, 48.0])

    def test_03_lots_out_of_order(self):
        """Lots are matched exactly, whatever their age."""
        product = self._product("Lot Widget", tracking="lot")
        lot_1, lot_2 = self.env["stock.lot"].create(
            [
                {"name": "L1", "product_id": product.id, "company_id": self.company.id},
                {"name": "L2", "product_id": product.id, "company_id": self.company.id},
            ]
        )
        r1 = self._move(
            "receipt", 5, "2025-03-01 08:00:00", product=product, lots=[(lot_1, 5)]
        )
        r2 = self._move(
            "receipt", 5, "2025-03-02 08:00:00", product=product, lots=[(lot_2, 5)]
        )
        d1 = self._move(
            "delivery", 3, "2025-03-03 08:00:00", product=product, lots=[(lot_2, 3)]
        )
        d2 = self._move(
            "delivery",
            4,
            "2025-03-04 08:00:00",
            product=product,
            lots=[(lot_1, 2), (lot_2, 2)],
        )
        self.assertRecordValues(
            self._records(product),
            [
                {"move_in_id": r1.id, "move_out_id": False, "lot_id": lot_1.id},
                {"move_in_id": r1.id, "move_out_id": d2.id, "lot_id": lot_1.id},
                {"move_in_id": r2.id, "move_out_id": d1.id, "lot_id": lot_2.id},
                {"move_in_id": r2.id, "move_out_id": d2.id, "lot_id": lot_2.id},
            ],
        )
        self.assertEqual(
            self._records(product).mapped("quantity"), [3.0, 2.0, 3.0, 2.0]
        )
        self.assertEqual(
            self._records(product).mapped("dwell_hours"), [0.0, 72.0, 24.0, 48.0]
        )

    def test_04_customer_return_reopens(self):
        """Returned goods are stock again, from the return's date."""
        receipt = self._move("receipt", 5, "2025-03-01 08:00:00")
        d1 = self._move("delivery", 5, "2025-03-02 08:00:00")
        back = self._move(
            "customer_return",
            2,
            "2025-03-03 08:00:00",
            origin_returned_move_id=d1.id,
        )
        d2 = self._move("delivery", 2, "2025-03-05 08:00:00")
        self.assertRecordValues(
            self._records(),
            [
                {
                    "move_in_id": receipt.id,
                    "move_out_id": d1.id,
                    "quantity": 5.0,
                    "dwell_hours": 24.0,
                    "vendor_id": self.vendor_a.id,
                },
                {
                    "move_in_id": back.id,
                    "move_out_id": d2.id,
                    "quantity": 2.0,
                    "dwell_hours": 48.0,
                    "vendor_id": False,
                },
            ],
        )

    def test_05_vendor_return_closes(self):
        """A return to the vendor closes the returned quantity as a departure
        of its own kind, which customer-delivery figures leave out."""
        receipt = self._move("receipt", 10, "2025-03-01 08:00:00")
        giveback = self._move(
            "vendor_return",
            4,
            "2025-03-02 08:00:00",
            origin_returned_move_id=receipt.id,
        )
        self._assert_rows(
            self._records(),
            [
                {"move_in_id": receipt.id, "move_out_id": False, "quantity": 6.0},
                {
                    "move_in_id": receipt.id,
                    "move_out_id": giveback.id,
                    "kind_in": "receipt",
                    "kind_out": "vendor_return",
                    "quantity": 4.0,
                    "dwell_hours": 24.0,
                    "customer_id": False,
                    "is_open": False,
                },
            ],
        )
        delivery = self._move("delivery", 6, "2025-03-03 08:00:00")
        self.assertRecordValues(
            self._records().filtered(lambda r: r.kind_out == "delivery"),
            [{"move_out_id": delivery.id, "quantity": 6.0, "is_open": False}],
        )

    def test_06_uom_conversion(self):
        """Quantities bought in dozens are counted in units."""
        dozen = self.env.ref("uom.product_uom_dozen")
        receipt = self._move("receipt", 2, "2025-03-01 08:00:00", uom=dozen)
        delivery = self._move("delivery", 20, "2025-03-01 20:00:00")
        self.assertRecordValues(
            self._records(),
            [
                {
                    "move_in_id": receipt.id,
                    "move_out_id": False,
                    "quantity": 4.0,
                    "dwell_hours": 0.0,
                },
                {
                    "move_in_id": receipt.id,
                    "move_out_id": delivery.id,
                    "quantity": 20.0,
                    "dwell_hours": 12.0,
                },
            ],
        )

    def test_07_multi_step_warehouse_orders(self):
        """Three-step reception and two-step delivery: from arrival at the
        warehouse to leaving it, linked to the purchase and sale orders."""
        warehouse = self.env["stock.warehouse"].create(
            {
                "name": "Three Steps",
                "code": "WH3",
                "reception_steps": "three_steps",
                "delivery_steps": "pick_ship",
            }
        )
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor_a.id,
                "picking_type_id": warehouse.in_type_id.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 4})
                ],
            }
        )
        purchase.button_confirm()
        receipt_move = self._validate(purchase.picking_ids, "2025-03-01 08:00:00")
        self._validate_chain(receipt_move.move_dest_ids, "2025-03-01 12:00:00")
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
        pick = sale.picking_ids
        self._validate_chain(pick.move_ids, "2025-03-02 08:00:00")
        ship = sale.picking_ids - pick
        self.assertEqual(ship.location_dest_id, self.customer_location)
        ship_move = self._validate(ship, "2025-03-02 18:00:00")
        self.assertRecordValues(
            self._records().filtered(lambda r: r.warehouse_id == warehouse),
            [
                {
                    "move_in_id": receipt_move.id,
                    "move_out_id": False,
                    "quantity": 1.0,
                    "dwell_hours": 0.0,
                    "purchase_id": purchase.id,
                    "sale_id": False,
                    "vendor_id": self.vendor_a.id,
                    "customer_id": False,
                },
                {
                    "move_in_id": receipt_move.id,
                    "move_out_id": ship_move.id,
                    "quantity": 3.0,
                    "dwell_hours": 34.0,
                    "purchase_id": purchase.id,
                    "sale_id": sale.id,
                    "vendor_id": self.vendor_a.id,
                    "customer_id": self.customer.id,
                },
            ],
        )
        for order in (purchase, sale):
            self.assertRecordValues(
                order.with_user(self.jit_user),
                [{"jit_dwell_count": 1, "jit_dwell_mean_hours": 34.0}],
            )
        self.assertEqual(
            self.product.product_tmpl_id.with_user(self.jit_user).jit_dwell_count, 1
        )

    def _validate_chain(self, moves, when):
        """Validate the pickings of ``moves`` and of their chain, if any."""
        while moves:
            for picking in moves.picking_id:
                picking.action_assign()
                self._validate(picking, when)
            moves = moves.move_dest_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.location_dest_id.usage == "internal"
                )
            )

    def test_08_target_category_override(self):
        """A category target, inherited by subcategories, overrides the
        company's; records over their target are flagged."""
        self.category.jit_dwell_target_hours = 12.0
        child = self.env["product.category"].create(
            {"name": "Child", "parent_id": self.category.id}
        )
        fast = self._product("Fast", categ_id=child.id)
        plain = self._product(
            "Plain", categ_id=self.env["product.category"].create({"name": "Plain"}).id
        )
        for product in (fast, plain):
            self._move("receipt", 1, "2025-03-01 08:00:00", product=product)
            self._move("delivery", 1, "2025-03-02 08:00:00", product=product)
        self.assertRecordValues(
            self._records(fast) | self._records(plain),
            [
                {"target_hours": 12.0, "dwell_hours": 24.0, "within_target": False},
                {"target_hours": 48.0, "dwell_hours": 24.0, "within_target": True},
            ],
        )
        self.category.jit_dwell_target_hours = 30.0
        self.Record._jit_refresh()
        self.assertRecordValues(
            self._records(fast), [{"target_hours": 30.0, "within_target": True}]
        )

    def test_09_daily_activity_once_per_product(self):
        """One activity per over-target product, not repeated while open."""
        other = self._product("Other Widget")
        self._move("receipt", 4, "2025-03-01 08:00:00")
        self._move("delivery", 1, "2025-03-05 08:00:00")
        self._move("delivery", 1, "2025-03-05 09:00:00")
        self._move("receipt", 1, "2025-03-01 08:00:00", product=other)
        self._move(
            "receipt", 1, "2025-03-05 08:00:00", product=self._product("Recent Widget")
        )
        with freeze_time("2025-03-05 10:00:00"):
            self.Record._cron_jit_dwell_daily()
            self.Record._cron_jit_dwell_daily()
        activities = self.env["mail.activity"].search(
            [
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("jit_inventory.mail_activity_type_dwell").id,
                )
            ]
        )
        self.assertEqual(
            sorted(activities.mapped("res_id")),
            sorted((self.product | other).product_tmpl_id.ids),
        )
        self.assertTrue(all(activities.mapped("user_id")))

    def test_10_backfill_matches_incremental(self):
        """The backfill rebuilds what the incremental update stored, and
        running it twice gives the same records."""
        mto_delivery = self._picking("delivery", 5)
        self._move("receipt", 10, "2025-03-01 08:00:00")
        receipt = self._picking(
            "receipt", 5, move_dest_ids=[Command.link(mto_delivery.move_ids.id)]
        )
        self._validate(receipt, "2025-03-02 08:00:00")
        self._validate(mto_delivery, "2025-03-03 08:00:00")
        partial = self._picking("delivery", 8)
        self._validate(partial, "2025-03-04 08:00:00", qty=6)
        self._move("customer_return", 2, "2025-03-05 08:00:00")
        self._move("vendor_return", 1, "2025-03-06 08:00:00")
        self._validate(partial.backorder_ids, "2025-03-07 08:00:00")
        with freeze_time("2025-04-01 00:00:00"):
            self.Record._jit_refresh()
            incremental = self._snapshot()
            self.Record._jit_backfill(batch_size=3)
            first = self._snapshot()
            self.Record._jit_backfill()
            second = self._snapshot()
        self.assertTrue(incremental)
        self.assertEqual(first, incremental)
        self.assertEqual(second, incremental)

    def test_11_reports(self):
        """KPIs per product and the aging bucket of open stock."""
        self._move("receipt", 3, "2025-03-01 00:00:00")
        self._move("delivery", 1, "2025-03-02 00:00:00")
        self._move("delivery", 2, "2025-03-04 00:00:00")
        kpi = (
            self.env["jit.dwell.kpi.report"]
            .with_user(self.jit_user)
            .search([("product_id", "=", self.product.id), ("scope", "=", "delivery")])
        )
        self.assertRecordValues(
            kpi,
            [
                {
                    "delivery_count": 2,
                    "quantity_delivered": 3.0,
                    "dwell_mean_hours": 56.0,
                    "dwell_median_hours": 48.0,
                    "dwell_p90_hours": 67.2,
                    "within_target_rate": 100.0 / 3,
                }
            ],
        )
        recent = fields.Datetime.now() - timedelta(days=1.5)
        self._move("receipt", 5, recent)
        aging = (
            self.env["jit.dwell.aging.report"]
            .with_user(self.jit_user)
            .search([("product_id", "=", self.product.id)])
        )
        self.assertRecordValues(
            aging, [{"quantity": 5.0, "age_bucket": "01", "within_target": True}]
        )
        labels = dict(aging._fields["age_bucket"]._description_selection(aging.env))
        self.assertEqual(labels[aging.age_bucket], "1-3 days")

    def test_12_multi_company_isolation(self):
        """A JIT user only sees the dwell figures of their companies."""
        other_company = self._create_company("Other Dwell Co")
        other_warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        other_product = self._product("Other Co Widget", company_id=other_company.id)
        self._move("receipt", 2, "2025-03-01 08:00:00")
        self._move(
            "receipt",
            2,
            "2025-03-01 08:00:00",
            product=other_product,
            warehouse=other_warehouse,
            company_id=other_company.id,
        )
        self.assertEqual(self.Record.search_count([]), 2)
        for model in ("jit.dwell.record", "jit.dwell.aging.report"):
            records = self.env[model].with_user(self.jit_user).search([])
            self.assertEqual(records.company_id, self.company, model)
        kpis = self.env["jit.dwell.kpi.report"].with_user(self.jit_user).search([])
        self.assertEqual(kpis.company_id, self.company)

    def test_13_queries_do_not_grow_with_moves(self):
        """Matching a batch of moves costs the same queries for 2 or 12 moves."""
        receipts = [
            self._move("receipt", 2, f"2025-03-0{day} 08:00:00") for day in range(1, 7)
        ]
        deliveries = [
            self._move("delivery", 2, f"2025-03-0{day} 18:00:00") for day in range(1, 7)
        ]
        counts = []
        generation = self.Record._jit_state()["generation"]
        for count in (1, 6):
            self.Record.search([]).unlink()
            self.env.flush_all()
            moves = receipts[:count] + deliveries[:count]
            start = self.env.cr.sql_log_count
            self.Record._jit_process_moves([move.id for move in moves], generation)
            counts.append(self.env.cr.sql_log_count - start)
            self.assertEqual(self.Record.search_count([]), count)
        self.assertEqual(counts[0], counts[1], counts)
        self.assertLessEqual(counts[1], 10)
