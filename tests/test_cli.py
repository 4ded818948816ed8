"""The command line, in-process through click's CliRunner: exact output per format."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES

RANK_CSV = (
    "rank,park,value,unit,qualifier,period,source\n"
    "1,suzhou,2800,家,approx,2023-12,sipac-gov-cn\n"
    "2,jinzhong,170,家,exact,2023-02,jinzhong-2023-02-27\n"
    "3,qianjiang,50,家,exact,2023-05,qianjiang-2023-05-04\n"
)


@pytest.fixture(autouse=True)
def eight_parks_by_default(isolated_environment, monkeypatch):
    """Exact outputs are checked on a fixed snapshot of eight parks, not on the growing bundled dataset."""
    monkeypatch.setenv("PARKMETRICS_DATA", str(FIXTURES / "eight_parks"))


def test_rank_csv_is_exact(run):
    result = run("rank", "high_tech_enterprises", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == RANK_CSV
    assert result.stderr == ("警告：排名的数字来自不同期间（suzhou 2023-12、jinzhong 2023-02、qianjiang 2023-05）；用 --period 只排一个期间\n")
    english = run("rank", "high_tech_enterprises", "--format", "csv", "--lang", "en")
    assert english.stdout == RANK_CSV
    assert english.stderr == ("warning: the ranked figures mix periods (suzhou 2023-12, jinzhong 2023-02, qianjiang 2023-05); use --period to rank one period\n")


def test_output_defaults_to_csv_off_a_terminal(run):
    assert run("rank", "high_tech_enterprises").stdout == RANK_CSV


def test_rank_tsv(run):
    assert run("rank", "high_tech_enterprises", "-f", "tsv").stdout == RANK_CSV.replace(",", "\t")


def test_rank_json_and_jsonl_carry_the_same_facts(run):
    records = json.loads(run("rank", "high_tech_enterprises", "-f", "json").stdout)
    assert records == [
        {"rank": 1, "park": "suzhou", "value": 2800, "unit": "家", "qualifier": "approx", "period": "2023-12", "source": "sipac-gov-cn"},
        {"rank": 2, "park": "jinzhong", "value": 170, "unit": "家", "qualifier": "exact", "period": "2023-02", "source": "jinzhong-2023-02-27"},
        {"rank": 3, "park": "qianjiang", "value": 50, "unit": "家", "qualifier": "exact", "period": "2023-05", "source": "qianjiang-2023-05-04"},
    ]
    lines = run("rank", "high_tech_enterprises", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == records


def test_rank_markdown_in_english(run):
    result = run("rank", "high_tech_enterprises", "-f", "markdown", "--lang", "en")
    assert result.stdout == (
        "| Rank | Park | Value | Unit | Period | Source |\n"
        "|---:|---|---:|---|---|---|\n"
        "| 1 | Suzhou Industrial Park | ~2,800 | firms | 2023-12 | sipac-gov-cn |\n"
        "| 2 | Jinzhong Development Zone of the Shanxi Transformation and Comprehensive Reform Demonstration Zone | 170 | firms | 2023-02 | jinzhong-2023-02-27 |\n"
        "| 3 | Qianjiang High-tech Zone | 50 | firms | 2023-05 | qianjiang-2023-05-04 |\n"
        "\n"
        "marks: >N more than N, <N less than N, ~N about N (as the source words it)  \n"
        "bounds are ranked at their stated value  \n"
    )


def test_rank_table_aligns_chinese_names(run):
    from rich.cells import cell_len

    lines = run("rank", "high_tech_enterprises", "-f", "table").stdout.splitlines()
    assert lines[0].split() == ["排名", "┃", "园区", "┃", "数值", "┃", "单位", "┃", "期间", "┃", "来源"]

    def separator_columns(line):
        return [cell_len(line[:index]) for index, char in enumerate(line) if char in "┃│"]

    # Column separators sit at the same screen column in the header and in rows of CJK names.
    assert separator_columns(lines[0]) == separator_columns(lines[2]) == separator_columns(lines[3]) == separator_columns(lines[4])
    assert "苏州工业园区" in lines[2] and "~2,800" in lines[2]
    assert "山西转型综改示范区晋中开发区" in lines[3] and "170" in lines[3]


def test_rank_with_period_ranks_only_that_period(run):
    result = run("rank", "high_tech_enterprises", "--period", "2023-05", "--lang", "en")
    assert result.stdout == RANK_CSV.splitlines()[0] + "\n1,qianjiang,50,家,exact,2023-05,qianjiang-2023-05-04\n"
    assert result.stderr == "warning: not ranked: jinzhong (no figure for 2023-05)\nwarning: not ranked: suzhou (no figure for 2023-05)\n"


def test_rank_reports_parks_left_out(run):
    result = run("rank", "party_members", "--lang", "en")
    assert result.stdout == "rank,park,value,unit,qualifier,period,source\n"
    assert result.stderr.splitlines() == [
        "warning: not ranked: changde (only part-zone figures (医药化工产业链))",
        "warning: not ranked: ganjiang (only part-zone figures (数字经济领域, 生命健康领域))",
        "warning: no park has a whole-park actual figure for this indicator",
    ]


@pytest.mark.usefixtures("english")
def test_rank_rejects_a_bad_period(run):
    result = run("rank", "gdp", "--period", "1-11月")
    assert result.exit_code == 2
    assert result.stderr == ("error: --period: '1-11月' is not a period; write one of 2021, 2022-01/2022-11, 2018/2022, 2023-05 or 2025-01-01/2025-12-03, or 2022年1-11月, 截至2023年底\n")


COMPARE_HEADER = "indicator,unit,status,qianjiang.value,qianjiang.qualifier,qianjiang.period,qianjiang.scope,jinzhong.value,jinzhong.qualifier,jinzhong.period,jinzhong.scope,ratio,comparison"


def test_compare_csv(run):
    result = run("compare", "qianjiang", "jinzhong", "--indicators", "high_tech_enterprises,enterprises,gdp")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        COMPARE_HEADER,
        "gdp,亿元,actual,,,,,143,exact,2022,park,,not in both",
        "enterprises,家,actual,140,at_least,2023-05,park,,,,,,not in both",
        "high_tech_enterprises,家,actual,50,exact,2023-05,park,170,exact,2023-02,park,0.2941,as of 2023-05 vs 2023-02",
    ]


def test_compare_full_row_count_and_hidden_figures(run):
    result = run("compare", "qianjiang", "jinzhong", "--lang", "en")
    assert len(result.stdout.splitlines()) == 1 + 30
    assert result.stderr == ("warning: 1 other figure(s) of these parks (other periods or scopes) are not shown; see `parkmetrics show PARK`\n")


def test_compare_common_keeps_indicators_every_park_has(run):
    result = run("compare", "qianjiang", "jinzhong", "--common")
    assert result.stdout.splitlines()[1:] == [
        "high_tech_enterprises,家,actual,50,exact,2023-05,park,170,exact,2023-02,park,0.2941,as of 2023-05 vs 2023-02",
    ]


def test_compare_include_targets_adds_target_rows(run):
    result = run("compare", "黔江高新区", "正阳工业园区的别名不存在", "--include-targets")
    assert result.exit_code == 2
    result = run("compare", "黔江高新区", "晋中开发区", "--include-targets", "--indicators", "industrial_output")
    assert result.stdout.splitlines()[1:] == [
        "industrial_output,亿元,actual,245.1,exact,2018/2022,park,,,,,,not in both",
        "industrial_output,亿元,target,400,exact,2027,park,,,,,,not in both",
    ]


def test_compare_marks_part_zone_scope_and_refuses_ratio(run):
    result = run("compare", "changde", "ganjiang", "--indicators", "party_members,enterprise_issues_resolved", "-f", "table", "--lang", "en")
    text = result.stdout
    assert "537 (2023-01)†" in text and "188 (2025-12)†" in text
    assert "different scope (医药化工产业链 vs 生命健康领域)" in text
    assert "different scope (医药化工产业链 vs whole park)" in text
    assert "† changde party_members: covers 医药化工产业链 only, not the whole park" in text
    assert "89 (2022)†" in text and "137 (2025-01-01/2025-12-03)" in text


def test_compare_partial_year_against_full_year():
    from types import SimpleNamespace as Row

    from parkmetrics.analysis.queries import pair_comparison

    full = Row(scope="park", qualifier="exact", period="2022", canonical_value=100.0)
    partial = Row(scope="park", qualifier="exact", period="2022-01/2022-11", canonical_value=90.0)
    bound = Row(scope="park", qualifier="at_least", period="2022", canonical_value=50.0)
    rate = Row(scope="park", qualifier="exact", period="2022", canonical_value=9.0)
    assert pair_comparison(full, partial, "flow") == (None, "partial year vs full year (2022 vs 2022-01/2022-11)")
    assert pair_comparison(full, bound, "flow") == (None, "bound vs exact")
    assert pair_comparison(full, full, "flow") == (1.0, "comparable")
    assert pair_comparison(full, rate, "rate") == (None, "difference +91.00 percentage points")


@pytest.mark.usefixtures("english")
def test_compare_a_park_twice_is_an_error(run):
    result = run("compare", "qianjiang", "黔江高新区")
    assert (result.exit_code, result.stderr) == (2, "error: a park is named twice; name each park once\n")


def test_show_with_sources(run):
    result = run("show", "changde", "--sources", "-f", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "indicator,value,unit,qualifier,period,scope,status,source,quote"
    assert lines[1] == "output_value,107.75,亿元,exact,2021,医药化工产业链,actual,changde-2023-01-05,2021年实现产值107.75亿元"
    assert len(lines) == 1 + 9


def test_show_finds_a_park_by_alias_case_insensitively(run):
    assert run("show", "正阳工业园区").stdout == run("show", "QIANJIANG").stdout


def test_show_finds_a_park_by_its_name_in_traditional_characters(run):
    result = run("show", "晉中開發區", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, run("show", "jinzhong", "--format", "csv").stdout)


def test_one_traditional_table_serves_names_figures_and_articles():
    from parkmetrics.core.textnorm import normalize
    from parkmetrics.extraction.article import Article, rules

    assert "text" not in rules()
    assert normalize("晉中開發區產業鏈醫藥") == "晋中开发区产业链医药"
    assert Article.from_text("晉中產業鏈").text == "晋中产业链"


def test_show_table_in_english(run):
    text = run("show", "tianfu", "-f", "table", "--lang", "en").stdout
    assert "Signed projects of 100 million yuan or more" in text
    assert "Xingfu" not in text and "幸福科技园" in text


def test_data_contract_columns_and_rows(run):
    result = run("data")
    lines = result.stdout.splitlines()
    assert lines[0] == "park,indicator,period,scope,status,qualifier,value,unit,raw,source,quote"
    assert len(lines) == 1 + 106
    assert "ganjiang,talent_subsidies,2025,park,target,at_least,0.25,亿元,2500余万元,ganjiang-2025-12-03," in result.stdout


def test_data_filters_by_park_and_indicator(run):
    result = run("data", "--park", "jinzhong", "--indicator", "gdp,output_intensity", "-f", "json")
    assert json.loads(result.stdout) == [
        {
            "park": "jinzhong",
            "indicator": "gdp",
            "period": "2022",
            "scope": "park",
            "status": "actual",
            "qualifier": "exact",
            "value": 143,
            "unit": "亿元",
            "raw": "143亿元",
            "source": "jinzhong-2023-02-27",
            "quote": "回望2022年,综改区晋中开发区产业发展势头强劲,地区生产总值完成143亿元",
        },
        {
            "park": "jinzhong",
            "indicator": "output_intensity",
            "period": "2022",
            "scope": "park",
            "status": "actual",
            "qualifier": "exact",
            "value": 343.81,
            "unit": "万元/亩",
            "raw": "343.81万元/亩",
            "source": "jinzhong-2023-02-27",
            "quote": "产出强度343.81万元/亩",
        },
    ]


def test_parks_listing(run):
    result = run("parks", "-f", "csv")
    assert result.stdout.splitlines()[0] == "id,name_zh,name_en,kind,level,province,city,figures"
    assert result.stdout.splitlines()[4] == "ganjiang,赣江新区,Ganjiang New Area,国家级新区,national,江西,南昌|九江,20"


def test_indicators_listing(run):
    lines = run("indicators", "-f", "csv").stdout.splitlines()
    assert lines[0] == "id,name_zh,name_en,unit,measure,direction,core,parks"
    assert lines[1] == "gdp,地区生产总值,GDP,亿元,flow,higher,,2"
    assert "high_tech_enterprises,高新技术企业,High-tech enterprises,家,stock,higher,,3" in lines


def test_core_indicators_are_marked_and_listed_first(run):
    lines = run("indicators", "-f", "csv", "--data", "bundled").stdout.splitlines()
    core = [line.split(",")[0] for line in lines[1:] if line.split(",")[6] == "yes"]
    assert core == [
        "gdp",
        "gdp_growth",
        "industrial_output",
        "industrial_output_growth",
        "industrial_value_added_growth",
        "fixed_asset_investment",
        "fixed_asset_investment_growth",
        "fdi_actual",
        "foreign_trade",
        "foreign_trade_growth",
        "fiscal_revenue",
        "tax_revenue",
        "above_scale_enterprises",
        "high_tech_enterprises",
        "area",
    ]
    assert [line.split(",")[0] for line in lines[1:16]] == core


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "markdown"])
@pytest.mark.parametrize(
    "command",
    [["parks"], ["indicators"], ["show", "ganjiang"], ["compare", "changde", "jinzhong", "tianfu"], ["rank", "gdp"], ["data"]],
)
def test_every_command_in_every_format(run, command, fmt):
    result = run(*command, "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.strip()
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), list)


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "qianjang"], "error: unknown park 'qianjang'; did you mean qianjiang, ganjiang? run `parkmetrics parks` to see them all\n"),
        (["rank", "high_tech"], "error: unknown indicator 'high_tech'; did you mean high_tech_products, high_tech_enterprises? run `parkmetrics indicators` to see them all\n"),
        (["data", "--data", "no/such/dir"], "error: dataset directory 'no/such/dir' does not exist; create one with `parkmetrics init no/such/dir`\n"),
        (["show", "xyz"], "error: unknown park 'xyz'; run `parkmetrics parks` to see them all\n"),
    ],
)
@pytest.mark.usefixtures("english")
def test_user_errors_are_one_line_with_exit_2(run, args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.usefixtures("english")
def test_unknown_format_is_a_usage_error(run):
    result = run("parks", "--format", "xml")
    # click words the problem; ours are the one line, the "error: " prefix and the pointer to the command's help.
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "'xml'" in result.stderr and "--format" in result.stderr
    assert result.stderr.endswith("; see `parkmetrics parks --help`\n")


@pytest.mark.usefixtures("english")
def test_output_file_is_not_overwritten_without_force(run, tmp_path):
    target = tmp_path / "rank.csv"
    target.write_text("precious", encoding="utf-8")
    result = run("rank", "high_tech_enterprises", "-o", str(target))
    assert (result.exit_code, result.stderr) == (2, f"error: {target} already exists; pass --force to overwrite it\n")
    assert target.read_text(encoding="utf-8") == "precious"
    assert run("rank", "high_tech_enterprises", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == RANK_CSV


@pytest.mark.usefixtures("english")
def test_unwritable_output_directory(run, tmp_path):
    result = run("parks", "-o", str(tmp_path / "missing" / "parks.csv"))
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {tmp_path / 'missing' / 'parks.csv'}: No such file or directory; choose a writable directory\n"


def test_debug_shows_the_traceback(run):
    from parkmetrics.core.errors import UsageError

    with pytest.raises(UsageError):
        run("--debug", "show", "xyz")


def test_version_comes_from_package_metadata(run):
    from importlib.metadata import version

    assert run("--version").stdout == f"parkmetrics {version('parkmetrics')}\n"


def test_excel_safe_prefixes_formula_like_text(run, dataset_copy):
    observations = dataset_copy / "observations.csv"
    text = observations.read_text(encoding="utf-8").replace('"回望2022年,综改区晋中开发区产业发展势头强劲,地区生产总值完成143亿元"', "=地区生产总值完成143亿元")
    observations.write_text(text, encoding="utf-8")
    plain = run("data", "--data", str(dataset_copy), "--park", "jinzhong", "--indicator", "gdp").stdout
    safe = run("data", "--data", str(dataset_copy), "--park", "jinzhong", "--indicator", "gdp", "--excel-safe").stdout
    assert plain.endswith(",143亿元,jinzhong-2023-02-27,=地区生产总值完成143亿元\n")
    assert safe.endswith(",143亿元,jinzhong-2023-02-27,'=地区生产总值完成143亿元\n")


def test_compare_include_targets_marks_estimates(run):
    result = run("compare", "changfeng", "longling", "--include-targets", "--indicators", "industrial_output_growth", "-f", "markdown", "--lang", "en")
    assert result.stdout == (
        "| Indicator | Unit | Changfeng (Shuangfeng) Economic Development Zone | Longling Industrial Development Zone | Ratio | Comparability |\n"
        "|---|---|---:|---:|---:|---|\n"
        "| Industrial output growth | % |  | 14.2 (2021) |  | not in both |\n"
        "| Industrial output growth ‡ | % | 9 (2022) |  |  | not in both |\n"
        "\n"
        "marks: >N more than N, <N less than N, ~N about N (as the source words it)  \n"
        "‡ estimate, not an actual figure  \n"
    )
    plain = run("compare", "changfeng", "longling", "--indicators", "industrial_output_growth")
    assert plain.stdout.splitlines()[1:] == ["industrial_output_growth,%,actual,,,,,14.2,exact,2021,park,,not in both"]
