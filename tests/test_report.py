"""`parkmetrics report`: the workbook opened with openpyxl, sheet by sheet, and its safety guarantees."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from helpers import FIXTURES, copy_dataset, vocabulary_size
from openpyxl import load_workbook

# The report's exact expectations are written for the five parks of the seed articles,
# kept as a fixture so that the bundled dataset can grow without rewriting them.
FIVE_PARKS = FIXTURES / "five_parks"

SHEETS_ZH = ["概览", "对比", "排名", "数据", "来源", "指标", "覆盖", "说明"]
SHEETS_EN = ["Overview", "Compare", "Rankings", "Data", "Sources", "Indicators", "Coverage", "About"]
TEXT_COLUMNS = ["park", "indicator", "period", "scope", "status", "qualifier", "unit", "raw", "source", "quote"]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """The bundled report in both languages, written once through the command line."""
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    directory = tmp_path_factory.mktemp("reports")
    paths = {}
    for lang in ("zh", "en"):
        paths[lang] = directory / f"report-{lang}.xlsx"
        result = CliRunner().invoke(main, ["report", "-o", str(paths[lang]), "--lang", lang, "--data", str(FIVE_PARKS)], catch_exceptions=False)
        assert (result.exit_code, result.stdout, result.stderr.split(" ")[0]) == (0, "", {"zh": "已写入", "en": "wrote"}[lang])
    return paths


@pytest.fixture(autouse=True)
def five_parks_by_default(isolated_environment, monkeypatch):
    monkeypatch.setenv("PARKMETRICS_DATA", str(FIVE_PARKS))


@pytest.fixture(scope="module")
def zh(workbooks):
    return load_workbook(workbooks["zh"])


@pytest.fixture(scope="module")
def en(workbooks):
    return load_workbook(workbooks["en"])


def rows(sheet, first=1, last=None):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first, max_row=last)]


def formats(sheet, row):
    return {cell.column_letter: cell.number_format for cell in sheet[row] if isinstance(cell.value, (int, float))}


# Sheets, headers, values ---------------------------------------------------


def test_sheet_names_in_both_languages_are_valid_excel_names(zh, en):
    assert zh.sheetnames == SHEETS_ZH
    assert en.sheetnames == SHEETS_EN
    for name in SHEETS_ZH + SHEETS_EN:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_workbook_properties(zh, en):
    assert (zh.properties.title, zh.properties.creator) == ("园区对标报告", "parkmetrics")
    assert (en.properties.title, en.properties.creator) == ("Park benchmarking report", "parkmetrics")


def test_overview_headers_and_headline_figures(zh):
    sheet = zh["概览"]
    assert rows(sheet, 1, 1)[0] == [
        "园区代码",
        "名称",
        "英文名称",
        "类型",
        "级别",
        "省份",
        "城市",
        "数据条数",
        "地区生产总值 (亿元)",
        "期间 · 说明",
        "工业总产值 (亿元)",
        "期间 · 说明",
        "产出强度 (万元/亩)",
        "期间 · 说明",
        "高新技术企业 (家)",
        "期间 · 说明",
    ]
    assert [row[0] for row in rows(sheet, 2)] == ["changde", "jinzhong", "tianfu", "ganjiang", "qianjiang"]
    assert rows(sheet, 3, 3)[0][7:] == [22, 143, "2022", None, None, 343.81, "2022", 170, "2023-02"]
    assert rows(sheet, 6, 6)[0][7:] == [11, None, None, 245.1, "2018/2022", None, None, 50, "2023-05"]
    # changde's figures all cover one industrial chain, so it has no whole-park headline figure.
    assert rows(sheet, 2, 2)[0][8:] == [None] * 8


def test_overview_in_english_names_the_park_in_english_first(en):
    header, changde = rows(en["Overview"], 1, 2)
    assert header[:3] == ["Park ID", "Name", "Chinese name"]
    assert header[8] == "GDP (100M CNY)" and header[9] == "Period · note"
    assert changde[:3] == ["changde", "Changde Economic and Technological Development Zone", "常德经济技术开发区"]


def test_compare_keeps_period_qualifier_and_scope_beside_the_number(zh):
    table = {(row[0], row[3]): row for row in rows(zh["对比"], 2)}
    header = rows(zh["对比"], 1, 1)[0]
    assert header[:6] == ["指标代码", "指标", "单位", "状态", "常德经济技术开发区", "期间 · 说明"]
    assert table[("gdp", "实际")][:8] == ["gdp", "地区生产总值", "亿元", "实际", None, None, 143, "2022"]
    assert table[("signed_investment", "实际")][10:12] == [140, "2025-01/2025-09 · 超过 · †生命健康、数字经济两大主导产业"]
    assert table[("industrial_output", "目标")][1] == "工业总产值 *"
    assert table[("industrial_output", "目标")][12:14] == [400, "2027"]
    assert len(table) == 56


def test_compare_of_two_parks_adds_ratio_and_comparability(run, tmp_path):
    target = tmp_path / "pair.xlsx"
    assert run("report", "-o", str(target), "--parks", "qianjiang,jinzhong", "--lang", "en").exit_code == 0
    sheet = load_workbook(target)["Compare"]
    assert rows(sheet, 1, 1)[0][-2:] == ["Ratio", "Comparability"]
    high_tech = next(row for row in rows(sheet, 2) if row[0] == "high_tech_enterprises")
    assert high_tech == ["high_tech_enterprises", "High-tech enterprises", "firms", "actual", 50, "2023-05", 170, "2023-02", 0.2941, "as of 2023-05 vs 2023-02"]


def test_rankings_rows(zh, en):
    assert rows(zh["排名"]) == [
        ["指标代码", "指标", "单位", "排名", "园区代码", "园区", "数值", "限定", "期间", "来源", "图表标签（园区与期间）"],
        ["high_tech_enterprises", "高新技术企业", "家", 1, "jinzhong", "山西转型综改示范区晋中开发区", 170, None, "2023-02", "jinzhong-2023-02-27", "山西转型综改示范区晋中开发区 (2023-02)"],
        ["high_tech_enterprises", "高新技术企业", "家", 2, "qianjiang", "重庆市正阳工业园区(黔江高新区)", 50, None, "2023-05", "qianjiang-2023-05-04", "重庆市正阳工业园区(黔江高新区) (2023-05)"],
    ]
    assert rows(en["Rankings"], 1, 1)[0] == ["Indicator ID", "Indicator", "Unit", "Rank", "Park ID", "Park", "Value", "Qualifier", "Period", "Source", "Chart label (park and period)"]


def test_sources_list_links_and_quotes(zh):
    sheet = zh["来源"]
    table = rows(sheet)
    assert table[0] == ["代码", "标题", "发布者", "发布日期", "链接", "文档", "数据条数"]
    assert [row[0] for row in table[1:6]] == ["changde-2023-01-05", "jinzhong-2023-02-27", "tianfu-2023-02-08", "ganjiang-2025-12-03", "qianjiang-2023-05-04"]
    assert [row[6] for row in table[1:6]] == [9, 22, 4, 20, 11]
    assert table[7][0] == "原文摘录（每条数据一行）"
    assert table[8] == ["来源", "园区", "指标", "期间", "原文数值", "原文", None]
    assert table[9][:6] == ["changde-2023-01-05", "changde", "above_scale_enterprises", "2023-01", "35家", "常德经开区区医药化工产链现有规上企业35家"]
    assert len(table) == 9 + 66


def test_source_url_is_a_hyperlink(zh):
    sheet = zh["来源"]
    links = {cell.coordinate: cell.hyperlink.target for row in sheet.iter_rows() for cell in row if cell.hyperlink}
    assert links == {"E3": "http://sh-daijia.com/index.php/post/17328.html"}
    assert sheet["E3"].value == "http://sh-daijia.com/index.php/post/17328.html"


def test_indicators_sheet(en):
    table = rows(en["Indicators"])
    assert table[0] == ["ID", "Chinese name", "English name", "Unit", "Measure", "Direction", "Definition", "Parks"]
    assert table[1] == ["gdp", "地区生产总值", "GDP", "100M CNY", "flow", "higher is better", "Value added of all resident units in the zone over the period.", 1]
    assert len(table) == 1 + vocabulary_size(FIVE_PARKS / "indicators.csv")


def test_about_sheet_names_the_data_and_the_command(en):
    from parkmetrics import __version__

    facts = {row[0]: row[1] for row in rows(en["About"]) if row[0]}
    digest = hashlib.sha256()
    for name in ("parks.csv", "indicators.csv", "sources.csv", "observations.csv"):
        digest.update((FIVE_PARKS / name).read_bytes())
    assert facts["Dataset"] == str(FIVE_PARKS)
    assert facts["Dataset SHA-256"] == digest.hexdigest()
    assert facts["parkmetrics version"] == __version__
    assert facts["Command line"].startswith("parkmetrics report -o ") and facts["Command line"].endswith(f" --lang en --data {FIVE_PARKS}")
    parks, sources, figures = (len((FIVE_PARKS / name).read_text(encoding="utf-8").splitlines()) - 1 for name in ("parks.csv", "sources.csv", "observations.csv"))
    counts = (parks, vocabulary_size(FIVE_PARKS / "indicators.csv"), sources, figures)
    assert (facts["Parks"], facts["Indicators"], facts["Sources"], facts["Figures"]) == counts
    assert facts["How to read this workbook"] is None  # a heading
    texts = [row[1] for row in rows(en["About"]) if row[1]]
    assert "† tianfu area: covers 幸福科技园 only, not the whole park" in texts
    assert "high_tech_enterprises: the ranked figures mix periods (jinzhong 2023-02, qianjiang 2023-05); use --period to rank one period" in texts


# Formatting ----------------------------------------------------------------


def test_number_formats_follow_the_unit(zh):
    data = zh["数据"]
    by_unit = {}
    for row in data.iter_rows(min_row=2):
        by_unit.setdefault(row[7].value, set()).add(row[6].number_format)
    assert by_unit == {
        "亿元": {"#,##0.00"},
        "万元/亩": {"#,##0.00"},
        "平方公里": {"#,##0.00"},
        "%": {"#,##0.00"},
        "家": {"#,##0"},
        "个": {"#,##0"},
        "人": {"#,##0"},
        "件": {"#,##0"},
        "项": {"#,##0"},
        "条": {"#,##0"},
        "次": {"#,##0"},
        "场": {"#,##0"},
    }
    assert formats(zh["概览"], 3) == {"H": "General", "I": "#,##0.00", "M": "#,##0.00", "O": "#,##0"}


def test_number_format_never_shows_a_figure_rounded():
    from parkmetrics.output.workbook.writer import ALL_NUMBER_FORMATS, number_format

    assert number_format(143, "亿元") == "#,##0.00"
    assert number_format(0.25, "亿元") == "#,##0.00"
    assert number_format(1.2345, "亿元") == "#,##0.00##"
    assert number_format(170, "家") == "#,##0"
    assert number_format(2.5, "万人") == "#,##0.00"
    assert number_format(2.5, "家") == "#,##0.#"
    assert number_format(0.123456789012, "家") == "#,##0.############"
    assert number_format(0.123456789012, "家") in ALL_NUMBER_FORMATS


def test_headers_are_styled_and_panes_frozen(zh):
    assert {sheet.title: sheet.freeze_panes for sheet in zh.worksheets} == {
        "概览": "C2",
        "对比": "E2",
        "排名": "A2",
        "数据": "A2",
        "来源": "A2",
        "指标": "B2",
        "覆盖": "C2",
        "说明": None,
    }
    header = zh["概览"]["A1"]
    assert header.font.bold and header.fill.fgColor.rgb == "00305496" and header.alignment.wrap_text


def test_column_widths_count_chinese_characters_twice(zh):
    from parkmetrics.output.workbook.writer import display_width

    assert display_width("园区ab") == 6 and display_width("abc") == 3 and display_width("ｘ１") == 4
    widths = zh["概览"].column_dimensions
    # The widest name, 重庆市正阳工业园区(黔江高新区): 14 wide characters, 2 narrow ones, 2 of padding.
    assert widths["B"].width == 2 * 14 + 2 + 2
    assert widths["C"].width == 50 + 2  # long English names are capped


def test_data_sheet_is_an_excel_table(zh):
    table = zh["数据"].tables["Observations"]
    assert table.ref == table.autoFilter.ref == "A1:K67"
    assert [column.name for column in table.tableColumns] == TEXT_COLUMNS[:6] + ["value"] + TEXT_COLUMNS[6:]


def scales(sheet):
    return {str(rules.sqref): [color.rgb for color in rules.rules[0].colorScale.color] for rules in sheet.conditional_formatting}


def test_colour_scales_follow_the_indicator_direction(zh):
    red, yellow, green = "00F8696B", "00FFEB84", "0063BE7B"
    assert scales(zh["排名"]) == {"G2:G3": [red, yellow, green]}
    # Compare: one scale per row where two or more parks have a figure, across the parks' columns.
    assert scales(zh["对比"])["E20:N20"] == [red, yellow, green]
    assert len(scales(zh["对比"])) == 5
    assert scales(zh["概览"])["O2:O6"] == [red, yellow, green]


def test_lower_is_better_reverses_the_scale_and_neutral_has_one_hue(tmp_path):
    from parkmetrics.data.loading import load
    from parkmetrics.output.workbook import write_workbook

    directory = copy_dataset(FIVE_PARKS, tmp_path / "data")
    indicators = (directory / "indicators.csv").read_text(encoding="utf-8")
    indicators = indicators.replace("高新技术企业,High-tech enterprises,家,stock,higher", "高新技术企业,High-tech enterprises,家,stock,lower")
    indicators = indicators.replace("党员,Party members,人,stock,higher", "党员,Party members,人,stock,neutral")
    (directory / "indicators.csv").write_text(indicators, encoding="utf-8")
    buffer = io.BytesIO()
    write_workbook(load([str(directory)], use_cache=False), buffer)
    book = load_workbook(buffer)
    assert scales(book["排名"]) == {"G2:G3": ["0063BE7B", "00FFEB84", "00F8696B"]}  # green for the lowest
    assert scales(book["对比"])["E34:N34"] == ["00FFFFFF", "005B9BD5"]  # party_members: neutral, one hue
    assert rows(book["排名"], 2, 3) == [
        ["high_tech_enterprises", "高新技术企业", "家", 1, "qianjiang", "重庆市正阳工业园区(黔江高新区)", 50, None, "2023-05", "qianjiang-2023-05-04", "重庆市正阳工业园区(黔江高新区) (2023-05)"],
        ["high_tech_enterprises", "高新技术企业", "家", 2, "jinzhong", "山西转型综改示范区晋中开发区", 170, None, "2023-02", "jinzhong-2023-02-27", "山西转型综改示范区晋中开发区 (2023-02)"],
    ]


def test_one_bar_chart_per_shared_headline_indicator(zh):
    charts = zh["概览"]._charts
    assert len(charts) == 1  # high_tech_enterprises is the only headline indicator two parks have
    chart = charts[0]
    assert chart.type == "bar"
    series = chart.series[0]
    assert series.val.numRef.f == "'排名'!$G$2:$G$3"
    assert series.cat.strRef.f == "'排名'!$K$2:$K$3"  # the chart label: park and period
    assert sum(len(sheet._charts) for sheet in zh.worksheets) == 1


def test_no_chart_when_no_headline_indicator_is_shared(run, tmp_path):
    target = tmp_path / "two.xlsx"
    assert run("report", "-o", str(target), "--parks", "changde,tianfu").exit_code == 0
    book = load_workbook(target)
    assert book["概览"]._charts == []
    assert [row[0] for row in rows(book["概览"], 2)] == ["changde", "tianfu"]
    assert [row[0] for row in rows(book["来源"], 2, 3)] == ["changde-2023-01-05", "tianfu-2023-02-08"]
    assert rows(book["排名"]) == [["指标代码", "指标", "单位", "排名", "园区代码", "园区", "数值", "限定", "期间", "来源", "图表标签（园区与期间）"]]
    facts = {row[0]: row[1] for row in rows(book["说明"]) if row[0]}
    assert (facts["园区"], facts["来源"], facts["数据条数"]) == (2, 2, 13)


# The Data sheet is the data contract ---------------------------------------


def data_csv(run, *args):
    from pandas import read_csv

    text = run("data", "--format", "csv", *args).stdout_bytes.decode("utf-8")  # .stdout turns CR LF into LF
    return read_csv(io.StringIO(text), dtype={column: str for column in TEXT_COLUMNS}, keep_default_na=False)


def data_sheet(path_or_buffer, sheet):
    from pandas import read_excel

    frame = read_excel(path_or_buffer, sheet_name=sheet, dtype={column: str for column in TEXT_COLUMNS}, keep_default_na=False, engine="openpyxl")
    return frame


def test_data_sheet_round_trips_with_the_data_command(run, workbooks):
    from pandas.testing import assert_frame_equal

    expected = data_csv(run)
    assert len(expected) == 66
    assert_frame_equal(data_sheet(workbooks["zh"], "数据"), expected, check_dtype=False)
    assert_frame_equal(data_sheet(workbooks["en"], "Data"), expected, check_dtype=False)


# Hostile data --------------------------------------------------------------

HOSTILE_NAME = '=HYPERLINK("http://attacker.example","点我")'


def hostile_dataset(directory):
    """The bundled data plus a park whose every text begins like a formula, written for this test."""
    directory = copy_dataset(FIVE_PARKS, directory)

    def add(name, row):
        with open(directory / name, "a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(row)

    add("parks.csv", ["evil", HOSTILE_NAME, "+SUM(1,2)", "", "@cmd", "", "-1+2", "\tTab city"])
    add("sources.csv", ["evil-src", "=1+1", "#N/A", "2024-01-01", "javascript:alert(1)", ""])
    add("observations.csv", ["evil", "high_tech_enterprises", "2023-05", "park", "actual", "exact", "12家", "12", "家", "evil-src", "=HYPERLINK(1)12家", ""])
    add("observations.csv", ["evil", "gdp", "2022", "-局部", "actual", "exact", "5亿元", "5", "亿元", "evil-src", "\r\n@5亿元", ""])
    return directory


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    tmp_path = tmp_path_factory.mktemp("hostile")
    directory = hostile_dataset(tmp_path / "hostile")
    target = tmp_path / "hostile.xlsx"
    result = CliRunner().invoke(main, ["report", "-o", str(target), "--data", str(directory)], catch_exceptions=False)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (0, f"已写入 {target}")
    return directory, target


def test_hostile_text_is_stored_as_text_never_as_a_formula(hostile):
    _, target = hostile
    book = load_workbook(target)
    formula_like = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@", "\t", "\r", "#"):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    if cell.value[:1] != "#" or cell.value == "#N/A":
                        assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    formula_like.append((sheet.title, cell.coordinate, cell.value))
    assert ("概览", "B7", HOSTILE_NAME) in formula_like
    assert ("概览", "C7", "+SUM(1,2)") in formula_like
    assert ("概览", "D7", "@cmd") in formula_like
    assert ("概览", "F7", "-1+2") in formula_like
    assert ("概览", "G7", "\tTab city") in formula_like
    assert ("对比", "O1", HOSTILE_NAME) in formula_like  # a park name as a column header
    assert ("来源", "B7", "=1+1") in formula_like
    assert ("来源", "C7", "#N/A") in formula_like
    with zipfile.ZipFile(target) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 8
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_hostile_url_is_not_a_link_and_hostile_scope_is_marked(hostile):
    _, target = hostile
    book = load_workbook(target)
    sources = book["来源"]
    assert sources["E7"].value == "javascript:alert(1)" and sources["E7"].hyperlink is None
    gdp = next(row for row in rows(book["对比"], 2) if row[0] == "gdp")
    assert gdp[14:16] == [5, "2022 · †-局部"]


def test_hostile_data_round_trips_exactly(run, hostile):
    from pandas.testing import assert_frame_equal

    directory, target = hostile
    expected = data_csv(run, "--data", str(directory))
    assert expected["quote"].iloc[-1] == "\r\n@5亿元"
    assert_frame_equal(data_sheet(target, "数据"), expected, check_dtype=False)


def test_control_characters_excel_cannot_store_are_replaced_and_counted(tmp_path):
    """A dataset refuses control characters (docs/dataset.md#text); a Dataset built in Python may still hold one."""
    from parkmetrics.data.loading import load
    from parkmetrics.output.workbook import write_workbook

    dataset = load([FIVE_PARKS])
    dataset.observations.loc[0, "quote"] = "\r\n@5亿元\x07"  # in the Data sheet and among the Sources' quotes
    target = tmp_path / "bell.xlsx"
    assert write_workbook(dataset, target, lang="en").warnings == ["2 text cell(s) held control characters that Excel cannot store; each such character was replaced by \ufffd"]
    sheet = data_sheet(target, "Data")
    assert sheet.loc[0, "quote"] == "\r\n@5亿元\ufffd"


# Files, stdout, errors -----------------------------------------------------


def test_existing_file_is_refused_without_force(run, tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"an analyst's own workbook")
    result = run("report", "-o", str(target), "--lang", "en")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {target} already exists; pass --force to overwrite it\n")
    assert target.read_bytes() == b"an analyst's own workbook"
    assert run("report", "-o", str(target), "--force").exit_code == 0
    assert load_workbook(target).sheetnames == SHEETS_ZH


@pytest.mark.usefixtures("english")
def test_a_failed_write_leaves_the_old_file_untouched(run, tmp_path, monkeypatch):
    from parkmetrics.output import xlsxstream

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"yesterday's report")

    def broken(self):
        yield b"<row>"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxstream.StreamedRows, "chunks", broken)
    result = run("report", "-o", str(target), "--force")
    assert (result.exit_code, result.stderr) == (2, f"error: cannot write {target}: No space left on device; the existing file is unchanged; free some space or choose a writable place\n")
    assert target.read_bytes() == b"yesterday's report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.xlsx"]


