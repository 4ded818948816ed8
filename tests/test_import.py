"""import: each fixture file, what it adds, what it finds identical, in conflict or rejected."""

from __future__ import annotations

import json

import pytest
from helpers import EIGHT_PARKS, FIXTURES, REPO, import_report

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

IMPORTS = FIXTURES / "import"
SIPAC = "https://www.sipac.gov.cn/szgyyq/yqjjfz/common_tt.shtml"
HNHS = "http://hnhs.gov.cn/23247/23271/23400/23597/content_1611628.html"
AHNEWS = "https://szb.ahnews.com.cn/ahrb/content/202301/19/c956091.html"
# The bundled record of 苏州工业园区, which an import into a dataset of one's own copies whole.
BUNDLED_SUZHOU = next(line for line in (REPO / "datasets" / "parks.csv").read_text(encoding="utf-8").splitlines() if line.startswith("suzhou,"))


@pytest.fixture
def empty(tmp_path, run):
    """A dataset made by `parkmetrics init`: no parks, sources or figures."""
    directory = tmp_path / "mine"
    assert run("init", str(directory)).exit_code == 0
    return directory


@pytest.fixture
def parks_only(empty):
    """An empty dataset that knows the bundled parks (and their aliases)."""
    (empty / "parks.csv").write_bytes((EIGHT_PARKS / "parks.csv").read_bytes())
    return empty


def data_lines(directory, name="observations.csv"):
    return (directory / name).read_text(encoding="utf-8").splitlines()[1:]


def do_import(run, fixture, directory, *options):
    return run("import", str(IMPORTS / fixture), "--into", str(directory), *options)


def test_gbk_csv_is_detected_and_bare_numbers_take_the_unit_column(run, empty):
    result = do_import(run, "gbk.csv", empty)
    assert (result.exit_code, result.stdout.splitlines()) == (
        0,
        [
            "park from bundled/parks.csv: suzhou 苏州工业园区 (copied with its details)",
            f"new source: sipac-gov-cn {SIPAC}",
            f"added 2, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})",
        ],
    )
    assert data_lines(empty) == [
        "suzhou,gdp,2023,park,actual,exact,3686.0亿元,3686,亿元,sipac-gov-cn,\"2023年,园区实现地区生产总值3686.0亿元,同比增长5.9%\",raw composed from the cell '3686.0' and the column's unit 亿元",
        "suzhou,high_tech_enterprises,2023-12,park,actual,approx,近2800家,2800,家,sipac-gov-cn,累计有效期内国家高新技术企业近2800家,"
        "period as written: 截至2023年底; raw composed from the cell '2800' and the column's unit 家",
    ]
    assert data_lines(empty, "parks.csv") == [BUNDLED_SUZHOU]
    assert data_lines(empty, "sources.csv") == [f"sipac-gov-cn,经济概述,,,{SIPAC},,"]
    assert run("validate", str(empty)).exit_code == 0


def test_a_wrong_encoding_names_the_flag(run, empty):
    result = do_import(run, "gbk.csv", empty, "--encoding", "utf-8")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: gbk.csv cannot be decoded as utf-8 (byte 2); pass its real encoding with --encoding, e.g. gb18030 or utf-8\n"
    assert do_import(run, "gbk.csv", empty, "--encoding", "gb18030", "--dry-run").exit_code == 0


def test_utf8_with_bom_and_english_headers(run, empty):
    result = do_import(run, "utf8_bom.csv", empty)
    assert result.stdout.splitlines() == [
        "park from bundled/parks.csv: longling 龙岭产业开发区 (copied with its details)",
        "new source: hnhs-gov-cn hnhs-gov-cn",
        f"added 1, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})",
    ]
    assert data_lines(empty) == ["longling,industrial_output_all,2021,park,actual,exact,738.7亿元,738.7,亿元,hnhs-gov-cn,2021年完成规模工业总产值738.7亿元,"]


def test_xlsx_title_row_and_blank_rows_are_skipped_and_said(run, empty):
    result = do_import(run, "title_row.xlsx", empty)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "park from bundled/parks.csv: longling 龙岭产业开发区 (copied with its details)",
        "park from bundled/parks.csv: suzhou 苏州工业园区 (copied with its details)",
        f"new source: hnhs-gov-cn {HNHS}",
        f"new source: sipac-gov-cn {SIPAC}",
        f"added 4, identical 0, conflicts 0, rejected 0 (wide layout; written to {empty})",
    ]
    assert result.stderr.splitlines() == [
        "note: title_row.xlsx:1: above the header, taken as a title: 龙岭产业开发区主要经济指标",
        "note: 2 blank row(s) skipped",
    ]
    composed = "raw composed from the cell '{}' and the column's unit 亿元"
    assert data_lines(empty) == [
        f"longling,industrial_output,2021,park,actual,exact,738.7亿元,738.7,亿元,hnhs-gov-cn,,{composed.format('738.7')}",
        f"longling,fiscal_total_revenue,2021,park,actual,exact,17.33亿元,17.33,亿元,hnhs-gov-cn,,{composed.format('17.33')}",
        "longling,enterprises_tax_over_100m,2021,park,actual,exact,3家,3,家,hnhs-gov-cn,,",
        f"suzhou,industrial_output,2023,park,actual,exact,6509.4亿元,6509.4,亿元,sipac-gov-cn,,{composed.format('6509.4')}",
    ]


def test_wide_sheet_with_units_in_headers_and_a_percent_formatted_cell(run, empty):
    result = do_import(run, "wide_units_in_header.xlsx", empty, "--park", "苏州工业园区", "--source-url", SIPAC)
    assert result.stdout.splitlines()[-1] == f"added 5, identical 0, conflicts 0, rejected 0 (wide layout; written to {empty})"
    assert data_lines(empty) == [
        "suzhou,gdp,2023,park,actual,exact,3686亿元,3686,亿元,sipac-gov-cn,,raw composed from the cell '3686' and the column's unit 亿元",
        "suzhou,gdp_growth,2023,park,actual,exact,5.9%,5.9,%,sipac-gov-cn,,raw composed from the cell '5.9' and the column's unit %",
        # 0.001 formatted as 0.0% is what Excel shows: 0.1%
        "suzhou,industrial_output_growth,2023,park,actual,exact,0.1%,0.1,%,sipac-gov-cn,,",
        "suzhou,high_tech_enterprises,2023-12,park,actual,approx,近2800家,2800,家,sipac-gov-cn,,period as written: 2023; a stock is counted at the end of its span",
        "suzhou,fdi_actual,2023,park,actual,exact,19.5亿美元,19.5,亿美元,sipac-gov-cn,,raw composed from the cell '19.5' and the column's unit 亿美元",
    ]
    assert data_lines(empty, "sources.csv") == [f"sipac-gov-cn,{SIPAC},,,{SIPAC},,"]


