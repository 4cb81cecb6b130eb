# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "JIT Inventory",
    "summary": "Just-In-Time purchasing from the most reliable vendor, "
    "vendor scores and warehouse dwell time",
    "version": "19.0.1.0.0",
    "category": "Inventory/Purchase",
    "website": "https://github.com/jit-inventory/jit_inventory",
    "author": "jit_inventory contributors, Odoo Community Association (OCA)",
    "maintainers": ["jit-inventory"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": ["sale_management", "sale_purchase_stock"],
    "data": [
        "security/jit_inventory_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/jit_menus.xml",
        "views/jit_vendor_selection_views.xml",
        "views/sale_order_views.xml",
        "views/purchase_order_views.xml",
        "views/jit_supplier_rule_views.xml",
        "views/res_config_settings_views.xml",
        "views/product_category_views.xml",
        "views/product_template_views.xml",
        "views/jit_vendor_score_views.xml",
        "views/res_partner_views.xml",
        "views/product_supplierinfo_views.xml",
        "data/mail_activity_type_data.xml",
        "views/jit_dwell_record_views.xml",
    ],
}
