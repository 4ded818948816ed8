"""Excel workbooks an analyst can hand on: `write_workbook`.

Every sheet is built from the analysis layer (parks_table, compare_table,
rank_table, data_table, indicators_table), so the workbook says exactly what
the commands say. Sheets are streamed row by row in openpyxl's write-only mode,
so a national dataset never sits in memory as cell objects. Text from the data
is always stored as text, never as a formula or an error value (`_Sheet.text`).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import itertools
import math
import os
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import BinaryIO
from urllib.parse import urlsplit

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo

from .. import __version__
from ..analysis.queries import ESTIMATE_MARK, LEGEND, PART_MARK, TARGET_MARK, compare_table, data_table, indicators_table, parks_table, rank_table
from ..core.errors import OutputError
from ..core.figures import format_number
from ..core.i18n import pick, term
from ..core.table import LABELS
from ..core.units import is_count
from ..data import schema
from ..data.loading import layer_path
from ..data.model import Dataset
from ..files.atomic import atomic_write, refuse_overwrite
from .xlsxstream import Alterations, StreamedRows, needs_protection, splice

# The Overview's headline figures: size (gdp, industrial_output, output_value),
# what the park pays (tax_revenue), land efficiency (output_intensity) and the
# enterprise base (above_scale_enterprises, high_tech_enterprises). docs/report.md says why.
HEADLINE_INDICATORS = (
    "gdp",
    "industrial_output",
    "output_value",
    "tax_revenue",
    "output_intensity",
    "above_scale_enterprises",
    "high_tech_enterprises",
)
CHART_BARS = 30  # a chart shows at most this many parks, the best ranked
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's sheet limits
PROGRESS_STEP = 2_000  # rows between progress reports

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
TITLE = ("园区对标报告", "Park benchmarking report")
RANKING_COLUMNS = ("indicator_id", "indicator_name", "unit", "rank", "park_id", "park_name", "value", "qualifier", "period", "source", "chart_label")
# 1-based columns of the Rankings sheet that charts and colour scales refer to.
# Charts name each bar by chart_label, the park with the period of its figure: 苏州工业园区 (2023).
RANKED_LABEL, RANKED_VALUE = RANKING_COLUMNS.index("chart_label") + 1, RANKING_COLUMNS.index("value") + 1

# Header labels the listing commands do not need, by key: (Chinese, English).
REPORT_LABELS = {
    "indicator_id": ("指标代码", "Indicator ID"),
    "indicator_name": ("指标", "Indicator"),
    "park_id": ("园区代码", "Park ID"),
    "park_name": ("园区", "Park"),
    "note": ("期间 · 说明", "Period · note"),
    "title": ("标题", "Title"),
    "publisher": ("发布者", "Publisher"),
    "published": ("发布日期", "Published"),
    "url": ("链接", "Link"),
    "document": ("文档", "Document"),
    "definition": ("定义", "Definition"),
    "quotes": ("原文摘录（每条数据一行）", "Quotes (one row per figure)"),
    "notes": ("提示", "Notes"),
    "reading": ("阅读说明", "How to read this workbook"),
    "charts": ("图表", "Charts"),
    "chart_label": ("图表标签（园区与期间）", "Chart label (park and period)"),
    "count": ("有数据指标数", "Indicators with data"),
    "best_year": ("核心指标最全年份", "Best core year"),
    "best_year_core": ("该年核心指标数", "Core figures that year"),
}

READING_NOTES = (
    (
        "数值列只放数字。原文的限定写在相邻的“期间 · 说明”列：超过 = 原文为超、余、以上；不足 = 不足、不到；约 = 约、近、左右。",
        "Value columns hold numbers only. The adjacent 'Period · note' column says 'more than' (超, 余, 以上), 'less than' (不足, 不到) or 'about' (约, 近, 左右) when the source words the figure so.",
    ),
    (
        "期间：2022 为全年；2022-01/2022-11 为1-11月，是部分年份，不与全年比较；2018/2022 为多年合计；2023-05 对存量指标表示截至该月。",
        "Periods: 2022 is a calendar year; 2022-01/2022-11 is January to November, a partial year never compared "
        "with a full year; 2018/2022 covers several years together; 2023-05 is the as-of month of a stock.",
    ),
    (f"{PART_MARK} 表示该数字只覆盖园区的一部分（后面写明范围），不代表整个园区。", f"{PART_MARK} marks a figure that covers only the named part of the park, not the whole park."),
    (
        f"“对比”表中状态为“目标”、名称带 {TARGET_MARK} 的行是目标（力争、目标、计划），状态为“预计”、名称带 {ESTIMATE_MARK} 的行是预计数，都不是实际数字；“概览”和“排名”只用实际数字。",
        f"Rows of the Compare sheet with status 'target' (marked {TARGET_MARK}) are targets (力争, 目标, 计划) and rows with "
        f"status 'estimate' (marked {ESTIMATE_MARK}) are estimates (预计); neither is an actual figure. Overview and "
        "Rankings use actual figures only.",
    ),
    (
        "“概览”和“排名”用每个园区最新的、覆盖整个园区的实际数字（同 parkmetrics rank）；“对比”的选取规则同 parkmetrics compare：实际优先于目标，整个园区优先于局部，最新期间优先。",
        "Overview and Rankings use each park's latest actual figure for the whole park (as parkmetrics rank does); "
        "Compare chooses as parkmetrics compare does: actual before target, whole park before a part, latest period first.",
    ),
    (
        "所有数字已换算为指标的标准单位（见“指标”表），单位写在表头或“单位”列；百分比指标的值是百分数（9.05 即 9.05%）。计数显示为整数，其他数字显示两位小数，原值有更多小数时全部显示，从不四舍五入。",
        "Every figure is converted into its indicator's unit (see the Indicators sheet), named in the header or the "
        "Unit column; percentages are stored as percent (9.05 means 9.05 %). Counts show as whole numbers, other "
        "figures with two decimals, and with more when the value has more: nothing is shown rounded.",
    ),
    (
        "色阶按指标方向着色：越高越好的指标高值为绿色，越低越好的指标低值为绿色；中性指标（如面积）只用一种颜色，不表示好坏。",
        "Colour scales follow each indicator's direction: green is better (high values when higher is better, low "
        "values when lower is better); neutral indicators such as area get a single colour that implies no judgement.",
    ),
    (
        "“数据”表与 parkmetrics data --format csv 逐行一致，列名是其英文键；“来源”表列出每条数据的原文摘录。",
        "The Data sheet matches parkmetrics data --format csv row for row, under its ASCII column keys; the Sources sheet gives each figure's verbatim quote.",
    ),
    (
        f"“概览”表下方的条形图：至少两个园区都有的概览指标各一张，按排名显示，最多 {CHART_BARS} 个园区。",
        f"Bar charts below the Overview table: one per headline indicator that two or more parks have, in rank order, showing at most {CHART_BARS} parks.",
    ),
)

_HEADER_STYLE = "parkmetrics header"
_COLOUR_SCALES = {
    "higher": ("F8696B", "FFEB84", "63BE7B"),  # red, yellow, green: high is good
    "lower": ("63BE7B", "FFEB84", "F8696B"),  # reversed: low is good
    "neutral": ("FFFFFF", None, "5B9BD5"),  # one hue: magnitude only
}
_WIDTH_CAPS = {"text": 50, "number": 18, "header": 24}


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
    report = _Report(_restricted(dataset, parks), lang, generated or datetime.datetime.now().astimezone(), progress)
    report.build(command_line, composites or CompositeSettings())
    report.save(destination)
    return Written(report.contents, report.alterations.warnings(lang))


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


def display_width(text: str) -> int:
    """Width in Excel character units: East Asian wide characters count as two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")


