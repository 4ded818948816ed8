"""Crafted files given to `import` (and an article given to `extract`): a clear refusal or a bounded, correct read."""

from __future__ import annotations

import codecs
import tracemalloc

import pytest
from craft import billion_laughs, sparse_file, workbook_with_cell, zip_bomb
from helpers import import_report

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

HEADER = "园区,指标,期间,数值,来源\n"
ROW = "苏州工业园区,地区生产总值,2023,3686亿元,经济概述\n"
ADDED_ONE = "added 1, identical 0, conflicts 0, rejected 0 (long layout; dry run, nothing written)"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """An empty dataset; every import here is a dry run, so one serves them all (and stays cached)."""
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    directory = tmp_path_factory.mktemp("hostile-import") / "mine"
    assert CliRunner().invoke(main, ["init", str(directory)]).exit_code == 0
    return directory


def do_import(run, path, dataset, *options):
    return run("import", str(path), "--into", str(dataset), "--dry-run", *options)


def last_line(result) -> str:
    return result.stdout.splitlines()[-1]


# XML entity expansion -----------------------------------------------------------------

ENTITIES = "error: {name} declares XML entities, which parkmetrics refuses (they can expand without bound); open it in Excel or WPS and save it again\n"


@pytest.mark.parametrize(
    "member, encoding",
    [
        ("xl/worksheets/sheet1.xml", "utf-8"),
        ("xl/worksheets/sheet1.xml", "utf-16"),
        ("xl/workbook.xml", "utf-8"),
        ("[Content_Types].xml", "utf-8"),
    ],
)
@pytest.mark.parametrize("guard", ["archive check", "defusedxml alone"])
def test_billion_laughs_is_refused_in_bounded_memory(run, tmp_path, dataset, monkeypatch, member, encoding, guard):
    """Each guard on its own refuses the workbook: our scan of the archive, and defusedxml inside openpyxl."""
    import parkmetrics.importing.reading

    if guard == "defusedxml alone":
        monkeypatch.setattr(parkmetrics.importing.reading, "_check_workbook_archive", lambda data, name: None)
    from parkmetrics.core.errors import UsageError
    from parkmetrics.importing.reading import read_sheet

    path = tmp_path / "laughs.xlsx"
    path.write_bytes(billion_laughs(member, encoding))
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", ENTITIES.format(name="laughs.xlsx"))
    tracemalloc.start()
    with pytest.raises(UsageError):
        read_sheet(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 * 2**20  # the expansion would need about 3 GB


def test_a_zip_bomb_is_refused_before_it_is_unpacked(run, tmp_path, dataset, monkeypatch):
    monkeypatch.setenv("PARKMETRICS_MAX_INPUT_MB", "1")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb(5 * 2**20))
    assert path.stat().st_size < 50_000
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "error: bomb.xlsx unpacks to 5.0 MB, more than the 4.0 MB parkmetrics reads (far more than any park dataset); "
            "check that it is the right file, or raise the limit with PARKMETRICS_MAX_INPUT_MB\n"
        ),
    )


# Size ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_500_mb_file_is_refused_before_reading(run, tmp_path, dataset, suffix):
    """The file is sparse: it says 500 MB but fills no disk, and parkmetrics never reads it."""
    path = tmp_path / f"huge{suffix}"
    sparse_file(path, 500 * 2**20)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: huge{suffix} is 500.0 MB, more than the 400.0 MB parkmetrics reads (far more than "
        "any park dataset); check that it is the right file, or raise the limit with PARKMETRICS_MAX_INPUT_MB\n"
    )


def test_the_limit_is_configurable(run, tmp_path, dataset, monkeypatch):
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + ROW * 400, encoding="utf-8")
    monkeypatch.setenv("PARKMETRICS_MAX_INPUT_MB", "0.025")  # above the dataset's own indicators.csv (19,782 bytes)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (
        2,
        (
            "error: rows.csv is 26,835 bytes, more than the 26,214 bytes parkmetrics reads (far more than any park dataset); "
            "check that it is the right file, or raise the limit with PARKMETRICS_MAX_INPUT_MB\n"
        ),
    )
    monkeypatch.setenv("PARKMETRICS_MAX_INPUT_MB", "0.03")
    assert do_import(run, path, dataset).exit_code == 0
    monkeypatch.setenv("PARKMETRICS_MAX_INPUT_MB", "lots")
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, "error: PARKMETRICS_MAX_INPUT_MB=lots is not a positive number of megabytes; unset it or write e.g. PARKMETRICS_MAX_INPUT_MB=200\n")


