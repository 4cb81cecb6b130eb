# The two commands of README.md; everything is done by tools/dev.sh.
.PHONY: run test test-odoo lint venv wheel

run:  ## serve the demo database on http://127.0.0.1:8069 (admin/admin)
	tools/dev.sh run

test:  ## ruff, pylint-odoo, then a fresh database and jit_inventory's tests through pytest-odoo
	tools/dev.sh test

test-odoo:  ## Odoo's own purchase_stock and sale_purchase_stock tests, with jit_inventory installed
	TEST_DB=jit_test_odoo TEST_ALLOW_SKIPS=1 TEST_TAGS=/purchase_stock,/sale_purchase_stock tools/dev.sh test-odoo-runner

wheel:  ## build the wheel odoo-addon-jit_inventory and install it in a fresh database
	tools/dev.sh wheel

lint:
	tools/dev.sh lint

venv:
	tools/dev.sh venv
