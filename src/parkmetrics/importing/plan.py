"""Bring figures from a user's CSV/TSV/XLSX table into a dataset directory.

`plan_import` reads the table, finds its header row and layout (long: one
figure per row; wide: one indicator per column), maps parks, indicators,
periods, figures and sources onto the dataset, and classifies every figure as
added, identical (already present), conflict (present with another value) or
rejected (with file:row:column: reason). Nothing is written until
`apply_import`. What the plan adds is checked by the loader's own validation
as well, so an import never writes a row that `parkmetrics validate` refuses.
See docs/import.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import FigureError, ParkmetricsError, UnitError, UsageError
from ..core.figures import EXACT, INFIX_QUALIFIERS, PREFIX_QUALIFIERS, QUALIFIER_WORDS, QUALIFIERS, SUFFIX_QUALIFIERS, exact_number, format_number, parse_figure
from ..core.i18n import place_pinyin
from ..core.periods import DATE_PARTS, PeriodWithoutYear, header_period, read_period, stock_period
from ..core.textnorm import cleaned, normalize, text_breach
from ..core.units import MULTIPLIERS, conversion_factor, round_significant
from ..data import schema
from ..data.loading import BUNDLED, layer_label, layer_path, load
from ..data.model import Dataset, closest_ids, name_key
from .headers import LONG, PERIODS, WIDE, Column, describe, header_role, split_header_unit
from .reading import Sheet, is_blank, read_sheet

HEADER_SEARCH_ROWS = 20
PREVIEW_ROWS = 5  # rows a dry run shows as they would be stored

# What a role column is read as, for the mapping a dry run shows.
ROLE_MEANINGS = {
    "raw": "figure as written",
    "value": "number",
    "unit": "unit of the row's figures",
    "source": "source (id or title)",
    "title": "source title",
    "url": "source address",
    "published": "source date",
    "publisher": "source publisher",
    "tier": "source tier",
    "serial": "row number; ignored",
    "ignored": "ignored (a second column of its kind)",
}

# Words of a status column, or of a qualifier column that names a status.
STATUS_WORDS = {
    schema.ACTUAL: ("actual", "实际", "完成", "实绩"),
    schema.TARGET: ("target", "目标", "力争", "计划", "拟", "规划"),
    schema.ESTIMATE: ("estimate", "预计", "预估", "预测"),
}
_STATUS_BY_WORD = {name_key(word): status for status, words in STATUS_WORDS.items() for word in words}
# Words of a qualifier column that say on what basis a rate is computed: kept in the note.
BASIS_WORDS = ("同口径", "可比口径", "可比价", "现价", "不变价", "同比", "环比")
_QUALIFIER_BY_WORD = {**SUFFIX_QUALIFIERS, **INFIX_QUALIFIERS, **PREFIX_QUALIFIERS, **{q: q for q in QUALIFIERS}}
# Cells that say "no figure here" in a wide table.
NO_DATA = ("-", "--", "—", "/", "无", "暂无", "不详", "n/a", "na")
# A park cell that marks a total or average row, not a park.
TOTAL_WORDS = ("合计", "总计", "小计", "平均", "平均值", "total", "sum", "average")
# Endings of park names left out of a new park's id: 苏州工业园区 -> suzhou.
GENERIC_PARK_ENDINGS = (
    "经济技术开发区",
    "高新技术产业开发区",
    "高新技术开发区",
    "经济开发区",
    "产业开发区",
    "工业集中区",
    "工业园区",
    "产业园区",
    "高新区",
    "经开区",
    "开发区",
    "工业园",
    "产业园",
    "新区",
    "园区",
)
# Readings pypinyin gets wrong in place names when no phrase decides them (长丰 is Changfeng).
IMPORTED = "<import>"
# Columns that name a figure's source; a table without any needs --source-title or --source-url.
SOURCE_ROLES = ("source", "title", "url")
NO_SOURCE = "no source; fill the source or url column, or pass --source-title (and --source-url, --source-date)"


@dataclass
class ImportOptions:
    layout: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mappings: tuple[str, ...] = ()  # 'column or indicator name=indicator_id'
    park: str | None = None  # for rows (or a whole wide sheet) without a park
    park_ids: tuple[str, ...] = ()  # 'park name=id' for new parks
    period: str | None = None  # for rows without a period
    percent_as_fraction: bool = False
    source_title: str | None = None
    source_url: str | None = None
    source_date: str | None = None
    replace: bool = False
    layers: tuple[str, ...] = ()  # other datasets whose parks names resolve to [default: bundled]


@dataclass
class Finding:
    """One line of the import report: `kind: file:row:column: message`."""

    kind: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.location}: {self.message}"


@dataclass
class ImportPlan:
    """What an import would change, and what it found, before anything is written."""

    directory: Path
    label: str
    layout: str = ""
    added: list[dict] = field(default_factory=list)
    replacements: dict[int, dict] = field(default_factory=dict)  # existing observation index -> new row
    identical: int = 0
    conflicts: list[Finding] = field(default_factory=list)
    rejected: list[Finding] = field(default_factory=list)
    rejected_count: int = 0  # an unmapped wide column is one finding for all its cells
    new_parks: list[dict] = field(default_factory=list)
    new_sources: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # of the header, as they were read

    def mapping(self) -> list[str]:
        """What each column of the header was read as: 'COLUMN -> indicator gdp, unit 亿元'."""
        lines = []
        for column in self.columns:
            if column.role:
                meaning = ROLE_MEANINGS.get(column.role, column.role)
            elif column.period:
                meaning = f"period {column.period}"
            elif column.indicator:
                meaning = f"indicator {column.indicator}" + (f", unit {column.unit}" if column.unit else "")
            elif column.problem:
                meaning = f"not imported: {column.problem}"
            elif column.header.strip():
                meaning = "ignored"
            else:
                continue
            lines.append(f"{describe(column)} -> {meaning}")
        return lines

    def preview(self, count: int = PREVIEW_ROWS) -> list[str]:
        """The first rows as they would be written to observations.csv, header first, as CSV lines."""
        import csv
        import io

        rows = [*self.added, *self.replacements.values()][:count]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=schema.COLUMNS[schema.OBSERVATIONS], extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().splitlines() if rows else []

    @property
    def unresolved_conflicts(self) -> int:
        return sum(finding.kind == "conflict" for finding in self.conflicts)

    @property
    def has_problems(self) -> bool:
        return bool(self.rejected_count or self.unresolved_conflicts)

    def summary(self) -> str:
        replaced = len(self.conflicts) - self.unresolved_conflicts
        conflicts = f"conflicts {len(self.conflicts)}" + (f" ({replaced} replaced)" if replaced else "")
        return f"added {len(self.added)}, identical {self.identical}, {conflicts}, rejected {self.rejected_count}"

    def reject(self, location: str, message: str, count: int = 1, kind: str = "rejected") -> None:
        self.rejected.append(Finding(kind, location, message))
        self.rejected_count += count


class _Reject(Exception):
    """A figure that cannot be imported: the role of the column at fault, and why."""

    def __init__(self, role: str, message: str):
        super().__init__(message)
        self.role = role
        self.message = message


@dataclass
class _Record:
    """One figure of the input, with the text (and header) of every column that describes it."""

    row: int
    cells: dict[str, str]
    headers: dict[str, str]
    figure_header: str
    indicator: str | None = None  # known from a wide column
    header_unit: str = ""

    def get(self, role: str) -> str:
        return self.cells.get(role, "").strip()

    def location(self, label: str, role: str) -> str:
        """file:row:column of the cell at fault; the figure's own cell for role 'raw'."""
        header = self.figure_header if role == "raw" else self.headers.get(role, self.figure_header)
        return f"{label}:{self.row}:{header}"


