# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

MTO_ROUTE_PARAM = "jit_inventory.mto_route_was_active"


def pre_init_hook(env):
    """Remember whether Odoo's make-to-order route was active before JIT
    procurement could unarchive it."""
    route = env.ref("stock.route_warehouse0_mto", raise_if_not_found=False)
    if route:
        env["ir.config_parameter"].sudo().set_param(
            MTO_ROUTE_PARAM, "1" if route.active else "0"
        )


def uninstall_hook(env):
    """Give Odoo's make-to-order route back the state it had before the
    install; drop the table of a dwell rebuild in progress, which is no
    model's."""
    env.cr.execute(SQL("DROP TABLE IF EXISTS jit_dwell_record_next"))
    params = env["ir.config_parameter"].sudo()
    was_active = params.get_param(MTO_ROUTE_PARAM)
    route = env.ref("stock.route_warehouse0_mto", raise_if_not_found=False)
    if route and was_active is not None:
        route.sudo().active = was_active == "1"
    params.search([("key", "=", MTO_ROUTE_PARAM)]).unlink()
