"""What the dataset holds: a parks × indicators matrix of the period of each latest figure.

An analyst asks "what is missing?" before asking "who leads?". Each cell is the
period of the park's latest whole-park actual figure, so an empty cell means the
park cannot be ranked on that indicator, and a partial period (2023-01/2023-11)
shows that the latest figure is not a full year (and is not ranked against years).
"""

from __future__ import annotations

import re

from ..core.errors import UsageError
from ..core.i18n import Words
from ..core.periods import YEAR, parse_period
from ..core.table import HUMAN, MACHINE, Column, Table
from ..data.model import Catalogue, Figure
from ..data.schema import ACTUAL, WHOLE_PARK
from .queries import ranking_positions

# A park counts as covered for one year when it has this many core figures of that full year (docs/dataset.md).
CORE_FIGURES_FOR_A_YEAR = 3


def select_parks(dataset: Catalogue, province: str | None = None, kind: str | None = None, groups: bool = False) -> list[str]:
    """Park ids in file order, of one province or kind when asked; benchmark groups only when asked."""
    chosen = []
    for park in dataset.park_records():
        if park["id"] in dataset.groups and not groups:
            continue
        if province is not None and province not in park["province"].split("|"):
            continue
        if kind is not None and park["kind"] != kind:
            continue
        chosen.append(park["id"])
    if not chosen:
        wanted = [(f"{zh} {value}", f"{en} {value}") for zh, en, value in (("省份", "province", province), ("类型", "kind", kind)) if value]
        raise UsageError(
            Words(
                f"没有园区符合{'：' + '、'.join(zh for zh, _ in wanted) if wanted else '所选条件'}；省份和类型见 `parkmetrics parks`",
                f"no park matches {', '.join(en for _, en in wanted) or 'the selection'}; see `parkmetrics parks` for provinces and kinds",
            )
        )
    return chosen


def coverage_table(dataset: Catalogue, lang: str, parks: list[str], indicators: list[str]) -> Table:
    """One row per park: the period of its latest whole-park actual figure of each indicator, and how many it has."""
    figures = dataset.figures(parks, blank=("raw", "source", "quote"))
    wanted = set(indicators)
    shown = [figure for figure in figures if figure.indicator in wanted]
    periods = {(figure.park, figure.indicator): figure.period for figure in map(shown.__getitem__, ranking_positions(shown))}
    best_years = best_core_years(figures, dataset.core_indicators, dataset.stock_indicators)
    rows = []
    for park in parks:
        row = {"park": park, "name": dataset.park_name(park, lang)}
        row.update({indicator: periods.get((park, indicator), "") for indicator in indicators})
        row["count"] = sum(1 for indicator in indicators if row[indicator])
        row["best_year"], row["best_year_core"] = best_years.get(park, ("", 0))
        rows.append(row)
    columns = [Column("park", audience=MACHINE), Column("name", audience=HUMAN, label=("园区", "Park"))]
    columns += [Column(indicator, label=(dataset.indicator_name(indicator, lang),) * 2) for indicator in indicators]
    columns += [
        Column("count", "integer", label=("有数据指标数", "Indicators with data")),
        Column("best_year", label=("核心指标最全年份", "Best core year")),
        Column("best_year_core", "integer", label=("该年核心指标数", "Core figures that year")),
    ]
    covered = sum(1 for row in rows if row["best_year_core"] >= CORE_FIGURES_FOR_A_YEAR)
    notes = [_summary(lang, len(rows), covered)]
    return Table(columns, rows, notes=notes)


def best_core_years(figures: list[Figure], core: list[str], stocks=frozenset()) -> dict[str, tuple[str, int]]:
    """Per park, the full year with the most core indicators that have a whole-park actual figure, and how many.

    A stock stated at a year's end (2023-12, the canonical period of 截至2023年底) counts for that year.
    Of two years with as many, the later one.
    """
    core = set(core)
    indicators_by_year: dict[tuple[str, str], set[str]] = {}
    for figure in figures:
        if figure.indicator not in core or figure.status != ACTUAL or figure.scope != WHOLE_PARK:
            continue
        if parse_period(figure.period).kind == YEAR or (figure.indicator in stocks and _YEAR_END.fullmatch(figure.period)):
            indicators_by_year.setdefault((figure.park, figure.period[:4]), set()).add(figure.indicator)
    best: dict[str, tuple[str, int]] = {}
    for (park, year), found in indicators_by_year.items():
        best_year, best_count = best.get(park, ("", 0))
        if (len(found), year) > (best_count, best_year):
            best[park] = (year, len(found))
    return best


_YEAR_END = re.compile(r"\d{4}-12")


def _summary(lang: str, parks: int, covered: int) -> str:
    if lang == "en":
        return f"{parks} parks; {covered} have at least {CORE_FIGURES_FOR_A_YEAR} core figures for one full year. Each cell is the period of the latest whole-park actual figure; empty: none."
    return f"共 {parks} 个园区，其中 {covered} 个园区在同一完整年度至少有 {CORE_FIGURES_FOR_A_YEAR} 项核心指标。每格是最新的整园实际数字的期间；空格表示没有。"
