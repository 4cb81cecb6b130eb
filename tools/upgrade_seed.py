# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Seed a database with JIT data for ``tools/dev.sh upgrade-check``: a short
purchase, receipt and delivery history (vendor scores, dwell records) played by
the demo loader, and a confirmed JIT sale order (RFQ line, vendor selection).

Usage: tools/dev.sh odoo shell -d DB --no-http < tools/upgrade_seed.py
"""

from odoo import Command

env = globals()["env"]  # provided by the Odoo shell
company = env.ref("base.main_company")
Partner = env["res.partner"]
vendors = Partner.create([{"name": "Upgrade vendor A"}, {"name": "Upgrade vendor B"}])
customer = Partner.create({"name": "Upgrade customer"})
product = env["product.product"].create(
    {
        "name": "Upgrade part",
        "is_storable": True,
        "jit_managed": True,
        "standard_price": 10.0,
        "seller_ids": [
            Command.create({"partner_id": v.id, "price": p})
            for v, p in zip(vendors, (10.0, 9.0), strict=True)
        ],
    }
)
env["jit.demo.loader"]._play_history(
    company,
    product,
    {
        vendors[0]: (1.0, 3, (0, 2), (1.0,), (0.0, 0.1), 20),
        vendors[1]: (0.9, 4, (5,), (0.5,), (0.0,), 30),
    },
    customer,
)
order = env["sale.order"].create(
    {
        "partner_id": customer.id,
        "order_line": [
            Command.create({"product_id": product.id, "product_uom_qty": 3})
        ],
    }
)
order.action_confirm()
assert order.order_line.jit_purchase_line_ids, "the JIT order bought nothing"
env.cr.commit()
print("seeded")
