# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class JitPurchaseLineFact(models.Model):
    """The delivery facts of ``jit.purchase.line.report``, stored: one row per
    purchase line (same id, same columns). The stored scores and the dashboard
    aggregate these rows with the report's ``_jit_figures_sql`` and
    ``_jit_due_sql``, so the dashboard reads a plain table instead of
    aggregating every done move at each call; the report stays the live list
    its figures open.

    No fact depends on the day (whether a line is due is decided by the
    reader, from ``date_due``), so facts only go stale when their line,
    order, moves, product or company change. The score queue rewrites the
    facts of the lines received, returned, confirmed, cancelled or replanned;
    a full score recompute rewrites only the stale ones
    (``_jit_refresh_stale``), and a rebuild reads them all again."""

    _name = "jit.purchase.line.fact"
    _description = "JIT Purchase Line Delivery Facts"
    _log_access = False
    _order = "date_planned desc, id desc"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", readonly=True, index=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    date_planned = fields.Datetime(string="Expected On", readonly=True)
    date_due = fields.Date(string="Late After", readonly=True)
    qty_ordered = fields.Float(string="Ordered", readonly=True)
    qty_received = fields.Float(string="Received", readonly=True)
    qty_on_time = fields.Float(string="Received On Time", readonly=True)
    qty_filled = fields.Float(string="Filled", readonly=True)
    qty_returned = fields.Float(string="Returned", readonly=True)
    is_complete = fields.Boolean(string="Complete", readonly=True)
    is_otif = fields.Boolean(string="On Time In Full", readonly=True)
    lead_time_days = fields.Float(string="Lead Time (days)", readonly=True)

    @api.model
    def _jit_columns(self):
        return [name for name, field in self._fields.items() if field.store]

    @api.model
    def _jit_refresh(self, companies=None, partners=None, lines=None):
        """Rewrite the facts of the purchase lines of ``companies``,
        ``partners`` and ``lines`` (all when empty) from the report's query, in
        one statement: rows that did not change are not written, rows of lines
        that left the report are deleted. A full refresh analyses the table
        afterwards, so that the reads that follow are planned on its real
        size, however fresh the data."""
        self.env.flush_all()
        # Compiling this large query (PostgreSQL's JIT) costs more than it saves.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        report = self.env["jit.purchase.line.report"]
        company_ids = companies.ids if companies else None
        partner_ids = partners.ids if partners else None
        line_ids = lines.ids if lines else None
        columns = self._jit_columns()
        self.env.cr.execute(
            SQL(
                """
                WITH fresh AS MATERIALIZED (
                    SELECT %(columns)s
                      FROM (%(lines)s) line
                ),
                changed AS (
                    SELECT fresh.*
                      FROM fresh
                 LEFT JOIN %(table)s fact ON fact.id = fresh.id
                     WHERE fact.id IS NULL OR (%(old)s) IS DISTINCT FROM (%(new)s)
                ),
                written AS (
                    INSERT INTO %(table)s AS fact (%(columns)s)
                    SELECT %(columns)s FROM changed
                    ON CONFLICT (id) DO UPDATE SET %(updates)s
                )
                DELETE FROM %(table)s fact
                 WHERE %(scope)s
                   AND NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.id = fact.id)
                """,
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                lines=report._jit_lines_sql(company_ids, partner_ids, line_ids),
                table=SQL.identifier(self._table),
                updates=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c))
                    for c in columns
                    if c != "id"
                ),
                old=SQL(", ").join(SQL.identifier("fact", c) for c in columns),
                new=SQL(", ").join(SQL.identifier("fresh", c) for c in columns),
                scope=report._jit_scope_sql("fact", company_ids, partner_ids, line_ids),
            )
        )
        if partner_ids is None and line_ids is None:
            self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))
        self.invalidate_model()

    @api.model
    def _jit_stale_sql(self, companies=None, partners=None):
        """Query of the number of the report's lines of ``companies`` and
        ``partners`` (all when empty), ``lines``, and the ids of those whose
        facts are stale without the score queue knowing, ``stale``: lines of
        the report without facts and facts of lines no longer in it (history
        imported, a first build), and lines whose columns read from the line
        itself (``_jit_plan_columns``: vendor, product, category, planned and
        late-after days, ordered quantity) differ from their facts (a company's
        tolerance changed, a product moved to another category). A cheap
        comparison: no move is read."""
        report = self.env["jit.purchase.line.report"]
        company_ids = companies.ids if companies else None
        partner_ids = partners.ids if partners else None
        plan = report._jit_plan_columns()
        return SQL(
            """
            SELECT COUNT(line.id) AS lines,
                   ARRAY_AGG(COALESCE(line.id, fact.id)) FILTER (
                       WHERE line.id IS NULL OR fact.id IS NULL
                          OR (%(line_columns)s) IS DISTINCT FROM (%(fact_columns)s)
                   ) AS stale
              FROM (SELECT line.id, %(plan)s %(from)s %(where)s AND %(scope)s) line
         FULL JOIN (SELECT * FROM %(table)s fact WHERE %(fact_scope)s) fact
                ON fact.id = line.id
            """,
            line_columns=SQL(", ").join(SQL.identifier("line", c) for c in plan),
            fact_columns=SQL(", ").join(SQL.identifier("fact", c) for c in plan),
            plan=SQL(", ").join(
                SQL("%s AS %s", expr, SQL.identifier(name))
                for name, expr in plan.items()
            ),
            scope=report._jit_scope_sql("line", company_ids, partner_ids),
            table=SQL.identifier(self._table),
            fact_scope=report._jit_scope_sql("fact", company_ids, partner_ids),
            **{"from": report._from_lines(), "where": report._where()},
        )

    @api.model
    def _jit_refresh_stale(self, companies=None, partners=None):
        """Rewrite the stale facts of the purchase lines of ``companies`` and
        ``partners`` (all when empty): those of the lines the score queue holds
        and those ``_jit_stale_sql`` finds. When more than a tenth of the lines
        are stale (a first build), all are read again (``_jit_refresh`` of
        the whole scope), which costs less than reading them one by one."""
        self.env.flush_all()
        queue = self.env["jit.vendor.score.queue"].sudo()
        domain = []
        if companies:
            domain.append(("company_id", "in", companies.ids))
        if partners:
            domain.append(("partner_id", "in", partners.ids))
        self.env.cr.execute(self._jit_stale_sql(companies, partners))
        count, stale = self.env.cr.fetchone()
        stale = stale or []
        if len(stale) > count / 10:
            self._jit_refresh(companies, partners)
            return
        queue.search(domain)._jit_refresh_facts(
            self.env["purchase.order.line"].browse(stale)
        )
