"""The extract command: an article in, candidate observations (or the ignored numbers) out."""

from __future__ import annotations

import click

from .options import output_options, say, warn


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--park", default=None, help="Park id or name written into every row (resolved against --data; an unknown id or name is kept as given).")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date: resolves 今年/去年 and dates stocks [default: the date in the article's header].")
@click.option("--source", "source_id", default=None, help="Source id written into every row [default: PARK-PUBLISHED].")
@click.option("--source-title", default=None, help="Title of the article; adds a source_title column for import.")
@click.option("--source-url", default=None, help="Address of the article; adds a source_url column for import.")
@click.option("--show-ignored", is_flag=True, help="List the numbers that are not candidates, with the reason, instead of the candidates.")
@output_options
def extract(file, park, published, source_id, source_title, source_url, show_ignored, options):
    """Propose every figure of a Chinese news article as a candidate observation with its quote.

    FILE is plain text (UTF-8, GB18030 or Big5), or - for stdin. Each candidate keeps
    the figure as written, the indicator, period, scope and status read from the
    words around it, and the exact clause it came from; numbers that are not
    park figures (dates, phone numbers, one company's figures) are counted on
    stderr and listed with --show-ignored.

    \b
    Example:
      parkmetrics extract article.txt --park jinzhong --published 2023-02-27
      parkmetrics extract article.txt --park jinzhong --format csv > candidates.csv
    """
    from datetime import date

    from ..core.errors import UsageError
    from ..core.i18n import Words, pick
    from ..data.schema import SLUG
    from ..extraction.extract import UNKNOWN, Vocabulary, read_article
    from ..extraction.extract import extract as run_extract

    when = None
    if published:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            raise UsageError(Words(f"--published '{published}' 不是日期；请写成 YYYY-MM-DD，如 2023-02-27", f"--published '{published}' is not a date; write YYYY-MM-DD, e.g. 2023-02-27")) from None
    if source_id is not None and not SLUG.match(source_id):
        raise UsageError(Words(f"--source '{source_id}' 不是代码；请只用小写 ASCII 字母、数字、- 和 _", f"--source '{source_id}' is not an id; use lower-case ASCII letters, digits, - and _"))
    article = read_article(file)
    if article.encoding == "big5":
        warn(
            pick(
                (
                    f"{file} 像是 Big5（繁体中文），已按 Big5 读取；如文字有误，请存为 UTF-8",
                    f"{file} looks like Big5 (traditional Chinese) and was read as Big5; save it as UTF-8 if the text is wrong",
                ),
                options.lang,
            ),
            options.lang,
        )
    text = article.text
    dataset = options.load()
    park_id = _park_id(dataset, park, options.lang) if park else ""
    result = run_extract(text, Vocabulary.from_dataset(dataset), park_id, when, source_id)
    _tell(result, park_id, UNKNOWN, options.lang)
    if show_ignored:
        options.emit(_ignored_table(result))
    else:
        extra = {"source_title": source_title, "source_url": source_url}
        options.emit(_candidate_table(result, {key: value for key, value in extra.items() if value}))


def _park_id(dataset, park: str, lang: str) -> str:
    """The id of a park the dataset knows; an unknown id or name alike is kept as given, with a warning."""
    from ..core.i18n import pick
    from ..data.model import closest_ids, name_key

    lookup = dataset.park_lookup()
    if name_key(park) in lookup:
        return dataset.park_id(park)  # one park, or an error naming the several it could be
    ids = closest_ids(park, lookup, cutoff=0.6)
    hint = (f"；您是否要找 {'、'.join(ids)}？", f"; did you mean {', '.join(ids)}?") if ids else ("", "")
    warn(
        pick(
            (
                f"数据集中没有园区 '{park}'；各行按原样使用它（`import` 会把它作为新园区加入）{hint[0]}",
                f"park '{park}' is not in the dataset; rows use it as given (`import` adds it as a new park){hint[1]}",
            ),
            lang,
        ),
        lang,
    )
    return park


# Kinds of ignored numbers, by how their reason begins (the extraction modules word each reason): (Chinese, English).
IGNORED_KINDS = (
    ("page furniture after the article", ("正文之后的页面杂项", "page furniture after the article")),
    ("page furniture", ("页面杂项", "page furniture")),
    ("date or period", ("日期或期间，不是数字", "date or period, not a figure")),
    ("time of day", ("时刻", "time of day")),
    ("phone number", ("电话号码", "phone number")),
    ("list numbering", ("列表编号", "list numbering")),
    ("part of a web address", ("网址、文件名或代码的一部分", "part of a web address, file name or code")),
    ("rank or ordinal", ("排名或序数", "rank or ordinal")),
    ("one company's or project's figure", ("单个企业或项目的数字", "one company's or project's figure")),
    ("one company's figure", ("单个企业的数字", "one company's figure")),
    ("said by a company", ("企业自述的数字", "said by a company")),
    ("investment of one project or company", ("单个项目或企业的投资", "investment of one project or company")),
    ("in a question", ("问句中的数字", "in a question")),
    ("size class", ("类别名称中的规模等级", "size class in a category name")),
    ("unknown unit", ("未知单位", "unknown unit")),
    ("percentage points", ("百分点之差，不是带单位的数字", "percentage points, a difference")),
    ("repeats", ("重复前文的数字", "repeats a figure stated earlier")),
    ("vague quantity", ("约数词，不是数字", "vague quantity")),
    ("一 read as", ("“一”作“一个”讲，不是计数", "一 read as 'a'")),
    ("bare 万/亿", ("只有万或亿而没有单位", "bare 万/亿 without a unit")),
    ("no known unit", ("数字后没有已知单位", "no known unit after the number")),
    ("no unit after", ("数字后没有单位", "no unit after the number")),
    ("count in Chinese numerals", ("没有已知指标的中文计数", "count in Chinese numerals with no known indicator")),
)


