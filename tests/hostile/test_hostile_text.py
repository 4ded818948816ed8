"""The text rules (docs/dataset.md#text), the same in validate and import.

Refused everywhere: control characters other than tab and line breaks, and direction
controls. Refused in one-line columns: line breaks. Invisible characters (zero-width,
direction marks): validate refuses them, import removes them. Line ends inside free
text: CR, CRLF and LF are one line break; import writes LF. Ids must be slugs.
"""

from __future__ import annotations

import csv

import pytest
from helpers import EIGHT_PARKS, copy_dataset

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

SOURCE = "jinzhong-2023-02-27"
GDP_ROW = ["jinzhong", "gdp", "2021", "park", "actual", "exact", "5亿元", "5", "亿元", SOURCE]


@pytest.fixture
def dataset(tmp_path):
    return copy_dataset(EIGHT_PARKS, tmp_path / "data")


def append(directory, name, row):
    with open(directory / name, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row)


def park_row(park_id, name):
    return [park_id, name, "", "", "", "", "", ""]


# validate ------------------------------------------------------------------------------------

CASES = {
    # name: (park name, quote, the problem validate reports)
    "escape sequence in a name": ("园区\x1b[2J", "", "name_zh contains the control character U+001B at character 3; delete it (control characters can hide or disguise text on a terminal)"),
    "right-to-left override in a name": ("\u202e区园", "", "name_zh contains the direction control U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1, which reorders how the text is shown; delete it"),
    "right-to-left mark in a name": ("园\u200f区", "", "name_zh contains the invisible character U+200F (RIGHT-TO-LEFT MARK) at character 2; delete it (`parkmetrics import` removes such characters)"),
    "zero-width space in a name": ("园\u200b区", "", "name_zh contains the invisible character U+200B (ZERO WIDTH SPACE) at character 2; delete it (`parkmetrics import` removes such characters)"),
    "line break in a name": ("园\r\n区", "", "name_zh contains a line break (U+000D) at character 2; write it on one line"),
    "bell in a quote": ("园区", "增长\x075亿元", "quote contains the control character U+0007 at character 3; delete it (control characters can hide or disguise text on a terminal)"),
    "zero-width space in a quote": (
        "园区",
        "5亿\u200b元,5亿元",
        "quote contains the invisible character U+200B (ZERO WIDTH SPACE) at character 3; delete it (`parkmetrics import` removes such characters)",
    ),
}


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    """The bundled data plus, per case, a park (parks.csv line 10 on) and a figure (observations.csv line 108 on)."""
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    directory = copy_dataset(EIGHT_PARKS, tmp_path_factory.mktemp("text") / "data")
    for number, (name, quote, _) in enumerate(CASES.values()):
        append(directory, "parks.csv", park_row(f"hostile-{number}", name))
        append(directory, "observations.csv", [*GDP_ROW[:2], str(2000 + number), *GDP_ROW[3:], quote or "5亿元", ""])
    result = CliRunner().invoke(main, ["validate", str(directory), "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    return directory, result.stdout.splitlines()


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_each_breach_on_its_line(validated, case):
    directory, lines = validated
    number = list(CASES).index(case)
    name, quote, problem = CASES[case]
    table, line = ("parks.csv", 10 + number) if problem.startswith("name_zh") else ("observations.csv", 108 + number)
    assert [found for found in lines if found.startswith(f"{directory}/{table}:{line}: ")] == [f"{directory}/{table}:{line}: {problem}"]


def test_validate_reports_nothing_else(validated):
    _, lines = validated
    assert len(lines) == len(CASES)


@pytest.mark.parametrize("quote", ["第一段\n第二段5亿元", "第一段\r\n第二段5亿元", "第一段\r第二段\n第三段5亿元", "制表\t5亿元"])
def test_line_breaks_of_any_kind_and_tabs_are_free_text(run, dataset, quote):
    append(dataset, "observations.csv", [*GDP_ROW, quote, ""])
    append(dataset, "parks.csv", park_row("tabbed", "园\t区"))
    result = run("validate", str(dataset))
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_breach_keeps_the_row_out_of_every_command(run, dataset):
    append(dataset, "parks.csv", park_row("hostile", "\u202e区园"))
    result = run("parks", "--data", str(dataset))
    assert "hostile" not in result.stdout
    assert result.stderr == (f"warning: 1 problem(s) in the data; rows with problems are left out; run `parkmetrics validate {dataset}` to list them\n")


@pytest.mark.parametrize(
    "table, row, problem",
    [
        ("parks.csv", park_row("Evil Park", "园区"), "id 'Evil Park' is not a slug; use lower-case ASCII letters, digits, - and _"),
        (
            "sources.csv",
            ["src\u200b", "标题", "", "", "", ""],
            "id contains the invisible character U+200B (ZERO WIDTH SPACE) at character 4; delete it (`parkmetrics import` removes such characters)",
        ),
    ],
)
def test_ids_must_be_slugs(run, dataset, table, row, problem):
    append(dataset, table, row)
    result = run("validate", str(dataset))
    line = len((dataset / table).read_text(encoding="utf-8").splitlines())
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, f"{dataset}/{table}:{line}: {problem}")


# import ---------------------------------------------------------------------------------------

HEADER = ["园区", "指标", "期间", "数值", "来源", "原文"]


@pytest.fixture
def mine(tmp_path, run):
    directory = tmp_path / "mine"
    assert run("init", str(directory)).exit_code == 0
    return directory


def import_rows(run, tmp_path, directory, rows, *options):
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([HEADER, *rows])
    return run("import", str(path), "--into", str(directory), *options)


def test_import_removes_invisible_characters_and_writes_lf(run, tmp_path, mine):
    rows = [["苏州\u200b工业园区\u200f", "地区生产总值", "2023", "3686亿元", "经济\ufeff概述", "第一段\r\n园区实现3686亿元\r结束"]]
    result = import_rows(run, tmp_path, mine, rows, "--data", str(mine))  # no other layer: the park is new, named as cleaned
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, "new park: suzhou 苏州工业园区")
    assert result.stderr == ("note: in.csv: 3 cell(s) held invisible characters (zero-width spaces, direction marks) or CR line ends; the characters were removed and line ends written as LF\n")
    assert (mine / "parks.csv").read_text(encoding="utf-8").splitlines()[1] == "suzhou,苏州工业园区,,,,,,,,"
    observations = list(csv.DictReader(open(mine / "observations.csv", encoding="utf-8", newline="")))
    assert observations[0]["quote"] == "第一段\n园区实现3686亿元\n结束"
    assert run("validate", str(mine)).exit_code == 0


