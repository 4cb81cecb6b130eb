# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
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
        companies (default: those selected in the company switcher; any other
        is refused, as its records could not be opened), category and vendor
        ids."""
        filters = check_filters(self.env, filters)
        today = fields.Date.context_today(self)
        selected = self.env.companies.ids
        company_ids = filters.get("company_ids") or selected
        if not set(company_ids) <= set(selected):
            raise UserError(
                self.env._(
                    "The dashboard shows the companies selected in the company "
                    "switcher only: select the company there first."
                )
            )
        return {
            "date_from": fields.Date.to_date(filters.get("date_from"))
            or today - timedelta(days=180),
            "date_to": fields.Date.to_date(filters.get("date_to")) or today,
            "company_ids": company_ids,
            "categ_id": filters.get("categ_id") or False,
            "partner_id": filters.get("partner_id") or False,
        }

    @api.model
    def _jit_lines_domain(self, f, until=True):
        """Purchase lines of the filters, planned in the period (due or not);
        with ``until`` false, planned in it or later."""
        domain = Domain(
            [
                ("company_id", "in", f["company_ids"]),
                ("date_planned", ">=", f["date_from"]),
            ]
        )
        if until:
            domain &= Domain("date_planned", "<", f["date_to"] + timedelta(days=1))
        if f["categ_id"]:
            domain &= Domain("categ_id", "child_of", f["categ_id"])
        if f["partner_id"]:
            domain &= Domain("partner_id", "=", f["partner_id"])
        return domain

    @api.model
    def _jit_due_lines_domain(self, f):
        """The lines every delivery figure counts: those of the filters that
        are due today (``jit.purchase.line.report._jit_due_domain``)."""
        today = fields.Date.context_today(self)
        return self._jit_lines_domain(f) & self.env[
            "jit.purchase.line.report"
        ]._jit_due_domain(today)

    @api.model
    def _jit_dwell_domain(self, f):
        domain = Domain(
            [
                ("company_id", "in", f["company_ids"]),
                ("is_open", "=", False),
                ("kind_out", "=", "delivery"),
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
    def _jit_line_figures(self, f, group=None, counts=False):
        """Delivery figures of the due purchase lines of the filters, with the
        definitions of the stored scores (unweighted: the plain rates) over
        the delivery facts they are stored from, in one query that goes
        through the record rules. ``group`` is ``"month"`` or ``"vendor"``
        (company and vendor: every vendor with lines planned in the period or
        later, so that vendors not rated yet are listed too); without it, one
        row. With ``counts``, also the number of lines each tile opens
        (``_jit_tile_records``), named as its set."""
        Report = self.env["jit.purchase.line.report"]
        Fact = self.env["jit.purchase.line.fact"]
        query = Fact._search(self._jit_lines_domain(f, until=False))
        table = Fact._table
        t = SQL.identifier(table)
        keys = {
            None: SQL("NULL::timestamp AS month"),
            "month": SQL("date_trunc('month', %s.date_planned) AS month", t),
            "vendor": SQL("%(t)s.company_id, %(t)s.partner_id", t=t),
        }[group]
        groupby = {None: SQL("1"), "month": SQL("1"), "vendor": SQL("1, 2")}[group]
        due = SQL(
            "%s AND %s.date_planned < %s",
            Report._jit_due_sql(table, fields.Date.context_today(self)),
            t,
            f["date_to"] + timedelta(days=1),
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT %(keys)s, %(figures)s
                  FROM %(from)s
                 WHERE %(where)s
              GROUP BY %(groupby)s
              ORDER BY %(groupby)s
                """,
                keys=keys,
                figures=SQL(", ").join(
                    [Report._jit_figures_sql(table, due)]
                    + ([self._jit_tile_counts_sql(t, due)] if counts else [])
                ),
                groupby=groupby,
                **{
                    "from": query.from_clause,
                    "where": query.where_clause or SQL("TRUE"),
                },
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _jit_vendor_scores(self, f, standings=None):
        """Stored overall scores of the ranking's vendors (those with purchase
        lines in the filters' period or later), of ``standings`` if given."""
        pairs = self.env["jit.purchase.line.fact"]._read_group(
            self._jit_lines_domain(f, until=False), ["company_id", "partner_id"]
        )
        domain = Domain("product_id", "=", False) & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain("partner_id", "in", [p.id for c, p in pairs if c == company])
            for company in {company for company, _partner in pairs}
        )
        if standings:
            domain &= Domain("standing", "in", standings)
        return self.env["jit.vendor.score"].search(domain)

    @api.model
    def _jit_ranking_rows(self, f):
        """Rows of vendors with purchase lines in the filters: the rates and due
        line count of those lines, with the vendor's stored overall score and
        standing in that company, best score first."""
        rows = self._jit_line_figures(f, group="vendor")
        Score = self.env["jit.vendor.score"]
        scores = Score.search(
            [
                ("company_id", "in", f["company_ids"]),
                ("partner_id", "in", list({row["partner_id"] for row in rows})),
                ("product_id", "=", False),
            ]
        )
        by_pair = {(s.company_id.id, s.partner_id.id): s for s in scores}
        for row in rows:
            row["score_record"] = by_pair.get(
                (row["company_id"], row["partner_id"]), Score
            )
        rows.sort(
            key=lambda r: (
                -(r["score_record"].score if r["score_record"] else -1),
                r["partner_id"],
                r["company_id"],
            )
        )
        return rows

    # ------------------------------------------------------------------
    # Widgets
    # ------------------------------------------------------------------
    @api.model
    def _jit_tile_records(self, f):
        """What each delivery tile counts and opens: the due lines of the
        filters that lower its figure (late lines for the on-time rate, short
        ones for the fill rate, ...). Returns ``{key: (name, label)}`` and
        ``{name: domain}``: tiles of the same records share their name."""
        due = self._jit_due_lines_domain(f)
        sets = {
            "late": due & Domain("is_otif", "=", False),
            "short": due & Domain("is_complete", "=", False),
            "returned": due & Domain("qty_returned", ">", 0),
            # The lines the lead time is computed from (lead_time_days set).
            "received": due
            & Domain("date_first_receipt", "!=", False)
            & Domain("date_approve", "!=", False),
        }
        late_label = self.env._("late lines")
        not_otif_label = self.env._("lines not on time in full")
        short_label = self.env._("short lines")
        returned_label = self.env._("lines with returns")
        received_label = self.env._("received lines")
        tiles = {
            "on_time": ("late", late_label),
            "otif": ("late", not_otif_label),
            "fill": ("short", short_label),
            "returns": ("returned", returned_label),
            "lead_time": ("received", received_label),
            "lead_time_std": ("received", received_label),
        }
        return tiles, sets

    @api.model
    def _jit_tile_counts_sql(self, t, due):
        """Select list of the number of due lines (``due``, an SQL condition
        on the delivery facts aliased ``t``) each set of ``_jit_tile_records``
        opens: counted from the figures' own facts (the live report would
        aggregate every done move at each count)."""
        return SQL(
            """
            COUNT(*) FILTER (WHERE %(due)s AND NOT %(t)s.is_otif) AS late,
            COUNT(*) FILTER (WHERE %(due)s AND NOT %(t)s.is_complete) AS short,
            COUNT(*) FILTER (WHERE %(due)s AND %(t)s.qty_returned > 0) AS returned,
            COUNT(%(t)s.lead_time_days) FILTER (WHERE %(due)s) AS received
            """,
            t=t,
            due=due,
        )

    @api.model
    def get_kpis(self, filters=None):
        """KPI tiles: the rates of the filters' due purchase lines, mean dwell
        of the period's deliveries and vendors at risk among the filters'
        vendors. ``kind`` says how to show ``value``: ``rate`` (%), ``days``,
        ``hours`` or ``count``. Each tile opens the records that lower its
        figure (``_jit_tile_records``), ``count`` of them (``count_label``),
        beside the number of due lines the figure is computed from."""
        f = self._jit_filters(filters)
        figures = (self._jit_line_figures(f, counts=True) or [{}])[0]
        Lines = self.env["jit.purchase.line.report"]
        dwell_domain = self._jit_dwell_domain(f)
        deliveries, dwell_mean = self.env["jit.dwell.mixin"]._jit_dwell_figures(
            dwell_domain
        ).get(None) or (0, None)
        at_risk = self._jit_vendor_scores(f, ("at_risk", "blocked")).ids
        tiles, sets = self._jit_tile_records(f)
        counts = {name: figures.get(name) or 0 for name in sets}

        def percent(value):
            return 100.0 * value if value is not None else None

        def tile(key, label, value, kind, model=None, domain=None, count=None):
            context = {}
            if model is None:
                name, count_label = tiles[key]
                model, domain, count = Lines._name, sets[name], counts[name]
            else:
                # A delivery is a move out: one group each.
                context = {"group_by": ["move_out_id"]} if key == "dwell" else {}
                count_label = {
                    "jit.dwell.record": self.env._("deliveries"),
                    "jit.vendor.score": self.env._("vendors"),
                }[model]
            return {
                "key": key,
                "label": label,
                "value": round(value, 1) if value is not None else None,
                "kind": kind,
                "count": count,
                "count_label": count_label,
                "lines": figures.get("lines") or 0,
                "res_model": model,
                "domain": list(domain),
                "context": context,
            }

        return [
            tile(
                "on_time",
                self.env._("On-time rate"),
                percent(figures.get("on_time")),
                "rate",
            ),
            tile("otif", self.env._("OTIF rate"), percent(figures.get("otif")), "rate"),
            tile("fill", self.env._("Fill rate"), percent(figures.get("fill")), "rate"),
            tile(
                "returns",
                self.env._("Return rate"),
                percent(figures.get("returns")),
                "rate",
            ),
            tile(
                "lead_time",
                self.env._("Lead time"),
                figures.get("lead_time_mean"),
                "days",
            ),
            tile(
                "lead_time_std",
                self.env._("Lead time deviation"),
                figures.get("lead_time_std"),
                "days",
            ),
            tile(
                "dwell",
                self.env._("Mean dwell"),
                dwell_mean,
                "hours",
                "jit.dwell.record",
                dwell_domain,
                deliveries,
            ),
            tile(
                "at_risk",
                self.env._("Vendors at risk"),
                len(at_risk),
                "count",
                "jit.vendor.score",
                Domain("id", "in", at_risk),
                len(at_risk),
            ),
        ]

    @api.model
    def get_ranking(self, filters=None, limit=20):
        """Vendor ranking: the stored overall score and standing of each vendor
        with purchase lines in the filters, best first, beside the rates and the
        due line count of those lines (``None`` rates: nothing due)."""
        limit = check_limit(self.env, limit)
        f = self._jit_filters(filters)
        rows = self._jit_ranking_rows(f)[:limit]
        # One read of the names for all rows (browsed together, prefetched).
        partners = self.env["res.partner"].browse([row["partner_id"] for row in rows])
        names = dict(zip(partners.ids, partners.mapped("display_name"), strict=True))
        result = []
        for row in rows:
            score = row["score_record"]
            result.append(
                {
                    "id": f"{row['company_id']}-{row['partner_id']}",
                    "partner_id": [
                        row["partner_id"],
                        names[row["partner_id"]],
                    ],
                    "company_id": row["company_id"],
                    "score": score.score if score else None,
                    "standing": score.standing if score else False,
                    "on_time_rate": self._jit_percent(row["on_time"]),
                    "otif_rate": self._jit_percent(row["otif"]),
                    "fill_rate": self._jit_percent(row["fill"]),
                    "return_rate": self._jit_percent(row["returns"]),
                    "lead_time_mean": row["lead_time_mean"],
                    "lines": row["lines"],
                    "res_model": "jit.purchase.line.report",
                    "domain": list(
                        self._jit_due_lines_domain(
                            dict(
                                f,
                                company_ids=[row["company_id"]],
                                partner_id=row["partner_id"],
                            )
                        )
                    ),
                }
            )
        return result

    @api.model
    def _jit_percent(self, ratio):
        return round(100.0 * ratio, 1) if ratio is not None else None

    @api.model
    def get_trend(self, filters=None):
        """Monthly on-time and OTIF rates of the filters' due purchase lines."""
        f = self._jit_filters(filters)
        result = []
        for row in self._jit_line_figures(f, group="month"):
            if not row["lines"]:
                continue
            month = dict(
                f,
                date_from=max(f["date_from"], row["month"].date()),
                date_to=min(
                    f["date_to"],
                    (row["month"] + timedelta(days=31)).replace(day=1).date()
                    - timedelta(days=1),
                ),
            )
            result.append(
                {
                    "month": fields.Date.to_string(row["month"]),
                    "on_time": self._jit_percent(row["on_time"]),
                    "otif": self._jit_percent(row["otif"]),
                    "lines": row["lines"],
                    "res_model": "jit.purchase.line.report",
                    "domain": list(self._jit_due_lines_domain(month)),
                }
            )
        return result

    @api.model
    def get_dwell_histogram(self, filters=None):
        """Delivered quantities by dwell time, in the aging buckets (days) of
        the filtered company (of the current one, or else the first filtered
        one, when several are shown)."""
        f = self._jit_filters(filters)
        companies = self.env["res.company"].browse(f["company_ids"])
        company = self.env.company if self.env.company in companies else companies[:1]
        edges = company._jit_get_dwell_bucket_edges()
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
        for bucket, label in enumerate(company._jit_get_dwell_bucket_labels()):
            low, high = bounds[bucket], bounds[bucket + 1]
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