def plan_import(path: str | os.PathLike, directory: str | os.PathLike, options: ImportOptions, progress: Callable[[Iterable], Iterable] | None = None) -> ImportPlan:
    """Read path and work out what importing it into directory would do; write nothing."""
    dataset = load([directory])
    others = [layer for layer in options.layers or (BUNDLED,) if layer_path(layer).resolve() != layer_path(directory).resolve()]
    other = load(others) if others else None
    sheet = read_sheet(path, options.encoding, options.sheet)
    plan = ImportPlan(layer_path(directory), layer_label(directory))
    if sheet.encoding == "big5" and not options.encoding:
        plan.notes.append(f"{sheet.label} looks like Big5 (traditional Chinese) and was read as Big5; pass --encoding if that is wrong")
    context = _Context(dataset, options, other)
    records = _records(sheet, context, plan)
    candidates, sourceless = [], 0
    unsourced_table = context.default_source is None and not any(column.role in SOURCE_ROLES for column in plan.columns)
    for record in progress(records) if progress else records:
        try:
            candidates.append((record, context.observation(record)))
        except _Reject as reject:
            if reject.message == NO_SOURCE and unsourced_table:
                sourceless += 1  # the same for every figure: said once below
            else:
                plan.reject(record.location(sheet.label, reject.role), reject.message)
    if sourceless:
        plan.reject(
            sheet.label,
            f"no figure has a source: the table has no 来源/source, 来源标题/title or 链接/url column; name the "
            f"source of all its figures with --source-title TITLE (and --source-url, --source-date); "
            f"{sourceless} figure(s) not imported",
            count=sourceless,
        )
    _classify(candidates, context, plan, sheet.label)
    _check_with_validation(plan, context)
    written = [*plan.added, *plan.replacements.values()]
    parks, sources = {row["park"] for row in written}, {row["source"] for row in written}
    # A park or source is added only together with a figure that names it.
    plan.new_parks = [park for park in context.new_parks.values() if park["id"] in parks]
    plan.new_sources = [source for source in context.new_sources.values() if source["id"] in sources]
    plan.warnings += _percent_hints(candidates, options)
    return plan


def apply_import(plan: ImportPlan) -> None:
    """Write what the plan adds and replaces, atomically (see writing.update_dataset)."""
    from ..data.writing import update_dataset

    update_dataset(
        plan.directory,
        parks=plan.new_parks,
        sources=plan.new_sources,
        observations=[_public(row) for row in plan.added],
        replacements={index: _public(row) for index, row in plan.replacements.items()},
    )


def _public(row: dict) -> dict:
    return {key: value for key, value in row.items() if not key.startswith("_")}