def test_workbook_to_stdout(run):
    result = run("report", "-o", "-", "--parks", "changde")
    assert result.exit_code == 0
    assert result.stderr == "已写入 标准输出\n  概览：1 个园区\n  对比：8 行\n  排名：0 个指标\n  数据：9 个数字\n  来源：1 个来源\n  指标：109 个指标\n  覆盖：1 个园区\n"
    book = load_workbook(io.BytesIO(result.stdout_bytes))
    assert [row[0] for row in rows(book["概览"], 2)] == ["changde"]
    assert len(rows(book["数据"])) == 1 + 9


@pytest.mark.usefixtures("english")
def test_unknown_park_is_a_one_line_error(run, tmp_path):
    result = run("report", "-o", str(tmp_path / "x.xlsx"), "--parks", "changde,nowhere")
    assert (result.exit_code, result.stderr) == (2, "error: unknown park 'nowhere'; run `parkmetrics parks` to see them all\n")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.usefixtures("english")
def test_output_is_required(run):
    result = run("report")
    assert (result.exit_code, result.stderr) == (2, "error: missing option '--output' / '-o'; see `parkmetrics report --help`\n")


def test_progress_reaches_the_total():
    from parkmetrics.data.loading import load
    from parkmetrics.output.workbook import write_workbook

    calls = []
    write_workbook(load([FIVE_PARKS]), io.BytesIO(), progress=lambda done, total: calls.append((done, total)))
    parks, sources, figures = (len((FIVE_PARKS / name).read_text(encoding="utf-8").splitlines()) - 1 for name in ("parks.csv", "sources.csv", "observations.csv"))
    indicators = vocabulary_size(FIVE_PARKS / "indicators.csv")
    compare_rows, ranking_rows = 56, 2
    total = 2 * parks + compare_rows + ranking_rows + figures + sources + figures + indicators  # Overview and Coverage
    assert calls == [(total, total)]


