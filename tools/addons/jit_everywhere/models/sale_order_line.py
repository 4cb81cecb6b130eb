# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import models

_logger = logging.getLogger(__name__)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _action_launch_stock_rule(self, **kwargs):
        """Log how many goods lines JIT procures, so the harness can prove that
        the tests it runs really go through JIT (``tools/odoo_suites_report.py``)."""
        goods = self.filtered(
            lambda line: line.product_id.type == "consu" and not line.display_type
        )
        if goods:
            managed = goods.filtered(
                lambda line: line.product_id._jit_is_managed(line.company_id)
            )
            jit = managed.filtered(lambda line: line._jit_is_procured())
            own_routes = jit.filtered(
                lambda line: (
                    line.product_id.route_ids | line.product_id.categ_id.total_route_ids
                )
            )
            _logger.info(
                "jit_everywhere: %d of %d goods sale lines procured JIT "
                "(%d JIT-managed, %d JIT with routes of their own: %s)",
                len(jit),
                len(goods),
                len(managed),
                len(own_routes),
                ", ".join(
                    own_routes.product_id.route_ids.mapped("name")
                    + own_routes.product_id.categ_id.total_route_ids.mapped("name")
                ),
            )
        return super()._action_launch_stock_rule(**kwargs)
