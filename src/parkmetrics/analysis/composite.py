"""Composite rankings: one score per park from several indicators, with coverage, classes and rank intervals.

The steps, each documented with its formula in docs/methodology.md:
1. each park's figure per indicator, by the single-indicator rule (latest actual
   whole-park figure, or `period`), derived indicators included;
2. screening: a park whose figures carry less than the profile's minimum share of
   the weight is not ranked, and the output says why;
3. normalisation over the parks that remain, direction-aware;
4. weighted aggregation (arithmetic or geometric, by group first when there are
   groups), weights re-scaled to the indicators each park has;
5. rank, and optional classes by score quantile;
6. optional Monte Carlo uncertainty over weights and normalisation methods.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import UsageError
from ..core.i18n import Words, joined, pick, term
from ..core.periods import parse_period
from ..core.table import HUMAN, MACHINE, Column, Table
from ..data.model import Dataset, figures_of
from . import scoring
from .derived import BY_ID as DERIVATIONS
from .derived import derive
from .profiles import NORMALIZATIONS, Profile, load_profile
from .queries import LEGEND, display_value, ranking_figures, short_listing, unranked_reasons

COVERAGE_TOLERANCE = 1e-9  # 4/6 of the weight meets a minimum of 2/3
SCORE_DECIMALS = 4


@dataclass
class CompositeResult:
    """Everything a composite ranking decided, for tables, reports and tests."""

    profile: Profile  # resolved: indicator ids of the dataset
    dataset: Dataset  # with derived indicators
    values: pd.DataFrame  # every park × indicator: the figure used, NaN where none
    figures: pd.DataFrame  # the chosen figures (park, indicator, period, qualifier, …)
    coverage: pd.Series  # every park: share of the weight it has figures for
    scores: pd.Series  # ranked parks, best first
    ranks: pd.Series
    normalised: pd.DataFrame  # ranked parks × indicators
    classes: pd.Series | None
    class_thresholds: list[float]
    lacking: dict  # park -> ["indicator (why)", ...]
    simulation: scoring.Simulation | None
    notes: list[str]
    warnings: list[str]

    @property
    def ranked(self) -> list[str]:
        return list(self.scores.index)


def rank_composite(dataset: Dataset, profile: Profile, period: str | None = None, uncertainty: int = 0, seed: int | None = None, progress=None, lang: str = "en") -> CompositeResult:
    """Score and rank every park of `dataset` under `profile` (see the module docstring); notes in `lang`."""
    if period is not None:
        parse_period(period)
    profile = profile.resolve(derive(dataset, ids=()).dataset)
    derived = derive(dataset, ids=profile.ids)
    dataset = derived.dataset
    ids = profile.ids
    observations = dataset.observations[dataset.observations["indicator"].isin(ids)]
    observations = observations[~observations["park"].isin(dataset.groups)]
    figures = ranking_figures(observations, period, measures=dataset.indicators["measure"].to_dict())
    values = figures.pivot(index="park", columns="indicator", values="canonical_value")
    parks = dataset.zones
    values = values.reindex(index=parks, columns=ids).astype(float)

    shares = profile.effective_weights()
    coverage = pd.Series(values.notna().to_numpy(float) @ np.array([shares[i] for i in ids]), index=values.index)
    ranked = coverage.index[coverage >= profile.min_coverage - COVERAGE_TOLERANCE]
    lacking = _lacking(values, observations, figures, derived.skipped, period)

    model, warnings = _model(dataset, profile, values.loc[ranked], lang)
    scoring.check_method(model, profile.normalize, ids)
    notes = _method_notes(profile, model, lang)
    scores = pd.Series(model.scores(profile.normalize, model.weights[None, :], model.group_weights[None, :])[:, 0], index=ranked)
    ranks = pd.Series(scoring.competition_ranks(scores.to_numpy()[:, None])[:, 0], index=ranked)
    order = np.lexsort((np.asarray(ranked, dtype=str), ranks.to_numpy()))
    scores, ranks = scores.iloc[order], ranks.iloc[order]
    normalised = pd.DataFrame(model.normalised(profile.normalize), index=ranked, columns=ids).loc[scores.index]

    labels, thresholds = None, []
    if profile.classes and len(scores):
        classes, thresholds = scoring.classes(scores.to_numpy(), profile.classes)
        labels = pd.Series(classes, index=scores.index)
        notes.append(_classes_note(profile, thresholds, lang))

    simulation = None
    if uncertainty and len(ranked):
        simulation, simulation_notes, simulation_warnings = _simulate(model, profile, uncertainty, seed, progress, lang)
        simulation = simulation.take(order)
        warnings += simulation_warnings
        notes += simulation_notes
    elif uncertainty:
        warnings.append(pick(("没有排名区间：没有园区参与排名", "no rank intervals: no park is ranked"), lang))

    ranked_figures = figures[figures["park"].isin(ranked)]
    warnings = _period_warnings(dataset, ranked_figures, ids, lang) + warnings
    warnings += _screening_warnings(profile, coverage, ranked, lang)
    if (ranked_figures["qualifier"] != "exact").any():
        notes += [pick(LEGEND, lang), pick(("界限数字（超、余）和约数按所写数值计入；见“非确数”列", "bounds (超, 余) and approximate figures enter at their stated value; see column inexact"), lang)]
    return CompositeResult(profile, dataset, values, figures, coverage, scores, ranks, normalised, labels, thresholds, lacking, simulation, notes, warnings)


def _model(dataset: Dataset, profile: Profile, values: pd.DataFrame, lang: str) -> tuple[scoring.Model, list[str]]:
    warnings = []
    directions = []
    for item in profile.indicators:
        direction = item.direction or dataset.indicators.at[item.id, "direction"]
        if direction == "neutral":
            warnings.append(
                pick(
                    (
                        f'{item.id} 无好坏之分，按越高越好计分（可在方案中为它设 `direction = "higher"` 或 `"lower"`）',
                        f'{item.id} has no better direction; it is scored as higher is better (set `direction = "higher"` or `"lower"` for it in the profile)',
                    ),
                    lang,
                )
            )
        directions.append(direction != "lower")
    group_names = [name for name, _ in profile.groups]
    x = values.to_numpy(float)
    for j, item in enumerate(profile.indicators):
        column = x[:, j][~np.isnan(x[:, j])]
        if len(values) and column.size == 0:
            warnings.append(pick((f"{item.id}：参与排名的园区都没有此数字；其权重分给其他指标", f"{item.id}: no ranked park has a figure; its weight goes to the other indicators"), lang))
        elif column.size == 1 and len(values) > 1:
            warnings.append(pick((f"{item.id}：只有一个参与排名的园区有此数字，不能用来比较园区", f"{item.id}: only one ranked park has a figure, so it does not compare parks"), lang))
        elif column.size > 1 and np.all(column == column[0]):
            warnings.append(pick((f"{item.id}：参与排名的园区数字都相同，不能用来比较园区", f"{item.id}: every ranked park has the same figure, so it does not compare parks"), lang))
    model = scoring.Model(
        values=x,
        higher=np.array(directions, dtype=bool),
        benchmark=np.array([np.nan if item.benchmark is None else item.benchmark for item in profile.indicators]),
        overrides=[item.normalize for item in profile.indicators],
        weights=np.array([item.weight for item in profile.indicators]),
        group_of=np.array([group_names.index(item.group) for item in profile.indicators]) if group_names else None,
        group_weights=np.array([weight for _, weight in profile.groups]),
        geometric=profile.aggregate == "geometric",
    )
    return model, warnings


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + " %"


def _method_notes(profile: Profile, model: scoring.Model, lang: str) -> list[str]:
    normalize, aggregate = term(profile.normalize, lang), term(profile.aggregate, lang)
    coverage = _percent(profile.min_coverage)
    notes = [
        pick(
            (
                f"方案 {profile.name}：{normalize}，{aggregate}" + ("，先组内、再组间" if profile.groups else "") + f"，最低覆盖率为权重的 {coverage}",
                f"profile {profile.name}: {normalize} normalisation, {aggregate} mean" + (" by group, then over groups" if profile.groups else "") + f", minimum coverage {coverage} of the weight",
            ),
            lang,
        )
    ]
    for item in profile.indicators:
        if item.normalize and item.normalize != profile.normalize:
            own = term(item.normalize, lang)
            notes.append(pick((f"{item.id} 保留自己的标准化方法：{own}", f"{item.id} keeps its own normalisation: {own}"), lang))
    shift = model.shift(profile.normalize)
    if shift:
        floor = f"{scoring.GEOMETRIC_FLOOR:g}"
        notes.append(
            pick(
                (
                    f"几何平均：标准化得分先加 {shift:g}（使最低分为 {floor}），平均后再减去 {shift:g}",
                    f"geometric mean of the normalised scores plus {shift:g} (lifting the lowest to {floor}), minus {shift:g} again",
                ),
                lang,
            )
        )
    for item in profile.indicators:
        if item.id in DERIVATIONS:
            formula = DERIVATIONS[item.id].formula
            notes.append(pick((f"{item.id} 为派生指标：{formula}", f"{item.id} is derived: {formula}"), lang))
    return notes


def _classes_note(profile: Profile, thresholds: list[float], lang: str) -> str:
    bands = [
        (f"{label} 得分 ≥ {round(threshold, SCORE_DECIMALS):g}（分位数 {quantile:g}）", f"{label} score ≥ {round(threshold, SCORE_DECIMALS):g} (quantile {quantile:g})")
        for (label, quantile), threshold in zip(profile.classes[:-1], thresholds)
    ]
    last = profile.classes[-1][0]
    return pick(("分类：" + "，".join(zh for zh, _ in bands) + f"，其余为 {last}", "classes: " + ", ".join(en for _, en in bands) + f", {last} below"), lang)


def uncertainty_methods(model: scoring.Model, profile: Profile, lang: str = "en") -> tuple[list[str], list[str]]:
    """The normalisations the runs draw from, and notes on those the data rules out."""
    wanted = profile.uncertainty_methods or NORMALIZATIONS
    methods, notes = [], []
    for method in (name for name in NORMALIZATIONS if name in wanted):
        problem = scoring.model_problem(model, method, profile.ids)
        if problem and (profile.uncertainty_methods or method != "benchmark"):
            notes.append((f"{term(method, 'zh')}未用于不确定性模拟：{problem.zh}", f"{method} is left out of the uncertainty runs: {problem}"))
        if not problem:
            methods.append(method)
    if not methods:
        raise UsageError(
            Words(
                f"不确定性模拟可选的标准化方法都不适用于这些数字（{'；'.join(zh for zh, _ in notes)}）；请在方案的 `[uncertainty] normalize` 中加入 `minmax`、`zscore` 或 `rank`",
                f"no normalisation the uncertainty runs may draw from works on these figures ({'; '.join(en for _, en in notes)}); "
                "add minmax, zscore or rank to [uncertainty] normalize in the profile",
            )
        )
    return methods, [pick(note, lang) for note in notes]


def _simulate(model, profile: Profile, runs: int, seed: int | None, progress, lang: str):
    methods, notes = uncertainty_methods(model, profile, lang)
    warnings = []
    if seed is None:
        seed = secrets.randbelow(2**32)
        warnings.append(pick((f"排名区间的随机种子为 {seed}；用 --seed {seed} 可重现", f"rank intervals drawn with seed {seed}; pass --seed {seed} to reproduce them"), lang))
    simulation = scoring.simulate(model, runs, seed, methods, profile.weight_noise, progress)
    noise, drawn = f"{profile.weight_noise * 100:g}", [term(method, lang) for method in methods]
    notes.insert(
        0,
        pick(
            (
                f"排名区间：{runs} 次模拟（种子 {seed}），权重在 ±{noise} % 内抽取，标准化方法从{'、'.join(drawn)}中抽取；列出各园区名次的中位数及 5–95 % 区间",
                f"rank interval: {runs} runs (seed {seed}), weights drawn within ±{noise} %, normalisation drawn from {', '.join(drawn)}; median and 5–95 % of each park's ranks",
            ),
            lang,
        ),
    )
    return simulation, notes, warnings


def _lacking(values: pd.DataFrame, observations, figures, skipped, period) -> dict:
    """park -> [Words "indicator (why it has no figure)", ...] for every missing cell."""
    why = {(row.park, row.indicator): row.reason for row in unranked_reasons(figures_of(observations), figures_of(figures), period)}
    whole_park = skipped[skipped["scope"] == "park"]
    why.update({(row.park, row.indicator): row.reason for row in whole_park.itertuples()})
    lacking = {}
    rows, columns = np.nonzero(values.isna().to_numpy())
    for park, indicator in zip(values.index[rows], values.columns[columns]):
        reason = why.get((park, indicator)) or _no_figure(indicator)
        lacking.setdefault(park, []).append(Words(f"{indicator}（{reason.zh}）", f"{indicator} ({reason})"))
    return lacking


def _no_figure(indicator: str) -> Words:
    if indicator in DERIVATIONS:
        formula = DERIVATIONS[indicator].formula
        return Words(f"没有数字；由 {formula} 派生", f"no figure; derived from {formula}")
    return Words("没有数字", "no figure")


def _period_warnings(dataset: Dataset, figures: pd.DataFrame, ids: list[str], lang: str) -> list[str]:
    """Say where one indicator's figures come from different periods, and loudly where lengths differ."""
    warnings = []
    for indicator in ids:
        chosen = figures[figures["indicator"] == indicator]
        counts = chosen["period"].value_counts().sort_index()
        if len(counts) < 2:
            continue
        listing = short_listing([pick((f"{period}：{count} 个园区", f"{period}: {count} park{'s' if count > 1 else ''}"), lang) for period, count in counts.items()], lang)
        warnings.append(
            pick((f"{indicator}：数字来自不同期间（{listing}）；用 --period 只排一个期间", f"{indicator}: figures from different periods ({listing}); use --period to rank one period"), lang)
        )
    return warnings