def test_a_1_mb_cell_is_refused_with_its_row(run, tmp_path, dataset):
    path = tmp_path / "cell.csv"
    path.write_text(HEADER + ROW + '苏州工业园区,地区生产总值,2022,3515亿元,"' + "经" * 2**20 + '"\n', encoding="utf-8")
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (
        2,
        ('error: cell.csv:3: a cell is longer than 131,072 characters, more than any figure or quote needs; check the quoting of that row (an unclosed " swallows the rest of the file)\n'),
    )


def test_a_1_mb_cell_in_a_workbook_is_refused_with_its_row_and_column(run, tmp_path, dataset):
    path = tmp_path / "cell.xlsx"
    path.write_bytes(workbook_with_cell("经" * 2**20))
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (
        2,
        ("error: cell.xlsx:2: the cell in column 5 holds 1,048,576 characters, more than the 131,072 parkmetrics reads (Excel itself stores at most 32,767); check that cell\n"),
    )


def test_ten_thousand_columns_are_read_and_each_stray_column_is_named(run, tmp_path, dataset):
    path = tmp_path / "wide.csv"
    extra = [f"列{number}" for number in range(1, 9996)]
    path.write_text(HEADER.strip() + "," + ",".join(extra) + "\n" + ROW.strip() + "," + ",".join("1" * len(extra)) + "\n", encoding="utf-8")
    result = do_import(run, path, dataset)
    assert (result.exit_code, last_line(result)) == (0, ADDED_ONE)
    notes = result.stderr.splitlines()
    assert len(notes) == 9995
    assert notes[0] == "note: wide.csv:1:列1: not a column of a long table; ignored"


# Encodings and binary data -----------------------------------------------------------------


def test_a_binary_file_named_csv(run, tmp_path, dataset):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 64)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, "error: photo.csv is not a text file (it contains binary data); parkmetrics imports CSV, TSV and XLSX files\n")


def test_a_binary_file_named_xlsx(run, tmp_path, dataset):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(bytes(range(256)) * 64)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, "error: photo.xlsx is not a readable .xlsx workbook (File is not a zip file); open it in Excel or WPS and save it again\n")


def test_utf16_with_a_byte_order_mark_is_read(run, tmp_path, dataset):
    path = tmp_path / "unicode.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + (HEADER + ROW).encode("utf-16-le"))
    result = do_import(run, path, dataset)
    assert (result.exit_code, last_line(result)) == (0, ADDED_ONE)


def test_utf16_without_a_byte_order_mark_is_named_and_read_with_encoding(run, tmp_path, dataset):
    path = tmp_path / "unicode.csv"
    path.write_bytes((HEADER + ROW).encode("utf-16-le"))
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, "error: unicode.csv looks like UTF-16-LE text without a byte-order mark; import it with --encoding utf-16-le\n")
    result = do_import(run, path, dataset, "--encoding", "utf-16-le")
    assert (result.exit_code, last_line(result)) == (0, ADDED_ONE)


def test_nul_bytes_at_the_start_make_a_binary_file(run, tmp_path, dataset):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"\x00" * 16 + (HEADER + ROW).encode("utf-8"))
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, "error: nul.csv is not a text file (it contains binary data); parkmetrics imports CSV, TSV and XLSX files\n")


def test_a_nul_byte_deep_in_the_file_rejects_only_its_row(run, tmp_path, dataset):
    path = tmp_path / "nul.csv"
    filler = "苏州工业园区,地区生产总值,2023,3686亿元,经济概述\n" * 800  # identical rows: past the first 8 KB
    path.write_bytes((HEADER + filler + "苏州工业园区\x00,地区生产总值,2022,3515亿元,经济概述\n").encode("utf-8"))
    result = do_import(run, path, dataset)
    assert result.exit_code == 1
    assert import_report(result.stdout)[-2:] == [
        "rejected: nul.csv:802:园区: the cell contains the control character U+0000 at character 7; delete it (control characters can hide or disguise text on a terminal)",
        "added 1, identical 799, conflicts 0, rejected 1 (long layout; dry run, nothing written)",
    ]


