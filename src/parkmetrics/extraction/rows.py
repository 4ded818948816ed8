"""What extraction returns: candidate rows, the numbers left out with their reasons, and the quote of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..core.i18n import Words
from ..data import schema
from .article import Article

OUTPUT_COLUMNS = (*schema.COLUMNS[schema.OBSERVATIONS], "confidence", "start", "end")
IGNORED_COLUMNS = ("raw", "reason", "start", "end", "quote")
# What a quote never ends with: a trailing comma, enumeration comma, semicolon or colon of its clause.
QUOTE_TRAILERS = ",、;:"


@dataclass
class Candidate:
    """One proposed observation; the first twelve fields are the observations schema."""

    park: str
    indicator: str
    period: str
    scope: str
    status: str
    qualifier: str
    raw: str
    value: float
    unit: str
    source: str
    quote: str
    note: str
    confidence: float
    start: int
    end: int

    def row(self) -> dict:
        return {column: getattr(self, column) for column in OUTPUT_COLUMNS}


@dataclass
class Ignored:
    """A number that is not proposed, and why (date, phone number, one company's figure …)."""

    raw: str
    reason: Words
    start: int
    end: int
    quote: str

    def row(self) -> dict:
        return {column: getattr(self, column) for column in IGNORED_COLUMNS}


@dataclass
class Extraction:
    candidates: list[Candidate]
    ignored: list[Ignored]
    published: date | None
    published_from: str  # "given", "header" or "" when unknown
    # Other parks the article is also about, with the candidates given to them (nearest mention).
    other_parks: dict[str, int] = field(default_factory=dict)


def ignore(ignored: list[Ignored], article: Article, start: int, end: int, reason: Words) -> None:
    """Add the number at normalised [start, end) to `ignored`, quoted with its clause; no reason, no entry."""
    if not reason:
        return
    first, last = article.original_span(start, end)
    clause = quote_bounds(article, start, end)
    ignored.append(Ignored(article.original[first:last], reason, first, last, original_quote(article, *clause)))


def clauses_between(article: Article, first: int, second: int) -> int:
    return sum(1 for start in article.clause_starts if first < start <= second)


def quote_bounds(article: Article, start: int, end: int, earliest: int | None = None) -> tuple[int, int]:
    """The clause around [start, end), widened back to `earliest` (the figure's alias or period) when given."""
    clause_start = article.clause_start(start if earliest is None else min(start, earliest))
    clause_end = max(article.clause_end(end - 1 if end > start else end), end)
    return clause_start, clause_end


def original_quote(article: Article, start: int, end: int) -> str:
    return article.original_text(start, end).strip().rstrip(QUOTE_TRAILERS)
