"""One renderer for every command: a Table to table, csv, tsv, json, jsonl or markdown.

Machine formats (csv, tsv, json, jsonl) carry one fact per field under stable
ASCII keys; human formats (table, markdown) use localised headers and compact
cells. rich is imported only for the terminal table.
"""

from __future__ import annotations

import csv
import json
import math

from ..core.figures import format_number
from ..core.table import HUMAN, MACHINE, Table

MACHINE_FORMATS = ("csv", "tsv", "json", "jsonl")

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _text(value, kind: str, grouping: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        return format_number(float(value), grouping=grouping)
    return str(value)


def _json_value(value, kind: str):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return value


def excel_safe(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def render(table: Table, fmt: str, lang: str, out, is_terminal: bool = False, excel_safe_text: bool = False, width: int | None = None) -> None:
    """Write table to the text stream out in format fmt; width is the terminal's (its own when None)."""
    if fmt in MACHINE_FORMATS:
        _render_machine(table, fmt, out, excel_safe_text)
    elif fmt == "markdown":
        _render_markdown(table, lang, out)
    else:
        _render_rich(table, lang, out, is_terminal, width)


def _render_machine(table: Table, fmt: str, out, excel_safe_text: bool) -> None:
    """Rows (or a Table's records, as they come) one at a time: a million figures never wait in memory as text."""
    columns = table.visible(MACHINE)
    keys, kinds = [column.key for column in columns], [column.kind for column in columns]
    records = table.records if table.records is not None else ([row.get(key) for key in keys] for row in table.rows)
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, dialect="excel-tab" if fmt == "tsv" else "excel", lineterminator="\n")
        writer.writerow(keys)
        writer.writerows(_csv_cells(records, kinds, excel_safe_text, plain_text=table.records is not None))
        return
    dicts = ({key: _json_value(value, kind) for key, value, kind in zip(keys, record, kinds)} for record in records)
    if fmt == "jsonl":
        for record in dicts:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        json.dump(list(dicts), out, ensure_ascii=False, indent=2)
        out.write("\n")


def _csv_cells(records, kinds: list[str], excel_safe_text: bool, plain_text: bool):
    """csv/tsv cells: numbers formatted; text as it is when it is str, else as _text makes it (a missing value is
    empty), prefixed when asked (--excel-safe). plain_text: the records' text cells are all str or None, which
    csv writes as they are, so they need no call (a million figures of `data`)."""
    numbers = [(index, _NUMBER_TEXT[kind]) for index, kind in enumerate(kinds) if kind != "text"]
    texts = [index for index, kind in enumerate(kinds) if kind == "text"] if excel_safe_text or not plain_text else []
    if not numbers and not texts:
        return records

    def cells(record):
        record = list(record)
        for index, as_text in numbers:
            record[index] = as_text(record[index])
        for index in texts:
            value = record[index]
            text = value if value.__class__ is str else _text(value, "text", grouping=False)
            record[index] = excel_safe(text) if excel_safe_text else text
        return record

    return map(cells, records)


def _number_text(value) -> str:
    """_text(value, "number") without its dispatch: called once per figure of `data`."""
    return "" if value is None or value != value else format_number(float(value))


_NUMBER_TEXT = {"number": _number_text, "integer": lambda value: _text(value, "integer", grouping=False)}


def _render_markdown(table: Table, lang: str, out) -> None:
    columns = table.visible(HUMAN)

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out.write("| " + " | ".join(cell(column.title(lang)) for column in columns) + " |\n")
    out.write("|" + "|".join("---:" if column.right_aligned else "---" for column in columns) + "|\n")
    for row in table.rows:
        out.write("| " + " | ".join(cell(_text(column.shown(row.get(column.key), lang), column.kind, grouping=True)) for column in columns) + " |\n")
    if table.notes:
        out.write("\n" + "".join(f"{note}  \n" for note in table.notes))


BAR_WIDTH, BAR_MIN_WIDTH = 24, 8  # a rank's bar: full width, and the narrowest worth drawing
WRAPPED_MIN_WIDTH = 8  # a wrapped text column keeps room for four Chinese characters a line,
WRAPPED_LEAST = 4  # or two, when the ids, numbers and periods leave no more
GAP = 3  # between two columns: padding, rule, padding


def column_widths(natural: list[int], least: list[int], kept: list[bool], width: int) -> list[int]:
    """Widths that fit `width` where they can: kept columns (ids, numbers, periods) whole, or at least as wide as
    their longest word (a compare cell '6,509.4 (2023)' may put its period on a second line); the other columns
    share what is left, the narrowest first getting all they need, each at least WRAPPED_MIN_WIDTH, or
    WRAPPED_LEAST when the kept columns leave too little."""
    gaps = GAP * (len(natural) - 1)
    widths = [size if keep else 0 for size, keep in zip(natural, kept)]
    wrapped = sorted((size, number) for number, (size, keep) in enumerate(zip(natural, kept)) if not keep)
    floor = WRAPPED_MIN_WIDTH
    if sum(widths) + gaps + sum(min(size, floor) for size, _ in wrapped) > width:
        floor = WRAPPED_LEAST
    excess = sum(widths) + gaps + sum(min(size, floor) for size, _ in wrapped) - width
    for number in sorted(range(len(natural)), key=lambda n: natural[n] - least[n], reverse=True):
        if excess <= 0:
            break
        if kept[number]:
            cut = min(excess, natural[number] - least[number])
            widths[number] -= cut
            excess -= cut
    left = width - gaps - sum(widths)
    for position, (size, number) in enumerate(wrapped):
        share = left // (len(wrapped) - position)
        widths[number] = max(min(size, share), min(size, floor))
        left -= widths[number]
    return widths


def _render_rich(table: Table, lang: str, out, is_terminal: bool, width: int | None = None) -> None:
    """On a terminal, ids, numbers and periods are never cut: the bar shrinks or goes first, then names and other text wrap."""
    from rich.bar import Bar
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table as RichTable

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """rich would exit with status 1; a closed pipe is the CLI's to end, quietly and with 0."""
            self.quiet = True
            raise BrokenPipeError

    # Off a terminal nothing is wrapped, so `| less -S` and files keep one row per line.
    console = _Console(file=out, force_terminal=is_terminal, width=width if is_terminal else 10_000, highlight=False)
    columns = table.visible(HUMAN)
    cells = [[_text(column.shown(row.get(column.key), lang), column.kind, grouping=True) for column in columns] for row in table.rows]
    # The widest cell of each column; a header (a park's name, in compare) may wrap like any name.
    natural = [
        max([min(cell_len(column.title(lang)), WRAPPED_MIN_WIDTH) if column.kept else cell_len(column.title(lang)), *(cell_len(line) for row in cells for line in row[number].splitlines() or [""])])
        for number, column in enumerate(columns)
    ]
    kept = [column.kept for column in columns]
    least = [max([cell_len(word) for row in cells for word in row[number].split()] or [0]) for number in range(len(columns))]
    bar_values = [row.get(table.bar) for row in table.rows] if table.bar and is_terminal else []
    largest = max((abs(value) for value in bar_values if value is not None), default=0)
    bar_width = 0
    if bar_values and largest:
        bar_width = min(BAR_WIDTH, console.width - sum(natural) - GAP * len(natural))
        bar_width = bar_width if bar_width >= BAR_MIN_WIDTH else 0
    widths = column_widths(natural, least, kept, console.width - (bar_width + GAP if bar_width else 0)) if is_terminal else natural
    # Ids, numbers and periods alone wider than the terminal: the table is printed whole, not cut at its edge.
    console.width = max(console.width, sum(widths) + GAP * (len(widths) - 1) + (bar_width + GAP if bar_width else 0))
    grid = RichTable(show_edge=False, header_style="bold", pad_edge=False)
    for number, column in enumerate(columns):
        grid.add_column(column.title(lang), justify="right" if column.right_aligned else "left", no_wrap=not is_terminal, overflow="fold", width=widths[number] if is_terminal else None)
    if bar_width:
        grid.add_column("", width=bar_width, no_wrap=True)
    for position, row in enumerate(cells):
        if bar_width:
            row = [*row, Bar(size=largest, begin=0, end=abs(bar_values[position] or 0), width=bar_width, color="cyan")]
        grid.add_row(*row)
    console.print(grid)
    for note in table.notes:
        console.print(note, style="dim", markup=False)
