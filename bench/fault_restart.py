"""Fault test: long batch jobs killed mid-run, restarted, must end as a clean run.

For the dwell rebuild and the nightly vendor score recompute, on a database of its
own seeded with done moves and their move lines, and received purchase lines:

1. run the job once to completion and fingerprint its result;
2. start it again in another process, committing per batch, and kill it with
   SIGKILL once part of its batches are committed (for the dwell rebuild: part
   of the next generation is written beside the records in use, in a table of
   its own, and the records in use must stay as they were);
3. while it runs, confirm a JIT sale order from a third process (it must work);
4. restart the job: it resumes where it stopped (the dwell rebuild switches to
   the new generation, dropping the old one's table); compare the fingerprint with
   step 1: no duplicates, no gaps.

Usage (from the repository root):
    $(tools/dev.sh venv)/bin/python bench/fault_restart.py [--moves 200000] \
        [--db jit_fault] [--dwell-only]
"""

import argparse
import os
import signal
import subprocess
import sys
import time

from benchlib import DEV, fresh_database

SEED = """
from odoo.tools import SQL
company = env.company
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
products = env["product.product"].create(
    [{"name": f"Fault {i}", "is_storable": True} for i in range(%(products)d)]
)
env.flush_all()
env.cr.execute(SQL(
    '''
    INSERT INTO stock_move (
        company_id, product_id, product_uom, product_uom_qty, product_qty,
        quantity, location_id, location_dest_id, state, date, procure_method,
        create_uid, create_date, write_uid, write_date)
    SELECT %%(company)s, (%%(products)s::int4[])[p], %%(uom)s, q.qty, q.qty, q.qty,
           CASE WHEN q.receipt THEN %%(supplier)s ELSE %%(stock)s END,
           CASE WHEN q.receipt THEN %%(stock)s ELSE %%(customer)s END,
           'done', '2025-01-01'::timestamp + make_interval(secs => i * 3600 + p * 7),
           'make_to_stock', 1, now(), 1, now()
      FROM generate_series(0, %%(per_product)s - 1) AS i
CROSS JOIN generate_series(1, %%(count)s) AS p
CROSS JOIN LATERAL (SELECT i %%%% 3 = 0 AS receipt,
                           CASE WHEN i %%%% 3 = 0 THEN 10 ELSE 5 END AS qty) AS q
    ''',
    company=company.id, products=products.ids,
    uom=env.ref("uom.product_uom_unit").id,
    supplier=env.ref("stock.stock_location_suppliers").id,
    stock=warehouse.lot_stock_id.id,
    customer=env.ref("stock.stock_location_customers").id,
    per_product=%(per_product)d, count=%(products)d,
))
env.cr.execute(SQL(
    '''
    INSERT INTO stock_move_line (
        move_id, company_id, product_id, product_uom_id, quantity,
        quantity_product_uom, location_id, location_dest_id, state, date, picked,
        create_uid, create_date, write_uid, write_date)
    SELECT id, company_id, product_id, product_uom, quantity, quantity,
           location_id, location_dest_id, 'done', date, true, 1, now(), 1, now()
      FROM stock_move
     WHERE product_id = ANY(%%(products)s)
    ''',
    products=products.ids,
))
env.cr.execute(SQL("ANALYZE"))  # statistics, as autovacuum keeps them in production
env.cr.commit()
"""

FULL_BACKFILL = """
env["jit.dwell.record"]._jit_backfill()
env.cr.commit()
"""

# Commits after every batch of 5,000 moves, as the scheduled action does;
# slowed down a little (as the recompute below) so that the kill lands while
# the next table fills: a batch takes less time than the test waits to kill.
BATCHED_BACKFILL = """
import time
def commit(_count):
    env.cr.commit()
    time.sleep(0.2)
env["jit.dwell.record"]._jit_backfill(batch_size=5000, commit=commit)
env.cr.commit()
"""

CONFIRM = """
from odoo import Command
env.company.jit_procurement = True
vendor = env["res.partner"].create({"name": "Fault vendor"})
product = env["product.product"].create({
    "name": "Fault JIT", "is_storable": True, "jit_managed": True,
    "seller_ids": [Command.create({"partner_id": vendor.id, "price": 3.0})],
})
order = env["sale.order"].create({
    "partner_id": env["res.partner"].create({"name": "Fault customer"}).id,
    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
})
order.action_confirm()
env.cr.commit()
print("CONFIRMED", order.name, len(order.order_line.jit_purchase_line_ids))
"""

