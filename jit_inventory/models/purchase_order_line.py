# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    jit_sale_line_ids = fields.Many2many(
        "sale.order.line",
        "jit_purchase_line_sale_line_rel",
        "purchase_line_id",
        "sale_line_id",
        string="JIT Sale Lines",
        copy=False,
        readonly=True,
        check_company=True,
        help="Sale order lines this line buys for, just in time. Like Odoo, "
        "one line of an RFQ buys a product for all the sale lines that need "
        "it from this vendor.",
    )
    is_jit = fields.Boolean(
        string="JIT Line",
        copy=False,
        readonly=True,
        help="Bought just in time for sale lines: only their needs grow it.",
    )
    jit_sale_order_ids = fields.Many2many(
        "sale.order",
        string="JIT Sale Orders",
        compute="_compute_jit_sale_order_ids",
    )
    jit_selection_ids = fields.One2many(
        "jit.vendor.selection", "purchase_line_id", string="Vendor Selections"
    )

    jit_expected_lead_time = fields.Float(
        string="Measured Lead Time (days)",
        compute="_compute_jit_expected",
        compute_sudo=True,
        help="The vendor's P90 lead time for the product (for all its products "
        "without history of this one), measured and shrunk toward the declared "
        "delay of its price line.",
    )
    jit_expected_date = fields.Datetime(
        string="Measured Expectation",
        compute="_compute_jit_expected",
        compute_sudo=True,
        help="Confirmation date (until confirmed: the order date, or now when "
        "it is past) plus the measured P90 lead time. Odoo's expected arrival "
        "stays planned from the declared delay; on-time rates measure against "
        "it.",
    )

    @api.depends("jit_sale_line_ids")
    def _compute_jit_sale_order_ids(self):
        for line in self:
            line.jit_sale_order_ids = line.jit_sale_line_ids.order_id

    def write(self, vals):
        res = super().write(vals)
        if {"date_planned", "product_qty", "product_uom_id"} & vals.keys():
            # The delivery facts of a confirmed line follow its plan.
            self.env["jit.vendor.score.queue"]._jit_enqueue_lines(
                self.filtered(lambda line: line.state == "purchase")
            )
        return res

    @api.depends(
        "product_id",
        "partner_id",
        "selected_seller_id",
        "order_id.date_approve",
        "order_id.date_order",
    )
    def _compute_jit_expected(self):
        """Read the stored scores of all lines' vendors and products at once."""
        lines = self.filtered(lambda l: l.product_id and l.partner_id)
        (self - lines).update(
            {"jit_expected_lead_time": 0.0, "jit_expected_date": False}
        )
        stored = {}
        for company in lines.company_id:
            company_lines = lines.filtered(lambda l, c=company: l.company_id == c)
            stored.update(
                {
                    (company.id, *key): score
                    for key, score in self.env["jit.vendor.score"]
                    ._jit_get_stored(
                        company_lines.partner_id, company_lines.product_id, company
                    )
                    .items()
                }
            )
        now = fields.Datetime.now()
        for line in lines:
            score = stored.get(
                (line.company_id.id, line.partner_id.id, line.product_id.id)
            ) or stored.get((line.company_id.id, line.partner_id.id, False))
            lead_time = (score or self.env["jit.vendor.score"])._jit_expected_lead_time(
                line.selected_seller_id.delay
            )
            order = line.order_id
            start = order.date_approve or max(order.date_order or now, now)
            line.jit_expected_lead_time = lead_time
            line.jit_expected_date = start + timedelta(days=lead_time)

    @api.model
    def _prepare_purchase_order_line_from_procurement(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        po,
    ):
        res = super()._prepare_purchase_order_line_from_procurement(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            po,
        )
        if "jit_selection" in values:
            res["is_jit"] = True
            res["jit_sale_line_ids"] = [Command.link(values["sale_line_id"])]
        return res

    def _find_candidate(
        self,
        product_id,
        product_qty,
        product_uom,
        location_id,
        name,
        origin,
        company_id,
        values,
    ):
        return super(
            PurchaseOrderLine, self._jit_mergeable_lines(values)
        )._find_candidate(
            product_id,
            product_qty,
            product_uom,
            location_id,
            name,
            origin,
            company_id,
            values,
        )

    def _jit_mergeable_lines(self, values):
        """Return the lines of ``self`` a procurement of ``values`` may grow.

        JIT needs and other needs never share a line. A JIT need that feeds
        moves grows a JIT line as Odoo grows its own, whatever sale line the
        line already buys for (the moves trace each sale line's share); a
        dropship need, which feeds none, and a decrease only meet their own
        sale line's lines."""
        if "jit_selection" not in values:
            return self.filtered(lambda line: not line.is_jit)
        if values["jit_selection"] and values.get("move_dest_ids"):
            # Odoo links only dropship lines, which feed no move, to their
            # sale line (``sale_line_id``).
            return self.filtered(lambda line: line.is_jit and not line.sale_line_id)
        sale_line = self.env["sale.order.line"].sudo().browse(values["sale_line_id"])
        return self & sale_line.jit_purchase_line_ids

    def _jit_prepare_reprocurements(self):
        """Return the procurements that buy again what these JIT lines buy,
        without the lines' vendor, built as Odoo builds them: from the moves
        they feed (quantities from ``_prepare_procurement_qty``), or, for a
        line that feeds no move (a dropship), from its sale line."""
        moves = self.move_dest_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        excluded = {"jit_excluded_partner_ids": self.partner_id.ids}
        procurements = []
        for line in self.filtered(lambda l: not l.move_dest_ids and l.sale_line_id):
            sale_line = line.sale_line_id.with_company(line.company_id)
            procurements += sale_line._create_procurements(
                line.product_uom_qty,
                line.product_id.uom_id,
                dict(sale_line._prepare_procurement_values(), **excluded),
            )
        for move, qty in zip(moves, moves._prepare_procurement_qty(), strict=True):
            values = dict(move._prepare_procurement_values(), **excluded)
            procurements.append(
                self.env["stock.rule"].Procurement(
                    move.product_id,
                    qty,
                    move.product_uom,
                    move.location_id,
                    move.rule_id.name or "/",
                    move._prepare_procurement_origin(),
                    move.company_id,
                    values,
                )
            )
        return procurements

    def action_jit_open_selection(self):
        """Open the explanation of this line's vendor selection."""
        self.ensure_one()
        return self.jit_selection_ids._jit_get_action()