def _screening_warnings(profile: Profile, coverage: pd.Series, ranked, lang: str) -> list[str]:
    left_out, minimum = len(coverage) - len(ranked), _percent(profile.min_coverage)
    if not len(ranked):
        return [
            pick(
                (
                    f"没有园区达到最低覆盖率（权重的 {minimum}）；用 --min-coverage 降低它，或选择园区有数字的指标",
                    f"no park reaches the minimum coverage of {minimum} of the weight; lower it with --min-coverage or choose indicators the parks report",
                ),
                lang,
            )
        ]
    warnings = []
    if len(ranked) == 1:
        warnings.append(pick((f"只有一个园区参与排名（{ranked[0]}）；它的得分没有与其他园区比较", f"only one park is ranked ({ranked[0]}); its score compares it with no other park"), lang))
    if left_out:
        warnings.append(
            pick(
                (
                    f"{left_out} 个园区未排名：其数字覆盖的权重不足 {minimum}；列在最后并写明原因",
                    f"{left_out} park(s) not ranked: their figures cover less than {minimum} of the weight; they are listed last with the reason",
                ),
                lang,
            )
        )
    return warnings


def composite_table(dataset: Dataset, profile: Profile | str, lang: str = "zh", period: str | None = None, verbose: bool = False, uncertainty: int = 0, seed: int | None = None) -> Table:
    """The composite ranking of `profile` (a Profile, a shipped name or a .toml path) as a Table."""
    if isinstance(profile, str):
        profile = load_profile(profile)
    return result_table(rank_composite(dataset, profile, period, uncertainty, seed, lang=lang), lang, verbose)


