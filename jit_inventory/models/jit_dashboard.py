# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .jit_dashboard_params import check_filters, check_limit


class JitDashboard(models.AbstractModel):
    """Figures of the supplier reliability dashboard: one method, and one
    round-trip, per widget. Each reads stored scores, SQL views or dwell
    records as the current user (record rules apply) and returns, with each
    figure, the model and domain of the records behind it."""

    _name = "jit.dashboard"
    _description = "JIT Supplier Reliability Dashboard"

    # ------------------------------------------------------------------
    # Filters
    # ------------------------------------------------------------------
    @api.model
    def _jit_filters(self, filters):
        """Normalise the client's filters: dates (default: the last 180 days),
        companies within the allowed ones, category and vendor ids."""
        filters = check_filters(self.env, filters)
        today = fields.Date.context_today(self)
        allowed = self.env.companies.ids
        return {
            "date_from": fields.Date.to_date(filters.get("date_from"))
            or today - timedelta(days=180),
            "date_to": fields.Date.to_date(filters.get("date_to")) or today,
            "company_ids": [
                c for c in filters.get("company_ids") or allowed if c in allowed
            ]
            or allowed,
            "categ_id": filters.get("categ_id") or False,
            "partner_id": filters.get("partner_id") or False,
        }

    @api.model
    def _jit_lines_domain(self, f, due_only=True):
        """Purchase lines of the period (planned in it), due by today."""
        domain = Domain(
            [
                ("company_id", "in", f["company_ids"]),
                ("date_planned", ">=", f["date_from"]),
                ("date_planned", "<", f["date_to"] + timedelta(days=1)),
            ]
        )
        if due_only:
            domain &= Domain("date_planned", "<", fields.Date.context_today(self))
        if f["categ_id"]:
            domain &= Domain("categ_id", "child_of", f["categ_id"])
        if f["partner_id"]:
            domain &= Domain("partner_id", "=", f["partner_id"])
        return domain

    @api.model
    def _jit_dwell_domain(self, f):
        domain = Domain(
            [
                ("company_id", "in", f["company_ids"]),
                ("is_open", "=", False),
                ("date_out", ">=", f["date_from"]),
                ("date_out", "<", f["date_to"] + timedelta(days=1)),
            ]
        )
        if f["categ_id"]:
            domain &= Domain("categ_id", "child_of", f["categ_id"])
        if f["partner_id"]:
            domain &= Domain("vendor_id", "=", f["partner_id"])
        return domain

    @api.model
    def _jit_scores_domain(self, f):
        domain = Domain(
            [("company_id", "in", f["company_ids"]), ("product_id", "=", False)]
        )
        if f["partner_id"]:
            domain &= Domain("partner_id", "=", f["partner_id"])
        return domain

    @api.model
    def _jit_line_figures(self, domain, group_month=False):
        """Aggregate delivery figures of the purchase lines of ``domain``, in
        one query that goes through the record rules."""
        Report = self.env["jit.purchase.line.report"]
        query = Report._search(domain)
        month = SQL(
            "date_trunc('month', %s)", SQL.identifier(Report._table, "date_planned")
        )
        table = SQL.identifier(Report._table)
        self.env.cr.execute(
            SQL(
                """
                SELECT %(group)s AS month,
                       100.0 * SUM(%(t)s.qty_on_time)
                           / NULLIF(SUM(%(t)s.qty_ordered), 0) AS on_time,
                       100.0 * COUNT(*) FILTER (
                           WHERE %(t)s.qty_on_time >= %(t)s.qty_ordered)
                           / NULLIF(COUNT(*), 0) AS otif,
                       100.0 * SUM(LEAST(%(t)s.qty_received, %(t)s.qty_ordered))
                           / NULLIF(SUM(%(t)s.qty_ordered), 0) AS fill,
                       100.0 * SUM(%(t)s.qty_returned)
                           / NULLIF(SUM(%(t)s.qty_received), 0) AS returns,
                       AVG(%(t)s.lead_time_days) AS lead_time_mean,
                       STDDEV_POP(%(t)s.lead_time_days) AS lead_time_std,
                       COUNT(*) AS lines
                  FROM %(from)s
                 WHERE %(where)s
              GROUP BY 1
              ORDER BY 1
                """,
                group=month if group_month else SQL("NULL::timestamp"),
                t=table,
                **{
                    "from": query.from_clause,
                    "where": query.where_clause or SQL("TRUE"),
                },
            )
        )
        return self.env.cr.dictfetchall()

    # ------------------------------------------------------------------
    # Widgets
    # ------------------------------------------------------------------
    @api.model
    def get_kpis(self, filters=None):
        """KPI tiles: delivery figures of the period's due purchase lines,
        mean dwell of the period's deliveries and vendors at risk."""
        f = self._jit_filters(filters)
        lines_domain = self._jit_lines_domain(f)
        figures = (self._jit_line_figures(lines_domain) or [{}])[0]
        dwell_domain = self._jit_dwell_domain(f)
        [(dwell_mean, dwell_count)] = self.env["jit.dwell.record"]._read_group(
            dwell_domain, [], ["dwell_hours:avg", "__count"]
        )
        risk_domain = self._jit_scores_domain(f) & Domain(
            "standing", "in", ("at_risk", "blocked")
        )
        at_risk = self.env["jit.vendor.score"].search_count(risk_domain)
        lines = ("jit.purchase.line.report", list(lines_domain))

        def tile(key, label, value, unit, records):
            return {
                "key": key,
                "label": label,
                "value": round(value, 1) if value is not None else None,
                "unit": unit,
                "res_model": records[0],
                "domain": records[1],
            }

        return [
            tile(
                "on_time",
                self.env._("On-time rate"),
                figures.get("on_time"),
                "%",
                lines,
            ),
            tile("otif", self.env._("OTIF"), figures.get("otif"), "%", lines),
            tile("fill", self.env._("Fill rate"), figures.get("fill"), "%", lines),
            tile(
                "returns", self.env._("Return rate"), figures.get("returns"), "%", lines
            ),
            tile(
                "lead_time",
                self.env._("Lead time"),
                figures.get("lead_time_mean"),
                "d",
                lines,
            ),
            tile(
                "lead_time_std",
                self.env._("Lead time deviation"),
                figures.get("lead_time_std"),
                "d",
                lines,
            ),
            tile(
                "dwell",
                self.env._("Mean dwell (%s deliveries)", dwell_count),
                dwell_mean,
                "h",
                ("jit.dwell.record", list(dwell_domain)),
            ),
            tile(
                "at_risk",
                self.env._("Vendors at risk"),
                at_risk,
                "",
                ("jit.vendor.score", list(risk_domain)),
            ),
        ]

    @api.model
    def get_ranking(self, filters=None, limit=20):
        """Vendor ranking from the stored overall scores, best first."""
        limit = check_limit(self.env, limit)
        f = self._jit_filters(filters)
        scores = self.env["jit.vendor.score"].search_read(
            self._jit_scores_domain(f) & Domain("sample_size", ">", 0),
            [
                "partner_id",
                "company_id",
                "score",
                "standing",
                "on_time_rate",
                "otif_rate",
                "fill_rate",
                "return_rate",
                "lead_time_mean",
                "sample_size",
            ],
            order="score desc, id",
            limit=limit,
        )
        for score in scores:
            score["res_model"] = "jit.purchase.line.report"
            score["domain"] = list(
                self._jit_lines_domain(dict(f, partner_id=score["partner_id"][0]))
            )
        return scores

    @api.model
    def get_trend(self, filters=None):
        """Monthly on-time rate and OTIF of the period's due purchase lines."""
        f = self._jit_filters(filters)
        rows = self._jit_line_figures(self._jit_lines_domain(f), group_month=True)
        return [
            {
                "month": fields.Date.to_string(row["month"]),
                "on_time": round(row["on_time"] or 0.0, 1),
                "otif": round(row["otif"] or 0.0, 1),
                "lines": row["lines"],
                "res_model": "jit.purchase.line.report",
                "domain": list(
                    self._jit_lines_domain(
                        dict(
                            f,
                            date_from=max(f["date_from"], row["month"].date()),
                            date_to=min(
                                f["date_to"],
                                (row["month"] + timedelta(days=31))
                                .replace(day=1)
                                .date()
                                - timedelta(days=1),
                            ),
                        )
                    )
                ),
            }
            for row in rows
        ]

    @api.model
    def get_dwell_histogram(self, filters=None):
        """Delivered quantities by dwell time, in the company's aging buckets
        (days)."""
        f = self._jit_filters(filters)
        edges = self.env.company._jit_get_dwell_bucket_edges()
        domain = self._jit_dwell_domain(f)
        Record = self.env["jit.dwell.record"]
        query = Record._search(domain)
        table = SQL.identifier(Record._table)
        self.env.cr.execute(
            SQL(
                """
                SELECT width_bucket(%(t)s.dwell_hours / 24.0, %(edges)s::float8[]),
                       SUM(%(t)s.quantity), COUNT(*)
                  FROM %(from)s
                 WHERE %(where)s
              GROUP BY 1
                """,
                t=table,
                edges=edges,
                **{
                    "from": query.from_clause,
                    "where": query.where_clause or SQL("TRUE"),
                },
            )
        )
        found = {bucket: (qty, count) for bucket, qty, count in self.env.cr.fetchall()}
        bounds = [0.0, *edges, None]
        result = []
        for bucket in range(len(bounds) - 1):
            low, high = bounds[bucket], bounds[bucket + 1]
            label = (
                self.env._("%(low)g-%(high)g d", low=low, high=high)
                if high
                else self.env._("over %g d", low)
            )
            bucket_domain = domain & Domain("dwell_hours", ">=", low * 24)
            if high:
                bucket_domain &= Domain("dwell_hours", "<", high * 24)
            qty, count = found.get(bucket, (0.0, 0))
            result.append(
                {
                    "label": label,
                    "quantity": qty,
                    "count": count,
                    "res_model": "jit.dwell.record",
                    "domain": list(bucket_domain),
                }
            )
        return result
