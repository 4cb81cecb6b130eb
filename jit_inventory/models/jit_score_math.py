# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure functions of the vendor scoring: no database, easy to test."""


def clamp(value, low=0.0, high=100.0):
    return max(low, min(high, value))


def shrink(value, sample_size, prior, strength):
    """Pull ``value`` toward ``prior`` when there are few observations:
    ``(n·x + k·prior) / (n + k)``, kept within 0-100 against rounding; no
    observation gives the prior."""
    if value is None or sample_size <= 0:
        return prior
    return clamp((sample_size * value + strength * prior) / (sample_size + strength))


def shrink_days(measured, sample_size, declared, strength):
    """Lead time in days to expect: ``measured`` (a percentile of
    ``sample_size`` receipts) pulled toward the ``declared`` delay,
    ``(n·measured + k·declared) / (n + k)``; the declared delay without
    measure, the measure without declared delay. Not clamped: days, not a
    score."""
    if measured is None or sample_size <= 0:
        return declared
    if declared is None:
        return measured
    return (sample_size * measured + strength * declared) / (sample_size + strength)


def rate_score(rate):
    """Score 0-100 of a ratio where 1 is perfect (on time, OTIF, fill)."""
    return None if rate is None else clamp(100.0 * rate)


def quality_score(return_rate):
    """Score 0-100 from the share of received quantity returned to the vendor."""
    return None if return_rate is None else clamp(100.0 * (1.0 - return_rate))


def lead_time_score(mean, std):
    """Score 0-100 of lead time reliability from its coefficient of variation:
    100 when every delivery takes the same time, 0 from a variation of 100%."""
    if mean is None or std is None:
        return None
    if mean <= 0:
        return 100.0
    return clamp(100.0 * (1.0 - std / mean))


def composite(components, weights):
    """Weighted mean of the component scores; weights need not be normalised."""
    total = sum(weights.get(key, 0.0) for key in components)
    if not total:
        return 0.0
    return clamp(
        sum(score * weights.get(key, 0.0) for key, score in components.items()) / total
    )