def test_a_report_too_large_for_excel_is_refused_before_writing():
    from parkmetrics.core.errors import OutputError
    from parkmetrics.output.workbook.report import _check_fits

    _check_fits(8190, 1_000_000, 10)
    with pytest.raises(OutputError, match=r"^the Compare sheet has room for 8,190 parks and this report has 8,191; choose parks with --parks$"):
        _check_fits(8191, 10, 10)
    with pytest.raises(OutputError, match=r"^1,048,570 figures do not fit in one Excel sheet"):
        _check_fits(10, 1_048_570, 10)


# LibreOffice ---------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; apt-get install libreoffice-calc")
def test_libreoffice_opens_the_workbook_and_keeps_hostile_text(hostile, tmp_path):
    _, target = hostile
    out = tmp_path / "converted"
    # Export every sheet as CSV: LibreOffice must read the whole workbook to do it.
    result = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    produced = sorted(path.name for path in out.iterdir())
    assert produced == sorted(f"hostile-{name}.csv" for name in SHEETS_ZH)
    overview = list(csv.reader(io.StringIO((out / "hostile-概览.csv").read_text(encoding="utf-8"))))
    assert overview[6][:4] == ["evil", HOSTILE_NAME, "+SUM(1,2)", "@cmd"]  # shown as written, not evaluated
    data = list(csv.reader(io.StringIO((out / "hostile-数据.csv").read_text(encoding="utf-8"))))
    assert data[10][:8] == ["jinzhong", "gdp", "2022", "park", "actual", "exact", "143", "亿元"]


