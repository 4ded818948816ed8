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
import itertools
import math
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from .render import FORMULA_TRIGGERS

MAX_TEXT = 32_767  # Excel's limit on the characters of one cell
ROWS_PER_CHUNK = 500
# zlib level of the streamed sheets. A million-figure report is over a gigabyte of XML: level 1
# compresses it three to four times faster than the default 6, for a file about a quarter larger.
BULK_COMPRESSION = 1
MEMO_TEXT = 64  # texts up to this length are encoded once per distinct text (ids, periods, units, short figures)


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

    def warnings(self, lang: str = "en") -> list[str]:
        from ..core.i18n import pick

        warnings = []
        if self.texts_with_control_characters:
            count = self.texts_with_control_characters
            warnings.append(
                pick(
                    (
                        f"{count} 个文本单元格含有 Excel 无法保存的控制字符；每个这样的字符都已替换为 \ufffd",
                        f"{count} text cell(s) held control characters that Excel cannot store; each such character was replaced by \ufffd",
                    ),
                    lang,
                )
            )
        if self.shortened_texts:
            count = self.shortened_texts
            warnings.append(pick((f"{count} 段文本超过 Excel 的 {MAX_TEXT:,} 个字符上限，已截断", f"{count} text(s) longer than Excel's {MAX_TEXT:,} characters were cut"), lang))
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

    def __init__(self, first_row: int, rows: Iterable[list], number_style: Callable[[float, str], int], quote_style: int, alterations: Alterations, on_row: Callable[[], None] | None = None):
        self.first_row = first_row
        self.rows = rows
        self.number_style = number_style
        self.quote_style = quote_style
        self.alterations = alterations
        self.on_row = on_row
        self._letters: list[str] = []  # column letters, computed once
        # What follows a cell's reference, by text and by (repr of the value, unit): a million rows
        # repeat a few thousand park ids, periods and units, so each is encoded once.
        self._texts: dict[str, str] = {}
        self._figures: dict[tuple[str, str], str] = {}

    def chunks(self) -> Iterator[bytes]:
        """The rows as SpreadsheetML, ROWS_PER_CHUNK rows at a time.

        Each block of rows is encoded column by column (a column repeats the same few
        ids, periods and units, found in a dict without a call), then assembled row by row.
        """
        rows, number = iter(self.rows), self.first_row
        while block := list(itertools.islice(rows, ROWS_PER_CHUNK)):
            width = max(map(len, block))
            while len(self._letters) < width:
                self._letters.append(get_column_letter(len(self._letters) + 1))
            columns = [self._encode_column(items) for items in itertools.zip_longest(*block)]
            parts = []
            for encoded in zip(*columns) if columns else [()] * len(block):
                row = str(number)  # once per row, not once per cell
                present = [cell for cell in encoded if cell]
                if all(encoded[: len(present)]):
                    # The cells fill the first columns without a gap: a cell without a reference goes
                    # in the column after the one before it, so none needs its own.
                    cells = "<c" + "<c".join(present) if present else ""
                else:
                    cells = "".join([f'<c r="{letter}{row}"{cell}' for letter, cell in zip(self._letters, encoded) if cell])
                parts.append(f'<row r="{row}">{cells}</row>')
                number += 1
                if self.on_row:
                    self.on_row()
            yield "".join(parts).encode("utf-8")

    def _encode_column(self, items) -> list[str]:
        """What follows each cell's reference, "" where there is no cell."""
        texts, encode = self._texts, self._encode
        return [texts[item] if item.__class__ is str and item in texts else encode(item) for item in items]

    def _encode(self, item) -> str:
        kind = type(item)
        if item is None:
            return ""
        if kind is str:
            return self._text(item)
        if kind is tuple:
            value, unit = item
            if value is None or not math.isfinite(value):
                return ""
            text = repr(value)
            encoded = self._figures.get((text, unit))
            if encoded is None:
                encoded = self._figures[(text, unit)] = f' s="{self.number_style(value, unit)}"><v>{text}</v></c>'
            return encoded
        if kind is int:
            return f' t="n"><v>{item}</v></c>'
        raise TypeError(f"a streamed cell holds None, str, int or (value, unit), not {item!r}")

    def _text(self, text: str) -> str:
        """A text cell after its reference, or "" for no cell; remembered unless Excel made it change."""
        altered = len(text) > MAX_TEXT or ILLEGAL_CHARACTERS_RE.search(text)
        stored = self.alterations.storable(text) if altered else text
        if not stored:
            return ""
        style = f' s="{self.quote_style}"' if needs_protection(stored) else ""
        space = ' xml:space="preserve"' if stored[0].isspace() or stored[-1].isspace() else ""
        encoded = f'{style} t="inlineStr"><is><t{space}>{_escape(stored)}</t></is></c>'
        if not altered and len(text) <= MEMO_TEXT:
            self._texts[text] = encoded  # an altered text is counted each time it occurs, so never remembered
        return encoded


def splice(workbook: bytes, destination, streams: dict[str, StreamedRows]) -> None:
    """Copy the zip openpyxl wrote to destination, appending each sheet's streamed rows to its sheetData."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=BULK_COMPRESSION) as target:
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
                handle.write(f"</sheetData>{tail}".encode())
