"""Export a dataset as an SQLite database, for SQL tools and Datasette.

Four tables mirror the CSV files, with primary keys and foreign keys from
observations to parks, indicators and sources. Observations carry both the
figure as written (raw, value_as_written, unit_as_written) and the value in
the indicator's canonical unit, like `parkmetrics data`. Empty optional cells
become NULL. The tables are those of the compiled store (`data.store`), copied
from it by SQLite itself (or written from the frames of a Dataset that has no
store, as the store is). The file is built under a temporary name and renamed
into place; a failed write (SQLite or disk error) leaves any existing file unchanged.
"""

from __future__ import annotations

import os
import sqlite3

from ..core.errors import OutputError
from ..core.i18n import Words
from ..data import schema
from ..data.store import INDEXES, OBSERVATION_COLUMNS, SCHEMA, read_only_uri, write_tables
from ..files.atomic import atomic_path, left_after_failure


def write_sqlite(dataset, path, parks=None, indicators=None) -> int:
    """Write the dataset's tables to path, its observations of these parks and indicators only (all when None); return the row count."""
    store_file = getattr(dataset, "store_file", None)
    with atomic_path(path) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            # A fresh file that is discarded on failure needs no rollback journal beside it.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.executescript(SCHEMA)
            if store_file is None:
                count = _write_frames(connection, dataset, parks, indicators)
            else:
                connection.execute("ATTACH DATABASE ? AS store", (read_only_uri(store_file),))
                for table in (schema.PARKS, schema.INDICATORS, schema.SOURCES):
                    _insert(connection, table, ("", []), schema.COLUMNS[table])
                count = _insert(connection, schema.OBSERVATIONS, _filters(parks, indicators), list(OBSERVATION_COLUMNS))
                connection.commit()
                connection.execute("DETACH DATABASE store")
            connection.executescript(INDEXES)
        except sqlite3.Error as error:
            left = left_after_failure(path)
            raise OutputError(
                Words(
                    f"无法写入 {os.fspath(path)}：SQLite 报告 {error}；{left.zh}；请腾出空间或选择可写的位置",
                    f"cannot write {os.fspath(path)}: SQLite says {error}; {left}; free some space or choose a writable place",
                )
            ) from None
        finally:
            connection.close()
    return count


def _write_frames(connection, dataset, parks, indicators) -> int:
    observations = dataset.observations
    if parks:
        observations = observations[observations["park"].isin(parks)]
    if indicators:
        observations = observations[observations["indicator"].isin(indicators)]
    write_tables(connection, dataset, observations)
    connection.commit()
    return len(observations)


def _filters(parks, indicators) -> tuple[str, list]:
    clauses, values = [], []
    for column, wanted in (("park", parks), ("indicator", indicators)):
        if wanted:
            clauses.append(f"{column} IN ({', '.join('?' for _ in wanted)})")
            values += wanted
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), values


def _insert(connection, table: str, where: tuple[str, list], columns) -> int:
    """Copy a table from the attached store, its rows that meet the condition (a WHERE clause and its values)."""
    condition, values = where
    names = ", ".join(f'"{column}"' for column in columns)  # "group" is an SQL keyword
    order = " ORDER BY id" if table == schema.OBSERVATIONS else " ORDER BY rowid"
    return connection.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM store.{table}{condition}{order}", values).rowcount
