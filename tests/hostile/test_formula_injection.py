"""Formula injection: with --excel-safe no csv/tsv text cell of any command begins like a formula.

The dataset gives every text a spreadsheet could run (=, +, -, @, tab); without
--excel-safe those texts come out as written (pipelines get the data unchanged),
with it every such text cell is prefixed with an apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

import pytest
from helpers import EIGHT_PARKS, copy_dataset

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EVIL = '=HYPERLINK("http://attacker.example","点我")'


def append(directory, name, row):
    with open(directory / name, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled data plus a park, indicator and source whose texts begin like formulas, in a directory named '=cmd'."""
    directory = copy_dataset(EIGHT_PARKS, tmp_path_factory.mktemp("formulas") / "=cmd")
    append(directory, "parks.csv", ["evil", EVIL, "+SUM(1,2)", "@cmd|evil", "-1+2", "", "@省", "\t市"])
    append(directory, "indicators.csv", ["evil_metric", "=1+1", "@metric", "亿元", "stock", "higher", "-alias", "=2+2"])
    append(directory, "sources.csv", ["evil-src", "=cmd|' /C calc'!A0", "@publisher", "2024-01-01", "", "-doc"])
    for indicator, raw in (("high_tech_enterprises", "12家"), ("evil_metric", "3亿元"), ("gdp", "5亿元")):
        append(
            directory,
            "observations.csv",
            [
                "evil",
                indicator,
                "2023",
                "-局部",
                "actual",
                "exact",
                raw,
                raw[:-2] if raw.endswith("亿元") else raw[:-1],
                raw[-2:] if raw.endswith("亿元") else raw[-1:],
                "evil-src",
                f"=HYPERLINK(1){raw}",
                "+note",
            ],
        )
    append(directory, "observations.csv", ["jinzhong", "evil_metric", "2023", "park", "actual", "exact", "7亿元", "7", "亿元", "evil-src", "@7亿元", ""])
    # A row with a problem, so that validate has something to say about a file in '=cmd'.
    append(directory, "observations.csv", ["nowhere", "gdp", "2023", "park", "actual", "exact", "1亿元", "1", "亿元", "evil-src", "", ""])
    profile = directory.parent / "evil.toml"
    profile.write_text('title = "=1+1"\n[indicators]\nevil_metric = 1\nhigh_tech_enterprises = 1\n', encoding="utf-8")
    article = directory.parent / "article.txt"
    article.write_text("=园区2023年实现地区生产总值3686亿元。\n", encoding="utf-8")
    return directory


def commands(hostile):
    data = ("--data", str(hostile))
    return {
        "parks": ("parks", *data),
        "indicators": ("indicators", *data),
        "show": ("show", "evil", "--sources", *data),
        "compare": ("compare", "evil", "jinzhong", *data),
        "rank": ("rank", "evil_metric", *data),
        "rank --weights": ("rank", "--weights", "evil_metric=1,high_tech_enterprises=1", "--min-coverage", "0.5", "--verbose", *data),
        "profiles": ("profiles", str(hostile.parent / "evil.toml"), *data),
        "data": ("data", *data),
        "extract": ("extract", str(hostile.parent / "article.txt"), "--park", "evil", "--published", "2024-01-01", "--source-title", "=HYPERLINK(1)", *data),
        "validate": ("validate", hostile.name),  # run beside it: the file column begins with '=cmd'
    }


# Their machine formats carry user text: names, quotes, titles, file names.
WITH_TEXT = ("parks", "indicators", "show", "compare", "data", "extract", "validate")
# Their machine formats carry only ids (slugs), numbers and fixed words: nothing a spreadsheet would run.
IDS_ONLY = ("rank", "rank --weights", "profiles")


def cells(text: str, fmt: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), dialect="excel-tab" if fmt == "tsv" else "excel") for cell in row]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def risky(text: str, fmt: str) -> list[str]:
    return [cell for cell in cells(text, fmt) if cell.startswith(TRIGGERS) and not is_number(cell)]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("name", WITH_TEXT + IDS_ONLY)
def test_excel_safe_leaves_no_text_cell_that_a_spreadsheet_would_run(run, hostile, monkeypatch, name, fmt):
    monkeypatch.chdir(hostile.parent)
    command = commands(hostile)[name]
    plain = run(*command, "--format", fmt)
    safe = run(*command, "--format", fmt, "--excel-safe")
    assert safe.exit_code == plain.exit_code
    assert risky(safe.stdout, fmt) == []
    if name in IDS_ONLY:
        assert (risky(plain.stdout, fmt), safe.stdout) == ([], plain.stdout)
        return
    assert risky(plain.stdout, fmt), "the hostile texts reach this command's output"
    assert sorted(f"'{cell}" for cell in risky(plain.stdout, fmt)) == sorted(cell for cell in cells(safe.stdout, fmt) if cell.startswith("'") and cell[1:].startswith(TRIGGERS))


def test_uncertainty_runs_file_honours_excel_safe(run, hostile, tmp_path):
    target = tmp_path / "runs.csv"
    result = run(*commands(hostile)["rank --weights"], "--uncertainty", "5", "--seed", "1", "--uncertainty-runs", str(target), "--excel-safe")
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("run,normalize,weight.evil_metric,weight.high_tech_enterprises")
    assert risky(text, "csv") == []
