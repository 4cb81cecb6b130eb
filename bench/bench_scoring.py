"""Benchmark: full vendor score recompute over 100,000 received purchase lines.

Run in an Odoo shell on a database with jit_inventory installed:

    tools/dev.sh odoo shell -d <db> --no-http < bench/bench_scoring.py

Inserts with SQL, in a company of its own, 200 vendors, 500 products, 20,000
confirmed purchase orders of 5 lines (100,000 lines) spread over the last
year, and one done receipt per line (a third late, some short), then times
``jit.vendor.score._jit_recompute()`` and Odoo's own ``res.partner``
``on_time_rate`` for the same vendors, and prints both and their ratio; then
times the dashboard's four widgets on the same data (one call each, as the
client makes them). Everything is rolled back at the end. Targets: recompute
<= 15 s, dashboard < 1 s.
"""

import time

from odoo.tools import SQL

VENDORS = 200
PRODUCTS = 500
ORDERS = 20_000
LINES_PER_ORDER = 5

env = globals()["env"]  # provided by the Odoo shell
cr = env.cr
company = env["res.company"].create({"name": "Scoring Bench"})
env.user.company_ids |= company
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)]) or env[
    "stock.warehouse"
].create({"name": "Scoring Bench", "code": "SCB", "company_id": company.id})
vendors = env["res.partner"].create(
    [{"name": f"Bench vendor {i}"} for i in range(VENDORS)]
)
products = env["product.product"].create(
    [{"name": f"Bench part {i}", "is_storable": True} for i in range(PRODUCTS)]
)
env["product.supplierinfo"].create(
    [
        {
            "partner_id": vendors[(p * 3 + k) % VENDORS].id,
            "product_tmpl_id": product.product_tmpl_id.id,
            "price": 10.0 + k,
            "company_id": company.id,
        }
        for p, product in enumerate(products)
        for k in range(3)
    ]
)
env.flush_all()

start = time.perf_counter()
params = {
    "company": company.id,
    "currency": company.currency_id.id,
    "vendors": vendors.ids,
    "products": products.ids,
    "n_vendors": VENDORS,
    "n_products": PRODUCTS,
    "orders": ORDERS,
    "lines": LINES_PER_ORDER,
    "picking_type": warehouse.in_type_id.id,
    "uom": env.ref("uom.product_uom_unit").id,
    "supplier": env.ref("stock.stock_location_suppliers").id,
    "stock": warehouse.lot_stock_id.id,
}
cr.execute(
    SQL(
        """
        INSERT INTO purchase_order (name, partner_id, company_id, currency_id,
                                    picking_type_id, state, date_order, date_approve)
        SELECT 'BENCH' || o, (%(vendors)s::int4[])[1 + o %% %(n_vendors)s],
               %(company)s, %(currency)s, %(picking_type)s, 'purchase', day, day
          FROM generate_series(1, %(orders)s) AS o
    CROSS JOIN LATERAL (SELECT now() - make_interval(days => o %% 360) AS day) d
        """,
        **params,
    )
)
cr.execute(
    SQL(
        """
        INSERT INTO purchase_order_line (order_id, name, product_id, product_qty,
                                         product_uom_qty, product_uom_id, price_unit,
                                         date_planned, company_id, partner_id)
        SELECT po.id, 'bench',
               (%(products)s::int4[])[1 + (po.id * 7 + l) %% %(n_products)s],
               10, 10, %(uom)s, 10 + l, po.date_approve + interval '5 days',
               po.company_id, po.partner_id
          FROM purchase_order po CROSS JOIN generate_series(1, %(lines)s) AS l
         WHERE po.company_id = %(company)s
        """,
        **params,
    )
)
# One done receipt per line: every third one late by 4 days, every seventh short.
cr.execute(
    SQL(
        """
        INSERT INTO stock_move (company_id, product_id, product_uom, product_uom_qty,
                                product_qty, quantity, location_id, location_dest_id,
                                state, date, procure_method, purchase_line_id)
        SELECT line.company_id, line.product_id, %(uom)s, q.qty, q.qty, q.qty,
               %(supplier)s, %(stock)s, 'done',
               line.date_planned + CASE WHEN line.id %% 3 = 0
                                        THEN interval '4 days' ELSE interval '0' END,
               'make_to_stock', line.id
          FROM purchase_order_line line
          JOIN purchase_order po ON po.id = line.order_id
   CROSS JOIN LATERAL (SELECT CASE WHEN line.id %% 7 = 0 THEN 8 ELSE 10 END AS qty) q
         WHERE po.company_id = %(company)s AND line.date_planned < now()
        """,
        **params,
    )
)
# What Odoo's own on_time_rate reads: the received quantity on the lines.
cr.execute(
    SQL(
        """
        UPDATE purchase_order_line line
           SET qty_received = move.quantity
          FROM purchase_order po, stock_move move
         WHERE po.id = line.order_id AND move.purchase_line_id = line.id
           AND po.company_id = %(company)s
        """,
        **params,
    )
)
cr.execute(SQL("ANALYZE purchase_order_line; ANALYZE stock_move"))
print(
    f"inserted {ORDERS * LINES_PER_ORDER:,} purchase lines and their receipts "
    f"in {time.perf_counter() - start:.1f} s"
)

Score = env["jit.vendor.score"]
start = time.perf_counter()
rows = Score._jit_recompute(companies=company)
recompute = time.perf_counter() - start
print(f"jit recompute: {rows:,} score rows in {recompute:.2f} s (target <= 15 s)")

env.invalidate_all()
partners = vendors.with_company(company)
start = time.perf_counter()
partners.mapped("on_time_rate")
odoo_time = time.perf_counter() - start
print(f"Odoo on_time_rate for the same {VENDORS} vendors: {odoo_time:.2f} s")
print(f"ratio jit recompute / Odoo on_time_rate: {recompute / odoo_time:.2f}")

dashboard = env["jit.dashboard"]
for label, filters in (
    ("default period (6 months)", {"company_ids": [company.id]}),
    ("whole year", {"company_ids": [company.id], "date_from": "2000-01-01"}),
):
    times = {}
    for widget in ("get_kpis", "get_ranking", "get_trend", "get_dwell_histogram"):
        env.invalidate_all()
        start = time.perf_counter()
        getattr(dashboard, widget)(filters)
        times[widget] = time.perf_counter() - start
    print(
        f"dashboard, {label}: "
        + ", ".join(f"{w} {t * 1000:.0f} ms" for w, t in times.items())
        + f"; all in sequence {sum(times.values()):.2f} s, load with the client's "
        f"parallel calls {max(times.values()):.2f} s (target < 1 s)"
    )
cr.rollback()