def _ignored_kind(reason: str, lang: str) -> str:
    from ..core.i18n import pick

    for start, words in IGNORED_KINDS:
        if reason.startswith(start):
            return pick(words, lang)
    return pick(("其他", "other"), lang)


def _tell(result, park_id: str, unknown: str, lang: str) -> None:
    """The summary a reviewer needs on stderr: what was found, what was left out, what to fix."""
    from collections import Counter

    from ..core.i18n import pick

    if result.published is None:
        warn(
            pick(
                (
                    "没有给出发布日期，页头中也没有；相对和未注明的期间留空；请用 --published 给出",
                    "no publication date given or found in the header; relative and undated periods are left empty; pass --published",
                ),
                lang,
            ),
            lang,
        )
    elif result.published_from == "header":
        day = result.published.isoformat()
        warn(pick((f"发布日期 {day} 取自文章页头；可用 --published 改写", f"publication date {day} taken from the article's header; pass --published to override"), lang), lang)
    if not park_id:
        warn(pick(("没有给出 --park；`park` 列为空", "no --park given; the park column is empty"), lang), lang)
    if result.other_parks:
        named = ", ".join(f"{other}: {count}" for other, count in result.other_parks.items())
        total = sum(result.other_parks.values())
        warn(
            pick(
                (
                    f"文章还提到其他园区；{total} 个候选归给其前最近提到的园区（{named}）；导入前请检查 park 列",
                    f"the article also names other parks; {total} candidate(s) given to the one named nearest before them ({named}); check the park column before importing",
                ),
                lang,
            ),
            lang,
        )
    unknowns = sum(candidate.indicator == unknown for candidate in result.candidates)
    if unknowns:
        warn(
            pick(
                (f"{unknowns} 个候选的指标为 '{unknown}'；导入前请选定指标或删去该行", f"{unknowns} candidate(s) with indicator '{unknown}'; choose an indicator or drop the row before importing"),
                lang,
            ),
            lang,
        )
    kinds = Counter(_ignored_kind(item.reason, lang) for item in result.ignored)
    found, ignored = len(result.candidates), len(result.ignored)
    if lang == "en":
        listed = "; ".join(f"{count} {kind}" for kind, count in kinds.most_common())
        say(f"{found} candidate(s), {ignored} number(s) ignored" + (f" ({listed}); --show-ignored lists them" if listed else ""), err=True)
    else:
        listed = "；".join(f"{kind} {count} 个" for kind, count in kinds.most_common())
        say(f"{found} 个候选，忽略 {ignored} 个数字" + (f"（{listed}）；--show-ignored 列出它们" if listed else ""), err=True)


# Headers of the columns only extract has: (Chinese, English).
LABELS = {"confidence": ("置信度", "Confidence"), "start": ("起", "Start"), "end": ("止", "End"), "reason": ("原因", "Reason")}


def _candidate_table(result, extra: dict):
    from ..core.table import MACHINE, Column, Table
    from ..extraction.extract import OUTPUT_COLUMNS

    kinds = {"value": "number", "confidence": "number", "start": "integer", "end": "integer"}
    human = ("indicator", "raw", "period", "scope", "status", "confidence", "quote")
    columns = [Column(key, kinds.get(key, "text"), "all" if key in human else MACHINE, LABELS.get(key)) for key in OUTPUT_COLUMNS]
    columns += [Column(key, audience=MACHINE) for key in extra]
    if result.published and extra:
        columns.append(Column("source_published", audience=MACHINE))
        extra = {**extra, "source_published": result.published.isoformat()}
    rows = [{**candidate.row(), **extra} for candidate in result.candidates]
    return Table(columns, rows)


def _ignored_table(result):
    from ..core.table import Column, Table
    from ..extraction.extract import IGNORED_COLUMNS

    kinds = {"start": "integer", "end": "integer"}
    columns = [Column(key, kinds.get(key, "text"), label=LABELS.get(key)) for key in IGNORED_COLUMNS]
    return Table(columns, [item.row() for item in result.ignored])
