# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers shared by the models of the addon."""

import math

from odoo.exceptions import ValidationError


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
