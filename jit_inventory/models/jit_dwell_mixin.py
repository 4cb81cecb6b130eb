# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class JitDwellMixin(models.AbstractModel):
    """Dwell smart button of a document: count and mean dwell of the quantities
    delivered to customers linked to it through ``_jit_dwell_field`` of the
    dwell records."""

    _name = "jit.dwell.mixin"
    _description = "JIT Dwell Smart Button"
    _jit_dwell_field = None  # field of jit.dwell.record pointing to the document

    jit_dwell_count = fields.Integer(
        string="Deliveries",
        compute="_compute_jit_dwell",
        groups="jit_inventory.group_jit_user",
    )
    jit_dwell_mean_hours = fields.Float(
        string="Mean dwell (hours)",
        compute="_compute_jit_dwell",
        groups="jit_inventory.group_jit_user",
        help="Mean dwell of the delivered quantities matched to receipts, "
        "weighted by quantity.",
    )

    def _jit_dwell_domain(self):
        return [
            (self._jit_dwell_field, "in", self.ids),
            ("is_open", "=", False),
            ("kind_out", "=", "delivery"),
        ]

    @api.model
    def _jit_dwell_figures(self, domain, groupby=None):
        """The mean dwell definition shared by smart buttons and dashboard (and
        the Dwell KPIs report): mean dwell of the delivered quantities of the
        dwell records of ``domain``, weighted by quantity, and the number of
        customer deliveries (delivery moves) behind it. Returns
        ``{group value: (deliveries, mean hours)}`` per value of the field path
        ``groupby`` of jit.dwell.record, or ``{None: ...}`` without it."""
        Record = self.env["jit.dwell.record"]
        query = Record._search(domain)
        key = (
            Record._read_group_groupby(Record._table, groupby, query)
            if groupby
            else SQL("NULL")
        )
        t = SQL.identifier(Record._table)
        self.env.cr.execute(
            SQL(
                """
                SELECT %(key)s, COUNT(DISTINCT %(t)s.move_out_id),
                       SUM(%(t)s.quantity * %(t)s.dwell_hours)
                           / NULLIF(SUM(%(t)s.quantity), 0)
                  FROM %(from)s
                 WHERE %(where)s
              GROUP BY 1
                """,
                key=key,
                t=t,
                **{
                    "from": query.from_clause,
                    "where": query.where_clause or SQL("TRUE"),
                },
            )
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    def _compute_jit_dwell(self):
        figures = self._jit_dwell_figures(
            self._jit_dwell_domain(), self._jit_dwell_field
        )
        for record in self:
            count, mean = figures.get(record.id, (0, None))
            record.jit_dwell_count = count
            record.jit_dwell_mean_hours = mean or 0.0

    def action_jit_open_dwell(self):
        if not self._jit_dwell_field:
            raise UserError(
                self.env._(
                    "Dwell records are opened from a sale order, a purchase "
                    "order or a product."
                )
            )
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jit_inventory.jit_dwell_record_action"
        )
        action["domain"] = self._jit_dwell_domain()
        action["context"] = {"search_default_filter_delivered": 1}
        return action
