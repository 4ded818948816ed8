"""The scope of a figure: the whole park, or the chain, sector or sub-zone its clause or paragraph is about.

A clause that opens with a topic (集成电路产业链, 滨江片区) sets the scope of the
clauses after it in its paragraph; a 其中 figure sets it for the rest of its
sentence, and an area takes the place named after it.
"""

from __future__ import annotations

import re

from ..data import schema
from .article import Article, alternation, rules, strip_quotes
from .context import ArticleContext
from .numbers_in_text import Span
from .period_mentions import PERIOD
from .vocabulary import compatible


def clause_scopes(article: Article, park_names: list[str]) -> dict[int, str]:
    """The scope of each clause: the chain, sector or sub-zone that a paragraph's clauses are about."""
    scopes = {}
    current, paragraph, placed_in = schema.WHOLE_PARK, -1, None
    for start in article.clause_starts:
        if start >= len(article.text):
            continue
        sentence = article.sentence_at(start)
        if sentence.paragraph != paragraph:
            current, paragraph = schema.WHOLE_PARK, sentence.paragraph
        clause = article.text[start : article.clause_end(start)]
        topic = _topic(clause, park_names)
        statement = article.statement_start(start)
        if topic == schema.WHOLE_PARK and placed_in == statement:
            topic = None  # 在新能源汽车产业链,经开区推动…: the park acts within the chain named first
        if topic is not None:
            current = topic
            placed_in = statement if topic != schema.WHOLE_PARK and strip_quotes(clause).startswith("在") else None
        scopes[start] = current
    return scopes


def _topic(clause: str, park_names: list[str]) -> str | None:
    settings = rules()["scope"]
    text = strip_quotes(clause)
    if rules()["indicators"]["share_word"] in text and "%" in text:
        return None  # 战略性新兴产业产值占…比重: the part of a share, not the clause's scope
    changed = True
    while changed:
        changed = False
        mention = PERIOD.match(text)
        if mention and mention.group():
            text, changed = text[mention.end() :], True
        for word in settings["openers"]:
            if text.startswith(word):
                text, changed = text[len(word) :], True
    park = False
    changed = True
    while changed:
        changed = False
        for name in park_names:
            # 滨江片区 is a sub-zone even when 滨江 also names a park of the dataset.
            if text.startswith(name) and not text.startswith(tuple(settings["subzone_endings"]), len(name)):
                text, changed, park = text[len(name) :], True, True
                break
    suffixes = sorted(settings["suffixes"], key=len, reverse=True)
    for index in range(len(text)):
        suffix = next((s for s in suffixes if text.startswith(s, index)), None)
        if suffix is None:
            continue
        end = index + len(suffix)
        extended = next((s for s in suffixes if text.startswith(s, end)), None)
        if extended:
            end += len(extended)
        topic = text[:end]
        if (
            4 <= len(topic) <= settings["max_topic"]
            and not any(c in settings["stop_characters"] or c.isdigit() or c.isascii() for c in topic)
            and not any(word in topic for word in settings["stop_words"])
            and topic not in settings["generic_topics"]
        ):
            return topic
        break
    zone = next((word for word in settings["zone_words"] if text.startswith(word)), None)
    if zone:
        return zone
    return schema.WHOLE_PARK if park else None


def span_scope(context: ArticleContext, span: Span, parts: dict[int, tuple[int, str]]) -> str:
    """The scope of a figure; `parts` are the 其中 parts of the sentences (sentence_parts)."""
    if span.scope is not None:
        return span.scope
    subset = parts.get(context.article.sentence_at(span.start).start)
    if subset is not None and subset[0] < span.start:
        return subset[1]  # …其中制造业项目29个,协议投资168亿元: the rest of the sentence is about the part
    if _is_area(span):
        place = re.match(rf"[\u4e00-\u9fff]{{2,10}}?(?:{alternation(context.rules['scope']['area_places'])})", context.text[span.end :])
        if place:
            return place.group()
    return context.scopes.get(context.article.clause_start(span.start), schema.WHOLE_PARK)


def _is_area(span: Span) -> bool:
    return compatible(span.unit, "平方公里")


def sentence_parts(article: Article, spans: list[Span]) -> dict[int, tuple[int, str]]:
    """The last 其中 part of each sentence, by the sentence's start: (the part's figure's start, the part)."""
    return {article.sentence_at(span.start).start: (span.start, span.part) for span in spans if span.part is not None}
