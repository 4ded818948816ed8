"""Importing spreadsheets: sheet reading, header and layout detection, the import plan."""