def result_table(result: CompositeResult, lang: str, verbose: bool = False) -> Table:
    """Ranked parks best first, then every park not ranked with the reason; one row per park."""
    dataset, profile = result.dataset, result.profile
    names = _park_names(dataset, lang)
    inexact = _inexact(result.figures)
    coverage = (result.coverage * 100).round(1).to_dict()
    rows = []
    ranks = result.ranks.to_numpy()
    for position, (park, score) in enumerate(result.scores.items()):
        lacking = result.lacking.get(park)
        rows.append(
            {
                "rank": int(ranks[position]),
                "park": park,
                "name": names[park],
                "score": round(float(score), SCORE_DECIMALS),
                "coverage": coverage[park],
                "inexact": inexact.get(park, ""),
                "note": _rescaled(lacking) if lacking else "",
            }
        )
    if result.classes is not None:
        for row, label in zip(rows, result.classes):
            row["class"] = label
    if result.simulation is not None:
        _add_intervals(rows, result.simulation)
    if verbose:
        _add_indicator_scores(rows, result)
    minimum = _percent(profile.min_coverage)
    for park in result.coverage.index.difference(result.scores.index, sort=False):
        share = _percent(result.coverage[park])
        reason = Words(f"未排名：覆盖率 {share} 低于 {minimum}", f"not ranked: coverage {share} is below {minimum}")
        lacking = result.lacking.get(park)
        if lacking:
            reason = reason + Words("；缺少 ", "; lacks ") + joined(("、", ", "), lacking)
        rows.append({"park": park, "name": names[park], "coverage": coverage[park], "note": reason})
    scores = result.scores.to_numpy()
    bar = "score" if len(scores) and (scores >= 0).all() else None
    return Table(_columns(result, lang, verbose), rows, notes=list(result.notes), warnings=list(result.warnings), bar=bar)