def test_streamed_cells_carry_a_reference_only_after_a_gap():
    from parkmetrics.output.xlsxstream import Alterations, StreamedRows

    rows = [["a", "b", None], ["a", None, "c"], [None, "b"]]
    stream = StreamedRows(2, rows, number_style=lambda value, unit: 0, quote_style=1, alterations=Alterations())
    text = b"".join(stream.chunks()).decode("utf-8")
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    assert text == (
        f'<row r="2">{cell.format("a")}{cell.format("b")}</row>'
        f'<row r="3"><c r="A3" t="inlineStr"><is><t>a</t></is></c><c r="C3" t="inlineStr"><is><t>c</t></is></c></row>'
        f'<row r="4"><c r="B4" t="inlineStr"><is><t>b</t></is></c></row>'
    )


# What the command says, what it refuses, how the workbook prints ------------


def test_report_names_the_file_and_what_each_sheet_holds_on_stderr(run, tmp_path):
    target = tmp_path / "report.xlsx"
    result = run("report", "-o", str(target), "--lang", "en")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"wrote {target}\n  Overview: 5 parks\n  Compare: 56 rows\n  Rankings: 1 indicators\n  Data: 66 figures\n  Sources: 5 sources\n  Indicators: 109 indicators\n  Coverage: 5 parks\n"
    )


