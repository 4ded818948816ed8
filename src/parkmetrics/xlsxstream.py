"""Streamed worksheet rows: plain rows encoded straight to SpreadsheetML text.

openpyxl's write-only mode still builds a Cell and an XML element for every
cell, about 25 µs each, and a 3,000-park report has millions of cells. Here the
bulk rows of a sheet are encoded as text, one row at a time, and spliced into
the worksheet openpyxl wrote (which keeps the header, widths, panes, colour
scales, tables, charts and links) while the zip file is assembled. Only the row
being written is held in memory.

Text is always stored as an inline string, so nothing from the data can become
a formula or an error value; text that a spreadsheet would read as a formula
when someone edits the cell also gets the quote-prefix style.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from .render import FORMULA_TRIGGERS

MAX_TEXT = 32_767  # Excel's limit on the characters of one cell
ROWS_PER_CHUNK = 500


_ERROR_VALUES = frozenset(ERROR_CODES)


def needs_protection(text: str) -> bool:
    """Text a spreadsheet would run as a formula or show as an error value."""
    return text[:1] in FORMULA_TRIGGERS or text in _ERROR_VALUES


@dataclass
class Alterations:
    """Counts what Excel could not store as it was, so the user is told."""

    texts_with_control_characters: int = 0
    shortened_texts: int = 0

    def storable(self, text: str | None) -> str | None:
        """The text as a cell can hold it: control characters replaced by U+FFFD, at most 32,767 characters."""
        if not text:
            return None
        if ILLEGAL_CHARACTERS_RE.search(text):
            text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
            self.texts_with_control_characters += 1
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT]
            self.shortened_texts += 1
        return text

    def warnings(self) -> list[str]:
        warnings = []
        if self.texts_with_control_characters:
            warnings.append(f"{self.texts_with_control_characters} text cell(s) held control characters that Excel "
                            "cannot store; each such character was replaced by \ufffd")
        if self.shortened_texts:
            warnings.append(f"{self.shortened_texts} text(s) longer than Excel's {MAX_TEXT:,} characters were cut")
        return warnings


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # a literal CR would be read back as a line feed
    return text


class StreamedRows:
    """Rows of None, str, int or (value, unit) to be encoded after the rows openpyxl wrote.

    number_style(value, unit) gives the cell style id of a figure; quote_style is
    the style id that keeps formula-like text as text; on_row is called per row.
    """

    def __init__(self, first_row: int, rows: Iterable[list], number_style: Callable[[float, str], int],
                 quote_style: int, alterations: Alterations, on_row: Callable[[], None] | None = None):
        self.first_row = first_row
        self.rows = rows
        self.number_style = number_style
        self.quote_style = quote_style
        self.alterations = alterations
        self.on_row = on_row
        self._letters: list[str] = []  # column letters, computed once

    def chunks(self) -> Iterator[bytes]:
        parts: list[str] = []
        cell = self._cell
        for number, row in enumerate(self.rows, start=self.first_row):
            while len(self._letters) < len(row):
                self._letters.append(get_column_letter(len(self._letters) + 1))
            letters = self._letters
            cells = "".join([cell(letters[column], number, item) for column, item in enumerate(row) if item is not None])
            parts.append(f'<row r="{number}">{cells}</row>')
            if self.on_row:
                self.on_row()
            if len(parts) == ROWS_PER_CHUNK:
                yield "".join(parts).encode("utf-8")
                parts.clear()
        if parts:
            yield "".join(parts).encode("utf-8")

    def _cell(self, column: str, number: int, item) -> str:
        kind = type(item)
        if kind is str:
            if len(item) > MAX_TEXT or ILLEGAL_CHARACTERS_RE.search(item):
                item = self.alterations.storable(item)
            if not item:
                return ""
            style = f' s="{self.quote_style}"' if needs_protection(item) else ""
            space = ' xml:space="preserve"' if item[0].isspace() or item[-1].isspace() else ""
            return f'<c r="{column}{number}"{style} t="inlineStr"><is><t{space}>{_escape(item)}</t></is></c>'
        if kind is tuple:
            value, unit = item
            if value is None or not math.isfinite(value):
                return ""
            return f'<c r="{column}{number}" s="{self.number_style(value, unit)}"><v>{value!r}</v></c>'
        if kind is int:
            return f'<c r="{column}{number}" t="n"><v>{item}</v></c>'
        raise TypeError(f"a streamed cell holds None, str, int or (value, unit), not {item!r}")


def splice(workbook: bytes, destination, streams: dict[str, StreamedRows]) -> None:
    """Copy the zip openpyxl wrote to destination, appending each sheet's streamed rows to its sheetData."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, \
            zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            stream = streams.get(info.filename)
            if stream is None:
                target.writestr(info, data)
                continue
            head, found, tail = data.decode("utf-8").rpartition("</sheetData>")
            if not found:
                raise ValueError(f"{info.filename} has no rows to continue; write a header row first")
            with target.open(info.filename, "w", force_zip64=True) as handle:
                handle.write(head.encode("utf-8"))
                for chunk in stream.chunks():
                    handle.write(chunk)
                handle.write(f"</sheetData>{tail}".encode("utf-8"))
