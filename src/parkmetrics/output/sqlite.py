"""Export a dataset as an SQLite database, for SQL tools and Datasette.

Four tables mirror the CSV files, with primary keys and foreign keys from
observations to parks, indicators and sources. Observations carry both the
figure as written (raw, value_as_written, unit_as_written) and the value in
the indicator's canonical unit, like `parkmetrics data`. Empty optional cells
become NULL. The file is built under a temporary name and renamed into place;
a failed write (SQLite or disk error) leaves any existing file unchanged.
"""

from __future__ import annotations

import os
import sqlite3

import pandas as pd

from ..core.errors import OutputError
from ..core.i18n import Words
from ..data import schema
from ..files.atomic import atomic_path

SCHEMA = """
CREATE TABLE parks (
    id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT, aliases TEXT,
    kind TEXT, level TEXT, province TEXT, city TEXT, established TEXT, "group" TEXT
);
CREATE TABLE indicators (
    id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, unit TEXT NOT NULL,
    measure TEXT NOT NULL, direction TEXT NOT NULL, aliases TEXT, definition TEXT, core TEXT
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT, published TEXT, url TEXT, document TEXT, tier TEXT
);
CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    park TEXT NOT NULL REFERENCES parks(id),
    indicator TEXT NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
    scope TEXT NOT NULL, status TEXT NOT NULL, qualifier TEXT NOT NULL,
    value REAL NOT NULL, unit TEXT NOT NULL,
    raw TEXT NOT NULL, value_as_written REAL NOT NULL, unit_as_written TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT, note TEXT,
    UNIQUE (park, indicator, period, scope, status)
);
CREATE INDEX observations_by_indicator ON observations (indicator, period);
"""

_OBSERVATION_COLUMNS = {
    "park": "park",
    "indicator": "indicator",
    "period": "period",
    "period_start": "period_start",
    "period_end": "period_end",
    "scope": "scope",
    "status": "status",
    "qualifier": "qualifier",
    "value": "canonical_value",
    "unit": "canonical_unit",
    "raw": "raw",
    "value_as_written": "value",
    "unit_as_written": "unit",
    "source": "source",
    "quote": "quote",
    "note": "note",
}


def write_sqlite(dataset, path, observations: pd.DataFrame | None = None) -> int:
    """Write the dataset (or the given subset of its observations) to path; return the row count."""
    frame = dataset.observations if observations is None else observations
    with atomic_path(path) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            # A fresh file that is discarded on failure needs no rollback journal beside it.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.executescript(SCHEMA)
            for table, frame_of_table in ((schema.PARKS, dataset.parks), (schema.INDICATORS, dataset.indicators), (schema.SOURCES, dataset.sources)):
                _insert(connection, table, frame_of_table, {column: column for column in schema.COLUMNS[table]})
            _insert(connection, schema.OBSERVATIONS, frame, _OBSERVATION_COLUMNS)
            connection.commit()
        except sqlite3.Error as error:
            left = ("原文件未改动", "the existing file is unchanged") if os.path.lexists(path) else ("什么也没写入", "nothing was written")
            raise OutputError(
                Words(
                    f"无法写入 {os.fspath(path)}：SQLite 报告 {error}；{left[0]}；请腾出空间或选择可写的位置",
                    f"cannot write {os.fspath(path)}: SQLite says {error}; {left[1]}; free some space or choose a writable place",
                )
            ) from None
        finally:
            connection.close()
    return len(frame)


def _insert(connection, table: str, frame: pd.DataFrame, columns: dict[str, str]) -> None:
    selected = frame.loc[:, list(columns.values())].astype(object)
    selected = selected.where(selected != "", None)
    placeholders = ", ".join("?" for _ in columns)
    names = ", ".join(f'"{column}"' for column in columns)  # "group" is an SQL keyword
    connection.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({placeholders})",
        selected.itertuples(index=False, name=None),
    )
