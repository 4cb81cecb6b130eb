# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Validation of the parameters the dashboard client sends (any JSON-RPC
caller may send anything): a clear ``UserError`` instead of a traceback."""

from datetime import date

from odoo import fields
from odoo.exceptions import UserError

DATE_KEYS = ("date_from", "date_to")
ID_KEYS = ("categ_id", "partner_id")
# Far enough from date.min/date.max for the month and day arithmetic.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(9998, 12, 31)
MAX_LIMIT = 1000


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check_filters(env, filters):
    """Return ``filters`` (a dict, empty when not given) after checking that
    its dates are ISO dates and its ids integers; raise a ``UserError``
    naming the bad filter otherwise."""
    if filters in (None, False):
        return {}
    if not isinstance(filters, dict):
        raise UserError(env._("The dashboard filters must be a dictionary."))
    for key in DATE_KEYS:
        value = filters.get(key)
        if value in (None, False, ""):
            continue
        try:
            day = fields.Date.to_date(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if not day or not FIRST_DATE <= day <= LAST_DATE:
            raise UserError(
                env._(
                    'Dashboard filter "%(key)s" must be a date such as 2026-01-31 '
                    "(got %(value)r).",
                    key=key,
                    value=value,
                )
            )
    for key in ID_KEYS:
        value = filters.get(key)
        if value not in (None, False) and not _is_id(value):
            raise UserError(
                env._(
                    'Dashboard filter "%(key)s" must be one record id (got %(value)r).',
                    key=key,
                    value=value,
                )
            )
    company_ids = filters.get("company_ids")
    if company_ids not in (None, False) and not (
        isinstance(company_ids, list) and all(_is_id(c) for c in company_ids)
    ):
        raise UserError(
            env._(
                'Dashboard filter "company_ids" must be a list of company ids '
                "(got %r).",
                company_ids,
            )
        )
    return filters


def check_limit(env, limit):
    """Return ``limit`` if it is a whole number from 1 to ``MAX_LIMIT``."""
    if not _is_id(limit) or limit > MAX_LIMIT:
        raise UserError(
            env._(
                "The number of vendors to rank must be from 1 to %(max)s "
                "(got %(value)r).",
                max=MAX_LIMIT,
                value=limit,
            )
        )
    return limit
