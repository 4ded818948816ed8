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
from helpers import EIGHT_PARKS, FIXTURES, REPO, copy_dataset, extended_copy
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
    # examples of what people write, quoted by extract's reasons and by the accepted forms of a period
    "投资…的",
    "第…",
    "数十",
    "几十",
    "…以上项目",
    "全国229家",
    "提升5位",
    "三个工业片区",
    "2022年1-11月",
    "截至2023年底",
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
    text = re.sub(r"--[a-z][a-z-]*", " ", text)  # option names, before a word of the data can cut one in two
    for word in exempt:
        text = text.replace(word, " ")
    text = re.sub(r"(?m)^(warning|note|error): ", " ", text)  # the stable prefixes scripts look for (docs/cli.md)
    text = re.sub(r"`[^`]*`", " ", text)  # commands and code quoted for the user to type
    text = re.sub(r"(?<!\w)'[^'\n]*'", " ", text)  # what the user wrote, quoted back (a name, a value, a period)
    text = re.sub(r"parkmetrics[ -~]*", " ", text)  # a command line, or a command named in a sentence
    text = re.sub(r"\b[0-9a-f]{64}\b|SHA-256", " ", text)  # the dataset's fingerprint
    text = re.sub(r"/\S+", " ", text)  # paths
    return re.sub(r"[\w.-]*\.(?:csv|tsv|xlsx|xls|toml|txt|md|db)\b", " ", text)  # file names


def english_left(text: str) -> list[str]:
    """Latin words left in Chinese text, apart from units, codes and numbers."""
    allowed = {"km", "kWh", "tce", "SHA", "Excel", "WPS", "bundled", "CSV", "TSV", "XLSX", "TOML", "UTF", "ASCII"}
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


# What people read besides tables: one line of every kind each command writes to stderr or, for
# validate and import, to stdout. Each case runs in a directory holding what it needs (see `messages`).
BROKEN_ROWS = [  # every problem validate reports of an observation row
    "nowhere,gdp,2022,park,actual,exact,143亿元,143,亿元,jinzhong-2023-02-27,地区生产总值完成143亿元,",
    "jinzhong,gdp_per_mu,2022,park,actual,exact,143亿元,143,亿元,jinzhong-2023-02-27,地区生产总值完成143亿元,",
    "jinzhong,gdp,2022,park,actual,exact,143亿元,150,亿元,jinzhong-2023-02-27,地区生产总值完成143亿元,",
    "jinzhong,gdp,1-11月,park,actual,exact,143亿元,143,亿元,jinzhong-2023-02-27,地区生产总值完成143亿元,",
    "jinzhong,gdp,2021,park,actual,exact,143亿元,143,亿元,jinzhong-2023-02-27,地区生产总值完成,",
    "jinzhong,area,2019,park,actual,exact,143亿元,143,亿元,jinzhong-2023-02-27,地区生产总值完成143亿元,",
    "jinzhong,gdp,2018,park,planned,about,143公斤,x,亿元,nosource,地区生产总值完成143亿元,",
    "jinzhong,high_tech_enterprises,2017,,actual,exact,-5家,-5,家,jinzhong-2023-02-27,,",
    "jinzhong,gdp_growth,2016,park,actual,exact,1500%,1500,%,jinzhong-2023-02-27,,",
]
IMPORT_ROWS = (  # one of each kind of rejection and note, and a conflict with the dataset
    "标题：园区指标\n\n"
    "园区,指标,期间,原文数值,来源,限定,状态\n"
    "晋中开发区,gdp,2022,99亿元,jinzhong-2023-02-27,,\n"
    "晋中开发区,不存在的指标,2023,5家,s,,\n"
    "晋中开发区,gdp,2023,abc,s,,\n"
    "合计,gdp,2023,5亿元,s,,\n"
    "晋中开发区,gdp,2023,5亿元,,,\n"
    "晋中开发区,gdp,,5亿元,s,,\n"
    "晋中开发区,gdp,2023,5亿元,s,同口径,\n"
    "晋中开发区,gdp,2023,5亿元,s,,计划中\n"
    "\n"
    "新园区,gdp,2023,5亿元,新来源,,\n"
)
MESSAGES = {
    # A failing invocation of every command: its error line.
    "error parks": ["parks", "-o", "taken.csv"],
    "error indicators": ["indicators", "-o", "taken.csv"],
    "error show": ["show", "qianjang"],
    "error compare": ["compare", "qianjiang", "钱江经开区"],
    "error rank": ["rank", "gdp", "--period", "1-11月"],
    "error rank profile": ["rank", "--profile", "nosuch"],
    "error data": ["data", "--indicator", "gpd"],
    "error data sqlite": ["data", "-f", "sqlite"],
    "error no dataset": ["parks", "--data", "nowhere"],
    "error compare period": ["compare", "qianjiang", "jinzhong", "--period", "2022", "--year", "2022"],
    "error rank nothing": ["rank"],
    "error profiles": ["profiles", "broken.toml"],
    "error coverage": ["coverage", "--all", "--indicators", "gdp"],
    "error extract": ["extract", "missing.txt"],
    "error init": ["init", "mine"],
    "error import": ["import", "rows.csv", "--into", "nowhere"],
    "error import file": ["import", "missing.csv", "--into", "mine"],
    "error validate": ["validate", "headless"],
    "error report": ["report", "-o", "report.csv"],
    "error unknown option": ["show", "qianjiang", "--bogus"],
    "error missing argument": ["show"],
    "error bad choice": ["parks", "-f", "xml"],
    "error no such command": ["bogus"],
    # The lines commands write besides tables.
    "validate problems": ["validate", "broken"],
    "layer conflict": ["parks", "--data", "bundled", "--data", "conflicting"],
    "layer conflict validate": ["validate", "bundled", "conflicting"],
    "import report": ["import", "rows.csv", "--into", "mine", "--dry-run"],
    "import written": ["import", "rows.csv", "--into", "mine"],
    "init": ["init", "fresh"],
    "extract ignored": ["extract", str(ARTICLE), "--park", "changde", "--published", "2024-07-15", "--show-ignored", "-f", "table"],
}


