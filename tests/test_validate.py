"""validate: every kind of problem in a dataset, reported as file:line: message."""

from __future__ import annotations

import csv

import pytest
from helpers import EIGHT_PARKS, REPO, vocabulary_size
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones


def append_observations(directory, rows):
    with open(directory / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_bundled_dataset_validates(run):
    result = run("validate", str(REPO / "datasets"))
    counts = [len((REPO / "datasets" / f"{table}.csv").read_text(encoding="utf-8").splitlines()) - 1 for table in ("parks", "indicators", "sources", "observations")]
    counts[1] = vocabulary_size(REPO / "datasets" / "indicators.csv")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "ok: {} parks, {} indicators, {} sources, {} observations, no problems\n".format(*counts)


def test_validate_without_argument_checks_the_bundled_dataset(run):
    assert run("validate").exit_code == 0


def test_every_problem_is_reported_with_its_line(run, dataset_copy):
    q = "地区生产总值完成143亿元"
    append_observations(
        dataset_copy,
        [
            ["nowhere", "gdp", "2022", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "gdp_per_mu", "2022", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "gdp", "2022", "park", "actual", "exact", "143亿元", "150", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "gdp", "1-11月", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "gdp", "2021", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", "地区生产总值完成", ""],
            ["jinzhong", "gdp", "2020", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "gdp", "2020", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "area", "2019", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
            ["jinzhong", "gdp", "2018", "park", "planned", "about", "143公斤", "x", "亿元", "nosource", q, ""],
        ],
    )
    result = run("validate", str(dataset_copy))
    label = str(dataset_copy)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{label}/observations.csv:108: unknown park 'nowhere'; add it to parks.csv or fix the id",
        f"{label}/observations.csv:109: unknown indicator 'gdp_per_mu'; add it to indicators.csv or fix the id",
        f"{label}/observations.csv:110: raw '143亿元' means value 143, but the row says value 150, unit 亿元, qualifier exact",
        f"{label}/observations.csv:110: duplicate figure (same park, indicator, period, scope and status): same as line 11",
        f"{label}/observations.csv:111: '1-11月' is not a period; write one of 2021, 2022-01/2022-11, 2018/2022, 2023-05 or 2025-01-01/2025-12-03",
        f"{label}/observations.csv:112: quote does not contain the figure '143亿元'; quote the text around it verbatim",
        f"{label}/observations.csv:114: duplicate figure (same park, indicator, period, scope and status): same as line 113",
        f"{label}/observations.csv:115: unit: cannot convert 亿元 to 平方公里: they measure different things (currencies are never converted; there is no exchange rate)",
        f"{label}/observations.csv:116: unknown source 'nosource'; add it to sources.csv or fix the id",
        f"{label}/observations.csv:116: status 'planned' is not one of actual, target, estimate",
        f"{label}/observations.csv:116: qualifier 'about' is not one of exact, at_least, at_most, approx",
        f"{label}/observations.csv:116: value 'x' is not a finite number",
        f"{label}/observations.csv:116: raw '143公斤': unknown unit '公斤'; known units are "
        "km², m², 个, 亩, 人, 件, 位, 元, 公顷, 千瓦时, 名, 名次, 吨, 吨标准煤, 吨标煤, 场, 家, 平方公里, 平方千米, 平方米, 度, 座, 户, 所, 条, 次, 百分比, 米, 美元, 辆, 项"
        " (optionally with 万/亿/万亿 in front and one '/', e.g. 万元/亩)",
        f"{label}/observations.csv:116: quote does not contain the figure '143公斤'; quote the text around it verbatim",
    ]
    assert result.stderr == "warning: 14 problem(s); 107 observations are valid\n"


def test_rows_with_problems_are_left_out_of_commands_and_said_so(run, dataset_copy):
    append_observations(
        dataset_copy,
        [
            ["jinzhong", "gdp", "2021", "park", "actual", "exact", "150亿元", "143", "亿元", "jinzhong-2023-02-27", "150亿元", ""],
        ],
    )
    result = run("data", "--data", str(dataset_copy), "--park", "jinzhong", "--indicator", "gdp")
    assert result.stdout.count("\n") == 2
    assert result.stderr == (f"warning: 1 problem(s) in the data; rows with problems are left out; run `parkmetrics validate {dataset_copy}` to list them\n")


def test_parks_indicators_and_sources_are_checked(run, dataset_copy):
    with open(dataset_copy / "parks.csv", "a", encoding="utf-8") as handle:
        handle.write("Bad Id,坏园区,,,,,,\nchangde,重复,,,,,,\nnewpark,,,,,planet,,\n")
    with open(dataset_copy / "indicators.csv", "a", encoding="utf-8") as handle:
        handle.write("weight,重量,Weight,公斤,flow,higher,,\nscore,分数,Score,%,index,upward,,\n")
    with open(dataset_copy / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("late,标题,,05/01/2023,,\n")
    lines = run("validate", str(dataset_copy)).stdout.splitlines()
    label = str(dataset_copy)
    assert lines == [
        f"{label}/parks.csv:10: id 'Bad Id' is not a slug; use lower-case ASCII letters, digits, - and _",
        f"{label}/parks.csv:11: duplicate id: same as line 2",
        f"{label}/parks.csv:12: name_zh is empty; every park needs one",
        f"{label}/parks.csv:12: level 'planet' is not one of national, provincial, municipal, county",
        f"{label}/indicators.csv:93: unknown unit '公斤'; known units are "
        "km², m², 个, 亩, 人, 件, 位, 元, 公顷, 千瓦时, 名, 名次, 吨, 吨标准煤, 吨标煤, 场, 家, 平方公里, 平方千米, 平方米, 度, 座, 户, 所, 条, 次, 百分比, 米, 美元, 辆, 项"
        " (optionally with 万/亿/万亿 in front and one '/', e.g. 万元/亩)",
        f"{label}/indicators.csv:94: measure 'index' is not one of flow, stock, rate, ratio, rank",
        f"{label}/indicators.csv:94: direction 'upward' is not one of higher, lower, neutral",
        f"{label}/sources.csv:10: published '05/01/2023' is not a date; write YYYY-MM-DD",
    ]


def test_missing_columns_and_files_are_dataset_errors(run, dataset_copy):
    (dataset_copy / "sources.csv").write_text("id,title\n", encoding="utf-8")
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {dataset_copy}/sources.csv lacks the column(s) publisher, published, url, document; its header must be id,title,publisher,published,url,document,tier\n",
    )
    (dataset_copy / "sources.csv").unlink()
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: dataset '{dataset_copy}' has no sources.csv; a dataset needs parks.csv, indicators.csv, sources.csv, observations.csv (see `parkmetrics init`)\n",
    )


def test_non_utf8_file_names_the_fix(run, dataset_copy):
    (dataset_copy / "parks.csv").write_bytes("id,name_zh,name_en,aliases,kind,level,province,city\nx,园区,,,,,,\n".encode("gb18030"))
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (2, f"error: {dataset_copy}/parks.csv is not UTF-8; save it as UTF-8 or bring it in with `parkmetrics import`\n")


def test_validate_json_format(run, dataset_copy):
    append_observations(dataset_copy, [["nowhere", "gdp", "2022", "park", "actual", "exact", "1亿元", "1", "亿元", "jinzhong-2023-02-27", "", ""]])
    import json

    assert json.loads(run("validate", str(dataset_copy), "-f", "json").stdout) == [
        {"file": f"{dataset_copy}/observations.csv", "line": 108, "message": "unknown park 'nowhere'; add it to parks.csv or fix the id"}
    ]


def test_layered_datasets_report_conflicts(run, dataset_copy, tmp_path):
    observations = dataset_copy / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace("143亿元,143,", "150亿元,150,").replace("地区生产总值完成143亿元", "地区生产总值完成150亿元"), encoding="utf-8")
    result = run("data", "--data", str(EIGHT_PARKS), "--data", str(dataset_copy), "--indicator", "gdp")
    assert "jinzhong,gdp,2022,park,actual,exact,143,亿元,143亿元" in result.stdout
    assert result.stderr == (f"warning: conflict: {dataset_copy}/observations.csv:11: jinzhong gdp 2022 is 150亿元 but {EIGHT_PARKS}/observations.csv:11 says 143亿元; the first is used\n")


