"""Multi-worker load test: concurrent salespeople confirming JIT sale orders.

Starts Odoo in multi-process mode (``--workers``, as in production) on loopback with
a fresh database, optionally as several servers on the same database (``--servers``,
as behind a proxy, each with its own cron thread), then drives them over JSON-RPC
from concurrent clients spread over the servers, that create and confirm sale orders
for products sharing the same vendors (vendors set to *Group RFQ: Always*, so the
orders merge into shared RFQs and compete for the same rows).

With ``--baseline`` the same load runs twice in the same run: first with plain Odoo
make-to-order + buy products (Odoo picks the first vendor), then with JIT products,
and the ratios JIT / plain of throughput and latency are printed. A warm-up load of
one order per client and kind runs first, unmeasured. With ``--rounds N`` each kind
runs N loads, alternated (plain, JIT, JIT, plain, ...), and the figures are taken
over all of them: one load lasts seconds, and which transaction loses a conflict on a
shared RFQ moves a single load's ratio by 0.2 or more.

Afterwards it checks that every sale line was procured exactly once (per product,
bought equals sold; in the JIT load, each sale line linked to one purchase line
carrying the quantity of its sale lines), that no call failed, and, with several
servers, that each triggered scheduled action ran exactly once per trigger (Odoo's
cron locking), and prints throughput and latency, and the CPU time each confirmed
order cost the Odoo servers, PostgreSQL and the clients: a kind that is slower with
the same CPU per order waits (locks, retries) rather than works.

Usage (from the repository root):
    tools/dev.sh odoo --version >/dev/null   # builds the venv if needed
    $(tools/dev.sh venv)/bin/python bench/bench_load.py [--clients 8] [--orders 10] \
        [--workers 2] [--servers 1] [--baseline] [--rounds 1] [--group-rfq all|default]
Targets (issue 18): JIT throughput >= 0.9 x plain, p95 <= 1.2 x plain, nothing lost,
at ``--workers 2`` and ``--workers 4``. The machine's 1-minute load average before and
after each load is printed beside it: on a shared machine, compare the ratios.
"""

import argparse
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchlib import DEV, fresh_database

_ids = itertools.count()
# Odoo's retry of a call that lost a concurrent update (odoo.service.model):
# the worker sleeps a random back-off, up to 2, 4, 8 then 16 s, serving nothing.
BACK_OFF = re.compile(r"tries left, try again in ([\d.]+) sec")


