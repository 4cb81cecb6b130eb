# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers shared by the models of the addon."""

import json
import math
from datetime import date

from psycopg2.extras import Json as PsycopgJson

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_round, split_every

UPSERT_BATCH = 5000


def check_bounds(records, vals, bounds):
    """Raise a ``ValidationError`` naming the field (by its label) of the
    first value of ``vals`` (a dict, or a record) that is not a finite number
    within ``bounds`` (``{field: (lowest, highest)}``). Called on the values
    before they are written, so that integers out of a database column's range
    get the same clear message as the model constraints."""
    for fname, (low, high) in bounds.items():
        if fname not in vals:
            continue
        value = vals[fname]
        if isinstance(value, bool) or value is None:
            value = 0  # how the ORM stores False
        try:
            ok = math.isfinite(value) and low <= value <= high
        except TypeError:
            ok = False
        if not ok:
            raise ValidationError(
                records.env._(
                    "%(field)s must be a number from %(low)s to %(high)s "
                    "(got %(value)s).",
                    field=records._fields[fname].get_description(records.env)["string"],
                    low=low,
                    high=high,
                    value=value,
                )
            )


def selection_label(records, fname, value):
    """Label of ``value`` in the selection field ``fname`` of the model of
    ``records``, in the language of their environment."""
    field = records._fields[fname]
    return dict(field._description_selection(records.env))[value]


def upsert(model, vals_list, constraint=None, keys=()):
    """Insert or update ``vals_list`` into ``model``'s table in statements of
    ``UPSERT_BATCH`` rows, on conflict with the unique ``constraint`` over the
    columns ``keys`` (without ``constraint``, only insert); return the ids of
    the rows written, in the order of ``vals_list``. Every row has the same
    columns: stored values as ``create`` takes them (many2one as ids, no relational
    commands), converted and rounded as the ORM does (monetary amounts by the
    caller, see ``column_converter``), ``None`` kept as NULL (no data). The
    model's cache is invalidated. The log columns (``create_uid``...) are
    written when the model has them.

    Each statement takes its rows as one JSON parameter, which PostgreSQL
    reads into rows of the table's own type (``json_populate_recordset``):
    cheaper to send and to parse than a ``VALUES`` list of every value."""
    if not vals_list:
        return []
    columns = list(vals_list[0])
    converters = [(c, column_converter(model, model._fields[c])) for c in columns]
    log_columns, log = [], []
    if model._log_access:
        now = fields.Datetime.now()
        log_columns = ["create_uid", "write_uid", "create_date", "write_date"]
        log = [SQL("%s", value) for value in (model.env.uid, model.env.uid, now, now)]
    on_conflict = SQL()
    if constraint:
        on_conflict = SQL(
            "ON CONFLICT ON CONSTRAINT %s DO UPDATE SET %s",
            SQL.identifier(f"{model._table}_{constraint}"),
            SQL(", ").join(
                SQL("%s = EXCLUDED.%s", SQL.identifier(c), SQL.identifier(c))
                for c in [*columns, *log_columns]
                if c not in keys and c not in ("create_uid", "create_date")
            ),
        )
    table = SQL.identifier(model._table)
    ids = []
    for batch in split_every(UPSERT_BATCH, vals_list):
        rows = json.dumps(
            [{c: convert(vals[c]) for c, convert in converters} for vals in batch],
            default=_json_value,
            allow_nan=False,
        )
        model.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (%(columns)s)
                SELECT %(selected)s
                FROM json_populate_recordset(NULL::%(table)s, %(rows)s)
                %(on_conflict)s
                RETURNING id
                """,
                table=table,
                columns=SQL(", ").join(
                    SQL.identifier(c) for c in [*columns, *log_columns]
                ),
                selected=SQL(", ").join([*(SQL.identifier(c) for c in columns), *log]),
                rows=rows,
                on_conflict=on_conflict,
            )
        )
        # The function scan yields the rows in the order of the array, and
        # RETURNING follows the order the rows are written in, as for VALUES.
        ids += [row[0] for row in model.env.cr.fetchall()]
    model.invalidate_model()
    return ids


def _json_value(value):
    """JSON form of a column value ``json.dumps`` does not know: dates and
    times as PostgreSQL reads them, the multi-value (translated or
    company-dependent) wrapper as its values. Non-finite floats, which JSON
    does not have, are refused (``allow_nan=False``)."""
    if isinstance(value, PsycopgJson):
        return value.adapted
    if isinstance(value, date):
        return str(value)
    raise TypeError(f"{value!r} is not a column value")


def column_converter(model, field):
    """A function giving a value of ``field`` as the ORM would store it;
    ``None`` stays NULL. Floats are rounded to their digits as the ORM does;
    monetary amounts are stored as given: the caller rounds them to the
    currency of their row, which is not known here. Plain columns skip the
    ORM's multi-value wrapper (this runs once per value)."""
    digits = field.type == "float" and field.get_digits(model.env)
    if digits:
        scale = digits[1]
        return lambda value: (
            None if value is None else float_round(value, precision_digits=scale)
        )
    if field.type in ("float", "monetary"):
        return lambda value: None if value is None else float(value or 0.0)
    convert = (
        field.convert_to_column_insert
        if field.translate or field.company_dependent
        else field.convert_to_column
    )
    return lambda value: None if value is None else convert(value, model)