@pytest.fixture
def messages(tmp_path, monkeypatch):
    """A directory with what the cases need: a dataset (mine), a broken one, one conflicting with bundled, files."""
    monkeypatch.chdir(tmp_path)
    copy_dataset(EIGHT_PARKS, tmp_path / "mine")
    extended_copy(EIGHT_PARKS, tmp_path / "broken", observations=BROKEN_ROWS, parks=["Bad Id,坏园区,,,,县级,,"])
    conflicting = copy_dataset(REPO / "datasets", tmp_path / "conflicting")
    text = (conflicting / "observations.csv").read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1].split(",")
    first[7], first[6] = "1", "1" + first[8]  # the same fact with another value
    (conflicting / "observations.csv").write_text("\n".join([header, ",".join(first)]) + "\n", encoding="utf-8")
    (tmp_path / "headless").mkdir()
    (tmp_path / "headless" / "parks.csv").write_text("id\n", encoding="utf-8")
    for name in ("indicators", "sources", "observations"):
        (tmp_path / "headless" / f"{name}.csv").write_text((EIGHT_PARKS / f"{name}.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "taken.csv").write_text("mine\n", encoding="utf-8")
    (tmp_path / "broken.toml").write_text("[indicators]\ngdp = 1\n[groups]\nscale = 1\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text(IMPORT_ROWS, encoding="utf-8")
    return tmp_path


def _undo_writes(directory) -> None:
    """What init and import wrote is undone, so that each language's run meets the same files."""
    import shutil

    shutil.rmtree(directory / "fresh", ignore_errors=True)
    copy_dataset(EIGHT_PARKS, directory / "mine")


def _message_words(messages) -> list[str]:
    """Exempt from the message checks: data, and what the cases themselves name (files, ids, codes of the CSV format)."""
    from parkmetrics.core.units import MULTIPLIERS, unit_symbols
    from parkmetrics.data import schema

    words = set(data_words()) | {"taken", "mine", "fresh", "nowhere", "broken", "headless", "conflicting", "rows", "missing", "report", "bogus"}
    words |= {column for columns in schema.COLUMNS.values() for column in columns} - {"park", "scope", "status"}
    words |= {word for word in re.findall(r"[^,\n]+", "\n".join(BROKEN_ROWS) + IMPORT_ROWS) if not word.isascii()}  # what they quote
    words |= set(re.findall(r"[^\s,，。、；：“”]+", ARTICLE.read_text(encoding="utf-8")))
    words = {word for word in words if len(word) > 2 or not word.isascii()} | {"id", "xin"}  # xin: the id import gives 新园区
    units = [symbol for symbol in unit_symbols() if not symbol.isascii()]
    words |= {prefix + symbol for symbol in units for prefix in ("", *MULTIPLIERS)} | set(MULTIPLIERS)  # units, as the data writes them
    return sorted((words | _rule_words()) - {"park"}, key=len, reverse=True)


def _rule_words() -> set[str]:
    """The words of extract's shipped rules (company markers, furniture words …), which its reasons quote."""
    import tomllib
    from importlib import resources

    rules = tomllib.loads(resources.files("parkmetrics.extraction").joinpath("extract_rules.toml").read_text(encoding="utf-8"))
    found: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            found.add(value) if not value.isascii() else None
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(rules)
    return found


@pytest.mark.parametrize("name", list(MESSAGES))
def test_every_message_is_in_one_language(run, messages, name):
    """Errors, validate's problems, import's and init's report, extract's reasons and layer conflicts, in --lang."""
    exempt = _message_words(messages)
    if name.startswith("extract"):  # the numbers and clauses it quotes
        quoted = csv.DictReader(io.StringIO(run(*MESSAGES[name][:-2], "-f", "csv").stdout))
        exempt = sorted({*exempt, *(row[key] for row in quoted for key in ("raw", "quote"))}, key=len, reverse=True)
    for lang, left in (("zh", english_left), ("en", chinese_left), ("zh", english_left)):  # the last reads what the first stored
        _undo_writes(messages)
        result = run(*MESSAGES[name], "--lang", lang)
        if name.startswith("error"):
            prefix = "错误：" if lang == "zh" else "error: "
            assert result.exit_code == 2 and result.stderr.startswith(prefix) and result.stderr.count("\n") == 1, result.stderr
        read = result.stdout + result.stderr if name.split()[0] in ("validate", "import", "extract") or name.endswith("validate") else result.stderr
        read = re.sub(r"(?m)^  \S*,.*$", " ", read)  # a dry run's rows as they would be stored: the machine form
        assert read.strip(), f"{name} --lang {lang} said nothing"
        shown = without_data(read, exempt)
        assert left(shown) == [], f"{name} --lang {lang}: {left(shown)} in {result.stdout + result.stderr}"
