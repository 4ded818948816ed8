"""Questions asked of a Dataset: show one park, compare parks, rank by an indicator.

Every function returns a `Table`. Which figure stands for a park is decided in
one place (`headline_figures`): actual before target, whole park before a part,
the latest period, and of equal ends the longer span. Whatever that choice
leaves out is said in a note, never dropped silently.

The questions are asked of a `Catalogue`: the compiled store (the command line, which
then reads only the rows a question needs, by index) or a Dataset in memory (reports,
notebooks), either one with derived figures added (derived.WithDerived). All hand over plain
Figures, so this module is plain Python, one code path at every size, and never imports pandas.
"""

from __future__ import annotations

from collections import namedtuple

from ..core.figures import QUALIFIER_MARKS, format_number
from ..core.i18n import Words, joined, pick, term
from ..core.periods import comparability, parse_period
from ..core.table import HUMAN, MACHINE, Column, Table
from ..core.units import round_significant
from ..data import schema
from ..data.model import Catalogue, Figure, figures_of, no_cycle_collection
from .derived import shown_digits

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


def headline_positions(figures: list[Figure], period: str | None = None) -> list[int]:
    """One figure per (park, indicator, status), the one that best stands for the park: the positions
    in `figures` of the whole-park figure before a part's, the latest end, of equal ends the longer span."""
    order = [position for position, figure in enumerate(figures) if period is None or figure.period == period]
    # One stable sort by a single number per figure: (part, end from the latest, start from the earliest).
    ends = {end: rank for rank, end in enumerate(sorted({figures[position].period_end for position in order}, reverse=True))}
    starts = {start: rank for rank, start in enumerate(sorted({figures[position].period_start for position in order}))}
    key = {}
    for position in order:
        figure = figures[position]
        key[position] = ((figure.scope != schema.WHOLE_PARK) * len(ends) + ends[figure.period_end]) * len(starts) + starts[figure.period_start]
    order.sort(key=key.__getitem__)
    seen, chosen = set(), []
    for position in order:
        figure = figures[position]
        identity = (figure.park, figure.indicator, figure.status)
        if identity not in seen:
            seen.add(identity)
            chosen.append(position)
    return chosen


def headline_figures(figures: list[Figure], period: str | None = None) -> list[Figure]:
    return [figures[position] for position in headline_positions(figures, period)]


def parks_table(dataset: Catalogue, lang: str) -> Table:
    counts = dataset.figure_counts()
    rows = [
        {
            **{key: park[key] for key in ("id", "name_zh", "name_en", "kind", "level", "province", "city")},
            "name": park[_name_column(lang)] or park["name_zh"],
            "figures": counts.get(park["id"], 0),
        }
        for park in dataset.park_records()
    ]
    columns = [Column("id"), Column("name", audience=HUMAN), Column("name_zh", audience=MACHINE), Column("name_en", audience=MACHINE)]
    columns += [Column(key) for key in ("kind", "level", "province", "city")] + [Column("figures", "integer")]
    return Table(columns, rows)


def indicators_table(dataset: Catalogue, lang: str) -> Table:
    coverage = dataset.indicator_coverage()
    rows = [
        {
            **{column: indicator[column] for column in ("id", "name_zh", "name_en", "unit", "measure", "direction", "core")},
            "name": (indicator[_name_column(lang)] or indicator["name_zh"]) + (f" {CORE_MARK}" if indicator["core"] else ""),
            "parks": coverage.get(indicator["id"], 0),
        }
        for indicator in dataset.indicator_records()
    ]
    columns = [Column("id"), Column("name", audience=HUMAN), Column("name_zh", audience=MACHINE), Column("name_en", audience=MACHINE)]
    columns += [Column(key) for key in ("unit", "measure", "direction")] + [Column("core", audience=MACHINE), Column("parks", "integer")]
    core = dataset.core_indicators
    notes = [pick(CORE_NOTE, lang).format(len(core))] if core else []
    return Table(columns, rows, notes=notes)


def _sorted_by_indicator(dataset: Catalogue, figures: list[Figure]) -> list[Figure]:
    """In indicator order (the file's), then status, scope and start; otherwise as given."""
    order = dataset.indicator_order()
    return sorted(figures, key=lambda figure: (order[figure.indicator], figure.status, figure.scope, figure.period_start))