def number_format(value: float, unit: str) -> str:
    """'#,##0' for counts, '#,##0.00' for the rest, with more places only when the value has them."""
    places = 0 if is_count(unit) else 2
    needed = len(format_number(abs(value)).partition(".")[2])
    return _number_format(places, max(0, needed - places))


def _number_format(places: int, extra: int) -> str:
    if places == 0:
        return "#,##0" + ("." + "#" * extra if extra else "")
    return "#,##0.00" + "#" * extra


def axis_number_format(unit: str, largest: float) -> str:
    """A chart's value axis as the indicator's figures read: whole numbers for counts and for
    values of 10 and more ('0, 500, 1,000', never '0.00, 500.00'), decimals only where ticks need them."""
    return "#,##0" if is_count(unit) or largest >= 10 else "#,##0.0#"


# format_number writes at most 12 decimal places, so these are all the formats number_format returns.
ALL_NUMBER_FORMATS = tuple(_number_format(places, extra) for places in (0, 2) for extra in range(13 - places))


def safe_link(url: str) -> bool:
    """Only plain web addresses become clickable; anything else stays text."""
    if not url or any(char.isspace() or ord(char) < 32 for char in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def dataset_fingerprint(dataset: Dataset) -> str:
    """SHA-256 over the four files of every layer, in layer order: names the exact data of a report."""
    digest = hashlib.sha256()
    for label in dataset.layers:
        for table in schema.COLUMNS:
            try:
                digest.update((layer_path(label) / schema.file_name(table)).read_bytes())
            except OSError:
                return "unknown (a dataset file is no longer readable)"
    return digest.hexdigest()


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _figure(value, unit: str):
    """A (value, unit) cell, or no cell for a missing value."""
    return None if _is_missing(value) else (value, unit)


class _Report:
    """Builds the seven sheets from the analysis layer; bulk rows are streamed when the file is saved."""

    def __init__(self, dataset: Dataset, lang: str, generated: datetime.datetime, progress):
        self.dataset = dataset
        self.lang = lang
        self.generated = generated
        self.progress = progress
        self.alterations = Alterations()
        self.streams: dict[object, StreamedRows] = {}  # by worksheet: its file name is known once saved
        self.book = Workbook(write_only=True)
        self.book.add_named_style(
            NamedStyle(
                name=_HEADER_STYLE,
                font=Font(bold=True, color="FFFFFF"),
                fill=PatternFill("solid", fgColor="305496"),
                alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            )
        )
        self.rows_written = 0
        self.rows_total = 0
        self.measured: dict = {}  # widths of the observation columns, shared by the Data and Sources sheets

    def word(self, pair: tuple[str, str]) -> str:
        return pick(pair, self.lang)

    def qualifier_word(self, qualifier: str) -> str:
        """'more than' for at_least; nothing for an exact figure."""
        return "" if qualifier == "exact" else self.term(qualifier)

    def term(self, value, place: bool = False):
        """A stored code or place as a word of the report's language (terms.csv)."""
        return term(value, self.lang, place)

    def label(self, key: str) -> str:
        return self.word(REPORT_LABELS.get(key) or LABELS.get(key, (key, key)))

    def build(self, command_line: str, settings: CompositeSettings) -> None:
        dataset, lang = self.dataset, self.lang
        park_ids = list(dataset.parks.index)
        _check_fits(len(park_ids), len(dataset.observations), len(dataset.sources))  # the Data sheet has a row per figure
        composites = self._composites(settings)
        rankings = {indicator: rank_table(dataset, indicator, lang) for indicator in self._rankable()}
        comparison = compare_table(dataset, park_ids, lang, include_targets=True)
        observations = data_table(dataset)
        ranked = {indicator: table for indicator, table in rankings.items() if len(table.rows) >= 2}
        self.rows_total = (
            2 * len(park_ids)
            + len(comparison.rows)
            + sum(len(table.rows) for table in ranked.values())
            + len(composites) * len(park_ids)
            + 2 * len(observations.rows)
            + len(dataset.sources)
            + len(dataset.indicators)
        )
        sheets = {key: self.book.create_sheet(self.word(names)) for key, names in SHEETS.items()}
        self._register_styles(sheets["data"])
        positions = self._write_rankings(sheets["rankings"], ranked, composites)
        self._write_overview(sheets["overview"], rankings, positions, sheets["rankings"])
        covered = self._write_coverage(sheets["coverage"])
        self._write_compare(sheets["compare"], comparison, park_ids)
        self._write_data(sheets["data"], observations)
        self._write_sources(sheets["sources"], observations)
        self._write_indicators(sheets["indicators"])
        # The legend explains the >, <, ~ marks of terminal tables; the workbook writes qualifiers out instead.
        notes = [note for note in comparison.notes if note != pick(LEGEND, lang)] + comparison.warnings
        notes += [f"{indicator}: {warning}" for indicator, table in rankings.items() for warning in table.warnings if indicator in ranked or indicator in HEADLINE_INDICATORS]
        notes += [f"{result.profile.name}: {warning}" for result in composites for warning in result.warnings]
        self._write_about(sheets["about"], command_line, notes)
        counted = {
            "overview": (len(park_ids), ("个园区", "parks")),
            "compare": (len(comparison.rows), ("行", "rows")),
            "rankings": (len(ranked), ("个指标", "indicators")),
            "data": (len(observations.rows), ("个数字", "figures")),
            "sources": (len(dataset.sources), ("个来源", "sources")),
            "indicators": (len(dataset.indicators), ("个指标", "indicators")),
            "coverage": (covered, ("个园区", "parks")),
        }
        self.contents = [f"{self.word(SHEETS[key])}{self.word(('：', ': '))}{count:,} {self.word(noun)}" for key, (count, noun) in counted.items()]
        if composites:
            self.contents[2] += self.word((f"，{len(composites)} 个综合排名", f", {len(composites)} composite ranking(s)"))
        properties = self.book.properties
        properties.title = self.word(TITLE)
        properties.creator = properties.lastModifiedBy = "parkmetrics"
        properties.description = command_line
        properties.created = properties.modified = self.generated.astimezone(datetime.UTC).replace(tzinfo=None)
        properties.language = "en" if lang == "en" else "zh-CN"

    def _composites(self, settings: CompositeSettings) -> list:
        """Each profile's CompositeResult over the report's parks; unknown indicators stop the report (exit 2)."""
        if not settings.profiles:
            return []
        from ..analysis.composite import rank_composite

        return [rank_composite(self.dataset, profile, None, settings.uncertainty, settings.seed, lang=self.lang) for profile in settings.profiles]

    def _rankable(self) -> list[str]:
        """Indicators whose ranking the report may show: two or more parks have figures, or a headline one has any.

        Only saves rank_table calls that could not give a Rankings block or an Overview column.
        """
        parks = self.dataset.observations.groupby("indicator")["park"].nunique()
        return [indicator for indicator in self.dataset.indicators.index if parks.get(indicator, 0) >= 2 or (indicator in HEADLINE_INDICATORS and parks.get(indicator, 0))]

    def _register_styles(self, worksheet) -> None:
        """Streamed cells refer to styles by id, so every style they may need is registered before saving."""

        def style_id(**attributes) -> int:
            cell = WriteOnlyCell(worksheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return cell.style_id

        self.quote_style = style_id(quotePrefix=True)
        self.number_styles = {pattern: style_id(number_format=pattern) for pattern in ALL_NUMBER_FORMATS}

    def number_style(self, value: float, unit: str) -> int:
        return self.number_styles[number_format(value, unit)]

    def save(self, destination) -> None:
        buffer = io.BytesIO()
        self.book.save(buffer)
        streams = {worksheet.path.lstrip("/"): rows for worksheet, rows in self.streams.items()}
        splice(buffer.getvalue(), destination, streams)
        if self.progress:
            self.progress(self.rows_total, self.rows_total)

    def advance(self) -> None:
        self.rows_written += 1
        if self.progress and self.rows_written % PROGRESS_STEP == 0:
            self.progress(self.rows_written, self.rows_total)

    # Sheets -----------------------------------------------------------------

    def _write_overview(self, worksheet, rankings, positions, rankings_sheet) -> None:
        table = parks_table(self.dataset, self.lang)
        other = "name_zh" if self.lang == "en" else "name_en"
        headline = [indicator for indicator in HEADLINE_INDICATORS if indicator in rankings and rankings[indicator].rows]
        figures = {indicator: {row["park"]: row for row in rankings[indicator].rows} for indicator in headline}
        headers = [self.label("park_id"), self.label("name"), self.label(other)]
        headers += [self.label(key) for key in ("kind", "level", "province", "city", "figures")]
        first_figure_column = len(headers) + 1
        for indicator in headline:
            unit = self.dataset.indicators.at[indicator, "unit"]
            headers += [f"{self.dataset.indicator_name(indicator, self.lang)} ({self.term(unit)})", self.label("note")]
        rows = []
        for park in table.rows:
            row = [
                park["id"],
                park["name"],
                park[other],
                self.term(park["kind"]),
                self.term(park["level"]),
                self.term(park["province"], place=True),
                self.term(park["city"], place=True),
                park["figures"],
            ]
            for indicator in headline:
                figure = figures[indicator].get(park["id"])
                if figure is None:
                    row += [None, None]
                else:
                    row += [(figure["value"], figure["unit"]), self.figure_note(figure["period"], figure["qualifier"], schema.WHOLE_PARK)]
            rows.append(row)
        sheet = _Sheet(self, worksheet, headers, _widths(headers, rows), freeze="C2")
        for position, indicator in enumerate(headline):
            column = first_figure_column + 2 * position
            direction = self.dataset.indicators.at[indicator, "direction"]
            sheet.colour_scale(_range(column, 2, column, len(rows) + 1), direction)
        charts_end = self._add_charts(worksheet, [indicator for indicator in headline if indicator in positions], positions, rankings_sheet, rankings, first_row=len(rows) + 3)
        sheet.stream(rows, len(rows), last_row=charts_end)

    def _add_charts(self, worksheet, indicators, positions, rankings_sheet, rankings, first_row: int) -> int:
        """The bar charts below the Overview table; returns the last row they cover."""
        row = first_row
        for indicator in indicators:
            start, count = positions[indicator]
            bars = min(count, CHART_BARS)
            unit = self.dataset.indicators.at[indicator, "unit"]
            chart = BarChart()
            chart.type = "bar"
            chart.style = 10
            title = f"{self.dataset.indicator_name(indicator, self.lang)} ({self.term(unit)})"
            if bars < count:
                title += self.word((f" — 前 {bars} 名，共 {count} 个园区", f" — top {bars} of {count} parks"))
            chart.title = title
            chart.legend = None
            chart.add_data(Reference(rankings_sheet, min_col=RANKED_VALUE, min_row=start, max_row=start + bars - 1))
            names = Reference(rankings_sheet, min_col=RANKED_LABEL, min_row=start, max_row=start + bars - 1)
            chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names)))  # park names are text, not numbers
            chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
            chart.y_axis.crosses = "max"  # and the value axis below the bars
            chart.x_axis.delete = chart.y_axis.delete = False
            largest = max(abs(row["value"]) for row in rankings[indicator].rows[:bars])
            chart.y_axis.number_format = axis_number_format(unit, largest)
            chart.y_axis.majorGridlines = None
            chart.width = 18
            chart.height = max(6.0, 1.5 + 0.6 * bars)
            worksheet.add_chart(chart, f"A{row}")
            row += math.ceil(chart.height / 0.5) + 2
        return row

    def _write_compare(self, worksheet, comparison, park_ids) -> None:
        headers = [self.label("indicator_id"), self.label("indicator_name"), self.label("unit"), self.label("status")]
        for park in park_ids:
            headers += [self.dataset.park_name(park, self.lang), self.label("note")]
        pair = len(park_ids) == 2
        if pair:
            headers += [self.label("ratio"), self.label("comparison")]
        rows = []
        for entry in comparison.rows:
            row = [entry["indicator"], entry["name"], self.term(entry["unit"]), self.term(entry["status"])]
            for park in park_ids:
                value = entry[f"{park}.value"]
                if _is_missing(value):
                    row += [None, None]
                else:
                    row += [(value, entry["unit"]), self.figure_note(entry[f"{park}.period"], entry[f"{park}.qualifier"], entry[f"{park}.scope"])]
            if pair:
                ratio = entry["ratio"]
                row += [None if _is_missing(ratio) else (ratio, ""), entry["comparison"].shown(self.lang)]
            rows.append(row)
        sheet = _Sheet(self, worksheet, headers, _widths(headers, rows), freeze="E2")
        if len(park_ids) >= 2:
            last = 4 + 2 * len(park_ids)  # colour scales skip the text of the note columns
            for number, entry in enumerate(comparison.rows, start=2):
                values = [entry[f"{park}.value"] for park in park_ids]
                if sum(not _is_missing(value) for value in values) >= 2:
                    direction = self.dataset.indicators.at[entry["indicator"], "direction"]
                    sheet.colour_scale(_range(5, number, last, number), direction)
        sheet.stream(rows, len(rows))

    def _write_rankings(self, worksheet, ranked, composites) -> dict[str, tuple[int, int]]:
        """Composite rankings first, then one block of rows per indicator; returns each indicator block's first row
        and length for the charts."""
        headers = [self.label(key) for key in RANKING_COLUMNS]
        rows, offsets = [], {}
        for indicator, table in ranked.items():
            offsets[indicator] = (len(rows), len(table.rows))
            name = self.dataset.indicator_name(indicator, self.lang)
            for entry in table.rows:
                rows.append(
                    [
                        indicator,
                        name,
                        self.term(entry["unit"]),
                        entry["rank"],
                        entry["park"],
                        entry["name"],
                        (entry["value"], entry["unit"]),
                        self.qualifier_word(entry["qualifier"]) or None,
                        entry["period"],
                        entry["source"],
                        f"{entry['name']} ({entry['period']})",
                    ]
                )
        blocks = [_CompositeBlock(self, result) for result in composites]
        widths = _widest(_widths(headers, rows), *(_widths(block.headers, block.rows) for block in blocks))
        # Blocks of different columns share the sheet, so only a sheet of one block keeps its header in view.
        sheet = _Sheet(self, worksheet, None if blocks else headers, widths, freeze=None if blocks else "A2")
        for block in blocks:
            block.write(sheet)
        if blocks:
            sheet.append([_Heading(self.word(("单项指标排名", "Rankings by indicator")))], count=False)
            sheet.append_header(headers)
        positions = {indicator: (sheet.next_row + offset, count) for indicator, (offset, count) in offsets.items()}
        for indicator, (start, count) in positions.items():
            direction = self.dataset.indicators.at[indicator, "direction"]
            sheet.colour_scale(_range(RANKED_VALUE, start, RANKED_VALUE, start + count - 1), direction)
        sheet.stream(rows, len(rows))
        return positions

    def _write_data(self, worksheet, observations) -> None:
        keys = list(schema.DATA_COLUMNS)
        sheet = _Sheet(self, worksheet, keys, _record_widths(observations.rows, keys, numeric="value", measured=self.measured), freeze="A2")
        if observations.rows:
            reference = f"A1:{get_column_letter(len(keys))}{len(observations.rows) + 1}"
            excel_table = ExcelTable(displayName="Observations", ref=reference, autoFilter=AutoFilter(ref=reference))
            excel_table.tableColumns = [TableColumn(id=number, name=key) for number, key in enumerate(keys, start=1)]
            excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
            with warnings.catch_warnings():  # openpyxl warns that write-only tables need columns, given above
                warnings.simplefilter("ignore", UserWarning)
                worksheet.add_table(excel_table)
        cells, value_at = itemgetter(*keys), keys.index("value")

        def data_row(row: dict) -> list:
            items = list(cells(row))
            items[value_at] = (row["value"], row["unit"])
            return items

        sheet.stream(map(data_row, observations.rows), len(observations.rows))

    def _write_sources(self, worksheet, observations) -> None:
        sources = self.dataset.sources
        counts = Counter(map(itemgetter("source"), observations.rows))
        headers = [self.label(key) for key in ("id", "title", "publisher", "published", "url", "document", "figures")]
        rows = [[source_id, source["title"], source["publisher"], source["published"], _Link(source["url"]), source["document"], counts.get(source_id, 0)] for source_id, source in sources.iterrows()]
        quote_keys = ("source", "park", "indicator", "period", "raw", "quote")
        quote_headers = [self.label(key) for key in quote_keys]
        widths = _widest(_widths(headers, rows), _record_widths(observations.rows, quote_keys, measured=self.measured))
        sheet = _Sheet(self, worksheet, headers, widths, freeze="A2")
        for row in rows:
            sheet.append(row)
        sheet.append([], count=False)
        sheet.append([_Heading(self.label("quotes"))], count=False)
        sheet.append_header(quote_headers)
        order = {source_id: position for position, source_id in enumerate(sources.index)}
        quotes = sorted(observations.rows, key=lambda row: order.get(row["source"], len(order)))
        sheet.stream(map(itemgetter(*quote_keys), quotes), len(quotes))

    def _write_coverage(self, worksheet) -> int:
        """Parks down, core indicators across: the period of each latest figure, as `parkmetrics coverage` shows it."""
        from ..analysis.coverage import coverage_table

        dataset = self.dataset
        parks = dataset.zones
        present = set(dataset.observations["indicator"])  # a dataset without core indicators: every one with a figure
        indicators = dataset.core_indicators or [indicator for indicator in dataset.indicators.index if indicator in present]
        table = coverage_table(dataset, self.lang, parks, indicators)
        keys = ["park", "name", *indicators, "count", "best_year", "best_year_core"]
        headers = [self.label("park_id"), self.label("park_name")]
        headers += [dataset.indicator_name(indicator, self.lang) for indicator in indicators]
        headers += [self.label(key) for key in ("count", "best_year", "best_year_core")]
        rows = [[row[key] or None for key in keys] for row in table.rows]
        sheet = _Sheet(self, worksheet, headers, _widths(headers, rows), freeze="C2")
        sheet.stream(rows, len(rows))
        return len(rows)

    def _write_indicators(self, worksheet) -> None:
        table = indicators_table(self.dataset, self.lang)
        keys = ("id", "name_zh", "name_en", "unit", "measure", "direction", "definition", "parks")
        definitions = self.dataset.indicators["definition"]
        words = {"unit", "measure", "direction"}
        rows = [[definitions[entry["id"]] if key == "definition" else self.term(entry[key]) if key in words else entry[key] for key in keys] for entry in table.rows]
        headers = [self.label(key) for key in keys]
        _Sheet(self, worksheet, headers, _widths(headers, rows), freeze="B2").stream(rows, len(rows))

    def _write_about(self, worksheet, command_line: str, notes: list[str]) -> None:
        dataset = self.dataset
        facts = [
            (("报告", "Report"), self.word(TITLE)),
            (("数据集", "Dataset"), ", ".join(dataset.layers)),
            (("数据集 SHA-256", "Dataset SHA-256"), dataset_fingerprint(dataset)),
            (("parkmetrics 版本", "parkmetrics version"), __version__),
            (("生成时间", "Generated"), self.generated.isoformat(timespec="seconds")),
            (("命令", "Command line"), command_line),
            (("园区", "Parks"), len(dataset.parks)),
            (("指标", "Indicators"), len(dataset.indicators)),
            (("来源", "Sources"), len(dataset.sources)),
            (("数据条数", "Figures"), len(dataset.observations)),
            (("因问题未收入的行", "Rows left out for problems"), len(dataset.problems)),
        ]
        sheet = _Sheet(self, worksheet, None, widths=[24, 110])
        for label, value in facts:
            sheet.append([self.word(label), value], count=False)
        for conflict in dataset.conflicts:
            sheet.append([self.word(("数据层冲突", "Layer conflict")), conflict], count=False)
        for heading, lines in ((self.label("reading"), [self.word(note) for note in READING_NOTES]), (self.label("notes"), notes)):
            if lines:
                sheet.append([], count=False)
                sheet.append([_Heading(heading)], count=False)
                for line in lines:
                    sheet.append([None, _Wrapped(line)], count=False)
        sheet.set_print_area(sheet.next_row - 1)

    def figure_note(self, period: str, qualifier: str, scope: str) -> str:
        """'2022 · more than · †医药化工产业链': what a bare number in the next column cannot say."""
        parts = [period]
        word = self.qualifier_word(qualifier)
        if word:
            parts.append(word)
        if scope != schema.WHOLE_PARK:
            parts.append(f"{PART_MARK}{scope}")
        return " · ".join(parts)