def test_traditional_characters_map_to_known_parks_and_indicators(run, parks_only):
    result = do_import(run, "traditional.csv", parks_only)
    assert result.stdout.splitlines() == [
        f"new source: szb-ahnews-com-cn {AHNEWS}",
        f"new source: hnhs-gov-cn {HNHS}",
        f"added 2, identical 0, conflicts 0, rejected 0 (long layout; written to {parks_only})",
    ]
    assert data_lines(parks_only) == [
        "changfeng,signed_projects,2022,park,actual,exact,60個,60,个,szb-ahnews-com-cn,該經開區新簽約項目60個,period as written: 2022年",
        "longling,patents,2022-07,park,actual,at_least,700餘項,700,项,hnhs-gov-cn,入園企業擁有專利技術達700餘項,period as written: 截至2022年7月",
    ]


def test_a_big5_file_is_read_as_big5_with_a_note(run, parks_only, tmp_path):
    big5 = tmp_path / "big5.csv"
    big5.write_bytes((IMPORTS / "traditional.csv").read_text(encoding="utf-8").encode("big5"))
    expected = do_import(run, "traditional.csv", parks_only, "--dry-run")
    result = run("import", str(big5), "--into", str(parks_only), "--dry-run")
    assert (result.exit_code, result.stdout) == (0, expected.stdout)
    assert "note: big5.csv looks like Big5 (traditional Chinese) and was read as Big5; pass --encoding if that is wrong" in result.stderr.splitlines()


def test_fullwidth_digits_are_read_and_kept_as_written(run, empty):
    result = do_import(run, "fullwidth.csv", empty)
    assert result.stdout.splitlines()[-1] == f"added 3, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})"
    assert data_lines(empty) == [
        "suzhou,gdp,2023,park,actual,exact,３６８６．０亿元,3686,亿元,source,,period as written: ２０２３",
        "suzhou,foreign_trade,2023,park,actual,exact,６，０６９．７亿元,6069.7,亿元,source,,period as written: ２０２３年",
        "suzhou,gdp_growth,2023,park,actual,exact,＋５．９％,5.9,%,source,,",
    ]
    assert data_lines(empty, "sources.csv") == ["source,经济概述,,,,,"]


def test_conflicts_are_listed_and_not_written(run, dataset_copy):
    before = (dataset_copy / "observations.csv").read_text(encoding="utf-8")
    result = do_import(run, "conflict.csv", dataset_copy)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"conflict: conflict.csv:3:raw: jinzhong high_tech_enterprises 2023-02 (park, actual) is 50家 here but {dataset_copy}/observations.csv:28 says 170户; "
        "pass --replace to use the imported figure",
        "conflict: conflict.csv:6:raw: suzhou high_tech_output_share 2023 (苏相合作区, actual) is 73.9% here but conflict.csv:5:raw (earlier in this file) says 63.9%; "
        "pass --replace to use the imported figure",
        f"added 2, identical 1, conflicts 2, rejected 0 (long layout; written to {dataset_copy})",
    ]
    after = (dataset_copy / "observations.csv").read_text(encoding="utf-8")
    assert after == before + (
        "suzhou,industrial_output,2023,苏相合作区,actual,exact,458.4亿元,458.4,亿元,sipac-gov-cn,苏相合作区规模以上工业总产值达458.4亿元,\n"
        "suzhou,high_tech_output_share,2023,苏相合作区,actual,exact,63.9%,63.9,%,sipac-gov-cn,苏相合作区高新技术产值占规上工业总产值比重63.9%,\n"
    )


def test_replace_rewrites_the_row_in_place(run, dataset_copy):
    before = (dataset_copy / "observations.csv").read_text(encoding="utf-8").splitlines()
    result = do_import(run, "conflict.csv", dataset_copy, "--replace")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"added 2, identical 1, conflicts 2 (2 replaced), rejected 0 (long layout; written to {dataset_copy})"
    after = (dataset_copy / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert after[27] == "jinzhong,high_tech_enterprises,2023-02,park,actual,exact,50家,50,家,qianjiang-2023-05-04,,"
    assert after[:27] == before[:27] and after[28 : len(before)] == before[28:]
    assert after[len(before) :] == [
        "suzhou,industrial_output,2023,苏相合作区,actual,exact,458.4亿元,458.4,亿元,sipac-gov-cn,苏相合作区规模以上工业总产值达458.4亿元,",
        "suzhou,high_tech_output_share,2023,苏相合作区,actual,exact,73.9%,73.9,%,sipac-gov-cn,,",
    ]


def test_unknown_indicator_column_is_listed_and_counted(run, empty):
    result = do_import(run, "unknown_indicator_column.csv", empty, "--source-title", "园区指标汇总")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "park from bundled/parks.csv: suzhou 苏州工业园区 (copied with its details)",
        "new source: source 园区指标汇总",
        "unmapped column: unknown_indicator_column.csv:1:神秘指标: no indicator named '神秘指标'; "
        "map it with --map '神秘指标=INDICATOR_ID' or add it to the aliases in indicators.csv; 2 figure(s) not imported",
        f"added 1, identical 0, conflicts 0, rejected 2 (wide layout; written to {empty})",
    ]
    # longling had no figure that could be imported, so it was not added as a park
    assert data_lines(empty, "parks.csv") == [BUNDLED_SUZHOU]
    assert data_lines(empty) == [
        "suzhou,gdp,2023,park,actual,exact,3686.0亿元,3686,亿元,source,,raw composed from the cell '3686.0' and the column's unit 亿元",
    ]


def test_map_gives_a_column_its_indicator_for_one_run(run, empty):
    result = do_import(run, "unknown_indicator_column.csv", empty, "--source-title", "园区指标汇总", "--map", "神秘指标=enterprises", "--dry-run")
    assert import_report(result.stdout)[-3:] == [
        "rejected: unknown_indicator_column.csv:2:神秘指标: '12' has no unit; add one, e.g. 亿元, 家 or %",
        "rejected: unknown_indicator_column.csv:3:神秘指标: '7' has no unit; add one, e.g. 亿元, 家 or %",
        "added 1, identical 0, conflicts 0, rejected 2 (wide layout; dry run, nothing written)",
    ]
    result = do_import(run, "unknown_indicator_column.csv", empty, "--map", "神秘指标=no_such_indicator")
    assert (result.exit_code, result.stderr) == (2, "error: --map: unknown indicator 'no_such_indicator'; run `parkmetrics indicators` to see them all\n")


