# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..const import JIT_COMPANY_BOUNDS, SCORE_COMPONENTS, STANDINGS
from ..utils import upsert
from . import jit_score_math as score_math

_logger = logging.getLogger(__name__)


class JitVendorScore(models.Model):
    """Stored reliability figures of a vendor in a company, overall
    (``product_id`` empty) or for one product."""

    _name = "jit.vendor.score"
    _description = "JIT Vendor Score"
    _order = "score desc, id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product", index=True, ondelete="cascade", check_company=True
    )
    sample_size = fields.Integer(help="Purchase lines the figures are based on.")
    score = fields.Float(aggregator="avg", help="Composite score, 0 to 100.")
    # Grouped in the order of the standings, best first (not alphabetically).
    standing = fields.Selection(STANDINGS, group_expand=True)
    score_on_time = fields.Float(string="On-time score", aggregator="avg")
    score_otif = fields.Float(string="OTIF score", aggregator="avg")
    score_fill = fields.Float(string="Fill rate score", aggregator="avg")
    score_lead_time = fields.Float(string="Lead time score", aggregator="avg")
    score_quality = fields.Float(string="Quality score", aggregator="avg")
    score_price = fields.Float(string="Price score", aggregator="avg")
    on_time_rate = fields.Float(
        digits=(16, 2),
        string="On-time rate (%)",
        aggregator="avg",
        help="Quantity received by the planned date (with the tolerance) over "
        "quantity due; lines overdue with nothing received count as late.",
    )
    otif_rate = fields.Float(
        digits=(16, 2),
        string="OTIF (%)",
        aggregator="avg",
        help="Share of due lines received complete and on time.",
    )
    fill_rate = fields.Float(
        digits=(16, 2),
        string="Fill rate (%)",
        aggregator="avg",
        help="Quantity received over quantity ordered, on due lines.",
    )
    return_rate = fields.Float(
        digits=(16, 2),
        string="Return rate (%)",
        aggregator="avg",
        help="Quantity returned to the vendor over quantity received.",
    )
    lead_time_mean = fields.Float(
        string="Lead time (days)",
        aggregator="avg",
        help="Mean days from purchase confirmation to first receipt.",
    )
    lead_time_std = fields.Float(string="Lead time deviation (days)", aggregator="avg")
    lead_time_cv = fields.Float(string="Lead time variation", aggregator="avg")
    lead_time_count = fields.Integer(
        string="Receipts measured",
        help="Due purchase lines of the scoring window received so far: the "
        "lead times the percentiles are taken over.",
    )
    lead_time_p50 = fields.Float(
        string="Measured P50 (days)",
        aggregator="avg",
        help="Median days from purchase confirmation to first receipt.",
    )
    lead_time_p90 = fields.Float(
        string="Measured P90 (days)",
        aggregator="avg",
        help="90th percentile of the days from purchase confirmation to first "
        "receipt: nine receipts in ten came sooner.",
    )
    lead_time_declared = fields.Float(
        string="Declared (days)",
        aggregator="avg",
        help="Delay of the vendor's price line for the product (for the whole "
        "vendor: averaged over its purchase lines of the window).",
    )
    lead_time_expected_p50 = fields.Float(
        string="Expected P50 (days)",
        aggregator="avg",
        help="Measured P50 shrunk toward the declared delay: "
        "(n·measured + k·declared) / (n + k), k the company's prior strength.",
    )
    lead_time_expected_p90 = fields.Float(
        string="Expected P90 (days)",
        aggregator="avg",
        help="Measured P90 shrunk toward the declared delay: "
        "(n·measured + k·declared) / (n + k), k the company's prior strength.",
    )
    price_ratio = fields.Float(
        digits=(16, 2),
        string="Price competitiveness (%)",
        aggregator="avg",
        help="Lowest valid price of the product over this vendor's price, in "
        "company currency (averaged over the vendor's products).",
    )
    date_computed = fields.Datetime(string="Computed On")

    _vendor_product_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, partner_id, product_id)",
        "A vendor has one score per company and product.",
    )

    @api.depends("partner_id", "product_id")
    def _compute_display_name(self):
        for score in self:
            score.display_name = (
                f"{score.partner_id.display_name} - {score.product_id.display_name}"
                if score.product_id
                else score.partner_id.display_name
            )

    @api.model
    def _jit_score_candidates(self, supplierinfos, company, weights, stored=None):
        """Score vendor price lines for one product as candidates of a JIT buy.

        Reads stored figures only (per product, else per vendor, else the
        company's prior) and compares prices among ``supplierinfos`` in company
        currency. ``weights`` maps each component to its normalised weight;
        ``stored`` is what ``_jit_get_stored`` returns, when already read.
        Returns ``{supplierinfo_id: {"components": {key: 0-100}, "score": float,
        "standing": str, "sample_size": int, "price": float, "scope": the
        scope of the stored score read (``_jit_stored_for``), ...}}``.
        """
        prices = self._jit_candidate_prices(supplierinfos, company)
        best_price = min((p for p in prices.values() if p > 0), default=0.0)
        if stored is None:
            stored = self._jit_get_stored(
                supplierinfos.partner_id,
                supplierinfos.product_id
                | supplierinfos.product_tmpl_id.product_variant_ids,
                company,
            )
        prior = company.jit_prior_score
        result = {}
        for info in supplierinfos:
            record, scope = self._jit_stored_for(stored, info)
            components = {
                key: record[f"score_{key}"] if record else prior
                for key, _label in SCORE_COMPONENTS
            }
            price = prices[info.id]
            components["price"] = 100.0 * best_price / price if price > 0 else 100.0
            score = sum(components[key] * weights[key] for key in components)
            sample_size = record.sample_size if record else 0
            lead_time = record or self.browse()
            result[info.id] = {
                "components": components,
                "score": score,
                "standing": company._jit_get_standing(score) if sample_size else "new",
                "sample_size": sample_size,
                "price": price,
                "scope": scope,
                "lead_time_p90": lead_time._jit_expected_lead_time(info.delay),
                "lead_time_measured_p90": lead_time.lead_time_p90
                if lead_time.lead_time_count
                else None,
            }
        return result

    @api.model
    def _jit_stored_for(self, stored, info):
        """Return ``(score, scope)``: the stored score a vendor price line
        reads (``stored`` as ``_jit_get_stored`` returns it) and whether it is
        the vendor's score for the product (``"product"``: the line's variant,
        or the template's only variant) or for all its products (``"vendor"``);
        ``(None, False)`` without either."""
        variant = info.product_id
        if not variant:
            variants = info.product_tmpl_id.product_variant_ids
            variant = variants if len(variants) == 1 else None
        per_product = stored.get((info.partner_id.id, variant.id)) if variant else None
        if per_product:
            return per_product, "product"
        overall = stored.get((info.partner_id.id, False))
        return (overall, "vendor") if overall else (None, False)

    @api.model
    def _jit_candidate_prices(self, supplierinfos, company):
        """Return ``{supplierinfo_id: unit price in company currency}``."""
        today = fields.Date.context_today(self)
        return {
            info.id: info.price_discounted
            if info.currency_id == company.currency_id
            else info.currency_id._convert(
                info.price_discounted, company.currency_id, company, today
            )
            for info in supplierinfos
        }

    @api.model
    def _jit_get_stored(self, partners, products, company):
        """Return ``{(partner_id, product_id or False): score}`` in one query."""
        scores = self.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                "|",
                ("product_id", "=", False),
                ("product_id", "in", products.ids),
            ]
        )
        return {(s.partner_id.id, s.product_id.id): s for s in scores}

    # ------------------------------------------------------------------
    # Recompute from the purchase history
    # ------------------------------------------------------------------
    @api.model
    def _jit_recompute(
        self, companies=None, partners=None, date=None, refresh=True, rebuild=False
    ):
        """Recompute the stored figures of ``partners`` (all vendors with
        purchases when empty) in ``companies`` (all when empty), overall and per
        product: bring their delivery facts (``jit.purchase.line.fact``) up to
        date with ``jit.purchase.line.report``, rewriting only the stale ones
        (unless ``refresh`` is false: the caller refreshed those that changed;
        all of them read again with ``rebuild``), aggregate them in one query,
        and upsert the figures. Returns the number of rows written."""
        date = date or fields.Date.context_today(self)
        self.env.flush_all()
        if not partners:
            self._jit_analyze()
        facts = self.env["jit.purchase.line.fact"]
        if rebuild:
            facts._jit_refresh(companies, partners)
        elif refresh:
            facts._jit_refresh_stale(companies, partners)
        self.env.cr.execute(self._jit_history_query(companies, partners, date))
        rows = self.env.cr.dictfetchall()
        if not rows:
            self._jit_delete_stale(companies, partners, [])
            return 0
        price_ratios = self._jit_price_ratios(rows)
        now = fields.Datetime.now()
        vals_list = [self._jit_score_vals(row, price_ratios, now) for row in rows]
        self._jit_add_lead_times(vals_list, companies, partners, date)
        ids = upsert(
            self,
            vals_list,
            "vendor_product_unique",
            ("company_id", "partner_id", "product_id"),
        )
        self._jit_delete_stale(companies, partners, ids)
        self.invalidate_model()
        return len(ids)

    @api.model
    def _jit_analyze(self):
        """Refresh the planner's statistics of the tables a full recompute
        reads, so that its plan does not depend on when autovacuum last passed
        (freshly imported or never analysed history)."""
        self.env.cr.execute(
            SQL(
                "ANALYZE purchase_order, purchase_order_line, stock_move, %s",
                SQL.identifier(self.env["jit.purchase.line.fact"]._table),
            )
        )

    @api.model
    def _jit_history_query(self, companies, partners, date):
        """Aggregate, per company and vendor, and per company, vendor and
        product, the delivery facts of the purchase lines of the scoring window:
        the plain rates, and the same figures weighted by recency (``w_``
        prefix) for the scores."""
        report = self.env["jit.purchase.line.report"]
        facts = self.env["jit.purchase.line.fact"]
        conditions = [
            SQL(
                "line.date_planned >= %s::date - company.jit_score_window_days",
                date,
            )
        ]
        if companies:
            conditions.append(SQL("line.company_id = ANY(%s)", companies.ids))
        if partners:
            conditions.append(SQL("line.partner_id = ANY(%s)", partners.ids))
        due = report._jit_due_sql("line", date)
        return SQL(
            """
            WITH line AS (
                SELECT line.company_id, line.partner_id, line.product_id,
                       line.date_due, line.is_complete, line.is_otif,
                       line.qty_ordered, line.qty_received, line.qty_on_time,
                       line.qty_filled, line.qty_returned, line.lead_time_days,
                       POWER(0.5,
                             GREATEST(%(date)s::date - line.date_planned::date, 0)
                             / GREATEST(company.jit_half_life_days, 1)::float) AS w
                  FROM %(report)s line
                  JOIN res_company company ON company.id = line.company_id
                 WHERE %(where)s
            )
            SELECT company_id, partner_id, product_id, %(rates)s, %(weighted)s
              FROM line
          GROUP BY GROUPING SETS ((company_id, partner_id),
                                  (company_id, partner_id, product_id))
            """,
            date=date,
            report=SQL.identifier(facts._table),
            where=SQL(" AND ").join(conditions),
            rates=report._jit_figures_sql("line", due),
            weighted=report._jit_figures_sql(
                "line",
                due,
                weight=SQL("line.w"),
                prefix="w_",
                names=("on_time", "otif", "fill", "returns"),
            ),
        )

    # ------------------------------------------------------------------
    # Measured lead times
    # ------------------------------------------------------------------
    def _jit_expected_lead_time(self, declared, quantile="p90"):
        """Days to expect from the vendor of this score (empty: no history)
        whose price line declares ``declared`` days: the measured ``quantile``
        (``"p50"`` or ``"p90"``) shrunk toward the declared delay with the
        company's prior strength."""
        if not self:
            return float(declared)
        self.ensure_one()
        return score_math.shrink_days(
            self[f"lead_time_{quantile}"] if self.lead_time_count else None,
            self.lead_time_count,
            float(declared),
            self.company_id.jit_prior_strength,
        )

    @api.model
    def _jit_add_lead_times(self, vals_list, companies, partners, date):
        """Add to each score's values its measured lead times (count, P50,
        P90), the declared delay and the expectations shrunk toward it; from
        one set-based query over the lines the scores are computed from."""
        self.env.cr.execute(self._jit_lead_time_query(companies, partners, date))
        measured = {
            (row["company_id"], row["partner_id"], row["product_id"]): row
            for row in self.env.cr.dictfetchall()
        }
        strengths = {}
        for vals in vals_list:
            row = measured.get(
                (vals["company_id"], vals["partner_id"], vals["product_id"]), {}
            )
            count = row.get("lead_time_count") or 0
            declared = row.get("lead_time_declared")
            if vals["company_id"] not in strengths:
                strengths[vals["company_id"]] = (
                    self.env["res.company"]
                    .browse(vals["company_id"])
                    .jit_prior_strength
                )
            vals["lead_time_count"] = count
            vals["lead_time_declared"] = declared
            for quantile in ("p50", "p90"):
                value = row.get(f"lead_time_{quantile}")
                vals[f"lead_time_{quantile}"] = value
                vals[f"lead_time_expected_{quantile}"] = score_math.shrink_days(
                    value, count, declared, strengths[vals["company_id"]]
                )

    @api.model
    def _jit_lead_time_query(self, companies, partners, date):
        """Per company and vendor, and per company, vendor and product, over
        the lines of the scoring window: the median and 90th percentile of
        ``lead_time_days`` (the one definition of a line's lead time, in
        ``jit.purchase.line.report``, read from its stored facts refreshed just
        before) of the due lines received so far, their number, and the
        declared delay (``_jit_declared_sql``) averaged over the lines. The
        declared delays are materialised: read once per vendor and product,
        not once per line (1,000,000 price-line lookups at 1,000,000 lines)."""
        report = self.env["jit.purchase.line.report"]
        facts = self.env["jit.purchase.line.fact"]
        conditions = [
            SQL(
                "line.date_planned >= %s::date - company.jit_score_window_days",
                date,
            )
        ]
        if companies:
            conditions.append(SQL("line.company_id = ANY(%s)", companies.ids))
        if partners:
            conditions.append(SQL("line.partner_id = ANY(%s)", partners.ids))
        measured = SQL(
            "%s AND line.lead_time_days IS NOT NULL", report._jit_due_sql("line", date)
        )
        return SQL(
            """
            WITH line AS (
                SELECT line.company_id, line.partner_id, line.product_id,
                       line.lead_time_days, line.date_due, line.is_complete
                  FROM %(report)s line
                  JOIN res_company company ON company.id = line.company_id
                 WHERE %(where)s
            ), declared AS MATERIALIZED (
                SELECT pair.company_id, pair.partner_id, pair.product_id,
                       price_line.delay
                  FROM (SELECT DISTINCT company_id, partner_id, product_id FROM line)
                       pair
     LEFT JOIN LATERAL (%(declared)s) price_line ON TRUE
            )
            SELECT line.company_id, line.partner_id, line.product_id,
                   COUNT(*) FILTER (WHERE %(measured)s) AS lead_time_count,
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY line.lead_time_days)
                       FILTER (WHERE %(measured)s) AS lead_time_p50,
                   PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY line.lead_time_days)
                       FILTER (WHERE %(measured)s) AS lead_time_p90,
                   AVG(declared.delay) AS lead_time_declared
              FROM line
              JOIN declared USING (company_id, partner_id, product_id)
          GROUP BY GROUPING SETS ((line.company_id, line.partner_id),
                                  (line.company_id, line.partner_id, line.product_id))
            """,
            report=SQL.identifier(facts._table),
            where=SQL(" AND ").join(conditions),
            declared=self._jit_declared_sql(
                SQL("pair.company_id"),
                SQL("pair.partner_id"),
                SQL("pair.product_id"),
                date,
            ),
            measured=measured,
        )

    @api.model
    def _jit_declared_sql(self, company, partner, product, date):
        """Query of the vendor price line whose delay is the declared lead
        time of ``partner`` for ``product`` in ``company`` (SQL expressions):
        the first by sequence of its lines valid on ``date`` for the variant or
        its template, variant lines first, lowest minimum quantity first.
        Selects ``id`` and ``delay``."""
        return SQL(
            """
            SELECT info.id, info.delay
              FROM product_supplierinfo info
              JOIN product_product variant ON variant.id = %(product)s
             WHERE info.partner_id = %(partner)s
               AND info.product_tmpl_id = variant.product_tmpl_id
               AND (info.product_id IS NULL OR info.product_id = variant.id)
               AND (info.company_id IS NULL OR info.company_id = %(company)s)
               AND (info.date_end IS NULL OR info.date_end >= %(date)s::date)
          ORDER BY info.product_id IS NULL, info.sequence, info.min_qty, info.id
             LIMIT 1
            """,
            company=company,
            partner=partner,
            product=product,
            date=date,
        )

    @api.model
    def _jit_price_ratios(self, rows):
        """Return ``{(company_id, partner_id, product_id): ratio}``: the lowest
        valid price of the product over the vendor's, in company currency; with
        ``product_id`` False, the mean of the vendor's ratios in the company.

        Valid prices are those ``product.product._get_filtered_sellers`` keeps
        without a quantity (company, active vendor, variant, dates), read for
        all products and companies at once; each currency pair is converted
        once."""
        products = self.env["product.product"].browse(
            {row["product_id"] for row in rows if row["product_id"]}
        )
        companies = self.env["res.company"].browse({row["company_id"] for row in rows})
        if not products:
            return {}
        today = fields.Date.context_today(self)
        sellers = (
            self.env["product.supplierinfo"]
            .sudo()
            .search(
                [
                    ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                    ("partner_id.active", "=", True),
                    ("company_id", "in", [False, *companies.ids]),
                    "|",
                    ("date_start", "=", False),
                    ("date_start", "<=", today),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", today),
                ]
            )
        )
        rates = {}
        prices = {}  # (company, partner, product) -> lowest price
        for seller in sellers:
            variants = seller.product_id or seller.product_tmpl_id.product_variant_ids
            variants &= products
            for company in seller.company_id or companies:
                pair = (seller.currency_id, company)
                if pair not in rates:
                    rates[pair] = self.env["res.currency"]._get_conversion_rate(
                        seller.currency_id, company.currency_id, company, today
                    )
                price = company.currency_id.round(seller.price_discounted * rates[pair])
                for product in variants:
                    key = (company.id, seller.partner_id.id, product.id)
                    prices[key] = min(price, prices.get(key, price))
        best = {}
        for (company_id, _partner_id, product_id), price in prices.items():
            if price > 0:
                key = (company_id, product_id)
                best[key] = min(price, best.get(key, price))
        ratios = {
            key: best.get((key[0], key[2]), 0.0) / price if price > 0 else 1.0
            for key, price in prices.items()
        }
        by_vendor = defaultdict(list)
        for (company_id, partner_id, _product_id), ratio in ratios.items():
            by_vendor[company_id, partner_id, False].append(ratio)
        ratios.update({key: sum(own) / len(own) for key, own in by_vendor.items()})
        return ratios

    @api.model
    def _jit_score_vals(self, row, price_ratios, now):
        """Turn one aggregate row into stored figures: the plain rates (NULL
        when nothing is due: no data is not zero), the component scores from
        the recency-weighted figures shrunk toward the prior, the composite and
        the standing. A vendor with nothing due is *not rated yet*: every
        component, price included, is the prior."""
        company = self.env["res.company"].browse(row["company_id"])
        price = price_ratios.get(
            (row["company_id"], row["partner_id"], row["product_id"] or False)
        )
        size = row["lines"]
        prior = company.jit_prior_score
        if size:
            raw = {
                "on_time": score_math.rate_score(row["w_on_time"]),
                "otif": score_math.rate_score(row["w_otif"]),
                "fill": score_math.rate_score(row["w_fill"]),
                "lead_time": score_math.lead_time_score(
                    row["lead_time_mean"], row["lead_time_std"]
                ),
                "quality": score_math.quality_score(row["w_returns"]),
            }
            components = {
                key: score_math.shrink(value, size, prior, company.jit_prior_strength)
                for key, value in raw.items()
            }
            # The price is today's offer, not an observation of the history.
            components["price"] = score_math.shrink(
                score_math.rate_score(price), 1, prior, 0.0
            )
        else:
            components = {key: prior for key, _label in SCORE_COMPONENTS}
        score = score_math.composite(components, company._jit_get_weights())
        mean, std = row["lead_time_mean"], row["lead_time_std"]

        def percent(value):
            return 100.0 * value if value is not None else None

        return {
            "company_id": row["company_id"],
            "partner_id": row["partner_id"],
            "product_id": row["product_id"],
            "sample_size": size,
            "on_time_rate": percent(row["on_time"]),
            "otif_rate": percent(row["otif"]),
            "fill_rate": percent(row["fill"]),
            "return_rate": percent(row["returns"]),
            "lead_time_mean": mean,
            "lead_time_std": std,
            "lead_time_cv": std / mean if mean and std is not None else None,
            "price_ratio": percent(price),
            "score": score,
            "standing": company._jit_get_standing(score) if size else "new",
            "date_computed": now,
            **{f"score_{key}": value for key, value in components.items()},
        }

    @api.model
    def _jit_delete_stale(self, companies, partners, kept_ids):
        """Delete the rows of the recomputed vendors that got no figures."""
        conditions = [SQL("NOT (id = ANY(%s))", kept_ids)]
        if companies:
            conditions.append(SQL("company_id = ANY(%s)", companies.ids))
        if partners:
            conditions.append(SQL("partner_id = ANY(%s)", partners.ids))
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE %s",
                SQL.identifier(self._table),
                SQL(" AND ").join(conditions),
            )
        )

    @api.model
    def _cron_jit_recompute(self, batch_size=50):
        """Scheduled action: recompute all vendors, committing per batch."""
        self._jit_recompute_batches(batch_size, self.env["ir.cron"]._commit_progress)

    @api.model
    def _jit_recompute_batches(self, batch_size, commit):
        """Recompute every vendor of the scoring windows, company by company,
        ``batch_size`` vendors at a time. ``commit(processed, remaining=None)``
        ends each batch and returns the time left (0 stops). Vendors already
        computed today are skipped, so a run that was stopped or killed resumes
        where it was. The stale delivery facts of each company are rewritten
        first, in one go. A company whose facts or batch fail is logged and
        skipped: the other companies go on. The tables read are analysed
        first."""
        today = fields.Date.context_today(self)
        self.env.flush_all()
        self._jit_analyze()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT line.company_id, line.partner_id
                  FROM %(report)s line
                  JOIN res_company company ON company.id = line.company_id
                 WHERE line.date_planned >= %(today)s::date
                           - LEAST(company.jit_score_window_days, %(max_window)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM %(table)s score
                         WHERE score.company_id = line.company_id
                           AND score.partner_id = line.partner_id
                           AND score.product_id IS NULL
                           AND score.date_computed >= %(today)s::date)
              ORDER BY line.company_id, line.partner_id
                """,
                report=SQL.identifier(self.env["jit.purchase.line.report"]._table),
                table=SQL.identifier(self._table),
                today=today,
                max_window=JIT_COMPANY_BOUNDS["jit_score_window_days"][1],
            )
        )
        partners_by_company = defaultdict(list)
        for company_id, partner_id in self.env.cr.fetchall():
            partners_by_company[company_id].append(partner_id)
        commit(0, remaining=sum(map(len, partners_by_company.values())))
        facts = self.env["jit.purchase.line.fact"]
        for company_id, partner_ids in partners_by_company.items():
            company = self.env["res.company"].browse(company_id)
            try:
                # The company's stale facts at once, not batch by batch.
                with self.env.cr.savepoint():
                    facts._jit_refresh_stale(company)
                for start in range(0, len(partner_ids), batch_size):
                    batch = self.env["res.partner"].browse(
                        partner_ids[start : start + batch_size]
                    )
                    with self.env.cr.savepoint():
                        self._jit_recompute(
                            companies=company, partners=batch, date=today, refresh=False
                        )
                    if not commit(len(batch)):
                        return
            except Exception:
                _logger.exception("JIT vendor scores of company %s failed", company.id)

    def action_jit_recompute(self):
        """Recompute all vendors of the current companies now (JIT managers
        only: the scores themselves are read-only, written by our code)."""
        if not self.env.user.has_group("jit_inventory.group_jit_manager"):
            raise AccessError(
                self.env._("Only JIT managers can recompute the vendor scores.")
            )
        self.sudo()._jit_recompute(companies=self.env.companies, rebuild=True)
        return {"type": "ir.actions.client", "tag": "reload"}