# --- header row, layout and records -------------------------------------------------


def _records(sheet: Sheet, context: _Context, plan: ImportPlan) -> list[_Record]:
    start, data_start, columns, plan.layout = _find_header(sheet, context)
    plan.columns = columns
    header_row = sheet.rows[start][0]
    if data_start > start + 1:
        plan.notes.append(f"{sheet.label}:{header_row}-{sheet.rows[data_start - 1][0]}: a header of {data_start - start} rows, read together")
    for number, cells in sheet.rows[:start]:
        if not is_blank(cells):
            plan.notes.append(f"{sheet.label}:{number}: above the header, taken as a title: {' '.join(c.strip() for c in cells if c.strip())}")
    role_columns = []
    for column in columns:
        if column.role and column.role in {other.role for other in role_columns}:
            plan.notes.append(f"{sheet.label}:{header_row}:{describe(column)}: a second {column.role} column; ignored")
            column.role = "ignored"
        elif column.role:
            role_columns.append(column)
    headers = {column.role: describe(column) for column in role_columns}
    records, blank, no_data, without_figure, cleaned_cells = [], 0, 0, [], 0
    for number, cells in sheet.rows[data_start:]:
        if is_blank(cells):
            blank += 1
            continue
        stored = [cleaned(cell) for cell in cells]
        cleaned_cells += sum(new != old for new, old in zip(stored, cells))
        cells = stored
        role_cells = {column.role: _cell(cells, column.index) for column in role_columns}
        found = 0
        if plan.layout == LONG:
            role = "raw" if role_cells.get("raw", "").strip() else "value"
            if role_cells.get(role, "").strip():
                records.append(_Record(number, role_cells, headers, headers[role]))
                found = 1
        else:
            for column in columns:
                text = _cell(cells, column.index).strip()
                if column.role or not text:  # 'ignored' columns too
                    continue
                if text.casefold() in NO_DATA:
                    no_data += 1
                elif column.period:
                    records.append(_Record(number, {**role_cells, "raw": text, "period": column.period}, headers, describe(column)))
                elif column.indicator is None:
                    column.unmapped_cells += 1
                else:
                    records.append(_Record(number, {**role_cells, "raw": text}, headers, describe(column), column.indicator, column.unit))
                found += 1
        if not found:
            without_figure.append(number)
    for column in columns:
        if column.unmapped_cells:
            plan.reject(f"{sheet.label}:{header_row}:{describe(column)}", f"{column.problem}; {column.unmapped_cells} figure(s) not imported", count=column.unmapped_cells, kind="unmapped column")
        elif plan.layout == LONG and column.role is None and column.header.strip():
            plan.notes.append(f"{sheet.label}:{header_row}:{describe(column)}: not a column of a long table; ignored")
    if without_figure:
        listed = ", ".join(map(str, without_figure[:10])) + (f" and {len(without_figure) - 10} more" if len(without_figure) > 10 else "")
        plan.notes.append(f"{sheet.label}: no figure in row(s) {listed}; skipped")
    if blank:
        plan.notes.append(f"{blank} blank row(s) skipped")
    if no_data:
        plan.notes.append(f"{no_data} cell(s) marked as having no figure ({' '.join(NO_DATA)}) skipped")
    if cleaned_cells:
        plan.notes.append(
            f"{sheet.label}: {cleaned_cells} cell(s) held invisible characters (zero-width spaces, direction marks) or CR line ends; the characters were removed and line ends written as LF"
        )
    return records


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _find_header(sheet: Sheet, context: _Context) -> tuple[int, int, list[Column], str]:
    """The first row that reads as a header, the first row of data after it, its columns and layout.

    Rows above the header are titles. A sheet with periods across may have a header of two
    rows (a merged 年份 or 2023年1-9月 above 2023年, 2022年 or 本期, 上年同期).
    """
    layout = context.options.layout
    filled = [(position, cells) for position, (_, cells) in enumerate(sheet.rows) if not is_blank(cells)]
    if not filled:
        raise UsageError(f"{sheet.label} is empty: there is no header row and no figure to import")
    for order, (position, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        columns = [Column(index, header, header_role(header)) for index, header in enumerate(cells)]
        roles = {column.role for column in columns}
        if layout in (LONG, None) and "indicator" in roles and roles & {"raw", "value"}:
            return position, position + 1, columns, LONG
        if layout in (PERIODS, None) and "indicator" in roles and not roles & {"raw", "value"}:
            below = sheet.rows[position + 1][1] if position + 1 < len(sheet.rows) else []
            rows = _period_columns(columns, _title_year([row for _, row in filled[:order]]), below)
            if rows:
                if "park" not in {column.role for column in columns} and not context.options.park:
                    raise UsageError(f"{sheet.label} has indicators down and periods across but no 园区/park column; name the park of its figures with --park NAME")
                return position, position + rows, columns, PERIODS
        if layout in (WIDE, None) and ("park" in roles or context.options.park):
            for column in columns:
                if not column.role:
                    context.map_column(column)
            if any(column.indicator for column in columns):
                return position, position + 1, columns, WIDE
    needs = {
        LONG: "a long table needs 指标/indicator and 数值/value (or 原文数值/raw) columns",
        WIDE: "a wide table needs a 园区/park column (or --park) and columns named by indicators (see `parkmetrics indicators`, or --map 'column=indicator_id')",
        PERIODS: "a sheet with periods across needs a 指标名称/indicator column and columns named by periods (2023年, 1-9月, 上年同期)",
    }
    wanted = needs[layout] if layout else "; ".join(needs.values())
    sheets = f" (the workbook has other sheets: {', '.join(sheet.other_sheets)}; choose one with --sheet)" if sheet.other_sheets else ""
    raise UsageError(f"cannot find the header row of {sheet.label} in its first {HEADER_SEARCH_ROWS} rows{sheets}: {wanted}")


def _title_year(rows: list[list[str]]) -> int | None:
    """The one year the title rows name (2023年园区主要经济指标), if they name exactly one."""
    years = {int(year) for cells in rows for cell in cells for year in re.findall(r"(\d{4})\s*年", normalize(cell))}
    return years.pop() if len(years) == 1 else None


def _period_columns(columns: list[Column], year: int | None, below: list[str]) -> int:
    """Give the columns of a header with periods across their periods; return its rows (1 or 2), or 0.

    One row: 2023年 | 2022年 | 1-9月 | 上年同期. Two rows: a merged header (年份, 2023年1-9月)
    above the columns' own headers (2023年 | 2022年, 本期 | 上年同期), which only the first
    column of a merged range carries.
    """
    indicator = next(column for column in columns if column.role == "indicator")
    # A second header row leaves the indicator column empty (merged from above); a data row names an indicator.
    if below and not is_blank(below) and not _cell(below, indicator.index).strip() and _two_row_periods(columns, year, below):
        return 2
    free = [column for column in columns if column.role is None]
    return 1 if _read_periods(free, [column.header for column in free], [None] * len(free), year) else 0


def _two_row_periods(columns: list[Column], year: int | None, below: list[str]) -> bool:
    """Read the periods of a two-row header; a merged header's text stands over the blank cells right of it."""
    spanned, groups, texts, group = [], [], [], None
    for column in columns:
        top, bottom = column.header.strip(), _cell(below, column.index).strip()
        if top and column.role not in (None, "period"):
            group = None
            continue
        if top:
            group = top
        if group is None or not (bottom or top):
            continue
        spanned.append(column)
        groups.append(group if bottom else None)
        texts.append(bottom or top)
    if not _read_periods(spanned, texts, groups, year):
        return False
    for column, text, group in zip(spanned, texts, groups):
        column.role, column.header = None, f"{group} {text}" if group else text
    return True


def _read_periods(columns: list[Column], texts: list[str], groups: list[str | None], year: int | None) -> bool:
    """Read each column's period from its header text (and merged header above); True if any reads."""
    found, before = False, None
    for column, text, group in zip(columns, texts, groups):
        column.period, column.problem = "", ""
        if not text.strip():
            column.problem = "the column has no header; write its period in the header row"
            continue
        group_period = None
        if group:
            try:
                group_period = header_period(group, year, None, None)
            except UsageError:
                group_period = None
        try:
            column.period = header_period(text, year, group_period, before)
            before, found = column.period, True
        except PeriodWithoutYear as error:  # a period all the same: its cells are reported, not read as a header
            column.problem, found = str(error), True
        except UsageError as error:
            column.problem = str(error)
    return found


# --- mapping one figure --------------------------------------------------------------


class _Context:
    """The dataset imported into, the run's options, and one answer per distinct text."""

    def __init__(self, dataset: Dataset, options: ImportOptions, other: Dataset | None = None):
        self.dataset = dataset
        self.options = options
        # The parks of the other layers (--data, by default the bundled dataset), which a name may resolve to.
        self.other_parks = other.parks if other is not None else None
        self.other_park_lookup = other.park_lookup() if other is not None else {}
        self.mappings = {key: _known_indicator(dataset, target) for key, target in _pairs(options.mappings, "--map", "'列名=indicator_id'").items()}
        self.park_ids = _pairs(options.park_ids, "--park-id", "'园区名称=park_id'")
        for park_id in self.park_ids.values():
            if not schema.SLUG.match(park_id):
                raise UsageError(f"--park-id: '{park_id}' is not an id; use lower-case ASCII letters, digits, - and _")
        self.units = dataset.indicators["unit"].to_dict()
        self.measures = dataset.indicators["measure"].to_dict()
        self.park_lookup = dataset.park_lookup()
        self.indicator_lookup = dataset.indicator_lookup()
        self.new_parks: dict[str, dict] = {}
        self.new_sources: dict[str, dict] = {}
        self.sources_by_url = {row.url: source_id for source_id, row in dataset.sources.iterrows() if row.url}
        self.sources_by_title = {row.title: source_id for source_id, row in dataset.sources.iterrows() if not row.url}
        self.default_source = _default_source(options)
        self._answers: dict = {}

    def _once(self, kind: str, key, compute):
        """compute(key) once per distinct key; a rejection is remembered like an answer."""
        if (kind, key) not in self._answers:
            try:
                self._answers[kind, key] = compute(key)
            except _Reject as reject:
                self._answers[kind, key] = reject
        answer = self._answers[kind, key]
        if isinstance(answer, _Reject):
            raise answer
        return answer

    # indicators

    def map_column(self, column: Column) -> None:
        """Resolve a wide column's header to an indicator, or say why it maps to none."""
        if not column.header.strip():
            column.problem = "the column has no header; write its indicator in the header row"
            return
        try:
            column.indicator, column.unit = self.indicator(column.header)
        except _Reject as reject:
            column.problem = reject.message

    def indicator(self, name: str) -> tuple[str, str]:
        """(indicator id, unit named in the header) for a column header or indicator name."""
        return self._once("indicator", name.strip(), self._indicator)

    def _indicator(self, name: str) -> tuple[str, str]:
        if not name:
            raise _Reject("indicator", "no indicator; name one in the indicator column")
        bare, unit = split_header_unit(name)
        for candidate, candidate_unit in ((name, ""), (bare, unit)):
            key = name_key(candidate)
            if key in self.mappings:
                return self.mappings[key], candidate_unit
            found = self.indicator_lookup.get(key, set())
            if len(found) > 1:
                raise _Reject("indicator", f"'{name}' names several indicators ({', '.join(sorted(found))}); choose one with --map '{name}=ID'")
            if found:
                return next(iter(found)), candidate_unit
        ids = closest_ids(bare, self.indicator_lookup, cutoff=0.6)
        hint = f"did you mean {', '.join(ids)}? " if ids else ""
        raise _Reject("indicator", f"no indicator named '{name}'; {hint}map it with --map '{name}=INDICATOR_ID' or add it to the aliases in indicators.csv")

    # parks

    def park(self, name: str) -> str:
        return self._once("park", name.strip(), self._park)

    def _park(self, name: str) -> str:
        if not name:
            raise _Reject("park", "no park; fill the park column or pass --park")
        key = name_key(name)
        if key in TOTAL_WORDS:
            raise _Reject("park", f"'{name}' marks a total or average row, not a park")
        found = self.park_lookup.get(key, set())
        if len(found) > 1:
            raise _Reject("park", f"'{name}' names several parks ({', '.join(sorted(found))}); write the park's id")
        if found:
            return next(iter(found))
        found = self.other_park_lookup.get(key, set())
        if len(found) > 1:
            raise _Reject("park", f"'{name}' names several parks of {self._other_files(found)} ({', '.join(sorted(found))}); write the park's id")
        if found and self.park_ids.get(key, next(iter(found))) in found:  # --park-id may choose another id: a park of its own
            return self._copy_park(key, next(iter(found)))
        taken = set(self.dataset.parks.index) | {park["id"] for park in self.new_parks.values()}
        if self.other_parks is not None:
            taken |= set(self.other_parks.index)  # a new park never takes the id of a park of another layer
        park_id = self.park_ids.get(key) or _unique(park_slug(name), taken)
        if park_id in taken:
            raise _Reject("park", f"--park-id gives '{name}' the id {park_id}, which another park has; choose another id")
        self.new_parks[key] = dict.fromkeys(schema.COLUMNS[schema.PARKS], "") | {"id": park_id, "name_zh": name}
        self.park_lookup[key] = {park_id}
        return park_id

    def _copy_park(self, key: str, park_id: str) -> str:
        """A park of another layer: the same id, and its whole record, so this dataset stands on its own
        and, layered with the other, repeats the park instead of shadowing it with an empty one."""
        if park_id in self.dataset.parks.index:
            raise _Reject(
                "park",
                f"'{self.other_parks.at[park_id, 'name_zh']}' is {park_id} in {self._other_files({park_id})}, but this "
                f"dataset has another park {park_id}; write the park's id or choose one with --park-id",
            )
        row = self.other_parks.loc[park_id]
        self.new_parks[key] = {column: row[column] for column in schema.COLUMNS[schema.PARKS]} | {"_from": row["_file"]}
        self.park_lookup[key] = {park_id}
        return park_id

    def _other_files(self, park_ids) -> str:
        return ", ".join(sorted({self.other_parks.at[park_id, "_file"] for park_id in park_ids}))

    # sources

    def source(self, record: _Record) -> str:
        """The id of the source of a figure: its source, title and url columns, or --source-title/--source-url."""
        text, title, url = record.get("source"), record.get("title"), record.get("url")
        published, publisher, tier = record.get("published"), record.get("publisher"), record.get("tier").casefold()
        if not (text or title or url):
            if self.default_source is None:
                raise _Reject("source", NO_SOURCE)
            title, url, published = self.default_source
        elif published:
            published = _iso_date(published, lambda message: _Reject("published", message))
        if tier and tier not in schema.TIERS:
            raise _Reject("tier", f"tier '{record.get('tier')}' is not one of {', '.join(schema.TIERS)}; leave it empty if unsure")
        return self._once("source", (text, title, url, published, publisher, tier), self._source)

    def _source(self, key: tuple[str, ...]) -> str:
        text, title, url, published, publisher, tier = key
        if text in self.dataset.sources.index or text in self.new_sources:
            return text
        is_id = bool(schema.SLUG.match(text))
        title = title or text or url  # an id (from `data` output) stands in for a missing title, as the address does
        known = self.sources_by_url.get(url) if url else self.sources_by_title.get(title)
        if known:
            return known
        taken = set(self.dataset.sources.index) | set(self.new_sources)
        if is_id:
            source_id = _unique(text, taken)  # an id from another dataset or from `extract` is kept
        else:
            base = _host_slug(url) if url else "source"
            source_id = _unique(f"{base}-{published}" if published else base, taken)
        self.new_sources[source_id] = dict.fromkeys(schema.COLUMNS[schema.SOURCES], "") | {
            "id": source_id,
            "title": title,
            "publisher": publisher,
            "published": published,
            "url": url,
            "tier": tier,
        }
        if url:
            self.sources_by_url[url] = source_id
        else:
            self.sources_by_title[title] = source_id
        return source_id

    # one observation

    def observation(self, record: _Record) -> dict:
        """The observation row of one figure; raises _Reject naming the column at fault."""
        for role, text in record.cells.items():
            breach = text_breach(text.strip(), one_line=role not in schema.FREE_TEXT)
            if breach:
                raise _Reject(role, f"the cell contains {breach}")
        park = self.park(record.get("park") or self.options.park or "")
        indicator, header_unit = (record.indicator, record.header_unit) if record.indicator else self.indicator(record.get("indicator"))
        period, period_notes = self._once("period", (record.get("period") or self.options.period or "", indicator), self._period)
        status, word, word_notes = self._once("words", (record.get("status"), record.get("qualifier")), self._words)
        figure_key = (record.get("raw"), record.get("value"), record.get("unit"), header_unit, word, indicator)
        raw, value, unit, qualifier, bare_percent, figure_notes = self._once("figure", figure_key, self._figure)
        quote = record.get("quote")
        if quote and raw not in quote:
            raise _Reject("quote", f"the quote does not contain the figure '{raw}'; quote the text around it verbatim, or write the figure as the quote does")
        notes = [record.get("note"), *period_notes, *word_notes, *figure_notes]
        return {
            "park": park,
            "indicator": indicator,
            "period": period,
            "scope": record.get("scope") or schema.WHOLE_PARK,
            "status": status,
            "qualifier": qualifier,
            "raw": raw,
            "value": value,
            "unit": unit,
            "source": self.source(record),
            "quote": quote,
            "note": "; ".join(note for note in notes if note),
            "_bare_percent": bare_percent,
        }

    def _period(self, key: tuple[str, str]) -> tuple[str, list[str]]:
        text, indicator = key
        if not text:
            raise _Reject("period", "no period; fill the period column or pass --period")
        try:
            spelled = read_period(text)
        except UsageError as error:
            raise _Reject("period", str(error)) from None
        measure = self.measures[indicator]
        if spelled.as_of and measure in ("flow", "rate"):
            raise _Reject("period", f"'{text}' is a point in time, but {indicator} is a {measure} and needs the span it covers (e.g. 2023 or 2023-01/2023-06)")
        period = stock_period(spelled.text) if measure == "stock" else spelled.text
        if period != spelled.text:
            return period, [f"period as written: {text}; a stock is counted at the end of its span"]
        return period, [f"period as written: {text}"] if period != text else []

    def _words(self, key: tuple[str, str]) -> tuple[str, str, list[str]]:
        """The status, the qualifier word of the qualifier column ('' for none) and notes on the basis."""
        status_text, qualifier_text = key
        status = _STATUS_BY_WORD.get(name_key(status_text)) if status_text else None
        if status_text and status is None:
            raise _Reject("status", f"status '{status_text}' is not one of {', '.join(schema.STATUSES)} (实际, 目标/力争/计划, 预计)")
        qualifier, notes = "", []
        for word in re.split(r"[\s,、;]+", normalize(qualifier_text)):
            if not word:
                continue
            if word in _QUALIFIER_BY_WORD:
                if qualifier:
                    raise _Reject("qualifier", f"two qualifiers ({qualifier}, {word}); keep one")
                qualifier = word
            elif name_key(word) in _STATUS_BY_WORD:
                if status not in (None, _STATUS_BY_WORD[name_key(word)]):
                    raise _Reject("qualifier", f"'{word}' makes this a {_STATUS_BY_WORD[name_key(word)]}, but the status column says {status}")
                status = _STATUS_BY_WORD[name_key(word)]
            elif word in BASIS_WORDS:
                notes.append(f"basis: {word}")
            else:
                raise _Reject("qualifier", f"'{word}' is not a qualifier; use 超/余/约/近/不足/以上/左右 or a status word (预计, 目标), or move it to the note column")
        return status or schema.ACTUAL, qualifier, notes

    def _figure(self, key):
        """raw, value, unit, qualifier, whether the number stood bare under a % unit, and notes."""
        raw_text, value_text, unit_text, header_unit, word, indicator = key
        notes: list[str] = []
        unit_column = normalize(unit_text).strip()
        text, role = (raw_text, "raw") if raw_text else (value_text, "value")
        figure, bare = _parse(text, unit_column or header_unit, role)
        unit = figure.unit
        if unit in MULTIPLIERS:
            stated = unit_column or header_unit
            if not (stated.startswith(unit) and stated != unit):
                raise _Reject(role, f"'{text}' gives only the multiplier {unit}, not the unit; put the unit in a unit column or the header (e.g. {unit}元)")
            notes.append(f"the figure writes only {unit}; unit {stated} from the {'unit column' if unit_column else 'header'}")
            unit = stated
        elif unit_column and unit != unit_column and not (raw_text and value_text):
            raise _Reject("unit", f"the figure '{text}' is in {unit} but the unit column says {unit_column}")
        try:
            conversion_factor(unit, self.units[indicator])
        except UnitError as error:
            raise _Reject(role, f"{indicator} is measured in {self.units[indicator]}: {error}") from None
        number, value = text, figure.value
        if bare and unit == "%" and self.options.percent_as_fraction:
            number, value = _fraction_as_percent(text, role)
            notes.append(f"written {text} in a % column and read as a fraction (--percent-as-fraction)")
        if raw_text and value_text:
            _check_value_column(raw_text, value, unit, value_text, unit_column)
        qualifier = figure.qualifier
        if word and _QUALIFIER_BY_WORD[word] != qualifier:
            if not (bare and qualifier == EXACT):
                raise _Reject("qualifier", f"the qualifier column says {word} but the figure '{text}' is {qualifier}; write the qualifier into the figure or clear the column")
            qualifier = _QUALIFIER_BY_WORD[word]
        raw = _compose(number, unit, word if qualifier != figure.qualifier else "") if bare else text
        if raw != text:
            notes.append(f"raw composed from the cell '{text}' and the column's unit {unit}")
        return raw, exact_number(value), unit, qualifier, bare and unit == "%", notes


_PLAIN_NUMBER = re.compile(r"^[+-]?[\d,]+(?:\.\d+)?$")


def _parse(text: str, stated_unit: str, role: str):
    """The figure in text, and whether it was a bare number that took stated_unit."""
    if not (stated_unit and _PLAIN_NUMBER.match(normalize(text).strip())):
        try:
            return parse_figure(text), False
        except FigureError as error:
            if not stated_unit or "has no unit" not in str(error):
                raise _Reject(role, str(error)) from None
    try:
        return parse_figure(text, default_unit=stated_unit), True
    except FigureError as error:
        raise _Reject(role, str(error)) from None


def _check_value_column(raw_text: str, value: float, unit: str, value_text: str, unit_column: str) -> None:
    """A row with the figure as written and value (+ unit) columns must say the same."""
    try:
        stated = parse_figure(value_text, default_unit=unit_column or unit)
        expected = round_significant(value * conversion_factor(unit, stated.unit))
    except (FigureError, UnitError) as error:
        raise _Reject("value", str(error)) from None
    if round_significant(stated.value) != expected:
        raise _Reject("value", f"value {value_text} {stated.unit} disagrees with the figure '{raw_text}' ({format_number(expected)} {stated.unit})")


def _compose(number: str, unit: str, word: str) -> str:
    """A raw from a bare number, its column's unit and a qualifier word: 近2800家, 700余项, 10亿元以上."""
    if not word:
        return f"{number}{unit}"
    if word in QUALIFIERS:
        return f"{QUALIFIER_WORDS[word]}{number}{unit}"
    if word in PREFIX_QUALIFIERS:
        return f"{word}{number}{unit}"
    if word in INFIX_QUALIFIERS:
        return f"{number}{word}{unit}"
    return f"{number}{unit}{word}"


def _fraction_as_percent(text: str, role: str) -> tuple[str, float]:
    """'0.0905' -> ('9.05', 9.05), in decimal arithmetic so no binary noise enters."""
    try:
        percent = Decimal(normalize(text).strip()) * 100
    except InvalidOperation:
        raise _Reject(role, f"--percent-as-fraction reads plain numbers only, not '{text}'") from None
    written = format(percent.normalize(), "f")
    return written, float(written)


def _percent_hints(candidates, options: ImportOptions) -> list[str]:
    """Say when a % column holds only numbers between -1 and 1: they may be fractions."""
    if options.percent_as_fraction:
        return []
    columns: dict[str, list[float]] = {}
    for record, row in candidates:
        if row["_bare_percent"]:
            columns.setdefault(record.figure_header, []).append(float(row["value"]))
    return [
        f"column {name}: every number is between -1 and 1 under a % unit and is read as written "
        f"(0.0905 means 0.0905%); if they are fractions (0.0905 for 9.05%), import again with --percent-as-fraction"
        for name, values in columns.items()
        if all(-1 <= value <= 1 for value in values)
    ]


# --- classification -------------------------------------------------------------------


def _canonical(row: dict, units: dict[str, str]) -> tuple[float, str] | None:
    try:
        factor = conversion_factor(row["unit"], units[row["indicator"]])
        return round_significant(float(row["value"]) * factor), row["qualifier"]
    except (ParkmetricsError, ValueError, KeyError):
        return None


def _classify(candidates, context: _Context, plan: ImportPlan, label: str) -> None:
    """Added, identical or conflict, against the dataset's rows and earlier rows of the file."""
    from ..data.writing import read_rows

    display = f"{plan.label}/{schema.file_name(schema.OBSERVATIONS)}"
    present = {}
    for index, (line, row) in enumerate(read_rows(plan.directory / schema.file_name(schema.OBSERVATIONS))[1]):
        key = [row.get(column, "") for column in schema.OBSERVATION_KEY]
        if context.measures.get(key[1]) == "stock":  # a row written before stocks' years were stored as December
            key[2] = stock_period(key[2])
        present.setdefault(tuple(key), ("existing", index, f"{display}:{line}", row))
    for record, row in candidates:
        key = tuple(row[column] for column in schema.OBSERVATION_KEY)
        row["_location"] = record.location(label, "raw")
        if key not in present:
            present[key] = ("added", len(plan.added), f"{row['_location']} (earlier in this file)", row)
            plan.added.append(row)
            continue
        where, index, place, other = present[key]
        canonical = _canonical(row, context.units)
        if canonical is not None and canonical == _canonical(other, context.units):
            plan.identical += 1
            continue
        what = f"{row['park']} {row['indicator']} {row['period']} ({row['scope']}, {row['status']}) is {row['raw']} here but {place} says {other['raw']}"
        if not context.options.replace:
            plan.conflicts.append(Finding("conflict", row["_location"], f"{what}; pass --replace to use the imported figure"))
            continue
        plan.conflicts.append(Finding("replaced", row["_location"], what))
        if where == "added":
            plan.added[index] = row
        else:
            plan.replacements[index] = row
        present[key] = (where, index, f"{row['_location']} (earlier in this file)", row)


def _check_with_validation(plan: ImportPlan, context: _Context) -> None:
    """Run the loader's checks on what the plan writes; rows they refuse are rejected.

    Keys were classified already, so the new rows are checked on their own against the
    dataset's tables plus the parks and sources the import adds.
    """
    import pandas as pd

    from ..data.validation import observation_problems

    rows = [*plan.added, *plan.replacements.values()]
    if not rows:
        return
    new = pd.DataFrame([{column: row[column] for column in schema.COLUMNS[schema.OBSERVATIONS]} for row in rows])
    new["_file"], new["_line"] = IMPORTED, range(len(rows))
    dataset = context.dataset
    parks, sources = (
        pd.concat([existing, pd.DataFrame(list(extra.values()), columns=existing.columns).set_index("id", drop=False)]) if extra else existing
        for existing, extra in ((dataset.parks, context.new_parks), (dataset.sources, context.new_sources))
    )
    refused: dict[int, list[str]] = {}
    for problem in observation_problems(new, parks, dataset.indicators, sources):
        refused.setdefault(problem.line, []).append(problem.message)
    for position in sorted(refused):
        plan.reject(rows[position]["_location"], "; ".join(refused[position]))
    replaced = list(plan.replacements.items())
    plan.added = [row for position, row in enumerate(plan.added) if position not in refused]
    plan.replacements = {index: row for offset, (index, row) in enumerate(replaced) if len(rows) - len(replaced) + offset not in refused}


# --- names, ids and dates ---------------------------------------------------------------


def _known_indicator(dataset: Dataset, target: str) -> str:
    try:
        return dataset.indicator_id(target)
    except UsageError as error:
        raise UsageError(f"--map: {error}") from None


def _pairs(pairs, option: str, example: str) -> dict[str, str]:
    """'NAME=ID' options, keyed by the name as names are matched."""
    parsed = {}
    for pair in pairs:
        name, separator, target = pair.rpartition("=")
        if not separator or not name.strip() or not target.strip():
            raise UsageError(f"{option} '{pair}' is not NAME=ID; write e.g. {option} {example}")
        parsed[name_key(name)] = target.strip()
    return parsed


def _default_source(options: ImportOptions) -> tuple[str, str, str] | None:
    """The source named by --source-title/--source-url/--source-date, for rows that name none."""
    if not (options.source_title or options.source_url):
        if options.source_date:
            raise UsageError("--source-date needs --source-title or --source-url to say which source it dates")
        return None
    published = _iso_date(options.source_date, lambda message: UsageError(f"--source-date {message}")) if options.source_date else ""
    return (options.source_title or "").strip(), (options.source_url or "").strip(), published


_DATE = re.compile(rf"^{DATE_PARTS}\s*日?$")


def _iso_date(text: str, error) -> str:
    """'2023-01-19', '2023/1/19' and '2023年1月19日' -> '2023-01-19'; error(message) otherwise."""
    match = _DATE.match(normalize(text).strip())
    try:
        if match:
            return date(*map(int, match.groups())).isoformat()
    except ValueError:
        pass
    raise error(f"'{text}' is not a date; write YYYY-MM-DD")


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _host_slug(url: str) -> str:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "source"


def park_slug(name: str) -> str:
    """An ASCII id for a new park: the pinyin of its name without brackets and generic endings.

    苏州工业园区 -> suzhou, 龙岭产业开发区(益阳) -> longling, 长丰(双凤)经开区 -> changfeng.
    """
    text = re.sub(r"\([^()]*\)", "", normalize(name)).strip()
    for ending in GENERIC_PARK_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            break
    pieces = [place_pinyin(run) if _is_han(run[0]) else f"-{run}-" for run in re.findall(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+", text)]
    return re.sub(r"[^a-z0-9]+", "-", "".join(pieces).lower()).strip("-") or "park"


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