def test_every_kind_of_rejection_names_file_row_column_and_reason(run, empty):
    result = do_import(run, "rejected_rows.csv", empty)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "rejected: rejected_rows.csv:2:期间: '截至2022年7月' is a point in time, but industrial_output is a flow and needs the span it covers (e.g. 2023 or 2023-01/2023-06)",
        "rejected: rejected_rows.csv:3:原文数值: '154.3亿' gives only the multiplier 亿, not the unit; put the unit in a unit column or the header (e.g. 亿元)",
        "rejected: rejected_rows.csv:4:期间: '1-11月' is not a period; write one of 2021, 2022-01/2022-11, 2018/2022, 2023-05 or 2025-01-01/2025-12-03, or 2022年1-11月, 截至2023年底",
        "rejected: rejected_rows.csv:5:原文: the quote does not contain the figure '17.33亿元'; quote the text around it verbatim, or write the figure as the quote does",
        "rejected: rejected_rows.csv:6:园区: '合计' marks a total or average row, not a park",
        "rejected: rejected_rows.csv:7:限定: '同口径增长' is not a qualifier; use 超/余/约/近/不足/以上/左右 or a status word (预计, 目标), or move it to the note column",
        "rejected: rejected_rows.csv:8:数值: value 7387 亿元 disagrees with the figure '738.7亿元' (738.7 亿元)",
        "rejected: rejected_rows.csv:9:原文数值: '14.2公斤': unknown unit '公斤'; known units are "
        "km², m², 个, 亩, 人, 件, 位, 元, 公顷, 千瓦时, 名, 名次, 吨, 吨标准煤, 吨标煤, 场, 家, 平方公里, 平方千米, 平方米, 度, 座, 户, 所, 条, 次, 百分比, 米, 美元, 辆, 项"
        " (optionally with 万/亿/万亿 in front and one '/', e.g. 万元/亩)",
        "rejected: rejected_rows.csv:10:来源: no source; fill the source or url column, or pass --source-title (and --source-url, --source-date)",
        "added 0, identical 0, conflicts 0, rejected 9 (long layout; nothing to write)",
    ]
    assert data_lines(empty) == [] and data_lines(empty, "parks.csv") == []


def test_empty_file_is_an_input_error(run, empty):
    result = do_import(run, "empty.csv", empty)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "error: empty.csv is empty: there is no header row and no figure to import\n")


def test_binary_file_named_csv_is_an_input_error(run, empty):
    result = do_import(run, "binary.csv", empty)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: binary.csv is not a text file (it contains binary data); parkmetrics imports CSV, TSV and XLSX files\n"


def test_xlsx_with_entity_declarations_is_refused(run, empty):
    result = do_import(run, "entity_expansion.xlsx", empty, "--sheet", "说明")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: entity_expansion.xlsx declares XML entities, which parkmetrics refuses (they can expand without bound); open it in Excel or WPS and save it again\n",
    )


def test_sheet_by_name_or_number(run, empty):
    for sheet in ("数据", "2"):
        result = do_import(run, "two_sheets.xlsx", empty, "--sheet", sheet, "--source-title", "园区官网", "--dry-run")
        assert result.stdout.splitlines()[-1] == "added 1, identical 0, conflicts 0, rejected 0 (long layout; dry run, nothing written)"
    result = do_import(run, "two_sheets.xlsx", empty, "--sheet", "3")
    assert (result.exit_code, result.stderr) == (2, "error: two_sheets.xlsx has no sheet '3'; its sheets are 说明, 数据 (name one, or give its number from 1)\n")
    result = do_import(run, "two_sheets.xlsx", empty)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot find the header row of two_sheets.xlsx in its first 20 rows (the workbook has other sheets: 数据; choose one with --sheet): ")


def test_tsv(run, empty):
    result = do_import(run, "tab_separated.tsv", empty, "--source-title", "龙岭产业开发区简介")
    assert data_lines(empty) == ["longling,fiscal_total_revenue,2021,park,actual,exact,17.33亿元,17.33,亿元,source,,"]
    assert result.exit_code == 0


def test_bare_percent_is_taken_as_written_unless_percent_as_fraction(run, empty):
    result = do_import(run, "percent_as_written.csv", empty, "--source-title", "园区指标汇总", "--dry-run")
    assert result.stderr == (
        "warning: column 地区生产总值增速(%): every number is between -1 and 1 under a % unit and is read as written "
        "(0.0905 means 0.0905%); if they are fractions (0.0905 for 9.05%), import again with --percent-as-fraction\n"
    )
    do_import(run, "percent_as_written.csv", empty, "--source-title", "园区指标汇总")
    assert data_lines(empty) == ["suzhou,gdp_growth,2023,park,actual,exact,0.059%,0.059,%,source,,raw composed from the cell '0.059' and the column's unit %"]


def test_percent_as_fraction_reads_a_bare_number_as_a_fraction(run, empty):
    result = do_import(run, "percent_as_written.csv", empty, "--source-title", "园区指标汇总", "--percent-as-fraction")
    assert (result.exit_code, result.stderr) == (0, "")
    assert data_lines(empty) == [
        "suzhou,gdp_growth,2023,park,actual,exact,5.9%,5.9,%,source,,"
        "written 0.059 in a % column and read as a fraction (--percent-as-fraction); raw composed from the cell '0.059' and the column's unit %"
    ]


def test_dry_run_writes_nothing(run, empty):
    before = {path.name: path.read_bytes() for path in empty.iterdir()}
    result = do_import(run, "gbk.csv", empty, "--dry-run")
    assert result.stdout.splitlines()[-1] == "added 2, identical 0, conflicts 0, rejected 0 (long layout; dry run, nothing written)"
    assert {path.name: path.read_bytes() for path in empty.iterdir()} == before


def test_importing_twice_finds_everything_identical(run, empty):
    do_import(run, "title_row.xlsx", empty)
    before = {path.name: path.read_bytes() for path in empty.iterdir()}
    result = do_import(run, "title_row.xlsx", empty)
    assert result.stdout.splitlines() == ["added 0, identical 4, conflicts 0, rejected 0 (wide layout; nothing to write)"]
    assert {path.name: path.read_bytes() for path in empty.iterdir()} == before


