"""SQLite's own share of compiling a store: the dataset's rows copied into a fresh file and indexed
by SQLite alone, with no Python per row, as `write_store` lays them out (the same pragmas, schema and
indexes). No writer that starts once the rows are validated can take less, so this time over
`validate`'s is the lowest first-build ratio an SQLite store can reach on the machine.

python sqlite_floor.py DATA_DIR    (compiles the dataset's store first if there is none)
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from parkmetrics.data.loading import store_path
from parkmetrics.data.store import INDEXES, SCHEMA, WRITING_PRAGMAS, read_only_uri


def main(data: str) -> None:
    compiled = store_path([data])
    if not compiled.is_file():
        subprocess.run([sys.executable, "-m", "parkmetrics", "validate", data], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as scratch:
        connection = sqlite3.connect(Path(scratch) / "floor.sqlite")
        for pragma in WRITING_PRAGMAS:
            connection.execute(f"PRAGMA {pragma}")
        connection.executescript(SCHEMA)
        connection.execute("ATTACH DATABASE ? AS compiled", (read_only_uri(compiled),))
        for table in ("parks", "indicators", "sources", "observations"):
            connection.execute(f"INSERT INTO main.{table} SELECT * FROM compiled.{table}")
        connection.commit()
        connection.execute("DETACH DATABASE compiled")
        connection.executescript(INDEXES)
        connection.commit()
        print(connection.execute("SELECT COUNT(*) FROM observations").fetchone()[0], "rows", os.path.getsize(Path(scratch) / "floor.sqlite") >> 20, "MiB")
        connection.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
