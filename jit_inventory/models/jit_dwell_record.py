# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
from collections import defaultdict
from datetime import timedelta

from markupsafe import escape
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

# Quantities below this (in product UoM) are rounding noise.
EPSILON = 1e-6
# The table a rebuild fills, made live at its end (see _jit_rebuild).
NEXT_TABLE = "jit_dwell_record_next"
# How long a rebuild's steps that lock other tables wait for their lock.
LOCK_TIMEOUT = "2s"

ARRIVAL_KINDS = [
    ("receipt", "Receipt from vendor"),
    ("customer_return", "Customer return"),
    ("inventory", "Inventory gain"),
    ("production", "Production output"),
    ("transfer", "From another warehouse"),
    ("other", "Other arrival"),
]
DEPARTURE_KINDS = [
    ("delivery", "Customer delivery"),
    ("production", "Consumed by production"),
    ("scrap", "Scrap"),
    ("inventory", "Inventory loss"),
    ("transfer", "To another warehouse"),
    ("vendor_return", "Return to vendor"),
    ("other", "Other departure"),
]

# Columns written by the matching engine, with their PostgreSQL array type.
RECORD_COLUMNS = [
    ("generation", "int4"),
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
    ("kind_in", "varchar"),
    ("kind_out", "varchar"),
    ("is_mto", "bool"),
    ("quantity", "float8"),
    ("date_in", "timestamp"),
    ("date_out", "timestamp"),
    ("dwell_hours", "float8"),
    ("target_hours", "float8"),
    ("within_target", "bool"),
    ("is_open", "bool"),
]
# Values a record takes from its arrival and from its departure.
ARRIVAL_FIELDS = (
    "company_id",
    "product_id",
    "categ_id",
    "lot_id",
    "warehouse_id",
    "vendor_id",
    "purchase_id",
    "move_in_id",
    "kind_in",
    "is_mto",
    "date_in",
)
DEPARTURE_FIELDS = ("customer_id", "sale_id", "move_out_id", "kind_out", "date_out")


def ensure_state_tables(cr):
    """Create the rebuild bookkeeping: the state row (the generation of the
    records in use, whether a rebuild runs), the rebuild's progress (last product
    done) and the queue of moves validated while a rebuild runs."""
    cr.execute(
        SQL(
            """
            CREATE TABLE IF NOT EXISTS jit_dwell_state (
                id int4 PRIMARY KEY DEFAULT 1 CHECK (id = 1),
                generation int4 NOT NULL DEFAULT 1,
                rebuilding bool NOT NULL DEFAULT false
            );
            INSERT INTO jit_dwell_state (id) VALUES (1) ON CONFLICT DO NOTHING;
            CREATE TABLE IF NOT EXISTS jit_dwell_rebuild_cursor (
                id int4 PRIMARY KEY DEFAULT 1 CHECK (id = 1),
                product_id int4 NOT NULL DEFAULT 0
            );
            INSERT INTO jit_dwell_rebuild_cursor (id) VALUES (1)
                ON CONFLICT DO NOTHING;
            CREATE TABLE IF NOT EXISTS jit_dwell_rebuild_queue (
                move_id int4 PRIMARY KEY
            );
            """
        )
    )


