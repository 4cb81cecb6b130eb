# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

_logger = logging.getLogger(__name__)

# (model, field): switched on for the records that exist and, through an
# ir.default, for every record the tests create afterwards.
JIT_SWITCHES = [
    ("res.company", "jit_procurement"),
    ("product.category", "jit_managed"),
    ("product.template", "jit_managed"),
]


def post_init_hook(env):
    """Switch JIT on for every company, category and product, now and later."""
    for model, field in JIT_SWITCHES:
        env["ir.default"].set(model, field, True)
        records = env[model].with_context(active_test=False).search([])
        records.write({field: True})
        _logger.info(
            "jit_everywhere: %s.%s on for %d records", model, field, len(records)
        )
