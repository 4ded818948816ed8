"""The arithmetic of composite indicators, on numpy arrays: normalise, aggregate, rank, simulate.

Arrays are parks × indicators with NaN where a park has no figure. Nothing here
knows about datasets or tables (that is `composite`), so every formula in
docs/methodology.md can be read off one short function and tested by hand.
Monte Carlo draws are evaluated many at a time as matrix products, which is
what makes a thousand draws over thousands of parks take seconds.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field

import numpy as np

from ..core.errors import UsageError
from ..core.i18n import Words, term

# Scores equal to this many decimals share a rank (float noise never splits a tie).
TIE_DECIMALS = 9
# The score every park gets when the ranked parks do not differ on an indicator.
MIDDLE = {"minmax": 50.0, "rank": 50.0, "zscore": 0.0}
# Geometric means are taken of scores raised so that the lowest is at least this.
GEOMETRIC_FLOOR = 1.0
DRAWS_PER_CHUNK = 100
QUANTILES = (0.05, 0.5, 0.95)


def normalise(values: np.ndarray, method: str, higher: np.ndarray, benchmark: np.ndarray | None = None) -> np.ndarray:
    """Normalise each column over the parks that have a figure; `higher[j]` False means lower is better."""
    x = np.asarray(values, dtype=float)
    higher = np.asarray(higher, dtype=bool)
    present = ~np.isnan(x)
    count = present.sum(axis=0)
    if not present.any():
        return x.copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # columns without any figure
        low, high = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
        differ = high > low  # equal figures can leave a standard deviation of float noise; they do not differ
        if method == "minmax":
            y = np.where(differ, np.where(higher, x - low, high - x) / (high - low) * 100, MIDDLE[method])
        elif method == "zscore":
            spread = np.nanstd(x, axis=0, ddof=1)
            y = np.where(differ, np.where(higher, 1, -1) * (x - np.nanmean(x, axis=0)) / spread, MIDDLE[method])
        elif method == "rank":
            y = np.where(count > 1, (_average_ranks(np.where(higher, x, -x)) - 1) / (count - 1) * 100, MIDDLE[method])
        elif method == "leader":
            y = np.where(higher, 100 * x / high, 100 * low / x)
        elif method == "benchmark":
            y = np.where(higher, 100 * x / benchmark, 100 * benchmark / x)
        else:
            raise ValueError(method)
    return np.where(present, y, np.nan)


def _average_ranks(x: np.ndarray) -> np.ndarray:
    """Column-wise ranks, smallest = 1, ties sharing their average rank, NaN kept."""
    import pandas as pd

    return pd.DataFrame(x).rank(method="average").to_numpy()


def normalisation_problem(values: np.ndarray, method: str, higher: np.ndarray, ids: list[str]) -> Words | None:
    """Why `method` cannot normalise these figures (ratios need positive leaders and divisors), or None."""
    x = np.asarray(values, dtype=float)
    for j, indicator in enumerate(ids):
        column = x[:, j][~np.isnan(x[:, j])]
        if column.size == 0 or method not in ("leader", "benchmark"):
            continue
        if method == "leader" and higher[j] and column.max() <= 0:
            return Words(f"与最优值的距离需要正的最优值，而 {indicator} 的最优值是 {column.max():g}", f"distance to the leader needs a positive best value, and {indicator}'s best is {column.max():g}")
        if not higher[j] and column.min() <= 0:
            return Words(
                f"对越低越好的 {indicator}，{term(method, 'zh')}要除以每个值，而其中一个是 {column.min():g}",
                f"{method} normalisation of lower-is-better {indicator} divides by each value, and one is {column.min():g}",
            )
    return None


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank each column, highest score first, ties sharing the best rank (1, 2, 2, 4)."""
    keyed = -np.round(scores, TIE_DECIMALS)
    order = np.argsort(keyed, axis=0, kind="stable")
    ordered = np.take_along_axis(keyed, order, axis=0)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(scores))[:, None], 0), axis=0)
    ranks = np.empty(order.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, (first + 1).astype(np.int32), axis=0)
    return ranks


