# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class JitDwellKpiReport(models.Model):
    """Dwell KPIs per product and company: dwell statistics of the matched
    deliveries, and stock turns over the last 365 days from the dwell records
    (average stock = quantity-time on hand within the window / its length)."""

    _name = "jit.dwell.kpi.report"
    _description = "JIT Dwell KPIs"
    _auto = False
    _order = "dwell_mean_hours desc"

    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    delivery_count = fields.Integer(string="Matched deliveries", readonly=True)
    quantity_delivered = fields.Float(digits="Product Unit", readonly=True)
    quantity_open = fields.Float(
        string="Open quantity", digits="Product Unit", readonly=True
    )
    dwell_mean_hours = fields.Float(
        string="Mean dwell (hours)",
        aggregator="avg",
        readonly=True,
        help="Weighted by quantity.",
    )
    dwell_median_hours = fields.Float(
        string="Median dwell (hours)", aggregator="avg", readonly=True
    )
    dwell_p90_hours = fields.Float(
        string="P90 dwell (hours)", aggregator="avg", readonly=True
    )
    within_target_rate = fields.Float(
        string="Within target (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the delivered quantity that left within its target.",
    )
    average_stock = fields.Float(digits="Product Unit", readonly=True)
    inventory_turns = fields.Float(
        aggregator="avg",
        readonly=True,
        help="Quantity delivered in the last 365 days / average stock.",
    )
    days_of_inventory = fields.Float(
        aggregator="avg",
        readonly=True,
        help="Average stock / average daily delivered quantity.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                WITH window_ AS (
                    SELECT (now() AT TIME ZONE 'UTC') AS stop,
                           (now() AT TIME ZONE 'UTC') - interval '365 days' AS start
                ), figures AS (
                    SELECT MIN(r.id) AS id, r.company_id, r.product_id,
                           MIN(r.categ_id) AS categ_id,
                           COUNT(DISTINCT r.move_out_id) AS delivery_count,
                           SUM(r.quantity) FILTER (WHERE NOT r.is_open)
                               AS quantity_delivered,
                           SUM(r.quantity) FILTER (WHERE r.is_open) AS quantity_open,
                           SUM(r.quantity * r.dwell_hours) FILTER (WHERE NOT r.is_open)
                               / NULLIF(SUM(r.quantity) FILTER (WHERE NOT r.is_open), 0)
                               AS dwell_mean_hours,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.dwell_hours)
                               FILTER (WHERE NOT r.is_open) AS dwell_median_hours,
                           percentile_cont(0.9) WITHIN GROUP (ORDER BY r.dwell_hours)
                               FILTER (WHERE NOT r.is_open) AS dwell_p90_hours,
                           100.0 * SUM(r.quantity) FILTER (
                               WHERE NOT r.is_open AND r.within_target)
                               / NULLIF(SUM(r.quantity) FILTER (WHERE NOT r.is_open), 0)
                               AS within_target_rate,
                           SUM(r.quantity) FILTER (
                               WHERE NOT r.is_open AND r.date_out >= window_.start)
                               AS quantity_window,
                           SUM(r.quantity * GREATEST(EXTRACT(EPOCH FROM
                               LEAST(COALESCE(r.date_out, window_.stop), window_.stop)
                               - GREATEST(r.date_in, window_.start)), 0))
                               / EXTRACT(EPOCH FROM window_.stop - window_.start)
                               AS average_stock
                      FROM jit_dwell_record r
                CROSS JOIN window_
                  GROUP BY r.company_id, r.product_id, window_.start, window_.stop
                )
                SELECT id, company_id, product_id, categ_id, delivery_count,
                       COALESCE(quantity_delivered, 0) AS quantity_delivered,
                       COALESCE(quantity_open, 0) AS quantity_open,
                       dwell_mean_hours, dwell_median_hours, dwell_p90_hours,
                       within_target_rate, average_stock,
                       quantity_window / NULLIF(average_stock, 0) AS inventory_turns,
                       365 * average_stock / NULLIF(quantity_window, 0)
                           AS days_of_inventory
                  FROM figures
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
