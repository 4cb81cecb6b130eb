"""Take the README's screenshots from a running Odoo (``make run``).

Drives headless Chromium through the DevTools protocol (websocket-client, in the
project's venv): logs in, opens each page of PAGES and saves a PNG into
docs/images/. Record-specific pages take the id of the newest record.

Usage, with ``make run`` serving the demo database:
    $(tools/dev.sh venv)/bin/python tools/screenshots.py [--url http://127.0.0.1:8069]
"""

import argparse
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "images"

# (file name, path; "{model}" pages open the newest record of that model)
PAGES = [
    ("dashboard.png", "/odoo/action-jit_inventory.jit_dashboard_action"),
    ("settings.png", "/odoo/action-jit_inventory.res_config_settings_action"),
    (
        "vendor_selection.png",
        "/odoo/action-jit_inventory.jit_vendor_selection_action/{jit.vendor.selection}",
    ),
    ("vendor_scores.png", "/odoo/action-jit_inventory.jit_vendor_score_action"),
    ("dwell_time.png", "/odoo/action-jit_inventory.jit_dwell_record_action"),
    ("dwell_kpis.png", "/odoo/action-jit_inventory.jit_dwell_kpi_report_action"),
    ("jit_fitness.png", "/odoo/action-jit_inventory.jit_product_fitness_action"),
    (
        "lead_time_drift.png",
        "/odoo/action-jit_inventory.jit_lead_time_drift_report_action",
    ),
]
# (file name, path, width, height): pages taken on a phone's screen
MOBILE_PAGES = [
    (
        "dashboard_mobile.png",
        "/odoo/action-jit_inventory.jit_dashboard_action",
        390,
        844,
    ),
]


class Browser:
    """Just enough of the DevTools protocol: navigate, evaluate, screenshot."""

    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="jit-shots-")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--remote-debugging-port=9339",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9339/json") as r:
                    targets = json.load(r)
                break
            except OSError:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"])
        self.ids = itertools.count(1)

    def call(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def open(self, url, settle=4.0):
        self.call("Page.navigate", url=url)
        time.sleep(settle)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def newest_id(browser, model):
    """Id of the newest record of ``model``, through the logged-in session."""
    return browser.evaluate(
        f"""fetch("/web/dataset/call_kw", {{method: "POST",
            headers: {{"Content-Type": "application/json"}},
            body: JSON.stringify({{jsonrpc: "2.0", method: "call", params: {{
                model: "{model}", method: "search", args: [[]],
                kwargs: {{limit: 1, order: "id desc"}}}}}})}})
          .then(r => r.json()).then(r => r.result[0])"""
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument(
        "--settle",
        type=float,
        default=4.0,
        help="seconds to let each page load (more on a busy machine)",
    )
    parser.add_argument(
        "--only", nargs="*", help="file names of the pages to take (default: all)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    browser = Browser(1440, 900)
    try:
        browser.open(f"{args.url}/web/login", settle=args.settle / 2)
        browser.evaluate(
            f"""const field = (name) => document.querySelector(`input[name=${{name}}]`);
                field("login").value = "{args.login}";
                field("password").value = "{args.password}";
                document.querySelector("form").submit();"""
        )
        time.sleep(args.settle)
        for name, path in PAGES:
            if args.only and name not in args.only:
                continue
            if "{" in path:
                model = path[path.index("{") + 1 : path.index("}")]
                path = path.replace(f"{{{model}}}", str(newest_id(browser, model)))
            browser.open(args.url + path, settle=args.settle)
            browser.screenshot(OUT / name)
            print(f"saved docs/images/{name} ({args.url}{path})")
        for name, path, width, height in MOBILE_PAGES:
            if args.only and name not in args.only:
                continue
            browser.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=True,
            )
            browser.open(args.url + path, settle=args.settle)
            browser.screenshot(OUT / name)
            print(f"saved docs/images/{name} ({args.url}{path}, {width} px wide)")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
