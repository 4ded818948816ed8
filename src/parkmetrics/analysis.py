"""Questions asked of a Dataset: show one park, compare parks, rank by an indicator.

Every function returns a `Table`. Which figure stands for a park is decided in
one place (`headline_figures`): actual before target, whole park before a part,
the latest period, and of equal ends the longer span. Whatever that choice
leaves out is said in a note, never dropped silently.
"""

from __future__ import annotations

from collections import namedtuple

import pandas as pd

from . import schema
from .dataset import Dataset
from .derived import derive
from .figures import QUALIFIER_MARKS, format_number
from .periods import comparability, parse_period
from .table import HUMAN, MACHINE, Column, Table
from .units import round_significant

BOUNDS = ("at_least", "at_most")
PART_MARK = "†"
LEGEND = "marks: >N more than N, <N less than N, ~N about N (as the source words it)"
TARGET_MARK = "*"
DERIVED_MARK = "ƒ"
DERIVED_DIGITS = 6  # significant digits shown for a derived ratio (the machine value keeps them all)
DERIVED_NOTE = f"{DERIVED_MARK} derived: computed from two stored figures of the same scope and matching periods"
ESTIMATE_MARK = "‡"
STATUS_MARKS = {schema.TARGET: TARGET_MARK, schema.ESTIMATE: ESTIMATE_MARK}
STATUS_NOTES = {schema.TARGET: f"{TARGET_MARK} target, not an actual figure",
                schema.ESTIMATE: f"{ESTIMATE_MARK} estimate (预计), not an actual figure"}


def _name_column(lang: str) -> str:
    return "name_en" if lang == "en" else "name_zh"


def display_value(value: float, qualifier: str, formula: str = "") -> str:
    """'>140' for 超140, '~2800' for 近2800, '143' for an exact figure; a derived ratio to 6 significant digits."""
    shown = round_significant(value, DERIVED_DIGITS) if formula else value
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
    ordered = rule.assign(_part=rule["scope"] != schema.WHOLE_PARK).sort_values(
        ["_part", "period_end", "period_start"], ascending=[True, False, True], kind="stable"
    )
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
    rows = [
        {**park, "name": name or park["name_zh"], "figures": int(count)}
        for park, name, count in zip(details, parks[_name_column(lang)], counts)
    ]
    columns = [Column("id"), Column("name", audience=HUMAN), Column("name_zh", audience=MACHINE), Column("name_en", audience=MACHINE)]
    columns += [Column(key) for key in ("kind", "level", "province", "city")] + [Column("figures", "integer")]
    return Table(columns, rows)


def indicators_table(dataset: Dataset, lang: str) -> Table:
    coverage = dataset.observations.groupby("indicator")["park"].nunique()
    rows = [
        {
            **{column: indicator[column] for column in ("id", "name_zh", "name_en", "unit", "measure", "direction", "core")},
            "name": indicator[_name_column(lang)] or indicator["name_zh"],
            "parks": int(coverage.get(indicator_id, 0)),
        }
        for indicator_id, indicator in dataset.indicators.iterrows()
    ]
    columns = [Column("id"), Column("name", audience=HUMAN), Column("name_zh", audience=MACHINE), Column("name_en", audience=MACHINE)]
    columns += [Column(key) for key in ("unit", "measure", "direction", "core")] + [Column("parks", "integer")]
    return Table(columns, rows)


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


def with_derived(dataset: Dataset, parks: list[str], indicators=None) -> tuple[Dataset, list[str]]:
    """The dataset with derived figures, and notes on the pairs of these parks that could not be combined."""
    derived = derive(dataset)
    skipped = derived.skipped[derived.skipped["park"].isin(parks)]
    if indicators:
        skipped = skipped[skipped["indicator"].isin(indicators)]
    skipped = skipped.sort_values("park", key=lambda ids: ids.map(parks.index), kind="stable")
    notes = [DERIVED_NOTE]
    notes += [f"not derived: {row.park} {row.indicator} ({row.scope}): {row.reason}" for row in skipped.itertuples()]
    return derived.dataset, notes