def test_park_id_option_names_a_new_park(run, empty):
    result = do_import(run, "gbk.csv", empty, "--park-id", "苏州工业园区=sip", "--dry-run")
    assert result.stdout.splitlines()[0] == "new park: sip 苏州工业园区"
    with open(empty / "parks.csv", "a", encoding="utf-8") as handle:
        handle.write("sip,中新苏州工业园区,,,,,,\n")
    result = do_import(run, "gbk.csv", empty, "--park-id", "苏州工业园区=sip", "--dry-run")
    assert import_report(result.stdout) == [
        "rejected: gbk.csv:2:园区: --park-id gives '苏州工业园区' the id sip, which another park has; choose another id",
        "rejected: gbk.csv:3:园区: --park-id gives '苏州工业园区' the id sip, which another park has; choose another id",
        "added 0, identical 0, conflicts 0, rejected 2 (long layout; dry run, nothing written)",
    ]
    result = do_import(run, "gbk.csv", empty, "--park-id", "苏州工业园区=Bad Id")
    assert (result.exit_code, result.stderr) == (2, "error: --park-id: 'Bad Id' is not an id; use lower-case ASCII letters, digits, - and _\n")


@pytest.mark.parametrize(
    "name, slug",
    [
        ("苏州工业园区", "suzhou"),
        ("龙岭产业开发区(益阳)", "longling"),
        ("长丰(双凤)经开区", "changfeng"),
        ("重庆市正阳工业园区", "chongqingshizhengyang"),
        ("长沙经济技术开发区", "changsha"),
        ("Suzhou Industrial Park", "suzhou-industrial-park"),
        ("园区", "yuanqu"),
        ("★", "park"),
    ],
)
def test_new_park_ids_come_from_pinyin(name, slug):
    from parkmetrics.importing.mapping import park_slug

    assert park_slug(name) == slug


def test_source_options_and_their_errors(run, empty):
    result = do_import(run, "tab_separated.tsv", empty, "--source-title", "龙岭简介", "--source-url", HNHS, "--source-date", "2022/7/4")
    assert result.exit_code == 0
    assert data_lines(empty, "sources.csv") == [f"hnhs-gov-cn-2022-07-04,龙岭简介,,2022-07-04,{HNHS},,"]
    result = do_import(run, "tab_separated.tsv", empty, "--source-title", "x", "--source-date", "July 4")
    assert (result.exit_code, result.stderr) == (2, "error: --source-date 'July 4' is not a date; write YYYY-MM-DD\n")
    result = do_import(run, "tab_separated.tsv", empty, "--source-date", "2022-07-04")
    assert (result.exit_code, result.stderr) == (2, "error: --source-date needs --source-title or --source-url to say which source it dates\n")


def test_an_existing_source_with_the_same_url_is_reused(run, dataset_copy):
    result = do_import(run, "tab_separated.tsv", dataset_copy, "--source-url", HNHS, "--dry-run")
    assert import_report(result.stdout) == ["added 0, identical 1, conflicts 0, rejected 0 (long layout; dry run, nothing written)"]


def test_into_must_be_a_dataset_and_the_file_must_exist(run, tmp_path, empty):
    result = run("import", str(IMPORTS / "gbk.csv"), "--into", str(tmp_path / "nowhere"))
    assert (result.exit_code, result.stderr) == (2, f"error: dataset directory '{tmp_path / 'nowhere'}' does not exist; create one with `parkmetrics init {tmp_path / 'nowhere'}`\n")
    result = run("import", str(IMPORTS / "gbk.csv"), "--into", "bundled")
    assert (result.exit_code, result.stderr) == (2, "error: --into bundled: the bundled dataset is read-only; create your own with `parkmetrics init DIR`\n")
    result = run("import", str(IMPORTS / "no_such.csv"), "--into", str(empty))
    assert (result.exit_code, result.stderr) == (2, f"error: {IMPORTS / 'no_such.csv'} does not exist; give the path of a CSV, TSV or XLSX file\n")
    result = run("import", str(IMPORTS), "--into", str(empty))
    assert (result.exit_code, result.stderr) == (2, f"error: {IMPORTS} is a directory; give the path of a CSV, TSV or XLSX file\n")
    result = run("import", str(IMPORTS / "gbk.csv"), "--into", str(IMPORTS / "gbk.csv"))
    assert (result.exit_code, result.stderr) == (2, f"error: --into {IMPORTS / 'gbk.csv'} is a file; name a dataset directory (see `parkmetrics init`)\n")


def test_round_trip_data_csv_imported_into_an_empty_dataset_reproduces_the_observations(run, empty, tmp_path):
    exported = run("data", "--format", "csv", "--data", str(EIGHT_PARKS)).stdout
    export_file = tmp_path / "bundled.csv"
    export_file.write_text(exported, encoding="utf-8")
    result = run("import", str(export_file), "--into", str(empty))
    assert result.stdout.splitlines()[-1] == f"added 106, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})"
    # Unchanged, except that a stock dated by a year alone is stored as of that year's end.
    stocks = {line.split(",")[0] for line in (REPO / "datasets" / "indicators.csv").read_text(encoding="utf-8").splitlines() if ",stock," in line}
    expected = [",".join([*fields[:2], f"{fields[2]}-12", *fields[3:]]) if fields[1] in stocks and len(fields[2]) == 4 else line for line in exported.splitlines() for fields in [line.split(",")]]
    assert run("data", "--data", str(empty), "--format", "csv").stdout.splitlines() == expected
    assert run("validate", str(empty)).exit_code == 0


def test_a_second_import_while_one_holds_the_lock_stops(run, empty):
    from parkmetrics.data.writing import dataset_lock

    before = (empty / "observations.csv").read_bytes()
    with dataset_lock(empty):
        result = do_import(run, "gbk.csv", empty)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: another import is writing {empty} ({empty / '.parkmetrics.lock'} is locked); run this one when it has finished\n"
    assert (empty / "observations.csv").read_bytes() == before
    assert do_import(run, "gbk.csv", empty).exit_code == 0


def test_an_import_that_fails_while_writing_leaves_the_dataset_as_it_was(run, empty, monkeypatch):
    from faults import WriteFault

    (empty / ".parkmetrics.lock").touch()
    before = {path.name: path.read_bytes() for path in empty.iterdir()}
    WriteFault(monkeypatch, empty / "observations.csv", 10)  # the last of parks, sources, observations
    result = do_import(run, "gbk.csv", empty)
    assert (result.exit_code, result.stderr) == (2, f"error: cannot write {empty / 'observations.csv'}: No space left on device; no file was changed; free some space or choose a writable place\n")
    after = {path.name: path.read_bytes() for path in empty.iterdir()}
    assert after == before  # no temporary file is left behind either