# Shapes ------------------------------------------------------------------------------------------


def test_duplicate_headers_use_the_first_column_and_say_so(run, tmp_path, dataset):
    path = tmp_path / "twice.csv"
    path.write_text("园区,园区,指标,期间,数值,来源\n苏州工业园区,黔江高新区,地区生产总值,2023,3686亿元,经济概述\n", encoding="utf-8")
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stdout.splitlines()[0], last_line(result)) == (0, "park from bundled/parks.csv: suzhou 苏州工业园区 (copied with its details)", ADDED_ONE)
    assert result.stderr == "note: twice.csv:1:园区: a second park column; ignored\n"


def test_a_header_only_file_imports_nothing(run, tmp_path, dataset):
    path = tmp_path / "header.csv"
    path.write_text(HEADER, encoding="utf-8")
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        (
            "columns:\n  园区 -> park\n  指标 -> indicator\n  期间 -> period\n  数值 -> number\n  来源 -> source (id or title)\n"
            "added 0, identical 0, conflicts 0, rejected 0 (long layout; dry run, nothing written)\n"
        ),
        "",
    )


def test_an_empty_file(run, tmp_path, dataset):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, "error: empty.csv is empty: there is no header row and no figure to import\n")


# Files that go away or cannot be read ---------------------------------------------------------------


def test_a_file_that_disappears_before_it_is_read(run, tmp_path, dataset, monkeypatch):
    import parkmetrics.files.limits

    path = tmp_path / "gone.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    real = parkmetrics.files.limits.read_limited

    def vanishing(target, name):
        path.unlink()
        return real(target, name)

    monkeypatch.setattr(parkmetrics.files.limits, "read_limited", vanishing)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: {path} does not exist; give the path of a CSV, TSV or XLSX file\n")


def test_a_file_whose_disk_fails_while_it_is_read(run, tmp_path, dataset, monkeypatch):
    import errno

    import parkmetrics.files.limits

    path = tmp_path / "remote.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")

    def failing(handle, name, size=None):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(parkmetrics.files.limits, "read_stream", failing)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: cannot read {path}: Input/output error; check the path and its permissions\n")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_permission_denied(run, tmp_path, dataset, monkeypatch, suffix):
    import errno

    import parkmetrics.files.limits

    path = tmp_path / f"locked{suffix}"
    path.write_text(HEADER + ROW, encoding="utf-8")

    def denied(target, mode="r", *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(parkmetrics.files.limits, "open", denied, raising=False)
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: cannot read {path}: Permission denied; check the path and its permissions\n")


def test_a_directory_named_like_a_workbook(run, tmp_path, dataset):
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    result = do_import(run, path, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: {path} is a directory; give the path of a CSV, TSV or XLSX file\n")


# Articles for extract ------------------------------------------------------------------------------


def test_an_article_above_the_limit_is_refused(run, tmp_path):
    path = tmp_path / "article.txt"
    sparse_file(path, 500 * 2**20)
    result = run("extract", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        (f"error: {path} is 500.0 MB, more than the 400.0 MB parkmetrics reads (far more than any park dataset); check that it is the right file, or raise the limit with PARKMETRICS_MAX_INPUT_MB\n"),
    )


def test_endless_stdin_is_cut_off_at_the_limit(run, monkeypatch):
    monkeypatch.setenv("PARKMETRICS_MAX_INPUT_MB", "0.001")
    result = run("extract", "-", input="园区实现地区生产总值3686亿元。" * 1000)
    assert (result.exit_code, result.stderr) == (
        2,
        ("error: stdin is more than the 1,048 bytes parkmetrics reads (far more than any park dataset); check that it is the right file, or raise the limit with PARKMETRICS_MAX_INPUT_MB\n"),
    )
