# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the dwell time backfill and incremental update.

Run in an Odoo shell on a database with jit_inventory installed:

    tools/dev.sh odoo shell -d <db> --no-http < bench/bench_dwell.py

Creates a company with products, inserts 1,000,000 done stock moves and their
move lines with SQL (receipts of 10 units, then deliveries of 5), times the
rebuild (``_jit_backfill()``: set-based FIFO per batch of products, then the
switch of generation) and samples the resident memory after each batch, then
validates 50 transfers and times the incremental update per transfer, with its
query count. Everything runs in one transaction that is rolled back at the
end: the database is left as it was.
"""

import resource
import time

from odoo import Command
from odoo.tools import SQL

MOVES = 1_000_000
PRODUCTS = 500
BATCH = 100_000
PICKINGS = 50


def rss_mb():
    """Current resident set size of this process, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


env = globals()["env"]  # provided by the Odoo shell
cr = env.cr
company = env["res.company"].create({"name": "Dwell Bench"})
env.user.company_ids |= company
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
warehouse = env["stock.warehouse"].create(
    {"name": "Dwell Bench", "code": "DWB", "company_id": company.id}
)
products = env["product.product"].create(
    [
        {"name": f"Bench {i}", "type": "consu", "is_storable": True}
        for i in range(PRODUCTS)
    ]
)
supplier = env.ref("stock.stock_location_suppliers")
customer = env.ref("stock.stock_location_customers")
env.flush_all()

start = time.perf_counter()
cr.execute(
    SQL(
        """
        INSERT INTO stock_move (
            company_id, product_id, product_uom, product_uom_qty, product_qty,
            quantity, location_id, location_dest_id, state, date, procure_method,
            create_uid, create_date, write_uid, write_date)
        SELECT %(company)s, (%(products)s::int4[])[p], %(uom)s, q.qty, q.qty, q.qty,
               CASE WHEN q.receipt THEN %(supplier)s ELSE %(stock)s END,
               CASE WHEN q.receipt THEN %(stock)s ELSE %(customer)s END,
               'done',
               '2020-01-01'::timestamp + make_interval(secs => i * 3600 + p * 7),
               'make_to_stock', 1, now(), 1, now()
          FROM generate_series(0, %(per_product)s - 1) AS i
    CROSS JOIN generate_series(1, %(product_count)s) AS p
    CROSS JOIN LATERAL (SELECT i %% 3 = 0 AS receipt,
                               CASE WHEN i %% 3 = 0 THEN 10 ELSE 5 END AS qty) AS q
        """,
        company=company.id,
        products=products.ids,
        uom=env.ref("uom.product_uom_unit").id,
        supplier=supplier.id,
        stock=warehouse.lot_stock_id.id,
        customer=customer.id,
        per_product=MOVES // PRODUCTS,
        product_count=PRODUCTS,
    )
)
cr.execute(
    SQL(
        """
        INSERT INTO stock_move_line (
            move_id, company_id, product_id, product_uom_id, quantity,
            quantity_product_uom, location_id, location_dest_id, state, date,
            picked, create_uid, create_date, write_uid, write_date)
        SELECT id, company_id, product_id, product_uom, quantity, quantity,
               location_id, location_dest_id, 'done', date, true, 1, now(), 1, now()
          FROM stock_move
         WHERE company_id = %s
        """,
        company.id,
    )
)
cr.execute(SQL("ANALYZE stock_move; ANALYZE stock_move_line"))
print(
    f"inserted {MOVES:,} done moves and their lines in "
    f"{time.perf_counter() - start:.1f} s"
)

Record = env["jit.dwell.record"]
samples = []


def sample(count):
    samples.append(rss_mb())


peak_before = peak_rss_mb()
rss_before = rss_mb()
start = time.perf_counter()
Record._jit_backfill(batch_size=BATCH, commit=sample)
elapsed = time.perf_counter() - start
cr.execute(
    SQL("SELECT COUNT(*), COUNT(*) FILTER (WHERE is_open) FROM jit_dwell_record")
)
total, open_count = cr.fetchone()
print(
    f"rebuild: {elapsed:.1f} s for {MOVES:,} moves "
    f"({MOVES / elapsed:,.0f} moves/s), {total:,} records ({open_count:,} open)"
)
print(
    f"memory: RSS {rss_before:.0f} MiB before, per batch min "
    f"{min(samples):.0f} / max {max(samples):.0f} MiB over {len(samples)} batches; "
    f"peak RSS {peak_before:.0f} MiB before, {peak_rss_mb():.0f} MiB after"
)

# Incremental: validate transfers one by one, timing the dwell update.
registry_class = env.registry["jit.dwell.record"]
original = registry_class._jit_moves_done
timings = []


def timed(self, moves):
    queries = self.env.cr.sql_log_count
    begin = time.perf_counter()
    result = original(self, moves)
    timings.append(
        (
            time.perf_counter() - begin,
            len(moves),
            self.env.cr.sql_log_count - queries,
        )
    )
    return result


registry_class._jit_moves_done = timed
try:
    pickings = env["stock.picking"]
    for index in range(PICKINGS):
        receipt = index % 2 == 0
        source = supplier if receipt else warehouse.lot_stock_id
        destination = warehouse.lot_stock_id if receipt else customer
        pickings |= env["stock.picking"].create(
            {
                "picking_type_id": (
                    warehouse.in_type_id if receipt else warehouse.out_type_id
                ).id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": products[index % PRODUCTS].id,
                            "product_uom_qty": 10 if receipt else 5,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
    pickings.action_confirm()
    start = time.perf_counter()
    for picking in pickings:
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
    validate = time.perf_counter() - start
finally:
    registry_class._jit_moves_done = original
dwell_time = sum(t for t, _n, _q in timings)
moves = sum(n for _t, n, _q in timings)
print(
    f"incremental: {PICKINGS} transfers validated in {validate:.2f} s; dwell update "
    f"{1000 * dwell_time / moves:.1f} ms per move ({moves} moves), "
    f"{max(q for _t, _n, q in timings)} queries per call at most"
)
cr.rollback()
print("rolled back: the database is unchanged")
