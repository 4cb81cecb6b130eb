# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils import upsert
from . import jit_fitness_math as fitness_math

_logger = logging.getLogger(__name__)

RECOMMENDATIONS = [
    ("jit", "Buy just in time"),
    ("stock", "Keep in stock"),
    ("review", "Review (too little history)"),
]

# Fewer weeks with deliveries than this in the window: too little history.
MIN_DEMAND_WEEKS = 3


class JitProductFitness(models.Model):
    """Whether a product should be bought just in time or kept in stock in a
    warehouse, from its delivered demand, its best vendor's measured lead time
    and how long its customers wait. Written by the scheduled action only."""

    _name = "jit.product.fitness"
    _description = "JIT Fitness of a Product"
    _order = "recommendation, product_id, warehouse_id"
    _rec_name = "product_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="cascade", check_company=True
    )
    jit_managed = fields.Boolean(
        string="Bought JIT now",
        compute="_compute_jit_managed",
        help="Whether the product is JIT managed today (itself or its category).",
    )
    weeks = fields.Integer(help="Weeks of the window the figures are based on.")
    demand_weeks = fields.Integer(string="Weeks with demand")
    demand_total = fields.Float(
        string="Delivered",
        digits="Product Unit",
        help="Quantity delivered to customers.",
    )
    demand_daily = fields.Float(
        string="Daily demand", digits="Product Unit", aggregator="avg"
    )
    demand_daily_std = fields.Float(
        string="Daily demand deviation", digits="Product Unit", aggregator="avg"
    )
    adi = fields.Float(
        string="ADI",
        aggregator="avg",
        help="Average demand interval: weeks of the window per week with demand.",
    )
    cv2 = fields.Float(
        string="CV²",
        aggregator="avg",
        help="Squared coefficient of variation of the weekly quantities, on the "
        "weeks with demand.",
    )
    demand_pattern = fields.Selection(fitness_math.PATTERNS)
    vendor_id = fields.Many2one(
        "res.partner", string="Best vendor", help="Best-scored vendor of the product."
    )
    lead_time_mean = fields.Float(string="Lead time (days)")
    lead_time_std = fields.Float(string="Lead time deviation (days)")
    reliable_lead_time = fields.Float(
        string="Reliable lead time (days)",
        help="Mean lead time plus z deviations, z from the service level.",
    )
    customer_wait_days = fields.Float(
        string="Customers wait (days)",
        help="Median days between order and commitment date (the line's customer "
        "lead time when the order has no commitment date).",
    )
    recommendation = fields.Selection(RECOMMENDATIONS, required=True)
    reason = fields.Char()
    safety_stock = fields.Float(digits="Product Unit")
    suggested_min = fields.Float(string="Suggested minimum", digits="Product Unit")
    suggested_max = fields.Float(string="Suggested maximum", digits="Product Unit")
    date_computed = fields.Datetime(string="Computed On")

    _product_warehouse_unique = models.Constraint(
        "UNIQUE (company_id, product_id, warehouse_id)",
        "A product has one fitness per company and warehouse.",
    )

    @api.depends("product_id", "company_id")
    def _compute_jit_managed(self):
        for fitness in self:
            fitness.jit_managed = fitness.product_id._jit_is_managed(fitness.company_id)

    # ------------------------------------------------------------------
    # Recompute (scheduled action)
    # ------------------------------------------------------------------
    @api.model
    def _cron_jit_recompute_fitness(self):
        """Recompute every company with JIT procurement, each on its own: one
        company's failure is logged and does not stop the others."""
        companies = self.env["res.company"].search([("jit_procurement", "=", True)])
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self.with_company(company)._jit_recompute(company)
            except Exception:
                _logger.exception("JIT fitness of company %s failed", company.name)
            if not self.env["ir.cron"]._commit_progress(1):
                break

    def _jit_recompute(self, company, date=None):
        """Recompute the fitness of every product delivered by ``company`` over
        its window: three set-based queries (demand, customer wait, best vendor),
        then one upsert in SQL (derived rows, written by this method only);
        products no longer delivered lose their row."""
        date = date or fields.Date.context_today(self)
        weeks = max(company.jit_fitness_window_days // 7, 1)
        date_from = date - timedelta(weeks=weeks)
        demand = self._jit_read_demand(company, date_from)
        waits = self._jit_read_customer_wait(company, date_from)
        vendors = self._jit_read_best_vendors(company)
        z = fitness_math.z_value(company.jit_fitness_service_level)
        cycle_days = company.jit_fitness_order_cycle_days
        now = fields.Datetime.now()
        vals_list = [
            self._jit_fitness_vals(
                row,
                weeks,
                waits.get(row["product_id"]),
                vendors.get(row["product_id"]),
                z,
                cycle_days,
            )
            | {"company_id": company.id, "date_computed": now}
            for row in demand
        ]
        kept = upsert(
            self.sudo(),
            vals_list,
            "product_warehouse_unique",
            ("company_id", "product_id", "warehouse_id"),
        )
        self.env.cr.execute(
            SQL(
                "DELETE FROM jit_product_fitness"
                " WHERE company_id = %s AND id != ALL(%s)",
                company.id,
                kept,
            )
        )

    def _jit_read_demand(self, company, date_from):
        """Per product and warehouse: weeks with deliveries to customers, their
        total, mean and variance, and the sum of squares of the weekly totals,
        in the product's unit (what was done, not the demand)."""
        self.env["stock.move"].flush_model()
        self.env["stock.location"].flush_model(["usage", "warehouse_id"])
        query = SQL(
            """
            WITH weekly AS (
                SELECT m.product_id, src.warehouse_id,
                       date_trunc('week', m.date) AS week,
                       SUM(m.quantity * mu.factor / pu.factor) AS qty
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN uom_uom mu ON mu.id = m.product_uom
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE m.state = 'done'
                   AND m.company_id = %(company)s
                   AND m.sale_line_id IS NOT NULL
                   AND dst.usage = 'customer'
                   AND src.warehouse_id IS NOT NULL
                   AND m.date >= %(date_from)s
                 GROUP BY 1, 2, 3
            )
            SELECT product_id, warehouse_id,
                   COUNT(*) AS demand_weeks,
                   SUM(qty) AS total,
                   AVG(qty) AS size_mean,
                   VAR_POP(qty) AS size_variance,
                   SUM(qty * qty) AS sum_squares
              FROM weekly
             WHERE qty > 0
             GROUP BY 1, 2
            """,
            company=company.id,
            date_from=date_from,
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()

    def _jit_read_customer_wait(self, company, date_from):
        """``{product id: median days customers wait}`` over the sale lines of
        the window: commitment date minus order date, or the line's customer
        lead time when the order has no commitment date."""
        self.env["sale.order.line"].flush_model()
        self.env["sale.order"].flush_model()
        query = SQL(
            """
            SELECT sol.product_id,
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY COALESCE(
                       EXTRACT(EPOCH FROM so.commitment_date - so.date_order) / 86400,
                       sol.customer_lead)) AS wait
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
             WHERE so.company_id = %(company)s
               AND so.state = 'sale'
               AND so.date_order >= %(date_from)s
               AND sol.product_id IS NOT NULL
             GROUP BY 1
            """,
            company=company.id,
            date_from=date_from,
        )
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())

    def _jit_read_best_vendors(self, company):
        """``{product id: (vendor id, lead time mean, deviation)}``: the
        best-scored vendor with a measured lead time for the product."""
        self.env["jit.vendor.score"].flush_model()
        query = SQL(
            """
            SELECT DISTINCT ON (product_id)
                   product_id, partner_id, lead_time_mean, lead_time_std
              FROM jit_vendor_score
             WHERE company_id = %(company)s
               AND product_id IS NOT NULL
               AND lead_time_mean IS NOT NULL
               AND sample_size > 0
             ORDER BY product_id, score DESC NULLS LAST, lead_time_mean, id
            """,
            company=company.id,
        )
        self.env.cr.execute(query)
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _jit_fitness_vals(self, row, weeks, wait, vendor, z, cycle_days):
        """Values of one product and warehouse: its demand pattern, supply,
        recommendation with the reason, and the suggested reorder rule."""
        adi, cv2 = fitness_math.adi_cv2(
            weeks, row["demand_weeks"], row["size_mean"], row["size_variance"] or 0.0
        )
        pattern = fitness_math.demand_pattern(adi, cv2)
        daily, daily_std = fitness_math.daily_demand(
            weeks, row["total"], row["sum_squares"]
        )
        vendor_id, lead_mean, lead_std = vendor or (False, 0.0, 0.0)
        lead_std = lead_std or 0.0
        reliable = lead_mean + z * lead_std
        wait = wait or 0.0
        recommendation, reason = self._jit_recommend(
            row["demand_weeks"], weeks, vendor_id, reliable, wait, pattern, adi, cv2
        )
        safety = minimum = maximum = 0.0
        if vendor_id:
            safety, minimum, maximum = fitness_math.reorder_point(
                daily, daily_std, lead_mean, lead_std, z, cycle_days
            )
        return {
            "product_id": row["product_id"],
            "warehouse_id": row["warehouse_id"],
            "weeks": weeks,
            "demand_weeks": row["demand_weeks"],
            "demand_total": row["total"],
            "demand_daily": daily,
            "demand_daily_std": daily_std,
            "adi": adi,
            "cv2": cv2,
            "demand_pattern": pattern,
            "vendor_id": vendor_id,
            "lead_time_mean": lead_mean,
            "lead_time_std": lead_std,
            "reliable_lead_time": reliable,
            "customer_wait_days": wait,
            "recommendation": recommendation,
            "reason": reason,
            "safety_stock": safety,
            "suggested_min": minimum,
            "suggested_max": maximum,
        }

    def _jit_recommend(self, demand_weeks, weeks, vendor_id, reliable, wait, *pattern):
        """``(recommendation, reason)``: *review* with too little history, *stock*
        when the reliable lead time does not fit in what customers wait or the
        demand is smooth (a buffer is cheaper), *JIT* otherwise."""
        pattern, adi, cv2 = pattern
        label = dict(self._fields["demand_pattern"]._description_selection(self.env))
        if demand_weeks < MIN_DEMAND_WEEKS:
            return "review", self.env._(
                "Only %(count)s of the last %(weeks)s weeks had deliveries: too "
                "little history to judge.",
                count=demand_weeks,
                weeks=weeks,
            )
        if not vendor_id:
            return "review", self.env._(
                "No vendor has a measured lead time for this product yet."
            )
        if reliable > wait:
            return "stock", self.env._(
                "The reliable lead time, %(lead).1f days, is longer than the "
                "%(wait).1f days customers wait.",
                lead=reliable,
                wait=wait,
            )
        if pattern == "smooth":
            return "stock", self.env._(
                "Demand is smooth (ADI %(adi).2f, CV² %(cv2).2f): a buffer is "
                "cheaper than buying for each order.",
                adi=adi,
                cv2=cv2,
            )
        return "jit", self.env._(
            "The reliable lead time, %(lead).1f days, fits in the %(wait).1f days "
            "customers wait; demand is %(pattern)s (ADI %(adi).2f, CV² %(cv2).2f).",
            lead=reliable,
            wait=wait,
            pattern=label[pattern].lower(),
            adi=adi,
            cv2=cv2,
        )

    @api.model
    def action_jit_refresh(self):
        """Recompute the fitness of the user's current company now (JIT
        managers), then show the report again."""
        if not self.env.user.has_group("jit_inventory.group_jit_manager"):
            raise AccessError(
                self.env._("Only JIT managers can recompute the JIT fitness.")
            )
        self._jit_recompute(self.env.company)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------------
    # Applying recommendations
    # ------------------------------------------------------------------
    def action_jit_apply(self):
        """Apply the recommendations of the selected lines: *stock* creates or
        updates the warehouse's reorder rule with the suggested minimum and
        maximum and clears the product's JIT flag; *JIT* sets the flag and
        archives that reorder rule. Logged on the product. JIT managers only."""
        if not self.env.user.has_group("jit_inventory.group_jit_manager"):
            raise AccessError(
                self.env._("Only JIT managers can apply JIT fitness recommendations.")
            )
        by_category = self.filtered(
            lambda f: f.recommendation == "stock" and f.product_id.categ_id.jit_managed
        )
        if by_category:
            raise UserError(
                self.env._(
                    "These products are JIT through their category; untick the "
                    "category's JIT managed box or move them first: %s",
                    ", ".join(by_category.product_id.mapped("display_name")),
                )
            )
        todo = self.filtered(lambda f: f.recommendation in ("jit", "stock"))
        Orderpoint = (
            self.env["stock.warehouse.orderpoint"]
            .sudo()
            .with_context(active_test=False)
        )
        orderpoints = Orderpoint.search(
            [
                ("product_id", "in", todo.product_id.ids),
                ("warehouse_id", "in", todo.warehouse_id.ids),
                ("location_id", "in", todo.warehouse_id.lot_stock_id.ids),
            ]
        )
        by_key = {(o.product_id, o.warehouse_id): o for o in orderpoints}
        to_create = []
        for fitness in todo:
            orderpoint = by_key.get((fitness.product_id, fitness.warehouse_id))
            if fitness.recommendation == "stock":
                uom = fitness.product_id.uom_id
                values = {
                    "active": True,
                    "trigger": "auto",
                    "product_min_qty": uom.round(fitness.suggested_min, "UP"),
                    "product_max_qty": uom.round(fitness.suggested_max, "UP"),
                }
                if orderpoint:
                    orderpoint.write(values)
                else:
                    to_create.append(
                        values
                        | {
                            "product_id": fitness.product_id.id,
                            "warehouse_id": fitness.warehouse_id.id,
                            "location_id": fitness.warehouse_id.lot_stock_id.id,
                            "company_id": fitness.company_id.id,
                        }
                    )
            elif orderpoint:
                orderpoint.active = False
        Orderpoint.create(to_create)
        for recommendation, flag in (("stock", False), ("jit", True)):
            templates = todo.filtered(
                lambda f, r=recommendation: f.recommendation == r
            ).product_id.product_tmpl_id
            templates.sudo().jit_managed = flag
        labels = dict(self._fields["recommendation"]._description_selection(self.env))
        bodies = {}
        for fitness in todo:
            note = Markup("<p>%s<br/>%s</p>") % (
                self.env._(
                    "JIT fitness applied by %(user)s for %(warehouse)s: "
                    "%(recommendation)s.",
                    user=self.env.user.name,
                    warehouse=fitness.warehouse_id.name,
                    recommendation=labels[fitness.recommendation],
                ),
                fitness.reason,
            )
            template_id = fitness.product_id.product_tmpl_id.id
            bodies[template_id] = bodies.get(template_id, Markup()) + note
        todo.product_id.product_tmpl_id.sudo()._message_log_batch(bodies)
        return True
