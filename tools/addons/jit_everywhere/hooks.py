# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import os

_logger = logging.getLogger(__name__)

# (model, field, value): set on the records that exist and, through an
# ir.default, on every record the tests create afterwards.
JIT_SWITCHES = [
    ("res.company", "jit_procurement", True),
    ("product.category", "jit_managed", True),
    ("product.template", "jit_managed", True),
]


def post_init_hook(env):
    """Switch JIT on for every company, category and product, now and later.

    ``JIT_QUANTITY_RULE=shortage`` in the environment also makes every company
    buy only what free stock does not cover (``JIT_MODE=shortage tools/dev.sh
    test-odoo``).
    """
    switches = list(JIT_SWITCHES)
    if os.environ.get("JIT_QUANTITY_RULE") == "shortage":
        switches.append(("res.company", "jit_quantity_rule", "shortage"))
    for model, field, value in switches:
        env["ir.default"].set(model, field, value)
        records = env[model].with_context(active_test=False).search([])
        records.write({field: value})
        _logger.info(
            "jit_everywhere: %s.%s = %s on %d records",
            model,
            field,
            value,
            len(records),
        )