# Received purchase lines of 100 vendors (a third late, some short).
SEED_PURCHASES = """
from odoo.tools import SQL
company = env.company
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
vendors = env["res.partner"].create([{"name": f"Fault vendor {i}"} for i in range(100)])
product = env["product.product"].create({"name": "Fault bought", "is_storable": True})
env.flush_all()
params = dict(
    company=company.id, currency=company.currency_id.id, vendors=vendors.ids,
    picking_type=warehouse.in_type_id.id, product=product.id,
    uom=env.ref("uom.product_uom_unit").id,
    supplier=env.ref("stock.stock_location_suppliers").id,
    stock=warehouse.lot_stock_id.id,
)
env.cr.execute(SQL(
    "INSERT INTO purchase_order (name, partner_id, company_id, currency_id, "
    "picking_type_id, state, date_order, date_approve) "
    "SELECT 'FAULT' || o, (%(vendors)s::int4[])[1 + o %% 100], %(company)s, "
    "%(currency)s, %(picking_type)s, 'purchase', day, day "
    "FROM generate_series(1, 20000) AS o "
    "CROSS JOIN LATERAL (SELECT now() - make_interval(days => o %% 300) AS day) d",
    **params,
))
env.cr.execute(SQL(
    "INSERT INTO purchase_order_line (order_id, name, product_id, product_qty, "
    "product_uom_qty, product_uom_id, price_unit, date_planned, company_id, "
    "partner_id) "
    "SELECT po.id, 'fault', %(product)s, 10, 10, %(uom)s, 10, "
    "po.date_approve + interval '5 days', po.company_id, po.partner_id "
    "FROM purchase_order po WHERE po.name LIKE 'FAULT%%'",
    **params,
))
env.cr.execute(SQL(
    "INSERT INTO stock_move (company_id, product_id, product_uom, product_uom_qty, "
    "product_qty, quantity, location_id, location_dest_id, state, date, "
    "procure_method, purchase_line_id) "
    "SELECT line.company_id, line.product_id, %(uom)s, q.qty, q.qty, q.qty, "
    "%(supplier)s, %(stock)s, 'done', line.date_planned + CASE WHEN line.id %% 3 = 0 "
    "THEN interval '4 days' ELSE interval '0' END, 'make_to_stock', line.id "
    "FROM purchase_order_line line CROSS JOIN LATERAL "
    "(SELECT CASE WHEN line.id %% 7 = 0 THEN 8 ELSE 10 END AS qty) q "
    "WHERE line.name = 'fault' AND line.date_planned < now()",
    **params,
))
env.cr.execute(SQL("ANALYZE"))  # statistics, as autovacuum keeps them in production
env.cr.commit()
"""

FULL_RECOMPUTE = """
env["jit.vendor.score"]._jit_recompute()
env.cr.commit()
"""

# As the nightly scheduled action, committing per batch of 2 vendors (slowed
# down a little so that it can be killed mid-run).
BATCHED_RECOMPUTE = """
import time
def commit(_count, remaining=None):
    env.cr.commit()
    time.sleep(0.05)
    return 1
env["jit.vendor.score"]._jit_recompute_batches(2, commit)
env.cr.commit()
"""

SCORES_FINGERPRINT_SQL = (
    "SELECT count(*), md5(string_agg(concat_ws(',', company_id, partner_id, "
    "product_id, sample_size, round(score::numeric, 6), standing), ';' "
    "ORDER BY company_id, partner_id, product_id NULLS FIRST)) FROM jit_vendor_score"
)

# The records in use (live generation), every value but the generation.
FINGERPRINT_SQL = (
    "SELECT count(*), coalesce(sum(quantity), 0), "
    "md5(coalesce(string_agg(concat_ws(',', move_in_id, move_out_id, lot_id, "
    "warehouse_id, quantity, kind_in, kind_out, is_mto, is_open, date_in, "
    "date_out, CASE WHEN NOT is_open THEN round(dwell_hours::numeric, 6) END), "
    "';' "
    "ORDER BY move_in_id, move_out_id NULLS FIRST, lot_id), '')) "
    "FROM jit_dwell_record "
    "WHERE generation = (SELECT generation FROM jit_dwell_state)"
)
# Records the rebuild in progress has written (the next generation, in a
# table of its own until the switch).
NEXT_TABLE = "jit_dwell_record_next"


def rebuilt(db):
    """The number of records the rebuild in progress has written."""
    if psql(db, f"SELECT to_regclass('{NEXT_TABLE}') IS NULL") == "t":
        return 0
    return int(psql(db, f"SELECT count(*) FROM {NEXT_TABLE}"))


def psql(db, query):
    return subprocess.run(
        ["psql", "-d", db, "-tAc", query], check=True, capture_output=True, text=True
    ).stdout.strip()


def wait_for_dead_backends(db):
    """A killed client's server process finishes its statement before it
    notices; restart, as a new cron run would, once it is gone."""
    busy = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND state <> 'idle' AND pid <> pg_backend_pid()"
    )
    for _attempt in range(300):
        if psql(db, busy) == "0":
            return
        time.sleep(0.2)


def kill(job):
    """SIGKILL the job's whole process group: tools/dev.sh and the Odoo
    shell it runs (killing the script alone would leave Odoo running)."""
    os.killpg(job.pid, signal.SIGKILL)


