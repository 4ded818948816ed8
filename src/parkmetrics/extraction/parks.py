"""Several parks in one article: each figure goes to the park named nearest before it, as a subject."""

from __future__ import annotations

import re

from .article import alternation
from .context import ArticleContext
from .numbers_in_text import Span
from .period_mentions import PERIOD
from .status import status_word


def attribute_parks(context: ArticleContext, spans: list[Span], park: str) -> None:
    """Give each figure to the park named nearest before it in its paragraph, as a subject.

    The article's own park is `park` (its dataset names), else the park its title
    names, else the first park it names. Another park is its dataset id when the
    dataset knows it, else its name as written.
    """
    ids = context.vocabulary.park_ids
    own = {name for name, park_id in ids.items() if park_id == park} | set(context.title_names)
    named = _subject_parks(context)
    if not own and named:
        own = {named[0][1]}
    for span in spans:
        paragraph = context.article.sentence_at(span.start).paragraph
        nearest = next((name for start, name in reversed(named) if start < span.start and context.article.sentence_at(start).paragraph == paragraph), None)
        if nearest is None or any(nearest in name or name in nearest for name in own):
            continue
        span.park = ids.get(nearest, nearest)
        span.notes.append(f"given to {span.park}, the park named nearest before it ('{nearest}')")


def _subject_parks(context: ArticleContext) -> list[tuple[int, str]]:
    """(position, name) of each zone named at the start of a clause (范本高新区前三季度实现…)."""
    settings = context.rules["scope"]
    ending = alternation(settings["zone_name_endings"])
    name = re.compile(rf"[\u4e00-\u9fff]{{2,8}}?(?:{ending})")
    found = []
    for start in context.article.clause_starts:
        if start >= context.article.body_end or context.article.furniture_reason(start):
            continue
        head = context.text[start : context.article.clause_end(start)]
        offset = len(head) - len(head.lstrip(" \t\u3000"))
        period = PERIOD.match(head, offset)
        if period and period.group():
            offset = period.end()
        for word in settings["openers"]:
            if head.startswith(word, offset):
                offset += len(word)
                break
        match = name.match(head, offset)
        if match and _could_be_park(context, match.group()):
            found.append((start + offset, match.group()))
    return found


def _could_be_park(context: ArticleContext, name: str) -> bool:
    """澄和经开区 may be a park; 全区和开发区, 国家级经开区 or 预计全年新区 are not."""
    settings = context.rules["scope"]
    return not (
        name[0] in settings["stop_characters"]
        or any(c in settings["stop_characters"] for c in name if c not in settings["name_characters"])
        or name.startswith(tuple(settings["not_park_names"]))
        or status_word(name, context.rules["status"])
        or any(mention.group() for mention in PERIOD.finditer(name))
    )
