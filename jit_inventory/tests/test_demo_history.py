# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from statistics import fmean, pstdev

from freezegun import freeze_time

from odoo.tests import tagged

from .common import JitCommon

# The five stories of demo/jit_demo.xml: price factor, lead days, late days per
# order, received share per order, returned share per order, days between
# orders (per-order tuples cycled).
STORIES = {
    "Punctual": (1.3, 3, (0,), (1.0,), (0.0,), 8),
    "Budget": (0.8, 5, (0, 6, 3), (1.0, 0.7, 1.0), (0.0,), 8),
    "Returns": (1.0, 4, (0, 0, 1), (1.0,), (0.2, 0.0), 8),
    "Newcomer": (0.95, 4, (0,), (1.0,), (0.0,), 50),
    "Slow": (0.85, 7, (15, 12), (0.4, 0.5), (0.0,), 8),
}


def expected_figures(story, best_factor):
    """The figures of one story, worked out from the story alone: its orders
    of 20 units every ``every`` days from 120 days ago, those arriving in the
    future left out; on time means received on the planned day (2 hours after
    the planned time). Confirming a purchase puts its vendor in the product's
    vendor list at the order's price, so the price score is the lowest price
    factor of all stories (``best_factor``) over this one's."""
    factor, lead, late, received, returned, every = story
    orders = []
    for n, day in enumerate(range(120, 10, -every)):
        if lead + late[n % len(late)] + 2 / 24 >= day:
            continue  # arrives after today
        qty = 20 * received[n % len(received)]
        orders.append(
            {
                "on_time": qty if late[n % len(late)] == 0 else 0.0,
                "otif": late[n % len(late)] == 0 and qty == 20,
                "received": qty,
                "returned": round(qty * returned[n % len(returned)]),
                "lead": lead + late[n % len(late)] + 2 / 24,
                # recency weight: half-life 90 days, age from the planned day
                "w": 0.5 ** ((day - lead) / 90),
            }
        )

    def ratio(key, total, weighted=False):
        weight = [o["w"] if weighted else 1.0 for o in orders]
        num = sum(w * o[key] for w, o in zip(weight, orders, strict=True))
        return num / sum(w * total(o) for w, o in zip(weight, orders, strict=True))

    def shrink(score):  # prior 70, strength 5
        return (len(orders) * score + 5 * 70.0) / (len(orders) + 5)

    leads = [o["lead"] for o in orders]
    components = {
        "on_time": shrink(100 * ratio("on_time", lambda o: 20, True)),
        "otif": shrink(100 * ratio("otif", lambda o: 1, True)),
        "fill": shrink(100 * ratio("received", lambda o: 20, True)),
        "lead_time": shrink(max(0.0, 100 * (1 - pstdev(leads) / fmean(leads)))),
        "quality": shrink(100 * (1 - ratio("returned", lambda o: o["received"], True))),
        "price": 100 * best_factor / factor,
    }
    weights = {
        "on_time": 30,
        "otif": 20,
        "fill": 15,
        "lead_time": 10,
        "quality": 15,
        "price": 10,
    }
    score = sum(components[k] * weights[k] for k in weights) / 100
    return {
        "sample_size": len(orders),
        "on_time_rate": 100 * ratio("on_time", lambda o: 20),
        "otif_rate": 100 * ratio("otif", lambda o: 1),
        "fill_rate": 100 * ratio("received", lambda o: 20),
        "return_rate": 100 * ratio("returned", lambda o: o["received"]),
        "score_on_time": components["on_time"],
        "score_quality": components["quality"],
        "score_price": components["price"],
        "score": score,
        "standing": "excellent"
        if score >= 85
        else "good"
        if score >= 70
        else "at_risk"
        if score >= 50
        else "blocked",
    }


@tagged("post_install", "-at_install")
class TestJitDemoHistory(JitCommon):
    """The demo history loader, played on own products, vendors and
    customers: the stored figures of each vendor story equal those worked out
    from the story."""

    @freeze_time("2026-06-15 10:00:00")
    def test_01_five_vendor_stories(self):
        vendors = self.env["res.partner"].create([{"name": n} for n in STORIES])
        products = self.env["product.product"].create(
            [
                {"name": f"Demo part {i}", "is_storable": True, "standard_price": p}
                for i, p in enumerate((10.0, 25.0))
            ]
        )
        customers = self.env["res.partner"].create(
            [{"name": "Demo North"}, {"name": "Demo Lake"}]
        )
        self.env["jit.demo.loader"]._play_history(
            self.company,
            products,
            dict(zip(vendors, STORIES.values(), strict=True)),
            customers,
        )
        scores = self.env["jit.vendor.score"].search(
            [("partner_id", "in", vendors.ids), ("product_id", "=", False)]
        )
        best_factor = min(story[0] for story in STORIES.values())
        expected = [expected_figures(story, best_factor) for story in STORIES.values()]
        # The stories tell apart every standing but one.
        self.assertEqual(
            [e["standing"] for e in expected],
            ["excellent", "at_risk", "good", "good", "blocked"],
        )
        # Rates by hand: Budget is on time on every third order (5 of 14) and
        # receives 14 of 20 on orders 1, 4, 7, 10, 13; Slow's last order
        # arrives in the future (13 orders), 8 or 10 of 20 each.
        self.assertAlmostEqual(expected[1]["on_time_rate"], 100 * 5 / 14)
        self.assertAlmostEqual(expected[1]["fill_rate"], 100 * 250 / 280)
        self.assertAlmostEqual(expected[2]["return_rate"], 100 * 28 / 280)
        self.assertAlmostEqual(expected[4]["fill_rate"], 100 * 116 / 260)
        self.assertEqual([e["sample_size"] for e in expected], [14, 14, 14, 3, 13])
        for vendor, figures in zip(vendors, expected, strict=True):
            score = scores.filtered(lambda s, v=vendor: s.partner_id == v)
            with self.subTest(vendor=vendor.name):
                self.assertEqual(score.sample_size, figures["sample_size"])
                self.assertEqual(score.standing, figures["standing"])
                for field in (
                    "on_time_rate",
                    "otif_rate",
                    "fill_rate",
                    "return_rate",
                    "score_on_time",
                    "score_quality",
                    "score_price",
                    "score",
                ):
                    self.assertAlmostEqual(score[field], figures[field], 2, field)
