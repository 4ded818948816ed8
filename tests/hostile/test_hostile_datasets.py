"""Crafted dataset files given to `validate` (and so to every command that loads a dataset)."""

from __future__ import annotations

import codecs

import pytest
from craft import sparse_file
from helpers import EIGHT_PARKS, copy_dataset, vocabulary_size

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

PARKS_HEADER = "id,name_zh,name_en,aliases,kind,level,province,city\n"


@pytest.fixture
def dataset(tmp_path):
    return copy_dataset(EIGHT_PARKS, tmp_path / "data")


def validate(run, directory):
    return run("validate", str(directory))


def assert_not_valid_csv(stderr: str, path) -> None:
    """Our one line for a file the CSV reader cannot read; what the reader said in between is its own wording."""
    before, _, after = stderr.partition(" (")
    assert before == f"error: {path} is not valid CSV"
    assert after.endswith("); fix the file or re-create it with `parkmetrics init`\n") and "\n" not in after[:-1]


def test_utf16_dataset_file(run, dataset):
    (dataset / "parks.csv").write_bytes(codecs.BOM_UTF16_LE + (PARKS_HEADER + "a,甲,,,,,,\n").encode("utf-16-le"))
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: {dataset}/parks.csv is not UTF-8; save it as UTF-8 or bring it in with `parkmetrics import`\n")


def test_binary_dataset_file(run, dataset):
    (dataset / "parks.csv").write_bytes(bytes(range(256)) * 64)
    result = validate(run, dataset)
    assert result.exit_code == 2
    assert_not_valid_csv(result.stderr, dataset / "parks.csv")


def test_nul_byte_in_a_name_is_a_problem_of_its_row(run, dataset):
    with open(dataset / "parks.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("nul,甲\x00乙,,,,,,\n")
    result = validate(run, dataset)
    assert (result.exit_code, result.stdout) == (
        1,
        (f"{dataset}/parks.csv:10: name_zh contains the control character U+0000 at character 2; delete it (control characters can hide or disguise text on a terminal)\n"),
    )


def test_duplicate_header_is_refused(run, dataset):
    (dataset / "parks.csv").write_text("id,id," + PARKS_HEADER[3:] + "a,b,甲,,,,,,\n", encoding="utf-8")
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: {dataset}/parks.csv has the column(s) id more than once; keep one of each\n")


def test_ten_thousand_columns(run, dataset):
    extra = [f"c{number}" for number in range(10_000)]
    rows = (dataset / "parks.csv").read_text(encoding="utf-8").splitlines()
    text = rows[0] + "," + ",".join(extra) + "\n" + "".join(row + "," * len(extra) + "\n" for row in rows[1:])
    (dataset / "parks.csv").write_text(text, encoding="utf-8")
    result = validate(run, dataset)
    lines = result.stdout.splitlines()
    assert (result.exit_code, len(lines), lines[0]) == (1, 10_000, f"{dataset}/parks.csv:1: unknown column 'c0' is ignored")
    assert result.stderr == "warning: 10000 problem(s); 106 observations are valid\n"


def test_header_only_files(run, dataset):
    for name in ("observations.csv", "sources.csv"):
        text = (dataset / name).read_text(encoding="utf-8")
        (dataset / name).write_text(text.splitlines()[0] + "\n", encoding="utf-8")
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (0, f"ok: 8 parks, {vocabulary_size(EIGHT_PARKS / 'indicators.csv')} indicators, 0 sources, 0 observations, no problems\n")


def test_empty_file(run, dataset):
    (dataset / "sources.csv").write_bytes(b"")
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: {dataset}/sources.csv is empty; it needs at least the header line id,title,publisher,published,url,document,tier\n")


def test_a_quote_left_open_swallows_no_row_silently(run, dataset):
    with open(dataset / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write('changde,gdp,2022,park,actual,exact,5亿元,5,亿元,changde-2023-01-05,"unclosed quote 5亿元,\n')
    result = validate(run, dataset)
    assert result.exit_code == 2
    assert_not_valid_csv(result.stderr, dataset / "observations.csv")


def test_a_1_mb_quote_is_read(run, dataset):
    with open(dataset / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("changde,gdp,2022,park,actual,exact,5亿元,5,亿元,changde-2023-01-05," + "经" * 2**20 + "5亿元,\n")
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (0, f"ok: 8 parks, {vocabulary_size(EIGHT_PARKS / 'indicators.csv')} indicators, 8 sources, 107 observations, no problems\n")


def test_a_500_mb_dataset_file_is_refused_before_reading(run, dataset):
    sparse_file(dataset / "observations.csv", 500 * 2**20)
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (
        2,
        (
            f"error: {dataset}/observations.csv is 500.0 MB, more than the 400.0 MB parkmetrics reads (far more than any park "
            "dataset); check that it is the right file, or raise the limit with PARKMETRICS_MAX_INPUT_MB\n"
        ),
    )


def test_a_dataset_file_that_disappears_while_loading(run, dataset, monkeypatch):
    import pandas

    real = pandas.read_csv

    def vanishing(path, *args, **kwargs):
        if str(path).endswith("sources.csv"):
            path.unlink()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pandas, "read_csv", vanishing)
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: {dataset}/sources.csv is missing; a dataset needs the four files that `parkmetrics init` writes\n")


def test_a_dataset_file_that_cannot_be_read(run, dataset, monkeypatch):
    import errno

    import pandas

    def denied(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(pandas, "read_csv", denied)
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: cannot read {dataset}/parks.csv: Permission denied; check that it is a readable file\n")


def test_a_directory_in_place_of_a_dataset_file(run, dataset):
    (dataset / "sources.csv").unlink()
    (dataset / "sources.csv").mkdir()
    result = validate(run, dataset)
    assert (result.exit_code, result.stderr) == (2, f"error: cannot read {dataset}/sources.csv: Is a directory; check that it is a readable file\n")


def test_a_file_in_place_of_the_dataset_directory(run, tmp_path):
    path = tmp_path / "parks.csv"
    path.write_text(PARKS_HEADER, encoding="utf-8")
    for command in (("validate", str(path)), ("parks", "--data", str(path))):
        result = run(*command)
        assert (result.exit_code, result.stderr) == (2, f"error: '{path}' is a file, not a dataset directory; name the directory that holds parks.csv\n")