def _rescaled(lacking) -> Words:
    return Words("权重重新分配，不含 ", "weights re-scaled without ") + joined(("、", ", "), lacking)


def _columns(result: CompositeResult, lang: str, verbose: bool) -> list[Column]:
    columns = [Column("rank", "integer"), Column("park", audience=MACHINE), Column("name", audience=HUMAN, label=("园区", "Park")), Column("score", "number"), Column("coverage", "number")]
    if result.profile.classes:
        columns.append(Column("class"))
    if result.simulation is not None:
        columns += [
            Column("rank_median", "integer"),
            Column("rank_interval", audience=HUMAN, numeric_text=True),
            Column("rank_low", "integer", audience=MACHINE),
            Column("rank_high", "integer", audience=MACHINE),
        ]
    columns.append(Column("inexact"))
    if verbose:
        for indicator in result.profile.ids:
            name = result.dataset.indicator_name(indicator, lang)
            columns += [Column(f"{indicator}.score", "number", label=(name, name)), Column(f"{indicator}.value", "number", audience=MACHINE), Column(f"{indicator}.period", audience=MACHINE)]
    return columns + [Column("note")]


def _park_names(dataset: Dataset, lang: str) -> dict[str, str]:
    parks = dataset.parks
    names = parks["name_en"].where(parks["name_en"] != "", parks["name_zh"]) if lang == "en" else parks["name_zh"]
    return names.to_dict()


