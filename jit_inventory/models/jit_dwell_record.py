# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Quantities below this (in product UoM) are rounding noise.
EPSILON = 1e-6

# Columns written by the matching engine, with their PostgreSQL array type.
RECORD_COLUMNS = [
    ("company_id", "int4"),
    ("product_id", "int4"),
    ("categ_id", "int4"),
    ("lot_id", "int4"),
    ("warehouse_id", "int4"),
    ("vendor_id", "int4"),
    ("purchase_id", "int4"),
    ("customer_id", "int4"),
    ("sale_id", "int4"),
    ("move_in_id", "int4"),
    ("move_out_id", "int4"),
    ("is_mto", "bool"),
    ("quantity", "float8"),
    ("date_in", "timestamp"),
    ("date_out", "timestamp"),
    ("dwell_hours", "float8"),
    ("target_hours", "float8"),
    ("within_target", "bool"),
    ("is_open", "bool"),
]


class JitDwellRecord(models.Model):
    """A quantity received into a warehouse and, once delivered, the customer
    delivery that took it out. Open records hold what is still on hand."""

    _name = "jit.dwell.record"
    _description = "JIT Dwell Record"
    _order = "date_in desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    categ_id = fields.Many2one("product.category", string="Product Category")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", check_company=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, index=True, check_company=True
    )
    vendor_id = fields.Many2one("res.partner", string="Vendor", index="btree_not_null")
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        index="btree_not_null",
        check_company=True,
    )
    customer_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null"
    )
    sale_id = fields.Many2one(
        "sale.order", string="Sale Order", index="btree_not_null", check_company=True
    )
    move_in_id = fields.Many2one(
        "stock.move",
        string="Receipt Move",
        required=True,
        index=True,
        ondelete="cascade",
        help="Arrival into the warehouse: a receipt, or a customer return.",
    )
    move_out_id = fields.Many2one(
        "stock.move",
        string="Delivery Move",
        index="btree_not_null",
        ondelete="cascade",
    )
    is_mto = fields.Boolean(
        string="Make to order",
        help="The receipt was chained to a customer delivery.",
    )
    quantity = fields.Float(digits="Product Unit", help="In the product's unit.")
    uom_id = fields.Many2one(related="product_id.uom_id")
    date_in = fields.Datetime(string="Received", required=True)
    date_out = fields.Datetime(string="Delivered")
    dwell_hours = fields.Float(
        string="Dwell (hours)",
        aggregator="avg",
        help="Received to delivered; for open records, age at the last daily refresh.",
    )
    target_hours = fields.Float(string="Target (hours)", aggregator="avg")
    within_target = fields.Boolean()
    is_open = fields.Boolean(
        string="Open", index=True, help="Still on hand, not delivered yet."
    )

    _move_lot_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (move_in_id, move_out_id, lot_id)",
        "A receipt is matched once per delivery and lot.",
    )
    _open_layer_index = models.Index(
        "(company_id, product_id, warehouse_id, date_in) WHERE is_open"
    )

    # ------------------------------------------------------------------
    # Matching engine
    # ------------------------------------------------------------------
    @api.model
    def _jit_process_moves(self, move_ids):
        """Match done moves (ids, in any order) into dwell records, in a
        bounded number of queries: receipts and customer returns open
        records, deliveries close them (chained receipt first, then same lot,
        then FIFO), returns to vendors drop the open quantity."""
        self.env.flush_all()
        events = self._jit_fetch_events(move_ids)
        if not events:
            return
        segments = self._jit_fetch_segments(events)
        incoming = [e["id"] for e in events if e["kind"] in ("receipt", "return_in")]
        deliveries = [e["id"] for e in events if e["kind"] == "delivery"]
        upstream = self._jit_fetch_upstream_receipts(deliveries)
        mto = self._jit_fetch_mto_receipts(incoming)
        pools, loaded = self._jit_load_open_layers(events)
        targets = self._jit_get_targets(events)
        closed = {}
        for event in events:
            pool = pools[
                event["company_id"], event["product_id"], event["warehouse_id"]
            ]
            if event["kind"] in ("receipt", "return_in"):
                for lot_id, qty in segments[event["id"]]:
                    pool.append(self._jit_new_layer(event, lot_id, qty, mto, targets))
                continue
            preferred = upstream.get(event["id"], set())
            if event["kind"] == "return_out":
                preferred = {event["origin_returned_move_id"]}
            for lot_id, qty in segments[event["id"]]:
                self._jit_consume(pool, event, lot_id, qty, preferred, closed, targets)
            pool[:] = [layer for layer in pool if layer["quantity"] > EPSILON]
        new_layers = [
            layer
            for pool in pools.values()
            for layer in pool
            if not layer.get("id") and layer["quantity"] > EPSILON
        ]
        self._jit_flush(loaded, new_layers + list(closed.values()))

    @api.model
    def _jit_consume(self, pool, event, lot_id, qty, preferred, closed, targets):
        """Take ``qty`` of ``lot_id`` out of the open layers of ``pool``;
        a delivery adds the taken quantities to ``closed``."""
        candidates = sorted(
            (layer for layer in pool if layer["lot_id"] == lot_id),
            key=lambda layer: (
                layer["move_in_id"] not in preferred,
                layer["is_mto"],
                layer["date_in"],
                layer["move_in_id"],
            ),
        )
        for layer in candidates:
            if qty <= EPSILON:
                break
            taken = min(qty, layer["quantity"])
            if taken <= EPSILON:
                continue
            layer["quantity"] -= taken
            qty -= taken
            if event["kind"] != "delivery":
                continue
            key = (layer["move_in_id"], event["id"], lot_id)
            if key in closed:
                closed[key]["quantity"] += taken
                continue
            hours = (event["date"] - layer["date_in"]).total_seconds() / 3600.0
            target = targets[event["company_id"], event["categ_id"]]
            closed[key] = dict(
                layer,
                id=None,
                customer_id=event["partner_id"],
                sale_id=event["sale_id"],
                move_out_id=event["id"],
                quantity=taken,
                date_out=event["date"],
                dwell_hours=hours,
                target_hours=target,
                within_target=hours <= target,
                is_open=False,
            )

    @api.model
    def _jit_new_layer(self, event, lot_id, qty, mto, targets):
        """Return the values of an open record for an arrival."""
        receipt = event["kind"] == "receipt"
        return {
            "id": None,
            "company_id": event["company_id"],
            "product_id": event["product_id"],
            "categ_id": event["categ_id"],
            "lot_id": lot_id,
            "warehouse_id": event["warehouse_id"],
            "vendor_id": event["partner_id"] if receipt else None,
            "purchase_id": event["purchase_id"] if receipt else None,
            "customer_id": None,
            "sale_id": None,
            "move_in_id": event["id"],
            "move_out_id": None,
            "is_mto": event["id"] in mto,
            "quantity": qty,
            "date_in": event["date"],
            "date_out": None,
            "dwell_hours": 0.0,
            "target_hours": targets[event["company_id"], event["categ_id"]],
            "within_target": True,
            "is_open": True,
        }

    @api.model
    def _jit_fetch_events(self, move_ids):
        """Return the done moves among ``move_ids`` that enter or leave a
        warehouse from or to a partner, oldest first, as dicts."""
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id, m.company_id, m.product_id, pt.categ_id, m.date,
                       CASE WHEN src.usage = 'supplier' THEN 'receipt'
                            WHEN src.usage = 'customer' THEN 'return_in'
                            WHEN dst.usage = 'customer' THEN 'delivery'
                            ELSE 'return_out' END AS kind,
                       CASE WHEN src.usage IN ('supplier', 'customer')
                            THEN dst.warehouse_id
                            ELSE src.warehouse_id END AS warehouse_id,
                       (m.quantity * move_uom.factor / product_uom.factor)::float8
                           AS quantity,
                       partner.commercial_partner_id AS partner_id,
                       pol.order_id AS purchase_id,
                       sol.order_id AS sale_id,
                       m.origin_returned_move_id
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom move_uom ON move_uom.id = m.product_uom
                  JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
             LEFT JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
             LEFT JOIN purchase_order po ON po.id = pol.order_id
             LEFT JOIN sale_order_line sol ON sol.id = m.sale_line_id
             LEFT JOIN sale_order so ON so.id = sol.order_id
             LEFT JOIN stock_picking picking ON picking.id = m.picking_id
             LEFT JOIN res_partner partner ON partner.id = COALESCE(
                           po.partner_id, so.partner_id, picking.partner_id,
                           m.partner_id)
                 WHERE m.id = ANY(%(ids)s)
                   AND m.state = 'done'
                   AND m.quantity > 0
                   AND ((src.usage IN ('supplier', 'customer')
                         AND dst.warehouse_id IS NOT NULL)
                     OR (dst.usage IN ('supplier', 'customer')
                         AND src.warehouse_id IS NOT NULL))
              ORDER BY m.date, m.id
                """,
                ids=list(move_ids),
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _jit_fetch_segments(self, events):
        """Return ``{move_id: [(lot_id or None, quantity)]}`` in product UoM:
        one segment per lot of the move lines, the rest without a lot."""
        self.env.cr.execute(
            SQL(
                """
                SELECT move_id, lot_id, SUM(quantity_product_uom)::float8
                  FROM stock_move_line
                 WHERE move_id = ANY(%s) AND lot_id IS NOT NULL
              GROUP BY move_id, lot_id
              ORDER BY move_id, lot_id
                """,
                [e["id"] for e in events],
            )
        )
        segments = defaultdict(list)
        for move_id, lot_id, qty in self.env.cr.fetchall():
            segments[move_id].append((lot_id, qty))
        for event in events:
            rest = event["quantity"] - sum(q for _lot, q in segments[event["id"]])
            if rest > EPSILON:
                segments[event["id"]].append((None, rest))
        return segments

    @api.model
    def _jit_fetch_upstream_receipts(self, move_ids):
        """Return ``{delivery move id: {receipt move ids}}`` of the receipts
        found upstream in each delivery's chain of moves (make to order)."""
        if not move_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE upstream(out_id, move_id) AS (
                    SELECT move_dest_id, move_orig_id
                      FROM stock_move_move_rel
                     WHERE move_dest_id = ANY(%s)
                     UNION
                    SELECT upstream.out_id, rel.move_orig_id
                      FROM upstream
                      JOIN stock_move_move_rel rel
                        ON rel.move_dest_id = upstream.move_id
                )
                SELECT upstream.out_id, upstream.move_id
                  FROM upstream
                  JOIN stock_move m ON m.id = upstream.move_id
                  JOIN stock_location src ON src.id = m.location_id
                 WHERE src.usage = 'supplier'
                """,
                list(move_ids),
            )
        )
        result = defaultdict(set)
        for out_id, in_id in self.env.cr.fetchall():
            result[out_id].add(in_id)
        return result

    @api.model
    def _jit_fetch_mto_receipts(self, move_ids):
        """Return the ids among ``move_ids`` whose chain of destination moves
        reaches a customer."""
        if not move_ids:
            return set()
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE downstream(in_id, move_id) AS (
                    SELECT move_orig_id, move_dest_id
                      FROM stock_move_move_rel
                     WHERE move_orig_id = ANY(%s)
                     UNION
                    SELECT downstream.in_id, rel.move_dest_id
                      FROM downstream
                      JOIN stock_move_move_rel rel
                        ON rel.move_orig_id = downstream.move_id
                )
                SELECT DISTINCT downstream.in_id
                  FROM downstream
                  JOIN stock_move m ON m.id = downstream.move_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                 WHERE dst.usage = 'customer'
                """,
                list(move_ids),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _jit_load_open_layers(self, events):
        """Return ``(pools, loaded)``: the open records of the events'
        products and warehouses as value dicts, grouped by
        ``(company_id, product_id, warehouse_id)`` oldest first, and
        ``{id: dict}`` with their quantity as loaded in ``loaded_quantity``."""
        keys = {(e["company_id"], e["product_id"], e["warehouse_id"]) for e in events}
        companies, products, warehouses = (
            list(column) for column in zip(*keys, strict=True)
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT %(columns)s, r.id
                  FROM jit_dwell_record r
                  JOIN unnest(%(companies)s::int4[], %(products)s::int4[],
                              %(warehouses)s::int4[]) AS k(c, p, w)
                    ON (r.company_id, r.product_id, r.warehouse_id) = (k.c, k.p, k.w)
                 WHERE r.is_open
              ORDER BY r.date_in, r.move_in_id, r.id
                """,
                columns=SQL(", ").join(
                    SQL.identifier("r", name) for name, _type in RECORD_COLUMNS
                ),
                companies=companies,
                products=products,
                warehouses=warehouses,
            )
        )
        pools = defaultdict(list)
        loaded = {}
        for row in self.env.cr.dictfetchall():
            row["quantity"] = row["loaded_quantity"] = float(row["quantity"])
            loaded[row["id"]] = row
            pools[row["company_id"], row["product_id"], row["warehouse_id"]].append(row)
        return pools, loaded

    @api.model
    def _jit_target_sql(self, categ, company):
        """Return the SQL expression of the dwell target (hours) of products of
        category ``categ`` in ``company`` (SQL table aliases): the nearest
        category, itself or a parent, with a target, else the company's."""
        return SQL(
            """COALESCE((
                SELECT parent.jit_dwell_target_hours
                  FROM product_category parent
                 WHERE parent.jit_dwell_target_hours > 0
                   AND %(categ)s.parent_path LIKE parent.parent_path || '%%'
              ORDER BY length(parent.parent_path) DESC
                 LIMIT 1
            ), %(company)s.jit_dwell_target_hours)""",
            categ=SQL.identifier(categ),
            company=SQL.identifier(company),
        )

    @api.model
    def _jit_get_targets(self, events):
        """Return ``{(company_id, categ_id): target hours}`` for the events."""
        pairs = {(e["company_id"], e["categ_id"]) for e in events}
        companies, categs = (list(column) for column in zip(*pairs, strict=True))
        self.env.cr.execute(
            SQL(
                """
                SELECT company.id, k.g, %(target)s
                  FROM unnest(%(companies)s::int4[], %(categs)s::int4[]) AS k(c, g)
                  JOIN res_company company ON company.id = k.c
             LEFT JOIN product_category categ ON categ.id = k.g
                """,
                target=self._jit_target_sql("categ", "company"),
                companies=companies,
                categs=categs,
            )
        )
        return {(c, g): target for c, g, target in self.env.cr.fetchall()}

    @api.model
    def _jit_flush(self, loaded, new_rows):
        """Write the matching result: delete emptied open records, update the
        quantity of the others that changed, insert ``new_rows``."""
        cr = self.env.cr
        emptied = [i for i, r in loaded.items() if r["quantity"] <= EPSILON]
        changed = [
            r
            for r in loaded.values()
            if EPSILON < r["quantity"] != r["loaded_quantity"]
        ]
        if emptied:
            cr.execute(SQL("DELETE FROM jit_dwell_record WHERE id = ANY(%s)", emptied))
        if changed:
            cr.execute(
                SQL(
                    """
                    UPDATE jit_dwell_record r
                       SET quantity = u.quantity, write_date = %(now)s,
                           write_uid = %(uid)s
                      FROM unnest(%(ids)s::int4[], %(quantities)s::float8[])
                           AS u(id, quantity)
                     WHERE r.id = u.id
                    """,
                    ids=[r["id"] for r in changed],
                    quantities=[r["quantity"] for r in changed],
                    now=fields.Datetime.now(),
                    uid=self.env.uid,
                )
            )
        if new_rows:
            self._jit_insert(new_rows)
        self.invalidate_model()

    @api.model
    def _jit_insert(self, rows):
        """Insert value dicts of records in one query."""
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO jit_dwell_record (%(columns)s, create_uid,
                            create_date, write_uid, write_date)
                SELECT *, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(arrays)s)
                """,
                columns=SQL(", ").join(
                    SQL.identifier(name) for name, _type in RECORD_COLUMNS
                ),
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", [row[name] for row in rows], SQL(pg_type))
                    for name, pg_type in RECORD_COLUMNS
                ),
                uid=self.env.uid,
                now=now,
            )
        )

    # ------------------------------------------------------------------
    # Backfill and daily refresh
    # ------------------------------------------------------------------
    @api.model
    def _jit_backfill(self, batch_size=10000, commit=None):
        """Rebuild all dwell records from the history of done moves, oldest
        first, in batches of ``batch_size`` moves; ``commit(count)`` is called
        after each batch. Re-running it gives the same records."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM jit_dwell_record"))
        cr.execute(
            SQL(
                "SELECT array_agg(id) FROM stock_location "
                "WHERE usage IN ('supplier', 'customer')"
            )
        )
        partner_locations = cr.fetchone()[0] or []
        last_date, last_id = datetime.min, 0
        while True:
            cr.execute(
                SQL(
                    """
                    SELECT id, date FROM stock_move
                     WHERE state = 'done'
                       AND date >= %(date)s AND (date, id) > (%(date)s, %(id)s)
                       AND (location_id = ANY(%(locations)s)
                            OR location_dest_id = ANY(%(locations)s))
                  ORDER BY date, id
                     LIMIT %(limit)s
                    """,
                    date=last_date,
                    id=last_id,
                    locations=partner_locations,
                    limit=batch_size,
                )
            )
            rows = cr.fetchall()
            if not rows:
                break
            self._jit_process_moves([move_id for move_id, _date in rows])
            last_id, last_date = rows[-1]
            if commit:
                commit(len(rows))
        self._jit_refresh()

    @api.model
    def _cron_jit_backfill(self):
        """Scheduled action: rebuild the dwell records, committing per batch."""

        def commit(count):
            self.env["ir.cron"]._commit_progress(count)

        self._jit_backfill(commit=commit)

    @api.model
    def _jit_refresh(self):
        """Apply the current targets to all records and the age at this
        moment to open records, in one query."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH target AS (
                    SELECT COALESCE(categ.id, 0) AS categ_id,
                           company.id AS company_id, %(target)s AS hours
                      FROM res_company company
                CROSS JOIN (SELECT id, parent_path FROM product_category
                            UNION ALL SELECT NULL, NULL) AS categ
                ), computed AS (
                    SELECT r.id, target.hours AS target_hours,
                           CASE WHEN r.is_open
                                THEN EXTRACT(EPOCH FROM %(now)s - r.date_in) / 3600
                                ELSE r.dwell_hours END AS dwell_hours
                      FROM jit_dwell_record r
                      JOIN target ON target.categ_id = COALESCE(r.categ_id, 0)
                                 AND target.company_id = r.company_id
                     WHERE r.is_open OR r.target_hours != target.hours
                )
                UPDATE jit_dwell_record r
                   SET target_hours = computed.target_hours,
                       dwell_hours = computed.dwell_hours,
                       within_target = computed.dwell_hours <= computed.target_hours
                  FROM computed
                 WHERE r.id = computed.id
                """,
                target=self._jit_target_sql("categ", "company"),
                now=fields.Datetime.now(),
            )
        )
        self.invalidate_model()

    @api.model
    def _cron_jit_dwell_daily(self):
        """Scheduled action: refresh targets and open ages, then leave one
        activity per product over target."""
        self._jit_refresh()
        self._jit_schedule_activities()

    @api.model
    def _jit_schedule_activities(self):
        """Leave an activity on each product with open stock older than its
        target or a delivery over target in the last day, for the product's
        responsible (else an inventory manager), unless one is still open."""
        activity_type = self.env.ref("jit_inventory.mail_activity_type_dwell")
        since = fields.Datetime.now() - timedelta(days=1)
        groups = self._read_group(
            [
                ("within_target", "=", False),
                "|",
                ("is_open", "=", True),
                ("date_out", ">=", since),
            ],
            ["company_id", "product_id"],
            ["dwell_hours:max"],
        )
        templates = self.env["product.template"].browse(
            {product.product_tmpl_id.id for _c, product, _h in groups}
        )
        pending = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "product.template"),
                    ("res_id", "in", templates.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        managers = self.env.ref("stock.group_stock_manager").all_user_ids
        model_id = self.env["ir.model"]._get_id("product.template")
        vals_list = []
        for company, product, hours in groups:
            template = product.product_tmpl_id
            if template.id in pending:
                continue
            pending.add(template.id)
            user = (
                template.with_company(company).responsible_id
                or managers.filtered(lambda u, c=company: c in u.company_ids)[:1]
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": template.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._("Goods wait longer than the dwell target"),
                    "note": self.env._(
                        "%(product)s: up to %(hours)s hours in %(company)s.",
                        product=product.display_name,
                        hours=round(hours),
                        company=company.name,
                    ),
                }
            )
        return self.env["mail.activity"].create(vals_list)
