"""The compiled store: a validated dataset as one indexed SQLite file, written once and then only read.

Its four tables are those of `data --format sqlite` (`SCHEMA`), indexed on (park, indicator,
period, …), the observations' key, and (indicator, period), so a query reads the few rows it needs by index instead of
parsing every figure. Beside them, tables a store alone has: `store_info` (the parkmetrics
version, the hash of the code that shaped the data, and a stamp of every input file),
`problems` and `conflicts` (what loading set aside, in English and Chinese), and `frames` (the loaded tables column by
column, so commands that work in pandas read them back without parsing the CSV files again).

This module builds and checks a store; `loading` decides where it lives and when to rebuild it.
Nothing here imports pandas unless a Dataset is written or read back.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

from ..core.i18n import Words, chinese
from . import schema
from .model import FIGURE_FIELDS, Dataset, Problem

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
    source TEXT NOT NULL REFERENCES sources(id), quote TEXT, note TEXT
);
"""

# Created after the rows are in, by sorting them once, instead of updating two indexes per row inserted.
# The observations' key, (park, indicator, period, scope, status), is unique and serves (park, indicator, period).
INDEXES = """
CREATE UNIQUE INDEX observations_by_key ON observations (park, indicator, period, scope, status);
CREATE INDEX observations_by_indicator ON observations (indicator, period);
"""

STORE_TABLES = """
CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE problems (file TEXT NOT NULL, line INTEGER NOT NULL, message TEXT NOT NULL, message_zh TEXT NOT NULL);
CREATE TABLE conflicts (message TEXT NOT NULL, message_zh TEXT NOT NULL);
CREATE TABLE frames (frame TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, dtype TEXT NOT NULL, data BLOB, distinct_values TEXT, PRIMARY KEY (frame, position));
"""

