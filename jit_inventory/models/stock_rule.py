# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import float_repr, float_round, ormcache, plaintext2html

from ..const import SCORE_COMPONENTS, STANDINGS
from ..utils import selection_label

# Standings from best to worst, to compare with a rule's minimum standing.
STANDING_RANK = {key: rank for rank, (key, _label) in enumerate(STANDINGS)}


class StockRule(models.Model):
    """JIT decides *which vendor*; Odoo decides *how* goods move.

    - Routes: a JIT product without a route of its own (product, category, sale
      line or packaging) is procured through its warehouse's make-to-order and
      buy routes; any other product keeps Odoo's route (dropship, buy,
      manufacture, kits exploded by mrp...).
    - Vendor: before Odoo's ``_run_buy`` the JIT buys of the batch are ranked in
      one pass and the winner is handed to Odoo as ``supplierinfo_id``, the
      procurement value Odoo's ``_get_matching_supplier`` honours.

    A JIT buy carries one private procurement value, ``jit_selection``: the
    values of the ``jit.vendor.selection`` explaining the choice (``None`` for a
    decrease; its ``purchase_line_id`` is set when Odoo grows an existing
    line). ``jit_excluded_partner_ids`` is added by re-routing, and
    ``jit_from_stock`` marks the part of a sale line that free stock covers
    (quantity rule "shortage"), which keeps Odoo's routes.
    """

    _inherit = "stock.rule"

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @api.model
    def _get_rule(self, product_id, location_id, values):
        # Called for every procurement after mrp exploded kits, so the JIT
        # components of a kit get the JIT routes, not the kit. The routes
        # only steer this search: the caller's values (and so the moves and
        # the procurements that follow them) keep Odoo's routes, and each
        # step of the warehouse's delivery finds the JIT routes again.
        routes = self._jit_get_routes(product_id, values)
        if routes:
            values = dict(values, route_ids=routes)
        return super()._get_rule(product_id, location_id, values)

    @api.model
    def _jit_get_routes(self, product, values):
        """Return the routes a sale procurement of ``product`` should follow
        when JIT procures it (warehouse make-to-order + buy), else nothing."""
        if (
            not values.get("sale_line_id")
            or values.get("orderpoint_id")
            or values.get("jit_from_stock")
        ):
            return self.env["stock.route"]
        return self._jit_sale_routes(product, values)

    @api.model
    def _jit_sale_routes(self, product, values):
        """Return the routes JIT sells ``product`` through with ``values``
        (``company_id``, ``warehouse_id``, ``route_ids``, ``packaging_uom_id``
        as a sale line gives them), or nothing when Odoo's routes decide: the
        product is not JIT-managed, has a route of its own, or the warehouse's
        delivery pulls through other steps. The sale line's quantity rule and
        promise ask the same question (``sale.order.line._jit_is_procured``)."""
        warehouse = values.get("warehouse_id")
        if (
            not warehouse
            or not self._jit_is_managed(product, values)
            or self._jit_has_own_route(product, values)
        ):
            return self.env["stock.route"]
        return self.env["stock.route"].browse(
            self._jit_warehouse_route_ids(warehouse.id)
        )

    @api.model
    @ormcache("warehouse_id")
    def _jit_warehouse_route_ids(self, warehouse_id):
        """Ids of the routes JIT procures through in the warehouse: those of
        its make-to-order and buy rules, none when its delivery pulls through
        other steps. Kept across requests (and servers): cleared when a rule,
        a route or a warehouse changes (``_jit_clear_route_cache``)."""
        warehouse = self.env["stock.warehouse"].sudo().browse(warehouse_id)
        if self._jit_delivers_through_pulls(warehouse):
            return ()
        # Both rules in one read.
        return tuple((warehouse.mto_pull_id | warehouse.buy_pull_id).route_id.ids)

    @api.model
    def _jit_clear_route_cache(self):
        """Forget the warehouses' JIT routes (``_jit_warehouse_route_ids``)."""
        self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        self._jit_clear_route_cache()
        return super().create(vals_list)

    def write(self, vals):
        self._jit_clear_route_cache()
        return super().write(vals)

    def unlink(self):
        self._jit_clear_route_cache()
        return super().unlink()

    @api.model
    def _jit_delivers_through_pulls(self, warehouse):
        """Whether the warehouse's delivery route pulls from somewhere else
        than its stock (a custom route, or steps chained by pull rules).

        Odoo's own 2- and 3-step deliveries pull once from stock and push the
        next steps, so the warehouse's make-to-order rule from stock keeps
        them. A chain of pull rules would be skipped by that rule: there JIT
        leaves the delivery to Odoo (from stock)."""
        return any(
            rule.action in ("pull", "pull_push")
            and rule.location_src_id != warehouse.lot_stock_id
            for rule in warehouse.delivery_route_id.rule_ids
        )

    @api.model
    def _jit_is_managed(self, product, values):
        company = values.get("company_id") or self.env.company
        return product._jit_is_managed(company)

    @api.model
    def _jit_has_own_route(self, product, values):
        """Whether Odoo would find a route for ``product`` before the
        warehouse's: the sale line's, its packaging's, the product's or its
        category's."""
        packaging = values.get("packaging_uom_id")
        return bool(
            values.get("route_ids")
            or (packaging and packaging.package_type_id.route_ids)
            or product.route_ids
            or product.categ_id.total_route_ids
        )

    # ------------------------------------------------------------------
    # Vendor selection: one pre-pass, then Odoo
    # ------------------------------------------------------------------
    @api.model
    def _run_buy(self, procurements):
        jit_procurements = [
            procurement
            for procurement, rule in procurements
            if self._jit_is_buy(procurement, rule)
        ]
        if jit_procurements:
            self._jit_prepare_buys(jit_procurements)
        res = super()._run_buy(procurements)
        if jit_procurements:
            self._jit_after_buys(jit_procurements)
        return res

    @api.model
    def _jit_is_buy(self, procurement, rule):
        """Whether a buy procurement serves a sale line of a JIT product."""
        values = procurement.values
        return bool(
            values.get("sale_line_id")
            and not values.get("orderpoint_id")
            and procurement.product_id._jit_is_managed(
                rule.company_id or procurement.company_id
            )
        )

    @api.model
    def _jit_prepare_buys(self, procurements):
        """Choose the vendor of each JIT buy and hand it to Odoo as
        ``supplierinfo_id``; keep a vendor forced by the user or another
        module. A decrease goes to the vendor of the sale line's open RFQ."""
        decreases = [p for p in procurements if p.product_qty < 0]
        if decreases:
            self._jit_prepare_decreases(decreases)
        increases = [p for p in procurements if p.product_qty >= 0]
        selections = self._jit_select_vendors(increases)
        for procurement, selection in zip(increases, selections, strict=True):
            procurement.values["jit_selection"] = selection
            if selection["supplierinfo_id"] and not procurement.values.get(
                "supplierinfo_id"
            ):
                procurement.values["supplierinfo_id"] = self.env[
                    "product.supplierinfo"
                ].browse(selection["supplierinfo_id"])

    @api.model
    def _jit_prepare_decreases(self, procurements):
        """Send decreases to the vendor whose open RFQ line buys for the sale
        line (the latest, read from the sale lines' side for the batch)."""
        sale_lines = (
            self.env["sale.order.line"]
            .sudo()
            .browse({p.values["sale_line_id"] for p in procurements})
        )
        line_by_sale_line = {
            sale_line.id: po_lines.sorted("id")[-1]
            for sale_line in sale_lines
            if (
                po_lines := sale_line.jit_purchase_line_ids.filtered(
                    lambda l: l.order_id.state in ("draft", "sent")
                )
            )
        }
        for procurement in procurements:
            procurement.values["jit_selection"] = None
            po_line = line_by_sale_line.get(procurement.values["sale_line_id"])
            if not po_line or procurement.values.get("supplierinfo_id"):
                continue
            seller = po_line.jit_selection_ids[:1].supplierinfo_id
            if seller.partner_id != po_line.partner_id:
                seller = procurement.product_id.with_company(
                    po_line.company_id
                )._select_seller(partner_id=po_line.partner_id, quantity=None)
            if seller:
                procurement.values["supplierinfo_id"] = seller

    @api.model
    def _jit_select_vendors(self, procurements):
        """Rank the vendors of ``procurements`` from their stored scores.

        Supplier rules and stored scores are read once for the whole batch.
        Returns, in order, the values of the ``jit.vendor.selection`` that
        explains each choice (``supplierinfo_id`` empty when no vendor is
        left)."""
        if not procurements:
            return []
        by_company = defaultdict(lambda: self.env["product.product"])
        for procurement in procurements:
            by_company[procurement.company_id] |= procurement.product_id
        prefetched = {}
        for company, products in by_company.items():
            prefetched.update(self._jit_prefetch(products, company))
        sale_lines = self.env["sale.order.line"].browse(
            {p.values["sale_line_id"] for p in procurements}
        )
        sale_lines.order_id.mapped("commitment_date")  # one read for the batch
        return [
            self._jit_select_vendor(
                procurement,
                *prefetched[procurement.company_id.id, procurement.product_id.id],
            )
            for procurement in procurements
        ]

    @api.model
    def _jit_prefetch(self, products, company):
        """Return ``{(company_id, product_id): (supplier rule, stored scores)}``
        for ``products``: the rules and the stored scores in one query each,
        whatever their number."""
        rules = self.env["jit.supplier.rule"].sudo()._jit_get_rules(products, company)
        sellers = products.seller_ids
        # Scoring reads, per vendor price line, its discounted price and, for
        # a line without variant, its template's variants: both at once here.
        sellers.mapped("price_discounted")
        sellers.filtered(lambda s: not s.product_id).product_tmpl_id.fetch(
            ["product_variant_ids"]
        )
        stored = (
            self.env["jit.vendor.score"]
            .sudo()
            ._jit_get_stored(sellers.partner_id, sellers.product_id | products, company)
        )
        return {
            (company.id, product.id): (rules[product.id], stored)
            for product in products
        }

    @api.model
    def _jit_get_candidates(self, procurement):
        """Return the vendor price lines valid for ``procurement`` by Odoo's
        own rules (company, active vendor, variant, dates, minimum quantity,
        unit), and whether none was: then, as Odoo's ``_get_matching_supplier``
        falls back on the product's vendors of the company rather than block
        the buy, those are the candidates."""
        values = procurement.values
        date = max(
            fields.Datetime.to_datetime(values["date_planned"]).date(),
            fields.Date.context_today(self),
        )
        product = procurement.product_id.with_company(procurement.company_id)
        candidates = product._get_filtered_sellers(
            quantity=procurement.product_qty,
            date=date,
            uom_id=procurement.product_uom,
            params={"force_uom": values.get("force_uom")},
        )
        if candidates:
            return candidates, False
        fallback = product._prepare_sellers(False).filtered(
            lambda s: not s.company_id or s.company_id == procurement.company_id
        )
        return fallback, bool(fallback)

    @api.model
    def _jit_select_vendor(self, procurement, rule, stored):
        """Return the values of the ``jit.vendor.selection`` of one JIT buy."""
        product, company = procurement.product_id, procurement.company_id
        sale_line = self.env["sale.order.line"].browse(
            procurement.values["sale_line_id"]
        )
        forced = (
            procurement.values.get("supplierinfo_id")
            or self.env["product.supplierinfo"]
        )
        candidates, fallback = self._jit_get_candidates(procurement)
        if forced:
            candidates |= forced
        weights = rule._jit_get_weights() if rule else company._jit_get_weights()
        scored = (
            self.env["jit.vendor.score"]
            .sudo()
            ._jit_score_candidates(candidates, company, weights, stored)
        )
        dropped = self._jit_filter_candidates(
            candidates - forced, scored, rule, company, procurement.values, sale_line
        )
        ranked = self._jit_rank_candidates(
            candidates.filtered(lambda s: s.id not in dropped), scored
        )
        if forced:
            reason = self._jit_explain_forced(forced, ranked - forced, scored)
            ranked = forced | (ranked - forced)
        else:
            reason = self._jit_explain(product, ranked, scored, dropped)
        if fallback:
            reason = " ".join(
                (
                    self.env._(
                        "No vendor price list entry of %s is valid for this date "
                        "and quantity: its vendors were ranked anyway, as Odoo "
                        "falls back on them.",
                        product.display_name,
                    ),
                    reason,
                )
            )
        winner = ranked[:1]
        Candidate = self.env["jit.vendor.selection.candidate"]
        candidate_vals = [
            {
                **self._jit_candidate_vals(
                    info, scored[info.id], rank, dropped.get(info.id)
                ),
                **Candidate._jit_score_scope_vals(
                    stored, info.partner_id, info, scored[info.id]["scope"]
                ),
            }
            for rank, info in enumerate(ranked + (candidates - ranked), 1)
        ]
        return {
            "company_id": company.id,
            "product_id": product.id,
            "product_qty": procurement.product_qty,
            "product_uom_id": procurement.product_uom.id,
            "sale_line_id": sale_line.id,
            "partner_id": winner.partner_id.id,
            "supplierinfo_id": winner.id,
            "score": scored[winner.id]["score"] if winner else 0.0,
            "reason": reason,
            "candidate_ids": [Command.create(vals) for vals in candidate_vals],
            **self.env["jit.vendor.selection"]._jit_weight_vals(weights),
        }

    def _jit_filter_candidates(
        self, candidates, scored, rule, company, values, sale_line
    ):
        """Return ``{supplierinfo_id: reason}`` for the candidates a hard
        filter drops: standing policy, supplier rule, commitment date and
        vendors a re-routing moved away from. When no candidate left can make
        the commitment date, none is dropped for it: each carries its reason
        as ``commitment_risk`` in ``scored``, for the explanation."""
        dropped, late = {}, {}
        commitment = sale_line.order_id.commitment_date
        needed = commitment and fields.Datetime.to_datetime(
            values.get("date_planned") or commitment
        )
        excluded = values.get("jit_excluded_partner_ids") or []
        for info in candidates:
            standing = scored[info.id]["standing"]
            if excluded and info.partner_id.id in excluded:
                reason = self.env._("re-routed away from this vendor")
            elif company._jit_get_standing_policy(standing) == "exclude":
                reason = self.env._(
                    "standing %s",
                    selection_label(self.env["jit.vendor.score"], "standing", standing),
                )
            elif rule and info.partner_id in rule.excluded_partner_ids:
                reason = self.env._("excluded by the supplier rule")
            elif (
                rule.min_standing
                and STANDING_RANK[standing] > STANDING_RANK[rule.min_standing]
            ):
                reason = self.env._(
                    "standing below %s",
                    selection_label(rule, "min_standing", rule.min_standing),
                )
            elif rule.max_lead_time_days and info.delay > rule.max_lead_time_days:
                reason = self.env._(
                    "lead time %(delay)s days over the rule's %(max)s",
                    delay=info.delay,
                    max=rule.max_lead_time_days,
                )
            elif commitment and self._jit_arrives_after(scored[info.id], needed):
                late[info.id] = self.env._(
                    "cannot deliver by the commitment date %(date)s (%(lead_time)s)",
                    date=fields.Date.to_string(commitment.date()),
                    lead_time=self._jit_explain_lead_time(info, scored[info.id]),
                )
                continue
            else:
                continue
            dropped[info.id] = reason
        if late and len(late) == len(candidates) - len(dropped):
            # No vendor can make it: none is dropped for it, the risk is stated.
            for info_id, reason in late.items():
                scored[info_id]["commitment_risk"] = reason
        else:
            dropped.update(late)
        return dropped

    @api.model
    def _jit_arrives_after(self, figures, needed):
        """Whether goods ordered now from a candidate (``figures`` as
        ``_jit_score_candidates`` returns them) likely arrive after the day
        ``needed``: its expected P90 lead time, measured or declared."""
        arrival = fields.Datetime.now() + timedelta(days=figures["lead_time_p90"])
        return arrival.date() > needed.date()

    @api.model
    def _jit_explain_lead_time(self, info, figures):
        """Say what a vendor's lead time is: declared, measured, expected."""
        measured = figures["lead_time_measured_p90"]
        if measured is None:
            return self.env._("declared %s days, no measured lead time yet", info.delay)
        return self.env._(
            "declared %(declared)s days, measured P90 %(measured)s days, "
            "expected %(expected)s days",
            declared=info.delay,
            measured=float_repr(float_round(measured, 1), 1).removesuffix(".0"),
            expected=float_repr(
                float_round(figures["lead_time_p90"], 1), 1
            ).removesuffix(".0"),
        )

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
    def _jit_explain_forced(self, forced, others, scored):
        """Say that a vendor was forced, and whom the ranking preferred."""
        if others and scored[others[0].id]["score"] > scored[forced.id]["score"]:
            return self.env._(
                "%(vendor)s was forced on the procurement (by the user or another "
                "module); the JIT ranking preferred %(best)s (score %(score).1f "
                "against %(forced_score).1f).",
                vendor=forced.partner_id.name,
                best=others[0].partner_id.name,
                score=scored[others[0].id]["score"],
                forced_score=scored[forced.id]["score"],
            )
        return self.env._(
            "%(vendor)s was forced on the procurement (by the user or another "
            "module); it is also the best-scored vendor left (score %(score).1f).",
            vendor=forced.partner_id.name,
            score=scored[forced.id]["score"],
        )

    @api.model
    def _jit_explain(self, product, ranked, scored, dropped):
        """Say why the winner won, or why there is none; and when the winner
        has no delivery due yet, that its score is the prior."""
        sentence = self._jit_explain_winner(product, ranked, scored, dropped)
        risk = ranked and scored[ranked[0].id].get("commitment_risk")
        if risk:
            sentence += " " + self.env._(
                "No vendor can make the commitment date: %(vendor)s is kept but "
                "%(risk)s.",
                vendor=ranked[0].partner_id.name,
                risk=risk,
            )
        if ranked and scored[ranked[0].id].get("standing") == "new":
            sentence += " " + self.env._(
                "%s is not rated yet (no delivery due): its score is the "
                "company's prior.",
                ranked[0].partner_id.name,
            )
        return sentence

    @api.model
    def _jit_explain_winner(self, product, ranked, scored, dropped):
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

    def _get_matching_supplier(
        self, product_id, product_qty, product_uom, company_id, values
    ):
        supplier = super()._get_matching_supplier(
            product_id, product_qty, product_uom, company_id, values
        )
        selection = values.get("jit_selection")
        if selection and not selection["supplierinfo_id"]:
            # Every vendor was dropped: buy nothing rather than from the
            # vendor Odoo falls back on; _notify_responsible says why.
            return supplier.browse()
        return supplier

    # ------------------------------------------------------------------
    # After Odoo created the purchase lines
    # ------------------------------------------------------------------
    @api.model
    def _jit_after_buys(self, procurements):
        """Store the explanations of the batch in one insert, linked to the
        purchase lines Odoo made or grew, then auto-confirm what may be. The
        purchase lines are read from the sale lines' side: a line of a shared
        RFQ may buy for hundreds of sale lines."""
        selections = [
            p.values["jit_selection"] for p in procurements if p.values["jit_selection"]
        ]
        self._jit_link_grown_lines(selections)
        sale_lines = (
            self.env["sale.order.line"]
            .sudo()
            .browse({p.values["sale_line_id"] for p in procurements})
        )
        po_lines = sale_lines.jit_purchase_line_ids.filtered(
            lambda l: l.state != "cancel"
        ).sorted("id")
        line_by_key = {
            (sale_line.id, po_line.partner_id.id): po_line
            for sale_line in sale_lines
            for po_line in po_lines & sale_line.jit_purchase_line_ids
        }
        order_by_sale_line = {line.id: line.order_id.id for line in sale_lines}
        vals_list = []
        for selection in selections:
            po_line = (
                line_by_key.get((selection["sale_line_id"], selection["partner_id"]))
                or self.env["purchase.order.line"]
            )
            # The stored related orders are given, not recomputed.
            vals_list.append(
                dict(
                    selection,
                    purchase_line_id=po_line.id,
                    purchase_order_id=po_line.order_id.id,
                    sale_order_id=order_by_sale_line[selection["sale_line_id"]],
                )
            )
        if vals_list:
            self.env["jit.vendor.selection"].sudo()._jit_insert(vals_list)
        self._jit_auto_confirm(po_lines.filtered(lambda l: l.state == "draft"))

    @api.model
    def _jit_auto_confirm(self, po_lines):
        """Confirm the draft RFQs of ``po_lines`` when the company enables it,
        every line of the RFQ is a JIT line (lines of others are never
        confirmed by us) and each went to a vendor scoring at least the
        company's threshold (every sale line a line buys for)."""
        for order in po_lines.order_id.filtered("company_id.jit_auto_confirm"):
            threshold = order.company_id.jit_auto_confirm_threshold
            lines = order.order_line.filtered(lambda l: not l.display_type)
            if all(
                line.jit_sale_line_ids
                and all(s.score >= threshold for s in line.jit_selection_ids)
                for line in lines
            ):
                order.button_confirm()

    def _update_purchase_order_line(
        self, product_id, product_qty, product_uom, company_id, values, line
    ):
        res = super()._update_purchase_order_line(
            product_id, product_qty, product_uom, company_id, values, line
        )
        if values.get("jit_selection"):
            # Linked after the buy, from the sale line's side: a link written
            # on the purchase line makes the ORM read every sale line the line
            # buys for, a number that grows with a shared RFQ. Odoo's merged
            # procurements copy their values, not the selection they hold.
            values["jit_selection"]["purchase_line_id"] = line.id
        return res

    @api.model
    def _jit_link_grown_lines(self, selections):
        """Link the sale lines of ``selections`` to the existing purchase
        lines Odoo grew for them (``_update_purchase_order_line``); lines it
        created were linked at creation."""
        sale_lines_of = defaultdict(set)
        for selection in selections:
            if selection.get("purchase_line_id"):
                sale_lines_of[selection["purchase_line_id"]].add(
                    selection["sale_line_id"]
                )
        for po_line_id, sale_line_ids in sale_lines_of.items():
            self.env["sale.order.line"].sudo().browse(sale_line_ids).write(
                {"jit_purchase_line_ids": [Command.link(po_line_id)]}
            )

    @api.model
    def _get_procurements_to_merge_groupby(self, procurement):
        # A procurement per sale line within a batch: each is linked to the
        # purchase line and explained on its own.
        return (
            *super()._get_procurements_to_merge_groupby(procurement),
            "jit_selection" in procurement.values
            and procurement.values.get("sale_line_id"),
        )

    def _notify_responsible(self, procurement):
        res = super()._notify_responsible(procurement)
        selection = procurement.values.get("jit_selection")
        if selection:
            order = (
                self.env["sale.order.line"]
                .browse(procurement.values["sale_line_id"])
                .order_id.sudo()
            )
            order.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=self.env._(
                    "No vendor to buy %s", procurement.product_id.display_name
                ),
                note=plaintext2html(selection["reason"]),
                user_id=order.user_id.id or self.env.user.id,
            )
        return res
