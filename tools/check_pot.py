"""Check that the committed translation template holds every translatable string.

Usage: python tools/check_pot.py COMMITTED.pot FRESH.pot
FRESH.pot is exported from a database with the addon installed (``odoo-bin i18n
export``). Fails, listing them, when FRESH has strings that COMMITTED lacks; refresh
the template with ``tools/dev.sh pot``.
"""

import sys

import polib


def main(committed_path, fresh_path):
    committed = {entry.msgid for entry in polib.pofile(committed_path)}
    missing = sorted(
        {entry.msgid for entry in polib.pofile(fresh_path)} - committed, key=str.lower
    )
    for msgid in missing:
        print(f"missing from {committed_path}: {msgid!r}")
    if missing:
        print(f"{len(missing)} translatable string(s) missing: run tools/dev.sh pot")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
