"""rank and report rank figures of one span length; compare picks the latest period both parks share."""

from __future__ import annotations

import pytest
from helpers import EIGHT_PARKS, FIXTURES, extended_copy
from openpyxl import load_workbook

NOT_RANKED = "not ranked: qianjiang (only figures over 5 years (2018/2022); the ranked figures cover 1 year)"


def test_rank_leaves_a_five_year_total_out_of_a_ranking_of_years(run):
    result = run("rank", "industrial_output", "--lang", "en", "--data", str(EIGHT_PARKS))
    assert result.exit_code == 0
    ranked = [line.split(",") for line in result.stdout.splitlines()[1:]]
    assert "qianjiang" not in [row[1] for row in ranked] and {row[5] for row in ranked} >= {"2023", "2021"}
    assert f"warning: {NOT_RANKED}" in result.stderr.splitlines()
    chinese = run("rank", "industrial_output", "--data", str(EIGHT_PARKS))
    assert "警告：未排名：qianjiang（只有5年的数字（2018/2022），排名的数字为1年）" in chinese.stderr.splitlines()


def test_the_span_most_parks_have_is_ranked_and_the_others_say_why(run, tmp_path):
    copy = extended_copy(
        FIXTURES / "composite_small",
        tmp_path / "data",
        parks=["e,戊园区,Park E,,工业园区,,,"],
        observations=[
            "e,output_value,2018/2022,park,actual,exact,90亿元,90,亿元,fixture,戊园区五年累计产值90亿元,",
            "c,output_value,2023-01/2023-06,park,actual,exact,16亿元,16,亿元,fixture,丙园区2023年上半年产值16亿元,",
        ],
    )
    result = run("rank", "output_value", "--data", str(copy), "--lang", "en")
    # Four parks have full years: years are ranked; c by its 2022 year, not its later half-year.
    assert result.stdout.splitlines() == [
        "rank,park,value,unit,qualifier,period,source",
        "1,d,40,亿元,exact,2022,fixture",
        "2,c,30,亿元,exact,2022,fixture",
        "3,b,20,亿元,exact,2022,fixture",
        "4,a,10,亿元,exact,2022,fixture",
    ]
    assert result.stderr.splitlines() == [
        "warning: not ranked: e (only figures over 5 years (2018/2022); the ranked figures cover 1 year)",
    ]


def test_report_neither_ranks_nor_charts_the_five_year_total(run, tmp_path):
    target = tmp_path / "report.xlsx"
    assert run("report", "-o", str(target), "--lang", "en", "--data", str(EIGHT_PARKS)).exit_code == 0
    book = load_workbook(target)
    ranked = [row[4] for row in book["Rankings"].iter_rows(min_row=2, values_only=True) if row[0] == "industrial_output"]
    assert ranked and "qianjiang" not in ranked
    notes = [row[1] for row in book["About"].iter_rows(values_only=True) if row[1]]
    assert f"industrial_output: {NOT_RANKED}" in notes


@pytest.fixture
def later(tmp_path):
    """The composite fixture with a 2023 output value for park a, which b does not have."""
    return str(extended_copy(FIXTURES / "composite_small", tmp_path / "data", observations=["a,output_value,2023,park,actual,exact,12亿元,12,亿元,fixture,甲园区2023年产值12亿元,"]))


def test_compare_prefers_the_latest_period_both_parks_have_and_says_so(run, later):
    result = run("compare", "a", "b", "--indicators", "output_value", "--data", later, "-f", "markdown", "--lang", "en")
    assert result.stdout == (
        "| Indicator | Unit | Park A | Park B | Ratio | Comparability |\n"
        "|---|---|---:|---:|---:|---|\n"
        "| Output value | 100M CNY | 10 (2022) | 20 (2022) | 0.5 | comparable |\n"
        "\n"
        "marks: >N more than N, <N less than N, ~N about N (as the source words it)  \n"
        "output_value: compared for 2022, the latest period every park has (later figures: a 2023)  \n"
    )
    chinese = run("compare", "a", "b", "--indicators", "output_value", "--data", later, "-f", "markdown")
    assert chinese.stdout.splitlines()[-1] == "output_value：按 2022 比较，这是各园区都有的最近期间（更近的数字：a 2023）  "


def test_compare_period_and_year_choose_the_figures(run, later):
    header = "indicator,unit,status,a.value,a.qualifier,a.period,a.scope,b.value,b.qualifier,b.period,b.scope,ratio,comparison"
    result = run("compare", "a", "b", "--indicators", "output_value", "--data", later, "--period", "2021")
    assert result.stdout.splitlines() == [header, "output_value,亿元,actual,8,exact,2021,park,,,,,,not in both"]
    result = run("compare", "a", "b", "--indicators", "output_value,area", "--data", later, "--year", "2023")
    assert result.stdout.splitlines() == [
        header,
        "output_value,亿元,actual,12,exact,2023,park,,,,,,not in both",
        "area,平方公里,actual,,,,,4,exact,2023-03,park,,not in both",
    ]
    both = run("compare", "a", "b", "--data", later, "--period", "2021", "--year", "2021", "--lang", "en")
    assert (both.exit_code, both.stderr) == (2, "error: give --period or --year, not both\n")
    bad = run("compare", "a", "b", "--data", later, "--period", "1-11月", "--lang", "en")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: '1-11月' is not a period")


def test_compare_never_trades_a_whole_park_figure_for_a_part_to_share_a_period(run, later):
    with open(f"{later}/observations.csv", "a", encoding="utf-8") as handle:
        handle.write("c,output_value,2023,一期,actual,exact,5亿元,5,亿元,fixture,丙园区一期2023年产值5亿元,\n")
        handle.write("d,output_value,2023,park,actual,exact,45亿元,45,亿元,fixture,丁园区2023年产值45亿元,\n")
    result = run("compare", "c", "d", "--indicators", "output_value", "--data", later, "--lang", "en")
    # c has 2023 for a part only: the whole parks share 2022, which is compared, not c's part against d's whole.
    assert result.stdout.splitlines()[1] == "output_value,亿元,actual,30,exact,2022,park,40,exact,2022,park,0.75,comparable"
