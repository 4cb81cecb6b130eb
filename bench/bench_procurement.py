"""Benchmark: confirming a 50-line JIT sale order, against plain Odoo MTO + Buy.

Both orders have 50 lines of storable products with 5 vendors each. The plain
order's products carry Odoo's make-to-order and buy routes (Odoo takes the first
vendor); the JIT order's products are JIT-managed (the module ranks the five
vendors, stores an explanation per line). Each variant is confirmed ROUNDS times
on fresh orders, in pairs alternating which goes first, and the median times are
compared; the median of the pairs' ratios is printed beside. Everything is rolled
back at the end.

Usage (a database with jit_inventory installed, e.g. the test database):
    tools/dev.sh odoo shell -d jit_test --no-http < bench/bench_procurement.py
The shell keeps its command line for itself: options go in ``BENCH_ARGS``,
e.g. ``BENCH_ARGS="--rounds 31"`` (default 11) on a noisy machine.
Target: ratio JIT / plain at most 1.05, JIT queries at most plain + 5.
"""

import argparse
import os
import shlex
import statistics
import time

from odoo import Command, sql_db

LINES = 50
VENDORS = 5
parser = argparse.ArgumentParser(prog="bench_procurement.py")
parser.add_argument("--rounds", type=int, default=11)
ROUNDS = parser.parse_args(shlex.split(os.environ.get("BENCH_ARGS", ""))).rounds


def make_products(env, company, warehouse, vendors, jit, tag):
    routes = warehouse.mto_pull_id.route_id | warehouse.buy_pull_id.route_id
    return env["product.product"].create(
        [
            {
                "name": f"Bench {tag} {i}",
                "is_storable": True,
                "jit_managed": jit,
                "route_ids": [] if jit else [Command.set(routes.ids)],
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": vendor.id,
                            "price": 10.0 + v + i % 3,
                            "delay": 1 + v,
                            "company_id": company.id,
                        }
                    )
                    for v, vendor in enumerate(vendors)
                ],
            }
            for i in range(LINES)
        ]
    )


def confirm_time(env, customer, products):
    """Create and confirm an order, and roll it back: every run starts from
    the same state (no draft RFQ growing from one run to the next)."""
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_confirm")
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": p.id, "product_uom_qty": 3.0})
                for p in products
            ],
        }
    )
    env.flush_all()
    env.invalidate_all()
    last_line = env["purchase.order.line"].search([], order="id desc", limit=1).id or 0
    queries = sql_db.sql_counter
    start = time.perf_counter()
    order.action_confirm()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = sql_db.sql_counter - queries
    lines = env["purchase.order.line"].search_count([("id", ">", last_line)])
    assert lines == LINES, f"expected {LINES} purchase lines, got {lines}"
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_confirm")
    env.invalidate_all()
    return elapsed, queries


def main(env):
    company = env.company
    company.jit_procurement = True
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    warehouse.mto_pull_id.route_id.active = True
    # The plain products carry the routes by hand, as a user would.
    routes = warehouse.mto_pull_id.route_id | warehouse.buy_pull_id.route_id
    routes.product_selectable = True
    vendors = env["res.partner"].create(
        [{"name": f"Bench vendor {v}"} for v in range(VENDORS)]
    )
    customer = env["res.partner"].create({"name": "Bench customer"})
    plain = make_products(env, company, warehouse, vendors, False, "plain")
    jit = make_products(env, company, warehouse, vendors, True, "jit")
    confirm_time(env, customer, plain)  # warm caches for both flows
    confirm_time(env, customer, jit)
    runs = {"plain": [], "jit": []}
    products = {"plain": plain, "jit": jit}
    for round_ in range(ROUNDS):
        # Alternate which goes first: each round is a pair measured back to
        # back, so a drift of the machine weighs on both alike.
        for kind in ("plain", "jit") if round_ % 2 == 0 else ("jit", "plain"):
            runs[kind].append(confirm_time(env, customer, products[kind]))
    plain_s, jit_s = (statistics.median(t for t, _q in runs[k]) for k in runs)
    plain_q, jit_q = (runs[k][-1][1] for k in runs)
    paired = statistics.median(
        j / p for (p, _pq), (j, _jq) in zip(runs["plain"], runs["jit"], strict=True)
    )
    print(
        f"{LINES}-line order, {VENDORS} vendors per product, median of {ROUNDS}: "
        f"plain Odoo MTO {plain_s:.3f} s ({plain_q} queries), "
        f"JIT {jit_s:.3f} s ({jit_q} queries), "
        f"ratio {jit_s / plain_s:.2f} (target <= 1.05), "
        f"median of the rounds' ratios {paired:.2f}, "
        f"queries {jit_q - plain_q:+d} (target <= +5)"
    )


main(env)  # noqa: F821 - provided by odoo shell
env.cr.rollback()  # noqa: F821