# observations column -> the Dataset column it is written from
OBSERVATION_COLUMNS = {
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

FRAMES = (schema.PARKS, schema.INDICATORS, schema.SOURCES, schema.OBSERVATIONS)


# --- Stamps: which input files a store was built from --------------------------------------

# A file changed within this long before a build may change again without its modification
# time moving (file systems keep times to a tick, or to whole seconds): such a file is hashed
# again at every check instead of trusted by its size and time.
FINE_MARGIN_NS = 50_000_000
COARSE_MARGIN_NS = 2_000_000_000


def file_stamp(path: Path) -> dict:
    """Size, modification time and content hash of one input file; a file that cannot be read has no
    hash (loading then says why), so a store built beside it is never current."""
    status = path.stat()
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        sha256 = digest.hexdigest()
    except OSError:
        sha256 = None
    return {"path": os.fspath(path), "size": status.st_size, "mtime_ns": status.st_mtime_ns, "sha256": sha256}


def unchanged(stamp: dict, built_ns: int) -> bool:
    """Whether the file still has the content it was stamped with: by size and time when those
    are safe to trust, else by its content hash (a touched but unchanged file needs no rebuild)."""
    path = Path(stamp["path"])
    try:
        status = path.stat()
    except OSError:
        return False
    margin = COARSE_MARGIN_NS if stamp["mtime_ns"] % 1_000_000_000 == 0 else FINE_MARGIN_NS
    if stamp["sha256"] is None or status.st_size != stamp["size"]:
        return False
    if status.st_mtime_ns == stamp["mtime_ns"] and built_ns - stamp["mtime_ns"] > margin:
        return True
    try:
        return file_stamp(path)["sha256"] == stamp["sha256"]
    except OSError:
        return False


# --- Opening ---------------------------------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    """Open a store read-only. It is never changed once in place (a rebuild replaces the file),
    so SQLite needs no locks: `immutable` lets many readers share it at no cost."""
    return sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)


def read_only_uri(path) -> str:
    """The URI that opens a store read-only and without locks (pathlib's, as urllib.request costs start-up time)."""
    return f"{Path(path).absolute().as_uri()}?mode=ro&immutable=1"


def read_info(connection: sqlite3.Connection) -> dict:
    return {key: json.loads(value) for key, value in connection.execute("SELECT key, value FROM store_info")}


def is_current(connection: sqlite3.Connection, code: str, paths: list[Path]) -> bool:
    """Whether a store was built by this code from these files as they are now."""
    try:
        info = read_info(connection)
    except sqlite3.Error:
        return False
    stamps = info.get("files", [])
    if info.get("code") != code or [stamp["path"] for stamp in stamps] != [os.fspath(path) for path in paths]:
        return False
    return all(unchanged(stamp, info["built_ns"]) for stamp in stamps)


def private(path: Path) -> bool:
    """A store belongs to this user and nobody else can write it: only then are its answers trusted."""
    if not hasattr(os, "getuid"):  # Windows: stores live in the user's own profile
        return True
    try:
        status = path.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


# --- Writing ---------------------------------------------------------------------------------


WRITING_PRAGMAS = (
    # A fresh file that is thrown away on failure needs no journal and no syncing per page.
    "journal_mode = OFF",
    "synchronous = OFF",
    # Larger pages mean fewer page splits while 1.2 M rows go into the table.
    "page_size = 16384",
    # The indexes are built by sorting all rows: a second thread sorts half of them.
    "threads = 2",
)


def write_store(dataset, path, code: str, stamps: list[dict], built_ns: int) -> None:
    """Write a Dataset as a store at path (a fresh file, discarded by the caller on failure)."""
    connection = sqlite3.connect(path)
    try:
        for pragma in WRITING_PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        connection.executescript(SCHEMA + STORE_TABLES)
        write_tables(connection, dataset, dataset.observations)
        packing = _FramePacking(dataset)  # while SQLite sorts the rows into the indexes
        connection.executescript(INDEXES)
        connection.executemany("INSERT INTO problems VALUES (?, ?, ?, ?)", ((problem.file, problem.line, problem.message, chinese(problem.message)) for problem in dataset.problems))
        connection.executemany("INSERT INTO conflicts VALUES (?, ?)", ((conflict, chinese(conflict)) for conflict in dataset.conflicts))
        _write_frames(connection, packing)
        info = {"version": _version(), "code": code, "files": stamps, "built_ns": built_ns, "layers": dataset.layers}
        connection.executemany("INSERT INTO store_info VALUES (?, ?)", ((key, json.dumps(value, ensure_ascii=False)) for key, value in info.items()))
        connection.commit()
    finally:
        connection.close()


def _version() -> str:
    from .. import __version__

    return __version__


def write_tables(connection: sqlite3.Connection, dataset, observations) -> None:
    """Fill the four tables of `SCHEMA` from a Dataset and a frame of its observations."""
    for table in (schema.PARKS, schema.INDICATORS, schema.SOURCES):
        columns = schema.COLUMNS[table]
        _insert(connection, table, columns, [getattr(dataset, table)[column].tolist() for column in columns], nullable=columns)
    values = []
    for column, source in OBSERVATION_COLUMNS.items():
        cells = observations[source].tolist()
        if column == "value_as_written":
            cells = list(map(float, cells))
        values.append(cells)
    _insert(connection, schema.OBSERVATIONS, list(OBSERVATION_COLUMNS), values, nullable=("quote", "note"))


# SQLite before 3.32 allows at most 999 parameters in one statement.
MAX_PARAMETERS = 999
# Rows flattened into one list at a time while inserting, so a million rows never wait in memory twice.
FLATTENED_ROWS = 50_000


def _insert(connection, table: str, columns, values: list[list], nullable=()) -> None:
    """Insert rows given column by column, many rows per statement: binding each row as its own
    statement costs sqlite3 about as much again as SQLite spends storing it. An empty cell of a
    nullable column is stored as NULL, as SQL tools expect of an optional value."""
    names = ", ".join(f'"{column}"' for column in columns)  # "group" is an SQL keyword
    width, count = len(columns), len(values[0]) if values else 0
    per_statement = max(1, MAX_PARAMETERS // width)

    row = "(" + ", ".join("nullif(?, '')" if column in nullable else "?" for column in columns) + ")"

    def statement(rows: int) -> str:
        return f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * rows)}"

    whole = count - count % per_statement
    connection.executemany(statement(per_statement), _parameter_lists(values, 0, whole, per_statement))
    if whole < count:
        connection.executemany(statement(count - whole), _parameter_lists(values, whole, count, count - whole))


def _parameter_lists(values: list[list], start: int, stop: int, per_statement: int):
    """The parameters of rows start..stop, per_statement rows to a list, row after row."""
    width, block_rows = len(values), max(1, FLATTENED_ROWS // per_statement) * per_statement
    for block in range(start, stop, block_rows):
        end = min(block + block_rows, stop)
        flat = [None] * ((end - block) * width)
        for position, column in enumerate(values):
            flat[position::width] = column[block:end]
        step = per_statement * width
        for offset in range(0, len(flat), step):
            yield flat[offset : offset + step]


# --- Frames: the loaded tables for pandas, column by column ----------------------------------
# A text column is kept as its distinct values (JSON) plus one small integer per row, a number
# or flag column as its raw bytes: reading them back runs no code, unlike a pickle.


class _FramePacking(threading.Thread):
    """The frames' rows, packed while SQLite builds the indexes: sqlite3 lets go of the interpreter lock
    while SQLite works (and binding the rows before needs it all), so on two cores the packing costs almost no time of its own."""

    def __init__(self, dataset):
        super().__init__(daemon=True)
        self.dataset, self.rows, self.error = dataset, None, None
        self.start()

    def run(self) -> None:
        try:
            self.rows = _frame_rows(self.dataset)
        except BaseException as error:  # raised again in the thread that writes the store
            self.error = error

    def result(self) -> list[tuple]:
        self.join()
        if self.error is not None:
            raise self.error
        return self.rows


def _write_frames(connection, packing: _FramePacking) -> None:
    connection.executemany("INSERT INTO frames VALUES (?, ?, ?, ?, ?, ?, ?)", packing.result())


def _frame_rows(dataset) -> list[tuple]:
    import numpy as np
    import pandas as pd

    rows = []
    for name in FRAMES:
        frame = getattr(dataset, name)
        index = "id" if frame.index.name == "id" else "range"
        rows.append((name, -1, index, "index", "", None, None))
        for position, column in enumerate(frame.columns):
            values = frame[column]
            if isinstance(values.dtype, pd.StringDtype):
                codes, distinct = pd.factorize(values, use_na_sentinel=False)
                dtype = json.dumps({"storage": values.dtype.storage, "nan": values.dtype.na_value is not pd.NA})
                rows.append((name, position, column, "text", dtype, codes.astype(np.int32).tobytes(), json.dumps(list(distinct), ensure_ascii=False)))
            elif values.dtype.kind == "O":  # an empty frame's columns, which have no type yet
                rows.append((name, position, column, "objects", "", None, json.dumps(values.tolist(), ensure_ascii=False)))
            else:
                array = values.to_numpy()
                rows.append((name, position, column, "array", array.dtype.str, array.tobytes(), None))
    return rows


def _read_tables(connection: sqlite3.Connection) -> dict:
    """The four frames of the Dataset a store was built from, as loading gave them."""
    import numpy as np
    import pandas as pd

    frames = {}
    for name in FRAMES:
        columns, index = {}, "range"
        for _, column, kind, dtype, data, distinct in connection.execute("SELECT position, name, kind, dtype, data, distinct_values FROM frames WHERE frame = ? ORDER BY position", (name,)):
            if kind == "index":
                index = column
            elif kind == "text":
                codes = np.frombuffer(data, dtype=np.int32)
                text = json.loads(dtype)
                string = pd.StringDtype(text["storage"], na_value=np.nan if text["nan"] else pd.NA)
                columns[column] = pd.array(np.asarray(json.loads(distinct), dtype=object).take(codes), dtype=string)
            elif kind == "objects":
                columns[column] = pd.Series(json.loads(distinct), dtype=object)
            else:
                columns[column] = np.frombuffer(data, dtype=np.dtype(dtype)).copy()
        frame = pd.DataFrame(columns, columns=list(columns))
        frames[name] = frame.set_index("id", drop=False).rename_axis("id") if index == "id" else frame
    return frames


# --- Reading: the queries' calls, answered from SQL -------------------------------------------

# Figure field -> how the observations table gives it (an empty cell is NULL there, "" in a Figure)
_FIGURE_SQL = {field: field for field in FIGURE_FIELDS} | {
    "canonical_value": "value",
    "canonical_unit": "unit",
    "quote": "ifnull(quote, '')",
    "formula": "''",
}


class StoredDataset(Dataset):
    """A Dataset compiled into its store. The queries' calls (model.Catalogue) are answered from SQL by
    index, without pandas; the four frames and the problems are read back the first time code asks for them.

    Once its frames are in memory (code may change them), and when made by dataclasses.replace (a
    report's selection), it answers from the frames like any other Dataset.
    """

    def __init__(self, connection: sqlite3.Connection | None = None, **tables):
        self.__dict__["_tables"] = {}
        self.connection = connection
        if connection is None:
            Dataset.__init__(self, **tables)
            return
        info = read_info(connection)
        self.layers = info["layers"]
        self.conflicts = [Words(zh, en) for en, zh in connection.execute("SELECT message, message_zh FROM conflicts ORDER BY rowid")]

    def _table(name: str):
        def read(self):
            if name not in self._tables:
                self._tables.update(_read_tables(self.connection))
            return self._tables[name]

        def write(self, value):
            self._tables[name] = value

        return property(read, write)

    parks = _table(schema.PARKS)
    indicators = _table(schema.INDICATORS)
    sources = _table(schema.SOURCES)
    observations = _table(schema.OBSERVATIONS)
    del _table

    @property
    def problems(self) -> list[Problem]:
        if "problems" not in self._tables:
            rows = self.connection.execute("SELECT file, line, message, message_zh FROM problems ORDER BY rowid")
            self._tables["problems"] = [Problem(file, line, Words(zh, en)) for file, line, en, zh in rows]
        return self._tables["problems"]

    @problems.setter
    def problems(self, value) -> None:
        self._tables["problems"] = value

    def keep_tables(self, dataset: Dataset) -> None:
        """Keep the frames of the Dataset just compiled, so that nothing is read back."""
        self._tables.update({name: getattr(dataset, name) for name in (*FRAMES, "problems")})

    @property
    def store_file(self) -> str | None:
        """The store's file while the answers come from it (see data --format sqlite), else None."""
        if self._in_memory:
            return None
        return next(row[2] for row in self.connection.execute("PRAGMA database_list") if row[1] == "main")

    @property
    def _in_memory(self) -> bool:
        return self.connection is None or any(name in self._tables for name in FRAMES)

    def park_records(self) -> list[dict]:
        return super().park_records() if self._in_memory else self._records(schema.PARKS)

    def indicator_records(self) -> list[dict]:
        return super().indicator_records() if self._in_memory else self._records(schema.INDICATORS)

    def _records(self, table: str) -> list[dict]:
        columns = schema.COLUMNS[table]
        names = ", ".join(f"""ifnull("{column}", '')""" for column in columns)
        return [dict(zip(columns, row)) for row in self.connection.execute(f"SELECT {names} FROM {table} ORDER BY rowid")]

    def figure_rows(self, parks=None, indicators=None, fields=FIGURE_FIELDS, blank=()):
        """Read by index (see Catalogue.figure_rows)."""
        if self._in_memory:
            return super().figure_rows(parks, indicators, fields, blank)
        clauses, values = [], []
        for column, wanted in (("park", parks), ("indicator", indicators)):
            if wanted is not None:
                wanted = list(dict.fromkeys(wanted))
                clauses.append(f"{column} IN ({', '.join('?' for _ in wanted)})")
                values += wanted
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        selected = ", ".join("''" if field in blank else _FIGURE_SQL[field] for field in fields)
        return self.connection.execute(f"SELECT {selected} FROM observations{where} ORDER BY id", values)

    def figure_counts(self) -> dict[str, int]:
        if self._in_memory:
            return super().figure_counts()
        return dict(self.connection.execute("SELECT park, COUNT(*) FROM observations GROUP BY park"))

    def table_sizes(self) -> dict[str, int]:
        if self._in_memory:
            return super().table_sizes()
        return {table: self.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in schema.COLUMNS}

    def indicator_coverage(self) -> dict[str, int]:
        if self._in_memory:
            return super().indicator_coverage()
        return dict(self.connection.execute("SELECT indicator, COUNT(DISTINCT park) FROM observations GROUP BY indicator"))