@pytest.mark.parametrize("name", ["x.csv", "x.xls", "report"])
@pytest.mark.usefixtures("english")
def test_report_refuses_a_file_name_that_is_not_xlsx(run, tmp_path, name):
    target = tmp_path / name
    result = run("report", "-o", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"error: -o {target}: a report is an Excel workbook; name the file .xlsx (for CSV, use `parkmetrics data --format csv`)\n")
    assert list(tmp_path.iterdir()) == []
    assert run("report", "-o", str(tmp_path / "X.XLSX")).exit_code == 0


def test_report_help_describes_every_sheet_without_pointing_to_the_docs(run):
    text = run("report", "--help").stdout
    assert "docs/" not in text and ".md" not in text
    for sheet in ("Overview", "Compare", "Rankings", "Data", "Sources", "Indicators", "About"):
        assert f"\n    {sheet} " in text, sheet


def test_chart_axes_use_the_indicators_number_format(tmp_path, run):
    from parkmetrics.output.workbook.overview import axis_number_format

    target = tmp_path / "report.xlsx"
    assert run("report", "-o", str(target), "--data", "bundled").exit_code == 0
    with zipfile.ZipFile(target) as archive:
        charts = sorted(name for name in archive.namelist() if name.startswith("xl/charts/chart"))
        formats = [archive.read(name).decode("utf-8").split('formatCode="')[1].split('"')[0] for name in charts]
    assert formats and set(formats) <= {"#,##0", "#,##0.0#"}  # GDP and output in 亿元, enterprises: never '0.00, 500.00'
    assert (axis_number_format("亿元", 3686), axis_number_format("%", 5.9), axis_number_format("家", 3)) == ("#,##0", "#,##0.0#", "#,##0")


