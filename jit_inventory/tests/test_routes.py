# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_procurement import JitSaleCase


@tagged("post_install", "-at_install")
class TestJitRoutes(JitSaleCase):
    """JIT picks the vendor; Odoo's routes (dropship, kits, the warehouse's
    delivery steps) still decide how goods move. Needs ``mrp`` and
    ``stock_dropshipping``, which ``tools/dev.sh test`` installs beside the
    addon in the test database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        missing = {"mrp", "stock_dropshipping"} - set(
            cls.env["ir.module.module"]
            .search([("state", "=", "installed")])
            .mapped("name")
        )
        if missing:
            raise AssertionError(
                f"TestJitRoutes needs {', '.join(sorted(missing))} installed in the "
                "test database: run it with `tools/dev.sh test` (make test)."
            )
        cls.dropship_route = cls.env.ref("stock_dropshipping.route_drop_shipping")
        cls.stock_part = cls.env["product.product"].create(
            {"name": "Stocked part", "is_storable": True}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.stock_part, cls.warehouse.lot_stock_id, 100.0
        )

    def _make_kit(self, jit_managed):
        """A kit (phantom BoM) of 2 JIT widgets and 1 stocked part."""
        kit = self.env["product.product"].create(
            {"name": "Widget kit", "type": "consu", "jit_managed": jit_managed}
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": kit.product_tmpl_id.id,
                "type": "phantom",
                "bom_line_ids": [
                    Command.create({"product_id": self.product.id, "product_qty": 2}),
                    Command.create({"product_id": self.stock_part.id}),
                ],
            }
        )
        return kit

    def _assert_kit_bought_jit(self, kit):
        """Selling 3 kits buys 6 widgets JIT for the sale line and delivers
        the stocked part from stock; cancelling releases the widgets' RFQ."""
        self._set_score(self.vendor_a, 95.0)
        self._set_score(self.vendor_b, 60.0)
        order = self._confirm_order(qty=3, product=kit)
        moves = order.picking_ids.move_ids
        self.assertRecordValues(
            moves.sorted(lambda m: m.product_id != self.product),
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 6.0,
                    "procure_method": "make_to_order",
                    "sale_line_id": order.order_line.id,
                },
                {
                    "product_id": self.stock_part.id,
                    "product_uom_qty": 3.0,
                    "procure_method": "make_to_stock",
                    "sale_line_id": order.order_line.id,
                },
            ],
        )
        po_line = self._po_lines(order)
        self.assertRecordValues(
            po_line,
            [
                {
                    "product_id": self.product.id,
                    "partner_id": self.vendor_a.id,
                    "product_qty": 6.0,
                    "jit_sale_line_ids": order.order_line.ids,
                }
            ],
        )
        self.assertEqual(
            po_line.move_dest_ids,
            moves.filtered(lambda m: m.product_id == self.product),
        )
        self.assertRecordValues(
            order.order_line.jit_selection_ids,
            [
                {
                    "product_id": self.product.id,
                    "partner_id": self.vendor_a.id,
                    "purchase_line_id": po_line.id,
                }
            ],
        )
        self.assertIn("best score", order.order_line.jit_selection_ids.reason)
        rfq = po_line.order_id
        self.env.invalidate_all()
        order.with_user(self.salesperson).action_cancel()
        self.assertFalse(self._po_lines(order))
        self.assertEqual(rfq.state, "cancel")

    # Kits --------------------------------------------------------------
    def test_01_jit_kit_explodes_and_buys_its_jit_components(self):
        """A JIT kit is exploded by mrp as without the addon: its JIT
        component is bought JIT for the kit's sale line, its other component
        is delivered from stock."""
        self._assert_kit_bought_jit(self._make_kit(jit_managed=True))

    def test_02_jit_component_of_a_non_jit_kit_is_bought_jit(self):
        self._assert_kit_bought_jit(self._make_kit(jit_managed=False))

    def test_03_kit_without_jit_component_as_without_the_addon(self):
        """A kit whose components are not JIT-managed is delivered from
        stock: nothing bought, nothing explained."""
        self.product.jit_managed = False
        order = self._confirm_order(qty=1, product=self._make_kit(jit_managed=True))
        self.assertEqual(
            set(order.picking_ids.move_ids.mapped("procure_method")),
            {"make_to_stock"},
        )
        self.assertFalse(self._po_lines(order))
        self.assertFalse(order.order_line.jit_selection_ids)

    # Dropship ----------------------------------------------------------
    def test_10_dropship_from_the_best_scored_vendor(self):
        """A JIT product on Odoo's Dropship route is dropshipped: a dropship
        PO from the best-scored vendor (not the cheapest), no receipt into
        stock, no delivery from stock."""
        self._set_score(self.vendor_a, 95.0)
        self._set_score(self.vendor_b, 60.0)
        self.product.route_ids = self.dropship_route
        order = self._confirm_order()
        po_line = self._po_lines(order)
        self.assertRecordValues(
            po_line,
            [
                {
                    "partner_id": self.vendor_a.id,
                    "product_qty": 5.0,
                    "sale_line_id": order.order_line.id,
                    "jit_sale_line_ids": order.order_line.ids,
                }
            ],
        )
        self.assertFalse(po_line.move_dest_ids)
        self.assertFalse(order.picking_ids)
        self.assertEqual(po_line.jit_selection_ids.partner_id, self.vendor_a)
        po_line.order_id.button_confirm()
        self.assertRecordValues(
            po_line.order_id,
            [{"dropship_picking_count": 1, "incoming_picking_count": 0}],
        )
        self.assertEqual(order.dropship_picking_count, 1)

    def test_11_reroute_dropship_line(self):
        """An unconfirmed dropship RFQ is re-routed to the next vendor as a
        dropship again; the buyer of the new RFQ is told, the old RFQ gets
        no warning."""
        self.product.route_ids = self.dropship_route
        order = self._confirm_order()
        rfq = self._po_lines(order).order_id
        self.assertEqual(rfq.partner_id, self.vendor_b)
        with freeze_time(datetime.now() + timedelta(days=4)):
            self.env["purchase.order"]._jit_cron_reroute()
        self.assertEqual(rfq.state, "cancel")
        self.assertFalse(rfq.activity_ids)
        new_line = self._po_lines(order).filtered(lambda l: l.state != "cancel")
        self.assertRecordValues(
            new_line,
            [
                {
                    "partner_id": self.vendor_a.id,
                    "product_qty": 5.0,
                    "sale_line_id": order.order_line.id,
                }
            ],
        )
        self.assertFalse(new_line.move_dest_ids)
        self.assertEqual(
            new_line.order_id.activity_ids.summary, "JIT RFQ re-routed", "one activity"
        )
        self.assertIn(rfq.name, str(new_line.order_id.activity_ids.note))
        self.assertIn(
            f"Re-routed JIT Widget to {new_line.order_id.name}",
            "".join(rfq.message_ids.mapped("body")),
        )

    # Own routes --------------------------------------------------------
    def test_20_own_stock_route_kept(self):
        """A JIT product whose own route is Odoo's Buy (make to stock, bought
        by reordering) is delivered from stock: nothing bought at sale."""
        self.product.route_ids = self._selectable_routes(
            "purchase_stock.route_warehouse0_buy"
        )
        order = self._confirm_order()
        self.assertFalse(self._po_lines(order))
        self.assertFalse(order.order_line.jit_selection_ids)
        self.assertEqual(order.picking_ids.move_ids.procure_method, "make_to_stock")

    def test_21_own_mto_buy_routes_jit_picks_vendor(self):
        """On the product's own MTO + Buy routes Odoo would take the cheapest
        vendor; JIT only changes the vendor (the best-scored)."""
        self.product.route_ids = self._selectable_routes(
            "stock.route_warehouse0_mto", "purchase_stock.route_warehouse0_buy"
        )
        self._set_score(self.vendor_a, 95.0)
        self._set_score(self.vendor_b, 60.0)
        order = self._confirm_order()
        po_line = self._po_lines(order)
        self.assertEqual(po_line.partner_id, self.vendor_a)
        self.assertEqual(po_line.move_dest_ids, order.picking_ids.move_ids)

    # Multi-step delivery -------------------------------------------------
    def test_30_three_step_delivery_kept(self):
        """In a warehouse delivering in 3 steps, JIT only replaces the stock
        source: the PO's receipt feeds Odoo's pick (make to order), whose
        validation pushes the pack as without the addon, all of the sale
        line."""
        self.warehouse.delivery_steps = "pick_pack_ship"
        order = self._confirm_order(qty=4)
        sale_line = order.order_line
        pick = sale_line.move_ids
        customers = self.env.ref("stock.stock_location_customers")
        self.assertRecordValues(
            pick,
            [
                {
                    "picking_type_id": self.warehouse.pick_type_id.id,
                    "location_id": self.warehouse.lot_stock_id.id,
                    "location_final_id": customers.id,
                    "procure_method": "make_to_order",
                    "state": "waiting",
                }
            ],
        )
        self.assertFalse(pick.route_ids)
        po_line = self._po_lines(order)
        self.assertRecordValues(
            po_line, [{"product_qty": 4.0, "jit_sale_line_ids": sale_line.ids}]
        )
        self.assertEqual(po_line.move_dest_ids, pick)
        self.assertEqual(sale_line.jit_selection_ids.purchase_line_id, po_line)
        po_line.order_id.button_confirm()
        po_line.move_ids.picking_id.button_validate()
        self.assertEqual(pick.state, "assigned")
        pick.picking_id.button_validate()
        pack = sale_line.move_ids - pick
        self.assertRecordValues(
            pack,
            [
                {
                    "picking_type_id": self.warehouse.pack_type_id.id,
                    "location_final_id": customers.id,
                    "state": "assigned",
                }
            ],
        )
        self.assertEqual(pack.move_orig_ids, pick)

    def test_31_two_step_delivery_decrease(self):
        """In 2 steps, lowering the sale quantity lowers the draft RFQ line
        and the pick, as Odoo does for its own make-to-order."""
        self.warehouse.delivery_steps = "pick_ship"
        order = self._confirm_order(qty=5)
        self._set_qty(order, 3)
        self.assertEqual(self._po_lines(order).product_qty, 3.0)
        self.assertRecordValues(
            order.order_line.move_ids,
            [
                {
                    "picking_type_id": self.warehouse.pick_type_id.id,
                    "product_uom_qty": 3.0,
                }
            ],
        )

    def _chain_delivery_through_pulls(self):
        """Chain the warehouse's 2-step delivery by pull rules (as before Odoo
        17, or a custom route); return its pick and ship rules."""
        self.warehouse.delivery_steps = "pick_ship"
        rules = self.warehouse.delivery_route_id.rule_ids
        pick_rule = rules.filtered(lambda r: r.action == "pull")
        ship_rule = rules - pick_rule
        pick_rule.location_dest_id = ship_rule.location_src_id
        ship_rule.action = "pull"
        return pick_rule, ship_rule

    def test_32_delivery_through_pull_rules_left_to_odoo(self):
        """A warehouse whose delivery steps are chained by pull rules: JIT's
        make-to-order rule from stock would skip the steps, so the delivery
        stays Odoo's, from stock."""
        pick_rule, ship_rule = self._chain_delivery_through_pulls()
        order = self._confirm_order(qty=2)
        ship = order.order_line.move_ids.filtered(lambda m: m.rule_id == ship_rule)
        self.assertRecordValues(
            ship | ship.move_orig_ids,
            [
                {"rule_id": ship_rule.id, "procure_method": "make_to_order"},
                {"rule_id": pick_rule.id, "procure_method": "make_to_stock"},
            ],
        )
        self.assertFalse(self._po_lines(order))

    def test_33_route_decision_follows_rule_changes(self):
        """The warehouse's JIT routes are kept across requests, and forgotten
        when its rules change: chaining the delivery through pull rules after
        a JIT order leaves the next order to Odoo; undoing it buys JIT again."""
        self.warehouse.delivery_steps = "pick_ship"
        self.assertTrue(self._po_lines(self._confirm_order(qty=1)))
        rules = self.warehouse.delivery_route_id.rule_ids
        before = [(rule, rule.action, rule.location_dest_id) for rule in rules]
        self._chain_delivery_through_pulls()
        self.assertFalse(self._po_lines(self._confirm_order(qty=2)))
        for rule, action, location_dest in before:
            rule.write({"action": action, "location_dest_id": location_dest.id})
        self.assertTrue(self._po_lines(self._confirm_order(qty=3)))

    def test_34_sale_line_asks_the_route_decision(self):
        """Where the delivery is left to Odoo, the quotation promises nothing
        from vendors and the quantity rule "shortage" does not split the
        line: the line asks JIT's route decision, as its procurement does.
        One unit in stock, three sold: one pick and one ship of 3."""
        self.company.jit_quantity_rule = "shortage"
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, 1.0
        )
        self.assertTrue(self._quotation(qty=3).order_line.jit_promise_partner_id)
        pick_rule, ship_rule = self._chain_delivery_through_pulls()
        quotation = self._quotation(qty=3)
        self.assertRecordValues(
            quotation.order_line,
            [{"jit_promise_partner_id": False, "jit_promise_date": False}],
        )
        quotation.action_confirm()
        order = quotation.sudo()
        self.assertFalse(self._po_lines(order))
        self.assertRecordValues(
            order.order_line.move_ids.sorted(lambda m: m.rule_id != ship_rule),
            [
                {"rule_id": ship_rule.id, "product_uom_qty": 3.0},
                {"rule_id": pick_rule.id, "product_uom_qty": 3.0},
            ],
        )

    def test_35_procurement_values_decide(self):
        """The quantity rule "shortage" asks the route decision with the
        procurement values Odoo prepared, which other modules may extend: a
        module giving the line's procurement a route of its own leaves the
        line to Odoo's routes, unsplit. One unit in stock, three sold: one
        procurement and one delivery of 3 from stock, nothing bought."""
        self.company.jit_quantity_rule = "shortage"
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, 1.0
        )
        line_class = type(self.env["sale.order.line"])
        prepare = line_class._prepare_procurement_values
        delivery_route = self.warehouse.delivery_route_id

        def prepare_with_route(line):
            return dict(prepare(line), route_ids=delivery_route)

        self.patch(line_class, "_prepare_procurement_values", prepare_with_route)
        line = self._quotation(qty=3).order_line
        values = line._prepare_procurement_values()
        procurements = line._create_procurements(3.0, line.product_uom_id, values)
        self.assertEqual(
            [(p.product_qty, p.values) for p in procurements], [(3.0, values)]
        )
        line.order_id.action_confirm()
        self.assertFalse(self._po_lines(line.order_id))
        self.assertRecordValues(
            line.sudo().move_ids,
            [
                {
                    "rule_id": delivery_route.rule_ids.id,
                    "procure_method": "make_to_stock",
                    "product_uom_qty": 3.0,
                }
            ],
        )
