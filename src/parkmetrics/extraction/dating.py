"""The status and the period of each figure: counted, expected or aimed at, and for when.

A figure takes the period phrase that governs it in its statement, resolved
against the article's dates (dates.py); a stock is dated at its cut-off, a
figure with no phrase of its own carries the period of its paragraph, and
what nothing dates is recorded as of the publication month, with a note saying so.
"""

from __future__ import annotations

import re
from datetime import date

from ..core.periods import parse_period, stock_period
from ..data import schema
from .context import ArticleContext
from .numbers_in_text import Span
from .period_mentions import Mention
from .status import status_word
from .vocabulary import STOCK, compatible


def status_and_period(context: ArticleContext, spans: list[Span], span: Span) -> None:
    """Set the status and period of a kept figure; `spans` are all figures, those before it already dated."""
    # 预计全年实现…、增长…;规上工业…: the word governs the whole statement after it, semicolons included.
    before = context.text[context.article.statement_start(span.start) : span.start]
    word = status_word(before, context.rules["status"])
    span.status = schema.ACTUAL
    if word:
        span.status = schema.ESTIMATE if word in context.rules["status"]["estimate_words"] else schema.TARGET
        span.notes.insert(0, f"{span.status} ({word})")
    span.period = _period(context, spans, span)
    if span.status == schema.ACTUAL and span.period and context.published and parse_period(span.period).start.year > context.published.year:
        span.status = schema.TARGET  # 到2027年,营业收入达到3000亿元: nothing is counted yet
        span.notes.insert(0, f"target (a period after the publication date {context.published.isoformat()})")


def _period(context: ArticleContext, spans: list[Span], span: Span) -> str:
    if span.base is not None and not context.dates.between(span.base.end, span.start):
        span.dated_by_publication = span.base.dated_by_publication
        return span.base.period
    published = context.published
    statement = context.article.statement_start(span.start)
    in_statement = context.dates.between(statement, span.start)
    mention = in_statement[-1] if in_statement else None
    as_of = f"{published:%Y-%m}" if published else ""
    clause = context.text[context.article.clause_start(span.start) : span.start]
    if mention is None:
        named = context.dates.between(statement, span.start, naming=True)
        if named and named[-1].months:
            mention = named[-1]  # 2024年第一季度…签约活动, with no date of its own
        elif named:
            return _as_of(span, as_of, f"figure of an event ('{named[-1].text}…') whose date is not given")
    since = next((word for word in context.rules["periods"]["since_year_start"] if word in clause), None)
    if since:
        return _since_year_start(context, span, since, mention, as_of)
    cutoff = next((m for m in reversed(in_statement) if m.day is not None and _is_cutoff(context, m)), None)
    if cutoff is not None and _measure(context, span) != STOCK and all(m.ytd or (m.months is None and m.years is None and not m.recent) for m in in_statement if m.start > cutoff.start):
        # 今年以来,截至6月25日,… or 截至10月20日,园区今年已签约…: from January up to that day.
        end, _ = _resolve(context, cutoff)
        if end:
            span.notes.append(f"counted up to '{cutoff.text}' from the start of the year")
            return f"{end[:4]}-01-01/{end}-{cutoff.day:02d}"
    if _measure(context, span) == STOCK:
        dated = next((m for m in reversed(in_statement) if _is_cutoff(context, m)), None)  # 截至11月底,…共有…
        if dated is None and (mention is None or re.search(r"现有|目前|共有|现已|已有", clause)):
            return _as_of(span, as_of, "stock with no period of its own")
        mention = dated or mention
        period, note = _resolve(context, mention)
        if period:
            period = stock_period(period)
        return _noted(span, period, note)
    if mention is not None:
        return _noted(span, *_resolve(context, mention))
    carried = _carried_period(context, spans, statement)
    if carried is not None and _possible(context, span, carried[0]):
        period, origin, where = carried
        span.confidence -= 0.1
        span.notes.append(f"no period in the sentence; carried from {origin} earlier in the {where}")
        return period
    if context.dates.reporting_year and _possible(context, span, str(context.dates.reporting_year)):
        span.confidence -= 0.1
        span.notes.append(f"no period stated; the article reports on {context.dates.reporting_year}")
        return str(context.dates.reporting_year)
    return _as_of(span, as_of, "no period stated")


def _is_cutoff(context: ArticleContext, mention: Mention) -> bool:
    """截至6月底, 截止11月25日: the date a count runs up to."""
    return context.text[: mention.start].rstrip().endswith(tuple(context.rules["periods"]["cutoff_words"]))


def _since_year_start(context: ArticleContext, span: Span, word: str, mention: Mention | None, as_of: str) -> str:
    """较年初净增11家 after 截至2月底: from January to the month the statement is dated."""
    period = ""
    if mention is not None:
        period, _ = _resolve(context, mention)
    end = stock_period(period) if period else as_of
    if not end:
        return _noted(span, "", f"'{word}' needs the publication date; pass --published")
    span.notes.append(f"'{word}': from January to {end}")
    if len(end) == 4 or end.endswith("-12"):
        return end[:4]
    return end[:4] + "-01" if end.endswith("-01") else f"{end[:4]}-01/{end}"


