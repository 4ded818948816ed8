"""One renderer for every command: a Table to table, csv, tsv, json, jsonl or markdown.

Machine formats (csv, tsv, json, jsonl) carry one fact per field under stable
ASCII keys; human formats (table, markdown) use localised headers and compact
cells. rich is imported only for the terminal table.
"""

from __future__ import annotations

import csv
import json
import math

from .figures import format_number
from .table import FORMATS, HUMAN, MACHINE, Table

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


def render(table: Table, fmt: str, lang: str, out, is_terminal: bool = False, excel_safe_text: bool = False) -> None:
    """Write table to the text stream out in format fmt."""
    if fmt in MACHINE_FORMATS:
        _render_machine(table, fmt, out, excel_safe_text)
    elif fmt == "markdown":
        _render_markdown(table, lang, out)
    else:
        _render_rich(table, lang, out, is_terminal)


def _render_machine(table: Table, fmt: str, out, excel_safe_text: bool) -> None:
    columns = table.visible(MACHINE)
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, dialect="excel-tab" if fmt == "tsv" else "excel", lineterminator="\n")
        writer.writerow([column.key for column in columns])
        writer.writerows(zip(*(_column_cells(table.rows, column, excel_safe_text) for column in columns)))
        return
    records = ({column.key: _json_value(row.get(column.key), column.kind) for column in columns} for row in table.rows)
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")


def _column_cells(rows, column, excel_safe_text: bool) -> list[str]:
    """One column of csv/tsv cells, built column by column: text, by far the most common cell, needs no call."""
    values = [row.get(column.key) for row in rows]
    if column.kind != "text":
        return [_text(value, column.kind, grouping=False) for value in values]
    cells = [value if value.__class__ is str else _text(value, "text", grouping=False) for value in values]
    return [excel_safe(cell) for cell in cells] if excel_safe_text else cells


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


def _render_rich(table: Table, lang: str, out, is_terminal: bool) -> None:
    from rich.bar import Bar
    from rich.console import Console
    from rich.table import Table as RichTable

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """rich would exit with status 1; a closed pipe is the CLI's to end, quietly and with 0."""
            self.quiet = True
            raise BrokenPipeError

    # Off a terminal nothing is wrapped, so `| less -S` and files keep one row per line.
    console = _Console(file=out, force_terminal=is_terminal, width=None if is_terminal else 10_000, highlight=False)
    columns = table.visible(HUMAN)
    grid = RichTable(show_edge=False, header_style="bold", pad_edge=False)
    for column in columns:
        grid.add_column(column.title(lang), justify="right" if column.right_aligned else "left", no_wrap=not is_terminal)
    bar_values = [row.get(table.bar) for row in table.rows] if table.bar and is_terminal else []
    largest = max((abs(value) for value in bar_values if value is not None), default=0)
    if bar_values and largest:
        grid.add_column("", width=24)
    for position, row in enumerate(table.rows):
        cells = [_text(column.shown(row.get(column.key), lang), column.kind, grouping=True) for column in columns]
        if bar_values and largest:
            value = bar_values[position]
            cells.append(Bar(size=largest, begin=0, end=abs(value or 0), width=24, color="cyan"))
        grid.add_row(*cells)
    console.print(grid)
    for note in table.notes:
        console.print(note, style="dim", markup=False)