class _CompositeBlock:
    """One composite ranking on the Rankings sheet: heading, header, one row per park (ranked ones first), notes.

    Each indicator of the profile gets three columns: the figure used, its period and
    qualifier, and its normalised score, so every score can be checked by hand.
    """

    def __init__(self, report: _Report, result):
        from ..analysis.composite import result_table

        self.report, self.result = report, result
        profile, dataset, lang = result.profile, result.dataset, report.lang
        table = result_table(result, lang, verbose=True)
        keys = ["rank", "park_id", "park_name", "score", "coverage"]
        if profile.classes:
            keys.append("class")
        if result.simulation is not None:
            keys += ["rank_median", "rank_low", "rank_high"]
        self.headers = [report.label(key) for key in keys] + [report.label("inexact")]
        units = {indicator: dataset.indicators.at[indicator, "unit"] for indicator in profile.ids}
        for indicator in profile.ids:
            name = dataset.indicator_name(indicator, lang)
            self.headers += [f"{name} ({report.term(units[indicator])})", report.label("note"), report.word((f"{name} 得分", f"{name} score"))]
        self.headers.append(report.word(LABELS["note"]))  # the reason a park is not ranked, as rank says it
        # 1-based: the keys, the inexact column, then value, note and score of each indicator.
        self.score_columns = [keys.index("score") + 1] + [len(keys) + 4 + 3 * position for position in range(len(profile.ids))]
        qualifiers = {(park, indicator): qualifier for park, indicator, qualifier in zip(result.figures["park"], result.figures["indicator"], result.figures["qualifier"])}
        self.rows = []
        for entry in table.rows:
            row = [entry.get("rank"), entry["park"], entry["name"], _figure(entry.get("score"), ""), (entry["coverage"], "%")]
            if profile.classes:
                row.append(entry.get("class"))
            if result.simulation is not None:
                row += [entry.get("rank_median"), entry.get("rank_low"), entry.get("rank_high")]
            row.append(entry.get("inexact") or None)
            for indicator in profile.ids:
                value, period = entry.get(f"{indicator}.value"), entry.get(f"{indicator}.period")
                note = report.figure_note(period, qualifiers[(entry["park"], indicator)], schema.WHOLE_PARK) if period else None
                row += [_figure(value, units[indicator]), note, _figure(entry.get(f"{indicator}.score"), "")]
            row.append(entry["note"].shown(report.lang) if entry.get("note") else None)
            self.rows.append(row)
        self.notes = table.notes + table.warnings

    def write(self, sheet: _Sheet) -> None:
        profile, report = self.result.profile, self.report
        title = profile.word("title", report.lang) or profile.name
        sheet.append([_Heading(report.word((f"综合排名：{title}（{profile.name}）", f"Composite ranking: {title} ({profile.name})")))], count=False)
        ranked = len(self.result.scores)
        if not ranked:
            self._write_coverage(sheet)
            return
        sheet.append_header(self.headers)
        first = sheet.next_row
        for row in self.rows:
            sheet.append(row)
        if ranked >= 2:
            for column in self.score_columns:
                sheet.colour_scale(_range(column, first, column, first + ranked - 1), "higher")
        for note in self.notes:
            sheet.append([note], count=False)
        sheet.append([], count=False)

    def _write_coverage(self, sheet: _Sheet) -> None:
        """A profile that ranks no park: why, in one line, then each park's coverage and what it lacks."""
        report, minimum = self.report, f"{self.result.profile.min_coverage * 100:.1f}".rstrip("0").rstrip(".")
        sheet.append(
            [
                report.word(
                    (
                        f"没有园区参与排名：没有园区的数字覆盖权重的 {minimum} %（最低覆盖率）；以下是各园区的覆盖率和所缺指标。",
                        f"No park is ranked: no park has figures for {minimum} % of the weight (the minimum coverage); below, each park's coverage and what it lacks.",
                    )
                )
            ],
            count=False,
        )
        sheet.append_header([report.label(key) for key in ("park_id", "park_name", "coverage")] + [report.word(LABELS["note"])])
        for row in self.rows:
            sheet.append([row[1], row[2], row[4], row[-1]])
        sheet.append([], count=False)


