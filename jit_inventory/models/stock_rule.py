# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models

from .res_company import SCORE_COMPONENTS, STANDINGS

# Standings from best to worst, to compare with a rule's minimum standing.
STANDING_RANK = {key: rank for rank, (key, _label) in enumerate(STANDINGS)}

# How many chained moves (pick, pack, ship) may separate the bought goods from
# the customer move that carries the sale line.
MAX_CHAIN_DEPTH = 3


class StockRule(models.Model):
    _inherit = "stock.rule"

    # ------------------------------------------------------------------
    # Vendor choice: Odoo's supplier hook
    # ------------------------------------------------------------------
    def _get_matching_supplier(
        self, product_id, product_qty, product_uom, company_id, values
    ):
        sale_line = self._jit_get_sale_line(product_id, company_id, values)
        if not sale_line or values.get("supplierinfo_id"):
            return super()._get_matching_supplier(
                product_id, product_qty, product_uom, company_id, values
            )
        values["jit_sale_line"] = sale_line
        if product_uom.compare(product_qty, 0) < 0:
            # A decrease goes to the vendor that got the quantity.
            return self._jit_get_current_supplier(sale_line, product_id, company_id)
        supplier, selection_vals = self._jit_select_supplier(
            product_id, product_qty, product_uom, company_id, values, sale_line
        )
        values["jit_selection_vals"] = selection_vals
        if not supplier:
            values["jit_no_vendor_reason"] = selection_vals["reason"]
        return supplier

    def _jit_get_sale_line(self, product, company, values):
        """Return the sale line a buy procurement serves when it is a JIT one."""
        if values.get("orderpoint_id") or not product._jit_is_managed(company):
            return self.env["sale.order.line"]
        moves = values.get("move_dest_ids") or self.env["stock.move"]
        for _depth in range(MAX_CHAIN_DEPTH):
            if not moves or moves.sale_line_id:
                break
            moves = moves.move_dest_ids
        return moves.sale_line_id[:1]

    def _jit_get_current_supplier(self, sale_line, product, company):
        """Return the price line of the vendor of the sale line's open RFQ."""
        po_line = (
            self.env["purchase.order.line"]
            .sudo()
            .search(
                [
                    ("jit_sale_line_id", "=", sale_line.id),
                    ("order_id.state", "in", ("draft", "sent")),
                ],
                limit=1,
            )
        )
        sellers = product.with_company(company)._prepare_sellers()
        return sellers.filtered(lambda s: s.partner_id == po_line.partner_id)[:1]

    def _jit_get_candidates(self, product, product_qty, product_uom, company, values):
        """Return ``(valid price lines, price lines of archived vendors)``:
        Odoo's own validity rules (company, variant, dates, minimum quantity,
        unit)."""
        date = max(
            fields.Datetime.to_datetime(values["date_planned"]).date(),
            fields.Date.context_today(self),
        )
        product = product.with_company(company)
        candidates = product._get_filtered_sellers(
            quantity=product_qty,
            date=date,
            uom_id=product_uom,
            params={"force_uom": values.get("force_uom")},
        )
        archived = product.seller_ids.filtered(
            lambda s: (
                not s.partner_id.active
                and s.company_id in (company, s.env["res.company"])
                and s.product_id in (product, s.env["product.product"])
            )
        )
        return candidates, archived

    def _jit_select_supplier(
        self, product, product_qty, product_uom, company, values, sale_line
    ):
        """Rank the candidate vendors of a JIT buy from their stored scores.

        Returns ``(winning product.supplierinfo or empty, values to create the
        jit.vendor.selection explaining it)``.
        """
        candidates, archived = self._jit_get_candidates(
            product, product_qty, product_uom, company, values
        )
        prefetched = self.env.context.get("jit_prefetch") or {}
        if (company.id, product.id) not in prefetched:
            prefetched = self._jit_prefetch(product, company)
        rule, stored = prefetched[company.id, product.id]
        weights = rule._jit_get_weights() if rule else company._jit_get_weights()
        scored = (
            self.env["jit.vendor.score"]
            .sudo()
            ._jit_score_candidates(candidates | archived, company, weights, stored)
        )
        dropped = self._jit_filter_candidates(
            candidates, scored, rule, company, values, sale_line
        )
        dropped.update(
            {info.id: self.env._("vendor archived") for info in archived - candidates}
        )
        ranked = self._jit_rank_candidates(
            candidates.filtered(lambda s: s.id not in dropped), scored
        )
        winner = ranked[:1]
        candidate_vals = [
            self._jit_candidate_vals(info, scored[info.id], rank, dropped.get(info.id))
            for rank, info in enumerate(ranked + ((candidates | archived) - ranked), 1)
        ]
        selection_vals = {
            "company_id": company.id,
            "product_id": product.id,
            "product_qty": product_qty,
            "product_uom_id": product_uom.id,
            "sale_line_id": sale_line.id,
            "partner_id": winner.partner_id.id,
            "supplierinfo_id": winner.id,
            "score": scored[winner.id]["score"] if winner else 0.0,
            "reason": self._jit_explain(product, ranked, scored, dropped),
            "candidate_ids": [Command.create(vals) for vals in candidate_vals],
            **self.env["jit.vendor.selection"]._jit_weight_vals(weights),
        }
        return winner, selection_vals

    @api.model
    def _jit_prefetch(self, products, company):
        """Return ``{(company_id, product_id): (supplier rule, stored scores)}``
        for ``products``, in two queries whatever their number."""
        rules = self.env["jit.supplier.rule"].sudo()._jit_get_rules(products, company)
        sellers = products.seller_ids
        stored = (
            self.env["jit.vendor.score"]
            .sudo()
            ._jit_get_stored(
                sellers.partner_id,
                sellers.product_id | sellers.product_tmpl_id.product_variant_ids,
                company,
            )
        )
        return {
            (company.id, product.id): (rules[product.id], stored)
            for product in products
        }

    def _jit_filter_candidates(
        self, candidates, scored, rule, company, values, sale_line
    ):
        """Return ``{supplierinfo_id: reason}`` for the candidates a hard
        filter drops: standing policy, supplier rule, commitment date and
        vendors a re-routing moved away from."""
        dropped = {}
        commitment = sale_line.order_id.commitment_date
        today = fields.Date.context_today(self)
        excluded = values.get("jit_excluded_partner_ids") or []
        for info in candidates:
            standing = scored[info.id]["standing"]
            if info.partner_id.id in excluded:
                reason = self.env._("re-routed away from this vendor")
            elif company._jit_get_standing_policy(standing) == "exclude":
                reason = self.env._("standing %s", dict(STANDINGS)[standing])
            elif rule and info.partner_id in rule.excluded_partner_ids:
                reason = self.env._("excluded by the supplier rule")
            elif (
                rule.min_standing
                and STANDING_RANK[standing] > STANDING_RANK[rule.min_standing]
            ):
                reason = self.env._(
                    "standing below %s", dict(STANDINGS)[rule.min_standing]
                )
            elif rule.max_lead_time_days and info.delay > rule.max_lead_time_days:
                reason = self.env._(
                    "lead time %(delay)s days over the rule's %(max)s",
                    delay=info.delay,
                    max=rule.max_lead_time_days,
                )
            elif commitment and today + timedelta(days=info.delay) > commitment.date():
                reason = self.env._(
                    "cannot deliver by the commitment date %s",
                    fields.Date.to_string(commitment.date()),
                )
            else:
                continue
            dropped[info.id] = reason
        return dropped

    @api.model
    def _jit_rank_candidates(self, candidates, scored):
        """Order candidates best first: score, then price in company currency,
        then sequence, then id."""
        return candidates.sorted(
            lambda s: (-scored[s.id]["score"], scored[s.id]["price"], s.sequence, s.id)
        )

    @api.model
    def _jit_candidate_vals(self, info, figures, rank, dropped_reason):
        return {
            "partner_id": info.partner_id.id,
            "supplierinfo_id": info.id,
            "rank": 0 if dropped_reason else rank,
            "is_winner": rank == 1 and not dropped_reason,
            "is_dropped": bool(dropped_reason),
            "dropped_reason": dropped_reason,
            "price": figures["price"],
            "delay": info.delay,
            "sample_size": figures["sample_size"],
            "standing": figures["standing"],
            "score": figures["score"],
            **{
                f"score_{key}": figures["components"][key]
                for key, _label in SCORE_COMPONENTS
            },
        }

    @api.model
    def _jit_explain(self, product, ranked, scored, dropped):
        """Say in one sentence why the winner won, or why there is none."""
        if not ranked:
            if not dropped:
                return self.env._(
                    "No vendor price list entry of %s is valid for this company, "
                    "date and quantity.",
                    product.display_name,
                )
            return self.env._(
                "Every vendor of %s was dropped by a filter.", product.display_name
            )
        winner, figures = ranked[0], scored[ranked[0].id]
        if len(ranked) == 1:
            return self.env._(
                "%(vendor)s is the only vendor left (score %(score).1f).",
                vendor=winner.partner_id.name,
                score=figures["score"],
            )
        runner, runner_figures = ranked[1], scored[ranked[1].id]
        if round(figures["score"], 6) > round(runner_figures["score"], 6):
            return self.env._(
                "%(vendor)s has the best score, %(score).1f against %(runner_score).1f "
                "for %(runner)s.",
                vendor=winner.partner_id.name,
                score=figures["score"],
                runner_score=runner_figures["score"],
                runner=runner.partner_id.name,
            )
        if figures["price"] < runner_figures["price"]:
            return self.env._(
                "%(vendor)s and %(runner)s tie on score (%(score).1f); "
                "%(vendor)s is cheaper.",
                vendor=winner.partner_id.name,
                runner=runner.partner_id.name,
                score=figures["score"],
            )
        return self.env._(
            "%(vendor)s and %(runner)s tie on score and price; %(vendor)s comes "
            "first in the vendor list.",
            vendor=winner.partner_id.name,
            runner=runner.partner_id.name,
        )

    # ------------------------------------------------------------------
    # Purchase order creation hooks
    # ------------------------------------------------------------------
    @api.model
    def _run_buy(self, procurements):
        procurements = self._jit_with_prefetch(procurements)
        res = super()._run_buy(procurements)
        sale_lines = self.env["sale.order.line"].union(
            *(
                p.values["jit_sale_line"]
                for p, _r in procurements
                if "jit_sale_line" in p.values
            )
        )
        if sale_lines:
            self._jit_auto_confirm(sale_lines)
        return res

    @api.model
    def _jit_with_prefetch(self, procurements):
        """Give the rules of JIT buys the supplier rules and stored scores of
        all their products at once, so ranking costs no query per line."""
        by_company = {}
        for procurement, _rule in procurements:
            company = procurement.company_id
            if procurement.product_id._jit_is_managed(company):
                by_company.setdefault(company, self.env["product.product"])
                by_company[company] |= procurement.product_id
        if not by_company:
            return procurements
        prefetched = {}
        for company, products in by_company.items():
            prefetched.update(self._jit_prefetch(products, company))
        return [
            (procurement, rule.with_context(jit_prefetch=prefetched))
            for procurement, rule in procurements
        ]

    @api.model
    def _jit_auto_confirm(self, sale_lines):
        """Confirm the draft RFQs of ``sale_lines`` whose JIT lines all went to
        a vendor scoring at least the company's threshold, when enabled."""
        po_lines = (
            self.env["purchase.order.line"]
            .sudo()
            .search(
                [
                    ("jit_sale_line_id", "in", sale_lines.ids),
                    ("order_id.state", "=", "draft"),
                    ("order_id.company_id.jit_auto_confirm", "=", True),
                ]
            )
        )
        for order in po_lines.order_id:
            threshold = order.company_id.jit_auto_confirm_threshold
            jit_lines = order.order_line.filtered("jit_sale_line_id")
            if all(line.jit_selection_ids[:1].score >= threshold for line in jit_lines):
                order.button_confirm()

    def _make_po_get_domain(self, company_id, values, partner):
        domain = super()._make_po_get_domain(company_id, values, partner)
        if values.get("jit_sale_line") and company_id.jit_rfq_grouping == "vendor":
            # Merge into the vendor's open draft RFQ whatever sale order it
            # came from; the lines keep their own sale order reference.
            domain = tuple(leaf for leaf in domain if leaf[0] != "reference_ids")
        return domain

    @api.model
    def _get_procurements_to_merge_groupby(self, procurement):
        # One purchase line per sale line: each keeps its sale order reference.
        return (
            *super()._get_procurements_to_merge_groupby(procurement),
            procurement.values.get("jit_sale_line"),
        )

    def _update_purchase_order_line(
        self, product_id, product_qty, product_uom, company_id, values, line
    ):
        res = super()._update_purchase_order_line(
            product_id, product_qty, product_uom, company_id, values, line
        )
        if values.get("jit_selection_vals"):
            res["jit_selection_ids"] = [Command.create(values["jit_selection_vals"])]
        return res

    def _notify_responsible(self, procurement):
        res = super()._notify_responsible(procurement)
        reason = procurement.values.get("jit_no_vendor_reason")
        sale_line = procurement.values.get("jit_sale_line")
        if reason and sale_line:
            order = sale_line.order_id.sudo()
            order.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=self.env._(
                    "No vendor to buy %s", procurement.product_id.display_name
                ),
                note=reason,
                user_id=order.user_id.id or self.env.user.id,
            )
            self.env["jit.vendor.selection"].sudo().create(
                procurement.values["jit_selection_vals"]
            )
        return res
