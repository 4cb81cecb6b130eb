"""Multi-worker load test: concurrent salespeople confirming JIT sale orders.

Starts Odoo in multi-process mode (``--workers=2``, as in production) on loopback
with a fresh database, then drives it over JSON-RPC from several concurrent clients
that create and confirm JIT sale orders for products sharing the same vendors.
Afterwards it checks that every sale line was procured exactly once (one purchase
line per sale line, same quantity, no lost or duplicated line) and that no call
failed, and prints throughput and latency.

Usage (from the repository root):
    tools/dev.sh odoo --version >/dev/null   # builds the venv if needed
    $(tools/dev.sh venv)/bin/python bench/bench_load.py [--clients 6] [--orders 8]
"""

import argparse
import itertools
import json
import os
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


def setup(admin, products_count, vendors_count):
    """Create vendors, JIT products sharing them, customers and a salesperson."""
    company_id = admin("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    # Shared vendors and RFQs merged per vendor: concurrent confirmations
    # write the same draft RFQs.
    admin("res.company", "write", [company_id], {"jit_procurement": True})
    vendors = admin(
        "res.partner",
        "create",
        [
            {"name": f"Load Vendor {i}", "group_rfq": "all"}
            for i in range(vendors_count)
        ],
    )
    products = admin(
        "product.product",
        "create",
        [
            {
                "name": f"Load JIT Product {p}",
                "type": "consu",
                "is_storable": True,
                "jit_managed": True,
                "seller_ids": [
                    (
                        0,
                        0,
                        {"partner_id": v, "price": 10.0 + (p + i) % 7, "delay": 1 + i},
                    )
                    for i, v in enumerate(vendors)
                ],
            }
            for p in range(products_count)
        ],
    )
    customer = admin("res.partner", "create", [{"name": "Load Customer"}])[0]
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
    return products, customer


def worker(client, products, customer, orders, lines, latencies, errors, deadline):
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
            start = time.monotonic()
            client("sale.order", "action_confirm", [order])
            latencies.append(time.monotonic() - start)
        except Exception as error:  # noqa: BLE001 - every failure is reported
            errors.append(str(error)[:300])


def check(admin):
    """Return (sale lines, problems): each sale line must have one purchase line
    of the same quantity."""
    sale_lines = admin(
        "sale.order.line",
        "search_read",
        [("product_id.name", "like", "Load JIT Product")],
        fields=["product_uom_qty"],
    )
    purchase_lines = admin(
        "purchase.order.line",
        "search_read",
        [("jit_sale_line_id", "in", [s["id"] for s in sale_lines])],
        fields=["jit_sale_line_id", "product_qty"],
    )
    by_sale_line = {}
    for line in purchase_lines:
        by_sale_line.setdefault(line["jit_sale_line_id"][0], []).append(
            line["product_qty"]
        )
    problems = []
    for sale_line in sale_lines:
        quantities = by_sale_line.get(sale_line["id"], [])
        if len(quantities) != 1 or quantities[0] != sale_line["product_uom_qty"]:
            problems.append((sale_line["id"], sale_line["product_uom_qty"], quantities))
    return sale_lines, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--orders", type=int, default=8, help="orders per client")
    parser.add_argument("--lines", type=int, default=3, help="lines per order")
    parser.add_argument("--port", type=int, default=8269)
    parser.add_argument("--db", default="jit_load")
    parser.add_argument("--timeout", type=int, default=600, help="seconds, whole run")
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}"

    fresh_database(args.db)
    log_path = Path(tempfile.gettempdir()) / f"{args.db}-server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            DEV,
            "odoo",
            "-d",
            args.db,
            f"--db-filter=^{args.db}$",
            f"--http-port={args.port}",
            "--workers=2",
            "--max-cron-threads=1",
            "--log-level=warn",
            "--limit-time-real=300",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,  # a file: a pipe read only at the end would fill and block
        start_new_session=True,  # its own process group, stopped as a whole
    )
    try:
        for _attempt in range(60):
            try:
                urllib.request.urlopen(f"{url}/web/login", timeout=5)
                break
            except OSError:
                time.sleep(1)
        admin = Client(url, args.db, "admin", "admin")
        products, customer = setup(admin, products_count=5, vendors_count=3)
        clients = [
            Client(url, args.db, "load_sales", "load_sales")
            for _i in range(args.clients)
        ]
        latencies, errors = [], []
        deadline = time.monotonic() + args.timeout
        threads = [
            threading.Thread(
                target=worker,
                args=(
                    c,
                    products,
                    customer,
                    args.orders,
                    args.lines,
                    latencies,
                    errors,
                    deadline,
                ),
            )
            for c in clients
        ]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
        sale_lines, problems = check(admin)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    # Odoo logs the failed statement of a transaction that lost a concurrent
    # update, then retries the whole call: those are conflicts, not errors.
    logged = [
        line
        for line in log_path.read_text().splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    conflicts = [line for line in logged if "odoo.sql_db: bad query" in line]
    server_errors = [line for line in logged if line not in conflicts]
    confirmed = len(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18] if confirmed >= 2 else float("nan")
    print(
        f"clients={args.clients} orders={confirmed}/{args.clients * args.orders} "
        f"sale_lines={len(sale_lines)} elapsed={elapsed:.1f}s"
    )
    print(
        f"throughput={confirmed / elapsed:.2f} orders/s "
        f"p50={statistics.median(latencies):.3f}s p95={p95:.3f}s"
    )
    print(
        f"rpc_errors={len(errors)} server_errors={len(server_errors)} "
        f"procurement_problems={len(problems)} "
        f"serialization_conflicts_retried={len(conflicts)}"
    )
    for message in (errors + server_errors)[:10]:
        print("  ", message)
    for problem in problems[:10]:
        print("   sale line %s qty %s -> purchase quantities %s" % problem)
    ok = (
        not errors
        and not server_errors
        and not problems
        and confirmed == (args.clients * args.orders)
    )
    print("OK: every sale line procured exactly once" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
