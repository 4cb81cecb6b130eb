# The two commands of README.md; everything is done by tools/dev.sh.
.PHONY: run test test-odoo test-odoo-off lint venv wheel

run:  ## serve the demo database on http://127.0.0.1:8069 (admin/admin)
	tools/dev.sh run

test:  ## lint (pre-commit), then a fresh database and jit_inventory's tests through pytest-odoo
	tools/dev.sh test

test-odoo:  ## Odoo's and OCA's own tests with JIT on for every company and product (docs/peer-tests.md)
	TEST_DB=$${TEST_DB:-jit_test_odoo} JIT_MODE=on tools/dev.sh test-odoo

test-odoo-off:  ## the same suites with jit_inventory installed and JIT off
	TEST_DB=$${TEST_DB:-jit_test_odoo} JIT_MODE=off tools/dev.sh test-odoo

wheel:  ## build the wheel odoo-addon-jit_inventory and install it in a fresh database
	tools/dev.sh wheel

lint:  ## pre-commit run --all-files: ruff, pylint-odoo, OCA checks, Prettier, ESLint
	tools/dev.sh lint

venv:
	tools/dev.sh venv
