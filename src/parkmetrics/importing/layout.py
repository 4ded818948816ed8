"""Finding a sheet's header row and layout: long (one figure per row), wide (one indicator per column)
or periods across (indicators down, one period per column, under a header of one or two rows)."""

from __future__ import annotations

import re

from ..core.errors import UsageError
from ..core.i18n import Words
from ..core.periods import PeriodWithoutYear, header_period
from ..core.textnorm import normalize
from .headers import LONG, PERIODS, WIDE, Column, header_role
from .mapping import Context
from .reading import Sheet, is_blank

HEADER_SEARCH_ROWS = 20


def cell_at(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def find_header(sheet: Sheet, context: Context) -> tuple[int, int, list[Column], str]:
    """The first row that reads as a header, the first row of data after it, its columns and layout.

    Rows above the header are titles. A sheet with periods across may have a header of two
    rows (a merged 年份 or 2023年1-9月 above 2023年, 2022年 or 本期, 上年同期).
    """
    layout = context.options.layout
    filled = [(position, cells) for position, (_, cells) in enumerate(sheet.rows) if not is_blank(cells)]
    if not filled:
        raise UsageError(Words(f"{sheet.label} 是空的：没有表头行，也没有可导入的数字", f"{sheet.label} is empty: there is no header row and no figure to import"))
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
                    raise UsageError(
                        Words(
                            f"{sheet.label} 指标纵排、期间横排，但没有 `园区`/`park` 列；请用 `--park NAME` 指明其数字所属的园区",
                            f"{sheet.label} has indicators down and periods across but no 园区/park column; name the park of its figures with --park NAME",
                        )
                    )
                return position, position + rows, columns, PERIODS
        if layout in (WIDE, None) and ("park" in roles or context.options.park):
            for column in columns:
                if not column.role:
                    context.map_column(column)
            if any(column.indicator for column in columns):
                return position, position + 1, columns, WIDE
    needs = {
        LONG: ("长表需要 `指标`/`indicator` 和 `数值`/`value`（或 `原文数值`/`raw`）列", "a long table needs 指标/indicator and 数值/value (or 原文数值/raw) columns"),
        WIDE: (
            "宽表需要 `园区`/`park` 列（或 --park），以及以指标命名的列（见 `parkmetrics indicators`，或用 --map 'column=indicator_id'）",
            "a wide table needs a 园区/park column (or --park) and columns named by indicators (see `parkmetrics indicators`, or --map 'column=indicator_id')",
        ),
        PERIODS: (
            "期间横排的表需要 `指标名称`/`indicator` 列，以及以期间命名的列（2023年、1-9月、上年同期）",
            "a sheet with periods across needs a 指标名称/indicator column and columns named by periods (2023年, 1-9月, 上年同期)",
        ),
    }
    wanted = [needs[layout]] if layout else list(needs.values())
    others = sheet.other_sheets
    sheets = (f"（工作簿还有其他工作表：{'、'.join(others)}；可用 --sheet 选择）", f" (the workbook has other sheets: {', '.join(others)}; choose one with --sheet)") if others else ("", "")
    raise UsageError(
        Words(
            f"在 {sheet.label} 的前 {HEADER_SEARCH_ROWS} 行中找不到表头行{sheets[0]}：{'；'.join(zh for zh, _ in wanted)}",
            f"cannot find the header row of {sheet.label} in its first {HEADER_SEARCH_ROWS} rows{sheets[1]}: {'; '.join(en for _, en in wanted)}",
        )
    )


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
    if below and not is_blank(below) and not cell_at(below, indicator.index).strip() and _two_row_periods(columns, year, below):
        return 2
    free = [column for column in columns if column.role is None]
    return 1 if _read_periods(free, [column.header for column in free], [None] * len(free), year) else 0


def _two_row_periods(columns: list[Column], year: int | None, below: list[str]) -> bool:
    """Read the periods of a two-row header; a merged header's text stands over the blank cells right of it."""
    spanned, groups, texts, group = [], [], [], None
    for column in columns:
        top, bottom = column.header.strip(), cell_at(below, column.index).strip()
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
            column.problem = Words("该列没有表头；请在表头行写上其期间", "the column has no header; write its period in the header row")
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
            column.problem, found = error.args[0], True
        except UsageError as error:
            column.problem = error.args[0]
    return found
