"""validate: every kind of problem in a dataset, reported as file:line: message."""

from __future__ import annotations

import csv

from conftest import REPO


def append_observations(directory, rows):
    with open(directory / "observations.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_bundled_dataset_validates(run):
    result = run("validate", str(REPO / "datasets"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "ok: 8 parks, 91 indicators, 8 sources, 106 observations, no problems\n"


def test_validate_without_argument_checks_the_bundled_dataset(run):
    assert run("validate").exit_code == 0


def test_every_problem_is_reported_with_its_line(run, dataset_copy):
    q = "地区生产总值完成143亿元"
    append_observations(dataset_copy, [
        ["nowhere", "gdp", "2022", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "gdp_per_mu", "2022", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "gdp", "2022", "park", "actual", "exact", "143亿元", "150", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "gdp", "1-11月", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "gdp", "2021", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", "地区生产总值完成", ""],
        ["jinzhong", "gdp", "2020", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "gdp", "2020", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "area", "2019", "park", "actual", "exact", "143亿元", "143", "亿元", "jinzhong-2023-02-27", q, ""],
        ["jinzhong", "gdp", "2018", "park", "planned", "about", "143公斤", "x", "亿元", "nosource", q, ""],
    ])
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
        f"{label}/observations.csv:116: raw '143公斤': unknown unit '公斤'; known units are km²、m²、个、亩、人、件、元、公顷、千瓦时、名、吨、吨标准煤、吨标煤、场、家、平方公里、平方千米、平方米、度、座、户、所、条、次、百分比、米、美元、辆、项 (optionally with 万/亿/万亿 in front and one '/', e.g. 万元/亩)",
        f"{label}/observations.csv:116: quote does not contain the figure '143公斤'; quote the text around it verbatim",
    ]
    assert result.stderr == "warning: 14 problem(s); 107 observations are valid\n"


def test_rows_with_problems_are_left_out_of_commands_and_said_so(run, dataset_copy):
    append_observations(dataset_copy, [
        ["jinzhong", "gdp", "2021", "park", "actual", "exact", "150亿元", "143", "亿元", "jinzhong-2023-02-27", "150亿元", ""],
    ])
    result = run("data", "--data", str(dataset_copy), "--park", "jinzhong", "--indicator", "gdp")
    assert result.stdout.count("\n") == 2
    assert result.stderr == (
        f"warning: 1 problem(s) in the data; rows with problems are left out; run `parkmetrics validate {dataset_copy}` to list them\n"
    )


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
        f"{label}/indicators.csv:93: unknown unit '公斤'; known units are km²、m²、个、亩、人、件、元、公顷、千瓦时、名、吨、吨标准煤、吨标煤、场、家、平方公里、平方千米、平方米、度、座、户、所、条、次、百分比、米、美元、辆、项 (optionally with 万/亿/万亿 in front and one '/', e.g. 万元/亩)",
        f"{label}/indicators.csv:94: measure 'index' is not one of flow, stock, rate, ratio",
        f"{label}/indicators.csv:94: direction 'upward' is not one of higher, lower, neutral",
        f"{label}/sources.csv:10: published '05/01/2023' is not a date; write YYYY-MM-DD",
    ]


def test_missing_columns_and_files_are_dataset_errors(run, dataset_copy):
    (dataset_copy / "sources.csv").write_text("id,title\n", encoding="utf-8")
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (
        2, f"error: {dataset_copy}/sources.csv lacks the column(s) publisher, published, url, document; its header must be id,title,publisher,published,url,document\n"
    )
    (dataset_copy / "sources.csv").unlink()
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (
        2, f"error: dataset '{dataset_copy}' has no sources.csv; a dataset needs parks.csv, indicators.csv, sources.csv, observations.csv (see `parkmetrics init`)\n"
    )


def test_non_utf8_file_names_the_fix(run, dataset_copy):
    (dataset_copy / "parks.csv").write_bytes("id,name_zh,name_en,aliases,kind,level,province,city\nx,园区,,,,,,\n".encode("gb18030"))
    result = run("validate", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (
        2, f"error: {dataset_copy}/parks.csv is not UTF-8; save it as UTF-8 or bring it in with `parkmetrics import`\n"
    )


def test_validate_json_format(run, dataset_copy):
    append_observations(dataset_copy, [["nowhere", "gdp", "2022", "park", "actual", "exact", "1亿元", "1", "亿元", "jinzhong-2023-02-27", "", ""]])
    import json

    assert json.loads(run("validate", str(dataset_copy), "-f", "json").stdout) == [
        {"file": f"{dataset_copy}/observations.csv", "line": 108, "message": "unknown park 'nowhere'; add it to parks.csv or fix the id"}
    ]


def test_layered_datasets_report_conflicts(run, dataset_copy, tmp_path):
    observations = dataset_copy / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace("143亿元,143,", "150亿元,150,").replace("地区生产总值完成143亿元", "地区生产总值完成150亿元"), encoding="utf-8")
    result = run("data", "--data", "bundled", "--data", str(dataset_copy), "--indicator", "gdp")
    assert "jinzhong,gdp,2022,park,actual,exact,143,亿元,143亿元" in result.stdout
    assert result.stderr == (
        f"warning: conflict: {dataset_copy}/observations.csv:11: jinzhong gdp 2022 is 150亿元 but bundled/observations.csv:11 says 143亿元; the first is used\n"
    )
