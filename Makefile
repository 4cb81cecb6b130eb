# The two commands of README.md; everything is done by tools/dev.sh.
.PHONY: run test test-odoo test-odoo-off lint venv

run:  ## serve the demo database on http://127.0.0.1:8069 (admin/admin)
	tools/dev.sh run

test:  ## fresh database, jit_inventory's tests, ruff and pylint-odoo
	tools/dev.sh test

test-odoo:  ## Odoo's and OCA's own tests with JIT on for every company and product (docs/peer-tests.md)
	TEST_DB=$${TEST_DB:-jit_test_odoo} JIT_MODE=on tools/dev.sh test-odoo

test-odoo-off:  ## the same suites with jit_inventory installed and JIT off
	TEST_DB=$${TEST_DB:-jit_test_odoo} JIT_MODE=off tools/dev.sh test-odoo

lint:
	tools/dev.sh lint

venv:
	tools/dev.sh venv
