# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A JIT purchase line now buys for several sale lines, as Odoo merges the
needs of a product into one line: the single link ``jit_sale_line_id`` became
the many2many ``jit_sale_line_ids``, and ``is_jit`` marks the lines."""

from odoo.tools import SQL, sql


def migrate(cr, version):
    if not sql.column_exists(cr, "purchase_order_line", "jit_sale_line_id"):
        return
    cr.execute(
        SQL(
            """
            INSERT INTO jit_purchase_line_sale_line_rel (purchase_line_id, sale_line_id)
            SELECT id, jit_sale_line_id
              FROM purchase_order_line
             WHERE jit_sale_line_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE purchase_order_line
               SET is_jit = TRUE
             WHERE jit_sale_line_id IS NOT NULL
            """
        )
    )
    cr.execute(SQL("ALTER TABLE purchase_order_line DROP COLUMN jit_sale_line_id"))
