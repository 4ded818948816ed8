"""data --format sqlite: four tables with primary and foreign keys, queried with sqlite3."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import EIGHT_PARKS, vocabulary_size

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones


@pytest.fixture
def database(run, tmp_path):
    path = tmp_path / "parks.db"
    result = run("data", "--format", "sqlite", "-o", str(path), "--data", str(EIGHT_PARKS))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote 106 observations to {path}\n")
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def test_tables_and_counts(database):
    tables = [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    assert tables == ["indicators", "observations", "parks", "sources"]
    counts = {table: database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in tables}
    vocabulary = vocabulary_size(EIGHT_PARKS / "indicators.csv")
    assert counts == {"indicators": vocabulary, "observations": 106, "parks": 8, "sources": 8}


def test_keys_are_declared_and_hold(database):
    foreign_keys = sorted((row[2], row[3], row[4]) for row in database.execute("PRAGMA foreign_key_list(observations)"))
    assert foreign_keys == [("indicators", "indicator", "id"), ("parks", "park", "id"), ("sources", "source", "id")]
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    primary = {table: [row[1] for row in database.execute(f"PRAGMA table_info({table})") if row[5]] for table in ("parks", "indicators", "sources", "observations")}
    assert primary == {"parks": ["id"], "indicators": ["id"], "sources": ["id"], "observations": ["id"]}
    database.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        database.execute(
            "INSERT INTO observations (park, indicator, period, period_start, period_end, scope, status, qualifier, value, unit,"
            " raw, value_as_written, unit_as_written, source) VALUES ('nowhere', 'gdp', '2022', '2022-01-01', '2022-12-31',"
            " 'park', 'actual', 'exact', 1, '亿元', '1亿元', 1, '亿元', 'sipac-gov-cn')"
        )
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        database.execute(
            "INSERT INTO observations (park, indicator, period, period_start, period_end, scope, status, qualifier, value, unit,"
            " raw, value_as_written, unit_as_written, source) VALUES ('jinzhong', 'gdp', '2022', '2022-01-01', '2022-12-31',"
            " 'park', 'actual', 'exact', 1, '亿元', '1亿元', 1, '亿元', 'jinzhong-2023-02-27')"
        )


def test_a_join_answers_a_question(database):
    rows = database.execute(
        "SELECT p.name_zh, o.value, o.unit, o.period, s.url FROM observations o JOIN parks p ON p.id = o.park JOIN sources s ON s.id = o.source WHERE o.indicator = 'gdp' ORDER BY o.value DESC"
    ).fetchall()
    assert rows == [
        ("苏州工业园区", 3686.0, "亿元", "2023", "https://www.sipac.gov.cn/szgyyq/yqjjfz/common_tt.shtml"),
        ("山西转型综改示范区晋中开发区", 143.0, "亿元", "2022", "http://sh-daijia.com/index.php/post/17328.html"),
    ]


def test_values_as_written_and_canonical_and_nulls(database):
    row = database.execute(
        "SELECT raw, value_as_written, unit_as_written, value, unit, status, qualifier, quote, note, period_start, period_end"
        " FROM observations WHERE park = 'ganjiang' AND indicator = 'talent_subsidies'"
    ).fetchone()
    assert row == ("2500余万元", 2500.0, "万元", 0.25, "亿元", "target", "at_least", row[7], row[8], "2025-01-01", "2025-12-31")
    assert database.execute("SELECT name_en, level FROM parks WHERE id = 'tianfu'").fetchone() == ("Tianfu Chinese Medicine City", None)


def test_filters_apply_to_observations_only(run, tmp_path):
    path = tmp_path / "jinzhong.db"
    assert run("data", "--park", "jinzhong", "--format", "sqlite", "-o", str(path), "--data", str(EIGHT_PARKS)).exit_code == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT park) FROM observations").fetchone() == (22, 1)
        assert connection.execute("SELECT COUNT(*) FROM parks").fetchone() == (8,)


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_sqlite_is_never_written_to_stdout(run, output):
    result = run("data", "--format", "sqlite", *output)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "error: --format sqlite writes a database file, not text; add -o FILE.db\n")


def test_an_existing_database_is_kept_without_force(run, tmp_path):
    path = tmp_path / "parks.db"
    path.write_bytes(b"precious")
    result = run("data", "--format", "sqlite", "-o", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path} already exists; pass --force to overwrite it\n")
    assert path.read_bytes() == b"precious"
    assert run("data", "--format", "sqlite", "-o", str(path), "--force", "--data", str(EIGHT_PARKS)).exit_code == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM observations").fetchone() == (106,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parks.db"]
