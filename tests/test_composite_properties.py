"""Properties of composite rankings that must hold for any figures, checked with hypothesis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parkmetrics.analysis.composite import rank_composite
from parkmetrics.analysis.profiles import Profile, ProfileIndicator
from parkmetrics.analysis.scoring import Model, competition_ranks, normalise, simulate
from parkmetrics.data.model import Dataset

FIGURES = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


def matrices(min_parks=2, max_parks=8, min_indicators=1, max_indicators=4):
    """Parks × indicators with some figures missing (NaN)."""
    shapes = st.tuples(st.integers(min_parks, max_parks), st.integers(min_indicators, max_indicators))
    cells = st.one_of(FIGURES, st.just(np.nan))
    return shapes.flatmap(lambda shape: arrays(float, shape, elements=cells))


@settings(max_examples=60, deadline=None)
@given(matrices(), st.floats(min_value=1e-3, max_value=1e4), st.sampled_from(["minmax", "rank", "zscore", "leader"]), st.data())
def test_rescaling_an_indicator_changes_no_score(values, factor, method, data):
    higher = np.array(data.draw(st.lists(st.booleans(), min_size=values.shape[1], max_size=values.shape[1])))
    column = data.draw(st.integers(0, values.shape[1] - 1))
    scaled = values.copy()
    scaled[:, column] *= factor
    assert np.allclose(normalise(scaled, method, higher), normalise(values, method, higher), equal_nan=True, atol=1e-7)


# Figures from 1 to 1000 in steps of 0.001: distinct ones differ by far more than the tie precision
# of scores (9 decimals), and equal ones occur often enough to check that ties stay ties.
SPACED = st.lists(st.integers(1_000, 1_000_000), min_size=2, max_size=12).map(lambda steps: [step / 1000 for step in steps])


@settings(max_examples=60, deadline=None)
@given(SPACED, st.sampled_from(["minmax", "rank", "zscore", "leader"]))
def test_reversing_the_direction_reverses_a_single_indicator_order(figures, method):
    values = np.array(figures)[:, None]
    ranks = {}
    for higher in (True, False):
        model = _model(values, [higher], method)
        ranks[higher] = competition_ranks(model.scores(method, model.weights[None, :], model.group_weights[None, :]))[:, 0]
    ahead = np.sign(ranks[True][:, None] - ranks[True][None, :])
    assert np.array_equal(np.sign(ranks[False][:, None] - ranks[False][None, :]), -ahead)


@settings(max_examples=20, deadline=None)
@given(matrices(min_parks=1, max_parks=7, min_indicators=1, max_indicators=4), st.data())
def test_coverage_rule(values, data):
    parks, indicators = values.shape
    weights = data.draw(st.lists(st.integers(1, 5), min_size=indicators, max_size=indicators))
    minimum = data.draw(st.sampled_from([0.25, 0.5, 2 / 3, 1.0]))
    dataset = _dataset(values)
    profile = Profile("p", tuple(ProfileIndicator(f"i{j}", float(w)) for j, w in enumerate(weights)), min_coverage=minimum)
    result = rank_composite(dataset, profile)
    shares = np.array(weights) / sum(weights)
    for i in range(parks):
        park = f"p{i}"
        expected = float(shares[~np.isnan(values[i])].sum())
        assert result.coverage[park] == pytest.approx(expected)
        assert (park in result.ranked) == (expected >= minimum - 1e-9)


@settings(max_examples=30, deadline=None)
@given(matrices(min_parks=2, max_parks=6, min_indicators=2, max_indicators=4), st.integers(0, 2**32 - 1))
def test_uncertainty_with_a_seed_is_reproducible(values, seed):
    model = _model(values, [True] * values.shape[1], "minmax")
    first = simulate(model, 40, seed, ["minmax", "zscore", "rank"], 0.25)
    second = simulate(_model(values, [True] * values.shape[1], "minmax"), 40, seed, ["minmax", "zscore", "rank"], 0.25)
    assert first.methods == second.methods
    assert np.array_equal(first.ranks, second.ranks) and np.array_equal(first.weights, second.weights)
    assert np.all((first.low <= first.median) & (first.median <= first.high))


def _model(values: np.ndarray, higher: list[bool], method: str) -> Model:
    count = values.shape[1]
    return Model(values=values, higher=np.array(higher), benchmark=np.full(count, np.nan), overrides=[None] * count, weights=np.ones(count), group_of=None, group_weights=np.array([]), geometric=False)


def _dataset(values: np.ndarray) -> Dataset:
    """An in-memory dataset: park p<i> has figure values[i, j] for indicator i<j>, in 2022, where not NaN."""
    parks, indicators = values.shape
    park_frame = pd.DataFrame({"id": [f"p{i}" for i in range(parks)], "name_zh": [f"园区{i}" for i in range(parks)], "name_en": "", "aliases": ""}).set_index("id", drop=False)
    indicator_frame = pd.DataFrame(
        {"id": [f"i{j}" for j in range(indicators)], "name_zh": "指标", "name_en": "", "unit": "家", "measure": "stock", "direction": "higher", "aliases": "", "definition": ""}
    ).set_index("id", drop=False)
    rows = [
        {
            "park": f"p{i}",
            "indicator": f"i{j}",
            "period": "2022",
            "scope": "park",
            "status": "actual",
            "qualifier": "exact",
            "raw": "",
            "value": "",
            "unit": "家",
            "source": "s",
            "quote": "",
            "note": "",
            "_file": "",
            "_line": 0,
            "canonical_value": float(values[i, j]),
            "canonical_unit": "家",
            "period_kind": "year",
            "period_start": "2022-01-01",
            "period_end": "2022-12-31",
            "partial_year": False,
        }
        for i in range(parks)
        for j in range(indicators)
        if not np.isnan(values[i, j])
    ]
    observations = pd.DataFrame(
        rows,
        columns=[
            "park",
            "indicator",
            "period",
            "scope",
            "status",
            "qualifier",
            "raw",
            "value",
            "unit",
            "source",
            "quote",
            "note",
            "_file",
            "_line",
            "canonical_value",
            "canonical_unit",
            "period_kind",
            "period_start",
            "period_end",
            "partial_year",
        ],
    )
    return Dataset(parks=park_frame, indicators=indicator_frame, sources=pd.DataFrame(), observations=observations)