def test_every_sheet_is_set_up_for_printing(zh):
    setups = {
        sheet.title: (
            sheet.page_setup.paperSize,
            sheet.page_setup.orientation,
            sheet.page_setup.fitToWidth,
            sheet.page_setup.fitToHeight,
            sheet.sheet_properties.pageSetUpPr.fitToPage,
            sheet.print_title_rows,
            sheet.print_area,
        )
        for sheet in zh
    }
    # A4 (paper size 9), one page wide, header row on every page; each print area ends at the sheet's last row,
    # the Overview's below its charts.
    assert setups == {
        "概览": (9, "landscape", 1, 0, True, "$1:$1", "'概览'!$A$1:$P$22"),
        "对比": (9, "landscape", 1, 0, True, "$1:$1", "'对比'!$A$1:$N$57"),
        "排名": (9, "landscape", 1, 0, True, "$1:$1", "'排名'!$A$1:$K$3"),
        "数据": (9, "landscape", 1, 0, True, "$1:$1", "'数据'!$A$1:$K$67"),
        "来源": (9, "landscape", 1, 0, True, "$1:$1", "'来源'!$A$1:$G$75"),
        "指标": (9, "landscape", 1, 0, True, "$1:$1", "'指标'!$A$1:$H$110"),
        "覆盖": (9, "landscape", 1, 0, True, "$1:$1", "'覆盖'!$A$1:$BH$6"),
        "说明": (9, "landscape", 1, 0, True, None, "'说明'!$A$1:$B$49"),
    }
    from openpyxl import Workbook

    from parkmetrics.output.workbook.writer import PORTRAIT_WIDTH, _print_setup

    narrow = Workbook(write_only=True).create_sheet("narrow")
    _print_setup(narrow, [30, 40, PORTRAIT_WIDTH - 70], repeat_header=True)
    assert narrow.page_setup.orientation == "portrait"


PAGES = 12  # the five-park report as LibreOffice prints it: 56 pages before the sheets were set up for printing


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; apt-get install libreoffice-calc")
def test_the_report_prints_on_a_few_a4_pages(run, tmp_path):
    target = tmp_path / "report.xlsx"
    assert run("report", "-o", str(target)).exit_code == 0  # the five-park fixture
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)], capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    pages = re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "report.pdf").read_bytes())
    assert len(pages) == PAGES


def test_the_about_sheet_leaves_out_the_terminal_legend(zh, en):
    """The workbook writes qualifiers out in words, so the >, <, ~ legend of terminal tables is not among its notes."""
    for book, about in ((zh, "说明"), (en, "About")):
        texts = [cell for row in book[about].iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
        assert not [text for text in texts if text.startswith(("marks: >N", "标记：>N"))]
