"""Benchmark: one salesperson confirming small orders into a shared RFQ.

The single-threaded cost behind ``bench_load.py``: ORDERS orders of 3 lines are
confirmed one after the other, plain Odoo MTO + Buy and JIT interleaved, each kind
with its own vendors on *Group RFQ: Always* (each kind grows its own draft RFQ, as
in the load test). Both merge the needs of the same product into one purchase
line (JIT links it to every sale line it buys for). For windows of orders it
prints the median time per confirmation of each kind, their ratio, the lines of each
RFQ and the time Odoo's ``purchase.order._amount_all`` (the RFQ's totals, recomputed
over all its lines) takes per confirmation. The caches are emptied before each
confirmation, as for a new request; everything is rolled back at the end.

It also prints how many sale lines each JIT purchase line buys for at the end:
a confirmation must not cost more as that number grows (a draft RFQ on *Always*
collects every need of its vendor until a buyer confirms it).

Usage (a database with jit_inventory installed, e.g. the test database):
    tools/dev.sh odoo shell -d jit_test --no-http < bench/bench_rfq_growth.py
Options go in ``BENCH_ARGS`` (the shell keeps its command line for itself), e.g.
``BENCH_ARGS="--orders 1000"`` (default 60): the windows are the first, middle
and last 10 orders.
"""

import argparse
import os
import shlex
import statistics
import time

from odoo import Command

from odoo.addons.purchase.models.purchase_order import PurchaseOrder

parser = argparse.ArgumentParser(prog="bench_rfq_growth.py")
parser.add_argument("--orders", type=int, default=60)
ORDERS = parser.parse_args(shlex.split(os.environ.get("BENCH_ARGS", ""))).orders
if ORDERS < 30:
    parser.error("--orders must be at least 30 (three windows of 10 orders)")
PRODUCTS = 5
VENDORS = 3
WINDOWS = ((0, 10), (ORDERS // 2 - 5, ORDERS // 2 + 5), (ORDERS - 10, ORDERS))


def make_products(env, routes, vendors, jit):
    kind = "jit" if jit else "plain"
    return env["product.product"].create(
        [
            {
                "name": f"Growth {kind} {p}",
                "is_storable": True,
                "jit_managed": jit,
                "route_ids": [] if jit else [Command.set(routes.ids)],
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": vendor.id,
                            "price": 10.0 + (p + i) % 7,
                            "delay": 1 + i,
                        }
                    )
                    for i, vendor in enumerate(vendors)
                ],
            }
            for p in range(PRODUCTS)
        ]
    )


def main(env):
    env.company.jit_procurement = True
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    routes = warehouse.mto_pull_id.route_id | warehouse.buy_pull_id.route_id
    routes.write({"active": True, "product_selectable": True})
    customer = env["res.partner"].create({"name": "Growth customer"})
    vendors, products = {}, {}
    for kind in ("plain", "jit"):
        vendors[kind] = env["res.partner"].create(
            [
                {"name": f"Growth {kind} vendor {v}", "group_rfq": "all"}
                for v in range(VENDORS)
            ]
        )
        products[kind] = make_products(env, routes, vendors[kind], kind == "jit")
    env.flush_all()

    amount_all = {"time": 0.0}
    original = PurchaseOrder._amount_all

    def timed_amount_all(self):
        start = time.perf_counter()
        try:
            return original(self)
        finally:
            amount_all["time"] += time.perf_counter() - start

    PurchaseOrder._amount_all = timed_amount_all
    runs = {"plain": [], "jit": []}
    try:
        for n in range(ORDERS):
            for kind in ("plain", "jit"):
                order = env["sale.order"].create(
                    {
                        "partner_id": customer.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[kind][(n + i) % PRODUCTS].id,
                                    "product_uom_qty": 1 + (n + i) % 4,
                                }
                            )
                            for i in range(3)
                        ],
                    }
                )
                env.flush_all()
                env.invalidate_all()
                amount_all["time"] = 0.0
                start = time.perf_counter()
                order.action_confirm()
                env.flush_all()
                elapsed = time.perf_counter() - start
                lines = env["purchase.order.line"].search_count(
                    [("partner_id", "in", vendors[kind].ids), ("state", "=", "draft")]
                )
                runs[kind].append((elapsed, amount_all["time"], lines))
    finally:
        PurchaseOrder._amount_all = original
    for first, last in WINDOWS:
        medians = {
            kind: (
                statistics.median(t for t, _a, _l in runs[kind][first:last]),
                statistics.median(a for _t, a, _l in runs[kind][first:last]),
                runs[kind][last - 1][2],
            )
            for kind in runs
        }
        print(
            f"orders {first + 1}-{last}: "
            + ", ".join(
                f"{kind} {t * 1000:.0f} ms ({a * 1000:.0f} ms in _amount_all, "
                f"RFQ of {lines} lines)"
                for kind, (t, a, lines) in medians.items()
            )
            + f"; ratio JIT / plain {medians['jit'][0] / medians['plain'][0]:.2f}"
        )
    jit_lines = env["purchase.order.line"].search(
        [("partner_id", "in", vendors["jit"].ids), ("state", "=", "draft")]
    )
    print(
        "sale lines each JIT purchase line buys for: "
        + ", ".join(str(len(line.jit_sale_line_ids)) for line in jit_lines)
    )


main(env)  # noqa: F821 - provided by odoo shell
env.cr.rollback()  # noqa: F821
