"""The article's calendar: its period phrases, the year 今年 means, the year it reports on, the year of each phrase.

All of it follows from the text and the publication date alone, so it is read
once per article, before any figure is dated (dating.py).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from .article import Article, rules
from .period_mentions import Mention, period_mentions
from .status import status_word


@dataclass(frozen=True)
class ArticleDates:
    """The period phrases of one article and the years they mean."""

    published: date | None
    mentions: list[Mention]
    mention_starts: list[int]
    reference_year: int | None  # the year 今年 means
    reference_note: str  # why it is not the publication year, when it is not
    reporting_year: int | None
    # The year of each phrase by its start, with a note on how a phrase without one got it.
    mention_years: dict[int, tuple[int | None, str]]

    def between(self, start: int, end: int, naming: bool = False) -> list[Mention]:
        """The period phrases from start to end; naming: those of event names instead of the others."""
        first, last = bisect.bisect_left(self.mention_starts, start), bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[first:last] if not m.comparison and m.naming == naming]


def read_dates(article: Article, published: date | None) -> ArticleDates:
    """The period phrases of the article and the years they mean, read against the publication date."""
    mentions = period_mentions(article.text, article.body_end)
    reference_year, reference_note = _reference_year(article, mentions, published)
    dates = ArticleDates(published, mentions, [mention.start for mention in mentions], reference_year, reference_note, _reporting_year(mentions, published), {})
    # In text order, so that the phrase a later one takes its year from has its own already.
    for mention in mentions:
        dates.mention_years[mention.start] = _year_of(article, dates, mention)
    return dates


def _year_of(article: Article, dates: ArticleDates, mention: Mention) -> tuple[int | None, str]:
    """The year of a phrase without one (全年, 上半年, 1-11月).

    In order: the year of a phrase before it in its sentence, of the last
    phrase before it in its paragraph, the year the article reports on,
    the reference year — or the year before, when the phrase would
    otherwise end after the publication date in a sentence that sets no target.
    """
    text = article.text
    earlier = dates.between(article.statement_start(mention.start), mention.start)
    context = [m for m in earlier if m.year is not None or m.relative is not None]
    paragraph = article.sentence_at(mention.start).paragraph
    paragraph_start = text.rfind("\n", 0, mention.start) + 1
    before = [m for m in dates.between(paragraph_start, mention.start) if article.sentence_at(m.start).paragraph == paragraph and (m.year or m.relative is not None or m.ytd or m.months)]
    if context and context[-1].year is not None:
        return context[-1].year, ""
    if context and dates.reference_year is not None:
        year = dates.reference_year - context[-1].relative
        return year, f"'{mention.text}' without a year read as {year}"
    if before and (carried := _phrase_year(dates, before[-1])) is not None:
        return carried, f"'{mention.text}' without a year takes {carried} from '{before[-1].text}' earlier in the paragraph"
    if dates.reporting_year:
        return dates.reporting_year, f"'{mention.text}' without a year: the article reports on {dates.reporting_year}"
    if dates.reference_year is None:
        return None, f"'{mention.text}' has no year; pass --published"
    if _ends_after_publication(article, dates.published, mention, dates.reference_year):
        year = dates.reference_year - 1
        return year, f"'{mention.text}' without a year would end after the publication date {dates.published.isoformat()}; read as {year}"
    return dates.reference_year, f"'{mention.text}' without a year read as {dates.reference_year}"


def _phrase_year(dates: ArticleDates, mention: Mention) -> int | None:
    """The single year a period phrase is in, if it names one (an earlier phrase, whose year is already read)."""
    if mention.year is not None:
        return mention.year
    if dates.reference_year is None or mention.recent or mention.years:
        return None
    if mention.relative is not None or mention.ytd:
        return dates.reference_year - (mention.relative or 0)
    return dates.mention_years[mention.start][0]


def _ends_after_publication(article: Article, published: date, mention: Mention, year: int) -> bool:
    """An actual figure cannot be for months that have not happened yet when the article appeared."""
    if not mention.months or (year, mention.months[1]) <= (published.year, published.month):
        return False
    statement = article.text[article.statement_start(mention.start) : article.sentence_at(mention.start).end]
    return status_word(statement, rules()["status"]) is None


def _reference_year(article: Article, mentions: list[Mention], published: date | None) -> tuple[int | None, str]:
    """The year 今年 means: the publication year, unless the article shows it reviews the year before.

    Only a cumulative span from January (今年1-11月, 今年前三季度) shows that;
    今年6月 may be a month still to come (今年6月开工).
    """
    if published is None:
        return None, ""
    for mention in mentions:
        if mention.relative == 0 and mention.months and mention.months[0] == 1 and mention.months[1] > published.month:
            sentence = article.sentence_at(mention.start)
            if status_word(article.text[sentence.start : sentence.end], rules()["status"]) is None:
                return published.year - 1, (f"the article's '{mention.text}' ends after its publication in {published:%Y-%m}, so 今年 is {published.year - 1}")
    return published.year, ""


def _reporting_year(mentions: list[Mention], published: date | None) -> int | None:
    """A year named at least twice, the publication year or the one before: what the article reviews."""
    if published is None:
        return None
    counts: dict[int, int] = {}
    for mention in mentions:
        if mention.year in (published.year - 1, published.year) and mention.relative is None:
            counts[mention.year] = counts.get(mention.year, 0) + 1
    best = max(counts.items(), key=lambda item: (item[1], item[0]), default=None)
    return best[0] if best and best[1] >= 2 else None
