# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import SCORE_COMPONENTS, STANDINGS
from ..utils import check_bounds

# Sane (lowest, highest) value of each numeric field of a supplier rule.
RULE_BOUNDS = {
    "max_lead_time_days": (0, 3650),
    **{f"weight_{key}": (0.0, 1000.0) for key, _label in SCORE_COMPONENTS},
}


class JitSupplierRule(models.Model):
    """Per product category constraints on automatic vendor selection."""

    _name = "jit.supplier.rule"
    _description = "JIT Supplier Rule"
    _order = "company_id, categ_id"
    _check_company_auto = True

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        required=True,
        ondelete="cascade",
        help="Applies to products of this category and of its sub-categories.",
    )
    excluded_partner_ids = fields.Many2many(
        "res.partner",
        string="Excluded Vendors",
        check_company=True,
        help="Never chosen automatically for products of this category.",
    )
    min_standing = fields.Selection(
        STANDINGS,
        string="Minimum Standing",
        help="Vendors with a lower standing are not chosen automatically.",
    )
    max_lead_time_days = fields.Integer(
        string="Maximum Lead Time (days)",
        help="Vendors whose delivery lead time is longer are not chosen "
        "automatically. 0 means no limit.",
    )
    override_weights = fields.Boolean(
        help="Rank vendors of this category with the weights below instead of "
        "the company's."
    )
    weight_on_time = fields.Float(string="On-time weight")
    weight_otif = fields.Float(string="OTIF weight")
    weight_fill = fields.Float(string="Fill rate weight")
    weight_lead_time = fields.Float(string="Lead time weight")
    weight_quality = fields.Float(string="Quality weight")
    weight_price = fields.Float(string="Price weight")

    _categ_company_unique = models.Constraint(
        "UNIQUE(company_id, categ_id)",
        "This product category already has a supplier rule in this company "
        "(perhaps archived): edit that one.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._jit_check_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._jit_check_vals(vals)
        return super().write(vals)

    def _jit_check_vals(self, vals):
        """Refuse, before anything reaches the database, values out of bounds
        (with the field's name, also for integers beyond the column's range)
        and a company the user does not work in: the uniqueness constraint
        must not tell whether another company has a rule for a category."""
        if "categ_id" in vals:
            category = self.env["product.category"].browse(vals["categ_id"])
        else:
            category = self.categ_id
        self._jit_check_bounds(vals, category)
        company_id = vals.get("company_id")
        if company_id and not self.env.su and company_id not in self.env.companies.ids:
            raise AccessError(
                self.env._(
                    "You can only create and edit supplier rules of the companies "
                    "you are working in."
                )
            )

    @api.depends("categ_id")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = rule.categ_id.complete_name or self.env._("New rule")

    @api.constrains(
        "max_lead_time_days",
        "override_weights",
        *(f"weight_{key}" for key, _label in SCORE_COMPONENTS),
    )
    def _check_values(self):
        for rule in self:
            rule._jit_check_bounds(rule, rule.categ_id)
            if rule.override_weights and not sum(
                rule._jit_get_weights(normalize=False).values()
            ):
                raise ValidationError(
                    self.env._(
                        "Rule for %s: all score weights are zero; give at least one "
                        "component a positive weight or stop overriding weights.",
                        rule.categ_id.complete_name,
                    )
                )

    def _jit_check_bounds(self, values, categories):
        """``check_bounds`` on ``values`` (dict or record), with the rule's
        category in the message."""
        try:
            check_bounds(self, values, RULE_BOUNDS)
        except ValidationError as error:
            raise ValidationError(
                self.env._(
                    "Rule for %(category)s: %(error)s",
                    category=", ".join(categories.mapped("complete_name")),
                    error=error.args[0],
                )
            ) from error

    def _jit_get_weights(self, normalize=True):
        """Return the weights to rank with: the rule's own, or its company's."""
        self.ensure_one()
        if not self.override_weights:
            return self.company_id._jit_get_weights(normalize=normalize)
        weights = {key: self[f"weight_{key}"] for key, _label in SCORE_COMPONENTS}
        total = sum(weights.values())
        if normalize and total:
            return {key: weight / total for key, weight in weights.items()}
        return weights

    @api.model
    def _jit_get_rules(self, products, company):
        """Return ``{product_id: rule}`` with the rule of each product's closest
        category (its own or the nearest parent) in ``company``; one query."""
        category_ids = {
            int(categ_id)
            for product in products
            for categ_id in (product.categ_id.parent_path or "").split("/")
            if categ_id
        }
        rules = self.search(
            [("company_id", "=", company.id), ("categ_id", "in", list(category_ids))]
        )
        rule_by_categ = {rule.categ_id.id: rule for rule in rules}
        result = {}
        for product in products:
            parent_path = product.categ_id.parent_path or ""
            path = [int(c) for c in parent_path.split("/") if c]
            result[product.id] = next(
                (rule_by_categ[c] for c in reversed(path) if c in rule_by_categ),
                self.browse(),
            )
        return result