@dataclasses.dataclass(frozen=True)
class _Link:
    url: str


@dataclasses.dataclass(frozen=True)
class _Heading:
    text: str


@dataclasses.dataclass(frozen=True)
class _Wrapped:
    text: str


class _Sheet:
    """One write-only worksheet: widths, panes and header first, then a few rows by openpyxl, then streamed rows."""

    def __init__(self, report: _Report, worksheet, headers, widths, freeze: str | None = None):
        self.report = report
        self.worksheet = worksheet
        self.next_row = 1
        for number, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(number)].width = width
        if freeze:
            worksheet.freeze_panes = freeze
        self.columns = len(widths)
        _print_setup(worksheet, widths, repeat_header=headers is not None)
        if headers is not None:
            self.append_header(headers)

    def set_print_area(self, last_row: int) -> None:
        self.worksheet.print_area = f"A1:{get_column_letter(max(1, self.columns))}{max(1, last_row)}"

    def colour_scale(self, cells: str, direction: str) -> None:
        low, middle, high = _COLOUR_SCALES.get(direction, _COLOUR_SCALES["neutral"])
        if middle is None:
            rule = ColorScaleRule(start_type="min", start_color=low, end_type="max", end_color=high)
        else:
            rule = ColorScaleRule(start_type="min", start_color=low, mid_type="percentile", mid_value=50, mid_color=middle, end_type="max", end_color=high)
        self.worksheet.conditional_formatting.add(cells, rule)

    def append_header(self, headers) -> None:
        self._append([self.text_cell(header, style=_HEADER_STYLE) for header in headers])

    def append(self, row, count: bool = True) -> None:
        self._append([self.cell(item) for item in row])
        if count:
            self.report.advance()

    def _append(self, cells) -> None:
        self.worksheet.append(cells)
        self.next_row += 1

    def stream(self, rows, count: int, last_row: int = 0) -> None:
        """count rows of None, str, int and (value, unit), written when the file is saved after every appended row.

        The print area ends after them, or at last_row when something (a chart) reaches further.
        """
        self.set_print_area(max(self.next_row - 1 + count, last_row))
        report = self.report
        report.streams[self.worksheet] = StreamedRows(self.next_row, rows, report.number_style, report.quote_style, report.alterations, report.advance)

    def cell(self, item):
        if item is None or isinstance(item, int):
            return item
        if isinstance(item, tuple):  # (value, unit), as streamed rows hold figures
            value, unit = item
            cell = WriteOnlyCell(self.worksheet, value)
            cell.number_format = number_format(value, unit)
            return cell
        if isinstance(item, str):
            text = self.report.alterations.storable(item)
            return self.text_cell(text) if text is not None and needs_protection(text) else text
        if isinstance(item, _Link):
            if not safe_link(item.url):
                return self.cell(item.url)
            return self.text_cell(item.url, style="Hyperlink", hyperlink=item.url)
        if isinstance(item, _Heading):
            return self.text_cell(item.text, font=Font(bold=True, size=12))
        if isinstance(item, _Wrapped):
            return self.text_cell(item.text, alignment=Alignment(wrap_text=True, vertical="top"))
        raise TypeError(f"no cell for {item!r}")

    def text_cell(self, text: str | None, style: str | None = None, **attributes):
        """A styled cell whose text stays text: never a formula, never an error value."""
        text = self.report.alterations.storable(text)
        if text is None:
            return None
        cell = WriteOnlyCell(self.worksheet, text)
        cell.data_type = "s"  # openpyxl would store '=…' as a formula and '#N/A' as an error
        if style:
            cell.style = style  # a named style replaces every other attribute, so it goes first
        for name, value in attributes.items():
            setattr(cell, name, value)
        if needs_protection(text):
            cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
        return cell


