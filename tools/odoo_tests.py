"""odoo-bin that also runs the at_install tests of the tagged modules after install.

Odoo runs a module's at_install tests while that module is being loaded (at
install, or at start with --test-enable on an existing database), before the
modules loaded after it (jit_inventory, jit_everywhere) are in the registry: they
could never see JIT. With this wrapper, on an existing database (no -i/-u),
``--test-enable --test-tags=/sale_stock`` runs no test while loading and runs
both the at_install and the post_install tests of sale_stock afterwards, with
every installed module loaded. The harness compares with JIT off to tell JIT's
failures from tests that only work at install time.

Usage: python tools/odoo_tests.py ODOO_SRC [odoo-bin arguments]
"""

import sys

sys.path.insert(0, sys.argv.pop(1))

import odoo.cli
from odoo.tests import loader

make_suite = loader.make_suite


def make_suite_after_install(module_names, position="at_install"):
    if position != "post_install":
        return loader.OdooSuite([])
    tests = list(make_suite(module_names, "at_install"))
    tests += make_suite(module_names, "post_install")
    return loader.OdooSuite(sorted(tests, key=lambda t: getattr(t, "test_sequence", 0)))


loader.make_suite = make_suite_after_install

if __name__ == "__main__":
    odoo.cli.main()
