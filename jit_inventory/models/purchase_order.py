# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import plaintext2html

from ..const import STANDINGS
from ..utils import selection_label

_logger = logging.getLogger(__name__)


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "jit.dwell.mixin", "jit.vendor.selection.mixin"]
    _jit_dwell_field = "purchase_id"
    _jit_selection_field = "purchase_order_id"

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # Confirmed or cancelled lines enter or leave the delivery facts.
            self.env["jit.vendor.score.queue"]._jit_enqueue_lines(
                self.filtered(lambda o: o.state in ("purchase", "cancel")).order_line
            )
        return res

    # ------------------------------------------------------------------
    # Disruption fallback
    # ------------------------------------------------------------------
    @api.model
    def _jit_cron_reroute(self):
        """Give the JIT lines of RFQs that their vendor left unconfirmed too
        long, or whose vendor became excluded by its standing, to the
        next-best vendor. Each company on its own: a failure is logged and the
        others go on."""
        companies = self.env["res.company"].search([("jit_procurement", "=", True)])
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self._jit_reroute(self._jit_get_orders_to_reroute(company))
            except Exception:
                _logger.exception("JIT re-routing failed for company %s", company.id)

    @api.model
    def _jit_get_orders_to_reroute(self, companies=None):
        """Return ``{purchase.order: reason}`` of the RFQs to re-route (of
        ``companies``, else of all)."""
        domain = [
            ("state", "in", ("draft", "sent")),
            ("company_id.jit_procurement", "=", True),
            ("order_line.jit_sale_line_ids", "!=", False),
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

    @api.model
    def _jit_reroute(self, reasons):
        """Move the JIT lines of the RFQs of ``reasons`` (``{order: reason}``)
        to the next-best vendor, in one procurement run for all of them.

        Lines we did not create stay on their RFQ, which is cancelled only when
        nothing is left on it. An RFQ some JIT line of which has no other
        vendor keeps all its lines and gets an activity; so does one with
        lines of archived products, which are not re-routed."""
        rule_model = self.env["stock.rule"]
        candidates = {}
        for order, reason in reasons.items():
            lines = order.order_line.filtered("jit_sale_line_ids")
            archived = lines.filtered(lambda l: not l.product_id.active)
            if archived:
                order._jit_reroute_warn(
                    self.env._(
                        "%(reason)s Not re-routed, the product is archived: "
                        "%(products)s.",
                        reason=reason,
                        products=", ".join(archived.product_id.mapped("display_name")),
                    )
                )
            if lines - archived:
                candidates[order] = (
                    lines - archived,
                    (lines - archived)._jit_prepare_reprocurements(),
                )
        # A dry run of the vendor selection, for all RFQs at once.
        selections = iter(
            rule_model._jit_select_vendors(
                [
                    p
                    for _lines, procurements in candidates.values()
                    for p in procurements
                ]
            )
        )
        to_move = {}
        for order, (lines, procurements) in candidates.items():
            found = [next(selections)["supplierinfo_id"] for _p in procurements]
            if procurements and all(found):
                to_move[order] = (lines, procurements)
            else:
                order._jit_reroute_warn(
                    self.env._(
                        "%s No other vendor can take it: follow it up or buy by hand.",
                        reasons[order],
                    )
                )
        if not to_move:
            return
        moved_lines = self.env["purchase.order.line"].union(
            *(lines for lines, _procurements in to_move.values())
        )
        old_orders = moved_lines.order_id
        sale_lines = moved_lines.jit_sale_line_ids
        order_by_sale_line = {
            sale_line: line.order_id
            for line in moved_lines
            for sale_line in line.jit_sale_line_ids
        }
        products = {
            order: ", ".join(lines.product_id.mapped("display_name"))
            for order, (lines, _procurements) in to_move.items()
        }
        # Detach the lines from the moves they fed before dropping them, so
        # the moves wait for the new lines instead of being cancelled.
        moved_lines.move_dest_ids = [Command.clear()]
        moved_lines.unlink()
        old_orders.filtered(
            lambda o: not o.order_line.filtered(lambda l: not l.display_type)
        ).button_cancel()
        rule_model.run(
            [p for _lines, procurements in to_move.values() for p in procurements]
        )
        new_lines = self.env["purchase.order.line"].search(
            [
                ("jit_sale_line_ids", "in", sale_lines.ids),
                ("order_id.state", "in", ("draft", "sent")),
                ("order_id", "not in", old_orders.ids),
            ]
        )
        for order in to_move:
            targets = new_lines.filtered(
                lambda l, order=order: any(
                    order_by_sale_line.get(sale_line) == order
                    for sale_line in l.jit_sale_line_ids
                )
            ).order_id
            order.message_post(
                body=self.env._(
                    "%(reason)s Re-routed %(products)s to %(orders)s.",
                    reason=reasons[order],
                    products=products[order],
                    orders=", ".join(targets.mapped("name")),
                )
            )
            for target in targets:
                target.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("JIT RFQ re-routed"),
                    note=plaintext2html(
                        self.env._(
                            "Re-routed from %(old)s: %(reason)s",
                            old=order.name,
                            reason=reasons[order],
                        )
                    ),
                    user_id=target.user_id.id or order.user_id.id or self.env.uid,
                )

    def _jit_reroute_warn(self, note):
        """Ask the buyer of this RFQ to follow it up by hand."""
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("JIT RFQ needs attention"),
            note=plaintext2html(note),
            user_id=self.user_id.id or self.env.uid,
        )

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
                        standing=selection_label(
                            order, "jit_vendor_standing", standing
                        ),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return res