def shell(db, code, wait=True):
    process = subprocess.Popen(
        [DEV, "odoo", "shell", "-d", db, "--no-http", "--log-level=warn"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    process.stdin.write(code)
    process.stdin.close()
    if wait:
        output = process.stdout.read()
        if process.wait():
            sys.exit(f"odoo shell failed:\n{output}")
        return output
    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="jit_fault")
    parser.add_argument("--moves", type=int, default=200_000)
    parser.add_argument(
        "--dwell-only", action="store_true", help="skip the vendor score recompute"
    )
    args = parser.parse_args()
    products = 200
    fresh_database(args.db)
    shell(args.db, SEED % {"products": products, "per_product": args.moves // products})

    start = time.monotonic()
    shell(args.db, FULL_BACKFILL)
    clean_time = time.monotonic() - start
    clean = psql(args.db, FINGERPRINT_SQL)
    print(f"clean backfill of {args.moves:,} moves: {clean_time:.1f} s -> {clean}")

    generation = psql(args.db, "SELECT generation FROM jit_dwell_state")
    job = shell(args.db, BATCHED_BACKFILL, wait=False)
    # Wait until the rebuild committed part of its batches (the next
    # generation, beside the live one), then kill it.
    expected = int(clean.split("|")[0])
    while job.poll() is None:
        done = rebuilt(args.db)
        if done > expected * 0.4 and done < expected:
            break
        time.sleep(0.2)
    confirm = shell(args.db, CONFIRM, wait=False)
    time.sleep(1.0)
    kill(job)
    job.wait()
    killed_at = rebuilt(args.db)
    confirm_output = confirm.stdout.read()
    confirm.wait()
    print(
        f"killed the batched rebuild at {killed_at}/{expected} records of the "
        f"next generation (cursor at product "
        f"{psql(args.db, 'SELECT product_id FROM jit_dwell_rebuild_cursor')})"
    )
    live = psql(args.db, FINGERPRINT_SQL)
    print(f"records in use meanwhile: {live} (unchanged: {live == clean})")
    print("confirmation during the job:", confirm_output.strip().splitlines()[-1])

    wait_for_dead_backends(args.db)
    shell(args.db, BATCHED_BACKFILL)
    restarted = psql(args.db, FINGERPRINT_SQL)
    state = psql(args.db, "SELECT generation, rebuilding FROM jit_dwell_state")
    duplicates = psql(
        args.db,
        "SELECT count(*) FROM (SELECT 1 FROM jit_dwell_record GROUP BY generation, "
        "warehouse_id, move_in_id, move_out_id, lot_id HAVING count(*) > 1) AS d",
    )
    others = psql(
        args.db,
        "SELECT count(*) FROM jit_dwell_record "
        "WHERE generation != (SELECT generation FROM jit_dwell_state)",
    )
    print(
        f"after restart: {restarted}; generation {generation} -> {state}; "
        f"duplicate keys: {duplicates}; records of other generations: {others}"
    )
    ok = (
        live == clean
        and restarted == clean
        and duplicates == "0"
        and others == "0"
        and state == f"{int(generation) + 1}|f"
        and "CONFIRMED" in confirm_output
    )
    print("dwell backfill:", "OK, restarted = clean run" if ok else "FAILED")
    if args.dwell_only:
        return 0 if ok else 1
    return 0 if check_scores(args.db) and ok else 1


def check_scores(db):
    """The same for the nightly vendor score recompute."""
    shell(db, SEED_PURCHASES)
    start = time.monotonic()
    shell(db, FULL_RECOMPUTE)
    clean_time = time.monotonic() - start
    clean = psql(db, SCORES_FINGERPRINT_SQL)
    print(f"clean score recompute: {clean_time:.1f} s -> {clean}")
    psql(db, "DELETE FROM jit_vendor_score")
    overall = "SELECT count(*) FROM jit_vendor_score WHERE product_id IS NULL"
    vendors = int(psql(db, "SELECT count(DISTINCT partner_id) FROM purchase_order"))
    job = shell(db, BATCHED_RECOMPUTE, wait=False)
    while job.poll() is None and int(psql(db, overall)) < vendors * 0.3:
        time.sleep(0.1)
    confirm = shell(db, CONFIRM.replace("Fault JIT", "Fault JIT 2"), wait=False)
    time.sleep(0.5)
    kill(job)
    job.wait()
    killed_at = psql(db, overall)
    confirm_output = confirm.stdout.read()
    confirm.wait()
    print(f"killed the batched recompute at {killed_at}/{vendors} vendors")
    print("confirmation during the job:", confirm_output.strip().splitlines()[-1])
    wait_for_dead_backends(db)
    shell(db, BATCHED_RECOMPUTE)
    restarted = psql(db, SCORES_FINGERPRINT_SQL)
    print(f"after restart: {restarted}")
    ok = restarted == clean and "CONFIRMED" in confirm_output
    print("score recompute:", "OK, resumed = clean run" if ok else "FAILED")
    return ok


if __name__ == "__main__":
    sys.exit(main())
