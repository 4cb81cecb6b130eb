# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "JIT everywhere (test harness only)",
    "summary": "Switch JIT on for every company and product, to run Odoo's and "
    "OCA's own tests with it (make test-odoo); never install in production",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "jit_inventory contributors, Odoo Community Association (OCA)",
    "license": "LGPL-3",
    "depends": ["jit_inventory"],
    "post_init_hook": "post_init_hook",
}
