"""`parkmetrics report --profile`: composite rankings at the top of the Rankings sheet.

The expected scores are the hand-computed ones of test_composite.py, on the same
four-park fixture (weights output 2, patents 1, energy 1; d is screened out).
"""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES
from openpyxl import load_workbook

SMALL = str(FIXTURES / "composite_small")
CLASSES = str(FIXTURES / "profiles" / "classes.toml")
FIXED_RUNS = str(FIXTURES / "profiles" / "fixed_runs.toml")
RANKING_HEADER_ZH = ["指标代码", "指标", "单位", "排名", "园区代码", "园区", "数值", "限定", "期间", "来源", "图表标签（园区与期间）"]


def rows(sheet, first=1, last=None):
    """Cell values row by row, trailing empty cells dropped, so blocks of different widths read naturally."""
    result = []
    for row in sheet.iter_rows(min_row=first, max_row=last, values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        result.append(values)
    return result


def report(run, tmp_path, *args, name="report.xlsx"):
    target = tmp_path / name
    result = run("report", "-o", str(target), "--data", SMALL, *args)
    return result, target


def test_the_profile_block_opens_the_rankings_sheet(run, tmp_path):
    result, target = report(run, tmp_path, "--profile", CLASSES)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[3] == "  排名：4 个指标，1 个综合排名"
    sheet = load_workbook(target)["排名"]
    assert rows(sheet, 1, 6) == [
        ["综合排名：classes（classes）"],
        [
            "排名",
            "园区代码",
            "园区",
            "得分",
            "覆盖率%",
            "类别",
            "非确数",
            "产值 (亿元)",
            "期间 · 说明",
            "产值 得分",
            "发明专利 (件)",
            "期间 · 说明",
            "发明专利 得分",
            "单位增加值能耗 (吨标准煤/万元)",
            "期间 · 说明",
            "单位增加值能耗 得分",
            "说明",
        ],
        # (2*100 + 25 + 0) / 4, (2*50 + 0 + 100) / 4, (2*0 + 100 + 50) / 4: energy is lower-is-better
        [1, "c", "丙园区", 56.25, 100, "A", "invention_patents >15", 30, "2022", 100, 15, "2022-12 · 超过", 25, 0.6, "2022", 0],
        [2, "b", "乙园区", 50, 100, "A", None, 20, "2022", 50, 10, "2022-12", 0, 0.2, "2022", 100],
        [3, "a", "甲园区", 37.5, 100, "B", None, 10, "2022", 0, 30, "2022-12", 100, 0.4, "2022", 50],
        [
            None,
            "d",
            "丁园区",
            None,
            50,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "未排名：覆盖率 50 % 低于 66.7 %；缺少 invention_patents（只有局部范围的数字（一期））、energy_intensity（没有数字）",
        ],
    ]
    notes = [row[0] for row in rows(sheet, 7) if row][:5]
    assert notes[0] == "方案 classes：最小-最大标准化，算术平均，最低覆盖率为权重的 66.7 %"
    assert "分类：A 得分 ≥ 50（分位数 0.5），其余为 B" in notes
    heading = next(number for number, row in enumerate(rows(sheet), start=1) if row == ["单项指标排名"])
    assert rows(sheet, heading + 1, heading + 2) == [
        RANKING_HEADER_ZH,
        ["output_value", "产值", "亿元", 1, "d", "丁园区", 40, None, "2022", "fixture", "丁园区 (2022)"],
    ]


def test_scores_keep_their_number_formats_and_colour_scales(run, tmp_path):
    _, target = report(run, tmp_path, "--profile", CLASSES)
    sheet = load_workbook(target)["排名"]
    assert [sheet.cell(3, column).number_format for column in (4, 5, 8, 14)] == ["#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00"]
    assert sheet.cell(3, 11).number_format == "#,##0"  # a count of patents
    # The overall score and each indicator's score, over the three ranked parks only; column G is the
    # value column of the blocks by indicator below.
    areas = [str(area.sqref) for area in sheet.conditional_formatting]
    assert sorted(area for area in areas if not area.startswith("G")) == ["D3:D5", "J3:J5", "M3:M5", "P3:P5"]
    assert sheet.freeze_panes is None  # blocks of different columns: no one header row to keep in view


def test_the_overview_chart_still_points_at_its_ranking_block(run, tmp_path):
    _, target = report(run, tmp_path, "--profile", CLASSES)
    book = load_workbook(target)
    sheet = book["排名"]
    (chart,) = book["概览"]._charts
    reference = chart.series[0].val.numRef.f  # '排名'!$G$n:$G$m
    first, last = (int(part.split("$")[-1]) for part in reference.split("!")[1].split(":"))
    block = rows(sheet, first, last)
    assert [(row[0], row[3], row[4], row[6]) for row in block] == [("output_value", 1, "d", 40), ("output_value", 2, "c", 30), ("output_value", 3, "b", 20), ("output_value", 4, "a", 10)]
    assert chart.series[0].cat.strRef.f == f"'排名'!$K${first}:$K${last}"


def test_the_workbook_says_what_rank_says_on_the_bundled_data(run, tmp_path):
    ranked = json.loads(run("rank", "--profile", "innovation", "--min-coverage", "0.5", "-f", "json").stdout)
    target = tmp_path / "innovation.xlsx"
    result = run("report", "-o", str(target), "--profile", "innovation", "--min-coverage", "0.5", "--lang", "en")
    assert result.exit_code == 0
    sheet = load_workbook(target)["Rankings"]
    assert rows(sheet, 1, 1) == [["Composite ranking: Innovation capacity (innovation)"]]
    block = rows(sheet, 3, 2 + len(ranked))
    assert [(row[0], row[1], row[3], row[4]) for row in block] == [(record["rank"], record["park"], record["score"], record["coverage"]) for record in ranked]
    assert [(row[1], row[3]) for row in block[:3]] == [("beijing-etdz", 100), ("qianjiang", 25), ("jinzhong", 2.9268)]


def test_rank_intervals_with_a_seed_and_the_command_line_on_the_about_sheet(run, tmp_path):
    result, target = report(run, tmp_path, "--profile", FIXED_RUNS, "--uncertainty", "50", "--seed", "3", "--lang", "en")
    assert result.exit_code == 0
    book = load_workbook(target)
    sheet = book["Rankings"]
    assert rows(sheet, 2, 2)[0][:8] == ["Rank", "Park ID", "Park", "Score", "Coverage %", "Median rank", "Rank 5 %", "Rank 95 %"]
    assert [row[:8] for row in rows(sheet, 3, 5)] == [[1, "c", "Park C", 56.25, 100, 1, 1, 1], [2, "b", "Park B", 50, 100, 2, 2, 2], [3, "a", "Park A", 37.5, 100, 3, 3, 3]]
    facts = {row[0]: row[1] for row in rows(book["About"]) if len(row) > 1 and row[0]}
    assert facts["Command line"] == (f"parkmetrics report -o {target} --profile {FIXED_RUNS} --uncertainty 50 --seed 3 --lang en --data {SMALL}")


def test_parks_restrict_the_parks_that_are_scored(run, tmp_path):
    # Only a and b: output a 0, b 100; patents a 100, b 0; energy a 0, b 100 (lower is better).
    _, target = report(run, tmp_path, "--profile", CLASSES, "--parks", "a,b")
    assert [row[:5] for row in rows(load_workbook(target)["排名"], 3, 4)] == [
        [1, "b", "乙园区", 75, 100],  # (2*100 + 0 + 100) / 4
        [2, "a", "甲园区", 25, 100],  # (2*0 + 100 + 0) / 4
    ]


def test_several_profiles_and_method_options(run, tmp_path):
    _, target = report(run, tmp_path, "--profile", CLASSES, "--profile", FIXED_RUNS, "--normalize", "rank")
    sheet = load_workbook(target)["排名"]
    headings = [row[0] for row in rows(sheet) if len(row) == 1 and str(row[0]).startswith("综合排名")]
    assert headings == ["综合排名：classes（classes）", "综合排名：fixed_runs（fixed_runs）"]
    assert [row[:4] for row in rows(sheet, 3, 5)] == [[1, "c", "丙园区", 62.5], [2, "b", "乙园区", 50], [3, "a", "甲园区", 37.5]]


def test_composite_warnings_reach_the_about_sheet(run, tmp_path):
    _, target = report(run, tmp_path, "--profile", CLASSES, "--lang", "en")
    texts = [row[1] for row in rows(load_workbook(target)["About"]) if len(row) > 1 and row[1]]
    assert ("classes: 1 park(s) not ranked: their figures cover less than 66.7 % of the weight; they are listed last with the reason") in texts


@pytest.mark.parametrize(
    "args, message",
    [
        (["--uncertainty", "10"], "error: --uncertainty applies to composite rankings; add --profile NAME\n"),
        (["--normalize", "zscore", "--seed", "1"], "error: --normalize, --seed apply to composite rankings; add --profile NAME\n"),
        (["--profile", CLASSES, "--seed", "7"], "error: --seed needs --uncertainty N (the number of runs)\n"),
        (
            ["--profile", str(FIXTURES / "profiles" / "unknown_indicator.toml")],
            "error: profile 'unknown_indicator': unknown indicator 'invention_patent'; did you mean invention_patents, invention_patents_growth? run `parkmetrics indicators` to see them all\n",
        ),
        (
            ["--profile", "nosuch"],
            "error: unknown profile 'nosuch'; shipped profiles are headline, innovation, land_efficiency, productivity, scale (see `parkmetrics profiles`), or give a .toml file\n",
        ),
    ],
)
@pytest.mark.usefixtures("english")
def test_composite_mistakes_are_one_line_errors_and_write_nothing(run, tmp_path, args, message):
    result, target = report(run, tmp_path, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_a_profile_that_ranks_no_park_says_why_and_shows_coverage(run, tmp_path):
    result, target = report(run, tmp_path, "--profile", CLASSES, "--parks", "d", "--lang", "en")
    assert result.exit_code == 0
    sheet = load_workbook(target)["Rankings"]
    assert rows(sheet, 1, 5) == [
        ["Composite ranking: classes (classes)"],
        ["No park is ranked: no park has figures for 66.7 % of the weight (the minimum coverage); below, each park's coverage and what it lacks."],
        ["Park ID", "Park", "Coverage %", "Note"],
        ["d", "Park D", 50, "not ranked: coverage 50 % is below 66.7 %; lacks invention_patents (only part-zone figures (一期)), energy_intensity (no figure)"],
        [],
    ]