PORTRAIT_WIDTH = 100  # column widths (Excel character units) an A4 portrait page holds legibly
A4 = 9  # paperSize code of A4 in SpreadsheetML


def _print_setup(worksheet, widths, repeat_header: bool) -> None:
    """Print on A4, every column on one page width (landscape when wide), the header row on every page."""
    setup = worksheet.page_setup
    setup.paperSize = A4
    setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages tall as the rows need
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_options.gridLines = True
    if repeat_header:
        worksheet.print_title_rows = "1:1"


def _range(first_column: int, first_row: int, last_column: int, last_row: int) -> str:
    return f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"


def _item_width(item) -> int:
    if isinstance(item, str):
        return min(display_width(item), _WIDTH_CAPS["text"])
    if isinstance(item, tuple):
        text = format_number(item[0], grouping=True)
        return min(len(text) + (0 if is_count(item[1]) or "." in text else 3), _WIDTH_CAPS["number"])
    if isinstance(item, _Link):
        return min(display_width(item.url), _WIDTH_CAPS["text"])
    return 0 if item is None else len(str(item))


def _widths(headers, rows) -> list[float]:
    """Fit each column to its widest cell, wide characters counted twice; long headers wrap instead."""
    widths = [min(display_width(header or ""), _WIDTH_CAPS["header"]) for header in headers or []]
    columns = max([len(widths)] + [len(row) for row in rows])
    widths += [0] * (columns - len(widths))
    for number in range(columns):
        distinct = {row[number] for row in rows if number < len(row)}
        widths[number] = max([widths[number], *map(_item_width, distinct)])
    return [max(6, width + 2) for width in widths]


