# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models


class JitDemoLoader(models.AbstractModel):
    """Builds the demo history (called by ``demo/jit_demo.xml`` only)."""

    _name = "jit.demo.loader"
    _description = "JIT Demo History Loader"

    @api.model
    def _load_history(self, company_id, stories, customers):
        """Play the demo history of ``stories`` (vendor XML id: story) for the
        products of the demo category, sold to the ``customers`` (XML ids)."""
        env = self.env
        products = env["product.product"].search(
            [("categ_id", "=", env.ref("jit_inventory.product_category_jit_demo").id)],
            order="id",
        )
        self._play_history(
            env["res.company"].browse(company_id),
            products,
            {env.ref(xmlid): story for xmlid, story in stories.items()},
            env["res.partner"].union(*(env.ref(xmlid) for xmlid in customers)),
        )

    @api.model
    def _play_history(self, company, products, stories, customers):
        """Play a few months of purchases, receipts, returns and deliveries
        through Odoo's own flows, then date them in the past (demo data only).

        ``stories`` maps a vendor to ``(price factor, lead days, late days per
        order, received share per order, returned share per order, days between
        orders)``; the per-order tuples are cycled, and orders of ``products``
        in turn. Deliveries to ``customers`` in turn follow each receipt after
        a varying number of hours (every third one leaves two units in stock),
        so that dwell time and vendor scores come out different for each
        vendor."""
        company = company.with_company(company)
        env = company.env
        dwell_hours = (6, 30, 20, 70, 44, 120, 12, 54)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        company.jit_procurement = False  # history is bought and sold from stock
        count = 0
        for vendor, (factor, lead, late, received, returned, every) in stories.items():
            for n, day in enumerate(range(120, 10, -every)):
                product = products[n % len(products)]
                ordered = now - timedelta(days=day)
                planned = ordered + timedelta(days=lead)
                arrived = planned + timedelta(days=late[n % len(late)], hours=2)
                if arrived >= now:
                    continue
                order = env["purchase.order"].create(
                    {
                        "partner_id": vendor.id,
                        "date_order": ordered,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_qty": 20,
                                    "price_unit": round(
                                        product.standard_price * factor, 2
                                    ),
                                }
                            )
                        ],
                    }
                )
                order.button_confirm()
                order.write({"date_approve": ordered})
                order.order_line.date_planned = planned
                quantity = 20 * received[n % len(received)]
                receipt = order.picking_ids
                receipt.move_ids.write({"quantity": quantity, "picked": True})
                receipt._action_done()
                self._date_picking(receipt, arrived)
                back = round(quantity * returned[n % len(returned)])
                if back:
                    wizard = (
                        env["stock.return.picking"]
                        .with_context(
                            active_id=receipt.id, active_model="stock.picking"
                        )
                        .create({})
                    )
                    wizard.product_return_moves.write(
                        {"quantity": back, "to_refund": True}
                    )
                    giveback = env["stock.picking"].browse(
                        wizard.action_create_returns()["res_id"]
                    )
                    giveback.move_ids.write({"quantity": back, "picked": True})
                    giveback._action_done()
                    self._date_picking(giveback, arrived + timedelta(days=1))
                sold = quantity - back - (2 if count % 3 == 0 else 0)
                sale = env["sale.order"].create(
                    {
                        "partner_id": customers[count % len(customers)].id,
                        "date_order": arrived,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": sold,
                                }
                            )
                        ],
                    }
                )
                sale.action_confirm()
                sale.date_order = arrived
                delivery = sale.picking_ids
                delivery.move_ids.write({"quantity": sold, "picked": True})
                delivery._action_done()
                left = arrived + timedelta(hours=dwell_hours[count % len(dwell_hours)])
                self._date_picking(delivery, min(left, now - timedelta(hours=1)))
                count += 1
        company.jit_procurement = True
        env["jit.dwell.record"]._jit_backfill()
        env["jit.vendor.score"]._jit_recompute(companies=company)

    @api.model
    def _date_picking(self, picking, date):
        """Date a done transfer (and its moves) in the past."""
        picking.write({"date_done": date, "scheduled_date": date})
        picking.move_ids.write({"date": date})
        picking.move_ids.move_line_ids.write({"date": date})

    @api.model
    def _load_stock_sales(self, product_xmlid, customer_xmlid):
        """Count the stock of a product kept in stock and sell it twice, in two
        different weeks: too little history for the JIT fitness advisor."""
        env = self.env
        product = env.ref(product_xmlid)
        customer = env.ref(customer_xmlid)
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        quant = (
            env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": product.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "inventory_quantity": 10,
                }
            )
        )
        quant.action_apply_inventory()
        counted = env["stock.move"].search(
            [("product_id", "=", product.id), ("is_inventory", "=", True)]
        )
        counted.write({"date": now - timedelta(days=60)})
        counted.move_line_ids.write({"date": now - timedelta(days=60)})
        for days in (40, 12):
            sale = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "date_order": now - timedelta(days=days),
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 3})
                    ],
                }
            )
            sale.action_confirm()
            sale.date_order = now - timedelta(days=days)
            delivery = sale.picking_ids
            delivery.move_ids.write({"quantity": 3, "picked": True})
            delivery._action_done()
            self._date_picking(delivery, now - timedelta(days=days, hours=-5))

    @api.model
    def _load_fitness(self, company_id):
        """Recompute the JIT fitness of the demo company (the nightly job's
        work), so that the advisor shows its recommendations at once."""
        company = self.env["res.company"].browse(company_id)
        self.env["jit.product.fitness"].with_company(company)._jit_recompute(company)
