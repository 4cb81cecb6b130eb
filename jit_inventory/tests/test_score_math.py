# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..models import jit_score_math as score_math

ratio = st.floats(min_value=0.0, max_value=1.0)
score = st.floats(min_value=0.0, max_value=100.0)
weight = st.floats(min_value=0.0, max_value=1000.0)
KEYS = ("on_time", "otif", "fill", "lead_time", "quality", "price")
components = st.fixed_dictionaries({key: score for key in KEYS})
weights = st.fixed_dictionaries({key: weight for key in KEYS}).filter(
    lambda w: sum(w.values()) > 1e-6
)


@tagged("post_install", "-at_install")
class TestScoreMath(BaseCase):
    """Properties of the scoring math, on generated inputs."""

    @settings(max_examples=200, deadline=None)
    @given(components, weights)
    def test_composite_is_bounded(self, values, weights):
        self.assertTrue(0.0 <= score_math.composite(values, weights) <= 100.0)

    @settings(max_examples=200, deadline=None)
    @given(components, weights, st.floats(min_value=0.001, max_value=1000.0))
    def test_scaling_all_weights_changes_nothing(self, values, weights, factor):
        scaled = {key: w * factor for key, w in weights.items()}
        self.assertAlmostEqual(
            score_math.composite(values, weights),
            score_math.composite(values, scaled),
            places=6,
        )

    @settings(max_examples=200, deadline=None)
    @given(
        st.integers(min_value=1, max_value=500),
        st.integers(min_value=0, max_value=500),
        st.integers(min_value=1, max_value=50),
        score,
        st.floats(min_value=0.0, max_value=50.0),
    )
    def test_more_on_time_never_lowers_delivery(
        self, due, on_time, extra, prior, strength
    ):
        on_time = min(on_time, due)
        more = min(on_time + extra, due)
        before = score_math.shrink(
            score_math.rate_score(on_time / due), due, prior, strength
        )
        after = score_math.shrink(
            score_math.rate_score(more / due), due, prior, strength
        )
        self.assertGreaterEqual(after + 1e-9, before)
        self.assertTrue(0.0 <= after <= 100.0)

    @settings(max_examples=100, deadline=None)
    @given(score, st.floats(min_value=0.0, max_value=50.0))
    def test_empty_history_gives_the_prior(self, prior, strength):
        self.assertEqual(score_math.shrink(None, 0, prior, strength), prior)
        self.assertEqual(score_math.shrink(80.0, 0, prior, strength), prior)

    @settings(max_examples=200, deadline=None)
    @given(
        st.floats(min_value=0.0, max_value=365.0),
        st.floats(min_value=0.0, max_value=365.0),
        ratio,
    )
    def test_component_scores_are_bounded(self, mean, std, rate):
        for value in (
            score_math.lead_time_score(mean, std),
            score_math.quality_score(rate),
            score_math.rate_score(rate),
        ):
            self.assertTrue(0.0 <= value <= 100.0)
