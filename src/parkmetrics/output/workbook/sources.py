"""The Sources sheet: every source with its link and count of figures, then each figure's verbatim quote."""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from .writer import Book, Heading, Link, Sheet, fit_widths, record_widths, widest


def write_sources(book: Book, worksheet, observations) -> None:
    sources = book.dataset.sources
    counts = Counter(map(itemgetter("source"), observations.rows))
    headers = [book.label(key) for key in ("id", "title", "publisher", "published", "url", "document", "figures")]
    rows = [[source_id, source["title"], source["publisher"], source["published"], Link(source["url"]), source["document"], counts.get(source_id, 0)] for source_id, source in sources.iterrows()]
    quote_keys = ("source", "park", "indicator", "period", "raw", "quote")
    quote_headers = [book.label(key) for key in quote_keys]
    widths = widest(fit_widths(headers, rows), record_widths(observations.rows, quote_keys, measured=book.measured))
    sheet = Sheet(book, worksheet, headers, widths, freeze="A2")
    for row in rows:
        sheet.append(row)
    sheet.append([], count=False)
    sheet.append([Heading(book.label("quotes"))], count=False)
    sheet.append_header(quote_headers)
    order = {source_id: position for position, source_id in enumerate(sources.index)}
    quotes = sorted(observations.rows, key=lambda row: order.get(row["source"], len(order)))
    sheet.stream(map(itemgetter(*quote_keys), quotes), len(quotes))
