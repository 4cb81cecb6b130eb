# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import JIT_COMPANY_BOUNDS, SCORE_COMPONENTS, STANDING_POLICIES
from ..utils import check_bounds


class ResCompany(models.Model):
    _inherit = "res.company"

    # JIT procurement
    jit_procurement = fields.Boolean(
        string="JIT procurement",
        help="Buy what confirmed sale orders need for JIT-managed products, "
        "from the best-scored vendor.",
    )
    jit_quantity_rule = fields.Selection(
        [
            ("ordered", "Buy the full ordered quantity"),
            ("shortage", "Buy only what free stock does not cover"),
        ],
        string="Quantity to buy",
        default="ordered",
        required=True,
    )
    jit_auto_confirm = fields.Boolean(
        string="Auto-confirm RFQs",
        help="Confirm the RFQ right away when the chosen vendor's score "
        "reaches the threshold.",
    )
    jit_auto_confirm_threshold = fields.Float(
        string="Auto-confirm score threshold", default=85.0
    )
    jit_vendor_confirm_days = fields.Integer(
        string="Days for the vendor to confirm",
        default=3,
        help="A JIT RFQ still unconfirmed after this many days is re-routed to "
        "the next-best vendor.",
    )

    # Supplier scoring
    jit_score_window_days = fields.Integer(string="Scoring window (days)", default=365)
    jit_on_time_tolerance_days = fields.Integer(
        string="On-time tolerance (days)", default=0
    )
    jit_half_life_days = fields.Integer(
        string="Half-life of history (days)",
        default=90,
        help="A receipt this many days old counts half as much as one of today.",
    )
    jit_prior_score = fields.Float(
        string="Prior score",
        default=70.0,
        help="Score given to a vendor without history.",
    )
    jit_prior_strength = fields.Float(
        string="Prior strength",
        default=5.0,
        help="How many observations the prior is worth: few observations are "
        "shrunk toward the prior score.",
    )
    jit_weight_on_time = fields.Float(string="On-time weight", default=30.0)
    jit_weight_otif = fields.Float(string="OTIF weight", default=20.0)
    jit_weight_fill = fields.Float(string="Fill rate weight", default=15.0)
    jit_weight_lead_time = fields.Float(string="Lead time weight", default=10.0)
    jit_weight_quality = fields.Float(string="Quality weight", default=15.0)
    jit_weight_price = fields.Float(string="Price weight", default=10.0)
    jit_threshold_excellent = fields.Float(string="Excellent from", default=85.0)
    jit_threshold_good = fields.Float(string="Good from", default=70.0)
    jit_threshold_at_risk = fields.Float(
        string="At risk from",
        default=50.0,
        help="Vendors scoring below this are Blocked.",
    )
    jit_policy_at_risk = fields.Selection(
        STANDING_POLICIES,
        string="Policy for at-risk vendors",
        default="warn",
        required=True,
    )
    jit_policy_blocked = fields.Selection(
        STANDING_POLICIES,
        string="Policy for blocked vendors",
        default="exclude",
        required=True,
    )

    # JIT fitness advisor
    jit_fitness_window_days = fields.Integer(
        string="Demand window (days)",
        default=182,
        help="Deliveries of this many past days make the demand pattern of the "
        "JIT fitness advisor.",
    )
    jit_fitness_service_level = fields.Float(
        string="Service level (%)",
        default=95.0,
        help="Share of order cycles without a stock-out that safety stocks and "
        "reliable lead times aim at.",
    )
    jit_fitness_order_cycle_days = fields.Integer(
        string="Order cycle (days)",
        default=14,
        help="Days of demand between the minimum and the maximum of a suggested "
        "reorder rule.",
    )

    # Dwell time
    jit_dwell_target_hours = fields.Float(
        string="Dwell target (hours)",
        default=48.0,
        help="Goods should leave the warehouse within this time after receipt.",
    )
    jit_dwell_bucket_edges = fields.Char(
        string="Aging buckets (days)",
        default="1,3,7,30",
        help="Comma-separated ascending day limits of the open-dwell aging buckets.",
    )
    jit_dwell_bucket_days = fields.Char(
        compute="_compute_jit_dwell_bucket_days",
        store=True,
        help="The aging buckets as parsed once, in canonical form, read by the "
        "reports' SQL.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_bounds(self, vals, JIT_COMPANY_BOUNDS)
        companies = super().create(vals_list)
        companies.filtered("jit_procurement")._jit_activate_routes()
        return companies

    def write(self, vals):
        check_bounds(self, vals, JIT_COMPANY_BOUNDS)
        res = super().write(vals)
        if vals.get("jit_procurement"):
            self._jit_activate_routes()
        return res

    def _jit_activate_routes(self):
        """Unarchive Odoo's make-to-order route (shipped archived), which JIT
        procurement uses together with the buy route."""
        route = self.env.ref("stock.route_warehouse0_mto", raise_if_not_found=False)
        if route and not route.active:
            route.sudo().active = True

    @api.constrains(*JIT_COMPANY_BOUNDS)
    def _check_jit_bounds(self):
        for company in self:
            check_bounds(company, company, JIT_COMPANY_BOUNDS)

    @api.constrains(*(f"jit_weight_{key}" for key, _label in SCORE_COMPONENTS))
    def _check_jit_weights(self):
        for company in self:
            if not sum(company._jit_get_weights(normalize=False).values()):
                raise ValidationError(
                    self.env._(
                        "All score weights are zero: give at least one component "
                        "a positive weight."
                    )
                )

    @api.constrains(
        "jit_threshold_excellent", "jit_threshold_good", "jit_threshold_at_risk"
    )
    def _check_jit_thresholds(self):
        for company in self:
            thresholds = (
                company.jit_threshold_excellent,
                company.jit_threshold_good,
                company.jit_threshold_at_risk,
            )
            if not all(0 <= t <= 100 for t in thresholds) or not (
                thresholds[0] >= thresholds[1] >= thresholds[2]
            ):
                raise ValidationError(
                    self.env._(
                        "Standing thresholds must lie between 0 and 100 with "
                        "Excellent ≥ Good ≥ At risk (now %(excellent)s, %(good)s, "
                        "%(at_risk)s).",
                        excellent=thresholds[0],
                        good=thresholds[1],
                        at_risk=thresholds[2],
                    )
                )

    @api.depends("jit_dwell_bucket_edges")
    def _compute_jit_dwell_bucket_days(self):
        for company in self:
            edges = company._jit_parse_dwell_bucket_edges()
            company.jit_dwell_bucket_days = edges and ",".join(map(repr, edges))

    @api.constrains("jit_dwell_bucket_edges")
    def _check_jit_dwell_bucket_edges(self):
        for company in self:
            if not company._jit_parse_dwell_bucket_edges():
                raise ValidationError(
                    self.env._(
                        "Aging buckets must be positive day counts in ascending "
                        "order, written with the digits 0-9 and separated by "
                        'commas, such as "1,3,7,30" (field "Aging buckets (days)": '
                        'got "%s").',
                        company.jit_dwell_bucket_edges or "",
                    )
                )

    def _jit_get_weights(self, normalize=True):
        """Return ``{component: weight}``; normalised to sum 1 unless told not to."""
        self.ensure_one()
        weights = {key: self[f"jit_weight_{key}"] for key, _label in SCORE_COMPONENTS}
        total = sum(weights.values())
        if normalize and total:
            return {key: weight / total for key, weight in weights.items()}
        return weights

    def _jit_get_standing(self, score):
        """Return the standing key a composite ``score`` (0-100) earns."""
        self.ensure_one()
        if score >= self.jit_threshold_excellent:
            return "excellent"
        if score >= self.jit_threshold_good:
            return "good"
        if score >= self.jit_threshold_at_risk:
            return "at_risk"
        return "blocked"

    def _jit_get_standing_policy(self, standing):
        """Return ``none``, ``warn`` or ``exclude`` for a standing key."""
        self.ensure_one()
        return {
            "at_risk": self.jit_policy_at_risk,
            "blocked": self.jit_policy_blocked,
        }.get(standing, "none")

    def _jit_parse_dwell_bucket_edges(self):
        """Return the aging bucket edges as ascending positive days, or None
        when the text is not ASCII decimal numbers (``float()`` alone would
        take "1_000", "inf" or Arabic-Indic digits that PostgreSQL refuses)."""
        self.ensure_one()
        parts = [p.strip() for p in (self.jit_dwell_bucket_edges or "").split(",")]
        if not all(re.fullmatch(r"[0-9]{1,6}(\.[0-9]{1,6})?", p) for p in parts):
            return None
        edges = [float(part) for part in parts]
        if edges[0] <= 0 or edges != sorted(set(edges)):
            return None
        return edges

    def _jit_get_dwell_bucket_edges(self):
        """Return the aging bucket edges (days) as stored once parsed."""
        self.ensure_one()
        return [float(edge) for edge in self.jit_dwell_bucket_days.split(",")]

    def _jit_get_dwell_bucket_labels(self):
        """Return the labels of the aging buckets, one more than the edges:
        "0-1 days", "1-3 days", "over 3 days"."""
        edges = self._jit_get_dwell_bucket_edges()
        return [
            self.env._("%(low)g-%(high)g days", low=low, high=high)
            for low, high in zip([0.0, *edges[:-1]], edges, strict=True)
        ] + [self.env._("over %g days", edges[-1])]