@pytest.mark.parametrize(
    "park, message",
    [
        ("苏州\x1b]0;owned\x07工业园区", "the cell contains the control character U+001B at character 3; delete it (control characters can hide or disguise text on a terminal)"),
        ("\u202e区园业工州苏", "the cell contains the direction control U+202E (RIGHT-TO-LEFT OVERRIDE) at character 1, which reorders how the text is shown; delete it"),
        ("苏州\n工业园区", "the cell contains a line break (U+000A) at character 3; write it on one line"),
    ],
)
def test_import_rejects_what_validate_refuses(run, tmp_path, mine, park, message):
    result = import_rows(run, tmp_path, mine, [[park, "地区生产总值", "2023", "3686亿元", "经济概述", ""]])
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            f"rejected: in.csv:2:园区: {message}",
            "added 0, identical 0, conflicts 0, rejected 1 (long layout; nothing to write)",
        ],
    )
    assert (mine / "parks.csv").read_text(encoding="utf-8") == "id,name_zh,name_en,aliases,kind,level,province,city,established,group\n"


def test_new_ids_are_slugs_whatever_the_names(run, tmp_path, mine):
    rows = [["Ｅｖｉｌ Park ☠", "地区生产总值", "2023", "1亿元", "标 题!", ""], ["!!!", "地区生产总值", "2023", "2亿元", "标 题!", ""]]
    result = import_rows(run, tmp_path, mine, rows)
    assert (result.exit_code, result.stdout.splitlines()) == (
        0,
        [
            "new park: evil-park Ｅｖｉｌ Park ☠",
            "new park: park !!!",
            "new source: source 标 题!",
            "added 2, identical 0, conflicts 0, rejected 0 (long layout; written to " + str(mine) + ")",
        ],
    )
    assert run("validate", str(mine)).exit_code == 0


def test_extract_refuses_a_source_id_that_is_not_a_slug(run, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("2023年,园区实现地区生产总值3686亿元。", encoding="utf-8")
    result = run("extract", str(article), "--source", "My Source")
    assert (result.exit_code, result.stderr) == (2, "error: --source 'My Source' is not an id; use lower-case ASCII letters, digits, - and _\n")


def test_messages_show_what_a_file_says_and_never_let_the_terminal_act_on_it(run, dataset, tmp_path, mine):
    """Problems and rejections quote the files; control and direction characters in them come out as escapes."""
    append(dataset, "parks.csv", park_row("\x1b[2J\u202eevil", "园区"))
    result = run("validate", str(dataset))
    assert result.stdout.splitlines()[1] == (f"{dataset}/parks.csv:10: id '\\x1b[2J\\u202eevil' is not a slug; use lower-case ASCII letters, digits, - and _")
    path = tmp_path / "wide.csv"
    path.write_text("园区,期间,地区生产总值,\x1b]0;owned\x07指标\n苏州工业园区,2023,5亿元,7\n", encoding="utf-8")
    result = run("import", str(path), "--into", str(mine), "--source-title", "概述", "--dry-run")
    assert result.stdout.splitlines()[2] == (
        "unmapped column: wide.csv:1:\\x1b]0;owned\\x07指标: no indicator named "
        "'\\x1b]0;owned\\x07指标'; map it with --map '\\x1b]0;owned\\x07指标=INDICATOR_ID' "
        "or add it to the aliases in indicators.csv; 1 figure(s) not imported"
    )
    assert "\x1b" not in result.stdout + result.stderr
