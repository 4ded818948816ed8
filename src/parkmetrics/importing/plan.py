"""Bring figures from a user's CSV/TSV/XLSX table into a dataset directory.

`plan_import` reads the table, finds its header row and layout (layout.py: long,
one figure per row; wide, one indicator per column), maps parks, indicators,
periods, figures and sources onto the dataset (mapping.py), and classifies every
figure as added, identical (already present), conflict (present with another value)
or rejected (with file:row:column: reason). Nothing is written until
`apply_import`. What the plan adds is checked by the loader's own validation
as well, so an import never writes a row that `parkmetrics validate` refuses.
See docs/import.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import ParkmetricsError
from ..core.i18n import Words, chinese, joined, term
from ..core.periods import stock_period
from ..core.textnorm import cleaned
from ..core.units import conversion_factor, round_significant
from ..data import schema
from ..data.loading import BUNDLED, layer_label, layer_path, load
from .headers import LONG, Column, describe
from .layout import cell_at, find_header
from .mapping import NO_SOURCE, Context, Record, Reject
from .options import ImportOptions
from .reading import Sheet, is_blank, read_sheet

PREVIEW_ROWS = 5  # rows a dry run shows as they would be stored

# What a role column is read as, for the mapping a dry run shows: (Chinese, English).
ROLE_MEANINGS = {
    "park": ("园区", "park"),
    "indicator": ("指标", "indicator"),
    "period": ("期间", "period"),
    "scope": ("范围", "scope"),
    "status": ("状态", "status"),
    "qualifier": ("限定", "qualifier"),
    "quote": ("原文", "quote"),
    "note": ("说明", "note"),
    "raw": ("原文数值", "figure as written"),
    "value": ("数值", "number"),
    "unit": ("该行数字的单位", "unit of the row's figures"),
    "source": ("来源（代码或标题）", "source (id or title)"),
    "title": ("来源标题", "source title"),
    "url": ("来源链接", "source address"),
    "published": ("来源日期", "source date"),
    "publisher": ("来源发布者", "source publisher"),
    "tier": ("来源级别", "source tier"),
    "serial": ("行号；忽略", "row number; ignored"),
    "ignored": ("忽略（同类的第二列）", "ignored (a second column of its kind)"),
}
# The kinds of finding the report lists: (Chinese, English).
FINDING_KINDS = {"rejected": ("拒收", "rejected"), "conflict": ("冲突", "conflict"), "replaced": ("已替换", "replaced"), "unmapped column": ("未映射的列", "unmapped column")}
# Cells that say "no figure here" in a wide table.
NO_DATA = ("-", "--", "—", "/", "无", "暂无", "不详", "n/a", "na")
IMPORTED = "<import>"
# Columns that name a figure's source; a table without any needs --source-title or --source-url.
SOURCE_ROLES = ("source", "title", "url")


@dataclass
class Finding:
    """One line of the import report: `kind: file:row:column: message`."""

    kind: str
    location: str
    message: Words

    def __str__(self) -> str:
        return f"{self.kind}: {self.location}: {self.message}"

    def shown(self, lang: str) -> str:
        """The line in `lang`; its English is str()."""
        if lang == "en":
            return str(self)
        return f"{FINDING_KINDS[self.kind][0]}：{chinese(self.location)}：{chinese(self.message)}"


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
    notes: list[Words] = field(default_factory=list)
    warnings: list[Words] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # of the header, as they were read

    def mapping(self) -> list[Words]:
        """What each column of the header was read as: 'COLUMN -> indicator gdp, unit 亿元'."""
        lines = []
        for column in self.columns:
            if column.role:
                meaning = Words(*ROLE_MEANINGS.get(column.role, (column.role, column.role)))
            elif column.period:
                meaning = Words(f"期间 {column.period}", f"period {column.period}")
            elif column.indicator:
                unit = (f"，单位 {column.unit}", f", unit {column.unit}") if column.unit else ("", "")
                meaning = Words(f"指标 {column.indicator}{unit[0]}", f"indicator {column.indicator}{unit[1]}")
            elif column.problem:
                meaning = Words(f"不导入：{chinese(column.problem)}", f"not imported: {column.problem}")
            elif column.header.strip():
                meaning = Words("忽略", "ignored")
            else:
                continue
            lines.append(describe(column) + " -> " + meaning)
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

    def summary(self) -> Words:
        replaced = len(self.conflicts) - self.unresolved_conflicts
        counts = (len(self.added), self.identical, len(self.conflicts))
        return Words(
            "新增 {}，相同 {}，冲突 {}".format(*counts) + (f"（其中 {replaced} 条已替换）" if replaced else "") + f"，拒收 {self.rejected_count}",
            "added {}, identical {}, conflicts {}".format(*counts) + (f" ({replaced} replaced)" if replaced else "") + f", rejected {self.rejected_count}",
        )

    def reject(self, location: str | Words, message: Words, count: int = 1, kind: str = "rejected") -> None:
        self.rejected.append(Finding(kind, location, message))
        self.rejected_count += count


def plan_import(path: str | os.PathLike, directory: str | os.PathLike, options: ImportOptions, progress: Callable[[Iterable], Iterable] | None = None) -> ImportPlan:
    """Read path and work out what importing it into directory would do; write nothing."""
    dataset = load([directory])
    others = [layer for layer in options.layers or (BUNDLED,) if layer_path(layer).resolve() != layer_path(directory).resolve()]
    other = load(others) if others else None
    sheet = read_sheet(path, options.encoding, options.sheet)
    plan = ImportPlan(layer_path(directory), layer_label(directory))
    if sheet.encoding == "big5" and not options.encoding:
        plan.notes.append(
            Words(
                f"{sheet.label} 像是 Big5（繁体中文），已按 Big5 读取；如有误，请用 --encoding 指明",
                f"{sheet.label} looks like Big5 (traditional Chinese) and was read as Big5; pass --encoding if that is wrong",
            )
        )
    context = Context(dataset, options, other)
    records = _records(sheet, context, plan)
    candidates, sourceless = [], 0
    unsourced_table = context.default_source is None and not any(column.role in SOURCE_ROLES for column in plan.columns)
    for record in progress(records) if progress else records:
        try:
            candidates.append((record, context.observation(record)))
        except Reject as reject:
            if reject.message == NO_SOURCE and unsourced_table:
                sourceless += 1  # the same for every figure: said once below
            else:
                plan.reject(record.location(sheet.label, reject.role), reject.message)
    if sourceless:
        plan.reject(
            sheet.label,
            Words(
                f"没有一个数字有来源：表中没有 `来源`/`source`、`来源标题`/`title` 或 `链接`/`url` 列；请用 `--source-title TITLE`（以及 --source-url、--source-date）"
                f"指明其全部数字的来源；{sourceless} 个数字未导入",
                f"no figure has a source: the table has no 来源/source, 来源标题/title or 链接/url column; name the "
                f"source of all its figures with --source-title TITLE (and --source-url, --source-date); "
                f"{sourceless} figure(s) not imported",
            ),
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


# --- records ---------------------------------------------------------------------------


def _records(sheet: Sheet, context: Context, plan: ImportPlan) -> list[Record]:
    start, data_start, columns, plan.layout = find_header(sheet, context)
    plan.columns = columns
    header_row = sheet.rows[start][0]
    if data_start > start + 1:
        rows = f"{sheet.label}:{header_row}-{sheet.rows[data_start - 1][0]}"
        plan.notes.append(Words(f"{rows}：{data_start - start} 行表头，合并读取", f"{rows}: a header of {data_start - start} rows, read together"))
    for number, cells in sheet.rows[:start]:
        if not is_blank(cells):
            title = " ".join(c.strip() for c in cells if c.strip())
            plan.notes.append(Words(f"{sheet.label}:{number}：位于表头之上，视为标题：{title}", f"{sheet.label}:{number}: above the header, taken as a title: {title}"))
    role_columns = []
    for column in columns:
        if column.role and column.role in {other.role for other in role_columns}:
            where = f"{sheet.label}:{header_row}:" + describe(column)
            role = ROLE_MEANINGS[column.role]
            plan.notes.append(Words(f"{where.zh}：第二个{role[0]}列；忽略", f"{where}: a second {column.role} column; ignored"))
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
        role_cells = {column.role: cell_at(cells, column.index) for column in role_columns}
        found = 0
        if plan.layout == LONG:
            role = "raw" if role_cells.get("raw", "").strip() else "value"
            if role_cells.get(role, "").strip():
                records.append(Record(number, role_cells, headers, headers[role]))
                found = 1
        else:
            for column in columns:
                text = cell_at(cells, column.index).strip()
                if column.role or not text:  # 'ignored' columns too
                    continue
                if text.casefold() in NO_DATA:
                    no_data += 1
                elif column.period:
                    records.append(Record(number, {**role_cells, "raw": text, "period": column.period}, headers, describe(column)))
                elif column.indicator is None:
                    column.unmapped_cells += 1
                else:
                    records.append(Record(number, {**role_cells, "raw": text}, headers, describe(column), column.indicator, column.unit))
                found += 1
        if not found:
            without_figure.append(number)
    for column in columns:
        if column.unmapped_cells:
            cells = column.unmapped_cells
            plan.reject(
                f"{sheet.label}:{header_row}:" + describe(column),
                Words(f"{chinese(column.problem)}；{cells} 个数字未导入", f"{column.problem}; {cells} figure(s) not imported"),
                count=cells,
                kind="unmapped column",
            )
        elif plan.layout == LONG and column.role is None and column.header.strip():
            where = f"{sheet.label}:{header_row}:" + describe(column)
            plan.notes.append(Words(f"{where.zh}：不是长表的列；忽略", f"{where}: not a column of a long table; ignored"))
    if without_figure:
        more = len(without_figure) - 10
        listed = (
            "、".join(map(str, without_figure[:10])) + (f" 等另外 {more} 行" if more > 0 else ""),
            ", ".join(map(str, without_figure[:10])) + (f" and {more} more" if more > 0 else ""),
        )
        plan.notes.append(Words(f"{sheet.label}：第 {listed[0]} 行没有数字；已跳过", f"{sheet.label}: no figure in row(s) {listed[1]}; skipped"))
    if blank:
        plan.notes.append(Words(f"跳过 {blank} 个空行", f"{blank} blank row(s) skipped"))
    if no_data:
        plan.notes.append(Words(f"跳过 {no_data} 个标为无数字（{' '.join(NO_DATA)}）的单元格", f"{no_data} cell(s) marked as having no figure ({' '.join(NO_DATA)}) skipped"))
    if cleaned_cells:
        plan.notes.append(
            Words(
                f"{sheet.label}：{cleaned_cells} 个单元格含不可见字符（零宽空格、方向标记）或 CR 换行；这些字符已去掉，换行写为 LF",
                f"{sheet.label}: {cleaned_cells} cell(s) held invisible characters (zero-width spaces, direction marks) or CR line ends; the characters were removed and line ends written as LF",
            )
        )
    return records


def _percent_hints(candidates, options: ImportOptions) -> list[Words]:
    """Say when a % column holds only numbers between -1 and 1: they may be fractions."""
    if options.percent_as_fraction:
        return []
    columns: dict[str, list[float]] = {}
    for record, row in candidates:
        if row["_bare_percent"]:
            columns.setdefault(record.figure_header, []).append(float(row["value"]))
    return [
        Words(
            f"{chinese(name)} 列：% 单位下的每个数都在 -1 到 1 之间，按原样读取（0.0905 即 0.0905%）；如果它们是小数（0.0905 表示 9.05%），请加 --percent-as-fraction 重新导入",
            f"column {name}: every number is between -1 and 1 under a % unit and is read as written "
            f"(0.0905 means 0.0905%); if they are fractions (0.0905 for 9.05%), import again with --percent-as-fraction",
        )
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


def _classify(candidates, context: Context, plan: ImportPlan, label: str) -> None:
    """Added, identical or conflict, against the dataset's rows and earlier rows of the file."""
    from ..data.writing import read_rows

    display = f"{plan.label}/{schema.file_name(schema.OBSERVATIONS)}"
    present = {}
    for index, (line, row) in enumerate(read_rows(plan.directory / schema.file_name(schema.OBSERVATIONS))[1]):
        key = [row.get(column, "") for column in schema.OBSERVATION_KEY]
        if context.measures.get(key[1]) == "stock":  # a row written before stocks' years were stored as December
            key[2] = stock_period(key[2])
        present.setdefault(tuple(key), ("existing", index, Words(f"{display}:{line}", f"{display}:{line}"), row))
    for record, row in candidates:
        key = tuple(row[column] for column in schema.OBSERVATION_KEY)
        row["_location"] = record.location(label, "raw")
        if key not in present:
            present[key] = ("added", len(plan.added), _earlier(row["_location"]), row)
            plan.added.append(row)
            continue
        where, index, place, other = present[key]
        canonical = _canonical(row, context.units)
        if canonical is not None and canonical == _canonical(other, context.units):
            plan.identical += 1
            continue
        fact = f"{row['park']} {row['indicator']} {row['period']}"
        what = Words(
            f"{fact}（{term(row['scope'], 'zh')}，{term(row['status'], 'zh')}）此处为 {row['raw']}，但 {place.zh} 为 {other['raw']}",
            f"{fact} ({row['scope']}, {row['status']}) is {row['raw']} here but {place} says {other['raw']}",
        )
        if not context.options.replace:
            plan.conflicts.append(Finding("conflict", row["_location"], what + Words("；要采用导入的数字请加 --replace", "; pass --replace to use the imported figure")))
            continue
        plan.conflicts.append(Finding("replaced", row["_location"], what))
        if where == "added":
            plan.added[index] = row
        else:
            plan.replacements[index] = row
        present[key] = (where, index, _earlier(row["_location"]), row)


def _earlier(location: Words) -> Words:
    """Where a row of this same file stands, for a conflict with a later one."""
    return location + Words("（本文件中靠前处）", " (earlier in this file)")


def _check_with_validation(plan: ImportPlan, context: Context) -> None:
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
    refused: dict[int, list[Words]] = {}
    for problem in observation_problems(new, parks, dataset.indicators, sources):
        refused.setdefault(problem.line, []).append(problem.message)
    for position in sorted(refused):
        plan.reject(rows[position]["_location"], joined(("；", "; "), refused[position]))
    replaced = list(plan.replacements.items())
    plan.added = [row for position, row in enumerate(plan.added) if position not in refused]
    plan.replacements = {index: row for offset, (index, row) in enumerate(replaced) if len(rows) - len(replaced) + offset not in refused}