DATA_FIELDS = {"value": "canonical_value", "unit": "canonical_unit"}  # data column -> Figure field


@no_cycle_collection()
def data_table(dataset: Catalogue, parks=None, indicators=None, streamed: bool = False) -> Table:
    """The observations in canonical units: the `data` command's stable contract.

    streamed: as records read once, for machine formats (see Table.records), instead of rows.
    """
    records = dataset.figure_rows(parks or None, indicators or None, [DATA_FIELDS.get(key, key) for key in schema.DATA_COLUMNS])
    columns = [Column(key, "number" if key == "value" else "text") for key in schema.DATA_COLUMNS]
    if streamed:
        return Table(columns, records=records)
    return Table(columns, [dict(zip(schema.DATA_COLUMNS, record)) for record in records])


def with_derived(dataset: Catalogue, parks: list[str], lang: str, indicators=None) -> tuple[Catalogue, list[str]]:
    """The catalogue with these parks' derived figures, and notes on their pairs that could not be combined."""
    from .derived import WithDerived

    derived = WithDerived(dataset, parks)
    skipped = [row for row in derived.skipped if not indicators or row.indicator in indicators]
    skipped.sort(key=lambda row: parks.index(row.park))
    notes = [pick(DERIVED_NOTE, lang)]
    notes += [
        pick((f"未派生：{row.park} {row.indicator}（{_scope(row.scope, lang)}）：{row.reason.zh}", f"not derived: {row.park} {row.indicator} ({_scope(row.scope, lang)}): {row.reason}"), lang)
        for row in skipped
    ]
    return derived, notes


def show_table(dataset: Catalogue, park: str, lang: str, with_sources: bool = False, derived: bool = False) -> Table:
    """Every figure of one park, in indicator order, with its period, scope and status; derived ones if asked."""
    derived_notes = []
    if derived:
        dataset, derived_notes = with_derived(dataset, [park], lang)
    figures = _sorted_by_indicator(dataset, dataset.figures([park]))
    rows = [
        {
            "indicator": figure.indicator,
            "name": dataset.indicator_name(figure.indicator, lang),
            "value": figure.canonical_value,
            "display": display_value(figure.canonical_value, figure.qualifier, figure.raw if figure.formula else ""),
            "unit": figure.canonical_unit,
            "qualifier": figure.qualifier,
            "period": figure.period,
            "scope": figure.scope,
            "status": figure.status,
            "source": figure.source,
            "quote": figure.quote,
            "formula": figure.formula,
        }
        for figure in figures
    ]
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
    notes = ([pick(LEGEND, lang)] if figures else []) + derived_notes
    warnings = [] if figures else [pick((f"{park} 在此数据集中没有数据", f"{park} has no figures in this dataset"), lang)]
    return Table(columns, rows, notes=notes, warnings=warnings)


