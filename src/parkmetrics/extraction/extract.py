"""Turn a Chinese news article into candidate observations, each with its verbatim quote.

Every number in the article ends up either as a candidate row (indicator,
period, scope, status, the figure as written) or in the ignored list with a
reason, so a reviewer sees what was left out and why. Figures are read by the
one figure parser (figures.parse_figure); the words around them are matched
against the indicator aliases of the dataset and the word lists of
extract_rules.toml. Nothing here knows any particular article.

The steps, each in its own module: the numbers (numbers_in_text), the
article's context, read once (context, dates, companies, scope), then for each
figure its indicator (indicators), whether it is one company's (companies),
its status and period (dating) and its park (parks); the rows come last.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..core.errors import UsageError
from ..core.i18n import Words
from ..files.decoding import Decoded
from .article import Article, header_date, header_park_names, rules
from .companies import company_names, company_reason
from .context import ArticleContext
from .dates import read_dates
from .dating import status_and_period
from .indicators import choose_indicator
from .numbers_in_text import Span, find_numbers
from .parks import attribute_parks
from .rows import IGNORED_COLUMNS, OUTPUT_COLUMNS, Candidate, Extraction, Ignored, clauses_between, ignore, original_quote, quote_bounds
from .scope import clause_scopes, sentence_parts, span_scope
from .vocabulary import UNKNOWN, Vocabulary

__all__ = ["Candidate", "Extraction", "Ignored", "Vocabulary", "extract", "OUTPUT_COLUMNS", "IGNORED_COLUMNS", "UNKNOWN"]


def extract(
    text: str,
    vocabulary: Vocabulary,
    park: str = "",
    published: date | None = None,
    source: str | None = None,
) -> Extraction:
    """Read an article and propose its figures as candidate observations.

    `published` resolves 今年/去年 and dates stocks; without it the date in the
    article's header is used when there is one. `source` defaults to
    '<park>-<published>' when both are known.
    """
    article = Article.from_text(text)
    published_from = "given" if published else ""
    if published is None:
        published = header_date(article)
        published_from = "header" if published else ""
    if source is None:
        source = f"{park}-{published.isoformat()}" if park and published else ""
    spans, ignored = find_numbers(article)
    context = _read_context(article, vocabulary, published)
    _read_figures(context, spans)
    attribute_parks(context, spans, park)
    candidates, repeated = _rows(context, spans, park, source)
    others = Counter(candidate.park for candidate in candidates if candidate.park != park)
    return Extraction(candidates, sorted([*ignored, *repeated], key=lambda item: item.start), published, published_from, dict(others))


def _read_context(article: Article, vocabulary: Vocabulary, published: date | None) -> ArticleContext:
    """What the rules read about the article besides its figures, once."""
    title_names = header_park_names(article, rules()["scope"]["park_name_endings"], vocabulary.park_names)
    park_names = sorted({*vocabulary.park_names, *title_names}, key=len, reverse=True)
    return ArticleContext(
        article=article,
        vocabulary=vocabulary,
        published=published,
        rules=rules(),
        title_names=title_names,
        park_names=park_names,
        dates=read_dates(article, published),
        company_names=company_names(article, park_names),
        scopes=clause_scopes(article, park_names),
    )


def _read_figures(context: ArticleContext, spans: list[Span]) -> None:
    """Each figure's indicator and exclusion in text order, then the status and period of those kept.

    In text order because a figure may take the indicator or the company of the
    one before it in its sentence, and its period from the figures before it.
    """
    previous: dict[int, Span] = {}
    for span in spans:
        sentence = context.article.sentence_at(span.start)
        earlier = previous.get(sentence.start)
        choose_indicator(context, spans, span, earlier, sentence)
        if context.article.is_question(sentence):
            span.ignored = Words("问句中的数字，不是报告的数字", "in a question, not a reported figure")
        elif reason := company_reason(context, span, sentence, earlier):
            span.ignored, span.company = reason, True
        if span.ignored is None and span.indicator == UNKNOWN:
            span.ignored = span.needs_indicator
        previous[sentence.start] = span
    for span in spans:
        if span.ignored is None:
            status_and_period(context, spans, span)


def _rows(context: ArticleContext, spans: list[Span], park: str, source: str) -> tuple[list[Candidate], list[Ignored]]:
    """The candidates, and the figures left out at the end: excluded ones and repeats."""
    article = context.article
    rows: list[Candidate] = []
    ignored: list[Ignored] = []
    seen: dict[tuple, Span] = {}
    parts = sentence_parts(article, spans)
    for span in spans:
        if span.ignored is not None:
            ignore(ignored, article, span.start, span.end, span.ignored)
            continue
        key = (span.indicator, span.value, span.unit, span.qualifier)
        first = seen.get(key)
        if span.indicator != UNKNOWN and first is not None and not _different_years(first.period, span.period):
            at = article.origin[first.start]
            ignore(
                ignored,
                article,
                span.start,
                span.end,
                Words(f"重复第 {at} 个字符处已给出的 {first.raw}（{span.indicator}）", f"repeats {first.raw} ({span.indicator}) stated earlier at character {at}"),
            )
            continue
        seen.setdefault(key, span)
        earliest = [position for position in (span.alias_start, span.base.start if span.base else None) if position is not None]
        sentence = article.sentence_at(span.start)
        earliest += [m.start for m in context.dates.mentions if sentence.start <= m.start < span.start and not m.comparison and clauses_between(article, m.start, span.start) <= 1][-1:]
        quote_start, quote_end = quote_bounds(article, span.start, span.end, min(earliest) if earliest else None)
        first_char, last_char = article.original_span(quote_start, quote_end)
        quote = original_quote(article, quote_start, quote_end)
        first_char += len(article.original[first_char:last_char]) - len(article.original[first_char:last_char].lstrip())
        rows.append(
            Candidate(
                park=span.park or park,
                indicator=span.indicator,
                period=span.period,
                scope=span_scope(context, span, parts),
                status=span.status,
                qualifier=span.qualifier,
                raw=span.raw,
                value=span.value,
                unit=span.unit,
                source=source,
                quote=quote,
                note="; ".join(span.notes),
                confidence=round(max(span.confidence, 0.1), 2),
                start=first_char,
                end=first_char + len(quote),
            )
        )
    return rows, ignored


def _different_years(first: str, second: str) -> bool:
    """Two full-year figures of different years are two facts, not a repeat."""
    return bool(re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{4}", second) and first != second)


ARTICLE_READS = Words("extract 读取从文章复制的纯文本", "extract reads plain text pasted from an article")


def read_article(path: str) -> Decoded:
    """The text of FILE, or of stdin for '-', and the encoding it was found in (files.decoding.decode)."""
    import sys

    from ..files.decoding import decode
    from ..files.limits import read_input_file, read_stream

    if path == "-":
        if sys.stdin is None:
            raise UsageError(Words("标准输入已关闭；请给出文本文件的路径，或用管道传入文章", "stdin is closed; give the path of a text file, or pipe the article in"))
        data, name = read_stream(sys.stdin.buffer, "stdin"), "stdin"
    else:
        data, name = read_input_file(path, path, Words("文本文件（或用 - 读取标准输入）", "a text file, or - to read stdin")), path
    return decode(data, name, reads=ARTICLE_READS, has_encoding_option=False)