def _possible(context: ArticleContext, span: Span, period: str) -> bool:
    """A whole year taken from elsewhere fits an actual figure only if it was over when the article appeared."""
    parsed = parse_period(period)
    return span.status != schema.ACTUAL or context.published is None or parsed.kind != "year" or parsed.end <= context.published


def _opens_clause(context: ArticleContext, mention: Mention) -> bool:
    """今年前5个月, … or 截至6月底, … sets the period of what follows; 经济总量近三年来首次… does not."""
    before = context.text[context.article.clause_start(mention.start) : mention.start].strip()
    return before in context.rules["periods"]["period_openers"]


def _measure(context: ArticleContext, span: Span) -> str:
    """The indicator's measure; for an unknown figure, a flow when money, a rate or a flow verb says so.

    The verb counts in the figure's clause or in the clause that opens its
    sentence (此次签约的项目中,…项目5个,外资项目3个).
    """
    indicator = context.vocabulary.indicators.get(span.indicator)
    if indicator is not None:
        return indicator.measure
    if span.measure:
        return span.measure
    if any(compatible(span.unit, unit) for unit in ("元", "美元", "%")):
        return "flow"
    clause = context.text[context.article.clause_start(span.start) : span.start]
    statement = context.article.statement_start(span.start)
    opening = context.text[statement : min(context.article.clause_end(statement), span.start)]
    words = (*context.rules["periods"]["flow_words"], *context.rules["indicators"]["increase_words"])
    return "flow" if any(word in clause or word in opening for word in words) else STOCK


def _carried_period(context: ArticleContext, spans: list[Span], before: int) -> tuple[str, str, str] | None:
    """The period of the last flow figure or period phrase before `before`: in its paragraph, else the one before.

    Returns (period, what it came from, "paragraph" or "paragraph before").
    """
    paragraph = context.article.sentence_at(before).paragraph
    for wanted, where in ((paragraph, "paragraph"), (context.article.previous_paragraph(paragraph), "paragraph before")):
        if wanted is None:
            break
        last = None
        for other in spans:
            if other.start >= before:
                break
            if other.ignored is None and other.period and not other.dated_by_publication and _measure(context, other) != STOCK and context.article.sentence_at(other.start).paragraph == wanted:
                last = (other.start, other.period, f"{other.raw} ({other.indicator})")
        for mention in context.dates.between(last[0] if last else 0, before):
            if context.article.sentence_at(mention.start).paragraph == wanted and _opens_clause(context, mention):
                period, _ = _resolve(context, mention)
                if period:
                    last = (mention.start, period, f"'{mention.text}'")
        if last is not None:
            return last[1], last[2], where
    return None


def _as_of(span: Span, as_of: str, why: str) -> str:
    span.dated_by_publication = True
    if not as_of:
        span.notes.append(f"{why}; pass --published to date it")
        span.confidence -= 0.2
        return ""
    span.notes.append(f"{why}; recorded as of the publication month")
    return as_of


def _noted(span: Span, period: str, note: str) -> str:
    if note:
        span.notes.append(note)
    if not period:
        span.confidence -= 0.2
    return period


def _resolve(context: ArticleContext, mention: Mention) -> tuple[str, str]:
    """The period a phrase names, a phrase without a year taking the one the article's dates give it."""
    published, dates = context.published, context.dates
    year = mention.year
    note = ""
    if mention.relative is not None:
        if dates.reference_year is None:
            return "", f"'{mention.text}' needs the publication date; pass --published"
        year = dates.reference_year - mention.relative
        note = f"'{mention.text}' read against the publication date {published.isoformat()}"
        if dates.reference_note and mention.relative == 0:
            note += f" ({dates.reference_note})"
    if mention.ytd:
        if dates.reference_year is None:
            return "", f"'{mention.text}' needs the publication date; pass --published"
        end = min(published, date(dates.reference_year, 12, 31))
        start = date(dates.reference_year, 1, 1)
        note = f"'{mention.text}' runs from {start.isoformat()} to {end.isoformat()}" + (f" ({dates.reference_note})" if dates.reference_note else "")
        if end == date(dates.reference_year, 12, 31):
            return str(dates.reference_year), note
        return f"{start.isoformat()}/{end.isoformat()}", note
    if mention.recent:
        if published is None:
            return "", f"'{mention.text}' needs the publication date; pass --published"
        first, last = published.year - mention.recent, published.year - 1
        note = f"'{mention.text}' read as the {mention.recent} whole years before {published.year}"
        return (str(last) if first == last else f"{first}/{last}"), note
    if mention.years:
        return f"{mention.years[0]}/{mention.years[1]}", ""
    if year is None:
        year, note = dates.mention_years[mention.start]
        if year is None:
            return "", note
    if mention.months:
        first, last = mention.months
        if (first, last) == (1, 12):
            return str(year), note
        if first == last:
            return f"{year}-{first:02d}", note
        return f"{year}-{first:02d}/{year}-{last:02d}", note
    return str(year), note
