# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models

from .res_company import STANDINGS

_logger = logging.getLogger(__name__)


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "jit.dwell.mixin"]
    _jit_dwell_field = "purchase_id"

    jit_selection_count = fields.Integer(
        string="Vendor Choices", compute="_compute_jit_selection_count"
    )

    @api.depends("order_line.jit_selection_ids")
    def _compute_jit_selection_count(self):
        counts = dict(
            self.env["jit.vendor.selection"]._read_group(
                [("purchase_order_id", "in", self.ids)],
                ["purchase_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.jit_selection_count = counts.get(order, 0)

    def action_jit_open_selections(self):
        self.ensure_one()
        return self.order_line.jit_selection_ids._jit_get_action()

    # ------------------------------------------------------------------
    # Disruption fallback
    # ------------------------------------------------------------------
    @api.model
    def _jit_cron_reroute(self):
        """Give JIT RFQs that their vendor left unconfirmed too long, or whose
        vendor became excluded by its standing, to the next-best vendor. Each
        company on its own: a failure is logged and the others go on."""
        companies = self.env["res.company"].search([("jit_procurement", "=", True)])
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    orders = self._jit_get_orders_to_reroute(company)
                    for order, reason in orders.items():
                        order._jit_reroute(reason)
            except Exception:
                _logger.exception("JIT re-routing failed for company %s", company.id)

    @api.model
    def _jit_get_orders_to_reroute(self, companies=None):
        """Return ``{purchase.order: reason}`` of the RFQs to re-route (of
        ``companies``, else of all)."""
        domain = [
            ("state", "in", ("draft", "sent")),
            ("company_id.jit_procurement", "=", True),
            ("order_line.jit_sale_line_id", "!=", False),
        ]
        if companies:
            domain.append(("company_id", "in", companies.ids))
        orders = self.search(domain)
        scores = (
            self.env["jit.vendor.score"]
            .sudo()
            .search(
                [
                    ("company_id", "in", orders.company_id.ids),
                    ("partner_id", "in", orders.partner_id.ids),
                    ("product_id", "=", False),
                ]
            )
        )
        excluded = {
            (score.company_id, score.partner_id)
            for score in scores
            if score.company_id._jit_get_standing_policy(score.standing) == "exclude"
        }
        now = fields.Datetime.now()
        result = {}
        for order in orders:
            days = order.company_id.jit_vendor_confirm_days
            if (order.company_id, order.partner_id) in excluded:
                result[order] = self.env._(
                    "%s is now excluded by its standing.", order.partner_id.name
                )
            elif order.create_date <= now - timedelta(days=days):
                result[order] = self.env._(
                    "%(vendor)s did not confirm within %(days)s days.",
                    vendor=order.partner_id.name,
                    days=days,
                )
        return result

    def _jit_reroute(self, reason):
        """Cancel this RFQ and procure its JIT lines again without its vendor,
        if every line has another vendor; tell the buyer either way."""
        self.ensure_one()
        jit_lines = self.order_line.filtered("jit_sale_line_id")
        moves = jit_lines.move_dest_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        excluded = self.partner_id.ids
        procurements = []
        for move in moves:
            values = dict(move._prepare_procurement_values())
            values["jit_excluded_partner_ids"] = excluded
            procurements.append(
                self.env["stock.rule"].Procurement(
                    move.product_id,
                    move.product_uom_qty,
                    move.product_uom,
                    move.location_id,
                    move.rule_id.name or "/",
                    move._prepare_procurement_origin(),
                    move.company_id,
                    values,
                )
            )
        if not procurements or not self._jit_has_alternatives(procurements):
            self.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=self.env._("JIT RFQ needs attention"),
                note=self.env._(
                    "%s No other vendor can take it: follow it up or buy by hand.",
                    reason,
                ),
                user_id=self.user_id.id or self.env.uid,
            )
            return
        self.button_cancel()
        moves.procure_method = "make_to_order"
        self.env["stock.rule"].run(procurements)
        new_orders = self.search(
            [
                ("order_line.jit_sale_line_id", "in", jit_lines.jit_sale_line_id.ids),
                ("state", "in", ("draft", "sent")),
            ]
        )
        self.message_post(
            body=self.env._(
                "%(reason)s Re-routed to %(orders)s.",
                reason=reason,
                orders=", ".join(new_orders.mapped("name")),
            )
        )
        for order in new_orders:
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("JIT RFQ re-routed"),
                note=self.env._(
                    "Re-routed from %(old)s: %(reason)s", old=self.name, reason=reason
                ),
                user_id=order.user_id.id or self.user_id.id or self.env.uid,
            )

    def _jit_has_alternatives(self, procurements):
        """Whether each procurement would find a vendor (a dry run)."""
        rule_model = self.env["stock.rule"]
        for procurement in procurements:
            rule = rule_model._get_rule(
                procurement.product_id, procurement.location_id, procurement.values
            )
            supplier = rule._get_matching_supplier(
                procurement.product_id,
                procurement.product_qty,
                procurement.product_uom,
                procurement.company_id,
                dict(procurement.values),
            )
            if not supplier:
                return False
        return True

    jit_vendor_standing = fields.Selection(
        STANDINGS,
        string="Vendor Standing",
        compute="_compute_jit_vendor_standing",
        groups="base.group_user",
        help="The vendor's standing from its stored JIT score in this company.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_jit_vendor_standing(self):
        standings = self.env["res.partner"]._jit_get_standings(
            self.partner_id.commercial_partner_id, self.company_id
        )
        for order in self:
            order.jit_vendor_standing = standings.get(
                (order.partner_id.commercial_partner_id.id, order.company_id.id)
            )

    def button_confirm(self):
        res = super().button_confirm()
        for order in self:
            standing = order.jit_vendor_standing
            if (
                standing
                and order.company_id._jit_get_standing_policy(standing) == "warn"
            ):
                order.message_post(
                    body=self.env._(
                        "Confirmed with %(vendor)s although its JIT standing is "
                        "%(standing)s.",
                        vendor=order.partner_id.display_name,
                        standing=dict(STANDINGS)[standing],
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return res
