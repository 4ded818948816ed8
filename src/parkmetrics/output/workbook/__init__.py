"""The Excel workbook of `parkmetrics report`: one module per sheet, on the shared sheet writer (writer.py).

report.py says which sheets a report has and in which order; overview, compare,
rankings, data, sources, indicators, coverage and about each write one sheet.
"""

from .report import CompositeSettings, Written, write_workbook

__all__ = ["CompositeSettings", "Written", "write_workbook"]