# The shortcut for raw figures that are their value and unit columns side by side --------------

_UNITS = [
    "亿元",
    "万元",
    "元",
    "家",
    "%",
    "亿",
    "万元/亩",
    "平方公里",
    "件",
    "个",
    "家左右",
    "亿元以上",
    "余家",
    " 亿元",
    "億元",
    "ｋｍ",
    ".5亿元",
    ",000元",
    "e5亿元",
    "",
    "亿元!",
    "\u200b家",
    "多家",
    "家多",
]


def _figures_as_validation_reads_them(raws, values, units):
    import pandas as pd

    from parkmetrics.data.validation import Distinct, _parsed_figures

    frame = pd.DataFrame({"raw": raws, "value": values, "unit": units})
    distinct = Distinct(frame["raw"])
    return dict(zip(distinct.values, _parsed_figures(distinct, frame)))


def _parsed_or_message(raw):
    from parkmetrics.core.errors import ParkmetricsError
    from parkmetrics.core.figures import parse_figure

    try:
        return parse_figure(raw)
    except ParkmetricsError as error:
        return str(error)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["0", "-0", "7", "007", "26.89", "-3.5", "1" * 400, "1e5", "1,000", "2.", "３", "五"]) | st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
            st.sampled_from(_UNITS),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_shortcut_reads_every_raw_figure_as_the_parser_does(pairs):
    raws = [value + unit for value, unit in pairs]
    found = _figures_as_validation_reads_them(raws, [value for value, _ in pairs], [unit for _, unit in pairs])
    assert found == {raw: _parsed_or_message(raw) for raw in raws}


