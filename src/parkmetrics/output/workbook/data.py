"""The Data sheet: every figure as `parkmetrics data --format csv` writes it, as an Excel table."""

from __future__ import annotations

import warnings
from operator import itemgetter

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo

from ...data import schema
from .writer import Book, Sheet, record_widths


def write_data(book: Book, worksheet, observations) -> None:
    keys = list(schema.DATA_COLUMNS)
    sheet = Sheet(book, worksheet, keys, record_widths(observations.rows, keys, numeric="value", measured=book.measured), freeze="A2")
    if observations.rows:
        reference = f"A1:{get_column_letter(len(keys))}{len(observations.rows) + 1}"
        excel_table = ExcelTable(displayName="Observations", ref=reference, autoFilter=AutoFilter(ref=reference))
        excel_table.tableColumns = [TableColumn(id=number, name=key) for number, key in enumerate(keys, start=1)]
        excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        with warnings.catch_warnings():  # openpyxl warns that write-only tables need columns, given above
            warnings.simplefilter("ignore", UserWarning)
            worksheet.add_table(excel_table)
    cells, value_at = itemgetter(*keys), keys.index("value")

    def data_row(row: dict) -> list:
        items = list(cells(row))
        items[value_at] = (row["value"], row["unit"])
        return items

    sheet.stream(map(data_row, observations.rows), len(observations.rows))
