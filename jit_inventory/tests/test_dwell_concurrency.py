# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
import uuid
from functools import partial
from types import SimpleNamespace

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

WAIT = 30  # seconds any step may wait for the other transaction


@tagged("post_install", "-at_install")
class TestDwellSwitchConcurrency(BaseCase):
    """The dwell rebuild switches generations while a delivery is validated
    in a second, real transaction: either the validation holds its locks
    first (the rebuild waits for it, then the switch records the queued move
    the rebuild did not see),
    or the switch does (the validation waits, then records in the new
    generation). Nothing is lost or counted twice, and no transaction waits
    more than its lock_timeout.

    Data is committed in a company of its own and removed at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:8]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": f"JIT dwell switch {tag}"})
            env = env(context={"allowed_company_ids": company.ids})
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            product = env["product.product"].create(
                {"name": f"Switch part {tag}", "is_storable": True}
            )
            customer = env["res.partner"].create({"name": f"Customer {tag}"})
            stock = warehouse.lot_stock_id

            def picking(picking_type, source, destination, qty):
                return env["stock.picking"].create(
                    {
                        "picking_type_id": picking_type.id,
                        "partner_id": customer.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": qty,
                                    "location_id": source.id,
                                    "location_dest_id": destination.id,
                                }
                            )
                        ],
                    }
                )

            receipt = picking(
                warehouse.in_type_id,
                env.ref("stock.stock_location_suppliers"),
                stock,
                10,
            )
            receipt.action_confirm()
            receipt.move_ids.quantity = 10
            receipt.button_validate()
            deliveries = env["stock.picking"]
            for qty in (3, 4):
                deliveries |= picking(
                    warehouse.out_type_id,
                    stock,
                    env.ref("stock.stock_location_customers"),
                    qty,
                )
            deliveries.action_confirm()
            deliveries.action_assign()
        cls.company_id = company.id
        cls.product_id = product.id
        cls.delivery_ids = deliveries.ids
        cls.addClassCleanup(cls._remove_data)

    @classmethod
    def _remove_data(cls):
        """Done moves cannot be deleted through the ORM: remove the company's
        stock history (its dwell records follow) in SQL."""
        with cls.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    DELETE FROM stock_move WHERE company_id = %(c)s;
                    DELETE FROM stock_picking WHERE company_id = %(c)s;
                    DELETE FROM stock_quant WHERE company_id = %(c)s;
                    DELETE FROM jit_dwell_record WHERE company_id = %(c)s;
                    """,
                    c=cls.company_id,
                )
            )

    def _env(self, cr):
        cr.transaction = Transaction(self.registry)
        cr.execute(SQL("SET LOCAL lock_timeout = '10s'"))
        return api.Environment(
            cr, SUPERUSER_ID, {"allowed_company_ids": [self.company_id]}
        )

    def _wait_for_lock_waiter(self):
        """Wait until a transaction waits for a lock held by the other."""
        with self.registry.cursor() as cr:
            for _attempt in range(WAIT * 10):
                cr.execute(SQL("SELECT COUNT(*) FROM pg_locks WHERE NOT granted"))
                if cr.fetchone()[0]:
                    return
                time.sleep(0.1)
        raise TimeoutError("nobody waits for a lock")

    def _commit_hook(self, env, run):
        """The ``commit`` of the rebuild: it is called with 0 once started,
        with the size of each batch, with 0 after each step that gives the
        next table its indexes and constraints (the first of which locks
        the tables they reference: it waits for a validation in progress)
        and with 0 after the switch (its locks are held until this commit).
        It commits as the scheduled action does (``_commit_progress``, which
        outside a cron run only commits)."""

        def commit(count):
            run.commits.append(count)
            switch_next = count == 0 and len(run.commits) >= 3 and run.commits[-2]
            env.cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM pg_locks WHERE pid = pg_backend_pid() "
                    "AND relation = 'jit_dwell_state'::regclass "
                    "AND mode = 'ExclusiveLock'"
                )
            )
            switch_done = env.cr.fetchone()[0]
            if switch_done and not run.validate_first:
                run.switching.set()
                self._wait_for_lock_waiter()
            env["ir.cron"]._commit_progress(count)
            if len(run.commits) == 1:
                run.started.set()
                if run.validate_first and not run.validated.wait(WAIT):
                    raise TimeoutError("no validation")
            if switch_next and run.validate_first:
                run.switching.set()

        return commit

    def _rebuild(self, run):
        try:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                commit = self._commit_hook(env, run)
                env["jit.dwell.record"]._jit_backfill(commit=commit)
        except Exception as error:  # noqa: BLE001 - reported by the test
            run.errors.append(error)
            run.started.set()
            run.switching.set()

    def _validate(self, run):
        """Validate the delivery, retried on serialization failures as
        Odoo's RPC layer does (``retrying`` itself cannot be used: the test
        runner holds the registry lock)."""
        if not run.started.wait(WAIT):
            raise TimeoutError("the rebuild did not start")
        if not run.validate_first and not run.switching.wait(WAIT):
            raise TimeoutError("the switch did not start")
        for _attempt in range(5):
            run.attempts += 1
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr)
                    picking = env["stock.picking"].browse(run.delivery_id)
                    picking.move_ids.quantity = picking.move_ids.product_uom_qty
                    picking.button_validate()
                    env.flush_all()
                    run.validated.set()
                    if run.validate_first:
                        # Committed once the switch waits for this lock.
                        if not run.switching.wait(WAIT):
                            raise TimeoutError("the switch did not start")
                        self._wait_for_lock_waiter()
                return
            except SerializationFailure:
                continue

    def _run(self, validate_first):
        """Rebuild in one thread and validate a delivery in another; with
        ``validate_first`` the validation holds its lock when the switch
        starts, else the switch holds its lock when the validation reaches
        the dwell update. Each commits once the other waits for it. Return
        the number of attempts of the validation."""
        run = SimpleNamespace(
            validate_first=validate_first,
            delivery_id=self.delivery_ids[0 if validate_first else 1],
            started=threading.Event(),
            validated=threading.Event(),
            switching=threading.Event(),
            errors=[],
            commits=[],
            attempts=0,
        )

        def validate():
            try:
                self._validate(run)
            except Exception as error:  # noqa: BLE001 - reported by the test
                run.errors.append(error)
                run.validated.set()

        threads = [
            threading.Thread(target=partial(self._rebuild, run)),
            threading.Thread(target=validate),
        ]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse([thread for thread in threads if thread.is_alive()])
        self.assertFalse(run.errors)
        # started, at least one batch, before and after the switch
        self.assertGreaterEqual(len(run.commits), 4)
        return run.attempts

    def _assert_counted_once(self):
        """Each validated delivery is in the live generation exactly once,
        what is open equals the quantity on hand and the queue is empty."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Record = env["jit.dwell.record"]
            done = (
                env["stock.picking"]
                .browse(self.delivery_ids)
                .filtered(lambda p: p.state == "done")
            )
            records = Record.search([("product_id", "=", self.product_id)])
            self.assertEqual(
                sorted(
                    (r.move_out_id.id, r.quantity) for r in records if not r.is_open
                ),
                sorted((m.id, m.quantity) for m in done.move_ids),
            )
            self.assertEqual(
                sum(records.filtered("is_open").mapped("quantity")),
                10 - sum(done.move_ids.mapped("quantity")),
            )
            self.assertFalse(Record._jit_state()["rebuilding"])
            self.assertFalse(
                env["jit.dwell.reconciliation.report"].search(
                    [("product_id", "=", self.product_id)]
                )
            )
            cr.execute(SQL("SELECT COUNT(*) FROM jit_dwell_rebuild_queue"))
            self.assertEqual(cr.fetchone()[0], 0)

    def test_01_validation_locked_first_is_recorded_by_the_switch(self):
        self.assertEqual(self._run(validate_first=True), 1)
        self._assert_counted_once()

    def test_02_validation_waits_for_the_switch(self):
        # The waiting validation read the state before the switch committed:
        # its transaction fails with a serialization error (and may again
        # with the rebuild's last commit, which refreshes the records); the
        # retry records the delivery in the new generation.
        self.assertGreaterEqual(self._run(validate_first=False), 2)
        self._assert_counted_once()
