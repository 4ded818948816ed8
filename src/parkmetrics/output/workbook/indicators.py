"""The Indicators sheet: each indicator's names, unit, measure, direction, definition and parks with figures."""

from __future__ import annotations

from ...analysis.queries import indicators_table
from .writer import Book, Sheet, fit_widths


def write_indicators(book: Book, worksheet) -> None:
    table = indicators_table(book.dataset, book.lang)
    keys = ("id", "name_zh", "name_en", "unit", "measure", "direction", "definition", "parks")
    definitions = book.dataset.indicators["definition"]
    words = {"unit", "measure", "direction"}
    rows = [[definitions[entry["id"]] if key == "definition" else book.term(entry[key]) if key in words else entry[key] for key in keys] for entry in table.rows]
    headers = [book.label(key) for key in keys]
    Sheet(book, worksheet, headers, fit_widths(headers, rows), freeze="B2").stream(rows, len(rows))
