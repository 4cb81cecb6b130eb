# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from ..const import SCORE_COMPONENTS
from ..utils import upsert


def _company_mismatch(env, rows):
    """Whether a record linked by ``rows`` (``(model, company_id, vals)`` of
    new records) through a company-checked field belongs to another company,
    by the domain of Odoo's ``_check_company``, which depends only on the
    linked model and the company: per company and linked model, one
    ``filtered_domain`` over the records the batch links."""
    linked_ids = defaultdict(set)  # {(linked model, company_id): linked ids}
    checked = {}  # {model name: its company-checked many2one fields}
    for model, company_id, vals in rows:
        if model._name not in checked:
            checked[model._name] = [
                field
                for field in model._fields.values()
                if field.type == "many2one" and field.check_company
            ]
        for field in checked[model._name]:
            if vals.get(field.name):
                linked_ids[field.comodel_name, company_id].add(vals[field.name])
    for (comodel_name, company_id), ids in linked_ids.items():
        linked = env[comodel_name].sudo().browse(ids)
        allowed = linked.with_context(active_test=False).filtered_domain(
            linked._check_company_domain(company_id)
        )
        if linked - allowed:
            return True
    return False


class JitVendorSelection(models.Model):
    """Why a JIT purchase line was given to its vendor: every candidate price
    line with its scores, the weights used and what dropped whom."""

    _name = "jit.vendor.selection"
    _description = "JIT Vendor Selection"
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    product_qty = fields.Float(string="Quantity", digits="Product Unit")
    product_uom_id = fields.Many2one("uom.uom", string="Unit")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id",
        string="Sale Order",
        store=True,
        index="btree_not_null",
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    purchase_order_id = fields.Many2one(
        related="purchase_line_id.order_id",
        string="Purchase Order",
        store=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Chosen Vendor", ondelete="restrict", check_company=True
    )
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo",
        string="Chosen Price Line",
        ondelete="set null",
        check_company=True,
    )
    score = fields.Float(help="Composite score of the chosen vendor, 0 to 100.")
    reason = fields.Text(help="Why the chosen vendor won, or why none could be.")
    weight_on_time = fields.Float(string="On-time weight (%)")
    weight_otif = fields.Float(string="OTIF weight (%)")
    weight_fill = fields.Float(string="Fill rate weight (%)")
    weight_lead_time = fields.Float(string="Lead time weight (%)")
    weight_quality = fields.Float(string="Quality weight (%)")
    weight_price = fields.Float(string="Price weight (%)")
    candidate_ids = fields.One2many(
        "jit.vendor.selection.candidate", "selection_id", string="Candidates"
    )

    @api.depends("product_id", "partner_id")
    def _compute_display_name(self):
        for selection in self:
            selection.display_name = self.env._(
                "%(product)s → %(vendor)s",
                product=selection.product_id.display_name,
                vendor=selection.partner_id.display_name or self.env._("no vendor"),
            )

    @api.model
    def _jit_weight_vals(self, weights):
        """Return the weight fields for normalised ``weights``, in percent."""
        return {
            f"weight_{key}": 100.0 * weights[key] for key, _label in SCORE_COMPONENTS
        }

    @api.model_create_multi
    def create(self, vals_list):
        selections = super().create(vals_list)
        selections._jit_post_summaries()
        return selections

    @api.model
    def _jit_insert(self, vals_list):
        """Create selections as ``create`` does, in one INSERT for the
        selections and one for their candidates: the explanations of a
        confirmation are derived rows, written as scores are. Every dict of
        ``vals_list`` holds the same stored fields, and ``candidate_ids`` as
        ``Command.create`` commands whose dicts hold the same stored fields,
        computed ones included. Like ``create``: the companies are checked
        (values Odoo's check refuses go through ``create``, which raises its
        error), the caches of the records and of the one2many fields pointing
        to them are invalidated, what depends on them is notified, and the
        summaries are posted (from the values, not read back)."""
        Candidate = self.env["jit.vendor.selection.candidate"]
        rows = [
            (
                {key: value for key, value in vals.items() if key != "candidate_ids"},
                [
                    candidate_vals
                    for _command, _id, candidate_vals in vals["candidate_ids"]
                ],
            )
            for vals in vals_list
        ]
        if _company_mismatch(
            self.env,
            [(self, vals["company_id"], vals) for vals, _candidates in rows]
            + [
                (Candidate, vals["company_id"], candidate_vals)
                for vals, candidates in rows
                for candidate_vals in candidates
            ],
        ):
            return self.create(vals_list)
        selections = self.browse(upsert(self, [vals for vals, _candidates in rows]))
        # The unit price is money of the company's currency: rounded to it,
        # as ``create`` does.
        companies = self.env["res.company"].browse(
            {vals["company_id"] for vals, _candidates in rows}
        )
        currency_of = {company.id: company.currency_id for company in companies}
        candidates = Candidate.browse(
            upsert(
                Candidate,
                [
                    dict(
                        candidate_vals,
                        selection_id=selection.id,
                        price=currency_of[vals["company_id"]].round(
                            candidate_vals["price"]
                        ),
                    )
                    for selection, (vals, candidates) in zip(
                        selections, rows, strict=True
                    )
                    for candidate_vals in candidates
                ],
            )
        )
        created = [(selections, self._fields), (candidates, Candidate._fields)]
        for field in (*self._fields.values(), *Candidate._fields.values()):
            for inverse in self.pool.field_inverses[field]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        # Every stored value was given: none of them is recomputed.
        with self.env.protecting(
            [(fields_.values(), records) for records, fields_ in created]
        ):
            for records, fields_ in created:
                records.modified(fields_, create=True)
        self._jit_log_summaries(self._jit_summaries_of(rows))
        return selections

    def _jit_post_summaries(self):
        """Log a summary of the new selections in the chatter of their RFQs:
        one note per RFQ, all in one batch."""
        self._jit_log_summaries(
            [
                (selection.purchase_order_id.id, selection._jit_summary())
                for selection in self
            ]
        )

    @api.model
    def _jit_log_summaries(self, summaries):
        """Log ``summaries``, ``(RFQ id, HTML summary)`` pairs (those without
        an RFQ are not logged), as one note per RFQ, all in one batch."""
        bodies = defaultdict(list)
        for order_id, summary in summaries:
            if order_id:
                bodies[order_id].append(summary)
        if bodies:
            self.env["purchase.order"].browse(list(bodies))._message_log_batch(
                {
                    order_id: Markup("<br/>").join(parts)
                    for order_id, parts in bodies.items()
                }
            )

    def _jit_summary(self):
        """Return a one-paragraph HTML summary of the selection."""
        self.ensure_one()
        ranked = self.candidate_ids.filtered(lambda c: not c.is_dropped).sorted("rank")
        return self._jit_format_summary(
            self.product_id,
            self.reason,
            [(c.partner_id.name, c.score) for c in ranked],
            [
                (c.partner_id.name, c.dropped_reason)
                for c in self.candidate_ids - ranked
            ],
        )

    @api.model
    def _jit_summaries_of(self, rows):
        """Return ``(RFQ id, HTML summary)`` of each selection of ``rows``
        (``(selection values, candidate values)`` as ``_jit_insert`` stores
        them), the summary ``_jit_summary`` would read back: the rows just
        written are not read again."""
        Candidate = self.env["jit.vendor.selection.candidate"]
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals, _candidates in rows}
        )
        partners = self.env["res.partner"].browse(
            {c["partner_id"] for _vals, candidates in rows for c in candidates}
        )
        product_by_id = {product.id: product for product in products}
        name_by_id = {partner.id: partner.name for partner in partners}
        score = Candidate._fields["score"]
        summaries = []
        for vals, candidates in rows:
            ranked = sorted(
                (c for c in candidates if not c["is_dropped"]), key=lambda c: c["rank"]
            )
            summary = self._jit_format_summary(
                product_by_id[vals["product_id"]],
                vals["reason"],
                [
                    (
                        name_by_id[c["partner_id"]],
                        score.convert_to_cache(c["score"], Candidate),
                    )
                    for c in ranked
                ],
                [
                    (name_by_id[c["partner_id"]], c["dropped_reason"])
                    for c in candidates
                    if c["is_dropped"]
                ],
            )
            summaries.append((vals["purchase_order_id"], summary))
        return summaries

    @api.model
    def _jit_format_summary(self, product, reason, ranked, dropped):
        """Return the one-paragraph HTML summary of a selection of ``product``
        for ``reason``: ``ranked`` as ``(vendor name, score)`` best first,
        ``dropped`` as ``(vendor name, reason)``."""
        parts = [
            Markup("<b>%s</b>: %s") % (product.display_name, reason),
            self.env._(
                "Ranked: %s",
                ", ".join(f"{name} {score:.1f}" for name, score in ranked) or "-",
            ),
        ]
        if dropped:
            parts.append(
                self.env._(
                    "Dropped: %s",
                    ", ".join(f"{name} ({why})" for name, why in dropped),
                )
            )
        return Markup(" ").join(parts)

    def _jit_get_action(self):
        """Return the window action showing these selections."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jit_inventory.jit_vendor_selection_action"
        )
        if len(self) == 1:
            action.update(res_id=self.id, view_mode="form", views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", self.ids)]
        return action