def test_figures_the_loader_would_refuse_are_rejected_not_written(empty):
    """The last check runs the loader's own validation on what an import would write."""
    from parkmetrics.data.loading import load
    from parkmetrics.importing.mapping import Context
    from parkmetrics.importing.plan import ImportOptions, ImportPlan, _check_with_validation

    context = Context(load([empty]), ImportOptions())
    row = dict(
        park="suzhou",
        indicator="gdp",
        period="2023",
        scope="park",
        status="actual",
        qualifier="exact",
        raw="3686.0亿元",
        value="3686",
        unit="亿元",
        source="src",
        quote="",
        note="",
        _location="f.csv:2:数值",
    )
    context.new_parks["苏州工业园区"] = {"id": "suzhou", "name_zh": "苏州工业园区"}
    context.new_sources["src"] = {"id": "src", "title": "经济概述"}
    plan = ImportPlan(empty, str(empty), added=[row, row | {"value": "3687", "period": "2022", "_location": "f.csv:3:数值"}])
    _check_with_validation(plan, context)
    assert plan.added == [row]
    assert [str(finding) for finding in plan.rejected] == [
        "rejected: f.csv:3:数值: raw '3686.0亿元' means value 3686, but the row says value 3687, unit 亿元, qualifier exact",
    ]


def test_estimates_from_a_qualifier_column_are_never_ranked(run, empty, tmp_path):
    table = tmp_path / "estimates.csv"
    table.write_text(
        '园区,指标,期间,原文数值,限定,原文\n长丰(双凤)经开区,规上工业产值增幅,2022,9%,预计,"预计全年财政收入增幅14%,规上工业产值增幅9%"\n',
        encoding="utf-8",
    )
    run("import", str(table), "--into", str(empty), "--source-url", AHNEWS, "--park-id", "长丰(双凤)经开区=changfeng")
    assert data_lines(empty) == [
        'changfeng,industrial_output_growth,2022,park,estimate,exact,9%,9,%,szb-ahnews-com-cn,"预计全年财政收入增幅14%,规上工业产值增幅9%",',
    ]
    result = run("rank", "industrial_output_growth", "--data", str(empty), "--lang", "en")
    assert result.stderr.splitlines() == [
        "warning: not ranked: changfeng (estimates are not ranked)",
        "warning: no park has a whole-park actual figure for this indicator",
    ]


def test_layered_compare_of_an_imported_park_against_the_bundled_ones(run, empty):
    do_import(run, "wide_units_in_header.xlsx", empty, "--park", "我的园区", "--park-id", "我的园区=mypark", "--source-title", "园区统计")
    result = run("compare", "mypark", "jinzhong", "--data", str(empty), "--data", "bundled", "--indicators", "gdp,high_tech_enterprises")
    assert result.stdout.splitlines() == [
        "indicator,unit,status,mypark.value,mypark.qualifier,mypark.period,mypark.scope,jinzhong.value,jinzhong.qualifier,jinzhong.period,jinzhong.scope,ratio,comparison",
        "gdp,亿元,actual,3686,exact,2023,park,143,exact,2022,park,25.7762,different periods (2023 vs 2022)",
        "high_tech_enterprises,家,actual,2800,approx,2023-12,park,170,exact,2023-02,park,16.4706,as of 2023-12 vs 2023-02; approximate",
    ]


def test_notes_say_what_was_skipped(run, empty, tmp_path):
    table = tmp_path / "notes.csv"
    table.write_text(
        "园区,指标,期间,数值,来源,来源,联系人\n"
        "龙岭产业开发区,财税收入,2021,17.33亿元,龙岭产业开发区简介,益阳日报,张三\n"
        "龙岭产业开发区,财税收入增速,2021,,龙岭产业开发区简介,,\n"
        "\n"
        "注：数据来自园区官网,,,,,,\n",
        encoding="utf-8",
    )
    result = run("import", str(table), "--into", str(empty))
    assert result.stdout.splitlines()[-1] == f"added 1, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})"
    assert result.stderr.splitlines() == [
        "note: notes.csv:1:来源: a second source column; ignored",
        "note: notes.csv:1:联系人: not a column of a long table; ignored",
        "note: notes.csv: no figure in row(s) 3, 5; skipped",
        "note: 1 blank row(s) skipped",
    ]
    assert data_lines(empty, "sources.csv") == ["source,龙岭产业开发区简介,,,,,"]


def test_wide_cells_marked_as_no_figure_are_counted(run, empty, tmp_path):
    table = tmp_path / "dashes.csv"
    table.write_text("园区,年份,财税收入(亿元),规模工业总产值(亿元)\n龙岭产业开发区,2021,17.33,—\n苏州工业园区,2023,/,-\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(empty), "--source-title", "园区指标汇总")
    assert result.stdout.splitlines()[-1] == f"added 1, identical 0, conflicts 0, rejected 0 (wide layout; written to {empty})"
    assert result.stderr == "note: 3 cell(s) marked as having no figure (- -- — / 无 暂无 不详 n/a na) skipped\n"


def test_large_files_show_a_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys

    from parkmetrics.cli.importing import PROGRESS_THRESHOLD, _progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    records = list(range(PROGRESS_THRESHOLD))
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress(records, "importing") is records
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert _progress(records[:-1], "importing") == records[:-1]
    assert list(_progress(records, "importing")) == records
    assert "importing" in terminal.getvalue()


def test_imported_figures_without_a_quote_show_an_empty_quote(run, empty):
    do_import(run, "title_row.xlsx", empty)
    result = run("show", "longling", "--sources", "--data", str(empty))
    assert result.stdout.splitlines() == [
        "indicator,value,unit,qualifier,period,scope,status,source,quote",
        "industrial_output,738.7,亿元,exact,2021,park,actual,hnhs-gov-cn,",
        "fiscal_total_revenue,17.33,亿元,exact,2021,park,actual,hnhs-gov-cn,",
        "enterprises_tax_over_100m,3,家,exact,2021,park,actual,hnhs-gov-cn,",
    ]
    records = json.loads(run("show", "longling", "--sources", "--data", str(empty), "-f", "json").stdout)
    assert [record["quote"] for record in records] == ["", "", ""]


def test_publisher_and_tier_columns_describe_the_source(run, parks_only, tmp_path):
    table = tmp_path / "curated.csv"
    table.write_text(
        "园区,指标,期间,原文数值,来源标题,链接,发布日期,发布机构,来源等级\n"
        f"苏州工业园区,地区生产总值,2023年,3686.0亿元,经济概述,{SIPAC},2024-01-20,苏州工业园区管委会,official\n"
        f"苏州工业园区,国家高新技术企业,截至2023年底,近2800家,经济概述,{SIPAC},2024-01-20,苏州工业园区管委会,official\n"
        "龙岭产业开发区,规模工业总产值,2021年,738.7亿元,龙岭简介,,,益阳日报,Press\n"
        "龙岭产业开发区,财税收入,2021年,17.33亿元,龙岭简介,,,益阳日报,blog\n",
        encoding="utf-8",
    )
    result = run("import", str(table), "--into", str(parks_only))
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            f"new source: sipac-gov-cn-2024-01-20 {SIPAC}",
            "new source: source 龙岭简介",
            "rejected: curated.csv:5:来源等级: tier 'blog' is not one of official, press, other; leave it empty if unsure",
            f"added 3, identical 0, conflicts 0, rejected 1 (long layout; written to {parks_only})",
        ],
    )
    assert data_lines(parks_only, "sources.csv") == [
        f"sipac-gov-cn-2024-01-20,经济概述,苏州工业园区管委会,2024-01-20,{SIPAC},,official",
        "source,龙岭简介,益阳日报,,,,press",
    ]
    assert run("validate", str(parks_only)).exit_code == 0


