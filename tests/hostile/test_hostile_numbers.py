"""Numbers that must never enter as a silent NaN: each is refused with its row, in validate and in import."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from helpers import EIGHT_PARKS, copy_dataset

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

SOURCE = "jinzhong-2023-02-27"

# (indicator, raw, value, unit) as a row of observations.csv, and what validate says about it.
ROWS = {
    "NaN": (("gdp", "5亿元", "NaN", "亿元"), ["value 'NaN' is not a finite number"]),
    "inf": (("gdp", "5亿元", "inf", "亿元"), ["value 'inf' is not a finite number"]),
    "1e309": (
        ("gdp", "1e309亿元", "1e309", "亿元"),
        [
            "value '1e309' is not a finite number",
            "raw '1e309亿元' is in scientific notation, which Excel shows when a column is too narrow and which may have lost "
            "digits; write the number out in full (format the column as a number and save again)",
        ],
    ),
    "negative count": (("enterprises", "-5家", "-5", "家"), ["value -5 is negative, but enterprises is a stock (what a park has at one time), which cannot be below zero; check the sign"]),
    "percentage over 1,000 %": (
        ("gdp_growth", "1500%", "1500", "%"),
        ["value 1500 % is beyond ±1,000 %, more than any park's rate or share; check the figure (a misplaced decimal point, or a fraction written as a percentage)"],
    ),
    "empty value": (("gdp", "5亿元", "", "亿元"), ["value is empty; every observation needs one"]),
    "two decimal points": (
        ("gdp", "1.2.3亿元", "1.2.3", "亿元"),
        ["value '1.2.3' is not a finite number", "raw cannot read '1.2.3亿元' as a figure; write a number with its unit, e.g. 超140亿元 or 9.05%"],
    ),
    "overflow on conversion": (("gdp", "1" + "0" * 305 + "万亿元", "1e305", "万亿元"), ["value 1e305 万亿元 is too large to express in 亿元; check the figure"]),
}


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    """The bundled data plus one row per case (line 108 on), validated once: case -> the lines of its row."""
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    directory = copy_dataset(EIGHT_PARKS, tmp_path_factory.mktemp("numbers") / "data")
    with open(directory / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for year, ((indicator, raw, value, unit), _) in enumerate(ROWS.values(), start=2000):
            writer.writerow(["jinzhong", indicator, str(year), "park", "actual", "exact", raw, value, unit, SOURCE, "", ""])
    result = CliRunner().invoke(main, ["validate", str(directory), "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    lines = {}
    for line in result.stdout.splitlines():
        number = int(line.split(":")[1])
        lines.setdefault(list(ROWS)[number - 108], []).append(line.removeprefix(f"{directory}/observations.csv:{number}: "))
    return lines


@pytest.mark.parametrize("case", ROWS)
def test_validate_refuses_the_row(validated, case):
    assert validated[case] == ROWS[case][1]


def test_no_stored_value_is_nan_or_infinite(bundled):
    values = bundled.observations["canonical_value"].to_numpy(dtype=float)
    assert np.isfinite(values).all()


# import: (indicator cell, figure cell) and the rejection
CELLS = {
    "NaN": ("地区生产总值", "NaN亿元", "cannot read 'NaN亿元' as a figure; write a number with its unit, e.g. 超140亿元 or 9.05%"),
    "inf": ("地区生产总值", "inf亿元", "cannot read 'inf亿元' as a figure; write a number with its unit, e.g. 超140亿元 or 9.05%"),
    "1e309": (
        "地区生产总值",
        "1e309",
        "'1e309' is in scientific notation, which Excel shows when a column is too narrow and which may have lost digits; write the number out in full (format the column as a number and save again)",
    ),
    "Excel's 1.23457E+11": (
        "地区生产总值",
        "1.23457E+11",
        "'1.23457E+11' is in scientific notation, which Excel shows when a "
        "column is too narrow and which may have lost digits; write the number out in full (format the "
        "column as a number and save again)",
    ),
    "negative count": ("企业数", "-5家", "value -5 is negative, but enterprises is a stock (what a park has at one time), which cannot be below zero; check the sign"),
    "percentage over 1,000 %": (
        "地区生产总值增速",
        "1500%",
        "value 1500 % is beyond ±1,000 %, more than any park's rate or share; check the figure (a misplaced decimal point, or a fraction written as a percentage)",
    ),
    "two decimal points": ("地区生产总值", "1.2.3亿元", "cannot read '1.2.3亿元' as a figure; write a number with its unit, e.g. 超140亿元 or 9.05%"),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """One file with a row per case (row 2 on), imported once: case -> its line of the report."""
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    root = tmp_path_factory.mktemp("numbers-import")
    assert CliRunner().invoke(main, ["init", str(root / "mine")]).exit_code == 0
    path = root / "in.csv"
    path.write_text("园区,指标,期间,数值,来源\n" + "".join(f"苏州工业园区,{indicator},{2000 + row},{figure},概述\n" for row, (indicator, figure, _) in enumerate(CELLS.values())), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path), "--into", str(root / "mine"), "--lang", "en"], catch_exceptions=False)
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (1, f"added 0, identical 0, conflicts 0, rejected {len(CELLS)} (long layout; nothing to write)")
    return {list(CELLS)[int(line.split(":")[2]) - 2]: line for line in result.stdout.splitlines()[:-1]}


@pytest.mark.parametrize("case", CELLS)
def test_import_rejects_the_row(imported, case):
    row = list(CELLS).index(case) + 2
    assert imported[case] == f"rejected: in.csv:{row}:数值: {CELLS[case][2]}"


def test_import_names_rows_without_a_figure(run, tmp_path):
    directory = tmp_path / "mine"
    assert run("init", str(directory)).exit_code == 0
    path = tmp_path / "in.csv"
    path.write_text("园区,指标,期间,数值,来源\n苏州工业园区,地区生产总值,2023,,概述\n苏州工业园区,地区生产总值,2022,3515亿元,概述\n", encoding="utf-8")
    result = run("import", str(path), "--into", str(directory))
    assert (result.exit_code, result.stderr) == (0, "note: in.csv: no figure in row(s) 2; skipped\n")


def test_a_tiny_value_keeps_its_value_in_the_canonical_unit(tmp_path):
    """Rounding away binary noise must not turn 1e-301 into NaN (its scale, 1e312, is beyond float range)."""
    from parkmetrics.data.loading import load

    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    raw = "0." + "0" * 300 + "1亿元"
    with open(directory / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(["jinzhong", "gdp", "2000", "park", "actual", "exact", raw, "1e-301", "亿元", SOURCE, "", ""])
    dataset = load([directory], use_cache=False)
    assert dataset.problems == []
    assert dataset.observations["canonical_value"].iloc[-1] == 1e-301
