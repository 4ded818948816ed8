"""The compiled store: where it lives, when it is rebuilt, that it is replaced whole, and that the
query commands answer from it without importing pandas (docs/dataset.md#the-compiled-store)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from helpers import EIGHT_PARKS, copy_dataset

from parkmetrics.data import store

# Runs the command line in a fresh interpreter, then says whether pandas was ever imported.
PANDAS_PROBE = """
import sys
from parkmetrics.cli.app import main
try:
    main(sys.argv[1:], prog_name="parkmetrics")
except SystemExit as leaving:
    code = leaving.code
print(f"exit {code}, pandas imported: {'pandas' in sys.modules}", file=sys.stderr)
"""

QUERIES = {
    "parks": ["parks"],
    "indicators": ["indicators"],
    "show": ["show", "changde"],
    "compare": ["compare", "qianjiang", "jinzhong"],
    "show derived": ["show", "changde", "--derived"],  # changde has the bundled data's derived figures
    "compare derived": ["compare", "changde", "qianjiang", "--derived"],
    "rank": ["rank", "high_tech_enterprises"],
    "data": ["data", "--park", "jinzhong"],
    "data sqlite": ["data", "--format", "sqlite", "-o", "{tmp}/out.db"],
    "validate": ["validate"],
    "coverage": ["coverage", "--province", "江苏"],
    "coverage all": ["coverage", "--all"],
}


def probe(arguments, environment):
    result = subprocess.run([sys.executable, "-c", PANDAS_PROBE, *arguments], capture_output=True, text=True, env=environment, timeout=120)
    return result.stderr.splitlines()[-1]


@pytest.fixture
def environment(tmp_path):
    return {**os.environ, "PARKMETRICS_CACHE_DIR": str(tmp_path / "stores")}


def store_info(path) -> dict:
    import json

    with sqlite3.connect(path) as connection:
        info = {key: json.loads(value) for key, value in connection.execute("SELECT key, value FROM store_info")}
    connection.close()
    return info


def the_store(folder):
    (path,) = (entry for entry in folder.iterdir() if entry.suffix == ".sqlite")
    return path


@pytest.mark.parametrize("name", QUERIES)
def test_query_commands_answer_without_pandas(tmp_path, environment, name):
    arguments = [argument.format(tmp=tmp_path) for argument in QUERIES[name]]
    assert probe(["parks"], environment) == "exit 0, pandas imported: True"  # the first command compiles the store, in pandas
    assert probe(arguments, environment) == "exit 0, pandas imported: False"


def test_the_store_is_rebuilt_when_a_file_changes_and_only_then(run, tmp_path, monkeypatch):
    import parkmetrics.data.loading

    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "stores"))
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    assert run("parks", "--data", str(directory)).exit_code == 0
    path = the_store(tmp_path / "stores")
    built = store_info(path)["built_ns"]

    assert run("parks", "--data", str(directory)).exit_code == 0
    os.utime(directory / "parks.csv")  # touched, not changed
    assert run("parks", "--data", str(directory)).exit_code == 0
    assert store_info(path)["built_ns"] == built

    # The same size and the same modification time: only the content hash tells.
    parks = directory / "parks.csv"
    before = parks.stat()
    parks.write_text(parks.read_text(encoding="utf-8").replace("常德经济技术开发区", "常德经济技术开发匹"), encoding="utf-8")
    os.utime(parks, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert parks.stat().st_size == before.st_size
    result = run("parks", "--data", str(directory))
    assert "常德经济技术开发匹" in result.stdout
    rebuilt = store_info(path)["built_ns"]
    assert rebuilt > built

    monkeypatch.setattr(parkmetrics.data.loading, "code_digest", lambda: "the code of another version")
    assert run("parks", "--data", str(directory)).exit_code == 0
    assert store_info(path)["built_ns"] > rebuilt
    assert store_info(path)["code"] == "the code of another version"
    assert sorted(entry.name for entry in (tmp_path / "stores").iterdir()) == [path.name]


def test_stores_live_in_the_package_folder_or_else_the_cache_folder(run, tmp_path, monkeypatch):
    import parkmetrics.data.cache

    monkeypatch.delenv("PARKMETRICS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    monkeypatch.setattr(parkmetrics.data.cache, "package_stores", lambda: tmp_path / "package" / "stores")
    expected = run("parks", "--data", str(directory), "--data", "bundled").stdout
    assert [entry.suffix for entry in (tmp_path / "package" / "stores").iterdir()] == [".sqlite"]
    assert not (tmp_path / "xdg").exists()

    (tmp_path / "read-only package").write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setattr(parkmetrics.data.cache, "package_stores", lambda: tmp_path / "read-only package" / "stores")
    assert run("parks", "--data", str(directory), "--data", "bundled").stdout == expected
    assert (tmp_path / "xdg" / "parkmetrics").is_dir()
    assert any(entry.suffix == ".sqlite" for entry in (tmp_path / "xdg" / "parkmetrics").iterdir())


def test_without_stores_the_files_are_read_every_time_and_nothing_is_written(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PARKMETRICS_NO_CACHE", "1")
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    result = run("rank", "high_tech_enterprises", "--data", str(directory), "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1]) == (0, "1,suzhou,2800,家,approx,2023-12,sipac-gov-cn")
    assert run("data", "--format", "sqlite", "-o", str(tmp_path / "export.db"), "--data", str(directory)).exit_code == 0
    with sqlite3.connect(tmp_path / "export.db") as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(quote) FROM observations").fetchone() == (106, 106)
        assert [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")] == ["observations_by_key", "observations_by_indicator"]
    connection.close()
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["data", "export.db"]
    assert sorted(entry.name for entry in directory.iterdir()) == ["indicators.csv", "observations.csv", "parks.csv", "sources.csv"]


COMPILE = "import sys\nfrom parkmetrics.data.loading import load\nload([sys.argv[1]])\n"


def test_two_processes_compiling_at_once_leave_one_sound_store(run, tmp_path, environment):
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    processes = [subprocess.Popen([sys.executable, "-c", COMPILE, str(directory)], env=environment) for _ in range(2)]
    assert [process.wait(timeout=120) for process in processes] == [0, 0]
    path = the_store(tmp_path / "stores")
    assert sorted(entry.name for entry in (tmp_path / "stores").iterdir()) == [path.name]  # no temporary file left
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT COUNT(*) FROM observations").fetchone() == (106,)
    connection.close()
    result = subprocess.run([sys.executable, "-m", "parkmetrics", "rank", "gdp", "--data", str(directory)], capture_output=True, text=True, env=environment, timeout=120)
    assert (result.returncode, result.stdout.splitlines()[1:]) == (0, ["1,suzhou,3686,亿元,exact,2023,sipac-gov-cn", "2,jinzhong,143,亿元,exact,2022,jinzhong-2023-02-27"])


def test_a_reader_keeps_the_store_it_opened_while_it_is_replaced(tmp_path, monkeypatch):
    from parkmetrics.data.loading import load

    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "stores"))
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    load([directory])
    reader = load([directory])  # reads the store compiled just before
    with open(directory / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("suzhou,gdp,2024,park,actual,exact,4000亿元,4000,亿元,sipac-gov-cn,,\n")
    assert len(load([directory]).figures(["suzhou"], ["gdp"])) == 2  # compiled again and put in place
    assert len(reader.figures(["suzhou"], ["gdp"])) == 1  # the old file, whole, for as long as it is open


def test_the_store_opens_with_sqlite3_and_has_the_export_schema(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "stores"))
    assert run("data", "--format", "sqlite", "-o", str(tmp_path / "export.db"), "--data", str(EIGHT_PARKS)).exit_code == 0
    path = the_store(tmp_path / "stores")

    def schema(path, kind):
        with sqlite3.connect(path) as connection:
            rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL ORDER BY name", (kind,)).fetchall()
        connection.close()
        return dict(rows)

    tables = schema(path, "table")
    assert sorted(tables) == ["conflicts", "frames", "indicators", "observations", "parks", "problems", "sources", "store_info"]
    export = schema(tmp_path / "export.db", "table")
    assert {name: tables[name] for name in export} == export  # one file serves both
    assert schema(path, "index") == schema(tmp_path / "export.db", "index")
    with sqlite3.connect(path) as connection:
        indexes = {name: [row[2] for row in connection.execute(f"PRAGMA index_info({name})")] for name in schema(path, "index")}
        # The index of the observations' key serves (park, indicator, period): its first three columns.
        assert indexes == {"observations_by_indicator": ["indicator", "period"], "observations_by_key": ["park", "indicator", "period", "scope", "status"]}
        plans = {query: connection.execute(f"EXPLAIN QUERY PLAN SELECT * FROM observations WHERE {query}").fetchall()[0][3] for query in ("park = 'suzhou' AND indicator = 'gdp'", "indicator = 'gdp'")}
        assert plans == {
            "park = 'suzhou' AND indicator = 'gdp'": "SEARCH observations USING INDEX observations_by_key (park=? AND indicator=?)",
            "indicator = 'gdp'": "SEARCH observations USING INDEX observations_by_indicator (indicator=?)",
        }
        assert connection.execute("SELECT COUNT(*) FROM observations").fetchone() == (106,)
    connection.close()


def test_a_dataset_in_memory_and_its_store_answer_alike(tmp_path, monkeypatch):
    """The queries read a Dataset's frames or its store's rows through the same calls: the tables are the same."""
    import io

    from parkmetrics.analysis import queries
    from parkmetrics.data.loading import load
    from parkmetrics.output.render import render

    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "stores"))
    load(["bundled"])
    stored, in_memory = load(["bundled"]), load(["bundled"], use_cache=False)
    assert stored.connection is not None and stored.store_file is not None  # answers from SQL

    def tables(dataset):
        made = {
            "parks": queries.parks_table(dataset, "en"),
            "indicators": queries.indicators_table(dataset, "zh"),
            "show": queries.show_table(dataset, "suzhou", "en", with_sources=True),
            "compare": queries.compare_table(dataset, ["suzhou", "qianjiang", "group-national-etdz"], "zh", include_targets=True),
            "compare 2022": queries.compare_table(dataset, ["suzhou", "wuhan-donghu"], "en", year=2022),
            "rank": queries.rank_table(dataset, "gdp", "en"),
            "rank 2022": queries.rank_table(dataset, "high_tech_enterprises", "zh", period="2022"),
            "data": queries.data_table(dataset, ["jinzhong"]),
        }
        rendered = {}
        for name, table in made.items():
            buffer = io.StringIO()
            render(table, "json", "en", buffer)
            rendered[name] = (buffer.getvalue(), table.notes, table.warnings)
        return rendered

    assert tables(stored) == tables(in_memory)
    assert stored.store_file is not None  # still answering from SQL: no frame was read


def test_only_the_most_recently_built_stores_are_kept(tmp_path, monkeypatch):
    from parkmetrics.data.loading import KEPT_STORES, load, store_path

    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "stores"))
    folder = tmp_path / "stores"
    folder.mkdir()
    old = [folder / f"store-{number:020d}.sqlite" for number in range(KEPT_STORES + 2)]
    for age, path in enumerate(old):  # the first is the most recently built
        path.write_bytes(b"")
        os.utime(path, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    reader = load([directory])
    kept = sorted(path.name for path in folder.iterdir())
    assert kept == sorted([store_path([directory]).name, *(path.name for path in old[: KEPT_STORES - 1])])
    assert len(reader.figures(["suzhou"], ["gdp"])) == 1  # the store just built answers


def test_rows_go_in_many_to_a_statement_in_order_with_the_last_statement_shorter(monkeypatch):
    """Rows are bound many to a statement and flattened a block at a time; none is lost or moved at either seam."""
    monkeypatch.setattr(store, "FLATTENED_ROWS", 100)  # blocks of 62 rows: 16 columns fit 62 rows in 999 parameters
    columns = [f"c{position}" for position in range(16)]
    values = [[f"{row}-{position}" if position % 2 else row * 16 + position for row in range(200)] for position in range(16)]
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE TABLE wide ({', '.join(columns)})")
    store._insert(connection, "wide", columns, values)
    rows = connection.execute("SELECT * FROM wide ORDER BY rowid").fetchall()
    connection.close()
    assert len(rows) == 200
    assert rows == list(zip(*values))
    assert rows[199][:2] == (3184, "199-1")


def test_validate_reads_its_counts_and_problems_from_a_current_store_without_pandas(tmp_path, environment):
    """A second validate answers from the store: the same lines and exit code, and pandas is never imported."""
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    with open(directory / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("nowhere,gdp,2022,park,actual,exact,1亿元,1,亿元,sipac-gov-cn,,\n")
    command = [sys.executable, "-m", "parkmetrics", "validate", str(directory), "--lang", "en"]
    first, second = (subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120) for _ in range(2))
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    assert second.returncode == 1
    assert second.stdout.splitlines()[-1].endswith("unknown park 'nowhere'; add it to parks.csv or fix the id")
    assert second.stderr == "warning: 1 problem(s); 106 observations are valid\n"
    assert probe(["validate", str(directory)], environment) == "exit 1, pandas imported: False"


def test_extract_reads_park_and_indicator_names_from_the_store_without_pandas(tmp_path, environment):
    """extract needs the names of parks and indicators, not every figure: with the store current it imports no pandas."""
    article = tmp_path / "article.txt"
    article.write_text("苏州工业园区2023年实现地区生产总值3686亿元。", encoding="utf-8")
    assert probe(["parks"], environment) == "exit 0, pandas imported: True"  # compiles the store
    arguments = ["extract", str(article), "--park", "苏州工业园区", "--published", "2024-01-10", "--format", "csv"]
    assert probe(arguments, environment) == "exit 0, pandas imported: False"
    found = subprocess.run([sys.executable, "-m", "parkmetrics", *arguments], capture_output=True, text=True, env=environment, timeout=120)
    assert found.stdout.splitlines()[1].split(",")[:9] == ["suzhou", "gdp", "2023", "park", "actual", "exact", "3686亿元", "3686", "亿元"]