def test_a_tier_adds_the_column_to_an_older_sources_file(run, parks_only, tmp_path):
    (parks_only / "sources.csv").write_text('id,title,publisher,published,url,document\nold,"旧的, 来源",,,,\n', encoding="utf-8")
    table = tmp_path / "tiered.csv"
    table.write_text("园区,指标,期间,原文数值,来源,来源等级\n龙岭,规模工业总产值,2021年,738.7亿元,龙岭简介,press\n", encoding="utf-8")
    assert run("import", str(table), "--into", str(parks_only)).exit_code == 0
    assert (parks_only / "sources.csv").read_text(encoding="utf-8") == ('id,title,publisher,published,url,document,tier\nold,"旧的, 来源",,,,,\nsource,龙岭简介,,,,,press\n')
    assert run("validate", str(parks_only)).exit_code == 0


# Indicators down, periods across -------------------------------------------------------------

PERIODS_ACROSS = "晋中开发区2023年1-9月主要经济指标,,,,,,\n序号,指标名称,单位,2022年,2021年,1-9月,上年同期\n1,地区生产总值,亿元,143,120,110.5,98.2\n2,规上工业增加值增速,%,22,10,8.5,7.1\n"


def test_periods_across_take_periods_from_headers_and_the_year_from_the_title(run, parks_only, tmp_path):
    table = tmp_path / "report.csv"
    table.write_text(PERIODS_ACROSS, encoding="utf-8")
    result = run("import", str(table), "--into", str(parks_only), "--park", "晋中开发区", "--source-title", "统计月报", "--dry-run")
    assert (result.exit_code, result.stdout.splitlines()) == (
        0,
        [
            "new source: source 统计月报",
            "columns:",
            "  序号 -> row number; ignored",
            "  指标名称 -> indicator",
            "  单位 -> unit of the row's figures",
            "  2022年 -> period 2022",
            "  2021年 -> period 2021",
            "  1-9月 -> period 2023-01/2023-09",
            "  上年同期 -> period 2022-01/2022-09",
            "first 5 of 8 row(s) as they would be stored:",
            "  park,indicator,period,scope,status,qualifier,raw,value,unit,source,quote,note",
            "  jinzhong,gdp,2022,park,actual,exact,143亿元,143,亿元,source,,raw composed from the cell '143' and the column's unit 亿元",
            "  jinzhong,gdp,2021,park,actual,exact,120亿元,120,亿元,source,,raw composed from the cell '120' and the column's unit 亿元",
            "  jinzhong,gdp,2023-01/2023-09,park,actual,exact,110.5亿元,110.5,亿元,source,,raw composed from the cell '110.5' and the column's unit 亿元",
            "  jinzhong,gdp,2022-01/2022-09,park,actual,exact,98.2亿元,98.2,亿元,source,,raw composed from the cell '98.2' and the column's unit 亿元",
            "  jinzhong,industrial_value_added_growth,2022,park,actual,exact,22%,22,%,source,,raw composed from the cell '22' and the column's unit %",
            "added 8, identical 0, conflicts 0, rejected 0 (periods layout; dry run, nothing written)",
        ],
    )
    assert result.stderr == "note: report.csv:1: above the header, taken as a title: 晋中开发区2023年1-9月主要经济指标\n"
    assert data_lines(parks_only) == []
    assert run("import", str(table), "--into", str(parks_only), "--park", "晋中开发区", "--source-title", "统计月报").exit_code == 0
    assert [line.split(",")[:8] for line in data_lines(parks_only)][4:] == [
        ["jinzhong", "industrial_value_added_growth", "2022", "park", "actual", "exact", "22%", "22"],
        ["jinzhong", "industrial_value_added_growth", "2021", "park", "actual", "exact", "10%", "10"],
        ["jinzhong", "industrial_value_added_growth", "2023-01/2023-09", "park", "actual", "exact", "8.5%", "8.5"],
        ["jinzhong", "industrial_value_added_growth", "2022-01/2022-09", "park", "actual", "exact", "7.1%", "7.1"],
    ]


def test_a_two_row_merged_header_under_a_title_is_read_together(run, parks_only, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["园区主要经济指标"])
    sheet.append(["序号", "指标名称", "单位", "年份", None, "2023年1-9月", None])
    sheet.append([None, None, None, "2023年", "2022年", "本期", "上年同期"])
    sheet.append([1, "地区生产总值", "亿元", 345.6, 300.1, 260.2, 240.3])
    sheet.append([2, "税收", "万元", 12000, 11000, 9000, "-"])
    for merged in ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2"):
        sheet.merge_cells(merged)
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    result = run("import", str(path), "--into", str(parks_only), "--park", "jinzhong", "--source-title", "统计月报")
    assert (result.exit_code, import_report(result.stdout)) == (0, ["new source: source 统计月报", f"added 7, identical 0, conflicts 0, rejected 0 (periods layout; written to {parks_only})"])
    assert result.stderr.splitlines() == [
        "note: merged.xlsx:2-3: a header of 2 rows, read together",
        "note: merged.xlsx:1: above the header, taken as a title: 园区主要经济指标",
        "note: 1 cell(s) marked as having no figure (- -- — / 无 暂无 不详 n/a na) skipped",
    ]
    assert [tuple(line.split(",")[1:3] + line.split(",")[6:9]) for line in data_lines(parks_only)] == [
        ("gdp", "2023", "345.6亿元", "345.6", "亿元"),
        ("gdp", "2022", "300.1亿元", "300.1", "亿元"),
        ("gdp", "2023-01/2023-09", "260.2亿元", "260.2", "亿元"),
        ("gdp", "2022-01/2022-09", "240.3亿元", "240.3", "亿元"),
        ("tax_revenue", "2023", "12000万元", "12000", "万元"),
        ("tax_revenue", "2022", "11000万元", "11000", "万元"),
        ("tax_revenue", "2023-01/2023-09", "9000万元", "9000", "万元"),
    ]
    assert run("validate", str(parks_only)).exit_code == 0