class Client:
    """Minimal JSON-RPC client of one user (stdlib only)."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.uid = self.call("common", "login", db, login, password)

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(_ids),
            "params": {"service": service, "method": method, "args": args},
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            json.dumps(payload).encode(),
            {"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.loads(response.read())
        if body.get("error"):
            raise RuntimeError(body["error"]["data"].get("message", body["error"]))
        return body["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


def setup(admin, products_count, vendors_count, group_rfq="all"):
    """Create vendors (grouping RFQs as ``group_rfq``), plain MTO + buy and JIT
    products sharing them, a customer and a salesperson. Return
    ``{"plain": product ids, "jit": product ids}``."""
    company_id = admin("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    admin("res.company", "write", [company_id], {"jit_procurement": True})
    # By default vendors group every need into one RFQ (Odoo's *Group RFQ:
    # Always*): concurrent confirmations write the same draft RFQs. With
    # Odoo's default (*On Order*) each sale order gets RFQs of its own.
    vendors = admin(
        "res.partner",
        "create",
        [
            {"name": f"Load Vendor {i}", "group_rfq": group_rfq}
            for i in range(vendors_count)
        ],
    )
    warehouse = admin(
        "stock.warehouse",
        "search_read",
        [("company_id", "=", company_id)],
        fields=["mto_pull_id", "buy_pull_id"],
        limit=1,
    )[0]
    rule_routes = admin(
        "stock.rule",
        "read",
        [warehouse["mto_pull_id"][0], warehouse["buy_pull_id"][0]],
        ["route_id"],
    )
    mto_buy = [rule["route_id"][0] for rule in rule_routes]
    admin("stock.route", "write", mto_buy, {"active": True})

    def products(kind):
        return admin(
            "product.product",
            "create",
            [
                {
                    "name": f"Load {kind} Product {p}",
                    "type": "consu",
                    "is_storable": True,
                    "jit_managed": kind == "jit",
                    "route_ids": [] if kind == "jit" else [(6, 0, mto_buy)],
                    "seller_ids": [
                        (
                            0,
                            0,
                            {
                                "partner_id": v,
                                "price": 10.0 + (p + i) % 7,
                                "delay": 1 + i,
                            },
                        )
                        for i, v in enumerate(vendors)
                    ],
                }
                for p in range(products_count)
            ],
        )

    product_ids = {"plain": products("plain"), "jit": products("jit")}
    group = admin(
        "ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman"
    )[1]
    admin(
        "res.users",
        "create",
        [
            {
                "name": "Load Salesperson",
                "login": "load_sales",
                "password": "load_sales",
                "group_ids": [(6, 0, [group])],
            }
        ],
    )
    return product_ids, admin("res.partner", "create", [{"name": "Load Customer"}])[0]


def worker(
    client, products, customer, orders, lines, latencies, errors, failed, deadline
):
    for n in range(orders):
        if time.monotonic() > deadline:
            errors.append("deadline reached")
            return
        try:
            order_lines = [
                (
                    0,
                    0,
                    {
                        "product_id": products[(n + i) % len(products)],
                        "product_uom_qty": 1 + (n + i) % 4,
                    },
                )
                for i in range(lines)
            ]
            order = client(
                "sale.order",
                "create",
                [{"partner_id": customer, "order_line": order_lines}],
            )[0]
        except Exception as error:  # noqa: BLE001 - every failure is reported
            errors.append(f"create: {str(error)[:300]}")
            continue
        start = time.monotonic()
        try:
            client("sale.order", "action_confirm", [order])
            latencies.append(time.monotonic() - start)
        except Exception as error:  # noqa: BLE001 - every failure is reported
            # Odoo retried the confirmation (serialization failures) and gave
            # up: the order stays a quotation, nothing is bought for it.
            failed.append((order, str(error).strip()[:300]))


def check(admin, product_ids, linked):
    """Return (sale lines, problems). Per product, the quantity bought must equal
    the quantity sold on confirmed orders (Odoo merges the needs of several sale
    lines into one purchase line). In the JIT load (``linked``), where the addon
    links purchase lines to the sale lines they buy for, each confirmed sale line
    must be linked once, and a linked line must carry the quantity of its sale
    lines."""
    sale_lines = admin(
        "sale.order.line",
        "search_read",
        [("product_id", "in", product_ids), ("order_id.state", "=", "sale")],
        fields=["product_id", "product_uom_qty"],
    )
    purchase_lines = admin(
        "purchase.order.line",
        "search_read",
        [("product_id", "in", product_ids), ("state", "!=", "cancel")],
        fields=["product_id", "product_qty", "jit_sale_line_ids"],
    )
    sold, bought, links = {}, {}, {}
    qty_of = {line["id"]: line["product_uom_qty"] for line in sale_lines}
    for line in sale_lines:
        product = line["product_id"][0]
        sold[product] = sold.get(product, 0) + line["product_uom_qty"]
    problems = []
    for line in purchase_lines:
        product = line["product_id"][0]
        bought[product] = bought.get(product, 0) + line["product_qty"]
        sale_line_ids = line["jit_sale_line_ids"]
        for sale_line_id in sale_line_ids:
            links[sale_line_id] = links.get(sale_line_id, 0) + 1
        needed = sum(qty_of.get(sale_line_id, 0) for sale_line_id in sale_line_ids)
        if sale_line_ids and abs(needed - line["product_qty"]) > 1e-6:
            problems.append(
                f"purchase line {line['id']}: its sale lines need {needed}, "
                f"it buys {line['product_qty']}"
            )
    problems += [
        f"product {product}: sold {quantity}, bought {bought.get(product, 0)}"
        for product, quantity in sold.items()
        if abs(bought.get(product, 0) - quantity) > 1e-6
    ]
    if linked:
        problems += [
            f"sale line {line['id']}: linked to {links.get(line['id'], 0)} "
            "purchase lines instead of one"
            for line in sale_lines
            if links.get(line["id"], 0) != 1
        ]
    return sale_lines, problems


def cpu_seconds(server_groups):
    """CPU seconds used so far by the Odoo servers (their process groups), by
    PostgreSQL (every ``postgres`` process) and by this client. Each process's
    children that ended count through their parent (Odoo's master reaps
    recycled workers, the postmaster ended backends), so the differences of
    two readings are exact."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"odoo": 0.0, "postgres": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        comm, fields = (
            text[text.index("(") + 1 : text.rindex(")")],
            text[text.rindex(")") + 2 :].split(),
        )
        group = int(fields[2])
        kind = (
            "odoo"
            if group in server_groups
            else "postgres"
            if comm.startswith("postgres")
            else None
        )
        if kind:
            used[kind] += sum(int(value) for value in fields[11:15]) / tick
    times = os.times()
    used["client"] = times.user + times.system
    return used