def show_table(dataset: Dataset, park: str, lang: str, with_sources: bool = False, derived: bool = False) -> Table:
    """Every figure of one park, in indicator order, with its period, scope and status; derived ones if asked."""
    derived_notes = []
    if derived:
        dataset, derived_notes = with_derived(dataset, [park])
    frame = _sorted_by_indicator(dataset, _rows_with(dataset.observations, "park", park))
    names = dataset.indicators[_name_column(lang)]
    rows = []
    for _, row in frame.iterrows():
        rows.append(
            {
                "indicator": row["indicator"],
                "name": names[row["indicator"]] or dataset.indicators.at[row["indicator"], "name_zh"],
                "value": row["canonical_value"],
                "display": display_value(row["canonical_value"], row["qualifier"], row.get("formula", "")),
                "unit": row["canonical_unit"],
                "qualifier": row["qualifier"],
                "period": row["period"],
                "scope": row["scope"],
                "status": row["status"],
                "source": row["source"],
                "quote": row["quote"] or "(unquoted)",
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
    notes = ([] if frame.empty else [LEGEND]) + derived_notes
    warnings = [] if not frame.empty else [f"{park} has no figures in this dataset"]
    return Table(columns, rows, notes=notes, warnings=warnings)


def compare_table(
    dataset: Dataset,
    parks: list[str],
    lang: str,
    indicators: list[str] | None = None,
    common: bool = False,
    include_targets: bool = False,
    derived: bool = False,
) -> Table:
    """Indicators down, parks across; with two parks, a ratio where the figures compare; derived ones if asked."""
    derived_notes = []
    if derived:
        dataset, derived_notes = with_derived(dataset, parks, indicators)
    observations = dataset.observations[dataset.observations["park"].isin(parks)]
    if indicators:
        observations = observations[observations["indicator"].isin(indicators)]
    if not include_targets:
        observations = observations[observations["status"] == schema.ACTUAL]
    chosen = headline_figures(observations)
    fields = ["park", "indicator", "status", "scope", "canonical_value", "qualifier", "period"]
    fields += ["formula"] if "formula" in chosen else []
    cells = {(row.park, row.indicator, row.status): row for row in _tuples(chosen, fields)}
    keys = _sorted_by_indicator(dataset, chosen.drop_duplicates(["indicator", "status"]))[["indicator", "status"]]
    if common:
        present = chosen.groupby(["indicator", "status"])["park"].nunique()
        keys = keys[[present[(i, s)] == len(parks) for i, s in keys.itertuples(index=False)]]

    rows = [_compare_row(dataset, parks, cells, indicator, status, lang) for indicator, status in keys.itertuples(index=False)]
    columns = _compare_columns(dataset, parks, lang)
    notes, warnings = _compare_notes(dataset, parks, observations, chosen, rows)
    notes += derived_notes if any(row["name"].endswith(DERIVED_MARK) for row in rows) else derived_notes[1:]
    return Table(columns, rows, notes=notes, warnings=warnings)


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
        row[park] = f"{display_value(cell.canonical_value, cell.qualifier, getattr(cell, 'formula', ''))} ({cell.period}){mark}"
        row.update({
            f"{park}.value": cell.canonical_value,
            f"{park}.qualifier": cell.qualifier,
            f"{park}.period": cell.period,
            f"{park}.scope": cell.scope,
        })
    if len(parks) == 2:
        first, second = (cells.get((park, indicator, status)) for park in parks)
        measure = dataset.indicators.at[indicator, "measure"]
        row["ratio"], row["comparison"] = pair_comparison(first, second, measure)
    return row


def pair_comparison(first, second, measure: str) -> tuple[float | None, str]:
    """The ratio first/second when the two figures can be compared, else why not."""
    if first is None or second is None:
        return None, "not in both"
    if first.scope != second.scope:
        return None, f"different scope ({first.scope} vs {second.scope})"
    bounds = [figure for figure in (first, second) if figure.qualifier in BOUNDS]
    if bounds:
        return None, "bound vs exact" if len(bounds) == 1 else "both are bounds"
    comparable, reason = comparability(parse_period(first.period), parse_period(second.period), stock=measure == "stock")
    if not comparable:
        return None, reason
    notes = [reason] if reason else []
    if "approx" in (first.qualifier, second.qualifier):
        notes.append("approximate")
    if measure == "rate":
        difference = first.canonical_value - second.canonical_value
        return None, "; ".join([f"difference {difference:+.2f} percentage points", *notes])
    if measure == "rank":  # places in a league table: a ratio of places means nothing
        difference = first.canonical_value - second.canonical_value
        return None, "; ".join([f"{abs(difference):g} places {'behind' if difference > 0 else 'ahead'}" if difference else "same place", *notes])
    if second.canonical_value == 0:
        return None, "; ".join(["second figure is zero", *notes])
    return round(first.canonical_value / second.canonical_value, 4), "; ".join(notes) or "comparable"


def _compare_notes(dataset: Dataset, parks, observations, chosen, rows) -> tuple[list[str], list[str]]:
    notes = [LEGEND]
    notes += [note for status, note in STATUS_NOTES.items() if any(row["status"] == status for row in rows)]
    parts = chosen[chosen["scope"] != schema.WHOLE_PARK]
    parts = _sorted_by_indicator(dataset, parts).sort_values("park", key=lambda ids: ids.map(parks.index), kind="stable")
    for row in parts.itertuples(index=False):
        notes.append(f"{PART_MARK} {row.park} {row.indicator}: covers {row.scope} only, not the whole park")
    hidden = len(observations) - len(chosen)
    warnings = []
    if hidden:
        warnings.append(
            f"{hidden} other figure(s) of these parks (earlier periods or other scopes) are not shown; "
            f"see `parkmetrics show PARK`"
        )
    return notes, warnings


def ranking_figures(observations: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """The figure each park is ranked by, per indicator: its headline whole-park actual figure."""
    actual = observations[observations["status"] == schema.ACTUAL]
    return headline_figures(actual, period=period, whole_park_only=True)


def unranked_reasons(observations: pd.DataFrame, chosen: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Why each (park, indicator) that has figures has none among `chosen`: columns park, indicator, reason."""
    keys = ["park", "indicator"]
    kept = pd.MultiIndex.from_frame(chosen[keys]) if not chosen.empty else pd.MultiIndex.from_tuples([], names=keys)
    left_out = observations[~pd.MultiIndex.from_frame(observations[keys]).isin(kept)]
    rows = []
    for (park, indicator), figures in left_out.groupby(keys, sort=True):
        reasons = []
        if period is not None and not (figures["period"] == period).any():
            reasons.append(f"no figure for {period}")
        else:
            scopes = sorted(set(figures.loc[figures["scope"] != schema.WHOLE_PARK, "scope"]))
            if scopes:
                reasons.append(f"only part-zone figures ({', '.join(scopes)})")
            if (figures["status"] == schema.TARGET).any():
                reasons.append("targets are not ranked")
            if (figures["status"] == schema.ESTIMATE).any():
                reasons.append("estimates are not ranked")
        rows.append({"park": park, "indicator": indicator, "reason": "; ".join(reasons)})
    return pd.DataFrame(rows, columns=[*keys, "reason"])


def rank_table(dataset: Dataset, indicator: str, lang: str, period: str | None = None) -> Table:
    """Parks ordered by the indicator's direction, standard competition ranking for ties."""
    if period is not None:
        parse_period(period)
    direction = dataset.indicators.at[indicator, "direction"]
    observations = _rows_with(dataset.observations, "indicator", indicator)
    observations = observations[~observations["park"].isin(dataset.groups)]  # a total of many zones is not one zone
    chosen = ranking_figures(observations, period)
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
    return Table(columns, rows, notes=_rank_notes(rows), warnings=_rank_warnings(chosen, observations, direction, period), bar="value")


def _rank_notes(rows) -> list[str]:
    if any(row["qualifier"] != "exact" for row in rows):
        return [LEGEND, "bounds are ranked at their stated value"]
    return []


MAX_LISTED = 6  # items a message names before it says "and N more": a warning stays one readable line


def short_listing(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _rank_warnings(chosen, observations, direction: str, period: str | None) -> list[str]:
    warnings = []
    periods = sorted(set(chosen["period"].tolist()))
    if len(periods) > 1:
        listing = short_listing([f"{park} {period}" for park, period in zip(chosen["park"].tolist(), chosen["period"].tolist())])
        warnings.append(f"the ranked figures mix periods ({listing}); use --period to rank one period")
    if direction == "neutral":
        warnings.append("this indicator has no better direction; parks are ordered largest first")
    for row in unranked_reasons(observations, chosen, period).itertuples(index=False):
        warnings.append(f"not ranked: {row.park} ({row.reason})")
    if chosen.empty:
        warnings.append("no park has a whole-park actual figure for this indicator" + (f" in {period}" if period else ""))
    return warnings
