# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.jit_dwell_record import ARRIVAL_KINDS


class JitDwellAgingReport(models.Model):
    """Open stock (arrived, still on hand) by age bucket; the bucket edges
    are the company's aging buckets in days, as parsed once on the company."""

    _name = "jit.dwell.aging.report"
    _description = "JIT Open Stock Aging"
    _auto = False
    _order = "age_days desc"

    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    vendor_id = fields.Many2one("res.partner", readonly=True)
    record_id = fields.Many2one(
        "jit.dwell.record", string="Dwell Record", readonly=True
    )
    quantity = fields.Float(digits="Product Unit", readonly=True)
    kind_in = fields.Selection(ARRIVAL_KINDS, string="Arrival", readonly=True)
    date_in = fields.Datetime(string="Arrived", readonly=True)
    age_days = fields.Float(string="Age (days)", aggregator="avg", readonly=True)
    age_bucket = fields.Selection(
        selection="_selection_age_bucket",
        string="Aging bucket",
        readonly=True,
        group_expand=True,
    )
    within_target = fields.Boolean(readonly=True)

    @api.model
    def _selection_age_bucket(self):
        """The buckets of the current company, in their order (keys "00",
        "01", ... sort as the buckets; grouped, every bucket is listed)."""
        labels = self.env.company._jit_get_dwell_bucket_labels()
        return [(f"{n:02d}", label) for n, label in enumerate(labels)]

    def _select(self):
        return SQL(
            """
            SELECT r.id, r.id AS record_id, r.company_id, r.product_id, r.categ_id,
                   r.lot_id, r.warehouse_id, r.vendor_id, r.kind_in, r.quantity,
                   r.date_in,
                   age.days AS age_days,
                   age.days * 24 <= r.target_hours AS within_target,
                   lpad(bucket.n::text, 2, '0') AS age_bucket
            """
        )

    def _from(self):
        return SQL(
            """
            FROM jit_dwell_record r
            JOIN res_company company ON company.id = r.company_id
            CROSS JOIN LATERAL (
                SELECT string_to_array(company.jit_dwell_bucket_days, ',')::float8[]
                       AS e
            ) edges
            CROSS JOIN LATERAL (
                SELECT EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - r.date_in)
                       / 86400 AS days
            ) age
            CROSS JOIN LATERAL (SELECT width_bucket(age.days, edges.e) AS n) bucket
            """
        )

    def _where(self):
        return SQL(
            "WHERE r.is_open AND r.generation = "
            "(SELECT generation FROM jit_dwell_state)"
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