def _widest(*column_widths: list[float]) -> list[float]:
    """Widths for tables that share a sheet: each column as wide as its widest table needs."""
    return [max(widths) for widths in itertools.zip_longest(*column_widths, fillvalue=0)]


def _record_widths(records, keys, numeric: str | None = None, measured: dict | None = None) -> list[float]:
    """Column widths of a large sheet of records: each distinct text measured once, stopping at the cap.

    measured holds the widths already found for these same records, so a second sheet
    showing some of the columns does not measure them again.
    """
    measured = {} if measured is None else measured
    for key in keys:
        if (key, key == numeric) not in measured:
            measured[(key, key == numeric)] = _WIDTH_CAPS["number"] if key == numeric else _text_width(records, key)
    return [measured[(key, key == numeric)] for key in keys]


def _text_width(records, key: str) -> float:
    width, cap = display_width(key), _WIDTH_CAPS["text"]
    texts = set(map(itemgetter(key), records)) - {None, ""}
    if texts and display_width(max(texts, key=len)) >= cap:
        return cap + 2  # quotes: the longest alone fills the column, so a million of them need no sorting
    # Longest first: a text is at most twice its length wide, so once one cannot be wider, none after it can.
    for text in sorted(texts, key=len, reverse=True):
        if 2 * len(text) <= width:
            break
        width = max(width, min(display_width(text), cap))
        if width >= cap:
            break
    return max(6, width + 2)


def _check_fits(parks: int, observations: int, sources: int) -> None:
    """Refuse, before writing anything, a report larger than an Excel sheet can hold."""
    compare_columns = 4 + 2 * parks + (2 if parks == 2 else 0)
    if compare_columns > MAX_COLUMNS:
        most = (MAX_COLUMNS - 4) // 2
        raise OutputError(f"the Compare sheet has room for {most:,} parks and this report has {parks:,}; choose parks with --parks")
    if observations + sources + 4 > MAX_ROWS:
        raise OutputError(f"{observations:,} figures do not fit in one Excel sheet ({MAX_ROWS:,} rows); choose parks with --parks, or use `parkmetrics data --format csv`")
