"""Questions asked of a Dataset: show one park, compare parks, rank by an indicator.

Every function returns a `Table`. Which figure stands for a park is decided in
one place (`headline_figures`): actual before target, whole park before a part,
the latest period, and of equal ends the longer span. Whatever that choice
leaves out is said in a note, never dropped silently.
"""

from __future__ import annotations

from collections import namedtuple

import pandas as pd

from ..core.figures import QUALIFIER_MARKS, format_number
from ..core.i18n import Words, joined, pick, term
from ..core.periods import comparability, parse_period
from ..core.table import HUMAN, MACHINE, Column, Table
from ..core.units import round_significant
from ..data import schema
from ..data.model import Dataset
from .derived import derive, shown_digits

BOUNDS = ("at_least", "at_most")
PART_MARK = "†"
LEGEND = ("标记：>N 为超过N，<N 为不足N，~N 为约N（按原文的说法）", "marks: >N more than N, <N less than N, ~N about N (as the source words it)")
TARGET_MARK = "*"
DERIVED_MARK = "ƒ"
DERIVED_NOTE = (f"{DERIVED_MARK} 派生：由同一范围、期间相符的两个已存数字算出", f"{DERIVED_MARK} derived: computed from two stored figures of the same scope and matching periods")
ESTIMATE_MARK = "‡"
CORE_MARK = "★"
CORE_NOTE = (f"{CORE_MARK} 核心指标：园区最常公布的 {{}} 项，列在最前", f"{CORE_MARK} core indicator: the {{}} that zones report most, listed first")
STATUS_MARKS = {schema.TARGET: TARGET_MARK, schema.ESTIMATE: ESTIMATE_MARK}
STATUS_NOTES = {
    schema.TARGET: (f"{TARGET_MARK} 目标，不是实际数字", f"{TARGET_MARK} target, not an actual figure"),
    schema.ESTIMATE: (f"{ESTIMATE_MARK} 预计数，不是实际数字", f"{ESTIMATE_MARK} estimate, not an actual figure"),
}


def _name_column(lang: str) -> str:
    return "name_en" if lang == "en" else "name_zh"


def display_value(value: float, qualifier: str, derived_from: str = "") -> str:
    """'>140' for 超140, '~2800' for 近2800, '143' for an exact figure; a derived ratio to as many significant
    digits as its less precise input states (derived_from is its raw, '2.78亿元 ÷ 107.75亿元': 2.58, not 2.58005)."""
    shown = round_significant(value, shown_digits(derived_from)) if derived_from else value
    return f"{QUALIFIER_MARKS.get(qualifier, '')}{format_number(shown, grouping=True)}"


def figure_columns() -> list[Column]:
    """A figure as machines read it (value, qualifier) and as people do ('>140'), with unit and period."""
    return [
        Column("value", "number", audience=MACHINE),
        Column("display", audience=HUMAN, label=("数值", "Value"), numeric_text=True),
        Column("unit"),
        Column("qualifier", audience=MACHINE),
        Column("period"),
    ]


def headline_figures(observations: pd.DataFrame, period: str | None = None, whole_park_only: bool = False) -> pd.DataFrame:
    """One figure per (park, indicator, status): the one that best stands for the park."""
    frame = observations
    if period is not None:
        frame = frame[frame["period"] == period]
    if whole_park_only:
        frame = frame[frame["scope"] == schema.WHOLE_PARK]
    # Sort and de-duplicate only the columns the rule reads, then take the chosen rows once.
    rule = frame[["scope", "period_end", "period_start", "park", "indicator", "status"]].reset_index(drop=True)
    ordered = rule.assign(_part=rule["scope"] != schema.WHOLE_PARK).sort_values(["_part", "period_end", "period_start"], ascending=[True, False, True], kind="stable")
    return frame.iloc[ordered.index[~ordered.duplicated(["park", "indicator", "status"], keep="first")]]