def _inexact(figures: pd.DataFrame) -> dict[str, str]:
    """park -> 'indicator >140; …' for the figures that are bounds or approximate."""
    inexact = figures[figures["qualifier"] != "exact"]
    texts = {}
    for row in inexact.itertuples():
        text = f"{row.indicator} {display_value(row.canonical_value, row.qualifier, row.raw if row.formula else '')}"
        texts[row.park] = f"{texts[row.park]}; {text}" if row.park in texts else text
    return texts


def _add_intervals(rows: list[dict], simulation: scoring.Simulation) -> None:
    for row, low, median, high in zip(rows, simulation.low, simulation.median, simulation.high):
        row.update({"rank_median": int(median), "rank_low": int(low), "rank_high": int(high), "rank_interval": f"{low}–{high}"})


def _add_indicator_scores(rows: list[dict], result: CompositeResult) -> None:
    ranked = result.ranked
    periods = result.figures.pivot(index="park", columns="indicator", values="period")
    periods = periods.reindex(index=ranked, columns=result.profile.ids).astype(object).fillna("")
    values = result.values.loc[ranked]
    normalised = result.normalised.round(SCORE_DECIMALS)
    for indicator in result.profile.ids:
        scores, figures, spans = normalised[indicator].to_numpy(), values[indicator].to_numpy(), periods[indicator].to_numpy()
        for row, score, value, period in zip(rows, scores, figures, spans):
            row[f"{indicator}.score"] = None if np.isnan(score) else float(score)
            row[f"{indicator}.value"] = None if np.isnan(value) else float(value)
            row[f"{indicator}.period"] = period


def runs_table(result: CompositeResult) -> Table:
    """One row per uncertainty run: its normalisation, its weights (shares of the whole) and who came first."""
    simulation = result.simulation
    ids, groups = result.profile.ids, [name for name, _ in result.profile.groups]
    parks = np.array(result.ranked)
    rows = []
    for run in range(len(simulation.methods)):
        row = {"run": run + 1, "normalize": simulation.methods[run], "first": "|".join(sorted(parks[simulation.ranks[:, run] == 1]))}
        row.update({f"weight.{i}": round(float(w), 6) for i, w in zip(ids, simulation.weights[run])})
        row.update({f"group.{g}": round(float(w), 6) for g, w in zip(groups, simulation.group_weights[run])})
        rows.append(row)
    columns = [Column("run", "integer"), Column("normalize")]
    columns += [Column(f"weight.{i}", "number") for i in ids] + [Column(f"group.{g}", "number") for g in groups]
    columns.append(Column("first"))
    return Table(columns, rows)
