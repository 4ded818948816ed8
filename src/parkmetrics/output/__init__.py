"""Writing results: text and machine formats, SQLite, the Excel workbook and its streamed writer."""