def run_load(args, urls, product_ids, customer, server_groups):
    """Confirm ``clients x orders`` orders of ``product_ids``; return figures,
    with the CPU time of the servers' process groups ``server_groups``."""
    clients = [
        Client(urls[i % len(urls)], args.db, "load_sales", "load_sales")
        for i in range(args.clients)
    ]
    latencies, errors, failed = [], [], []
    deadline = time.monotonic() + args.timeout
    threads = [
        threading.Thread(
            target=worker,
            args=(
                c,
                product_ids,
                customer,
                args.orders,
                args.lines,
                latencies,
                errors,
                failed,
                deadline,
            ),
        )
        for c in clients
    ]
    start = time.monotonic()
    started_at = time.time()
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(server_groups)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    cpu_after = cpu_seconds(server_groups)
    return {
        "cpu": {key: cpu_after[key] - cpu_before[key] for key in cpu_after},
        "load": (load_before, os.getloadavg()[0]),
        "elapsed": elapsed,
        "latencies": latencies,
        "errors": errors,
        "failed": failed,
        "windows": [(started_at, time.time())],
    }


def pool(loads):
    """Figures of several loads of one kind taken together: orders confirmed
    over the time the loads lasted, percentiles over all their latencies."""
    latencies = [latency for load in loads for latency in load["latencies"]]
    elapsed = sum(load["elapsed"] for load in loads)
    return {
        "cpu": {
            key: sum(load["cpu"][key] for load in loads) for key in loads[0]["cpu"]
        },
        "load": (loads[0]["load"][0], loads[-1]["load"][1]),
        "confirmed": len(latencies),
        "elapsed": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": (
            statistics.quantiles(latencies, n=20)[18]
            if len(latencies) >= 2
            else float("nan")
        ),
        "errors": [error for load in loads for error in load["errors"]],
        "failed": [failure for load in loads for failure in load["failed"]],
        "windows": [window for load in loads for window in load["windows"]],
    }


def check_cron_runs(admin, log_paths):
    """Make each scheduled action of the addon due at once and wait for the
    servers' cron workers. Return ``{cron name: (runs, overlaps)}``: every job
    must have run, and never on two servers at the same time (Odoo locks a job
    while one server runs it; a job that commits its progress may legitimately
    run again to finish, one run after the other)."""
    crons = admin(
        "ir.cron",
        "search_read",
        [("cron_name", "ilike", "JIT")],
        fields=["cron_name"],
    )
    line = re.compile(
        r"^(\S+ \S+) \d+ INFO \S+ odoo\.addons\.base\.models\.ir_cron: "
        r"Job '.*?' \((\d+)\) (starting|.*?\(#loop)"
    )

    def runs():
        """{cron id: [(start, end)]} from all the servers' logs."""
        events = {}
        for path in log_paths:
            started = {}
            for match in map(line.match, path.read_text().splitlines()):
                if not match:
                    continue
                when, cron_id, what = match[1], int(match[2]), match[3]
                if what == "starting":
                    started[cron_id] = when
                elif cron_id in started:
                    events.setdefault(cron_id, []).append((started.pop(cron_id), when))
        return events

    before = {cron_id: len(spans) for cron_id, spans in runs().items()}
    admin(
        "ir.cron",
        "write",
        [c["id"] for c in crons],
        {"active": True, "nextcall": "2000-01-01 00:00:00"},
    )
    deadline = time.monotonic() + 240  # cron workers poll every 60 s
    while time.monotonic() < deadline:
        time.sleep(5)
        events = runs()
        if all(len(events.get(c["id"], [])) > before.get(c["id"], 0) for c in crons):
            break
    time.sleep(15)  # a concurrent second run would show up now
    events = runs()
    result = {}
    for cron in crons:
        spans = sorted(events.get(cron["id"], [])[before.get(cron["id"], 0) :])
        overlaps = sum(
            1 for (_s1, end), (start, _e2) in itertools.pairwise(spans) if start < end
        )
        result[cron["cron_name"]] = (len(spans), overlaps)
    return result


