"""Read a user's CSV, TSV or XLSX file into rows of text cells, as a person sees them.

Spreadsheets saved by Chinese Excel or WPS arrive as GB18030/GBK, UTF-8 with or
without a BOM, or UTF-16 ("Unicode text"); the encoding is detected unless
given. XLSX cells are turned into the text Excel shows: a number formatted as a
percentage (0.0905 shown as 9.05%) becomes '9.05%', so no figure changes its
meaning on the way in. Which rows are titles, headers or data is decided by
the importer, not here.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ..core.errors import UsageError
from ..core.figures import format_number
from ..core.i18n import Words
from ..files.decoding import decode
from ..files.limits import MAX_CELL_CHARS, UNPACKED_FACTOR, max_input_bytes, read_input_file, too_large

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    """The rows of one input table: (row number as the user sees it, cells as text)."""

    label: str
    rows: list[tuple[int, list[str]]]
    other_sheets: list[str] = field(default_factory=list)  # of a workbook read without --sheet
    encoding: str = ""  # of a CSV/TSV file, as decode found it


def read_sheet(path: str | Path, encoding: str | None = None, sheet: str | None = None) -> Sheet:
    """Read a CSV/TSV (any supported encoding) or one worksheet of an XLSX file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UsageError(Words(f"{path.name} 是旧式 .xls 工作簿；请另存为 .xlsx 或 CSV 后导入", f"{path.name} is an old .xls workbook; save it as .xlsx or CSV and import that"))
    if suffix in EXCEL_SUFFIXES and encoding:
        raise UsageError(Words("--encoding 只用于 CSV 和 TSV 文件；.xlsx 工作簿自带编码", "--encoding applies to CSV and TSV files; an .xlsx workbook carries its own"))
    if suffix not in EXCEL_SUFFIXES and sheet is not None:
        raise UsageError(Words("--sheet 只用于 .xlsx 工作簿；CSV 文件只有一张表", "--sheet applies to .xlsx workbooks; a CSV file has one table"))
    data = read_input_file(path, path.name, Words("CSV、TSV 或 XLSX 文件", "a CSV, TSV or XLSX file"))
    if suffix in EXCEL_SUFFIXES:
        return _read_workbook(data, path.name, sheet)
    if data.startswith(ZIP_MAGIC):
        raise UsageError(Words(f"{path.name} 是 zip 压缩包，多半是 Excel 工作簿；请把扩展名改为 .xlsx", f"{path.name} is a zip archive, probably an Excel workbook; give it the .xlsx suffix"))
    decoded = decode(data, path.name, encoding)
    return Sheet(path.name, _csv_rows(decoded.text, "\t" if suffix == ".tsv" else None, path.name), encoding=decoded.encoding)


def _csv_rows(text: str, delimiter: str | None, name: str) -> list[tuple[int, list[str]]]:
    lines = text.splitlines(keepends=True)
    if delimiter is None:
        first = next((line for line in lines if line.strip()), "")
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    rows, start = [], 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise UsageError(
                Words(
                    f'{name}:{start}：有单元格超过 {MAX_CELL_CHARS:,} 个字符，远超任何数字或引文所需；请检查该行的引号（未闭合的 " 会吞掉文件其余部分）',
                    f"{name}:{start}: a cell is longer than {MAX_CELL_CHARS:,} characters, more than any figure or quote needs; "
                    'check the quoting of that row (an unclosed " swallows the rest of the file)',
                )
            ) from None
        raise UsageError(Words(f"{name}:{reader.line_num}：不是有效的 CSV；请修正引号后重新导入", f"{name}:{reader.line_num}: not valid CSV ({error}); fix the quoting and import again")) from None
    return rows


