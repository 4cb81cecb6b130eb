# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL


class JitPurchaseLineReport(models.Model):
    """Delivery facts of each confirmed purchase line: what was ordered, what
    was done (received, on time, returned) in the product's unit, and the
    per-line flags every vendor figure is built from. The stored scores and the
    dashboard both aggregate this view with ``_jit_figures_sql`` over the lines
    ``_jit_due_domain`` / ``_jit_due_sql`` select: one definition per figure.
    Whether a line is due depends on the day, so that is decided by the reader.
    """

    _name = "jit.purchase.line.report"
    _description = "JIT Purchase Line Deliveries"
    _auto = False
    _order = "date_planned desc, id desc"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    order_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_approve = fields.Datetime(string="Confirmed On", readonly=True)
    date_planned = fields.Datetime(string="Expected On", readonly=True)
    date_due = fields.Date(
        string="Late After",
        readonly=True,
        help="Expected date plus the company's on-time tolerance: receipts on "
        "or before this day are on time; from the next day on the line is due.",
    )
    date_first_receipt = fields.Datetime(string="First Receipt", readonly=True)
    qty_ordered = fields.Float(
        string="Ordered",
        digits="Product Unit",
        readonly=True,
        help="In the product's unit.",
    )
    qty_received = fields.Float(
        string="Received",
        digits="Product Unit",
        readonly=True,
        help="Quantity of the done receipts, in the product's unit.",
    )
    qty_on_time = fields.Float(
        string="Received On Time",
        digits="Product Unit",
        readonly=True,
        help="Quantity of the done receipts dated on or before the Late After "
        "day, up to the ordered quantity.",
    )
    qty_filled = fields.Float(
        string="Filled",
        digits="Product Unit",
        readonly=True,
        help="Received quantity up to the ordered quantity.",
    )
    qty_returned = fields.Float(
        string="Returned",
        digits="Product Unit",
        readonly=True,
        help="Quantity of the done returns to the vendor, in the product's unit.",
    )
    is_complete = fields.Boolean(
        string="Complete", readonly=True, help="Received at least the ordered quantity."
    )
    is_otif = fields.Boolean(
        string="On Time In Full",
        readonly=True,
        help="The whole ordered quantity was received on time.",
    )
    lead_time_days = fields.Float(
        string="Lead Time (days)", aggregator="avg", readonly=True
    )
    price_unit = fields.Float(string="Unit Price", aggregator="avg", readonly=True)

    # ------------------------------------------------------------------
    # The definitions every figure reads
    # ------------------------------------------------------------------
    @api.model
    def _jit_due_domain(self, date):
        """Lines due on ``date``: their Late After day is past, or they are
        complete (an early complete line counts at once)."""
        return Domain("date_due", "<", date) | Domain("is_complete", "=", True)

    @api.model
    def _jit_due_sql(self, table, date):
        """``_jit_due_domain`` as an SQL condition on the view aliased ``table``."""
        return SQL(
            "(%(t)s.date_due < %(date)s::date OR %(t)s.is_complete)",
            t=SQL.identifier(table),
            date=date,
        )

    @api.model
    def _jit_figures_sql(self, table, due, weight=None, prefix="", names=None):
        """Select list of the delivery figures of the due lines (``due``, an SQL
        condition) of the view aliased ``table``, each line weighing ``weight``
        (1 for the plain rates), named ``prefix`` + name; ``names`` limits
        them. Ratios are 0-1, NULL only when nothing is due (or, for returns
        and lead time, nothing was received): zero is zero.

        - lines: number of due lines;
        - on_time: quantity received on time / quantity ordered;
        - otif: due lines received complete and on time / due lines;
        - fill: quantity received (up to the ordered one) / quantity ordered;
        - returns: quantity returned to the vendor / quantity received;
        - lead_time_mean, lead_time_std: days from confirmation to first
          receipt (mean, population deviation).
        """
        t = SQL.identifier(table)
        w = weight or SQL("1.0")

        def total(expr, condition=None):
            return SQL(
                "SUM(%s) FILTER (WHERE %s)",
                expr,
                SQL("%s AND %s", due, condition) if condition else due,
            )

        figures = {
            "lines": SQL("COUNT(*) FILTER (WHERE %s)", due),
            "on_time": SQL(
                "%s / NULLIF(%s, 0)",
                total(SQL("%s * %s.qty_on_time", w, t)),
                total(SQL("%s * %s.qty_ordered", w, t)),
            ),
            "otif": SQL(
                "COALESCE(%s, 0) / NULLIF(%s, 0)",
                total(w, SQL("%s.is_otif", t)),
                total(w),
            ),
            "fill": SQL(
                "%s / NULLIF(%s, 0)",
                total(SQL("%s * %s.qty_filled", w, t)),
                total(SQL("%s * %s.qty_ordered", w, t)),
            ),
            "returns": SQL(
                "%s / NULLIF(%s, 0)",
                total(SQL("%s * %s.qty_returned", w, t)),
                total(SQL("%s * %s.qty_received", w, t)),
            ),
            "lead_time_mean": SQL("AVG(%s.lead_time_days) FILTER (WHERE %s)", t, due),
            "lead_time_std": SQL(
                "STDDEV_POP(%s.lead_time_days) FILTER (WHERE %s)", t, due
            ),
        }
        return SQL(", ").join(
            SQL("%s AS %s", expr, SQL.identifier(prefix + name))
            for name, expr in figures.items()
            if not names or name in names
        )

    # ------------------------------------------------------------------
    # The view
    # ------------------------------------------------------------------
    @api.model
    def _jit_plan_columns(self):
        """The columns of a row read from its purchase line, order, company
        and product alone (not from the moves): what a cheap comparison with
        the stored facts checks (``jit.purchase.line.fact._jit_stale_sql``)."""
        return {
            "company_id": SQL("po.company_id"),
            "partner_id": SQL("po.partner_id"),
            "product_id": SQL("line.product_id"),
            "categ_id": SQL("tmpl.categ_id"),
            "date_planned": SQL("line.date_planned"),
            "date_due": SQL(
                "line.date_planned::date"
                " + COALESCE(company.jit_on_time_tolerance_days, 0)"
            ),
            "qty_ordered": SQL("line.product_uom_qty"),
        }

    def _select(self):
        return SQL(
            """
            SELECT line.id,
                   %s,
                   line.order_id,
                   po.currency_id,
                   po.date_approve,
                   moves.date_first_receipt,
                   COALESCE(moves.qty_received, 0) AS qty_received,
                   LEAST(COALESCE(moves.qty_on_time, 0), line.product_uom_qty)
                       AS qty_on_time,
                   LEAST(COALESCE(moves.qty_received, 0), line.product_uom_qty)
                       AS qty_filled,
                   COALESCE(moves.qty_returned, 0) AS qty_returned,
                   COALESCE(moves.qty_received, 0) >= line.product_uom_qty
                       AS is_complete,
                   COALESCE(moves.qty_on_time, 0) >= line.product_uom_qty AS is_otif,
                   EXTRACT(EPOCH FROM moves.date_first_receipt - po.date_approve)
                       / 86400.0 AS lead_time_days,
                   line.price_unit
            """,
            SQL(", ").join(
                SQL("%s AS %s", expr, SQL.identifier(name))
                for name, expr in self._jit_plan_columns().items()
            ),
        )

    def _from_lines(self):
        """The purchase lines (``line``) with their order, company and product."""
        return SQL(
            """
              FROM purchase_order_line line
              JOIN purchase_order po ON po.id = line.order_id
              JOIN res_company company ON company.id = po.company_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
            """
        )

    def _from(self, lines=None):
        return SQL(
            "%s LEFT JOIN (%s) moves ON moves.purchase_line_id = line.id",
            self._from_lines(),
            self._moves(lines),
        )

    def _moves(self, lines=None):
        """Done receipts and returns to vendor per purchase line: the quantity
        done (``quantity``, in the move's unit) converted to the product's unit,
        summed as floats and rounded to 6 decimals against conversion noise.
        ``lines(alias)``, if given, limits the purchase lines (aliased ``alias``)
        whose moves are read."""
        return SQL(
            """
            SELECT move.purchase_line_id,
                   MIN(move.date) FILTER (WHERE src.usage = 'supplier')
                       AS date_first_receipt,
                   ROUND(SUM(done.qty) FILTER (WHERE src.usage = 'supplier')::numeric,
                         6) AS qty_received,
                   ROUND(SUM(done.qty) FILTER (
                       WHERE src.usage = 'supplier'
                         AND move.date::date <= pol.date_planned::date
                             + COALESCE(company.jit_on_time_tolerance_days, 0)
                   )::numeric, 6) AS qty_on_time,
                   ROUND(SUM(done.qty) FILTER (WHERE dest.usage = 'supplier')::numeric,
                         6) AS qty_returned
              FROM stock_move move
              JOIN purchase_order_line pol ON pol.id = move.purchase_line_id
              JOIN res_company company ON company.id = move.company_id
              JOIN stock_location src ON src.id = move.location_id
              JOIN stock_location dest ON dest.id = move.location_dest_id
              JOIN product_product product ON product.id = move.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              JOIN uom_uom move_uom ON move_uom.id = move.product_uom
              JOIN uom_uom product_uom ON product_uom.id = tmpl.uom_id
      CROSS JOIN LATERAL (
                SELECT CASE WHEN move.product_uom = tmpl.uom_id
                            THEN move.quantity::float8
                            ELSE move.quantity::float8 * move_uom.factor::float8
                                 / product_uom.factor::float8
                       END AS qty
             ) done
             WHERE move.state = 'done'
               AND (src.usage = 'supplier') != (dest.usage = 'supplier')
               AND %s
          GROUP BY move.purchase_line_id
            """,
            lines("pol") if lines else SQL("TRUE"),
        )

    def _where(self):
        return SQL(
            "WHERE po.state IN ('purchase', 'done') AND line.display_type IS NULL"
        )

    @api.model
    def _jit_scope_sql(self, alias, company_ids=None, partner_ids=None, line_ids=None):
        """Condition limiting the purchase lines aliased ``alias`` (or rows
        with the same ids and columns) to these companies, vendors and line
        ids, when given."""
        table = SQL.identifier(alias)
        conditions = [SQL("TRUE")]
        if company_ids is not None:
            conditions.append(SQL("%s.company_id = ANY(%s)", table, company_ids))
        if partner_ids is not None:
            conditions.append(SQL("%s.partner_id = ANY(%s)", table, partner_ids))
        if line_ids is not None:
            conditions.append(SQL("%s.id = ANY(%s)", table, line_ids))
        return SQL(" AND ").join(conditions)

    @api.model
    def _jit_lines_sql(self, company_ids=None, partner_ids=None, line_ids=None):
        """The view's query, limited to the purchase lines of these companies
        and vendors, and to these lines (ids), when given: the limit applies to
        the done moves read too, so that a few vendors read their own moves
        only."""

        def lines(alias):
            return self._jit_scope_sql(alias, company_ids, partner_ids, line_ids)

        return SQL(
            "%s %s %s AND %s",
            self._select(),
            self._from(lines),
            self._where(),
            lines("line"),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._jit_lines_sql(),
            )
        )
