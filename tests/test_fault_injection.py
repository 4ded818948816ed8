"""Every writer, made to fail half-way (full disk or Ctrl-C): the previous file stays byte-for-byte, no temporary is left.

Writers: -o of the listing commands, report, data --format sqlite, the dataset files of
import and init, the compiled dataset store, and rank --uncertainty-runs.
"""

from __future__ import annotations

import sqlite3

import pytest
from faults import WriteFault, snapshot
from helpers import EIGHT_PARKS, FIXTURES, copy_dataset

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

FAULTS = ("disk full", "Ctrl-C")


def fault_of(name):
    from faults import disk_full

    return disk_full if name == "disk full" else KeyboardInterrupt


def expected_stderr(name: str, target, left: str = "the existing file is unchanged") -> str:
    if name == "Ctrl-C":
        return "interrupted\n"
    return f"error: cannot write {target}: No space left on device; {left}; free some space or choose a writable place\n"


def exit_code_of(name: str) -> int:
    return 130 if name == "Ctrl-C" else 2


def written_size(run, tmp_path, *args, name: str = "measure") -> int:
    """The size of what a command writes to -o, measured on a scratch file."""
    scratch = tmp_path / "scratch" / name
    scratch.parent.mkdir()
    assert run(*args, "-o", str(scratch)).exit_code == 0
    size = len(scratch.read_bytes())
    scratch.unlink()
    scratch.parent.rmdir()
    return size


@pytest.mark.parametrize("fault", FAULTS)
def test_output_file_of_a_listing_command(run, tmp_path, monkeypatch, fault):
    size = written_size(run, tmp_path, "data", "--format", "json")
    target = tmp_path / "data.json"
    target.write_text("[]  // yesterday's export\n", encoding="utf-8")
    before = snapshot(tmp_path)
    injected = WriteFault(monkeypatch, target, size // 2, fault_of(fault))
    result = run("data", "--format", "json", "-o", str(target), "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (exit_code_of(fault), "", expected_stderr(fault, target))
    assert 0 < injected.failing.written == size // 2 < size
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fault", FAULTS)
def test_report(run, tmp_path, monkeypatch, fault):
    size = written_size(run, tmp_path, "report", "--parks", "changde", name="measure.xlsx")
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"yesterday's report")
    before = snapshot(tmp_path)
    injected = WriteFault(monkeypatch, target, size // 2, fault_of(fault))
    result = run("report", "--parks", "changde", "-o", str(target), "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (exit_code_of(fault), "", expected_stderr(fault, target))
    assert 0 < injected.failing.written == size // 2
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fault", FAULTS)
def test_sqlite_export(run, tmp_path, monkeypatch, fault):
    """The database is built by SQLite itself; the fault comes after three of its four tables."""
    from parkmetrics.output import sqlite as sqlite_export

    target = tmp_path / "parks.db"
    target.write_bytes(b"yesterday's database")
    before = snapshot(tmp_path)
    real_insert = sqlite_export._insert
    tables = []

    def failing_insert(connection, table, frame, columns):
        tables.append(table)
        if table == "observations":
            raise KeyboardInterrupt if fault == "Ctrl-C" else sqlite3.OperationalError("database or disk is full")
        real_insert(connection, table, frame, columns)

    monkeypatch.setattr(sqlite_export, "_insert", failing_insert)
    result = run("data", "--format", "sqlite", "-o", str(target), "--force")
    message = (
        "interrupted\n" if fault == "Ctrl-C" else (f"error: cannot write {target}: SQLite says database or disk is full; the existing file is unchanged; free some space or choose a writable place\n")
    )
    assert (result.exit_code, result.stdout, result.stderr) == (exit_code_of(fault), "", message)
    assert tables == ["parks", "indicators", "sources", "observations"]
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fault", FAULTS)
def test_import_changes_no_dataset_file(run, tmp_path, monkeypatch, fault):
    """The import adds a park, a source and two figures; the second of the three files fails half-way."""
    directory = tmp_path / "mine"
    assert run("init", str(directory)).exit_code == 0
    (directory / ".parkmetrics.lock").touch()
    before = snapshot(directory)
    target = directory / "sources.csv"
    injected = WriteFault(monkeypatch, target, 100, fault_of(fault))
    result = run("import", str(FIXTURES / "import" / "gbk.csv"), "--into", str(directory))
    assert (result.exit_code, result.stdout, result.stderr) == (exit_code_of(fault), "", expected_stderr(fault, target, "no file was changed"))
    assert injected.failing.written == 100
    assert snapshot(directory) == before


@pytest.mark.parametrize("fault", FAULTS)
def test_init_reinit_over_a_dataset_changes_no_file(run, tmp_path, monkeypatch, fault):
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "mine")
    before = snapshot(directory)
    injected = WriteFault(monkeypatch, directory / "indicators.csv", 1000, fault_of(fault))  # the third of five
    result = run("init", str(directory), "--reinit")
    assert (result.exit_code, result.stdout, result.stderr) == (exit_code_of(fault), "", expected_stderr(fault, directory / "indicators.csv", "no file was changed"))
    assert injected.failing.written == 1000
    assert snapshot(directory) == before


@pytest.mark.parametrize("fault", FAULTS)
def test_dataset_store(run, tmp_path, monkeypatch, fault):
    """A store that cannot be written costs only speed; Ctrl-C while it is compiled leaves nothing behind."""
    import parkmetrics.data.store

    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "cache"))
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    expected = run("parks", "--data", str(directory))
    (compiled,) = (tmp_path / "cache").iterdir()
    compiled.unlink()
    real_write_frames = parkmetrics.data.store._write_frames
    written = []

    def failing_write_frames(connection, packing):
        written.append(connection.execute("SELECT COUNT(*) FROM observations").fetchone()[0])  # the tables are in, the frames not yet
        raise KeyboardInterrupt if fault == "Ctrl-C" else sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(parkmetrics.data.store, "_write_frames", failing_write_frames)
    result = run("parks", "--data", str(directory))
    if fault == "Ctrl-C":
        assert (result.exit_code, result.stdout, result.stderr) == (130, "", "interrupted\n")
    else:
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected.stdout, "")  # answered from the Dataset in memory
    assert written == [106]
    assert snapshot(tmp_path / "cache") == {}
    monkeypatch.setattr(parkmetrics.data.store, "_write_frames", real_write_frames)


