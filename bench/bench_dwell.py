# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the dwell time rebuild and incremental update.

Run in an Odoo shell on a database with jit_inventory installed:

    tools/dev.sh odoo shell -d <db> --no-http < bench/bench_dwell.py
    DWELL_MOVES=10000000 DWELL_KEEP=1 tools/dev.sh odoo shell -d <db> --no-http \
        < bench/bench_dwell.py

``DWELL_MOVES`` (default 1,000,000) done stock moves and their move lines are
inserted with SQL in a company of their own, *Dwell Bench <moves>* (receipts
of 10 units, then deliveries of 5, 500 products; a superuser skips their
foreign key checks); with ``DWELL_KEEP=1`` they are committed, with their
statistics, and a later run of the same size reuses them. Then:

1. the floor: the same FIFO match in plain SQL on all done stock moves of the
   database (cumulative quantities per product, warehouse and direction, and a
   sweep over the breakpoints of both), counted but not written;
2. the rebuild of all of them (``_jit_backfill()``, batches of ``DWELL_BATCH``
   moves, default 100,000), timed, with the resident memory of this process after each
   batch; its ratio to the floor;
3. 50 transfers validated one by one, timing the live update per move, with
   its query count.

The rebuild, the records and the transfers are rolled back at the end.
"""

import os
import resource
import subprocess
import time

from odoo import Command
from odoo.tools import SQL

MOVES = int(os.environ.get("DWELL_MOVES", "1000000"))
BATCH = int(os.environ.get("DWELL_BATCH", "100000"))
KEEP = os.environ.get("DWELL_KEEP") == "1"
PRODUCTS = 500
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


def load():
    return subprocess.run(
        ["uptime"], check=False, capture_output=True, text=True
    ).stdout.strip()


env = globals()["env"]  # provided by the Odoo shell
cr = env.cr
name = f"Dwell Bench {MOVES}"
company = env["res.company"].search([("name", "=", name)], limit=1)
if not company:
    company = env["res.company"].create({"name": name})
env.user.company_ids |= company
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
warehouse = env["stock.warehouse"].search(
    [("company_id", "=", company.id)], limit=1
) or env["stock.warehouse"].create(
    {"name": name, "code": f"DW{MOVES // 1_000_000}", "company_id": company.id}
)
supplier = env.ref("stock.stock_location_suppliers")
customer = env.ref("stock.stock_location_customers")
cr.execute(SQL("SELECT COUNT(*) FROM stock_move WHERE company_id = %s", company.id))
if cr.fetchone()[0] >= MOVES:
    products = env["product.product"].search([("name", "=like", f"{name} %")])
    print(f"reusing the {MOVES:,} done moves of {name}")
else:
    products = env["product.product"].create(
        [
            {"name": f"{name} {i}", "type": "consu", "is_storable": True}
            for i in range(PRODUCTS)
        ]
    )
    env.flush_all()
    start = time.perf_counter()
    # The rows are consistent by construction: a superuser skips the foreign
    # key triggers of the two tables (35 checks a move and its line), which
    # makes inserting them about 3 times faster.
    cr.execute(SQL("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    superuser = cr.fetchone()[0]
    if superuser:
        cr.execute(SQL("SET LOCAL session_replication_role = replica"))
    cr.execute(
        SQL(
            """
            INSERT INTO stock_move (
                company_id, product_id, product_uom, product_uom_qty, product_qty,
                quantity, location_id, location_dest_id, state, date,
                procure_method, create_uid, create_date, write_uid, write_date)
            SELECT %(company)s, (%(products)s::int4[])[p], %(uom)s, q.qty, q.qty,
                   q.qty,
                   CASE WHEN q.receipt THEN %(supplier)s ELSE %(stock)s END,
                   CASE WHEN q.receipt THEN %(stock)s ELSE %(customer)s END,
                   'done',
                   '2020-01-01'::timestamp
                       + make_interval(secs => i * 3600 + p * 7),
                   'make_to_stock', 1, now(), 1, now()
              FROM generate_series(0, %(per_product)s - 1) AS i
        CROSS JOIN generate_series(1, %(product_count)s) AS p
        CROSS JOIN LATERAL (SELECT i %% 3 = 0 AS receipt,
                                   CASE WHEN i %% 3 = 0 THEN 10 ELSE 5 END AS qty)
                   AS q
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
                   location_id, location_dest_id, 'done', date, true, 1, now(), 1,
                   now()
              FROM stock_move
             WHERE company_id = %s
            """,
            company.id,
        )
    )
    if superuser:
        cr.execute(SQL("SET LOCAL session_replication_role = DEFAULT"))
    # Statistics are transactional: kept with the moves, else rolled back
    # with them at the end (a later run would plan with none).
    cr.execute(SQL("ANALYZE stock_move; ANALYZE stock_move_line"))
    if KEEP:
        cr.commit()
    print(
        f"inserted {MOVES:,} done moves and their lines in "
        f"{time.perf_counter() - start:.1f} s{' (kept)' if KEEP else ''}"
    )
cr.execute(SQL("SELECT COUNT(*) FROM stock_move WHERE state = 'done'"))
done_moves = cr.fetchone()[0]

# The floor: the same FIFO match in plain SQL, nothing written.
print(f"load before the floor: {load()}")
cr.execute(SQL("SET LOCAL work_mem = '128MB'; SET LOCAL jit = off"))
start = time.perf_counter()
cr.execute(
    SQL(
        """
        WITH event AS (
            SELECT m.id, m.product_id, m.date, m.product_qty AS qty,
                   dst.usage = 'internal' AS arrives,
                   CASE WHEN dst.usage = 'internal' THEN dst.warehouse_id
                        ELSE src.warehouse_id END AS warehouse_id
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
             WHERE m.state = 'done'
        ), ranked AS MATERIALIZED (
            SELECT id, product_id, warehouse_id, arrives,
                   SUM(qty) OVER w - qty AS pos
              FROM event
            WINDOW w AS (PARTITION BY product_id, warehouse_id, arrives
                         ORDER BY date, id ROWS UNBOUNDED PRECEDING)
        ), swept AS (
            SELECT pos, LEAD(pos) OVER k AS next_pos,
                   -- ids grow with dates in this data: the max is the last
                   MAX(CASE WHEN arrives THEN id END) OVER k AS in_id,
                   MAX(CASE WHEN NOT arrives THEN id END) OVER k AS out_id
              FROM ranked
            WINDOW k AS (PARTITION BY product_id, warehouse_id ORDER BY pos)
        )
        SELECT COUNT(*), SUM(next_pos - pos)
          FROM swept
         WHERE next_pos > pos
        """,
    )
)
pairs, matched = cr.fetchone()
floor = time.perf_counter() - start
cr.execute(SQL("RESET work_mem; RESET jit"))
print(
    f"floor (plain SQL FIFO match, not written): {floor:.1f} s, "
    f"{pairs:,} stretches of one arrival and one departure, {matched:,.0f} units"
)

Record = env["jit.dwell.record"]
samples = []


def sample(count):
    samples.append(rss_mb())


peak_before = peak_rss_mb()
rss_before = rss_mb()
print(f"load before the rebuild: {load()}")
start = time.perf_counter()
Record._jit_backfill(batch_size=BATCH, commit=sample)
elapsed = time.perf_counter() - start
cr.execute(
    SQL("SELECT COUNT(*), COUNT(*) FILTER (WHERE is_open) FROM jit_dwell_record")
)
total, open_count = cr.fetchone()
print(
    f"rebuild: {elapsed:.1f} s for {done_moves:,} done moves "
    f"({done_moves / elapsed:,.0f} moves/s), {total:,} records "
    f"({open_count:,} open); {elapsed / floor:.1f} x the floor"
)
print(
    f"memory: RSS {rss_before:.0f} MiB before, per batch min "
    f"{min(samples):.0f} / max {max(samples):.0f} MiB over {len(samples)} batches; "
    f"peak RSS {peak_before:.0f} MiB before, {peak_rss_mb():.0f} MiB after"
)
print(f"load after the rebuild: {load()}")

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