def start_servers(args, log_dir):
    servers, urls, log_paths = [], [], []
    for index in range(args.servers):
        port = args.port + index
        log_path = log_dir / f"{args.db}-server{index}.log"
        log = log_path.open("w")
        servers.append(
            subprocess.Popen(
                [
                    DEV,
                    "odoo",
                    "-d",
                    args.db,
                    f"--db-filter=^{args.db}$",
                    f"--http-port={port}",
                    f"--gevent-port={port + 100}",
                    f"--workers={args.workers}",
                    "--max-cron-threads=1",
                    "--log-level=warn",
                    "--log-handler=odoo.addons.base.models.ir_cron:INFO",
                    "--log-handler=odoo.service.model:INFO",
                    "--limit-time-real=300",
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,  # a file: a pipe read only at the end would fill and block
                start_new_session=True,  # its own process group, stopped as a whole
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
        log_paths.append(log_path)
    for url in urls:
        for _attempt in range(90):
            try:
                urllib.request.urlopen(f"{url}/web/login", timeout=5)
                break
            except OSError:
                time.sleep(1)
    return servers, urls, log_paths


def report(name, figures):
    print(
        f"{name:6} orders={figures['confirmed']} elapsed={figures['elapsed']:.1f}s "
        f"throughput={figures['throughput']:.2f} orders/s "
        f"p50={figures['p50']:.3f}s p95={figures['p95']:.3f}s "
        f"rpc_errors={len(figures['errors'])} "
        f"procurement_problems={len(figures['problems'])} "
        f"serialization_conflicts_retried={figures['conflicts']} "
        "load average %.1f -> %.1f" % figures["load"]
    )
    confirmed = figures["confirmed"] or float("nan")
    cpu = figures["cpu"]
    busy = sum(cpu.values()) / figures["elapsed"] / os.cpu_count()
    print(
        "    CPU per confirmed order: "
        + ", ".join(f"{key} {cpu[key] / confirmed * 1000:.0f} ms" for key in cpu)
        + f"; machine busy {busy:.0%}; workers slept {figures['back_off']:.0f} s "
        f"in Odoo's retry back-off ({figures['back_off'] / confirmed * 1000:.0f} ms "
        "per confirmed order)"
    )
    if figures["failed"]:
        print(
            f"    {len(figures['failed'])} confirmation(s) FAILED after Odoo's "
            "retries (the orders stay quotations, nothing bought for them):"
        )
    for order, message in figures["failed"]:
        print(f"      sale order {order}: {message}")
    for message in figures["errors"][:5]:
        print("   ", message)
    for problem in figures["problems"][:5]:
        print("   ", problem)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--orders", type=int, default=10, help="orders per client")
    parser.add_argument("--lines", type=int, default=3, help="lines per order")
    parser.add_argument("--workers", type=int, default=2, help="workers per server")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument(
        "--baseline", action="store_true", help="also run plain MTO + buy, compare"
    )
    parser.add_argument(
        "--group-rfq",
        choices=("all", "default"),
        default="all",
        help="the vendors' Group RFQ: all (Always: one shared RFQ per vendor) or "
        "default (On Order: RFQs per sale order)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="loads of each kind, alternated; figures taken over all of them",
    )
    parser.add_argument("--port", type=int, default=8269)
    parser.add_argument("--db", default="jit_load")
    parser.add_argument("--timeout", type=int, default=600, help="seconds, each load")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    fresh_database(args.db)
    servers, urls, log_paths = start_servers(args, Path(tempfile.gettempdir()))
    results = {}
    try:
        admin = Client(urls[0], args.db, "admin", "admin")
        product_ids, customer = setup(
            admin, products_count=5, vendors_count=3, group_rfq=args.group_rfq
        )
        kinds = ("plain", "jit") if args.baseline else ("jit",)
        groups = {server.pid for server in servers}  # each its own session
        warm_up = argparse.Namespace(**{**vars(args), "orders": 1})
        for kind in kinds:  # every worker loads its registry and caches first
            run_load(warm_up, urls, product_ids[kind], customer, groups)
        loads = {kind: [] for kind in kinds}
        for round_ in range(args.rounds):
            # Alternate which kind goes first (plain, JIT, JIT, plain...):
            # a drift of the machine weighs on both alike.
            for kind in kinds if round_ % 2 == 0 else kinds[::-1]:
                loads[kind].append(
                    run_load(args, urls, product_ids[kind], customer, groups)
                )
        for kind in kinds:
            results[kind] = pool(loads[kind])
            results[kind]["sale_lines"], results[kind]["problems"] = check(
                admin, product_ids[kind], linked=kind == "jit"
            )
        cron_runs = check_cron_runs(admin, log_paths) if args.servers > 1 else {}
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)
    # Odoo logs the failed statement of a transaction that lost a concurrent
    # update, then retries the whole call: those are conflicts, not errors.
    logged = [
        line
        for path in log_paths
        for line in path.read_text().splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    conflicts = [line for line in logged if "odoo.sql_db: bad query" in line]
    # Each confirmation that failed after Odoo's retries logs its request's
    # exception once: those are counted as failures, not as server errors.
    failures = sum(len(f["failed"]) for f in results.values())
    requests_failed = [
        line for line in logged if "odoo.http: Exception during request" in line
    ]
    server_errors = [
        line for line in logged if line not in conflicts and line not in requests_failed
    ] + requests_failed[failures:]
    back_offs = [
        (line[:19], float(match[1]))
        for path in log_paths
        for line in path.read_text().splitlines()
        if (match := BACK_OFF.search(line))
    ]

    def during(stamp, windows):
        moment = time.mktime(time.strptime(stamp, "%Y-%m-%d %H:%M:%S"))
        return any(start - 1 <= moment <= end + 1 for start, end in windows)

    for figures in results.values():
        figures["conflicts"] = sum(
            1 for line in conflicts if during(line[:19], figures["windows"])
        )
        figures["back_off"] = sum(
            wait for stamp, wait in back_offs if during(stamp, figures["windows"])
        )
    print(
        f"servers={args.servers} workers={args.workers} clients={args.clients} "
        f"orders per load={args.clients * args.orders} lines per order={args.lines} "
        f"group_rfq={args.group_rfq} rounds={args.rounds}"
    )
    for kind, figures in results.items():
        report(kind, figures)
    if "plain" in results:
        plain, jit = results["plain"], results["jit"]
        throughput = jit["throughput"] / plain["throughput"]
        print(
            f"ratio JIT/plain: throughput {throughput:.2f} "
            f"(target >= 0.90), p50 {jit['p50'] / plain['p50']:.2f}, "
            f"p95 {jit['p95'] / plain['p95']:.2f} (target <= 1.20)"
        )
        if args.rounds > 1:
            per_round = [
                pool([j])["throughput"] / pool([p])["throughput"]
                for p, j in zip(loads["plain"], loads["jit"], strict=True)
            ]
            print(
                "throughput ratio of each round: "
                + ", ".join(f"{ratio:.2f}" for ratio in per_round)
            )
    print(
        f"server_errors={len(server_errors)} "
        f"serialization_conflicts_retried={len(conflicts)} "
        f"confirmations_failed_after_retries={failures}"
    )
    for message in server_errors[:10]:
        print("   ", message)
    for name, (count, overlaps) in cron_runs.items():
        print(f"cron {name!r}: {count} run(s) after 1 trigger, {overlaps} overlapping")
    ok = (
        not server_errors
        and all(
            not f["errors"]
            and not f["failed"]
            and not f["problems"]
            and f["confirmed"] == args.clients * args.orders * args.rounds
            for f in results.values()
        )
        and all(count >= 1 and not overlaps for count, overlaps in cron_runs.values())
    )
    print("OK: every sale line procured exactly once" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