def _read_workbook(data: bytes, name: str, sheet: str | None) -> Sheet:
    import io
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        _check_workbook_archive(data, name)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            worksheet = _choose_sheet(workbook, sheet, name)
            rows = [(number, [cell_text(cell.value, getattr(cell, "number_format", "General")) for cell in cells]) for number, cells in enumerate(worksheet.iter_rows(), start=1)]
            others = [title for title in workbook.sheetnames if title != worksheet.title]
        finally:
            workbook.close()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError) as error:
        raise UsageError(_unreadable_workbook(name, error)) from None
    _check_cell_lengths(rows, name)
    label = name if sheet is None else f"{name}[{worksheet.title}]"
    return Sheet(label, rows, others if sheet is None else [])


# An XLSX file written by Excel or WPS never declares a DTD; one that does may expand entities without bound.
_DTD_MARKERS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 1 << 20


def _check_workbook_archive(data: bytes, name: str) -> None:
    """Refuse a zip bomb and any XML part with a DTD before openpyxl parses anything.

    defusedxml guards openpyxl's own parsing as well; this check does not depend on it.
    """
    import io
    import zipfile

    limit = UNPACKED_FACTOR * max_input_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > limit:
            raise UsageError(too_large(name, unpacked, limit, unpacked=True))
        for member in members:
            if member.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(archive, member):
                raise UsageError(_entities_refused(name))


def _declares_dtd(archive, member) -> bool:
    overlap = max(map(len, _DTD_MARKERS)) - 1
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-overlap:]
    return False


def _check_cell_lengths(rows, name: str) -> None:
    for number, cells in rows:
        for column, text in enumerate(cells, start=1):
            if len(text) > MAX_CELL_CHARS:
                raise UsageError(
                    Words(
                        f"{name}:{number}：第 {column} 列的单元格有 {len(text):,} 个字符，超过 parkmetrics 读取的上限 {MAX_CELL_CHARS:,}（Excel 本身最多存 32,767 个）；请检查该单元格",
                        f"{name}:{number}: the cell in column {column} holds {len(text):,} characters, more than "
                        f"the {MAX_CELL_CHARS:,} parkmetrics reads (Excel itself stores at most 32,767); check that cell",
                    )
                )


def _entities_refused(name: str) -> Words:
    return Words(
        f"{name} 声明了 XML 实体，parkmetrics 拒绝读取（实体可无限展开）；请用 Excel 或 WPS 打开后重新保存",
        f"{name} declares XML entities, which parkmetrics refuses (they can expand without bound); open it in Excel or WPS and save it again",
    )


def _unreadable_workbook(name: str, error: BaseException) -> Words:
    from defusedxml import DefusedXmlException

    cause = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return _entities_refused(name)
        cause = cause.__cause__ or cause.__context__
    return Words(
        f"{name} 不是可读的 .xlsx 工作簿；请用 Excel 或 WPS 打开后重新保存",
        f"{name} is not a readable .xlsx workbook ({(str(error) or type(error).__name__).splitlines()[0]}); open it in Excel or WPS and save it again",
    )


def _choose_sheet(workbook, sheet: str | None, name: str):
    titles = workbook.sheetnames
    if sheet is None:
        return workbook[titles[0]]
    if sheet in titles:
        return workbook[sheet]
    if sheet.isdigit() and 1 <= int(sheet) <= len(titles):
        return workbook[titles[int(sheet) - 1]]
    raise UsageError(
        Words(
            f"{name} 没有工作表 '{sheet}'；它的工作表有 {'、'.join(titles)}（给出其中一个的名称，或从 1 起的序号）",
            f"{name} has no sheet '{sheet}'; its sheets are {', '.join(titles)} (name one, or give its number from 1)",
        )
    )


def cell_text(value, number_format: str = "General") -> str:
    """The text Excel shows for a cell value: 0.0905 formatted as % reads '9.05%'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if "%" in (number_format or ""):
            return _decimal_text(Decimal(repr(value)) * 100) + "%"
        return str(value) if isinstance(value, int) else format_number(value)
    return str(value)


def _decimal_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def is_blank(cells: list[str]) -> bool:
    return all(not cell.strip() for cell in cells)
