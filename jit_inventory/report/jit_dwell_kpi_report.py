# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class JitDwellKpiReport(models.Model):
    """Dwell KPIs per product and company, for customer deliveries (default)
    or for every departure (scope): dwell statistics of the matched
    departures, and stock turns over the last 365 days from the dwell records
    (average stock = quantity-time on hand within the window / its length,
    whatever took the goods out)."""

    _name = "jit.dwell.kpi.report"
    _description = "JIT Dwell KPIs"
    _auto = False
    _order = "dwell_mean_hours desc"

    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    scope = fields.Selection(
        [("delivery", "Customer deliveries"), ("all", "All departures")],
        readonly=True,
        help="Which departures the dwell figures and turns count: customer "
        "deliveries, or all consumption (production, scrap, inventory loss, "
        "transfers to other warehouses and returns to vendors as well).",
    )
    delivery_count = fields.Integer(string="Matched departures", readonly=True)
    quantity_delivered = fields.Float(
        string="Quantity departed", digits="Product Unit", readonly=True
    )
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
        help="Share of the departed quantity that left within its target.",
    )
    average_stock = fields.Float(digits="Product Unit", readonly=True)
    inventory_turns = fields.Float(
        aggregator="avg",
        readonly=True,
        help="Quantity departed in the last 365 days / average stock.",
    )
    days_of_inventory = fields.Float(
        aggregator="avg",
        readonly=True,
        help="Average stock / average daily departed quantity.",
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
                ), record AS (
                    SELECT r.*, scope.name AS scope,
                           NOT r.is_open AND (scope.name = 'all'
                                              OR r.kind_out = 'delivery') AS gone
                      FROM jit_dwell_record r
                CROSS JOIN (VALUES ('delivery'), ('all')) AS scope(name)
                     WHERE r.generation = (SELECT generation FROM jit_dwell_state)
                ), figures AS (
                    SELECT 2 * MIN(r.id) + (r.scope = 'all')::int AS id,
                           r.company_id, r.product_id, r.scope,
                           MIN(r.categ_id) AS categ_id,
                           COUNT(DISTINCT r.move_out_id) FILTER (WHERE r.gone)
                               AS delivery_count,
                           SUM(r.quantity) FILTER (WHERE r.gone) AS quantity_delivered,
                           SUM(r.quantity) FILTER (WHERE r.is_open) AS quantity_open,
                           SUM(r.quantity * r.dwell_hours) FILTER (WHERE r.gone)
                               / NULLIF(SUM(r.quantity) FILTER (WHERE r.gone), 0)
                               AS dwell_mean_hours,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.dwell_hours)
                               FILTER (WHERE r.gone) AS dwell_median_hours,
                           percentile_cont(0.9) WITHIN GROUP (ORDER BY r.dwell_hours)
                               FILTER (WHERE r.gone) AS dwell_p90_hours,
                           100.0 * SUM(r.quantity) FILTER (
                               WHERE r.gone AND r.within_target)
                               / NULLIF(SUM(r.quantity) FILTER (WHERE r.gone), 0)
                               AS within_target_rate,
                           SUM(r.quantity) FILTER (
                               WHERE r.gone AND r.date_out >= window_.start)
                               AS quantity_window,
                           SUM(r.quantity * GREATEST(EXTRACT(EPOCH FROM
                               LEAST(CASE WHEN r.is_open THEN window_.stop
                                          ELSE r.date_out END, window_.stop)
                               - GREATEST(r.date_in, window_.start)), 0))
                               / EXTRACT(EPOCH FROM window_.stop - window_.start)
                               AS average_stock
                      FROM record r
                CROSS JOIN window_
                  GROUP BY r.company_id, r.product_id, r.scope, window_.start,
                           window_.stop
                )
                SELECT id, company_id, product_id, categ_id, scope, delivery_count,
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