def _rows_with(frame: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """frame[frame[column] == value], comparing the column's Python strings directly (four times faster)."""
    return frame[frame[column].to_numpy() == value]


def _records(frame: pd.DataFrame, columns) -> list[dict]:
    """frame[columns].to_dict("records") without pandas' per-cell boxing: a million rows in about a second."""
    values = [frame[column].tolist() for column in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _tuples(frame: pd.DataFrame, columns) -> list:
    """frame[columns].itertuples(index=False), read column by column: pandas reads text cells one call at a time."""
    row_type = namedtuple("Figure", columns)
    return list(map(row_type._make, zip(*(frame[column].tolist() for column in columns))))


def parks_table(dataset: Dataset, lang: str) -> Table:
    parks = dataset.parks
    counts = dataset.observations["park"].value_counts().reindex(parks.index, fill_value=0)
    details = _records(parks, ["id", "name_zh", "name_en", "kind", "level", "province", "city"])
    rows = [{**park, "name": name or park["name_zh"], "figures": int(count)} for park, name, count in zip(details, parks[_name_column(lang)], counts)]
    columns = [Column("id"), Column("name", audience=HUMAN), Column("name_zh", audience=MACHINE), Column("name_en", audience=MACHINE)]
    columns += [Column(key) for key in ("kind", "level", "province", "city")] + [Column("figures", "integer")]
    return Table(columns, rows)


def indicators_table(dataset: Dataset, lang: str) -> Table:
    coverage = dataset.observations.groupby("indicator")["park"].nunique()
    rows = [
        {
            **{column: indicator[column] for column in ("id", "name_zh", "name_en", "unit", "measure", "direction", "core")},
            "name": (indicator[_name_column(lang)] or indicator["name_zh"]) + (f" {CORE_MARK}" if indicator["core"] else ""),
            "parks": int(coverage.get(indicator_id, 0)),
        }
        for indicator_id, indicator in dataset.indicators.iterrows()
    ]
    columns = [Column("id"), Column("name", audience=HUMAN), Column("name_zh", audience=MACHINE), Column("name_en", audience=MACHINE)]
    columns += [Column(key) for key in ("unit", "measure", "direction")] + [Column("core", audience=MACHINE), Column("parks", "integer")]
    core = dataset.core_indicators
    notes = [pick(CORE_NOTE, lang).format(len(core))] if core else []
    return Table(columns, rows, notes=notes)


def _indicator_order(dataset: Dataset) -> dict[str, int]:
    return {indicator_id: position for position, indicator_id in enumerate(dataset.indicators.index)}


def _sorted_by_indicator(dataset: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    order = _indicator_order(dataset)
    keys = frame[["status", "scope", "period_start"]].reset_index(drop=True)
    keys = keys.assign(_order=frame["indicator"].map(order).to_numpy())
    return frame.iloc[keys.sort_values(["_order", "status", "scope", "period_start"], kind="stable").index]


def select_observations(dataset: Dataset, parks=None, indicators=None) -> pd.DataFrame:
    """The observations of these parks and indicators (all when None)."""
    frame = dataset.observations
    if parks:
        frame = frame[frame["park"].isin(parks)]
    if indicators:
        frame = frame[frame["indicator"].isin(indicators)]
    return frame


def data_table(dataset: Dataset, parks=None, indicators=None) -> Table:
    """The observations in canonical units: the `data` command's stable contract."""
    frame = select_observations(dataset, parks, indicators)
    frame = frame.rename(columns={"value": "value_as_written", "unit": "unit_as_written"})
    frame = frame.rename(columns={"canonical_value": "value", "canonical_unit": "unit"})
    rows = _records(frame, schema.DATA_COLUMNS)
    columns = [Column(key, "number" if key == "value" else "text") for key in schema.DATA_COLUMNS]
    return Table(columns, rows)


def with_derived(dataset: Dataset, parks: list[str], lang: str, indicators=None) -> tuple[Dataset, list[str]]:
    """The dataset with derived figures, and notes on the pairs of these parks that could not be combined."""
    derived = derive(dataset)
    skipped = derived.skipped[derived.skipped["park"].isin(parks)]
    if indicators:
        skipped = skipped[skipped["indicator"].isin(indicators)]
    skipped = skipped.sort_values("park", key=lambda ids: ids.map(parks.index), kind="stable")
    notes = [pick(DERIVED_NOTE, lang)]
    notes += [
        pick((f"未派生：{row.park} {row.indicator}（{_scope(row.scope, lang)}）：{row.reason.zh}", f"not derived: {row.park} {row.indicator} ({_scope(row.scope, lang)}): {row.reason}"), lang)
        for row in skipped.itertuples()
    ]
    return derived.dataset, notes


def show_table(dataset: Dataset, park: str, lang: str, with_sources: bool = False, derived: bool = False) -> Table:
    """Every figure of one park, in indicator order, with its period, scope and status; derived ones if asked."""
    derived_notes = []
    if derived:
        dataset, derived_notes = with_derived(dataset, [park], lang)
    frame = _sorted_by_indicator(dataset, _rows_with(dataset.observations, "park", park))
    names = dataset.indicators[_name_column(lang)]
    rows = []
    for _, row in frame.iterrows():
        rows.append(
            {
                "indicator": row["indicator"],
                "name": names[row["indicator"]] or dataset.indicators.at[row["indicator"], "name_zh"],
                "value": row["canonical_value"],
                "display": display_value(row["canonical_value"], row["qualifier"], row["raw"] if row.get("formula") else ""),
                "unit": row["canonical_unit"],
                "qualifier": row["qualifier"],
                "period": row["period"],
                "scope": row["scope"],
                "status": row["status"],
                "source": row["source"],
                "quote": row["quote"],
                "formula": row.get("formula", ""),
            }
        )
    columns = [
        Column("indicator", audience=MACHINE),
        Column("name", audience=HUMAN, label=("指标", "Indicator")),
        *figure_columns(),
        Column("scope"),
        Column("status"),
    ]
    if derived:
        columns.append(Column("formula"))
    if with_sources:
        columns += [Column("source"), Column("quote")]
    notes = ([] if frame.empty else [pick(LEGEND, lang)]) + derived_notes
    warnings = [] if not frame.empty else [pick((f"{park} 在此数据集中没有数据", f"{park} has no figures in this dataset"), lang)]
    return Table(columns, rows, notes=notes, warnings=warnings)


def compare_table(
    dataset: Dataset,
    parks: list[str],
    lang: str,
    indicators: list[str] | None = None,
    common: bool = False,
    include_targets: bool = False,
    derived: bool = False,
    period: str | None = None,
    year: int | None = None,
) -> Table:
    """Indicators down, parks across; with two parks, a ratio where the figures compare; derived ones if asked.

    Without period or year, an indicator is compared for the latest period every park has a figure
    for, when there is one, and a note says so where a park has a later figure.
    """
    derived_notes = []
    if derived:
        dataset, derived_notes = with_derived(dataset, parks, lang, indicators)
    if period is not None:
        period = parse_period(period).text
    observations = dataset.observations[dataset.observations["park"].isin(parks)]
    if indicators:
        observations = observations[observations["indicator"].isin(indicators)]
    if not include_targets:
        observations = observations[observations["status"] == schema.ACTUAL]
    if year is not None:
        observations = observations[observations["period_end"].astype(str).str.startswith(f"{year:04d}-").to_numpy()]
    latest = headline_figures(observations, period=period)
    chosen, shared_notes = _shared_periods(observations, latest, parks, lang) if period is None else (latest, [])
    fields = ["park", "indicator", "status", "scope", "canonical_value", "qualifier", "period"]
    fields += ["formula", "raw"] if "formula" in chosen else []
    cells = {(row.park, row.indicator, row.status): row for row in _tuples(chosen, fields)}
    keys = _sorted_by_indicator(dataset, chosen.drop_duplicates(["indicator", "status"]))[["indicator", "status"]]
    if common:
        present = chosen.groupby(["indicator", "status"])["park"].nunique()
        keys = keys[[present[(i, s)] == len(parks) for i, s in keys.itertuples(index=False)]]

    rows = [_compare_row(dataset, parks, cells, indicator, status, lang) for indicator, status in keys.itertuples(index=False)]
    columns = _compare_columns(dataset, parks, lang)
    notes, warnings = _compare_notes(dataset, parks, observations, chosen, rows, lang)
    notes += shared_notes
    notes += _per_member_notes(dataset, [park for park in parks if park in dataset.groups], chosen, lang)
    notes += derived_notes if any(row["name"].endswith(DERIVED_MARK) for row in rows) else derived_notes[1:]
    if chosen.empty and (period is not None or year is not None):
        asked = period if period is not None else str(year)
        warnings.append(pick((f"这些园区在 {asked} 没有数字", f"these parks have no figures for {asked}"), lang))
    return Table(columns, rows, notes=notes, warnings=warnings)


MEMBERS = "member_zones"  # the indicator that counts a benchmark group's zones


def _per_member_notes(dataset: Dataset, groups: list[str], chosen: pd.DataFrame, lang: str) -> list[str]:
    """For a benchmark group, each flow or stock total divided by the zones it counts that year: the average zone.

    Only where the group's member count is stated for the same year; the average is computed, never stored.
    """
    notes = []
    counts = dataset.observations[(dataset.observations["indicator"] == MEMBERS) & dataset.observations["park"].isin(groups)]
    members = {(row.park, row.period[:4]): row.canonical_value for row in _tuples(counts, ["park", "period", "canonical_value"])}
    measures = dataset.indicators["measure"]
    figures = chosen[chosen["park"].isin(groups) & (chosen["indicator"] != MEMBERS)]
    for row in _tuples(figures, ["park", "indicator", "period", "canonical_value", "canonical_unit", "qualifier"]):
        count = members.get((row.park, row.period[:4]))
        if count is None or measures[row.indicator] not in ("flow", "stock"):
            continue
        average = format_number(round_significant(row.canonical_value / count, 4), grouping=True)
        total, unit = display_value(row.canonical_value, row.qualifier), term(row.canonical_unit, lang)
        notes.append(
            pick(
                (
                    f"{DERIVED_MARK} {row.park} {row.indicator}（{row.period}）：{total} {unit}，{count:g} 个园区，平均每个园区 {average} {unit}",
                    f"{DERIVED_MARK} {row.park} {row.indicator} ({row.period}): {total} {unit} over {count:g} zones, {average} {unit} per zone on average",
                ),
                lang,
            )
        )
    return notes


def _shared_periods(observations: pd.DataFrame, latest: pd.DataFrame, parks: list[str], lang: str):
    """Each indicator's figures for the latest period all the parks have, where a park's latest figure is later.

    Returns the chosen figures and a note per indicator saying which period was picked and why.
    """
    if len(parks) < 2 or latest.empty:
        return latest, []
    # A park's figures count only in the scope of its latest one: the whole park is never traded for a part.
    scopes = dict(zip(zip(latest["park"].tolist(), latest["indicator"].tolist(), latest["status"].tolist()), latest["scope"].tolist()))
    owners: dict[tuple, set] = {}
    keys = list(zip(observations["indicator"].tolist(), observations["status"].tolist()))
    periods, scope_of = observations["period"].tolist(), observations["scope"].tolist()
    for key, park, period, scope in zip(keys, observations["park"].tolist(), periods, scope_of):
        if scopes.get((park, *key)) == scope:
            owners.setdefault((*key, period), set()).add(park)
    best: dict[tuple, str] = {}
    for (indicator, status, period), owning in owners.items():
        if len(owning) == len(parks):
            known = best.get((indicator, status))
            if known is None or _later(period, known):
                best[(indicator, status)] = period
    shown = list(zip(latest["indicator"].tolist(), latest["status"].tolist(), latest["period"].tolist()))
    moved = {(indicator, status) for indicator, status, period in shown if best.get((indicator, status), period) != period}
    if not moved:
        return latest, []
    parks_of = observations["park"].tolist()
    replacement = headline_figures(observations[[key in moved and period == best[key] and scopes.get((park, *key)) == scope for key, period, park, scope in zip(keys, periods, parks_of, scope_of)]])
    kept = latest[[(indicator, status) not in moved for indicator, status, _ in shown]]
    notes = []
    for key in sorted(moved, key=keys.index):
        later = [f"{park} {period}" for park, (indicator, status, period) in zip(latest["park"].tolist(), shown) if (indicator, status) == key and period != best[key]]
        notes.append(
            pick(
                (
                    f"{key[0]}：按 {best[key]} 比较，这是各园区都有的最近期间（更近的数字：{short_listing(later, 'zh')}）",
                    f"{key[0]}: compared for {best[key]}, the latest period every park has (later figures: {short_listing(later)})",
                ),
                lang,
            )
        )
    return pd.concat([kept, replacement]), notes


def _later(period: str, other: str) -> bool:
    """Whether `period` stands before `other` as a headline: a later end, or of equal ends the longer span."""
    a, b = parse_period(period), parse_period(other)
    return (a.end, b.start) > (b.end, a.start)


def _compare_columns(dataset: Dataset, parks: list[str], lang: str) -> list[Column]:
    columns = [
        Column("indicator", audience=MACHINE),
        Column("name", audience=HUMAN, label=("指标", "Indicator")),
        Column("unit"),
        Column("status", audience=MACHINE),
    ]
    for park in parks:
        name = dataset.park_name(park, lang)
        columns.append(Column(park, audience=HUMAN, label=(name, name), numeric_text=True))
        columns += [
            Column(f"{park}.value", "number", audience=MACHINE),
            Column(f"{park}.qualifier", audience=MACHINE),
            Column(f"{park}.period", audience=MACHINE),
            Column(f"{park}.scope", audience=MACHINE),
        ]
    if len(parks) == 2:
        columns += [Column("ratio", "number"), Column("comparison")]
    return columns


def _compare_row(dataset: Dataset, parks, cells, indicator: str, status: str, lang: str) -> dict:
    name = dataset.indicator_name(indicator, lang)
    if "formula" in dataset.indicators and dataset.indicators.at[indicator, "formula"]:
        name += f" {DERIVED_MARK}"
    row = {
        "indicator": indicator,
        "name": name + (f" {STATUS_MARKS[status]}" if status in STATUS_MARKS else ""),
        "unit": dataset.indicators.at[indicator, "unit"],
        "status": status,
    }
    for park in parks:
        cell = cells.get((park, indicator, status))
        if cell is None:
            row.update({park: "", f"{park}.value": None, f"{park}.qualifier": "", f"{park}.period": "", f"{park}.scope": ""})
            continue
        mark = PART_MARK if cell.scope != schema.WHOLE_PARK else ""
        derived_from = cell.raw if getattr(cell, "formula", "") else ""
        row[park] = f"{display_value(cell.canonical_value, cell.qualifier, derived_from)} ({cell.period}){mark}"
        row.update(
            {
                f"{park}.value": cell.canonical_value,
                f"{park}.qualifier": cell.qualifier,
                f"{park}.period": cell.period,
                f"{park}.scope": cell.scope,
            }
        )
    if len(parks) == 2:
        first, second = (cells.get((park, indicator, status)) for park in parks)
        measure = dataset.indicators.at[indicator, "measure"]
        row["ratio"], row["comparison"] = pair_comparison(first, second, measure)
    return row


def _scope(scope: str, lang: str) -> str:
    from ..core.i18n import term

    return term(scope, lang)


def pair_comparison(first, second, measure: str) -> tuple[float | None, Words]:
    """The ratio first/second when the two figures can be compared, else why not (in both languages)."""
    if first is None or second is None:
        return None, Words("并非两者都有", "not in both")
    if first.scope != second.scope:
        return None, Words(f"范围不同（{_scope(first.scope, 'zh')}／{_scope(second.scope, 'zh')}）", f"different scope ({_scope(first.scope, 'en')} vs {_scope(second.scope, 'en')})")
    bounds = [figure for figure in (first, second) if figure.qualifier in BOUNDS]
    if bounds:
        return None, Words("界限数字与确数", "bound vs exact") if len(bounds) == 1 else Words("两者都是界限数字", "both are bounds")
    comparable, reason = comparability(parse_period(first.period), parse_period(second.period), stock=measure == "stock")
    if not comparable:
        return None, reason
    notes = [reason] if reason else []
    if "approx" in (first.qualifier, second.qualifier):
        notes.append(Words("含约数", "approximate"))
    if measure == "rate":
        difference = first.canonical_value - second.canonical_value
        return None, joined(("；", "; "), [Words(f"相差 {difference:+.2f} 个百分点", f"difference {difference:+.2f} percentage points"), *notes])
    if measure == "rank":  # places in a league table: a ratio of places means nothing
        difference = first.canonical_value - second.canonical_value
        places = abs(difference)
        words = (
            Words(f"落后 {places:g} 位", f"{places:g} places behind") if difference > 0 else Words(f"领先 {places:g} 位", f"{places:g} places ahead") if difference else Words("名次相同", "same place")
        )
        return None, joined(("；", "; "), [words, *notes])
    if second.canonical_value == 0:
        return None, joined(("；", "; "), [Words("第二个数字为零", "second figure is zero"), *notes])
    return round(first.canonical_value / second.canonical_value, 4), joined(("；", "; "), notes) if notes else Words("可比", "comparable")


def _compare_notes(dataset: Dataset, parks, observations, chosen, rows, lang: str) -> tuple[list[str], list[str]]:
    notes = [pick(LEGEND, lang)]
    notes += [pick(note, lang) for status, note in STATUS_NOTES.items() if any(row["status"] == status for row in rows)]
    parts = chosen[chosen["scope"] != schema.WHOLE_PARK]
    parts = _sorted_by_indicator(dataset, parts).sort_values("park", key=lambda ids: ids.map(parks.index), kind="stable")
    for row in parts.itertuples(index=False):
        notes.append(pick((f"{PART_MARK} {row.park} {row.indicator}：只覆盖{row.scope}，不是整个园区", f"{PART_MARK} {row.park} {row.indicator}: covers {row.scope} only, not the whole park"), lang))
    hidden = len(observations) - len(chosen)
    warnings = []
    if hidden:
        warnings.append(
            pick(
                (
                    f"这些园区另有 {hidden} 个数字（其他期间或范围）未显示；见 `parkmetrics show PARK`",
                    f"{hidden} other figure(s) of these parks (other periods or scopes) are not shown; see `parkmetrics show PARK`",
                ),
                lang,
            )
        )
    return notes, warnings


def ranking_figures(observations: pd.DataFrame, period: str | None = None, measures=None) -> pd.DataFrame:
    """The figure each park is ranked by, per indicator: its headline whole-park actual figure.

    measures (indicator -> measure) ranks a flow, rate or ratio over one span length only: the span
    most parks have figures of (of equal counts, the latest), so a five-year total never meets a year.
    """
    actual = observations[(observations["status"] == schema.ACTUAL) & (observations["scope"] == schema.WHOLE_PARK)]
    if period is not None:
        actual = actual[actual["period"] == period]
    if measures is not None:
        actual = _ranked_span_only(actual, measures)
    return headline_figures(actual)


def _span_key(text: str) -> str:
    return "|".join(map(str, parse_period(text).span))


def _ranked_span_only(figures: pd.DataFrame, measures) -> pd.DataFrame:
    """The figures of each non-stock indicator's ranked span (see ranking_figures)."""
    periods = figures["period"].unique().tolist()
    spans = {text: _span_key(text) for text in periods}
    if len(set(spans.values())) < 2:
        return figures
    frame = pd.DataFrame({"indicator": figures["indicator"].to_numpy(), "park": figures["park"].to_numpy(), "span": figures["period"].map(spans).to_numpy(), "end": figures["period_end"].to_numpy()})
    counts = frame.groupby(["indicator", "span"]).agg(parks=("park", "nunique"), end=("end", "max")).reset_index()
    counts = counts.sort_values(["parks", "end", "span"], ascending=[False, False, True], kind="stable")
    ranked = dict(zip(*(counts.drop_duplicates("indicator")[column].tolist() for column in ("indicator", "span"))))
    keep = [measures.get(indicator) == "stock" or span == ranked[indicator] for indicator, span in zip(frame["indicator"].tolist(), frame["span"].tolist())]
    return figures[keep]


def unranked_reasons(observations: pd.DataFrame, chosen: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Why each (park, indicator) that has figures has none among `chosen`: columns park, indicator, reason (Words)."""
    keys = ["park", "indicator"]
    kept = pd.MultiIndex.from_frame(chosen[keys]) if not chosen.empty else pd.MultiIndex.from_tuples([], names=keys)
    left_out = observations[~pd.MultiIndex.from_frame(observations[keys]).isin(kept)]
    ranked_periods = dict(zip(chosen["indicator"].tolist(), chosen["period"].tolist()))
    rows = []
    for (park, indicator), figures in left_out.groupby(keys, sort=True):
        reasons = []
        if period is not None and not (figures["period"] == period).any():
            reasons.append(Words(f"没有 {period} 的数字", f"no figure for {period}"))
        else:
            rankable = figures[(figures["status"] == schema.ACTUAL) & (figures["scope"] == schema.WHOLE_PARK)]
            if period is not None:
                rankable = rankable[rankable["period"] == period]
            if not rankable.empty and indicator in ranked_periods:
                own = sorted(set(rankable["period"]))
                theirs, length = parse_period(ranked_periods[indicator]), parse_period(own[-1])
                reasons.append(
                    Words(
                        f"只有{length.describe_length('zh')}的数字（{', '.join(own)}），排名的数字为{theirs.describe_length('zh')}",
                        f"only figures over {length.describe_length('en')} ({', '.join(own)}); the ranked figures cover {theirs.describe_length('en')}",
                    )
                )
            scopes = sorted(set(figures.loc[figures["scope"] != schema.WHOLE_PARK, "scope"]))
            if scopes and rankable.empty:
                reasons.append(Words(f"只有局部范围的数字（{'、'.join(scopes)}）", f"only part-zone figures ({', '.join(scopes)})"))
            if (figures["status"] == schema.TARGET).any() and rankable.empty:
                reasons.append(Words("目标不参与排名", "targets are not ranked"))
            if (figures["status"] == schema.ESTIMATE).any() and rankable.empty:
                reasons.append(Words("预计数不参与排名", "estimates are not ranked"))
        rows.append({"park": park, "indicator": indicator, "reason": joined(("；", "; "), reasons)})
    return pd.DataFrame(rows, columns=[*keys, "reason"])


def rank_table(dataset: Dataset, indicator: str, lang: str, period: str | None = None) -> Table:
    """Parks ordered by the indicator's direction, standard competition ranking for ties."""
    if period is not None:
        parse_period(period)
    direction = dataset.indicators.at[indicator, "direction"]
    observations = _rows_with(dataset.observations, "indicator", indicator)
    observations = observations[~observations["park"].isin(dataset.groups)]  # a total of many zones is not one zone
    chosen = ranking_figures(observations, period, measures={indicator: dataset.indicators.at[indicator, "measure"]})
    ascending = direction == "lower"
    chosen = chosen.assign(rank=chosen["canonical_value"].rank(method="min", ascending=ascending).astype("Int64"))
    chosen = chosen.sort_values(["rank", "park"], kind="stable")
    names = dict(zip(dataset.parks.index, dataset.parks[_name_column(lang)]))
    shown = _tuples(chosen, ["rank", "park", "canonical_value", "qualifier", "canonical_unit", "period", "source"])
    rows = [
        {
            "rank": int(row.rank),
            "park": row.park,
            "name": names[row.park] or dataset.parks.at[row.park, "name_zh"],
            "value": row.canonical_value,
            "display": display_value(row.canonical_value, row.qualifier),
            "unit": row.canonical_unit,
            "qualifier": row.qualifier,
            "period": row.period,
            "source": row.source,
        }
        for row in shown
    ]
    columns = [
        Column("rank", "integer"),
        Column("park", audience=MACHINE),
        Column("name", audience=HUMAN, label=("园区", "Park")),
        *figure_columns(),
        Column("source"),
    ]
    warnings = _rank_warnings(chosen, observations, direction, period, lang)
    return Table(columns, rows, notes=_rank_notes(rows, lang), warnings=warnings, bar="value")


def _rank_notes(rows, lang: str) -> list[str]:
    if any(row["qualifier"] != "exact" for row in rows):
        return [pick(LEGEND, lang), pick(("界限数字按其所写数值排名", "bounds are ranked at their stated value"), lang)]
    return []


MAX_LISTED = 6  # items a message names before it says "and N more": a warning stays one readable line


def short_listing(items: list[str], lang: str = "en") -> str:
    shown = (", " if lang == "en" else "、").join(items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return shown + (pick((f" 等另外 {more} 个", f" and {more} more"), lang) if more > 0 else "")


def _rank_warnings(chosen, observations, direction: str, period: str | None, lang: str) -> list[str]:
    warnings = []
    periods = sorted(set(chosen["period"].tolist()))
    if len(periods) > 1:
        listing = short_listing([f"{park} {period}" for park, period in zip(chosen["park"].tolist(), chosen["period"].tolist())], lang)
        warnings.append(pick((f"排名的数字来自不同期间（{listing}）；用 --period 只排一个期间", f"the ranked figures mix periods ({listing}); use --period to rank one period"), lang))
    if direction == "neutral":
        warnings.append(pick(("此指标无好坏之分；园区按数值从大到小排列", "this indicator has no better direction; parks are ordered largest first"), lang))
    for row in unranked_reasons(observations, chosen, period).itertuples(index=False):
        warnings.append(pick((f"未排名：{row.park}（{row.reason.zh}）", f"not ranked: {row.park} ({row.reason})"), lang))
    if chosen.empty:
        where = f" in {period}" if period else ""
        warnings.append(pick((f"没有园区有此指标{f' {period} ' if period else ''}覆盖整个园区的实际数字", f"no park has a whole-park actual figure for this indicator{where}"), lang))
    return warnings
