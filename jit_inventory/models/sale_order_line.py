# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    jit_selection_ids = fields.One2many(
        "jit.vendor.selection", "sale_line_id", string="Vendor Selections"
    )
    jit_purchase_line_ids = fields.Many2many(
        "purchase.order.line",
        "jit_purchase_line_sale_line_rel",
        "sale_line_id",
        "purchase_line_id",
        string="JIT Purchase Lines",
        copy=False,
        readonly=True,
    )

    jit_promise_partner_id = fields.Many2one(
        "res.partner",
        string="Expected Vendor",
        compute="_compute_jit_promise",
        compute_sudo=True,
        help="Vendor the JIT ranking would buy from if the order were confirmed now.",
    )
    jit_promise_lead_time = fields.Float(
        string="Expected Lead Time (days)",
        compute="_compute_jit_promise",
        compute_sudo=True,
        help="P90 lead time of the expected vendor: measured, shrunk toward "
        "its declared delay; the declared delay without history.",
    )
    jit_promise_date = fields.Datetime(
        string="Can Deliver On",
        compute="_compute_jit_promise",
        compute_sudo=True,
        help="When the goods can be at the customer if the order is confirmed "
        "now: the expected vendor's P90 lead time plus the route's own lead "
        "days and the security lead time, and never before the customer lead "
        "time.",
    )
    jit_promise_at_risk = fields.Boolean(
        string="Commitment at Risk",
        compute="_compute_jit_promise",
        compute_sudo=True,
        help="The goods likely arrive after the order's commitment date.",
    )

    @api.depends(
        "state",
        "product_id",
        "product_uom_qty",
        "product_uom_id",
        "route_ids",
        "customer_lead",
        "warehouse_id",
        "order_id.commitment_date",
        "order_id.partner_shipping_id",
    )
    def _compute_jit_promise(self):
        """Promise of the JIT lines of quotations, from the stored scores only
        (supplier rules and scores read once per company, Odoo's route lead days
        once per product and warehouse)."""
        lines = self.filtered(
            lambda l: (
                l.state in ("draft", "sent") and l.product_id and l._jit_is_procured()
            )
        )
        (self - lines).update(
            {
                "jit_promise_partner_id": False,
                "jit_promise_lead_time": 0.0,
                "jit_promise_date": False,
                "jit_promise_at_risk": False,
            }
        )
        by_company = defaultdict(lambda: self.env["product.product"])
        for line in lines:
            by_company[line.company_id] |= line.product_id
        prefetched = {}
        for company, products in by_company.items():
            prefetched.update(self.env["stock.rule"]._jit_prefetch(products, company))
        now = fields.Datetime.now()
        # Odoo's rule search runs once per product, warehouse and vendor.
        route_days = {}
        for line in lines:
            seller, lead_time = line._jit_expected_seller(
                *prefetched[line.company_id.id, line.product_id.id]
            )
            key = (line.product_id, line.warehouse_id, line.company_id, seller)
            if key not in route_days:
                route_days[key] = line._jit_route_lead_days(seller)
            days = lead_time + route_days[key]
            date = max(now + timedelta(days=days), line._expected_date())
            commitment = line.order_id.commitment_date
            line.update(
                {
                    "jit_promise_partner_id": seller.partner_id,
                    "jit_promise_lead_time": lead_time,
                    "jit_promise_date": date if seller else False,
                    "jit_promise_at_risk": bool(
                        seller and commitment and date.date() > commitment.date()
                    ),
                }
            )

    def _jit_expected_seller(self, rule, stored):
        """Return ``(price line, expected P90 days)`` of the vendor the JIT
        ranking would choose if the order were confirmed now (same filters and
        ranking as ``stock.rule._jit_select_vendor``)."""
        self.ensure_one()
        company = self.company_id
        candidates = self.product_id.with_company(company)._get_filtered_sellers(
            quantity=self.product_uom_qty,
            date=fields.Date.context_today(self),
            uom_id=self.product_uom_id,
        )
        weights = rule._jit_get_weights() if rule else company._jit_get_weights()
        scored = self.env["jit.vendor.score"]._jit_score_candidates(
            candidates, company, weights, stored
        )
        Rule = self.env["stock.rule"]
        values = {}
        if self.order_id.commitment_date:
            # The day Odoo will need the goods: commitment less security lead.
            values["date_planned"] = self._prepare_procurement_values()["date_planned"]
        dropped = Rule._jit_filter_candidates(
            candidates, scored, rule, company, values, self
        )
        winner = Rule._jit_rank_candidates(
            candidates.filtered(lambda s: s.id not in dropped), scored
        )[:1]
        return winner, scored[winner.id]["lead_time_p90"] if winner else 0.0

    def _jit_route_lead_days(self, seller):
        """Days Odoo adds to the vendor's lead time on the JIT route to the
        customer: the rules' own delays and days to purchase (Odoo's
        ``_get_lead_days``, the vendor's delay left out), and the company's
        security lead time."""
        self.ensure_one()
        routes = self.env["stock.rule"]._jit_get_routes(
            self.product_id,
            {
                "sale_line_id": True,  # any sale line: this one, maybe not saved yet
                "warehouse_id": self.warehouse_id,
                "company_id": self.company_id,
            },
        )
        rules = self.product_id._get_rules_from_location(
            self._get_location_final(), route_ids=routes
        )
        delays, _description = rules.with_context(
            ignore_vendor_lead_time=True,
            bypass_delay_description=True,
            bypass_global_horizon_days=True,
        )._get_lead_days(self.product_id, supplierinfo=seller)
        return delays["total_delay"] + self.company_id.security_lead

    def _jit_is_procured(self, values=None):
        """Whether this line is bought just in time: JIT adds make-to-order +
        buy for its product, as it will when the line's procurement runs
        (``stock.rule._jit_sale_routes``). ``values`` are the procurement
        values Odoo prepared for the line (``_prepare_procurement_values``,
        which other modules may extend); a quotation's line gives its own."""
        self.ensure_one()
        if values is None:
            values = {
                "company_id": self.company_id,
                "warehouse_id": self.warehouse_id,
                "route_ids": self.route_ids,
                "packaging_uom_id": self.product_uom_id,
            }
        return not self.display_type and bool(
            self.env["stock.rule"]._jit_sale_routes(self.product_id, values)
        )

    def _create_procurements(self, product_qty, procurement_uom, values):
        if self.company_id.jit_quantity_rule != "shortage" or not self._jit_is_procured(
            values
        ):
            return super()._create_procurements(product_qty, procurement_uom, values)
        # Take what free stock covers from stock and buy only the rest.
        needed = procurement_uom._compute_quantity(product_qty, self.product_id.uom_id)
        covered = min(max(self._jit_get_free_quantity(), 0.0), needed)
        procurements = []
        if self.product_id.uom_id.compare(covered, 0) > 0:
            procurements += super()._create_procurements(
                covered, self.product_id.uom_id, dict(values, jit_from_stock=True)
            )
        if self.product_id.uom_id.compare(needed - covered, 0) > 0:
            procurements += super()._create_procurements(
                needed - covered, self.product_id.uom_id, values
            )
        return procurements

    def _jit_get_free_quantity(self):
        """Free stock of the product in the line's warehouse (product unit),
        less what earlier lines of the same order being confirmed take."""
        product = self.product_id.with_context(warehouse_id=self.warehouse_id.id)
        earlier = self.order_id.order_line.filtered(
            lambda line: (
                line.product_id == self.product_id
                and (line.sequence, line.id) < (self.sequence, self.id)
                and not line.move_ids
            )
        )
        taken = sum(
            line.product_uom_id._compute_quantity(
                line.product_uom_qty, self.product_id.uom_id
            )
            for line in earlier
        )
        return product.free_qty - taken

    def action_jit_open_selection(self):
        """Open the explanations of this line's vendor selections."""
        self.ensure_one()
        return self.jit_selection_ids._jit_get_action()

    def _jit_release_purchases(self):
        """Undo what these cancelled lines made us buy on draft RFQs: a line
        that buys only for them is dropped, a line shared with other sale
        lines is lowered by what their moves needed from it; RFQs left empty
        are cancelled. A confirmed purchase order keeps its lines: Odoo's own
        exception activity tells its buyer."""
        po_lines = self.jit_purchase_line_ids.filtered(
            lambda l: l.order_id.state in ("draft", "sent")
        )
        to_unlink = po_lines.filtered(lambda l: not (l.jit_sale_line_ids - self))
        for line in po_lines - to_unlink:
            released = line.move_dest_ids.filtered(lambda m: m.sale_line_id in self)
            qty = line.product_qty - sum(
                move.product_uom._compute_quantity(
                    move.product_uom_qty, line.product_uom_id, rounding_method="HALF-UP"
                )
                for move in released
            )
            if line.product_uom_id.compare(qty, 0) <= 0:
                to_unlink |= line
                continue
            line.write(
                {
                    "product_qty": qty,
                    "jit_sale_line_ids": [
                        Command.unlink(sale_line.id)
                        for sale_line in line.jit_sale_line_ids & self
                    ],
                }
            )
        orders = po_lines.order_id
        to_unlink.unlink()
        orders.filtered(
            lambda o: not o.order_line.filtered(lambda l: not l.display_type)
        ).button_cancel()
