# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .res_company import SCORE_COMPONENTS, STANDINGS


class JitVendorScore(models.Model):
    """Stored reliability figures of a vendor in a company, overall
    (``product_id`` empty) or for one product."""

    _name = "jit.vendor.score"
    _description = "JIT Vendor Score"
    _order = "score desc, id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", string="Product", index=True, ondelete="cascade"
    )
    sample_size = fields.Integer(help="Purchase lines the figures are based on.")
    score = fields.Float(aggregator="avg", help="Composite score, 0 to 100.")
    standing = fields.Selection(STANDINGS)
    score_on_time = fields.Float(string="On-time score", aggregator="avg")
    score_otif = fields.Float(string="OTIF score", aggregator="avg")
    score_fill = fields.Float(string="Fill rate score", aggregator="avg")
    score_lead_time = fields.Float(string="Lead time score", aggregator="avg")
    score_quality = fields.Float(string="Quality score", aggregator="avg")
    score_price = fields.Float(string="Price score", aggregator="avg")

    _vendor_product_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, partner_id, product_id)",
        "A vendor has one score per company and product.",
    )

    @api.model
    def _jit_score_candidates(self, supplierinfos, company, weights, stored=None):
        """Score vendor price lines for one product as candidates of a JIT buy.

        Reads stored figures only (per product, else per vendor, else the
        company's prior) and compares prices among ``supplierinfos`` in company
        currency. ``weights`` maps each component to its normalised weight;
        ``stored`` is what ``_jit_get_stored`` returns, when already read.
        Returns ``{supplierinfo_id: {"components": {key: 0-100}, "score": float,
        "standing": str, "sample_size": int, "price": float}}``.
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
            record = stored.get((info.partner_id.id, info.product_id.id)) or stored.get(
                (info.partner_id.id, False)
            )
            components = {
                key: record[f"score_{key}"] if record else prior
                for key, _label in SCORE_COMPONENTS
            }
            price = prices[info.id]
            components["price"] = 100.0 * best_price / price if price > 0 else 100.0
            score = sum(components[key] * weights[key] for key in components)
            result[info.id] = {
                "components": components,
                "score": score,
                "standing": company._jit_get_standing(score),
                "sample_size": record.sample_size if record else 0,
                "price": price,
            }
        return result

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
