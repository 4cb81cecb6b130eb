"""Helpers shared by the benchmark scripts that drive Odoo from outside."""

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "tools" / "dev.sh"


def fresh_database(db):
    """Drop ``db`` and create it again with jit_inventory installed."""
    subprocess.run([DEV, "drop-db", db], check=True)
    install = ("-i", "jit_inventory", "--stop-after-init", "--log-level=warn")
    subprocess.run([DEV, "odoo", "-d", db, *install], check=True)
