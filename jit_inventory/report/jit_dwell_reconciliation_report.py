# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class JitDwellReconciliationReport(models.Model):
    """Where the open dwell quantity differs from the quantity on hand, per
    product, warehouse and lot: on hand is the sum of the quants in the
    warehouse's internal locations. Empty when dwell time is complete."""

    _name = "jit.dwell.reconciliation.report"
    _description = "JIT Dwell Reconciliation"
    _auto = False
    _order = "company_id, product_id, warehouse_id, lot_id"

    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    quantity_open = fields.Float(
        string="Open dwell quantity", digits="Product Unit", readonly=True
    )
    quantity_on_hand = fields.Float(digits="Product Unit", readonly=True)
    difference = fields.Float(
        digits="Product Unit",
        readonly=True,
        help="Open dwell quantity minus quantity on hand.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                WITH open_dwell AS (
                    SELECT company_id, product_id, warehouse_id, lot_id,
                           SUM(quantity) AS quantity
                      FROM jit_dwell_record
                     WHERE is_open
                       AND generation = (SELECT generation FROM jit_dwell_state)
                  GROUP BY company_id, product_id, warehouse_id, lot_id
                ), on_hand AS (
                    SELECT quant.company_id, quant.product_id, location.warehouse_id,
                           quant.lot_id, SUM(quant.quantity) AS quantity
                      FROM stock_quant quant
                      JOIN stock_location location
                        ON location.id = quant.location_id
                     WHERE location.usage = 'internal'
                       AND location.warehouse_id IS NOT NULL
                  GROUP BY quant.company_id, quant.product_id, location.warehouse_id,
                           quant.lot_id
                ), compared AS (
                    SELECT COALESCE(d.company_id, h.company_id) AS company_id,
                           COALESCE(d.product_id, h.product_id) AS product_id,
                           COALESCE(d.warehouse_id, h.warehouse_id) AS warehouse_id,
                           COALESCE(d.lot_id, h.lot_id) AS lot_id,
                           COALESCE(d.quantity, 0) AS quantity_open,
                           COALESCE(h.quantity, 0) AS quantity_on_hand
                      FROM open_dwell d
                 FULL JOIN on_hand h
                        ON (d.company_id, d.product_id, d.warehouse_id)
                           = (h.company_id, h.product_id, h.warehouse_id)
                       AND d.lot_id IS NOT DISTINCT FROM h.lot_id
                )
                SELECT row_number() OVER (
                           ORDER BY company_id, product_id, warehouse_id, lot_id
                       ) AS id,
                       compared.*, quantity_open - quantity_on_hand AS difference
                  FROM compared
                 WHERE round((quantity_open - quantity_on_hand)::numeric,
                             (SELECT digits FROM decimal_precision
                               WHERE name = 'Product Unit')) != 0
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
