"""Benchmark: the JIT fitness advisor over 1,000,000 delivered sale lines.

Run in an Odoo shell on a database with jit_inventory installed:

    tools/dev.sh odoo shell -d <db> --no-http < bench/bench_fitness.py

The size comes from the environment: ``BENCH_LINES`` (default 1,000,000) and
``BENCH_PRODUCTS`` (default 5,000). In a company of its own, inserts with SQL
confirmed sale orders of 5 lines spread over the demand window (182 days), one
done delivery move per line (from the warehouse's stock to the customers), and
one product-level vendor score with a measured lead time per product; then times
``jit.product.fitness._jit_recompute()`` and, for scale, the same rows read by a
plain ``_read_group`` of the delivered quantities per product (what any report
over those moves costs). Prints both and their ratio, and how many products got
each recommendation. Everything is rolled back at the end. Target: a few seconds.
"""

import os
import time

from odoo.tools import SQL

LINES = int(os.environ.get("BENCH_LINES", "1000000"))
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "5000"))
LINES_PER_ORDER = 5
# A quarter of the lines of the intermittent third are dropped: 3/4 x 1/3 = 1/4.
ORDERS = LINES * 4 // (LINES_PER_ORDER * 3)

env = globals()["env"]  # provided by the Odoo shell
cr = env.cr
company = env["res.company"].create({"name": "Fitness Bench", "jit_procurement": True})
env.user.company_ids |= company
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)]) or env[
    "stock.warehouse"
].create({"name": "Fitness Bench", "code": "FIB", "company_id": company.id})
customer = env["res.partner"].create({"name": "Fitness bench customer"})
vendor = env["res.partner"].create({"name": "Fitness bench vendor"})
products = env["product.product"].create(
    [{"name": f"Fitness part {i}", "is_storable": True} for i in range(PRODUCTS)]
)
env.flush_all()

start = time.perf_counter()
params = {
    "company": company.id,
    "currency": company.currency_id.id,
    "customer": customer.id,
    "vendor": vendor.id,
    "products": products.ids,
    "n_products": PRODUCTS,
    "orders": ORDERS,
    "lines": LINES_PER_ORDER,
    "warehouse": warehouse.id,
    "uom": env.ref("uom.product_uom_unit").id,
    "stock": warehouse.lot_stock_id.id,
    "customers": env.ref("stock.stock_location_customers").id,
}
# Orders over the last 180 days; a product's lines fall on every week for a
# third of the products (smooth), on one week in four for another third
# (intermittent), with erratic quantities for the last third.
cr.execute(
    SQL(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                partner_shipping_id, company_id, currency_id,
                                warehouse_id, state, date_order, commitment_date,
                                picking_policy)
        SELECT 'FITBENCH' || o, %(customer)s, %(customer)s, %(customer)s,
               %(company)s, %(currency)s, %(warehouse)s, 'sale', day,
               day + make_interval(days => 3 + o %% 12), 'direct'
          FROM generate_series(1, %(orders)s) AS o
    CROSS JOIN LATERAL (SELECT now() - make_interval(days => o %% 180) AS day) d
        """,
        **params,
    )
)
cr.execute(
    SQL(
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty,
                                     product_uom_id, price_unit, customer_lead,
                                     company_id, state, qty_delivered)
        SELECT so.id, 'bench', p.product_id, p.qty, %(uom)s, 10, 0,
               so.company_id, 'sale', p.qty
          FROM sale_order so
    CROSS JOIN generate_series(1, %(lines)s) AS l
    CROSS JOIN LATERAL (SELECT (so.id * 7 + l) %% %(n_products)s AS idx) i
    CROSS JOIN LATERAL (
            SELECT (%(products)s::int4[])[1 + i.idx] AS product_id,
                   CASE WHEN i.idx %% 3 = 2 THEN 1 + (so.id * l) %% 40 ELSE 5 END AS qty
           ) p
         WHERE so.company_id = %(company)s
           AND (i.idx %% 3 <> 1 OR extract(week FROM so.date_order)::int %% 4 = 0)
        """,
        **params,
    )
)
cr.execute(
    SQL(
        """
        INSERT INTO stock_move (company_id, product_id, product_uom, product_uom_qty,
                                product_qty, quantity, location_id, location_dest_id,
                                state, date, procure_method, sale_line_id,
                                warehouse_id)
        SELECT sol.company_id, sol.product_id, %(uom)s, sol.product_uom_qty,
               sol.product_uom_qty, sol.product_uom_qty, %(stock)s, %(customers)s,
               'done', so.date_order + interval '2 days', 'make_to_stock', sol.id,
               %(warehouse)s
          FROM sale_order_line sol
          JOIN sale_order so ON so.id = sol.order_id
         WHERE so.company_id = %(company)s
        """,
        **params,
    )
)
cr.execute(
    SQL(
        """
        INSERT INTO jit_vendor_score (company_id, partner_id, product_id, score,
                                      sample_size, lead_time_mean, lead_time_std)
        SELECT %(company)s, %(vendor)s, p, 80, 20, 2 + p %% 9, (p %% 4) * 0.5
          FROM unnest(%(products)s::int4[]) AS p
        """,
        **params,
    )
)
cr.execute(
    SQL("SELECT count(*) FROM sale_order_line WHERE company_id = %s", company.id)
)
lines = cr.fetchone()[0]
cr.execute(
    SQL(
        "ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE stock_move; "
        "ANALYZE jit_vendor_score"
    )
)
print(
    f"inserted {lines:,} delivered sale lines of {PRODUCTS:,} products in "
    f"{time.perf_counter() - start:.1f} s"
)

Fitness = env["jit.product.fitness"].with_company(company)
env.invalidate_all()
start = time.perf_counter()
Fitness._jit_recompute(company)
env.flush_all()
fitness_time = time.perf_counter() - start

env.invalidate_all()
start = time.perf_counter()
env["stock.move"]._read_group(
    [
        ("company_id", "=", company.id),
        ("state", "=", "done"),
        ("location_dest_id.usage", "=", "customer"),
    ],
    ["product_id"],
    ["quantity:sum"],
)
read_group_time = time.perf_counter() - start

counts = Fitness.sudo()._read_group(
    [("company_id", "=", company.id)], ["recommendation"], ["__count"]
)
print(
    f"fitness recompute: {fitness_time:.2f} s for {lines:,} sale lines "
    f"(target: a few seconds); "
    + ", ".join(f"{rec or 'none'} {count}" for rec, count in counts)
)
print(
    f"plain _read_group of delivered quantity per product: {read_group_time:.2f} s; "
    f"ratio fitness / read_group {fitness_time / read_group_time:.2f}"
)
cr.rollback()
