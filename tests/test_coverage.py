"""`coverage`, benchmark groups, league-table ranks and the core indicators, on a small fixed dataset."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES

SMALL = str(FIXTURES / "coverage_small")
HEADER = "park,gdp,gdp_growth,fiscal_revenue,high_tech_enterprises,count,best_year,best_year_core"


def test_coverage_shows_the_period_of_each_latest_figure(run):
    result = run("coverage", "--data", SMALL, "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        HEADER,
        "a,2023,2023,2023,2023-12,4,2023,4",  # 300 high-tech firms at the end of 2023 count for 2023
        "b,2023-01/2023-11,2022,,,2,2022,1",
        "c,2021,,,,1,2021,1",
    ]
    assert result.stderr == ""


def test_a_target_and_a_part_of_a_park_leave_the_cell_empty(run):
    # c has a 2025 GDP target and high-tech enterprises of one sub-park only: neither is rankable.
    row = run("coverage", "--data", SMALL, "-f", "json").stdout
    assert json.loads(row)[2] == {"park": "c", "gdp": "2021", "gdp_growth": "", "fiscal_revenue": "", "high_tech_enterprises": "", "count": 1, "best_year": "2021", "best_year_core": 1}


def test_groups_are_listed_only_when_asked(run):
    lines = run("coverage", "--data", SMALL, "--groups", "-f", "csv").stdout.splitlines()
    assert lines[-1] == "all-etdz,2023,,,,1,2023,1"
    assert len(lines) == 5


@pytest.mark.parametrize(
    "options, parks",
    [
        (["--province", "湖南"], ["c"]),
        (["--province", "江苏"], ["a", "b"]),
        (["--kind", "高新区"], ["b"]),
        (["--kind", "经开区", "--province", "江苏"], ["a"]),
    ],
)
def test_province_and_kind_select_parks(run, options, parks):
    lines = run("coverage", "--data", SMALL, *options, "-f", "csv").stdout.splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == parks


def test_indicators_and_all_choose_the_columns(run):
    lines = run("coverage", "--data", SMALL, "--indicators", "gdp,etdz_composite_rank", "-f", "csv").stdout.splitlines()
    assert lines == ["park,gdp,etdz_composite_rank,count,best_year,best_year_core", "a,2023,2022,2,2023,4", "b,2023-01/2023-11,,1,2022,1", "c,2021,2022,2,2021,1"]
    header = run("coverage", "--data", SMALL, "--all", "-f", "csv").stdout.splitlines()[0]
    assert header == ("park,gdp,gdp_growth,fiscal_revenue,high_tech_enterprises,etdz_composite_rank,count,best_year,best_year_core")


def test_the_note_counts_parks_with_three_core_figures_for_one_year(run):
    assert run("coverage", "--data", SMALL, "-f", "markdown", "--lang", "en").stdout.endswith(
        "3 parks; 1 have at least 3 core figures for one full year. Each cell is the period of the latest whole-park actual figure; empty: none.  \n"
    )


@pytest.mark.parametrize(
    "options, message",
    [
        (["--province", "火星"], "error: no park matches province 火星; see `parkmetrics parks` for provinces and kinds\n"),
        (["--all", "--indicators", "gdp"], "error: --all and --indicators choose the indicators two ways; give one of them\n"),
    ],
)
@pytest.mark.usefixtures("english")
def test_coverage_errors_are_one_line(run, options, message):
    result = run("coverage", "--data", SMALL, *options)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_a_group_is_never_ranked_against_parks(run):
    result = run("rank", "gdp", "--data", SMALL, "-f", "csv")
    # b's 1-11月 is left out of a ranking of full years; the group's 14.8万亿元 is never in it.
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == ["a", "c"]
    assert "all-etdz" not in result.stderr


def test_league_table_positions_rank_lowest_first(run):
    result = run("rank", "etdz_composite_rank", "--data", SMALL, "-f", "csv")
    assert result.stdout.splitlines() == [
        "rank,park,value,unit,qualifier,period,source",
        "1,a,3,位,exact,2022,report-2024",
        "2,c,10,位,exact,2022,report-2024",
    ]


def test_two_positions_compare_by_places_not_by_ratio(run):
    lines = run("compare", "c", "a", "--indicators", "etdz_composite_rank", "--data", SMALL, "-f", "csv").stdout.splitlines()
    assert lines[1].endswith(",,7 places behind")


@pytest.mark.parametrize("raw, value, unit", [("第3", 3.0, "位"), ("第三", 3.0, "位"), ("第12位", 12.0, "位"), ("第十名", 10.0, "名")])
def test_a_position_is_read_with_its_ordinal(raw, value, unit):
    from parkmetrics.core.figures import parse_figure

    figure = parse_figure(raw)
    assert (figure.value, figure.unit, figure.qualifier) == (value, unit, "exact")


@pytest.mark.parametrize(
    "written, indicator",
    [
        ("规上工业总产值", "industrial_output"),
        ("规模以上工业总产值", "industrial_output"),
        ("工业总产值", "industrial_output_all"),
        ("地区生产总值同比增长", "gdp_growth"),
        ("公共财政预算收入", "fiscal_revenue"),
        ("财税收入", "fiscal_total_revenue"),
        ("各类税收", "tax_revenue"),
        ("实际利用外资", "fdi_actual"),
        ("外贸进出口总额", "foreign_trade"),
        ("进出口总额增长", "foreign_trade_growth"),
        ("规模以上工业企业", "above_scale_enterprises"),
        ("规上工业增加值增速", "industrial_value_added_growth"),
    ],
)
def test_common_wordings_resolve_to_the_core_indicators(bundled, written, indicator):
    assert bundled.indicator_id(written) == indicator


def test_a_group_is_compared_through_its_average_zone(run):
    result = run("compare", "a", "all-etdz", "--indicators", "gdp", "--data", SMALL, "-f", "markdown", "--lang", "en")
    assert "ƒ all-etdz gdp (2023): 148,000 100M CNY over 229 zones, 646.3 100M CNY per zone on average  \n" in result.stdout
    chinese = run("compare", "a", "all-etdz", "--indicators", "gdp", "--data", SMALL, "-f", "markdown")
    assert "ƒ all-etdz gdp（2023）：148,000 亿元，229 个园区，平均每个园区 646.3 亿元  \n" in chinese.stdout
