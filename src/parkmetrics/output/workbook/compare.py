"""The Compare sheet: every indicator down, each park's figure and its note across, as `parkmetrics compare`."""

from __future__ import annotations

from .writer import Book, Sheet, cell_range, fit_widths, is_missing


def write_compare(book: Book, worksheet, comparison, park_ids) -> None:
    dataset = book.dataset
    headers = [book.label("indicator_id"), book.label("indicator_name"), book.label("unit"), book.label("status")]
    for park in park_ids:
        headers += [dataset.park_name(park, book.lang), book.label("note")]
    pair = len(park_ids) == 2
    if pair:
        headers += [book.label("ratio"), book.label("comparison")]
    rows = []
    for entry in comparison.rows:
        row = [entry["indicator"], entry["name"], book.term(entry["unit"]), book.term(entry["status"])]
        for park in park_ids:
            value = entry[f"{park}.value"]
            if is_missing(value):
                row += [None, None]
            else:
                row += [(value, entry["unit"]), book.figure_note(entry[f"{park}.period"], entry[f"{park}.qualifier"], entry[f"{park}.scope"])]
        if pair:
            ratio = entry["ratio"]
            row += [None if is_missing(ratio) else (ratio, ""), entry["comparison"].shown(book.lang)]
        rows.append(row)
    sheet = Sheet(book, worksheet, headers, fit_widths(headers, rows), freeze="E2")
    if len(park_ids) >= 2:
        last = 4 + 2 * len(park_ids)  # colour scales skip the text of the note columns
        for number, entry in enumerate(comparison.rows, start=2):
            values = [entry[f"{park}.value"] for park in park_ids]
            if sum(not is_missing(value) for value in values) >= 2:
                direction = dataset.indicators.at[entry["indicator"], "direction"]
                sheet.colour_scale(cell_range(5, number, last, number), direction)
    sheet.stream(rows, len(rows))