@no_cycle_collection()
def compare_table(
    dataset: Catalogue,
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
    observations = dataset.figures(parks, indicators or None)
    if not include_targets:
        observations = [figure for figure in observations if figure.status == schema.ACTUAL]
    if year is not None:
        observations = [figure for figure in observations if figure.period_end.startswith(f"{year:04d}-")]
    latest = headline_figures(observations, period=period)
    chosen, shared_notes = _shared_periods(observations, latest, parks, lang) if period is None else (latest, [])
    cells = {(figure.park, figure.indicator, figure.status): figure for figure in chosen}
    order = dataset.indicator_order()
    keys = sorted({(figure.indicator, figure.status) for figure in chosen}, key=lambda key: (order[key[0]], key[1]))
    if common:
        present: dict[tuple, set] = {}
        for figure in chosen:
            present.setdefault((figure.indicator, figure.status), set()).add(figure.park)
        keys = [key for key in keys if len(present[key]) == len(parks)]

    rows = [_compare_row(dataset, parks, cells, indicator, status, lang) for indicator, status in keys]
    columns = _compare_columns(dataset, parks, lang)
    notes, warnings = _compare_notes(dataset, parks, observations, chosen, rows, lang)
    notes += shared_notes
    notes += _per_member_notes(dataset, [park for park in parks if park in dataset.groups], chosen, lang)
    notes += derived_notes if any(row["name"].endswith(DERIVED_MARK) for row in rows) else derived_notes[1:]
    if not chosen and (period is not None or year is not None):
        asked = period if period is not None else str(year)
        warnings.append(pick((f"这些园区在 {asked} 没有数字", f"these parks have no figures for {asked}"), lang))
    return Table(columns, rows, notes=notes, warnings=warnings)


MEMBERS = "member_zones"  # the indicator that counts a benchmark group's zones


def _per_member_notes(dataset: Catalogue, groups: list[str], chosen: list[Figure], lang: str) -> list[str]:
    """For a benchmark group, each flow or stock total divided by the zones it counts that year: the average zone.

    Only where the group's member count is stated for the same year; the average is computed, never stored.
    """
    if not groups:
        return []
    notes = []
    members = {(figure.park, figure.period[:4]): figure.canonical_value for figure in dataset.figures(groups, [MEMBERS])}
    for row in chosen:
        if row.park not in groups or row.indicator == MEMBERS:
            continue
        count = members.get((row.park, row.period[:4]))
        if count is None or dataset.indicator(row.indicator)["measure"] not in ("flow", "stock"):
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


def _shared_periods(observations: list[Figure], latest: list[Figure], parks: list[str], lang: str):
    """Each indicator's figures for the latest period all the parks have, where a park's latest figure is later.

    Returns the chosen figures and a note per indicator saying which period was picked and why.
    """
    if len(parks) < 2 or not latest:
        return latest, []
    # A park's figures count only in the scope of its latest one: the whole park is never traded for a part.
    scopes = {(figure.park, figure.indicator, figure.status): figure.scope for figure in latest}
    owners: dict[tuple, set] = {}
    for figure in observations:
        if scopes.get((figure.park, figure.indicator, figure.status)) == figure.scope:
            owners.setdefault((figure.indicator, figure.status, figure.period), set()).add(figure.park)
    best: dict[tuple, str] = {}
    for (indicator, status, period), owning in owners.items():
        if len(owning) == len(parks):
            known = best.get((indicator, status))
            if known is None or _later(period, known):
                best[(indicator, status)] = period
    moved = {(figure.indicator, figure.status) for figure in latest if best.get((figure.indicator, figure.status), figure.period) != figure.period}
    if not moved:
        return latest, []
    replacement = headline_figures(
        [
            figure
            for figure in observations
            if (figure.indicator, figure.status) in moved and figure.period == best[(figure.indicator, figure.status)] and scopes.get((figure.park, figure.indicator, figure.status)) == figure.scope
        ]
    )
    kept = [figure for figure in latest if (figure.indicator, figure.status) not in moved]
    first_seen: dict[tuple, int] = {}
    for position, figure in enumerate(observations):
        first_seen.setdefault((figure.indicator, figure.status), position)
    notes = []
    for key in sorted(moved, key=first_seen.__getitem__):
        later = [f"{figure.park} {figure.period}" for figure in latest if (figure.indicator, figure.status) == key and figure.period != best[key]]
        notes.append(
            pick(
                (
                    f"{key[0]}：按 {best[key]} 比较，这是各园区都有的最近期间（更近的数字：{short_listing(later, 'zh')}）",
                    f"{key[0]}: compared for {best[key]}, the latest period every park has (later figures: {short_listing(later)})",
                ),
                lang,
            )
        )
    return kept + replacement, notes


def _later(period: str, other: str) -> bool:
    """Whether `period` stands before `other` as a headline: a later end, or of equal ends the longer span."""
    a, b = parse_period(period), parse_period(other)
    return (a.end, b.start) > (b.end, a.start)


def _compare_columns(dataset: Catalogue, parks: list[str], lang: str) -> list[Column]:
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


def _compare_row(dataset: Catalogue, parks, cells, indicator: str, status: str, lang: str) -> dict:
    details = dataset.indicator(indicator)
    name = dataset.indicator_name(indicator, lang)
    if details.get("formula"):
        name += f" {DERIVED_MARK}"
    row = {
        "indicator": indicator,
        "name": name + (f" {STATUS_MARKS[status]}" if status in STATUS_MARKS else ""),
        "unit": details["unit"],
        "status": status,
    }
    for park in parks:
        cell = cells.get((park, indicator, status))
        if cell is None:
            row.update({park: "", f"{park}.value": None, f"{park}.qualifier": "", f"{park}.period": "", f"{park}.scope": ""})
            continue
        mark = PART_MARK if cell.scope != schema.WHOLE_PARK else ""
        derived_from = cell.raw if cell.formula else ""
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
        row["ratio"], row["comparison"] = pair_comparison(first, second, details["measure"])
    return row


def _scope(scope: str, lang: str) -> str:
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


def _compare_notes(dataset: Catalogue, parks, observations, chosen, rows, lang: str) -> tuple[list[str], list[str]]:
    notes = [pick(LEGEND, lang)]
    notes += [pick(note, lang) for status, note in STATUS_NOTES.items() if any(row["status"] == status for row in rows)]
    parts = _sorted_by_indicator(dataset, [figure for figure in chosen if figure.scope != schema.WHOLE_PARK])
    for row in sorted(parts, key=lambda figure: parks.index(figure.park)):
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


@no_cycle_collection()
def ranking_positions(figures: list[Figure], period: str | None = None, measures=None) -> list[int]:
    """The figure each park is ranked by, per indicator: its headline whole-park actual figure (positions in `figures`).

    measures (indicator -> measure) ranks a flow, rate or ratio over one span length only: the span
    most parks have figures of (of equal counts, the latest), so a five-year total never meets a year.
    """
    candidates = [position for position, figure in enumerate(figures) if figure.status == schema.ACTUAL and figure.scope == schema.WHOLE_PARK and (period is None or figure.period == period)]
    if measures is not None:
        candidates = _ranked_span_only(figures, candidates, measures)
    chosen = headline_positions([figures[position] for position in candidates])
    return [candidates[position] for position in chosen]


def ranking_figures(observations, period: str | None = None, measures=None):
    """ranking_positions for a frame of observations: the chosen rows of the frame."""
    return observations.iloc[ranking_positions(figures_of(observations), period, measures)]


def _span_key(text: str) -> str:
    return "|".join(map(str, parse_period(text).span))


def _ranked_span_only(figures: list[Figure], candidates: list[int], measures) -> list[int]:
    """The candidates of each non-stock indicator's ranked span (see ranking_positions)."""
    spans = {figures[position].period: None for position in candidates}
    spans = {text: _span_key(text) for text in spans}
    if len(set(spans.values())) < 2:
        return candidates
    counts: dict[tuple, tuple[set, list]] = {}
    for position in candidates:
        figure = figures[position]
        parks, ends = counts.setdefault((figure.indicator, spans[figure.period]), (set(), []))
        parks.add(figure.park)
        ends.append(figure.period_end)
    # Per indicator, the span most parks have figures of; of equal counts the latest end, then the first span.
    ranked: dict[str, tuple] = {}
    for (indicator, span), (parks, ends) in sorted(counts.items()):
        key = (len(parks), max(ends))
        if indicator not in ranked or key > ranked[indicator][0]:
            ranked[indicator] = (key, span)
    return [position for position in candidates if measures.get(figures[position].indicator) == "stock" or spans[figures[position].period] == ranked[figures[position].indicator][1]]


Unranked = namedtuple("Unranked", ["park", "indicator", "reason"])


@no_cycle_collection()
def unranked_reasons(observations: list[Figure], chosen: list[Figure], period: str | None = None) -> list[Unranked]:
    """Why each (park, indicator) that has figures has none among `chosen`, by park and indicator."""
    kept = {(figure.park, figure.indicator) for figure in chosen}
    ranked_periods = {figure.indicator: figure.period for figure in chosen}
    left_out: dict[tuple, list[Figure]] = {}
    for figure in observations:
        if (figure.park, figure.indicator) not in kept:
            left_out.setdefault((figure.park, figure.indicator), []).append(figure)
    rows = []
    for (park, indicator), figures in sorted(left_out.items(), key=lambda item: item[0]):
        reasons = []
        if period is not None and not any(figure.period == period for figure in figures):
            reasons.append(Words(f"没有 {period} 的数字", f"no figure for {period}"))
        else:
            rankable = [figure for figure in figures if figure.status == schema.ACTUAL and figure.scope == schema.WHOLE_PARK and (period is None or figure.period == period)]
            if rankable and indicator in ranked_periods:
                own = sorted({figure.period for figure in rankable})
                theirs, length = parse_period(ranked_periods[indicator]), parse_period(own[-1])
                reasons.append(
                    Words(
                        f"只有{length.describe_length('zh')}的数字（{', '.join(own)}），排名的数字为{theirs.describe_length('zh')}",
                        f"only figures over {length.describe_length('en')} ({', '.join(own)}); the ranked figures cover {theirs.describe_length('en')}",
                    )
                )
            scopes = sorted({figure.scope for figure in figures if figure.scope != schema.WHOLE_PARK})
            if scopes and not rankable:
                reasons.append(Words(f"只有局部范围的数字（{'、'.join(scopes)}）", f"only part-zone figures ({', '.join(scopes)})"))
            if any(figure.status == schema.TARGET for figure in figures) and not rankable:
                reasons.append(Words("目标不参与排名", "targets are not ranked"))
            if any(figure.status == schema.ESTIMATE for figure in figures) and not rankable:
                reasons.append(Words("预计数不参与排名", "estimates are not ranked"))
        rows.append(Unranked(park, indicator, joined(("；", "; "), reasons)))
    return rows


def competition_ranks(values: list[float], ascending: bool) -> list[int]:
    """Standard competition ranking (1, 2, 2, 4): one plus the number of values strictly better."""
    ordered = sorted(values, reverse=not ascending)
    first_place: dict[float, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return [first_place[value] for value in values]


@no_cycle_collection()
def rank_table(dataset: Catalogue, indicator: str, lang: str, period: str | None = None) -> Table:
    """Parks ordered by the indicator's direction, standard competition ranking for ties."""
    if period is not None:
        parse_period(period)
    details = dataset.indicator(indicator)
    direction = details["direction"]
    groups = dataset.groups
    not_shown = ("raw", "quote", "formula")  # a ranking reads none of them
    observations = [figure for figure in dataset.figures(indicators=[indicator], blank=not_shown) if figure.park not in groups]  # a total of many zones is not one zone
    chosen = [observations[position] for position in ranking_positions(observations, period, measures={indicator: details["measure"]})]
    ranks = competition_ranks([figure.canonical_value for figure in chosen], ascending=direction == "lower")
    ranked = sorted(zip(ranks, chosen), key=lambda pair: (pair[0], pair[1].park))
    chosen = [figure for _, figure in ranked]
    rows = [
        {
            "rank": rank,
            "park": figure.park,
            "name": dataset.park_name(figure.park, lang),
            "value": figure.canonical_value,
            "display": display_value(figure.canonical_value, figure.qualifier),
            "unit": figure.canonical_unit,
            "qualifier": figure.qualifier,
            "period": figure.period,
            "source": figure.source,
        }
        for rank, figure in ranked
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


def _rank_warnings(chosen: list[Figure], observations: list[Figure], direction: str, period: str | None, lang: str) -> list[str]:
    warnings = []
    periods = sorted({figure.period for figure in chosen})
    if len(periods) > 1:
        listing = short_listing([f"{figure.park} {figure.period}" for figure in chosen], lang)
        warnings.append(pick((f"排名的数字来自不同期间（{listing}）；用 --period 只排一个期间", f"the ranked figures mix periods ({listing}); use --period to rank one period"), lang))
    if direction == "neutral":
        warnings.append(pick(("此指标无好坏之分；园区按数值从大到小排列", "this indicator has no better direction; parks are ordered largest first"), lang))
    for row in unranked_reasons(observations, chosen, period):
        warnings.append(pick((f"未排名：{row.park}（{row.reason.zh}）", f"not ranked: {row.park} ({row.reason})"), lang))
    if not chosen:
        where = f" in {period}" if period else ""
        warnings.append(pick((f"没有园区有此指标{f' {period} ' if period else ''}覆盖整个园区的实际数字", f"no park has a whole-park actual figure for this indicator{where}"), lang))
    return warnings