class JitDwellRecord(models.Model):
    """A quantity that entered a warehouse's stock and, once it left, the
    departure that took it out. Open records hold what is on hand; a negative
    open record is a departure not covered by any arrival yet (negative stock).

    Records belong to a *generation*: the live one is in use (``active``); a
    rebuild writes the next one beside it and switches at the end."""

    _name = "jit.dwell.record"
    _description = "JIT Dwell Record"
    _order = "date_in desc, id desc"
    _check_company_auto = True
    # Derived records, written in bulk by the matching engine only: no audit
    # columns (they would cost two foreign key checks per row in a rebuild).
    _log_access = False

    active = fields.Boolean(
        compute="_compute_active",
        search="_search_active",
        help="Part of the records in use (not a rebuild in progress or an old one).",
    )
    # Indexed as the first column of the unique constraint.
    generation = fields.Integer(readonly=True)
    # company_id and warehouse_id are not indexed on their own: every read
    # filters on the generation first (the unique constraint's index leads
    # with generation, warehouse_id), and each index costs a rebuild one more
    # write per row.
    company_id = fields.Many2one("res.company", required=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    categ_id = fields.Many2one("product.category", string="Product Category")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", check_company=True)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True)
    vendor_id = fields.Many2one(
        "res.partner", index="btree_not_null", check_company=True
    )
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        index="btree_not_null",
        check_company=True,
    )
    customer_id = fields.Many2one(
        "res.partner", index="btree_not_null", check_company=True
    )
    sale_id = fields.Many2one(
        "sale.order", string="Sale Order", index="btree_not_null", check_company=True
    )
    move_in_id = fields.Many2one(
        "stock.move",
        string="Arrival Move",
        index="btree_not_null",
        ondelete="cascade",
        help="The move that brought the quantity into the warehouse's stock.",
    )
    move_out_id = fields.Many2one(
        "stock.move",
        string="Departure Move",
        index="btree_not_null",
        ondelete="cascade",
        help="The move that took the quantity out of the warehouse's stock.",
    )
    kind_in = fields.Selection(ARRIVAL_KINDS, string="Arrival")
    kind_out = fields.Selection(DEPARTURE_KINDS, string="Departure")
    is_mto = fields.Boolean(
        string="Make to order",
        help="The arrival was chained to a customer delivery.",
    )
    quantity = fields.Float(digits="Product Unit", help="In the product's unit.")
    uom_id = fields.Many2one(related="product_id.uom_id")
    date_in = fields.Datetime(string="Arrived", required=True)
    date_out = fields.Datetime(string="Left")
    dwell_hours = fields.Float(
        string="Dwell (hours)",
        aggregator="avg",
        help="Arrival to departure; for open records, age at the last daily refresh.",
    )
    target_hours = fields.Float(string="Target (hours)", aggregator="avg")
    within_target = fields.Boolean()
    is_open = fields.Boolean(string="Open", help="Still on hand, not gone yet.")

    _move_lot_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (generation, warehouse_id, move_in_id, "
        "move_out_id, lot_id)",
        "An arrival is matched once per departure, warehouse and lot.",
    )
    _open_layer_index = models.Index(
        "(product_id, warehouse_id, generation) WHERE is_open"
    )

    def init(self):
        ensure_state_tables(self.env.cr)

    # ------------------------------------------------------------------
    # Generations
    # ------------------------------------------------------------------
    @api.model
    def _jit_state(self, lock=False):
        """Return the rebuild state row as a dict; ``lock`` takes a share lock
        on it, which a rebuild's switch waits for (see ``_jit_rebuild``)."""
        self.env.cr.execute(
            SQL(
                "SELECT generation, rebuilding FROM jit_dwell_state WHERE id = 1 %s",
                SQL("FOR SHARE") if lock else SQL(),
            )
        )
        return self.env.cr.dictfetchone()

    def _compute_active(self):
        generation = self._jit_state()["generation"]
        for record in self:
            record.active = record.generation == generation

    def _search_active(self, operator, value):
        if operator != "in":
            return NotImplemented
        return [("generation", "=", self._jit_state()["generation"])]

    # ------------------------------------------------------------------
    # Live update
    # ------------------------------------------------------------------
    @api.model
    def _jit_moves_done(self, moves):
        """Record the dwell of done ``moves`` (stock.move) in the live
        generation; while a rebuild runs, also queue them for it."""

        def stock_of(location):
            return location.warehouse_id if location.usage == "internal" else None

        moves = moves.filtered(
            lambda m: (
                m.state == "done"
                and m.product_id.is_storable
                and stock_of(m.location_id) != stock_of(m.location_dest_id)
            )
        )
        if not moves:
            return
        self.env.flush_all()
        state = self._jit_state(lock=True)
        self._jit_process_moves(moves.ids, state["generation"])
        if state["rebuilding"]:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO jit_dwell_rebuild_queue (move_id) "
                    "SELECT unnest(%s::int4[]) ON CONFLICT DO NOTHING",
                    moves.ids,
                )
            )

    # ------------------------------------------------------------------
    # Matching engine
    # ------------------------------------------------------------------
    @api.model
    def _jit_process_moves(self, move_ids, generation, table=None):
        """Match done moves (ids, in any order) into the dwell records of
        ``generation``, in table ``table`` (name; the model's table by
        default, ``NEXT_TABLE`` for a rebuild), in a bounded number of
        queries. Arrivals open records (first covering negative stock);
        departures close them: the arrivals chained upstream first, then the
        same lot, then FIFO."""
        table = table or self._table
        self.env.flush_all()
        events = self._jit_fetch_events(move_ids)
        if not events:
            return
        arrivals = [e["id"] for e in events if e["direction"] == "in"]
        departures = [e["id"] for e in events if e["direction"] == "out"]
        upstream = self._jit_fetch_upstream_moves(departures)
        mto = self._jit_fetch_mto_arrivals(arrivals)
        pools, loaded = self._jit_load_open_layers(events, generation, table)
        targets = self._jit_get_targets(events)
        closed = {}
        for event in events:
            pool = pools[
                event["company_id"], event["product_id"], event["warehouse_id"]
            ]
            if event["direction"] == "in":
                layer = self._jit_new_layer(event, mto, targets, generation)
                self._jit_cover_backlog(pool, layer, closed, targets)
                if layer["quantity"] > EPSILON:
                    pool.append(layer)
            else:
                preferred = upstream.get(event["id"], set())
                if event["origin_returned_move_id"]:
                    preferred = preferred | {event["origin_returned_move_id"]}
                self._jit_consume(pool, event, preferred, closed, targets, generation)
            pool[:] = [layer for layer in pool if abs(layer["quantity"]) > EPSILON]
        new_layers = [
            layer for pool in pools.values() for layer in pool if not layer.get("id")
        ]
        self._jit_flush(loaded, new_layers + list(closed.values()), table)

    @api.model
    def _jit_consume(self, pool, event, preferred, closed, targets, generation):
        """Take the departure ``event`` out of the open layers of ``pool``;
        what no layer covers becomes a negative open layer (backlog)."""
        qty = event["quantity"]
        candidates = sorted(
            (
                layer
                for layer in pool
                if layer["lot_id"] == event["lot_id"] and layer["quantity"] > EPSILON
            ),
            key=lambda layer: (
                layer["move_in_id"] not in preferred,
                layer["is_mto"],
                layer["date_in"],
                layer["move_in_id"],
            ),
        )
        departure = self._jit_departure_values(event)
        for layer in candidates:
            if qty <= EPSILON:
                break
            taken = min(qty, layer["quantity"])
            layer["quantity"] -= taken
            qty -= taken
            self._jit_add_closed(closed, layer, departure, taken, targets)
        if qty > EPSILON:
            backlog = dict.fromkeys(ARRIVAL_FIELDS)
            backlog.update(
                {
                    key: event[key]
                    for key in ("company_id", "product_id", "categ_id", "lot_id")
                },
                warehouse_id=event["warehouse_id"],
                is_mto=False,
                date_in=event["date"],
            )
            pool.append(
                self._jit_open_values(backlog, departure, -qty, targets, generation)
            )

    @api.model
    def _jit_cover_backlog(self, pool, layer, closed, targets):
        """Let the arrival ``layer`` cover the negative layers (departures
        before any arrival) of its lot in ``pool``, oldest first."""
        debts = sorted(
            (
                debt
                for debt in pool
                if debt["lot_id"] == layer["lot_id"] and debt["quantity"] < -EPSILON
            ),
            key=lambda debt: (debt["date_out"], debt["move_out_id"]),
        )
        for debt in debts:
            if layer["quantity"] <= EPSILON:
                break
            taken = min(layer["quantity"], -debt["quantity"])
            debt["quantity"] += taken
            layer["quantity"] -= taken
            self._jit_add_closed(closed, layer, debt, taken, targets)

    @api.model
    def _jit_add_closed(self, closed, arrival, departure, qty, targets):
        """Add ``qty`` to the closed record of ``arrival`` and ``departure``
        (value dicts holding their part of the record) in ``closed``."""
        key = (
            arrival["warehouse_id"],
            arrival["move_in_id"],
            departure["move_out_id"],
            arrival["lot_id"],
        )
        if key in closed:
            closed[key]["quantity"] += qty
            return
        hours = max(
            (departure["date_out"] - arrival["date_in"]).total_seconds() / 3600.0, 0.0
        )
        target = targets[arrival["company_id"], arrival["categ_id"]]
        closed[key] = {
            "id": None,
            "generation": arrival["generation"],
            **{name: arrival[name] for name in ARRIVAL_FIELDS},
            **{name: departure[name] for name in DEPARTURE_FIELDS},
            "quantity": qty,
            "dwell_hours": hours,
            "target_hours": target,
            "within_target": hours <= target,
            "is_open": False,
        }

    @api.model
    def _jit_departure_values(self, event):
        delivery = event["kind"] == "delivery"
        return {
            "customer_id": event["partner_id"] if delivery else None,
            "sale_id": event["sale_id"] if delivery else None,
            "move_out_id": event["id"],
            "kind_out": event["kind"],
            "date_out": event["date"],
        }

    @api.model
    def _jit_open_values(self, arrival, departure, qty, targets, generation):
        return {
            "id": None,
            "generation": generation,
            **arrival,
            **departure,
            "quantity": qty,
            "dwell_hours": 0.0,
            "target_hours": targets[arrival["company_id"], arrival["categ_id"]],
            "within_target": True,
            "is_open": True,
        }

    @api.model
    def _jit_new_layer(self, event, mto, targets, generation):
        """Return the values of the open record of an arrival."""
        receipt = event["kind"] == "receipt"
        arrival = {
            "company_id": event["company_id"],
            "product_id": event["product_id"],
            "categ_id": event["categ_id"],
            "lot_id": event["lot_id"],
            "warehouse_id": event["warehouse_id"],
            "vendor_id": event["partner_id"] if receipt else None,
            "purchase_id": event["purchase_id"] if receipt else None,
            "move_in_id": event["id"],
            "kind_in": event["kind"],
            "is_mto": event["id"] in mto,
            "date_in": event["date"],
        }
        departure = dict.fromkeys(DEPARTURE_FIELDS)
        return self._jit_open_values(
            arrival, departure, event["quantity"], targets, generation
        )

    @api.model
    def _jit_stock_warehouse_sql(self, location):
        """Return the SQL of the warehouse whose stock the location aliased
        ``location`` is in: its warehouse if internal, else NULL."""
        return SQL(
            "CASE WHEN %(loc)s.usage = 'internal' THEN %(loc)s.warehouse_id END",
            loc=SQL.identifier(location),
        )

    @api.model
    def _jit_event_lines_sql(self, moves, products=None):
        """Return the SQL of the done move lines (in product UoM) of the moves
        selected by the SQL query ``moves`` (one column of ids) whose source
        and destination lie in different warehouses' stock (internal
        locations): one row per line and stock it leaves or enters, with
        ``move_id, lot_id, arrives, warehouse_id, usage`` (of the line's other
        end) and ``quantity``. ``products`` (ids of the moves' products) lets
        PostgreSQL read only their lines; without ``moves``, all lines of
        ``products`` are read (the caller selects their moves)."""
        return SQL(
            """
            SELECT l.move_id, l.lot_id, side.arrives,
                   CASE WHEN side.arrives THEN l.warehouse_to
                        ELSE l.warehouse_from END AS warehouse_id,
                   CASE WHEN side.arrives THEN l.usage_from
                        ELSE l.usage_to END AS usage,
                   l.quantity
              FROM (SELECT ml.move_id, ml.lot_id,
                           ml.quantity_product_uom AS quantity,
                           src.usage AS usage_from, dst.usage AS usage_to,
                           %(warehouse_from)s AS warehouse_from,
                           %(warehouse_to)s AS warehouse_to
                      FROM stock_move_line ml
                      JOIN stock_location src ON src.id = ml.location_id
                      JOIN stock_location dst ON dst.id = ml.location_dest_id
                     WHERE ml.quantity_product_uom > 0
                       %(moves)s
                       %(products)s) AS l
              -- both sides in one pass: PostgreSQL joins them to the
              -- locations, not once per line
        CROSS JOIN (VALUES (false), (true)) AS side(arrives)
             WHERE l.warehouse_from IS DISTINCT FROM l.warehouse_to
               AND CASE WHEN side.arrives THEN l.warehouse_to
                        ELSE l.warehouse_from END IS NOT NULL
            """,
            warehouse_from=self._jit_stock_warehouse_sql("src"),
            warehouse_to=self._jit_stock_warehouse_sql("dst"),
            moves=SQL("AND ml.move_id IN (%s)", moves) if moves else SQL(),
            products=SQL("AND ml.product_id = ANY(%s)", list(products))
            if products
            else SQL(),
        )

    @api.model
    def _jit_arrival_kind_sql(self, usage):
        """Return the SQL of the kind of an arrival from a location of
        ``usage`` (SQL)."""
        return SQL(
            """CASE %s WHEN 'supplier' THEN 'receipt'
                       WHEN 'customer' THEN 'customer_return'
                       WHEN 'inventory' THEN 'inventory'
                       WHEN 'production' THEN 'production'
                       WHEN 'internal' THEN 'transfer'
                       WHEN 'transit' THEN 'transfer'
                       ELSE 'other' END""",
            usage,
        )

    @api.model
    def _jit_departure_kind_sql(self, usage, scrap):
        """Return the SQL of the kind of a departure to a location of
        ``usage`` (SQL) by a move whose scrap is ``scrap`` (SQL)."""
        return SQL(
            """CASE WHEN %(scrap)s IS NOT NULL THEN 'scrap'
                    WHEN %(usage)s = 'customer' THEN 'delivery'
                    WHEN %(usage)s = 'supplier' THEN 'vendor_return'
                    WHEN %(usage)s = 'inventory' THEN 'inventory'
                    WHEN %(usage)s = 'production' THEN 'production'
                    WHEN %(usage)s IN ('internal', 'transit') THEN 'transfer'
                    ELSE 'other' END""",
            usage=usage,
            scrap=scrap,
        )

    @api.model
    def _jit_move_parties_sql(self, move):
        """Return ``(joins, partner, purchase, sale)``: the SQL of the LEFT
        JOINs from the rows ``move`` (alias of rows with a stock.move's
        ``purchase_line_id, sale_line_id, picking_id, partner_id``) to their
        order lines, orders, picking and partner, and of the move's commercial
        partner (of its order, else picking, else move), purchase order and
        sale order. The joined aliases are prefixed with ``move``."""
        alias = {
            name: SQL.identifier(f"{move}_{name}")
            for name in ("pol", "po", "sol", "so", "picking", "partner")
        }
        joins = SQL(
            """
         LEFT JOIN purchase_order_line %(pol)s ON %(pol)s.id = %(m)s.purchase_line_id
         LEFT JOIN purchase_order %(po)s ON %(po)s.id = %(pol)s.order_id
         LEFT JOIN sale_order_line %(sol)s ON %(sol)s.id = %(m)s.sale_line_id
         LEFT JOIN sale_order %(so)s ON %(so)s.id = %(sol)s.order_id
         LEFT JOIN stock_picking %(picking)s ON %(picking)s.id = %(m)s.picking_id
         LEFT JOIN res_partner %(partner)s ON %(partner)s.id = COALESCE(
                       %(po)s.partner_id, %(so)s.partner_id, %(picking)s.partner_id,
                       %(m)s.partner_id)
            """,
            m=SQL.identifier(move),
            **alias,
        )
        return (
            joins,
            SQL.identifier(f"{move}_partner", "commercial_partner_id"),
            SQL.identifier(f"{move}_pol", "order_id"),
            SQL.identifier(f"{move}_sol", "order_id"),
        )

    @api.model
    def _jit_events_sql(self, moves):
        """Return the SQL of the dwell events of the done moves selected by
        the SQL query ``moves`` (one column of ids), oldest first: one row per
        move, warehouse, direction and lot, from the lines of
        ``_jit_event_lines_sql``."""
        joins, partner, purchase, sale = self._jit_move_parties_sql("m")
        return SQL(
            """
            WITH event AS (
                SELECT move_id, lot_id, warehouse_id,
                       CASE WHEN arrives THEN 'in' ELSE 'out' END AS direction,
                       MIN(usage) AS usage, SUM(quantity) AS quantity
                  FROM (%(lines)s) AS line
              GROUP BY move_id, lot_id, warehouse_id, arrives
            )
            SELECT m.id, e.direction, e.lot_id, e.warehouse_id,
                   e.quantity::float8 AS quantity,
                   CASE WHEN e.direction = 'in' THEN %(arrival)s
                        ELSE %(departure)s END AS kind,
                   m.company_id, m.product_id, pt.categ_id, m.date,
                   m.origin_returned_move_id, %(partner)s AS partner_id,
                   %(purchase)s AS purchase_id, %(sale)s AS sale_id
              FROM event e
              JOIN stock_move m ON m.id = e.move_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              %(joins)s
             WHERE m.state = 'done' AND pt.is_storable
          ORDER BY m.date, m.id, e.direction DESC, e.warehouse_id,
                   e.lot_id NULLS FIRST
            """,
            lines=self._jit_event_lines_sql(moves),
            arrival=self._jit_arrival_kind_sql(SQL.identifier("e", "usage")),
            departure=self._jit_departure_kind_sql(
                SQL.identifier("e", "usage"), SQL.identifier("m", "scrap_id")
            ),
            partner=partner,
            purchase=purchase,
            sale=sale,
            joins=joins,
        )

    @api.model
    def _jit_fetch_events(self, move_ids):
        """Return the dwell events of ``move_ids`` as dicts, oldest first."""
        self.env.cr.execute(
            self._jit_events_sql(SQL("SELECT unnest(%s::int4[])", list(move_ids)))
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _jit_fetch_upstream_moves(self, move_ids):
        """Return ``{departure move id: {move ids upstream in its chain}}``:
        a departure takes first the arrivals chained to it (make to order)."""
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
                SELECT out_id, move_id FROM upstream
                """,
                list(move_ids),
            )
        )
        result = defaultdict(set)
        for out_id, in_id in self.env.cr.fetchall():
            result[out_id].add(in_id)
        return result

    @api.model
    def _jit_fetch_mto_arrivals(self, move_ids):
        """Return the ids among ``move_ids`` made to order: their chain of
        destination moves goes, or is bound to go (final location), to a
        customer. Both are known when the arrival is validated, so a rebuild
        finds the same flag as the live update."""
        if not move_ids:
            return set()
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE downstream(in_id, move_id) AS (
                    SELECT id, id FROM stock_move WHERE id = ANY(%s)
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
             LEFT JOIN stock_location final ON final.id = m.location_final_id
                 WHERE downstream.move_id != downstream.in_id
                   AND (dst.usage = 'customer' OR final.usage = 'customer')
                    OR downstream.move_id = downstream.in_id
                   AND final.usage = 'customer'
                """,
                list(move_ids),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _jit_load_open_layers(self, events, generation, table):
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
                  FROM %(table)s r
                  JOIN unnest(%(companies)s::int4[], %(products)s::int4[],
                              %(warehouses)s::int4[]) AS k(c, p, w)
                    ON (r.company_id, r.product_id, r.warehouse_id) = (k.c, k.p, k.w)
                 WHERE r.is_open AND r.generation = %(generation)s
              ORDER BY r.date_in, r.move_in_id, r.id
                """,
                columns=SQL(", ").join(
                    SQL.identifier("r", name) for name, _type in RECORD_COLUMNS
                ),
                table=SQL.identifier(table),
                companies=companies,
                products=products,
                warehouses=warehouses,
                generation=generation,
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
    def _jit_flush(self, loaded, new_rows, table):
        """Write the matching result into ``table``: delete emptied open
        records, update the quantity of the others that changed, insert
        ``new_rows``."""
        cr = self.env.cr
        emptied = [i for i, r in loaded.items() if abs(r["quantity"]) <= EPSILON]
        changed = [
            r
            for r in loaded.values()
            if abs(r["quantity"]) > EPSILON and r["quantity"] != r["loaded_quantity"]
        ]
        if emptied:
            cr.execute(
                SQL("DELETE FROM %s WHERE id = ANY(%s)", SQL.identifier(table), emptied)
            )
        if changed:
            cr.execute(
                SQL(
                    """
                    UPDATE %(table)s r
                       SET quantity = u.quantity
                      FROM unnest(%(ids)s::int4[], %(quantities)s::float8[])
                           AS u(id, quantity)
                     WHERE r.id = u.id
                    """,
                    table=SQL.identifier(table),
                    ids=[r["id"] for r in changed],
                    quantities=[r["quantity"] for r in changed],
                )
            )
        if new_rows:
            self._jit_insert(new_rows, table)
        self.invalidate_model()

    @api.model
    def _jit_insert(self, rows, table):
        """Insert value dicts of records into ``table`` in one query."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (%(columns)s)
                SELECT * FROM unnest(%(arrays)s)
                """,
                table=SQL.identifier(table),
                columns=SQL(", ").join(
                    SQL.identifier(name) for name, _type in RECORD_COLUMNS
                ),
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", [row[name] for row in rows], SQL(pg_type))
                    for name, pg_type in RECORD_COLUMNS
                ),
            )
        )

    # ------------------------------------------------------------------
    # Rebuild
    # ------------------------------------------------------------------
    @api.model
    def _jit_crosses_sql(self, src, dst):
        """Return the SQL condition that a move from the location aliased
        ``src`` to the one aliased ``dst`` is not within one warehouse's
        stock (the live update's filter, ``_jit_moves_done``)."""
        return SQL(
            "(%s) IS DISTINCT FROM (%s)",
            self._jit_stock_warehouse_sql(src),
            self._jit_stock_warehouse_sql(dst),
        )

    @api.model
    def _jit_crossing_moves_sql(self, products):
        """Return the SQL selecting the done moves of ``products`` (ids) whose
        source and destination are not in the same warehouse's stock."""
        return SQL(
            """
            SELECT m.id
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
             WHERE m.product_id = ANY(%s) AND m.state = 'done' AND %s
            """,
            list(products),
            self._jit_crosses_sql("src", "dst"),
        )

    @api.model
    def _jit_rebuild(self, batch_size=100000, commit=None):
        """Rebuild the dwell records from the history of done moves into the
        next generation, in a table of its own beside the live one
        (``NEXT_TABLE``), then switch to it.

        The next table has neither foreign keys nor most indexes while it is
        filled (PostgreSQL would check and index each row); it gets them
        once full, copied from the live table (``_jit_rebuild_finish``).
        Products are rebuilt in order, about ``batch_size`` moves at a time.
        ``commit(count)`` commits the work done so far and returns the seconds
        left (``ir.cron._commit_progress``); when they would not fit another
        batch, or a lock could not be had in time, stop and return False: the
        next call resumes where this one stopped. Moves validated meanwhile
        are recorded live and queued; the switch records those the rebuild
        did not see, then makes the next table live, so none is lost or
        counted twice. Return True once switched. Without ``commit`` all runs
        in the caller's transaction."""
        self.env.flush_all()
        cr = self.env.cr
        state = self._jit_state()
        if not (state["rebuilding"] and sql.table_exists(cr, NEXT_TABLE)):
            self._jit_rebuild_start()
            if commit:
                commit(0)
        target = state["generation"] + 1
        cr.execute(SQL("SELECT product_id FROM jit_dwell_rebuild_cursor"))
        cr.execute(
            SQL(
                """
                SELECT product_id, COUNT(*) FROM stock_move
                 WHERE state = 'done' AND product_id > %s
              GROUP BY product_id
              ORDER BY product_id
                """,
                cr.fetchone()[0],
            )
        )
        batches, batch, size = [], [], 0
        for product_id, count in cr.fetchall():
            batch.append(product_id)
            size += count
            if size >= batch_size:
                batches.append((batch, size))
                batch, size = [], 0
        if batch:
            batches.append((batch, size))
        for index, (products, size) in enumerate(batches, start=1):
            started = time.monotonic()
            self._jit_rebuild_products(products, target)
            cr.execute(
                SQL("UPDATE jit_dwell_rebuild_cursor SET product_id = %s", products[-1])
            )
            if commit:
                left = commit(size)
                duration = time.monotonic() - started
                if index < len(batches) and left is not None and left <= 2 * duration:
                    return False
        if not self._jit_rebuild_finish(commit) or not self._jit_rebuild_switch(target):
            return False
        if commit:
            commit(0)
        self._jit_refresh(open_only=True)
        return True

    @api.model
    def _jit_rebuild_start(self):
        """Start a rebuild: an empty next table with the live table's columns
        and only the indexes the matching engine reads (primary key, open
        layers), an empty queue, the cursor at the first product."""
        cr = self.env.cr
        cr.execute(SQL("SELECT obj_description(%s::regclass, 'pg_class')", self._table))
        cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS %(next)s;
                CREATE TABLE %(next)s (LIKE %(live)s INCLUDING DEFAULTS
                                       INCLUDING CONSTRAINTS INCLUDING COMMENTS);
                COMMENT ON TABLE %(next)s IS %(comment)s;
                DELETE FROM jit_dwell_rebuild_queue;
                UPDATE jit_dwell_rebuild_cursor SET product_id = 0;
                UPDATE jit_dwell_state SET rebuilding = true;
                """,
                next=SQL.identifier(NEXT_TABLE),
                live=SQL.identifier(self._table),
                comment=cr.fetchone()[0],
            )
        )
        open_layers = self._open_layer_index.full_name(self)
        self._jit_copy_schema(
            [
                item
                for item in self._jit_schema(self._table)
                if item["kind"] == "p" or item["name"] == open_layers
            ]
        )

    @api.model
    def _jit_schema(self, table):
        """Return the indexes and constraints of ``table`` (name) from
        PostgreSQL's catalog, as dicts: ``name``, ``kind`` (the constraint's
        type: ``p``, ``u``, ``f``; ``i`` for an index of no constraint),
        ``definition`` and ``comment``; ``method``, ``expressions``,
        ``where`` and ``unique`` for indexes; ``column``, ``referenced`` and
        ``on_delete`` for foreign keys."""
        self.env.cr.execute(
            SQL(
                """
                SELECT con.conname AS name, con.contype::text AS kind,
                       pg_get_constraintdef(con.oid) AS definition,
                       obj_description(con.oid, 'pg_constraint') AS comment,
                       NULL AS method, NULL::text[] AS expressions, NULL AS where,
                       NULL::bool AS unique, att.attname::text AS column,
                       con.confrelid::regclass::text AS referenced,
                       con.confdeltype::text AS on_delete
                  FROM pg_constraint con
             LEFT JOIN pg_attribute att ON att.attrelid = con.conrelid
                                       AND att.attnum = con.conkey[1]
                 WHERE con.conrelid = %(table)s::regclass
                   AND con.contype IN ('p', 'u', 'f')
             UNION ALL
                SELECT i.relname, 'i', NULL, obj_description(i.oid, 'pg_class'),
                       am.amname,
                       ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                               FROM generate_series(1, x.indnkeyatts) AS k
                           ORDER BY k),
                       pg_get_expr(x.indpred, x.indrelid, true), x.indisunique,
                       NULL, NULL, NULL
                  FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid
                  JOIN pg_am am ON am.oid = i.relam
                 WHERE x.indrelid = %(table)s::regclass
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                                    WHERE con.conindid = x.indexrelid)
                """,
                table=table,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _jit_next_name(self, item):
        """The name of a schema item (``_jit_schema``) on the next table:
        indexes, and the constraints they back, are named per schema; the
        switch gives them back the live names."""
        if item["kind"] == "f":
            return item["name"]
        return sql.make_identifier(f"{item['name']}_next")

    @api.model
    def _jit_copy_schema(self, items):
        """Give the next table the schema ``items`` of the live table
        (``_jit_schema``), foreign keys NOT VALID (validated after, without
        holding up the writers of the tables they reference)."""
        cr = self.env.cr
        for item in items:
            name = self._jit_next_name(item)
            if item["kind"] == "i":
                sql.create_index(
                    cr,
                    name,
                    NEXT_TABLE,
                    item["expressions"],
                    item["method"],
                    item["where"] or "",
                    comment=item["comment"],
                    unique=item["unique"],
                )
                continue
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD CONSTRAINT %s %s %s",
                    SQL.identifier(NEXT_TABLE),
                    SQL.identifier(name),
                    SQL(item["definition"].replace("%", "%%")),
                    SQL("NOT VALID") if item["kind"] == "f" else SQL(),
                )
            )
            if item["comment"]:
                cr.execute(
                    SQL(
                        "COMMENT ON CONSTRAINT %s ON %s IS %s",
                        SQL.identifier(name),
                        SQL.identifier(NEXT_TABLE),
                        item["comment"],
                    )
                )

    @api.model
    def _jit_rebuild_finish(self, commit=None):
        """Give the filled next table the live table's indexes and
        constraints, each built once over all rows, and its statistics.
        Foreign keys are added NOT VALID, in a short transaction of their
        own (PostgreSQL locks out the writers of the tables they reference
        meanwhile; give up after ``LOCK_TIMEOUT`` and return False, to resume
        later), then validated, which locks out no one. A row whose
        referenced record was deleted during the rebuild, before its foreign
        key existed, gets what the foreign key would have done (set null or
        deleted). Steps done are not redone on resume."""
        cr = self.env.cr
        present = {item["name"] for item in self._jit_schema(NEXT_TABLE)}
        missing = [
            item
            for item in self._jit_schema(self._table)
            if self._jit_next_name(item) not in present
        ]
        # Index builds sort all rows: in memory, for this transaction.
        cr.execute(SQL("SET LOCAL maintenance_work_mem = '256MB'"))
        self._jit_copy_schema([item for item in missing if item["kind"] != "f"])
        cr.execute(SQL("ANALYZE %s", SQL.identifier(NEXT_TABLE)))
        if commit:
            commit(0)
        foreign_keys = [item for item in missing if item["kind"] == "f"]
        if foreign_keys:
            if not self._jit_with_lock_timeout(
                lambda: self._jit_copy_schema(foreign_keys)
            ):
                return False
            if commit:
                commit(0)
        cr.execute(
            SQL(
                "SELECT conname FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND NOT convalidated",
                NEXT_TABLE,
            )
        )
        invalid = [row[0] for row in cr.fetchall()]
        if invalid:
            try:
                with cr.savepoint(flush=False):
                    self._jit_validate(invalid)
            except errors.ForeignKeyViolation:
                self._jit_repair_references()
                self._jit_validate(invalid)
            if commit:
                commit(0)
        return True

    @api.model
    def _jit_validate(self, names):
        """Validate the constraints ``names`` of the next table."""
        for name in names:
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s VALIDATE CONSTRAINT %s",
                    SQL.identifier(NEXT_TABLE),
                    SQL.identifier(name),
                ),
                log_exceptions=False,
            )

    @api.model
    def _jit_repair_references(self):
        """Do on the next table's rows what each foreign key would have done
        when its referenced record was deleted: set null, else delete."""
        for item in self._jit_schema(NEXT_TABLE):
            if item["kind"] != "f":
                continue
            dangling = SQL(
                "%(column)s IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM %(referenced)s x WHERE x.id = %(column)s)",
                column=SQL.identifier(item["column"]),
                referenced=SQL.identifier(item["referenced"]),
            )
            if item["on_delete"] == "n":
                query = SQL(
                    "UPDATE %s SET %s = NULL WHERE %s",
                    SQL.identifier(NEXT_TABLE),
                    SQL.identifier(item["column"]),
                    dangling,
                )
            else:
                query = SQL(
                    "DELETE FROM %s WHERE %s", SQL.identifier(NEXT_TABLE), dangling
                )
            self.env.cr.execute(query)

    @api.model
    def _jit_with_lock_timeout(self, function):
        """Call ``function`` in a savepoint whose statements wait at most
        ``LOCK_TIMEOUT`` for a lock; return False (rolled back) if one did."""
        cr = self.env.cr
        cr.execute(SQL("SELECT current_setting('lock_timeout')"))
        previous = cr.fetchone()[0]
        try:
            with cr.savepoint(flush=False):
                cr.execute(SQL("SET LOCAL lock_timeout = %s", LOCK_TIMEOUT))
                function()
        except (errors.LockNotAvailable, errors.DeadlockDetected):
            _logger.info("JIT dwell rebuild: a lock was not available, resuming later")
            return False
        finally:
            cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", previous))
        return True

    @api.model
    def _jit_rebuild_products(self, products, generation):
        """Record the whole history of ``products`` (ids) in ``generation``,
        in the next table: set-based FIFO for the products whose matching is
        FIFO (see ``_jit_paired_products``), the matching engine for the
        others."""
        cr = self.env.cr
        # For this transaction only: no JIT compilation (its estimates of the
        # recursive queries are far too high and the compilation costs
        # seconds).
        cr.execute(SQL("SET LOCAL jit = off"))
        paired = self._jit_paired_products(products)
        fifo = sorted(set(products) - paired)
        if fifo:
            self._jit_fifo_sweep(fifo, generation)
        if paired:
            cr.execute(
                SQL(
                    "SELECT m.id FROM stock_move m WHERE m.id IN (%s) "
                    "ORDER BY m.date, m.id",
                    self._jit_crossing_moves_sql(sorted(paired)),
                )
            )
            move_ids = [row[0] for row in cr.fetchall()]
            for start in range(0, len(move_ids), 10000):
                self._jit_process_moves(
                    move_ids[start : start + 10000], generation, NEXT_TABLE
                )

    @api.model
    def _jit_paired_products(self, products):
        """Return the ids among ``products`` whose matching is not plain FIFO:
        one of their arrivals is made to order (``_jit_fetch_mto_arrivals``),
        or one of their departures prefers an arrival (an arrival upstream in
        its chain, or a return to vendor). For the others the engine takes
        arrivals by date only, which the FIFO sweep gives; multi-step and
        make-to-stock chains, transfers between warehouses and customer
        returns are among them."""
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE crossing AS MATERIALIZED (
                    SELECT m.id, m.product_id, m.origin_returned_move_id,
                           m.location_final_id,
                           dst.usage = 'internal' AS arrives,
                           src.usage = 'internal' AS departs
                      FROM stock_move m
                      JOIN stock_location src ON src.id = m.location_id
                      JOIN stock_location dst ON dst.id = m.location_dest_id
                     WHERE m.product_id = ANY(%(products)s) AND m.state = 'done'
                       AND %(crosses)s
                       -- only these can be made to order or prefer an arrival
                       AND (m.origin_returned_move_id IS NOT NULL
                            OR m.location_final_id IS NOT NULL
                            OR EXISTS (SELECT 1 FROM stock_move_move_rel rel
                                        WHERE rel.move_orig_id = m.id)
                            OR EXISTS (SELECT 1 FROM stock_move_move_rel rel
                                        WHERE rel.move_dest_id = m.id))
                ), downstream(in_id, move_id) AS (
                    SELECT rel.move_orig_id, rel.move_dest_id
                      FROM stock_move_move_rel rel
                      JOIN crossing c ON c.id = rel.move_orig_id AND c.arrives
                     UNION
                    SELECT downstream.in_id, rel.move_dest_id
                      FROM downstream
                      JOIN stock_move_move_rel rel
                        ON rel.move_orig_id = downstream.move_id
                ), upstream(out_id, move_id) AS (
                    SELECT rel.move_dest_id, rel.move_orig_id
                      FROM stock_move_move_rel rel
                      JOIN crossing c ON c.id = rel.move_dest_id AND c.departs
                     UNION
                    SELECT upstream.out_id, rel.move_orig_id
                      FROM upstream
                      JOIN stock_move_move_rel rel
                        ON rel.move_dest_id = upstream.move_id
                )
                SELECT c.product_id
                  FROM crossing c
             LEFT JOIN stock_location final ON final.id = c.location_final_id
                 WHERE c.arrives AND final.usage = 'customer'
                    OR c.departs AND c.origin_returned_move_id IS NOT NULL
                 UNION
                SELECT c.product_id
                  FROM downstream
                  JOIN crossing c ON c.id = downstream.in_id
                  JOIN stock_move m ON m.id = downstream.move_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
             LEFT JOIN stock_location final ON final.id = m.location_final_id
                 WHERE dst.usage = 'customer' OR final.usage = 'customer'
                 UNION
                SELECT c.product_id
                  FROM upstream
                  JOIN crossing c ON c.id = upstream.out_id
                  JOIN crossing a ON a.id = upstream.move_id AND a.arrives
                """,
                products=list(products),
                crosses=self._jit_crosses_sql("src", "dst"),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _jit_fifo_sweep(self, products, generation):
        """Record the history of ``products`` (ids) whose matching is FIFO
        into the next table, in one query: per product, warehouse and lot,
        unit k that arrived is unit k that left (a departure before any
        arrival being covered by the next ones, as the engine does).
        Cumulative quantities of arrivals and of departures give breakpoints;
        a sweep over them carries the current arrival and departure, and each
        stretch between breakpoints is a quantity of one arrival that left
        with one departure, stayed (open) or was not covered yet (negative
        open). The sorts work on move lines with two sort keys; the matched
        events' other values are joined at the end by their number."""
        self.env.flush_all()
        cr = self.env.cr
        # 128 MB for the sorts of this query only: the recursive queries of
        # the batch would build their hash tables that large, zeroed, for
        # nothing (most of a second each).
        cr.execute(SQL("SELECT current_setting('work_mem')"))
        work_mem = cr.fetchone()[0]
        in_joins, vendor, purchase, _sale = self._jit_move_parties_sql("a")
        out_joins, customer, _purchase, sale = self._jit_move_parties_sql("d")
        cr.execute(
            SQL(
                """
                SET LOCAL work_mem = '128MB';
                WITH ranked AS MATERIALIZED (
                    -- One row per move line and stock it leaves or enters.
                    -- The partition (product, lot, warehouse, company) and
                    -- the direction are packed two int4 per int8 in k1, k2
                    -- (parenthesized: << and | bind alike, left to right):
                    -- sorting on two keys instead of five is most of the
                    -- sort's cost. pos: where the line's event ends in its
                    -- partition and direction (the lines of an event share
                    -- it); seq: the order of the lines, the lowest of an
                    -- event's lines having the lowest usage.
                    SELECT e.*,
                           ROW_NUMBER() OVER (ORDER BY k1, k2, date, id, usage)
                               AS seq,
                           SUM(quantity) OVER (PARTITION BY k1, k2
                                               ORDER BY date, id) AS pos
                      FROM (SELECT line.lot_id, line.warehouse_id, line.arrives,
                                   line.usage, line.quantity, m.id, m.company_id,
                                   m.product_id, m.date, m.scrap_id,
                                   m.purchase_line_id, m.sale_line_id,
                                   m.picking_id, m.partner_id,
                                   (m.product_id::int8 << 32)
                                       | COALESCE(line.lot_id, 0) AS k1,
                                   (line.warehouse_id::int8 << 32)
                                       | (m.company_id::int8 << 1)
                                       | line.arrives::int AS k2
                              FROM (%(lines)s) AS line
                              JOIN stock_move m ON m.id = line.move_id
                              JOIN stock_location src ON src.id = m.location_id
                              JOIN stock_location dst ON dst.id = m.location_dest_id
                             WHERE m.state = 'done'
                               AND m.product_id = ANY(%(products)s)
                               AND %(crosses)s) AS e
                ), swept AS (
                    -- From the last breakpoint down: the stretch below one
                    -- is the arrival (departure) with the lowest seq among
                    -- those ending at or above it (none past the last one).
                    SELECT pos, LEAD(pos, 1, 0::numeric) OVER k AS next_pos,
                           MIN(CASE WHEN arrives THEN seq END) OVER k AS in_seq,
                           MIN(CASE WHEN NOT arrives THEN seq END) OVER k
                               AS out_seq
                      FROM ranked
                    WINDOW k AS (PARTITION BY k1, k2 >> 1 ORDER BY pos DESC)
                ), matched AS (
                    -- each (arrival, departure) has one stretch at most
                    SELECT (s.pos - s.next_pos)::float8 AS quantity,
                           a.id AS in_id,
                           CASE WHEN a.id IS NOT NULL THEN %(kind_in)s END
                               AS kind_in,
                           a.date AS date_in, %(vendor)s AS vendor_id,
                           %(purchase)s AS purchase_id, d.id AS out_id,
                           CASE WHEN d.id IS NOT NULL THEN %(kind_out)s END
                               AS kind_out,
                           d.date AS date_out, %(customer)s AS customer_id,
                           %(sale)s AS sale_id,
                           COALESCE(a.company_id, d.company_id) AS company_id,
                           pp.id AS product_id, pt.categ_id,
                           COALESCE(a.lot_id, d.lot_id) AS lot_id,
                           COALESCE(a.warehouse_id, d.warehouse_id) AS warehouse_id,
                           GREATEST(EXTRACT(EPOCH FROM d.date - a.date) / 3600, 0)
                               ::float8 AS hours
                      FROM swept s
                 LEFT JOIN ranked a ON a.seq = s.in_seq
                 LEFT JOIN ranked d ON d.seq = s.out_seq
                      JOIN product_product pp
                        ON pp.id = COALESCE(a.product_id, d.product_id)
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      %(in_joins)s
                      %(out_joins)s
                     WHERE s.pos > s.next_pos AND pt.is_storable
                ), target AS MATERIALIZED (
                    SELECT k.company_id, k.categ_id, %(target)s AS hours
                      FROM (SELECT DISTINCT company_id, categ_id FROM matched) AS k
                      JOIN res_company company ON company.id = k.company_id
                 LEFT JOIN product_category categ ON categ.id = k.categ_id
                )
                INSERT INTO %(table)s (
                    generation, company_id, product_id, categ_id, lot_id,
                    warehouse_id, vendor_id, purchase_id, customer_id, sale_id,
                    move_in_id, move_out_id, kind_in, kind_out, is_mto, quantity,
                    date_in, date_out, dwell_hours, target_hours, within_target,
                    is_open)
                SELECT %(generation)s, m.company_id, m.product_id, m.categ_id,
                       m.lot_id, m.warehouse_id,
                       CASE WHEN m.kind_in = 'receipt' THEN m.vendor_id END,
                       CASE WHEN m.kind_in = 'receipt' THEN m.purchase_id END,
                       CASE WHEN m.kind_out = 'delivery' THEN m.customer_id END,
                       CASE WHEN m.kind_out = 'delivery' THEN m.sale_id END,
                       m.in_id, m.out_id, m.kind_in, m.kind_out, false,
                       CASE WHEN m.in_id IS NULL THEN -m.quantity ELSE m.quantity END,
                       COALESCE(m.date_in, m.date_out), m.date_out,
                       COALESCE(m.hours, 0), t.hours,
                       COALESCE(m.hours, 0) <= t.hours,
                       m.in_id IS NULL OR m.out_id IS NULL
                  FROM matched m
                  JOIN target t
                    ON t.company_id = m.company_id
                   AND t.categ_id IS NOT DISTINCT FROM m.categ_id;
                SELECT set_config('work_mem', %(work_mem)s, true);
                """,
                lines=self._jit_event_lines_sql(None, products),
                products=list(products),
                crosses=self._jit_crosses_sql("src", "dst"),
                kind_in=self._jit_arrival_kind_sql(SQL.identifier("a", "usage")),
                kind_out=self._jit_departure_kind_sql(
                    SQL.identifier("d", "usage"), SQL.identifier("d", "scrap_id")
                ),
                in_joins=in_joins,
                vendor=vendor,
                purchase=purchase,
                out_joins=out_joins,
                customer=customer,
                sale=sale,
                target=self._jit_target_sql("categ", "company"),
                table=SQL.identifier(NEXT_TABLE),
                generation=generation,
                work_mem=work_mem,
            )
        )
        self.invalidate_model()

    @api.model
    def _jit_rebuild_switch(self, target):
        """Make the next table, holding generation ``target``, the live one:
        record the queued moves it has not seen, drop the live table and give
        its name, and its indexes' names, to the next table; recreate the
        report views that read it. Runs first in its transaction, whose
        commit ends the switch.

        Dropping the live table drops its foreign keys, which PostgreSQL does
        with the tables they reference locked (ACCESS EXCLUSIVE), for a
        moment: they are locked first, then the state, which waits for the
        transactions recording moves in the live table (they hold a share
        lock on it) and holds back new ones until the commit, after which
        they retry. A lock not had within ``LOCK_TIMEOUT`` (or a deadlock
        with such a transaction) returns False, to retry later."""
        cr = self.env.cr
        live = self._jit_schema(self._table)
        cr.execute(
            SQL(
                """
                SELECT DISTINCT view.relname
                  FROM pg_depend dep
                  JOIN pg_rewrite rule ON rule.oid = dep.objid
                  JOIN pg_class view ON view.oid = rule.ev_class
                 WHERE dep.refobjid = %s::regclass AND view.relname != %s
                """,
                self._table,
                self._table,
            )
        )
        views = {row[0] for row in cr.fetchall()}
        reports = [
            self.env[model._name]
            for model in self.env.registry.values()
            if not model._auto and model._table in views
        ]
        unknown = views - {report._table for report in reports}
        if unknown:
            raise UserError(
                self.env._(
                    "The dwell rebuild cannot switch: views %s read the dwell "
                    "records and no model recreates them.",
                    ", ".join(sorted(unknown)),
                )
            )
        referenced = sorted(
            {item["referenced"] for item in live if item["kind"] == "f"}
        )
        if not self._jit_with_lock_timeout(
            lambda: cr.execute(
                SQL(
                    """
                    LOCK TABLE %s IN ACCESS EXCLUSIVE MODE;
                    LOCK TABLE jit_dwell_state IN EXCLUSIVE MODE;
                    """,
                    SQL(", ").join(
                        SQL.identifier(table) for table in [*referenced, self._table]
                    ),
                )
            )
        ):
            return False
        # Queued moves the rebuild has not seen leave no record in it.
        cr.execute(
            SQL(
                """
                SELECT q.move_id FROM jit_dwell_rebuild_queue q
                 WHERE NOT EXISTS (SELECT 1 FROM %(next)s r
                                    WHERE r.move_in_id = q.move_id)
                   AND NOT EXISTS (SELECT 1 FROM %(next)s r
                                    WHERE r.move_out_id = q.move_id)
                """,
                next=SQL.identifier(NEXT_TABLE),
            )
        )
        missed = [row[0] for row in cr.fetchall()]
        if missed:
            self._jit_process_moves(missed, target, NEXT_TABLE)
        cr.execute(
            SQL(
                """
                ALTER SEQUENCE %(sequence)s OWNED BY %(next)s.id;
                DROP TABLE %(live)s CASCADE;
                ALTER TABLE %(next)s RENAME TO %(live)s;
                UPDATE jit_dwell_state SET generation = %(target)s, rebuilding = false;
                DELETE FROM jit_dwell_rebuild_queue;
                """,
                sequence=SQL.identifier(f"{self._table}_id_seq"),
                next=SQL.identifier(NEXT_TABLE),
                live=SQL.identifier(self._table),
                target=target,
            )
        )
        for item in live:
            if item["kind"] != "f":
                cr.execute(
                    SQL(
                        "ALTER INDEX %s RENAME TO %s",
                        SQL.identifier(self._jit_next_name(item)),
                        SQL.identifier(item["name"]),
                    )
                )
        for report in reports:
            report.init()
        self.invalidate_model()
        return True

    @api.model
    def _jit_backfill(self, batch_size=100000, commit=None):
        """Rebuild all dwell records (see ``_jit_rebuild``), to the end."""
        while not self._jit_rebuild(batch_size=batch_size, commit=commit):
            pass

    @api.model
    def _cron_jit_backfill(self):
        """Scheduled action: rebuild the dwell records in time-boxed batches;
        when the cron's time is up, ask to be called again to resume."""
        cron = self.env["ir.cron"]
        if not self._jit_rebuild(commit=cron._commit_progress):
            cron._commit_progress(remaining=1)

    # ------------------------------------------------------------------
    # Daily refresh
    # ------------------------------------------------------------------
    @api.model
    def _jit_refresh(self, companies=None, open_only=False):
        """Apply the current targets to the live records and the age at this
        moment to open ones (of ``companies``, else of all), in one query;
        ``open_only`` to open ones only (after a rebuild, which wrote the
        others with the current targets)."""
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
                                THEN GREATEST(EXTRACT(EPOCH FROM %(now)s - r.date_in)
                                              / 3600, 0)
                                ELSE r.dwell_hours END AS dwell_hours
                      FROM jit_dwell_record r
                      JOIN target ON target.categ_id = COALESCE(r.categ_id, 0)
                                 AND target.company_id = r.company_id
                     WHERE %(stale)s
                       AND r.generation = (SELECT generation FROM jit_dwell_state)
                       AND (%(all)s OR r.company_id = ANY(%(company_ids)s))
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
                stale=SQL("r.is_open")
                if open_only
                else SQL("(r.is_open OR r.target_hours != target.hours)"),
                all=companies is None,
                company_ids=companies.ids if companies is not None else [],
            )
        )
        self.invalidate_model()

    @api.model
    def _cron_jit_dwell_daily(self):
        """Scheduled action: refresh targets and open ages, then leave one
        activity per product over target; each company on its own, so that one
        company's failure is logged and does not stop the others."""
        for [company] in self._read_group([], ["company_id"]):
            try:
                with self.env.cr.savepoint():
                    self._jit_refresh(company)
                    self._jit_schedule_activities(company)
            except Exception:
                _logger.exception("JIT dwell refresh of company %s failed", company.id)

    @api.model
    def _jit_schedule_activities(self, companies=None):
        """Leave an activity on each product with stock on hand older than its
        target or a customer delivery over target in the last day, for the
        product's responsible (else an inventory manager), unless one is
        still open."""
        activity_type = self.env.ref("jit_inventory.mail_activity_type_dwell")
        since = fields.Datetime.now() - timedelta(days=1)
        company_domain = [("company_id", "in", companies.ids)] if companies else []
        groups = self._read_group(
            [
                *company_domain,
                ("within_target", "=", False),
                "|",
                "&",
                ("is_open", "=", True),
                ("quantity", ">", 0),
                "&",
                ("kind_out", "=", "delivery"),
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
            note = escape(
                self.env._("%(product)s: up to %(hours)s hours in %(company)s.")
            ) % {
                "product": product.display_name,
                "hours": round(hours),
                "company": company.name,
            }
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": template.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._("Goods wait longer than the dwell target"),
                    "note": note,
                }
            )
        return self.env["mail.activity"].create(vals_list)
