# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class JitLeadTimeDriftReport(models.Model):
    """Declared versus measured lead time of each vendor and product with
    receipts in the scoring window: one row per stored product score, beside
    the price line whose delay Odoo plans with (``_jit_declared_sql``)."""

    _name = "jit.lead.time.drift.report"
    _description = "JIT Lead Time Drift"
    _auto = False
    _order = "drift_p90 desc, id"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo", string="Price Line", readonly=True
    )
    score_id = fields.Many2one("jit.vendor.score", readonly=True)
    declared = fields.Integer(
        string="Declared (days)",
        aggregator="avg",
        readonly=True,
        help="Delay of the price line: what Odoo plans purchases with.",
    )
    lead_time_count = fields.Integer(string="Receipts measured", readonly=True)
    lead_time_p50 = fields.Float(
        string="Measured P50 (days)", aggregator="avg", readonly=True
    )
    lead_time_p90 = fields.Float(
        string="Measured P90 (days)", aggregator="avg", readonly=True
    )
    lead_time_expected_p50 = fields.Float(
        string="Expected P50 (days)",
        aggregator="avg",
        readonly=True,
        help="Measured P50 shrunk toward the declared delay (see the score).",
    )
    lead_time_expected_p90 = fields.Float(
        string="Expected P90 (days)",
        aggregator="avg",
        readonly=True,
        help="Measured P90 shrunk toward the declared delay (see the score).",
    )
    drift_p50 = fields.Float(
        string="Drift P50 (days)",
        aggregator="avg",
        readonly=True,
        help="Measured P50 minus declared delay: positive when slower than declared.",
    )
    drift_p90 = fields.Float(
        string="Drift P90 (days)",
        aggregator="avg",
        readonly=True,
        help="Measured P90 minus declared delay: positive when slower than declared.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                SELECT score.id, score.id AS score_id, score.company_id,
                       score.partner_id, score.product_id,
                       price_line.id AS supplierinfo_id,
                       price_line.delay AS declared,
                       score.lead_time_count, score.lead_time_p50,
                       score.lead_time_p90, score.lead_time_expected_p50,
                       score.lead_time_expected_p90,
                       score.lead_time_p50 - price_line.delay AS drift_p50,
                       score.lead_time_p90 - price_line.delay AS drift_p90
                  FROM jit_vendor_score score
                  JOIN LATERAL (%(declared)s) price_line ON TRUE
                 WHERE score.product_id IS NOT NULL
                   AND score.lead_time_count > 0
                )
                """,
                view=SQL.identifier(self._table),
                declared=self.env["jit.vendor.score"]._jit_declared_sql(
                    SQL("score.company_id"),
                    SQL("score.partner_id"),
                    SQL("score.product_id"),
                    SQL("CURRENT_DATE"),
                ),
            )
        )

    def action_jit_declare_p50(self):
        """Set the delay of the selected price lines to the expected P50."""
        return self._jit_declare("p50")

    def action_jit_declare_p90(self):
        """Set the delay of the selected price lines to the expected P90."""
        return self._jit_declare("p90")

    def _jit_declare(self, quantile):
        """Write the expected ``quantile`` (rounded up to whole days) as the
        delay of the rows' price lines, say so in each vendor's chatter and
        recompute the vendors' scores (JIT managers only)."""
        if not self.env.user.has_group("jit_inventory.group_jit_manager"):
            raise AccessError(
                self.env._("Only JIT managers can update declared lead times.")
            )
        if not self:
            raise UserError(self.env._("Select the lines to update."))
        label = {"p50": "P50", "p90": "P90"}[quantile]
        changes = defaultdict(list)
        for row in self:
            days = math.ceil(round(row[f"lead_time_expected_{quantile}"], 2))
            info = row.supplierinfo_id.sudo()
            if info.delay != days:
                changes[row.partner_id].append((info, info.delay, days))
                info.delay = days
        for partner, lines in changes.items():
            items = Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(product)s: %(old)s → %(new)s days",
                    product=info.product_id.display_name
                    or info.product_tmpl_id.display_name,
                    old=old,
                    new=new,
                )
                for info, old, new in lines
            )
            partner.sudo().message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "Declared lead time set to the measured %s, shrunk "
                        "toward the declared delay (JIT lead time drift):",
                        label,
                    ),
                    items,
                ),
                author_id=self.env.user.partner_id.id,
            )
        if changes:
            self.env["jit.vendor.score"].sudo()._jit_recompute(
                companies=self.company_id,
                partners=self.env["res.partner"].union(*changes),
            )
            self.invalidate_model()
        return {"type": "ir.actions.client", "tag": "reload"}