def test_a_part_year_without_a_year_is_rejected_once_per_column(run, parks_only, tmp_path):
    table = tmp_path / "noyear.csv"
    table.write_text("指标名称,单位,1-9月,上年同期,比上年增长(%)\n地区生产总值,亿元,110.5,98.2,12.5\n税收,亿元,9.1,8.8,3.4\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(parks_only), "--park", "jinzhong", "--source-title", "月报")
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            "unmapped column: noyear.csv:1:1-9月: '1-9月' names no year, and neither does the title; write the year into the header (e.g. 2023年1-9月); 2 figure(s) not imported",
            "unmapped column: noyear.csv:1:上年同期: '上年同期' is the year before of a period, but no period stands before it or above it; 2 figure(s) not imported",
            "unmapped column: noyear.csv:1:比上年增长(%): '比上年增长(%)' is not a period; in a sheet with periods across each figure "
            "column names its period (2023年, 2023年1-9月, 上年同期); 2 figure(s) not imported",
            "added 0, identical 0, conflicts 0, rejected 6 (periods layout; nothing to write)",
        ],
    )
    nopark = run("import", str(table), "--into", str(parks_only), "--source-title", "月报")
    assert (nopark.exit_code, nopark.stderr) == (2, "error: noyear.csv has indicators down and periods across but no 园区/park column; name the park of its figures with --park NAME\n")


def test_a_wide_column_without_a_header_is_named_by_its_position(run, parks_only, tmp_path):
    table = tmp_path / "blank.csv"
    table.write_text("园区,地区生产总值(亿元),\n晋中开发区,143,12\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(parks_only), "--period", "2022", "--source-title", "年报")
    assert result.stdout.splitlines()[1] == ("unmapped column: blank.csv:1:column 3: the column has no header; write its indicator in the header row; 1 figure(s) not imported")


def test_a_table_without_a_source_says_so_once(run, parks_only, tmp_path):
    table = tmp_path / "nosource.csv"
    table.write_text(PERIODS_ACROSS, encoding="utf-8")
    result = run("import", str(table), "--into", str(parks_only), "--park", "jinzhong")
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            "rejected: nosource.csv: no figure has a source: the table has no 来源/source, 来源标题/title or 链接/url column; name the "
            "source of all its figures with --source-title TITLE (and --source-url, --source-date); 8 figure(s) not imported",
            "added 0, identical 0, conflicts 0, rejected 8 (periods layout; nothing to write)",
        ],
    )
    with_column = tmp_path / "partly.csv"
    with_column.write_text("园区,指标,期间,原文数值,来源\n晋中,地区生产总值,2022,143亿元,年报\n晋中,地区生产总值,2021,120亿元,\n", encoding="utf-8")
    result = run("import", str(with_column), "--into", str(parks_only), "--dry-run")
    assert import_report(result.stdout)[1:] == [
        "rejected: partly.csv:3:来源: no source; fill the source or url column, or pass --source-title (and --source-url, --source-date)",
        "added 1, identical 0, conflicts 0, rejected 1 (long layout; dry run, nothing written)",
    ]


# Parks of other layers -------------------------------------------------------------------------


