"""What every sheet of the report shares: the book being written and the sheet writer.

`Book` holds the report's language, its registered styles, the rows to stream and the
progress; `Sheet` writes one write-only worksheet (widths, panes, header, print setup,
a few rows by openpyxl, then streamed rows by xlsxstream). Text from the data is always
stored as text, never as a formula or an error value (`Sheet.text_cell`).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import itertools
import math
import unicodedata
from operator import itemgetter
from urllib.parse import urlsplit

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from ...analysis.queries import PART_MARK
from ...core.figures import format_number
from ...core.i18n import pick, term
from ...core.table import LABELS
from ...core.units import is_count
from ...data import schema
from ...data.model import Dataset
from ..xlsxstream import Alterations, StreamedRows, needs_protection, splice

PROGRESS_STEP = 2_000  # rows between progress reports

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

_HEADER_STYLE = "parkmetrics header"
_COLOUR_SCALES = {
    "higher": ("F8696B", "FFEB84", "63BE7B"),  # red, yellow, green: high is good
    "lower": ("63BE7B", "FFEB84", "F8696B"),  # reversed: low is good
    "neutral": ("FFFFFF", None, "5B9BD5"),  # one hue: magnitude only
}
_WIDTH_CAPS = {"text": 50, "number": 18, "header": 24}


class Book:
    """The workbook being written: its words, styles and streamed rows; bulk rows are streamed when it is saved."""

    def __init__(self, dataset: Dataset, lang: str, generated: datetime.datetime, progress):
        self.dataset = dataset
        self.lang = lang
        self.generated = generated
        self.progress = progress
        self.alterations = Alterations()
        self.streams: dict[object, StreamedRows] = {}  # by worksheet: its file name is known once saved
        self.workbook = Workbook(write_only=True)
        self.workbook.add_named_style(
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

    def figure_note(self, period: str, qualifier: str, scope: str) -> str:
        """'2022 · more than · †医药化工产业链': what a bare number in the next column cannot say."""
        parts = [period]
        word = self.qualifier_word(qualifier)
        if word:
            parts.append(word)
        if scope != schema.WHOLE_PARK:
            parts.append(f"{PART_MARK}{scope}")
        return " · ".join(parts)

    def register_styles(self, worksheet) -> None:
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
        self.workbook.save(buffer)
        streams = {worksheet.path.lstrip("/"): rows for worksheet, rows in self.streams.items()}
        splice(buffer.getvalue(), destination, streams)
        if self.progress:
            self.progress(self.rows_total, self.rows_total)

    def advance(self) -> None:
        self.rows_written += 1
        if self.progress and self.rows_written % PROGRESS_STEP == 0:
            self.progress(self.rows_written, self.rows_total)


@dataclasses.dataclass(frozen=True)
class Link:
    url: str


@dataclasses.dataclass(frozen=True)
class Heading:
    text: str


@dataclasses.dataclass(frozen=True)
class Wrapped:
    text: str


class Sheet:
    """One write-only worksheet: widths, panes and header first, then a few rows by openpyxl, then streamed rows."""

    def __init__(self, book: Book, worksheet, headers, widths, freeze: str | None = None):
        self.book = book
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
            self.book.advance()

    def _append(self, cells) -> None:
        self.worksheet.append(cells)
        self.next_row += 1

    def stream(self, rows, count: int, last_row: int = 0) -> None:
        """count rows of None, str, int and (value, unit), written when the file is saved after every appended row.

        The print area ends after them, or at last_row when something (a chart) reaches further.
        """
        self.set_print_area(max(self.next_row - 1 + count, last_row))
        book = self.book
        book.streams[self.worksheet] = StreamedRows(self.next_row, rows, book.number_style, book.quote_style, book.alterations, book.advance)

    def cell(self, item):
        if item is None or isinstance(item, int):
            return item
        if isinstance(item, tuple):  # (value, unit), as streamed rows hold figures
            value, unit = item
            cell = WriteOnlyCell(self.worksheet, value)
            cell.number_format = number_format(value, unit)
            return cell
        if isinstance(item, str):
            text = self.book.alterations.storable(item)
            return self.text_cell(text) if text is not None and needs_protection(text) else text
        if isinstance(item, Link):
            if not safe_link(item.url):
                return self.cell(item.url)
            return self.text_cell(item.url, style="Hyperlink", hyperlink=item.url)
        if isinstance(item, Heading):
            return self.text_cell(item.text, font=Font(bold=True, size=12))
        if isinstance(item, Wrapped):
            return self.text_cell(item.text, alignment=Alignment(wrap_text=True, vertical="top"))
        raise TypeError(f"no cell for {item!r}")

    def text_cell(self, text: str | None, style: str | None = None, **attributes):
        """A styled cell whose text stays text: never a formula, never an error value."""
        text = self.book.alterations.storable(text)
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


# Cells ------------------------------------------------------------------------


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number_format(value: float, unit: str) -> str:
    """'#,##0' for counts, '#,##0.00' for the rest, with more places only when the value has them."""
    places = 0 if is_count(unit) else 2
    needed = len(format_number(abs(value)).partition(".")[2])
    return _number_format(places, max(0, needed - places))


def _number_format(places: int, extra: int) -> str:
    if places == 0:
        return "#,##0" + ("." + "#" * extra if extra else "")
    return "#,##0.00" + "#" * extra


# format_number writes at most 12 decimal places, so these are all the formats number_format returns.
ALL_NUMBER_FORMATS = tuple(_number_format(places, extra) for places in (0, 2) for extra in range(13 - places))


def safe_link(url: str) -> bool:
    """Only plain web addresses become clickable; anything else stays text."""
    if not url or any(char.isspace() or ord(char) < 32 for char in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def cell_range(first_column: int, first_row: int, last_column: int, last_row: int) -> str:
    return f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"


# Print setup ------------------------------------------------------------------

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


# Column widths ----------------------------------------------------------------


def display_width(text: str) -> int:
    """Width in Excel character units: East Asian wide characters count as two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")


def _item_width(item) -> int:
    if isinstance(item, str):
        return min(display_width(item), _WIDTH_CAPS["text"])
    if isinstance(item, tuple):
        text = format_number(item[0], grouping=True)
        return min(len(text) + (0 if is_count(item[1]) or "." in text else 3), _WIDTH_CAPS["number"])
    if isinstance(item, Link):
        return min(display_width(item.url), _WIDTH_CAPS["text"])
    return 0 if item is None else len(str(item))


def fit_widths(headers, rows) -> list[float]:
    """Fit each column to its widest cell, wide characters counted twice; long headers wrap instead."""
    widths = [min(display_width(header or ""), _WIDTH_CAPS["header"]) for header in headers or []]
    columns = max([len(widths)] + [len(row) for row in rows])
    widths += [0] * (columns - len(widths))
    for number in range(columns):
        distinct = {row[number] for row in rows if number < len(row)}
        widths[number] = max([widths[number], *map(_item_width, distinct)])
    return [max(6, width + 2) for width in widths]


def widest(*column_widths: list[float]) -> list[float]:
    """Widths for tables that share a sheet: each column as wide as its widest table needs."""
    return [max(widths) for widths in itertools.zip_longest(*column_widths, fillvalue=0)]


def record_widths(records, keys, numeric: str | None = None, measured: dict | None = None) -> list[float]:
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
