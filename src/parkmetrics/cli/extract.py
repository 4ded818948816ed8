"""The extract command: an article in, candidate observations (or the ignored numbers) out."""

from __future__ import annotations

import click

from . import main
from .options import output_options, say, warn


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--park", default=None, help="Park id or name written into every row (resolved against --data; an unknown id or name is kept as given).")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date: resolves 今年/去年 and dates stocks [default: the date in the article's header].")
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

    from ..errors import UsageError
    from ..extract import UNKNOWN, Vocabulary, extract as run_extract, read_article
    from ..schema import SLUG

    when = None
    if published:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            raise UsageError(f"--published '{published}' is not a date; write YYYY-MM-DD, e.g. 2023-02-27") from None
    if source_id is not None and not SLUG.match(source_id):
        raise UsageError(f"--source '{source_id}' is not an id; use lower-case ASCII letters, digits, - and _")
    article = read_article(file)
    if article.encoding == "big5":
        warn(f"{file} looks like Big5 (traditional Chinese) and was read as Big5; save it as UTF-8 if the text is wrong")
    text = article.text
    dataset = options.load()
    park_id = _park_id(dataset, park) if park else ""
    result = run_extract(text, Vocabulary.from_dataset(dataset), park_id, when, source_id)
    _tell(result, park_id, UNKNOWN)
    if show_ignored:
        options.emit(_ignored_table(result))
    else:
        extra = {"source_title": source_title, "source_url": source_url}
        options.emit(_candidate_table(result, {key: value for key, value in extra.items() if value}))


def _park_id(dataset, park: str) -> str:
    """The id of a park the dataset knows; an unknown id or name alike is kept as given, with a warning."""
    from ..dataset import closest_ids, name_key

    lookup = dataset.park_lookup()
    if name_key(park) in lookup:
        return dataset.park_id(park)  # one park, or an error naming the several it could be
    ids = closest_ids(park, lookup, cutoff=0.6)
    hint = f"; did you mean {', '.join(ids)}?" if ids else ""
    warn(f"park '{park}' is not in the dataset; rows use it as given (`import` adds it as a new park){hint}")
    return park


def _tell(result, park_id: str, unknown: str) -> None:
    """The summary a reviewer needs on stderr: what was found, what was left out, what to fix."""
    from collections import Counter

    if result.published is None:
        warn("no publication date given or found in the header; relative and undated periods are left empty; pass --published")
    elif result.published_from == "header":
        warn(f"publication date {result.published.isoformat()} taken from the article's header; pass --published to override")
    if not park_id:
        warn("no --park given; the park column is empty")
    if result.other_parks:
        named = ", ".join(f"{other}: {count}" for other, count in result.other_parks.items())
        warn(f"the article also names other parks; {sum(result.other_parks.values())} candidate(s) given to the one named "
             f"nearest before them ({named}); check the park column before importing")
    unknowns = sum(candidate.indicator == unknown for candidate in result.candidates)
    if unknowns:
        warn(f"{unknowns} candidate(s) with indicator '{unknown}'; choose an indicator or drop the row before importing")
    reasons = Counter(item.reason.split(" (")[0] for item in result.ignored)
    listed = "; ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    say(f"{len(result.candidates)} candidate(s), {len(result.ignored)} number(s) ignored"
               + (f" ({listed}); --show-ignored lists them" if listed else ""), err=True)


# Headers of the columns only extract has: (Chinese, English).
LABELS = {"confidence": ("置信度", "Confidence"), "start": ("起", "Start"), "end": ("止", "End"), "reason": ("原因", "Reason")}


def _candidate_table(result, extra: dict):
    from ..extract import OUTPUT_COLUMNS
    from ..table import MACHINE, Column, Table

    kinds = {"value": "number", "confidence": "number", "start": "integer", "end": "integer"}
    human = ("indicator", "raw", "period", "scope", "status", "confidence", "quote")
    columns = [Column(key, kinds.get(key, "text"), "all" if key in human else MACHINE, LABELS.get(key))
               for key in OUTPUT_COLUMNS]
    columns += [Column(key, audience=MACHINE) for key in extra]
    if result.published and extra:
        columns.append(Column("source_published", audience=MACHINE))
        extra = {**extra, "source_published": result.published.isoformat()}
    rows = [{**candidate.row(), **extra} for candidate in result.candidates]
    return Table(columns, rows)


def _ignored_table(result):
    from ..extract import IGNORED_COLUMNS
    from ..table import Column, Table

    kinds = {"start": "integer", "end": "integer"}
    columns = [Column(key, kinds.get(key, "text"), label=LABELS.get(key)) for key in IGNORED_COLUMNS]
    return Table(columns, [item.row() for item in result.ignored])