def classes(scores: np.ndarray, bands: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    """Each score's class: the first band whose score quantile it reaches; and the thresholds."""
    thresholds = [float(np.quantile(scores, quantile)) for _, quantile in bands]
    rounded = np.round(scores, TIE_DECIMALS)
    labels = []
    for score in rounded:
        labels.append(next(label for (label, _), threshold in zip(bands, thresholds) if score >= round(threshold, TIE_DECIMALS)))
    return labels, thresholds


@dataclass
class Model:
    """The ranked parks' figures and the profile's structure, ready to be scored under any draw."""

    values: np.ndarray  # ranked parks × indicators, NaN = no figure
    higher: np.ndarray  # per indicator
    benchmark: np.ndarray  # per indicator, NaN where none
    overrides: list[str | None]  # per-indicator normalisation that every draw keeps
    weights: np.ndarray  # per indicator, the profile's weights (within its group)
    group_of: np.ndarray | None  # per indicator, index of its group; None without groups
    group_weights: np.ndarray  # per group
    geometric: bool
    _normalised: dict = field(default_factory=dict)

    def normalised(self, method: str) -> np.ndarray:
        """All columns normalised with `method`, except those with their own method in the profile."""
        if method not in self._normalised:
            methods = [override or method for override in self.overrides]
            result = np.full(self.values.shape, np.nan)
            for name in set(methods):
                columns = [j for j, m in enumerate(methods) if m == name]
                result[:, columns] = normalise(self.values[:, columns], name, self.higher[columns], self.benchmark[columns])
            self._normalised[method] = result
        return self._normalised[method]

    def shift(self, method: str) -> float:
        """What a geometric mean adds before and subtracts after: lifts the lowest score to GEOMETRIC_FLOOR."""
        if not self.geometric:
            return 0.0
        y = self.normalised(method)
        lowest = np.nanmin(y) if (~np.isnan(y)).any() else GEOMETRIC_FLOOR
        return max(0.0, GEOMETRIC_FLOOR - float(lowest))

    def scores(self, method: str, weights: np.ndarray, group_weights: np.ndarray) -> np.ndarray:
        """Parks × draws: the weighted mean of each park's available scores, weights re-scaled to what it has."""
        y = self.normalised(method)
        present = ~np.isnan(y)
        shift = self.shift(method)
        terms = np.where(present, np.log(np.where(present, y + shift, 1.0)) if self.geometric else y, 0.0)
        if self.group_of is None:
            combined = _weighted_mean(terms, present, weights)
        else:
            numerator = np.zeros((len(y), len(weights)))
            denominator = np.zeros_like(numerator)
            for g in range(len(self.group_weights)):
                columns = self.group_of == g
                within = _weighted_mean(terms[:, columns], present[:, columns], weights[:, columns])
                covered = ~np.isnan(within)
                numerator += np.where(covered, within * group_weights[:, g], 0.0)
                denominator += np.where(covered, group_weights[:, g], 0.0)
            combined = numerator / denominator
        return np.exp(combined) - shift if self.geometric else combined


def _weighted_mean(terms: np.ndarray, present: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Parks × draws; NaN where a park has none of the columns."""
    covered = present.astype(float) @ weights.T
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(covered > 0, (terms @ weights.T) / covered, np.nan)


@dataclass
class Simulation:
    seed: int
    methods: list[str]  # per run
    weights: np.ndarray  # runs × indicators, effective shares of the whole
    group_weights: np.ndarray  # runs × groups, shares
    ranks: np.ndarray  # parks × runs
    low: np.ndarray
    median: np.ndarray
    high: np.ndarray

    def take(self, order: np.ndarray) -> Simulation:
        """The same runs with the parks in `order`."""
        return dataclasses.replace(self, ranks=self.ranks[order], low=self.low[order], median=self.median[order], high=self.high[order])


def simulate(model: Model, runs: int, seed: int, methods: list[str], noise: float, progress=None) -> Simulation:
    """Monte Carlo: each run draws every weight uniformly within ±noise of its value and one normalisation method.

    All random numbers are drawn before any run is scored, so results depend on the seed only.
    """
    rng = np.random.default_rng(seed)
    choice = rng.integers(len(methods), size=runs)
    weights = model.weights * rng.uniform(1 - noise, 1 + noise, size=(runs, len(model.weights)))
    group_weights = model.group_weights * rng.uniform(1 - noise, 1 + noise, size=(runs, len(model.group_weights)))
    ranks = np.empty((len(model.values), runs), dtype=np.int32)
    for start in range(0, runs, DRAWS_PER_CHUNK):
        stop = min(start + DRAWS_PER_CHUNK, runs)
        for k, method in enumerate(methods):
            selected = start + np.flatnonzero(choice[start:stop] == k)
            if selected.size:
                ranks[:, selected] = competition_ranks(model.scores(method, weights[selected], group_weights[selected]))
        if progress is not None:
            progress(stop - start)
    low, median, high = np.quantile(ranks, QUANTILES, axis=1, method="inverted_cdf")
    return Simulation(
        seed=seed,
        methods=[methods[k] for k in choice],
        weights=effective_shares(weights, model.group_of, group_weights),
        group_weights=group_weights / group_weights.sum(axis=1, keepdims=True) if group_weights.size else group_weights,
        ranks=ranks,
        low=np.asarray(low, dtype=int),
        median=np.asarray(median, dtype=int),
        high=np.asarray(high, dtype=int),
    )


def effective_shares(weights: np.ndarray, group_of: np.ndarray | None, group_weights: np.ndarray) -> np.ndarray:
    """Draws × indicators: each indicator's share of the whole, group share × share within its group."""
    if group_of is None:
        return weights / weights.sum(axis=1, keepdims=True)
    shares = np.empty_like(weights)
    group_share = group_weights / group_weights.sum(axis=1, keepdims=True)
    for g in range(group_weights.shape[1]):
        columns = group_of == g
        shares[:, columns] = group_share[:, [g]] * weights[:, columns] / weights[:, columns].sum(axis=1, keepdims=True)
    return shares


def check_method(model: Model, method: str, ids: list[str]) -> None:
    """Raise UsageError when the nominal normalisation cannot be applied to these figures."""
    problem = model_problem(model, method, ids)
    if problem:
        raise UsageError(
            Words(f"{problem.zh}；请另选 --normalize（`minmax`、`zscore` 或 `rank` 适用于任何数字）", f"{problem}; choose another --normalize (minmax, zscore or rank work on any figures)")
        )


def model_problem(model: Model, method: str, ids: list[str]) -> Words | None:
    methods = [override or method for override in model.overrides]
    for name in set(methods):
        columns = [j for j, m in enumerate(methods) if m == name]
        lacking = [ids[j] for j in columns if name == "benchmark" and np.isnan(model.benchmark[j])]
        if lacking:
            return Words(f"基准值标准化需要 {'、'.join(lacking)} 的基准值", f"benchmark normalisation needs a benchmark value for {', '.join(lacking)}")
        problem = normalisation_problem(model.values[:, columns], name, model.higher[columns], [ids[j] for j in columns])
        if problem:
            return problem
    return None
