"""Excel workbooks an analyst can hand on: `write_workbook`, which sheets it writes and in which order.

Every sheet is built from the analysis layer (parks_table, compare_table,
rank_table, data_table, indicators_table), so the workbook says exactly what
the commands say; each sheet has a module of its own. Sheets are streamed row by
row in openpyxl's write-only mode, so a national dataset never sits in memory as
cell objects (writer.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable
from typing import BinaryIO

from ...analysis.queries import LEGEND, compare_table, data_table, rank_table
from ...core.errors import OutputError
from ...core.i18n import Words, pick
from ...data.model import Dataset
from ...files.atomic import atomic_write, refuse_overwrite
from .about import TITLE, write_about
from .compare import write_compare
from .coverage import write_coverage
from .data import write_data
from .indicators import write_indicators
from .overview import HEADLINE_INDICATORS, write_overview
from .rankings import write_rankings
from .sources import write_sources
from .writer import Book

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's sheet limits

SHEETS = {
    "overview": ("概览", "Overview"),
    "compare": ("对比", "Compare"),
    "rankings": ("排名", "Rankings"),
    "data": ("数据", "Data"),
    "sources": ("来源", "Sources"),
    "indicators": ("指标", "Indicators"),
    "coverage": ("覆盖", "Coverage"),
    "about": ("说明", "About"),
}


def write_workbook(
    dataset: Dataset,
    destination: str | os.PathLike | BinaryIO,
    parks: list[str] | None = None,
    lang: str = "zh",
    command_line: str = "",
    force: bool = False,
    generated: datetime.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    composites: CompositeSettings | None = None,
) -> Written:
    """Write the report workbook to a path (atomically) or a binary file object.

    parks: park ids in the order wanted (all parks when None). progress, if
    given, is called as progress(rows_written, rows_total). composites puts
    composite rankings at the top of the Rankings sheet, scored over the parks
    of the report. Returns what each sheet holds, and warnings about anything the
    workbook could not hold as it was.
    """
    if isinstance(destination, (str, os.PathLike)):
        refuse_overwrite(destination, force)
        with atomic_write(destination, "wb") as handle:
            return write_workbook(dataset, handle, parks, lang, command_line, generated=generated, progress=progress, composites=composites)
    book = Book(_restricted(dataset, parks), lang, generated or datetime.datetime.now().astimezone(), progress)
    contents = _build(book, command_line, composites or CompositeSettings())
    book.save(destination)
    return Written(contents, book.alterations.warnings(lang))


@dataclasses.dataclass(frozen=True)
class Written:
    """What a workbook holds, sheet by sheet ('Overview: 8 parks'), and what it could not hold as it was."""

    sheets: list[str]
    warnings: list[str]


@dataclasses.dataclass(frozen=True)
class CompositeSettings:
    """The composite rankings a report shows: profiles (parkmetrics.profiles.Profile) and their rank intervals."""

    profiles: tuple = ()
    uncertainty: int = 0  # Monte Carlo runs per profile; 0 for no rank intervals
    seed: int | None = None


def _restricted(dataset: Dataset, parks: list[str] | None) -> Dataset:
    """The dataset seen through --parks: those parks, in that order, their figures and the sources these cite."""
    if parks is None:
        return dataset
    observations = dataset.observations[dataset.observations["park"].isin(parks)]
    sources = dataset.sources[dataset.sources.index.isin(observations["source"])]
    return dataclasses.replace(dataset, parks=dataset.parks.loc[list(parks)], observations=observations, sources=sources)


def _build(book: Book, command_line: str, settings: CompositeSettings) -> list[str]:
    """Build the eight sheets from the analysis layer; returns what each holds, one line per sheet."""
    dataset, lang = book.dataset, book.lang
    park_ids = list(dataset.parks.index)
    _check_fits(len(park_ids), len(dataset.observations), len(dataset.sources))  # the Data sheet has a row per figure
    composites = _composites(book, settings)
    rankings = {indicator: rank_table(dataset, indicator, lang) for indicator in _rankable(dataset)}
    comparison = compare_table(dataset, park_ids, lang, include_targets=True)
    observations = data_table(dataset)
    ranked = {indicator: table for indicator, table in rankings.items() if len(table.rows) >= 2}
    book.rows_total = (
        2 * len(park_ids)
        + len(comparison.rows)
        + sum(len(table.rows) for table in ranked.values())
        + len(composites) * len(park_ids)
        + 2 * len(observations.rows)
        + len(dataset.sources)
        + len(dataset.indicators)
    )
    sheets = {key: book.workbook.create_sheet(book.word(names)) for key, names in SHEETS.items()}
    book.register_styles(sheets["data"])
    positions = write_rankings(book, sheets["rankings"], ranked, composites)
    write_overview(book, sheets["overview"], rankings, positions, sheets["rankings"])
    covered = write_coverage(book, sheets["coverage"])
    write_compare(book, sheets["compare"], comparison, park_ids)
    write_data(book, sheets["data"], observations)
    write_sources(book, sheets["sources"], observations)
    write_indicators(book, sheets["indicators"])
    # The legend explains the >, <, ~ marks of terminal tables; the workbook writes qualifiers out instead.
    notes = [note for note in comparison.notes if note != pick(LEGEND, lang)] + comparison.warnings
    notes += [f"{indicator}: {warning}" for indicator, table in rankings.items() for warning in table.warnings if indicator in ranked or indicator in HEADLINE_INDICATORS]
    notes += [f"{result.profile.name}: {warning}" for result in composites for warning in result.warnings]
    write_about(book, sheets["about"], command_line, notes)
    counted = {
        "overview": (len(park_ids), ("个园区", "parks")),
        "compare": (len(comparison.rows), ("行", "rows")),
        "rankings": (len(ranked), ("个指标", "indicators")),
        "data": (len(observations.rows), ("个数字", "figures")),
        "sources": (len(dataset.sources), ("个来源", "sources")),
        "indicators": (len(dataset.indicators), ("个指标", "indicators")),
        "coverage": (covered, ("个园区", "parks")),
    }
    contents = [f"{book.word(SHEETS[key])}{book.word(('：', ': '))}{count:,} {book.word(noun)}" for key, (count, noun) in counted.items()]
    if composites:
        contents[2] += book.word((f"，{len(composites)} 个综合排名", f", {len(composites)} composite ranking(s)"))
    properties = book.workbook.properties
    properties.title = book.word(TITLE)
    properties.creator = properties.lastModifiedBy = "parkmetrics"
    properties.description = command_line
    properties.created = properties.modified = book.generated.astimezone(datetime.UTC).replace(tzinfo=None)
    properties.language = "en" if lang == "en" else "zh-CN"
    return contents


def _composites(book: Book, settings: CompositeSettings) -> list:
    """Each profile's CompositeResult over the report's parks; unknown indicators stop the report (exit 2)."""
    if not settings.profiles:
        return []
    from ...analysis.composite import rank_composite

    return [rank_composite(book.dataset, profile, None, settings.uncertainty, settings.seed, lang=book.lang) for profile in settings.profiles]


def _rankable(dataset: Dataset) -> list[str]:
    """Indicators whose ranking the report may show: two or more parks have figures, or a headline one has any.

    Only saves rank_table calls that could not give a Rankings block or an Overview column.
    """
    parks = dataset.observations.groupby("indicator")["park"].nunique()
    return [indicator for indicator in dataset.indicators.index if parks.get(indicator, 0) >= 2 or (indicator in HEADLINE_INDICATORS and parks.get(indicator, 0))]


def _check_fits(parks: int, observations: int, sources: int) -> None:
    """Refuse, before writing anything, a report larger than an Excel sheet can hold."""
    compare_columns = 4 + 2 * parks + (2 if parks == 2 else 0)
    if compare_columns > MAX_COLUMNS:
        most = (MAX_COLUMNS - 4) // 2
        raise OutputError(
            Words(
                f"对比表最多容纳 {most:,} 个园区，而本报告有 {parks:,} 个；请用 --parks 选择园区",
                f"the Compare sheet has room for {most:,} parks and this report has {parks:,}; choose parks with --parks",
            )
        )
    if observations + sources + 4 > MAX_ROWS:
        raise OutputError(
            Words(
                f"{observations:,} 个数字放不进一张 Excel 工作表（{MAX_ROWS:,} 行）；请用 --parks 选择园区，或用 `parkmetrics data --format csv`",
                f"{observations:,} figures do not fit in one Excel sheet ({MAX_ROWS:,} rows); choose parks with --parks, or use `parkmetrics data --format csv`",
            )
        )