def test_a_raw_figure_is_parsed_even_when_another_row_writes_it_apart():
    # The second row's columns do not spell its raw figure, the first row's do: the parse is the same.
    found = _figures_as_validation_reads_them(["超140亿元", "140亿元", "140亿元"], ["140", "140", "14"], ["亿元", "亿元", "十亿元"])
    assert found == {"超140亿元": _parsed_or_message("超140亿元"), "140亿元": _parsed_or_message("140亿元")}


def test_every_flow_and_stock_has_a_growth_rate_without_declaring_one():
    from parkmetrics.data.loading import load

    indicators = load(["bundled"], use_cache=False).indicators
    retail = indicators.loc["retail_sales_growth"]
    assert (retail["name_zh"], retail["unit"], retail["measure"], retail["direction"]) == ("社会消费品零售总额增速", "%", "rate", "higher")
    assert "社零总额增长" in retail["aliases"].split("|")
    assert indicators.loc["electricity_consumption_growth", "direction"] == "neutral"  # as electricity use itself
    assert "fdi_actual_growth" not in indicators.index  # fdi_growth is named 实际使用外资增速 already
    assert "gdp_growth_growth" not in indicators.index and "output_intensity_growth" not in indicators.index


def test_a_growth_rate_the_vocabulary_implies_validates(run, dataset_copy):
    append_observations(dataset_copy, [["changde", "retail_sales_growth", "2023", "park", "actual", "exact", "4.7%", "4.7", "%", "changde-2023-01-05", "社会消费品零售总额增长4.7%", ""]])
    result = run("validate", str(dataset_copy))
    vocabulary = vocabulary_size(dataset_copy / "indicators.csv")
    assert (result.exit_code, result.stderr) == (0, f"ok: 8 parks, {vocabulary} indicators, 8 sources, 107 observations, no problems\n")


def test_a_dataset_in_square_kilometres_written_km2_validates(run, dataset_copy):
    append_observations(
        dataset_copy,
        [
            ["jinzhong", "area", "2019-12", "park", "actual", "exact", "12.5km²", "12.5", "km²", "jinzhong-2023-02-27", "", ""],
        ],
    )
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stdout) == (0, "")
    data = run("data", "--data", str(dataset_copy), "--park", "jinzhong", "--indicator", "area", "--format", "csv")
    assert "jinzhong,area,2019-12,park,actual,exact,12.5,平方公里,12.5km²," in data.stdout


def test_a_source_tier_is_official_press_other_or_empty(run, dataset_copy):
    path = dataset_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,title,publisher,published,url,document"  # the bundled file predates the column: read as empty
    lines[0] += ",tier"
    lines[1:] = [f"{line},{tier}" for line, tier in zip(lines[1:], ["official", "press", "other", "", "gossip", "", "", ""])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, f"{dataset_copy}/sources.csv:6: tier 'gossip' is not one of official, press, other; leave it empty if unsure")
    assert "sources.csv:2:" not in result.stdout and "sources.csv:3:" not in result.stdout
