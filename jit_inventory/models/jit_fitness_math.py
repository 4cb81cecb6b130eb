# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure math of the JIT fitness advisor (no ORM), tested with hand-computed values.

Demand is read per week. Syntetos-Boylan classification: the average demand
interval ADI (weeks per week with demand) and the squared coefficient of
variation CV² of the non-zero weekly demand sizes, cut at 1.32 and 0.49.
"""

import math
from statistics import NormalDist

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49

PATTERNS = [
    ("smooth", "Smooth"),
    ("erratic", "Erratic"),
    ("intermittent", "Intermittent"),
    ("lumpy", "Lumpy"),
]


def demand_pattern(adi, cv2):
    """Syntetos-Boylan class of a demand with interval ``adi`` and size ``cv2``."""
    if adi < ADI_CUTOFF:
        return "smooth" if cv2 < CV2_CUTOFF else "erratic"
    return "intermittent" if cv2 < CV2_CUTOFF else "lumpy"


def adi_cv2(periods, demand_periods, size_mean, size_variance):
    """ADI and CV² from the number of weeks of the window, the weeks with demand,
    and the mean and (population) variance of the non-zero weekly sizes."""
    adi = periods / demand_periods
    cv2 = size_variance / size_mean**2 if size_mean else 0.0
    return adi, cv2


def daily_demand(periods, total, sum_squares):
    """Mean and deviation of the daily demand, from the weekly quantities of
    ``periods`` weeks (weeks without demand count as 0): the weekly variance
    spread over 7 independent days."""
    week_mean = total / periods
    week_variance = max(sum_squares / periods - week_mean**2, 0.0)
    return week_mean / 7.0, math.sqrt(week_variance / 7.0)


def z_value(service_level):
    """Standard normal quantile of a service level given in % (95 -> 1.645)."""
    return NormalDist().inv_cdf(service_level / 100.0)


def reorder_point(demand_mean, demand_std, lead_mean, lead_std, z, cycle_days):
    """``(safety stock, minimum, maximum)`` of a reorder rule: safety stock
    ``z * s`` with ``s = sqrt(L * sd² + d² * sL²)`` (demand and lead-time variation),
    minimum = demand over the lead time + safety stock, maximum = minimum +
    demand over one order cycle. Demand per day, lead times in days."""
    sigma = math.sqrt(lead_mean * demand_std**2 + demand_mean**2 * lead_std**2)
    safety = z * sigma
    minimum = demand_mean * lead_mean + safety
    return safety, minimum, minimum + demand_mean * cycle_days