def test_a_bundled_park_is_copied_whole_never_shadowed_by_a_stub(run, empty, tmp_path):
    table = tmp_path / "jinzhong.csv"
    table.write_text("园区,指标,期间,原文数值,来源\n晋中开发区,地区生产总值,2023,150亿元,年报\n苏州经开区,地区生产总值,2023,1000亿元,年报\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(empty), "--data", str(empty), "--data", "bundled")
    assert (result.exit_code, result.stdout.splitlines()[:2]) == (
        0,
        [
            "park from bundled/parks.csv: jinzhong 山西转型综改示范区晋中开发区 (copied with its details)",
            "new park: suzhou-2 苏州经开区",  # its pinyin is suzhou, the id of a bundled park: never taken
        ],
    )
    bundled_jinzhong = next(line for line in (REPO / "datasets" / "parks.csv").read_text(encoding="utf-8").splitlines() if line.startswith("jinzhong,"))
    assert data_lines(empty, "parks.csv") == [bundled_jinzhong, "suzhou-2,苏州经开区,,,,,,,,"]
    assert data_lines(empty)[0].startswith("jinzhong,gdp,2023,park,actual,exact,150亿元,150,亿元,")
    assert run("validate", str(empty)).exit_code == 0
    layered = run("parks", "--data", str(empty), "--data", "bundled", "--format", "csv")
    assert (layered.exit_code, layered.stderr) == (0, "")
    shown = run("show", "晋中開發區", "--data", str(empty), "--data", "bundled", "--format", "csv")
    assert "gdp,150,亿元,exact,2023,park,actual" in shown.stdout.splitlines() and "gdp,143,亿元,exact,2022,park,actual" in shown.stdout.splitlines()


def test_a_park_name_resolves_against_every_layer_given(run, empty, tmp_path):
    other = tmp_path / "other"
    assert run("init", str(other)).exit_code == 0
    (other / "parks.csv").write_text(
        "id,name_zh,name_en,aliases,kind,level,province,city\ndemo,示范产业园,Demo Park,示范园|示范,产业园,provincial,江西,南昌\ntwin,双子园区,,示范园,,,,\n", encoding="utf-8"
    )
    table = tmp_path / "demo.csv"
    table.write_text("园区,指标,期间,原文数值,来源\n示范,地区生产总值,2023,15亿元,年报\n示范园,地区生产总值,2022,12亿元,年报\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(empty), "--data", str(other))
    assert (result.exit_code, result.stdout.splitlines()) == (
        1,
        [
            f"park from {other}/parks.csv: demo 示范产业园 (copied with its details)",
            "new source: source 年报",
            f"rejected: demo.csv:3:园区: '示范园' names several parks of {other}/parks.csv (demo, twin); write the park's id",
            f"added 1, identical 0, conflicts 0, rejected 1 (long layout; written to {empty})",
        ],
    )
    assert data_lines(empty, "parks.csv") == ["demo,示范产业园,Demo Park,示范园|示范,产业园,provincial,江西,南昌,,"]


# Sources of other layers ------------------------------------------------------------------------

BUNDLED_TEDA = "https://teda.gov.cn/bmztc/contents/170/16198.html"  # the bundled source teda-gov-cn
ANOTHER_TEDA_PAGE = "https://www.teda.gov.cn/another/page.html"


def bundled_source_line(source_id):
    return next(line for line in (REPO / "datasets" / "sources.csv").read_text(encoding="utf-8").splitlines() if line.startswith(f"{source_id},"))


def layered_conflicts(directory):
    from parkmetrics.data.loading import load

    return load([str(directory), "bundled"], use_cache=False).conflicts


def test_a_new_source_never_takes_the_id_of_a_source_of_another_layer(run, empty, tmp_path):
    """Another page of teda.gov.cn, undated, would be teda-gov-cn: the id of a bundled source of another page."""
    table = tmp_path / "teda.csv"
    table.write_text(f"园区,指标,期间,原文数值,链接\n天津经济技术开发区,地区生产总值,2024,4000亿元,{ANOTHER_TEDA_PAGE}\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(empty))
    assert (result.exit_code, result.stdout.splitlines()) == (
        0,
        [
            "park from bundled/parks.csv: tianjin-teda 天津经济技术开发区 (copied with its details)",
            f"new source: teda-gov-cn-2 {ANOTHER_TEDA_PAGE}",
            f"added 1, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})",
        ],
    )
    assert data_lines(empty, "sources.csv") == [f"teda-gov-cn-2,{ANOTHER_TEDA_PAGE},,,{ANOTHER_TEDA_PAGE},,"]
    assert data_lines(empty)[0].startswith("tianjin-teda,gdp,2024,park,actual,exact,4000亿元,4000,亿元,teda-gov-cn-2,")
    assert layered_conflicts(empty) == []
    shown = run("show", "tianjin-teda", "--sources", "--data", str(empty), "--data", "bundled", "--format", "csv")
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "fiscal_total_revenue,589.59,亿元,exact,2017,park,actual,teda-gov-cn,全区完成全口径财政收入589.59亿元" in shown.stdout.splitlines()


def test_an_extract_id_of_another_source_of_another_layer_gets_an_id_of_its_own(run, empty, tmp_path):
    """extract names a source PARK-PUBLISHED: another article of that day has the id of the bundled one."""
    table = tmp_path / "extracted.csv"
    table.write_text(
        "park,indicator,period,raw,source,source_title,source_url,source_published\njinzhong,gdp,2024,160亿元,jinzhong-2023-02-27,另一篇文章,https://example.org/other,2023-02-27\n",
        encoding="utf-8",
    )
    result = run("import", str(table), "--into", str(empty), "--data", str(empty), "--data", "bundled")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (
        0,
        ["new source: jinzhong-2023-02-27-2 https://example.org/other", f"added 1, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})"],
    )
    assert data_lines(empty, "sources.csv") == ["jinzhong-2023-02-27-2,另一篇文章,,2023-02-27,https://example.org/other,,"]
    assert layered_conflicts(empty) == []


def test_the_id_alone_of_a_source_of_another_layer_copies_that_source_whole(run, empty, tmp_path):
    """As `data` writes it: the source column only. The source keeps its id and its record, never a stub titled by its id."""
    table = tmp_path / "exported.csv"
    table.write_text("park,indicator,period,raw,source\njinzhong,gdp,2021,120亿元,jinzhong-2023-02-27\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(empty))
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (
        0,
        [
            "source from bundled/sources.csv: jinzhong-2023-02-27 http://sh-daijia.com/index.php/post/17328.html (copied with its details)",
            f"added 1, identical 0, conflicts 0, rejected 0 (long layout; written to {empty})",
        ],
    )
    assert data_lines(empty, "sources.csv") == [bundled_source_line("jinzhong-2023-02-27")]
    assert run("validate", str(empty)).exit_code == 0
    assert layered_conflicts(empty) == []


# One period for a year-end stock -----------------------------------------------------------------


def test_a_stock_dated_by_its_year_and_by_its_year_end_is_one_fact(run, parks_only, tmp_path):
    table = tmp_path / "stocks.csv"
    table.write_text(
        "园区,指标,年份,原文数值,来源\n苏州工业园区,国家高新技术企业,2023,2800家,年报\n苏州工业园区,国家高新技术企业,截至2023年底,2750家,年报\n苏州工业园区,国家高新技术企业,2023年末,2800家,年报\n",
        encoding="utf-8",
    )
    result = run("import", str(table), "--into", str(parks_only))
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (
        1,
        [
            "conflict: stocks.csv:3:原文数值: suzhou high_tech_enterprises 2023-12 (park, actual) is 2750家 here but "
            "stocks.csv:2:原文数值 (earlier in this file) says 2800家; pass --replace to use the imported figure",
            f"added 1, identical 1, conflicts 1, rejected 0 (long layout; written to {parks_only})",
        ],
    )
    assert data_lines(parks_only) == ["suzhou,high_tech_enterprises,2023-12,park,actual,exact,2800家,2800,家,source,,period as written: 2023; a stock is counted at the end of its span"]


def test_a_stock_stored_under_its_year_meets_its_year_end(run, dataset_copy, tmp_path):
    """Rows written before stocks' years were stored as December are matched as the same fact."""
    with open(dataset_copy / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("jinzhong,employees,2021,park,actual,exact,5000人,5000,人,jinzhong-2023-02-27,,\n")
    line = len((dataset_copy / "observations.csv").read_text(encoding="utf-8").splitlines())
    table = tmp_path / "employees.csv"
    table.write_text("园区,指标,期间,原文数值,来源\n晋中开发区,员工,截至2021年底,5200人,jinzhong-2023-02-27\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(dataset_copy), "--dry-run")
    assert import_report(result.stdout) == [
        f"conflict: employees.csv:2:原文数值: jinzhong employees 2021-12 (park, actual) is 5200人 here but "
        f"{dataset_copy}/observations.csv:{line} says 5000人; pass --replace to use the imported figure",
        "added 0, identical 0, conflicts 1, rejected 0 (long layout; dry run, nothing written)",
    ]


def test_rank_reads_a_period_as_import_does(run):
    snapshot = ("--data", str(EIGHT_PARKS))
    assert run("rank", "gdp", "--period", "2022年", "--format", "csv", *snapshot).stdout == run("rank", "gdp", "--period", "2022", "--format", "csv", *snapshot).stdout
    assert run("rank", "gdp", "--period", "2022年", "--format", "csv", *snapshot).stdout.splitlines()[1] == "1,jinzhong,143,亿元,exact,2022,jinzhong-2023-02-27"
    result = run("rank", "gdp", "--period", "22年")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --period: '22年' is not a period; write one of 2021, 2022-01/2022-11, 2018/2022, 2023-05 or 2025-01-01/2025-12-03, or 2022年1-11月, 截至2023年底\n",
    )
