"""--lang zh|en: every table, note, warning and workbook cell people read is in one language.

What the data says is exempt (park and indicator names in both languages, aliases, quotes,
scopes, definitions, source titles, ids): those are proper names and quotations. Everything
parkmetrics writes itself must be in the language asked for.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from helpers import FIXTURES, REPO
from openpyxl import load_workbook

DATASET = REPO / "datasets"
ARTICLE = FIXTURES / "extract" / "news_article.txt"
COMMANDS = {
    "parks": ["parks"],
    "indicators": ["indicators"],
    "show": ["show", "changde", "--sources", "--derived"],
    "show-empty": ["show", "changfeng"],
    "compare": ["compare", "changde", "ganjiang", "--include-targets", "--derived"],
    "compare-three": ["compare", "suzhou", "qianjiang", "jinzhong", "--include-targets"],
    "compare-pair": ["compare", "qianjiang", "jinzhong"],
    "rank": ["rank", "high_tech_enterprises"],
    "rank-spans": ["rank", "industrial_output"],
    "rank-part": ["rank", "party_members"],
    "rank-profile": ["rank", "--profile", "innovation", "--verbose", "--uncertainty", "20", "--seed", "1"],
    "rank-weights": ["rank", "--weights", "output_value_per_mu=1,gdp=1,area=1", "--verbose"],
    "profiles": ["profiles"],
    "profile": ["profiles", "land_efficiency"],
    "data": ["data", "--park", "changde"],
    "extract": ["extract", str(ARTICLE), "--park", "changde", "--published", "2024-07-15"],
}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff（），；：、。“”]")
# Words from sources that English text quotes when it explains how figures are read, and the official names
# of the evaluation schemes the shipped profiles follow: quotations and proper names.
QUOTED_SOURCE_WORDS = (
    "国家级经济技术开发区综合发展水平考核评价办法",
    "国家级经济技术开发区综合发展水平考核评价",
    "亩均效益综合评价",
    "亩均论英雄",
    "亩均税收",
    "亩均增加值",
    "亩均效益",
    "亩均",
    "专精特新",
    "科技创新",
    "地区生产总值",
    "税收",
    "超",
    "余",
    "以上",
    "不足",
    "不到",
    "约",
    "近",
    "左右",
    "力争",
    "目标",
    "计划",
    "预计",
    "亩",
)
SOURCE_TEXT_COLUMNS = ("raw", "quote", "scope")


def data_words() -> list[str]:
    """Every text of the dataset and of the shipped vocabularies: proper names and quotations, exempt."""
    from parkmetrics.analysis.derived import DERIVATIONS
    from parkmetrics.analysis.profiles import load_profile, shipped_names

    words = set()
    for name in ("parks", "indicators", "sources", "observations"):
        with open(DATASET / f"{name}.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column in ("value", "period", "unit", "kind", "level", "province", "city", "status", "qualifier", "measure", "direction") or value in ("", "park"):
                        continue
                    words.add(value)
                    words.update(value.split("|"))
                    if column == "scope":
                        words.update(part.strip() for part in value.split("、"))
    from parkmetrics.data.loading import load

    implied = load([str(DATASET)]).indicators  # the growth rates the vocabulary implies (gdp → gdp_growth) are names too
    for column in ("id", "name_zh", "name_en", "definition"):
        words.update(implied[column])
    for derivation in DERIVATIONS:
        words.update((derivation.id, derivation.name_zh, derivation.name_en, derivation.definition, derivation.formula))
    for name in shipped_names():
        profile = load_profile(name)
        words.update((name, profile.title, profile.title_zh))
    words.update(re.findall(r"[^\s,，。、；：“”]+", ARTICLE.read_text(encoding="utf-8")))  # what extract quotes
    words.add("weights")  # the name of the profile --weights builds
    words.update(QUOTED_SOURCE_WORDS)
    return sorted(words - {""}, key=len, reverse=True)


@pytest.fixture(scope="module")
def exempt():
    return data_words()


def without_data(text: str, exempt: list[str]) -> str:
    for word in exempt:
        text = text.replace(word, " ")
    text = re.sub(r"(?m)^(warning|note): ", " ", text)  # the stable prefixes scripts look for (docs/cli.md)
    text = re.sub(r"`[^`]*`", " ", text)  # commands and code quoted for the user to type
    text = re.sub(r"parkmetrics[ -~]*", " ", text)  # a command line, or a command named in a sentence
    text = re.sub(r"\b[0-9a-f]{64}\b|SHA-256", " ", text)  # the dataset's fingerprint
    text = re.sub(r"/\S+", " ", text)  # paths
    return re.sub(r"--[a-z][a-z-]*", " ", text)  # option names


def english_left(text: str) -> list[str]:
    """Latin words left in Chinese text, apart from units, codes and numbers."""
    allowed = {"km", "kWh", "tce", "SHA", "Excel", "WPS", "bundled"}
    return [word for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text) if word not in allowed]


def chinese_left(text: str) -> list[str]:
    return HAN.findall(text)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_table_note_and_warning_is_in_one_language(run, exempt, name):
    quoted = csv.DictReader(io.StringIO(run(*COMMANDS[name], "-f", "csv").stdout))
    exempt = sorted({*exempt, *(row[key] for row in quoted for key in SOURCE_TEXT_COLUMNS if row.get(key))} - {"park"}, key=len, reverse=True)
    for lang, left in (("zh", english_left), ("en", chinese_left)):
        result = run(*COMMANDS[name], "-f", "table", "--lang", lang)
        assert result.exit_code == 0, result.stderr
        shown = without_data(result.stdout + result.stderr, exempt)
        assert left(shown) == [], f"{name} --lang {lang}"


@pytest.mark.parametrize("lang, left", [("zh", english_left), ("en", chinese_left)])
def test_every_workbook_cell_is_in_one_language(run, exempt, tmp_path, lang, left):
    target = tmp_path / "report.xlsx"
    result = run("report", "-o", str(target), "--lang", lang, "--profile", "innovation", "--profile", "land_efficiency")
    assert result.exit_code == 0, result.stderr
    book = load_workbook(target)
    texts = [sheet.title for sheet in book]
    for sheet in book:
        if sheet.title in ("数据", "Data"):  # the machine contract of `data`, ASCII keys and codes in both languages
            continue
        texts += [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
        for chart in sheet._charts:
            texts += ["".join(run.t for paragraph in chart.title.tx.rich.p for run in (paragraph.r or []))]
    found = left(without_data("\n".join(texts) + result.stderr, exempt))
    assert found == []
