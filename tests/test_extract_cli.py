"""`parkmetrics extract` end to end: files, stdin, encodings, errors, and rows that a dataset accepts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import EIGHT_PARKS, FIXTURES, REPO, copy_dataset, vocabulary_size

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

ARTICLE = FIXTURES / "extract" / "news_article.txt"
ARTICLE_GB18030 = FIXTURES / "extract" / "news_article_gb18030.txt"
SUMMARY = (
    "14 candidate(s), 9 number(s) ignored (4 page furniture; 1 date or period, not a figure; "
    "1 one company's or project's figure; 1 investment of one project or company; 1 rank or ordinal; "
    "1 page furniture after the article); --show-ignored lists them\n"
)
HEADER = "park,indicator,period,scope,status,qualifier,raw,value,unit,source,quote,note,confidence,start,end"


def records(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_candidates_as_csv(run):
    result = run("extract", str(ARTICLE), "--park", "changde", "--published", "2024-07-15", "-f", "csv", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == HEADER
    rows = records(result.stdout)
    assert [(r["indicator"], r["raw"], r["period"], r["qualifier"], r["status"]) for r in rows][:4] == [
        ("industrial_output", "215.6亿元", "2024-01/2024-06", "exact", "actual"),
        ("industrial_output_growth", "7.3%", "2024-01/2024-06", "exact", "actual"),
        ("tax_revenue", "超12亿元", "2024-01/2024-06", "at_least", "actual"),
        ("fixed_asset_investment", "46.8亿元", "2024-01/2024-06", "exact", "actual"),
    ]
    assert rows[0] == {
        "park": "changde",
        "indicator": "industrial_output",
        "period": "2024-01/2024-06",
        "scope": "park",
        "status": "actual",
        "qualifier": "exact",
        "raw": "215.6亿元",
        "value": "215.6",
        "unit": "亿元",
        "source": "changde-2024-07-15",
        "quote": "上半年,样例经开区完成规上工业总产值215.6亿元",
        "note": "'上半年' without a year read as 2024",
        "confidence": "0.9",
        "start": "74",
        "end": "99",
    }
    assert result.stderr == SUMMARY


def test_stdin_gives_the_same_rows_as_the_file(run):
    from_file = run("extract", str(ARTICLE), "--park", "changde", "-f", "csv")
    from_stdin = run("extract", "-", "--park", "changde", "-f", "csv", input=ARTICLE.read_bytes())
    assert from_stdin.exit_code == 0
    assert from_stdin.stdout == from_file.stdout
    assert len(records(from_stdin.stdout)) == 14


def test_gb18030_file_gives_the_same_rows(run):
    utf8 = run("extract", str(ARTICLE), "--park", "changde", "-f", "json")
    gb = run("extract", str(ARTICLE_GB18030), "--park", "changde", "-f", "json")
    assert gb.exit_code == 0
    assert gb.stdout == utf8.stdout
    assert json.loads(gb.stdout)[13]["value"] == 452.3


def test_show_ignored_lists_every_number_left_out(run):
    result = run("extract", str(ARTICLE), "--show-ignored", "-f", "csv")
    assert result.exit_code == 0
    rows = records(result.stdout)
    assert [(r["raw"], r["reason"]) for r in rows][3:7] == [
        ("2023年", "date or period, not a figure"),
        ("30亿元", "one company's or project's figure (公司 in the clause)"),
        ("8亿元", "investment of one project or company (投资…的), not a park figure"),
        ("第3位", "rank or ordinal (第…)"),
    ]
    assert rows[4]["quote"] == "样例新能源有限公司今年产值达到30亿元"
    assert len(rows) == 9


def test_messages_on_stderr(run):
    result = run("extract", str(ARTICLE), "-f", "csv", "--lang", "en")
    assert result.stderr == ("warning: publication date 2024-07-15 taken from the article's header; pass --published to override\nwarning: no --park given; the park column is empty\n" + SUMMARY)


def test_a_blank_article_gives_the_header_only(run):
    for blank in (b"", b"\n", b"  \n\n", "。。。".encode()):
        result = run("extract", "-", "--published", "2024-07-15", "--park", "changde", "-f", "csv", "--lang", "en", input=blank)
        assert (result.exit_code, result.stdout) == (0, HEADER + "\n")
        assert result.stderr == "0 candidate(s), 0 number(s) ignored\n"


def test_unknown_indicator_is_flagged(run):
    result = run("extract", "-", "--park", "changde", "--published", "2024-07-15", "-f", "csv", "--lang", "en", input="2023年园区完成绿化面积3.2万吨。".encode())
    assert records(result.stdout)[0]["indicator"] == "unknown"
    assert "warning: 1 candidate(s) with indicator 'unknown'; choose an indicator or drop the row before importing\n" in result.stderr


def test_source_option_and_source_columns(run):
    result = run("extract", str(ARTICLE), "--park", "changde", "--source", "my-source", "--source-title", "样例日报", "--source-url", "https://example.org/a", "-f", "csv")
    rows = records(result.stdout)
    assert result.stdout.splitlines()[0] == HEADER + ",source_title,source_url,source_published"
    assert (rows[0]["source"], rows[0]["source_title"], rows[0]["source_url"], rows[0]["source_published"]) == ("my-source", "样例日报", "https://example.org/a", "2024-07-15")


def test_a_new_park_id_is_kept_with_a_warning(run):
    result = run("extract", str(ARTICLE), "--park", "yangli", "-f", "csv", "--data", str(EIGHT_PARKS))
    assert result.exit_code == 0
    assert records(result.stdout)[0]["park"] == "yangli"
    assert "warning: park 'yangli' is not in the dataset; rows use it as given (`import` adds it as a new park)\n" in result.stderr


def test_an_unknown_chinese_park_name_is_kept_like_an_unknown_id(run):
    result = run("extract", str(ARTICLE), "--park", "某某园区", "-f", "csv")
    assert result.exit_code == 0
    assert {row["park"] for row in records(result.stdout)} == {"某某园区"}
    assert "warning: park '某某园区' is not in the dataset; rows use it as given (`import` adds it as a new park)\n" in result.stderr
    typo = run("extract", str(ARTICLE), "--park", "黔江高新", "-f", "csv", "--data", str(EIGHT_PARKS))
    assert (typo.exit_code, records(typo.stdout)[0]["park"]) == (0, "黔江高新")
    assert ("warning: park '黔江高新' is not in the dataset; rows use it as given (`import` adds it as a new park); did you mean qianjiang?\n") in typo.stderr


def test_park_names_resolve_to_ids(run):
    result = run("extract", str(ARTICLE), "--park", "黔江高新区", "-f", "csv")
    assert records(result.stdout)[0]["park"] == "qianjiang"


def test_errors_are_one_line_with_the_fix(run, tmp_path):
    missing = run("extract", str(tmp_path / "nope.txt"))
    assert (missing.exit_code, missing.stderr) == (2, f"error: {tmp_path / 'nope.txt'} does not exist; give the path of a text file, or - to read stdin\n")
    bad_date = run("extract", str(ARTICLE), "--published", "2024-13-01")
    assert (bad_date.exit_code, bad_date.stderr) == (2, "error: --published '2024-13-01' is not a date; write YYYY-MM-DD, e.g. 2023-02-27\n")
    binary = tmp_path / "article.docx"
    binary.write_bytes(b"PK\x03\x04\x00\x00\x00")
    refused = run("extract", str(binary))
    assert (refused.exit_code, refused.stderr) == (2, f"error: {binary} is not a text file (it contains binary data); extract reads plain text pasted from an article\n")
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes(b"\x80\x80\xff")
    assert run("extract", str(undecodable)).stderr == (f"error: {undecodable} is neither UTF-8 nor GB18030/GBK nor Big5; save it as UTF-8 and try again\n")
    data = copy_dataset(REPO / "datasets", tmp_path / "data")
    with open(data / "parks.csv", "a", encoding="utf-8") as parks:
        parks.write("alpha,阿尔法经济开发区,,经开区,,,,\n")
    ambiguous = run("extract", str(ARTICLE), "--park", "经开区", "--data", str(data))
    assert (ambiguous.exit_code, ambiguous.stderr) == (2, "error: '经开区' names several parks (alpha, changde); use one of these ids\n")


# End to end: the candidates go into a dataset, and the dataset validates.


def _new_dataset(run, directory):
    """An empty dataset of one park, with the bundled indicator vocabulary."""
    assert run("init", str(directory)).exit_code == 0
    (directory / "parks.csv").write_text("id,name_zh,name_en,aliases,kind,level,province,city\nyangli,样例经济开发区,,样例经开区,经开区,,,\n", encoding="utf-8")


def test_extract_edit_import_keeps_the_source_in_full(run, tmp_path):
    dataset = tmp_path / "mypark"
    _new_dataset(run, dataset)
    candidates = tmp_path / "candidates.csv"
    extracted = run(
        "extract",
        str(ARTICLE),
        "--park",
        "样例经开区",
        "--data",
        str(dataset),
        "--source-title",
        "样例经开区:项目建设跑出加速度",
        "--source-url",
        "https://example.org/a",
        "-f",
        "csv",
        "-o",
        str(candidates),
    )
    assert extracted.exit_code == 0
    rows = records(candidates.read_text(encoding="utf-8"))
    assert len(rows) == 14
    # The review: a reviewer drops the last candidate and corrects the scope of the first.
    rows = rows[:-1]
    rows[0]["scope"] = "规上工业"
    with open(candidates, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = run("import", str(candidates), "--into", str(dataset))
    assert (imported.exit_code, imported.stdout.splitlines()) == (
        0,
        [
            "new source: yangli-2024-07-15 https://example.org/a",
            f"added 13, identical 0, conflicts 0, rejected 0 (long layout; written to {dataset})",
        ],
    )
    assert (dataset / "sources.csv").read_text(encoding="utf-8").splitlines()[1:] == ["yangli-2024-07-15,样例经开区:项目建设跑出加速度,,2024-07-15,https://example.org/a,,"]
    stored = records((dataset / "observations.csv").read_text(encoding="utf-8"))
    assert {row["source"] for row in stored} == {"yangli-2024-07-15"}
    assert [(row["indicator"], row["scope"], row["raw"]) for row in stored[:1]] == [(rows[0]["indicator"], "规上工业", rows[0]["raw"])]
    validated = run("validate", str(dataset))
    vocabulary = vocabulary_size(dataset / "indicators.csv")
    assert (validated.exit_code, validated.stdout, validated.stderr) == (0, "", f"ok: 1 parks, {vocabulary} indicators, 1 sources, 13 observations, no problems\n")


def test_a_big5_article_is_read_as_big5_and_said_so(run, tmp_path):
    traditional = (FIXTURES / "extract" / "traditional.txt").read_text(encoding="utf-8")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(traditional.encode("big5"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(traditional, encoding="utf-8")
    expected = run("extract", str(utf8), "--park", "jinzhong", "--published", "2023-02-27", "--format", "csv")
    result = run("extract", str(big5), "--park", "jinzhong", "--published", "2023-02-27", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, expected.stdout)
    assert expected.stdout.count("\n") > 1
    assert result.stderr.splitlines()[0] == (f"warning: {big5} looks like Big5 (traditional Chinese) and was read as Big5; save it as UTF-8 if the text is wrong")


def test_figures_of_another_park_go_to_it_with_a_warning(run, tmp_path):
    article = tmp_path / "two.txt"
    article.write_text("范例高新区与范本高新区签署合作协议\n范例高新区前三季度实现规上工业总产值1032.5亿元。\n范本高新区前三季度实现规上工业总产值486.2亿元,上市公司9家。\n", encoding="utf-8")
    result = run("extract", str(article), "--park", "fanli", "--published", "2024-11-02", "-f", "csv", "--lang", "en")
    assert result.exit_code == 0
    assert [(r["park"], r["raw"]) for r in records(result.stdout)] == [("fanli", "1032.5亿元"), ("范本高新区", "486.2亿元"), ("范本高新区", "9家")]
    assert ("warning: the article also names other parks; 2 candidate(s) given to the one named nearest before them (范本高新区: 2); check the park column before importing\n") in result.stderr
