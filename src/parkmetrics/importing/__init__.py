"""Importing spreadsheets: sheet reading, header and layout detection, mapping figures onto rows, the import plan."""
