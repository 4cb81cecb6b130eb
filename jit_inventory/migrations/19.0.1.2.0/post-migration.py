# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The candidates of a vendor selection have no log columns of their own
(``_log_access = False``): who made them and when is their selection's. Odoo
forgets the fields but keeps the columns; drop them."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            "ALTER TABLE jit_vendor_selection_candidate %s",
            SQL(", ").join(
                SQL("DROP COLUMN IF EXISTS %s", SQL.identifier(column))
                for column in ("create_uid", "write_uid", "create_date", "write_date")
            ),
        )
    )
