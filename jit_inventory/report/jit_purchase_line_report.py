# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class JitPurchaseLineReport(models.Model):
    """Delivery facts of each confirmed purchase line: what was due, what came,
    when, and what went back. The vendor scores are aggregated from it; whether
    a line is due depends on the day, so that is decided by the reader."""

    _name = "jit.purchase.line.report"
    _description = "JIT Purchase Line Deliveries"
    _auto = False
    _order = "date_planned desc, id desc"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    order_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_approve = fields.Datetime(string="Confirmed On", readonly=True)
    date_planned = fields.Datetime(string="Expected On", readonly=True)
    date_first_receipt = fields.Datetime(string="First Receipt", readonly=True)
    qty_ordered = fields.Float(string="Ordered", readonly=True)
    qty_received = fields.Float(string="Received", readonly=True)
    qty_on_time = fields.Float(string="Received On Time", readonly=True)
    qty_returned = fields.Float(string="Returned", readonly=True)
    lead_time_days = fields.Float(
        string="Lead Time (days)", aggregator="avg", readonly=True
    )
    price_unit = fields.Float(string="Unit Price", aggregator="avg", readonly=True)

    def _select(self):
        return SQL(
            """
            SELECT line.id,
                   po.company_id,
                   po.partner_id,
                   line.product_id,
                   tmpl.categ_id,
                   line.order_id,
                   po.currency_id,
                   po.date_approve,
                   line.date_planned,
                   moves.date_first_receipt,
                   line.product_uom_qty AS qty_ordered,
                   COALESCE(moves.qty_received, 0) AS qty_received,
                   COALESCE(moves.qty_on_time, 0) AS qty_on_time,
                   COALESCE(moves.qty_returned, 0) AS qty_returned,
                   EXTRACT(EPOCH FROM moves.date_first_receipt - po.date_approve)
                       / 86400.0 AS lead_time_days,
                   line.price_unit
            """
        )

    def _from(self):
        return SQL(
            """
              FROM purchase_order_line line
              JOIN purchase_order po ON po.id = line.order_id
              JOIN res_company company ON company.id = po.company_id
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
         LEFT JOIN (%s) moves ON moves.purchase_line_id = line.id
            """,
            self._moves(),
        )

    def _moves(self):
        """Done receipts and returns to vendor per purchase line, in the
        product's unit."""
        return SQL(
            """
            SELECT move.purchase_line_id,
                   MIN(move.date) FILTER (WHERE src.usage = 'supplier')
                       AS date_first_receipt,
                   SUM(move.product_qty) FILTER (WHERE src.usage = 'supplier')
                       AS qty_received,
                   SUM(move.product_qty) FILTER (
                       WHERE src.usage = 'supplier'
                         AND move.date::date <= pol.date_planned::date
                             + COALESCE(company.jit_on_time_tolerance_days, 0)
                   ) AS qty_on_time,
                   SUM(move.product_qty) FILTER (WHERE dest.usage = 'supplier')
                       AS qty_returned
              FROM stock_move move
              JOIN purchase_order_line pol ON pol.id = move.purchase_line_id
              JOIN res_company company ON company.id = move.company_id
              JOIN stock_location src ON src.id = move.location_id
              JOIN stock_location dest ON dest.id = move.location_dest_id
             WHERE move.state = 'done'
               AND (src.usage = 'supplier') != (dest.usage = 'supplier')
          GROUP BY move.purchase_line_id
            """
        )

    def _where(self):
        return SQL(
            "WHERE po.state IN ('purchase', 'done') AND line.display_type IS NULL"
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s %s %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
                self._where(),
            )
        )