def test_a_store_others_could_write_is_not_trusted(run, tmp_path, monkeypatch):
    """A store writable by other users is compiled again, never read."""
    from parkmetrics.data.loading import load

    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path / "cache"))
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    load([directory])
    (entry,) = (tmp_path / "cache").iterdir()
    with sqlite3.connect(entry) as connection:
        connection.execute("UPDATE parks SET name_zh = 'planted' WHERE id = 'changde'")
    connection.close()
    assert load([directory]).park_name("changde", "zh") == "planted"  # the user's own store is used
    entry.chmod(0o666)
    assert load([directory]).park_name("changde", "zh") == "常德经济技术开发区"


@pytest.mark.parametrize("fault", FAULTS)
def test_uncertainty_runs_file(run, tmp_path, monkeypatch, fault):
    command = ("rank", "--profile", "innovation", "--min-coverage", "0.25", "--uncertainty", "20", "--seed", "7")
    scratch = tmp_path / "scratch.csv"
    assert run(*command, "--uncertainty-runs", str(scratch)).exit_code == 0
    size = len(scratch.read_text(encoding="utf-8"))
    scratch.unlink()
    target = tmp_path / "runs.csv"
    target.write_text("run,normalize\n1,minmax\n", encoding="utf-8")
    before = snapshot(tmp_path)
    injected = WriteFault(monkeypatch, target, size // 2, fault_of(fault))
    result = run(*command, "--uncertainty-runs", str(target), "--force")
    assert result.exit_code == exit_code_of(fault)
    assert result.stderr.endswith(expected_stderr(fault, target))
    assert injected.failing.written == size // 2
    assert snapshot(tmp_path) == before


def test_the_cache_keeps_the_name_each_command_gave_the_dataset(run, tmp_path, monkeypatch):
    """Problems name files as the command was given them, cached or not."""
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    with open(directory / "parks.csv", "a", encoding="utf-8") as handle:
        handle.write("Bad Id,名,,,,,,\n")
    assert run("validate", str(directory)).stdout.startswith(f"{directory}/parks.csv:10: ")
    monkeypatch.chdir(tmp_path)
    assert run("validate", "data").stdout.startswith("data/parks.csv:10: ")
