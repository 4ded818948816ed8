"""The Coverage sheet: the table of `parkmetrics coverage`, over the zones of the report."""

from __future__ import annotations

from .writer import Book, Sheet, fit_widths


def write_coverage(book: Book, worksheet) -> int:
    """Parks down, core indicators across: the period of each latest figure, as `parkmetrics coverage` shows it."""
    from ...analysis.coverage import coverage_table

    dataset = book.dataset
    parks = dataset.zones
    present = set(dataset.observations["indicator"])  # a dataset without core indicators: every one with a figure
    indicators = dataset.core_indicators or [indicator for indicator in dataset.indicators.index if indicator in present]
    table = coverage_table(dataset, book.lang, parks, indicators)
    keys = ["park", "name", *indicators, "count", "best_year", "best_year_core"]
    headers = [book.label("park_id"), book.label("park_name")]
    headers += [dataset.indicator_name(indicator, book.lang) for indicator in indicators]
    headers += [book.label(key) for key in ("count", "best_year", "best_year_core")]
    rows = [[row[key] or None for key in keys] for row in table.rows]
    sheet = Sheet(book, worksheet, headers, fit_widths(headers, rows), freeze="C2")
    sheet.stream(rows, len(rows))
    return len(rows)
