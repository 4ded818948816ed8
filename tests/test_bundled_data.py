"""The bundled dataset, checked mechanically against its own rules and the seed articles."""

from __future__ import annotations

import csv
import re

import pytest
from helpers import PUBLIC_FACTS, REPO, SEEDS, copy_dataset, public_facts_available, seeds_available

from parkmetrics.core.figures import parse_figure
from parkmetrics.core.periods import parse_period

DATASET = REPO / "datasets"


def rows(name):
    with open(DATASET / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


OBSERVATIONS = rows("observations.csv")
SOURCES = {row["id"]: row for row in rows("sources.csv")}
IDS = [f"{row['park']}:{row['indicator']}:{row['period']}:{row['scope']}" for row in OBSERVATIONS]
FROM_ARTICLES = [row for row in OBSERVATIONS if SOURCES[row["source"]]["document"]]
ARTICLE_IDS = [f"{row['park']}:{row['indicator']}:{row['period']}:{row['scope']}" for row in FROM_ARTICLES]


def test_bundled_dataset_loads_without_problems(bundled):
    assert bundled.problems == []
    assert bundled.conflicts == []
    assert len(bundled.observations) == len(OBSERVATIONS)
    assert {"changde", "changfeng", "ganjiang", "jinzhong", "longling", "qianjiang", "suzhou", "tianfu"} <= set(bundled.parks.index)
    assert sorted(bundled.groups) == ["group-national-etdz", "group-national-etdz-hitech", "group-national-hitech", "group-national-new-areas"]


@pytest.mark.parametrize("row", OBSERVATIONS, ids=IDS)
def test_raw_parses_to_value_unit_and_qualifier(row):
    figure = parse_figure(row["raw"])
    assert figure.value == float(row["value"])
    assert figure.qualifier == row["qualifier"]
    assert row["unit"] == figure.unit or (figure.unit in ("万", "亿") and row["unit"].startswith(figure.unit))


@pytest.mark.parametrize("row", OBSERVATIONS, ids=IDS)
def test_quote_contains_the_figure(row):
    assert row["quote"], "every bundled figure is quoted"
    assert row["raw"] in row["quote"]


@pytest.mark.parametrize("row", OBSERVATIONS, ids=IDS)
def test_qualifier_words_next_to_the_figure_are_kept(row):
    """A 超/近/约/余 in the text around the figure must be inside raw, not lost."""
    quote, raw = row["quote"], row["raw"]
    start = quote.index(raw)
    before, after = quote[max(0, start - 2) : start], quote[start + len(raw) : start + len(raw) + 2]
    assert not re.search(r"(超|近|约|逾|突破|超过|不足|不到)$", before), f"qualifier before {raw!r} in {quote!r}"
    assert not re.match(r"^(余|多|以上|左右)", after), f"qualifier after {raw!r} in {quote!r}"


TARGET_WORDS = ("力争", "目标", "计划", "拟")
ESTIMATE_WORDS = ("预计", "預計", "見込")


# A quote is the shortest fragment that holds the figure, so the 预计 or 力争 that governs it may stand
# earlier in the sentence; the note then says so.
@pytest.mark.parametrize("row", OBSERVATIONS, ids=IDS)
def test_targets_are_never_actuals(row):
    if any(word in row["quote"] for word in TARGET_WORDS):
        assert row["status"] == "target"
    if row["status"] == "target":
        assert any(word in row["quote"] for word in TARGET_WORDS) or "target" in row["note"]


@pytest.mark.parametrize("row", OBSERVATIONS, ids=IDS)
def test_estimates_are_never_actuals(row):
    if "预计" in row["quote"]:
        assert row["status"] == "estimate"
    if row["status"] == "estimate":
        assert any(word in row["quote"] + row["note"] for word in ESTIMATE_WORDS)


PARTIAL_WORDS = ("1-11月", "1月至9月", "1-9月", "前三季度", "一季度", "上半年", "今年以来")


@pytest.mark.parametrize("row", OBSERVATIONS, ids=IDS)
def test_partial_year_figures_are_never_full_years(row):
    if any(word in row["quote"] for word in PARTIAL_WORDS):
        assert parse_period(row["period"]).is_partial_year, f"{row['period']} stored for a partial-year quote"
    if "近五年" in row["quote"]:
        assert parse_period(row["period"]).kind == "years"


@pytest.mark.skipif(not seeds_available(), reason="the seed articles (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("row", FROM_ARTICLES, ids=ARTICLE_IDS)
def test_quote_appears_verbatim_in_its_seed_article(row):
    document = SOURCES[row["source"]]["document"]
    text = (SEEDS / document).read_text(encoding="utf-8")
    assert row["quote"] in text


@pytest.mark.skipif(not seeds_available(), reason="the seed articles (../shared/seeds) are not beside this checkout")
def test_every_seed_article_is_a_source():
    documents = {source["document"] for source in SOURCES.values() if source["document"]}
    assert documents == {path.name for path in SEEDS.glob("*.txt")}


def test_every_source_is_a_seed_article_or_a_web_page():
    for source in SOURCES.values():
        assert source["document"] or source["url"].startswith(("http://", "https://")), source["id"]


def test_every_park_has_figures_from_its_sources():
    counts = {}
    for row in OBSERVATIONS:
        counts[row["park"]] = counts.get(row["park"], 0) + 1
    assert set(counts) == set(rows_of("parks.csv", "id"))
    from_articles = {}
    for row in FROM_ARTICLES:
        from_articles[row["park"]] = from_articles.get(row["park"], 0) + 1
    assert from_articles == {"changde": 9, "jinzhong": 22, "tianfu": 4, "ganjiang": 20, "qianjiang": 11}


def rows_of(name, column):
    return [row[column] for row in rows(name)]


def public_facts():
    with open(PUBLIC_FACTS, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# The one public-facts row with no indicator in the vocabulary (docs/dataset.md says why).
LEFT_OUT = {("长丰(双凤)经开区", "招商平台累计入驻项目")}


@pytest.mark.skipif(not public_facts_available(), reason="the public facts (../shared/public-facts) are not beside this checkout")
def test_every_public_fact_is_an_observation_with_its_quote_and_url(bundled):
    urls = {source["id"]: source["url"] for source in SOURCES.values()}
    imported = {(row["raw"], row["quote"], urls[row["source"]]) for row in OBSERVATIONS}
    missing = []
    for fact in public_facts():
        if (fact["park"], fact["indicator"]) in LEFT_OUT:
            continue
        if (fact["raw"], fact["quote"], fact["url"]) not in imported:
            missing.append(fact)
    # 规模工业增加值 154.3亿元 (yiyang.gov.cn) is the same figure as 154.3亿 (hnhs.gov.cn), imported from the first.
    assert [(fact["raw"], fact["url"]) for fact in missing] == [("154.3亿元", "http://yiyang.gov.cn/yiyang/2/3/74/content_1521152.html")]


@pytest.mark.skipif(not public_facts_available(), reason="the public facts (../shared/public-facts) are not beside this checkout")
@pytest.mark.usefixtures("english")
def test_reimporting_the_public_facts_finds_them_all_present(run, tmp_path):
    dataset_copy = copy_dataset(DATASET, tmp_path / "copy")
    result = run("import", str(PUBLIC_FACTS), "--into", str(dataset_copy), *PUBLIC_FACTS_MAPS)
    # The second pass found that the page gives no year for the 212 headquarters (经认定的各级各类总部已达212家):
    # the dataset dates that count by the page's date, so the file's 2023 is a new fact to import.
    assert result.stdout.splitlines()[-1] == f"added 1, identical 40, conflicts 0, rejected 1 (long layout; written to {dataset_copy})"
    assert run("data", "--data", str(dataset_copy), "--park", "suzhou", "--indicator", "headquarters").stdout.splitlines()[1:] == [
        "suzhou,headquarters,2024-02,park,actual,exact,212,家,212家,sipac-gov-cn-2024-02-04,经认定的各级各类总部已达212家",
        "suzhou,headquarters,2023-12,park,actual,exact,212,家,212家,sipac-gov-cn-2024-02-04,经认定的各级各类总部已达212家",
    ]
    assert result.exit_code == 1  # the row left out is still reported


# The import command that brought the public facts in (docs/dataset.md).
PUBLIC_FACTS_MAPS = [
    "--map",
    "国家高新技术企业数(有效期内,累计)=high_tech_enterprises",
    "--map",
    "独角兽及准独角兽(培育)企业数(累计)=unicorns",
    "--map",
    "调区扩区后总用地面积=area",
    "--map",
    "规模工业企业数(一区多园)=above_scale_enterprises",
]


def test_headline_figures_as_the_articles_state_them(bundled):
    frame = bundled.observations.set_index(["park", "indicator", "period", "scope"])
    assert frame.loc[("jinzhong", "gdp", "2022", "park"), "raw"] == "143亿元"
    assert frame.loc[("jinzhong", "output_intensity", "2022", "park"), "canonical_value"] == 343.81
    investment = frame.loc[("ganjiang", "signed_investment", "2025-01/2025-09", "生命健康、数字经济两大主导产业")]
    assert (investment["raw"], investment["qualifier"]) == ("超140亿元", "at_least")
    assert frame.loc[("ganjiang", "talent_subsidies", "2025", "park"), "canonical_value"] == 0.25
    assert frame.loc[("changde", "output_value", "2022-01/2022-11", "医药化工产业链"), "partial_year"]
