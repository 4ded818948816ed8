"""Which indicator a figure is: the alias nearest to it in its sentence, narrowed by its unit and its words.

A growth rate or share may take the indicator of the figure before it, a
分别 list pairs each figure with its item, and a figure the sentence narrows
(新增, 其中, a size class) stays `unknown` with the reason, for a reviewer to decide.
"""

from __future__ import annotations

import re

from ..core.figures import NEGATING_WORDS
from ..core.units import MULTIPLIERS
from .article import QUOTE_MARKS, Sentence, alternation, strip_quotes
from .context import ArticleContext
from .numbers_in_text import Span
from .period_mentions import PERIOD
from .vocabulary import STOCK, UNKNOWN, compatible, is_count


def _bare_unit(unit: str) -> str:
    """The unit without its 万/亿 multiplier: 万元/亩 -> 元/亩."""
    for multiplier in MULTIPLIERS:
        if unit.startswith(multiplier):
            return unit[len(multiplier) :]
    return unit


def _window(context: ArticleContext, span: Span, sentence: Sentence, earlier: Span | None) -> tuple[str, list[int], int, int]:
    """Sentence text before the figure + the counted noun after it, quotes removed.

    Returns the joined text, the normalised position of each of its
    characters, the cut (where the figure was) and where the figure's own
    stretch begins (after the previous figure or at its clause start).
    """
    text = context.text
    count = is_count(span.unit)
    after_end = span.end
    if count:
        limit = min(len(text), span.end + context.rules["indicators"]["after_window"])
        while after_end < limit and text[after_end] not in ",、;。:!?\n" and not text[after_end].isdigit():
            after_end += 1
    joined, positions = [], []
    for position in list(range(sentence.start, span.start)) + list(range(span.end, after_end)):
        char = text[position]
        if char in QUOTE_MARKS or char in " \t\u3000":
            continue
        joined.append(char)
        positions.append(position)
    cut = sum(1 for position in positions if position < span.start)
    near = max(context.article.clause_start(span.start), earlier.end if earlier else sentence.start)
    near_index = sum(1 for position in positions if position < near)
    return "".join(joined), positions, cut, near_index


def _best_alias(aliases, joined: str, cut: int, near: int, allowed) -> tuple | None:
    best = None
    for alias in aliases:
        if (alias.indicator not in allowed and alias.indicator != UNKNOWN) or alias.head not in joined:
            continue
        for match in alias.pattern.finditer(joined):
            start, end = match.span()
            if end <= near or (start and joined[start - 1].isdigit()):
                continue
            if start < cut < end:
                rank = (3, 0)
            elif start >= cut:
                rank = (2, -(start - cut))
            else:
                rank = (1, -(cut - end))
            key = (*rank, alias.weight)
            if best is None or key > best[0]:
                best = (key, alias.indicator, start)
    return best


def _enumeration(context: ArticleContext, spans: list[Span], span: Span) -> tuple[str, str, str, int] | None:
    """A figure of a 分别 list paired with its item: (item, shared tail, words before the figures, list start).

    集成电路、智能终端、生物医药三大产业产值分别增长21.5%、12.6%、8.9%: the second
    figure is (智能终端, 产业产值, 增长). None unless items and figures are as many.
    """
    text = context.text
    clause = context.article.clause_start(span.start)
    word = context.rules["indicators"]["enumeration_word"]
    at = text.rfind(word, clause, span.start)
    if at < 0:
        return None
    figures = [other for other in spans if at < other.start and context.article.clause_start(other.start) == clause]
    if span not in figures or any(text[a.end : b.start].strip() not in ("、", "和", "及", "与") for a, b in zip(figures, figures[1:])):
        return None
    items, tail = _list_items(context, text[clause:at])
    statement = context.article.statement_start(span.start)
    if len(items) == 1 and len(figures) > 1 and clause > statement:
        # 电子信息、新材料两大主导产业,产值分别达到560亿元、320亿元: the items stand in the clause before.
        before = context.article.clause_start(clause - 1)
        listed, listed_tail = _list_items(context, text[before : clause - 1])
        items, tail = listed, listed_tail + items[0] + tail
    if len(items) != len(figures) or not all(items):
        return None
    verb = strip_quotes(text[at + len(word) : figures[0].start])
    return items[figures.index(span)], tail, verb, clause


def _list_items(context: ArticleContext, text: str) -> tuple[list[str], str]:
    """The items of 园区已形成电子信息、新材料两大主导产业 (电子信息, 新材料) and what follows them (主导产业)."""
    head = strip_quotes(text)
    period = PERIOD.match(head)
    head = head[period.end() :] if period else head
    head = next((head[len(name) :] for name in context.park_names if head.startswith(name)), head)
    items = head.split("、")
    verbs = [*context.rules["scope"]["stop_words"], *context.rules["indicators"]["list_verbs"]]
    cut = max((items[0].rfind(verb) + len(verb) for verb in verbs if verb in items[0]), default=0)
    items[0] = items[0][cut:]
    counted = re.search(r"[一二两三四五六七八九十\d]+(?:大|个|类|项)", items[-1])
    tail = ""
    if counted:
        items[-1], tail = items[-1][: counted.start()], items[-1][counted.end() :]
    return items, tail


def choose_indicator(context: ArticleContext, spans: list[Span], span: Span, earlier: Span | None, sentence: Sentence) -> None:
    """Set the indicator of a figure, or leave it `unknown` with a note; `earlier` is the figure before it in its sentence."""
    vocabulary = context.vocabulary
    settings = context.rules["indicators"]
    joined, positions, cut, near = _window(context, span, sentence, earlier)
    ranks = vocabulary.ranks
    if span.position:
        # The table is often named in the clause before (…考核评价结果揭晓,园区位列第38位);
        # a provincial or city table (在全省…中居第3位) is none the vocabulary ranks in.
        clause = context.text[context.article.clause_start(span.start) : span.start]
        if any(word in clause for word in context.rules["ignore"]["regional_table_words"]):
            return
        found = _best_alias(vocabulary.aliases, joined, cut, 0, ranks)
        if found is not None:
            _, span.indicator, alias_start = found
            span.alias_start = positions[alias_start]
        return
    enumeration = _enumeration(context, spans, span)
    if enumeration is not None:
        # Read the item as if written alone: 规上工业增加值同比增长, or 产业产值增长 within the sector 集成电路.
        item, tail, verb, list_start = enumeration
        names_indicator = any(alias.pattern.search(item) for alias in vocabulary.aliases)
        shared = tail + verb  # 三大产业产值增长: what each item's figure measures, when the items do not say
        if not names_indicator and any(alias.pattern.search(shared) for alias in vocabulary.aliases + vocabulary.growth_bases):
            span.scope, item = item, ""
        joined = item + tail + verb
        positions, cut, near = [list_start] * len(joined), len(joined), 0
        earlier = None
    allowed = {i for i, ind in vocabulary.indicators.items() if compatible(span.unit, ind.unit)} - ranks
    if span.unit in settings["own_classifiers"]:  # 活动230余场 counts events, not organisations
        allowed = {i for i in allowed if vocabulary.indicators[i].unit == span.unit}
    stretch = joined[near:cut]
    growth = span.unit == "%" and (any(stretch.rstrip("了为达到").endswith(word) for word in settings["growth_words"]) or span.raw.lstrip().startswith(NEGATING_WORDS))
    share = span.unit == "%" and settings["share_word"] in stretch
    if growth:
        allowed = {i for i in allowed if vocabulary.indicators[i].measure == "rate"}
    elif share:
        allowed = {i for i in allowed if vocabulary.indicators[i].measure == "ratio"}
    stages = alternation(settings["stages"])
    combined = re.search(rf"(?:{stages})(?:、(?:{stages}))+", stretch)
    if combined:
        span.notes.append(f"counts several stages together ({combined.group()}); no one indicator does")
        span.confidence, span.needs_indicator = 0.3, None
        return
    if not (growth or share) and _subset(context, spans, span, sentence, stretch):
        return
    found = _best_alias(vocabulary.aliases + vocabulary.level_less + (vocabulary.growth_phrases if growth else []), joined, cut, near, allowed)
    if found is None and growth:
        found = _best_alias(vocabulary.growth_bases, joined, cut, near, allowed)
    if found is not None and found[1] == UNKNOWN:
        level_less = joined[found[2] : cut]
        span.notes.append(f"no indicator: {level_less} does not say which level (国家级, 省级) of title it counts")
        span.confidence = 0.3
        span.needs_indicator = None
        return
    if found is not None:
        _, span.indicator, alias_start = found
        span.alias_start = positions[alias_start] if alias_start < len(positions) else span.start
        if found[0][0] == 1 and found[0][1] < -6:
            span.confidence -= 0.2
        _increase_of_stock(context, span, joined[near:alias_start])
        if span.indicator != UNKNOWN:
            _too_broad(context, span, joined[near:alias_start])
        _size_class_count(context, span)
        return
    # A growth rate whose base figure has no indicator, or none named X_growth, is matched by the base's name.
    if growth and earlier is not None and earlier.ignored is None and (earlier.indicator == UNKNOWN or f"{earlier.indicator}_growth" not in vocabulary.indicators):
        earlier_cut = sum(1 for position in positions if position < earlier.start)
        base = _best_alias(vocabulary.growth_bases, joined, earlier_cut, 0, allowed)
        if base is not None and base[0][:2] == (1, 0):
            span.indicator, span.base = base[1], earlier
            span.notes.append(f"growth of the {joined[base[2] : earlier_cut]} figure {earlier.raw} before it")
            span.confidence = 0.8
            return
    net = settings["net_increase_word"]
    if not (growth or share) and net in stretch and earlier is not None and earlier.ignored is None and (f"{earlier.indicator}_net_new" in vocabulary.indicators):
        span.indicator, span.base = f"{earlier.indicator}_net_new", None
        span.notes.append(f"{net}: the net increase of the {earlier.indicator} figure {earlier.raw} before it")
        span.confidence = 0.8
        return
    if (growth or share) and earlier is not None and earlier.indicator != UNKNOWN and earlier.ignored is None:
        region = stretch[stretch.find(settings["share_word"]) :] if share else ""
        suffix = "_growth" if growth else next((value for word, value in settings["share_regions"].items() if word in region), settings["share_default"])
        attached = earlier.indicator + suffix
        if attached in vocabulary.indicators:
            span.indicator, span.base = attached, earlier
            span.notes.append(f"{'growth' if growth else 'share'} of the {earlier.indicator} figure {earlier.raw} before it")
            span.confidence = 0.8
            return
    if not (growth or share):
        # Only the indicator's own unit counts: 平方公里 is a zone's area, 万平方米 is floor space.
        by_unit = [i for i in allowed if _bare_unit(vocabulary.indicators[i].unit) == _bare_unit(span.unit) and not is_count(span.unit)]
        if len(by_unit) == 1:
            span.indicator = by_unit[0]
            span.notes.append(f"indicator from the unit {span.unit} alone")
            span.confidence = 0.6
            return
    span.notes.append("no indicator recognised; choose one or leave the row out")
    span.confidence = 0.3


def _subset(context: ArticleContext, spans: list[Span], span: Span, sentence: Sentence, stretch: str) -> bool:
    """共签约项目38个,…,其中制造业项目29个: the same indicator as the figure it is part of, within 制造业."""
    nouns = alternation(context.rules["figures"]["size_class_nouns"])
    part = re.fullmatch(rf"其中(?P<part>[\u4e00-\u9fff]{{2,8}}?)(?:{nouns})[共达为有]?", strip_quotes(stretch))
    if (
        part is None
        or any(c in context.rules["scope"]["stop_characters"] for c in part["part"])
        or any(
            word in part["part"]
            for word in ("以上", "以下", *MULTIPLIERS)  # 其中亿元以上项目 is a size class, not a part
        )
        or any(alias.head in part.group() and alias.pattern.search(part.group()) and compatible(span.unit, context.vocabulary.indicators[alias.indicator].unit) for alias in context.vocabulary.aliases)
    ):
        return False  # 其中规上工业企业58家 names an indicator of its own
    whole = next(
        (
            other
            for other in reversed(spans)
            if sentence.start <= other.start < span.start and other.ignored is None and other.indicator != UNKNOWN and compatible(span.unit, context.vocabulary.indicators[other.indicator].unit)
        ),
        None,
    )
    if whole is None:
        return False
    span.indicator, span.scope, span.confidence = whole.indicator, part["part"], 0.7
    span.notes.append(f"part ({part['part']}) of the {whole.indicator} figure {whole.raw} before it")
    span.part = part["part"]
    return True


def _increase_of_stock(context: ArticleContext, span: Span, before_alias: str) -> None:
    """新增规上企业4家 is an increase, not the number of above-scale enterprises; 新增规上工业产值 not the output."""
    indicator = context.vocabulary.indicators[span.indicator]
    word = next((w for w in context.rules["indicators"]["increase_words"] if w in before_alias), None)
    money = any(compatible(span.unit, unit) for unit in ("元", "美元"))
    if word and (indicator.measure == STOCK or (indicator.measure == "flow" and money)):
        what = "its stock" if indicator.measure == STOCK else "its total"
        _unsure(context, span, f"an increase ({word}) of {span.indicator}, not {what}; choose another indicator or leave the row out", measure="flow")


def _too_broad(context: ArticleContext, span: Span, before_alias: str) -> None:
    """The clause narrows what the indicator counts, or does not say what it requires."""
    settings = context.rules["indicators"]
    statement = context.text[context.article.statement_start(span.start) : span.start]
    names = context.vocabulary.names.get(span.indicator, "")
    required = settings["required_words"].get(span.indicator)
    narrowing = next((word for word in settings["narrowing_words"] if word not in names and re.search(rf"{word}(?:企业)?(?:实现|完成)?$", before_alias)), None)
    if required and not any(word in statement for word in required):
        _unsure(context, span, f"{span.indicator} counts what was {required[0]}, which the sentence does not say; choose another indicator or leave the row out")
    elif narrowing:
        _unsure(context, span, f"{span.indicator} of {narrowing} only, a part of what {span.indicator} counts; choose another indicator or leave the row out")


def _unsure(context: ArticleContext, span: Span, why: str, measure: str | None = None) -> None:
    """No confident indicator: `unknown`, with the reason; dated like the rejected one, or as `measure` says."""
    span.measure = measure or context.vocabulary.indicators[span.indicator].measure
    span.notes.append(why)
    span.indicator, span.confidence, span.needs_indicator = UNKNOWN, 0.3, None


def _size_class_count(context: ArticleContext, span: Span) -> None:
    """签约10亿元以上项目5个 counts a size class of projects, which no indicator's alias names."""
    nouns = alternation(context.rules["figures"]["size_class_nouns"])
    clause = context.text[context.article.clause_start(span.start) : span.start]
    size_class = re.search(rf"\d[\d.,]*\s*(?:{alternation(MULTIPLIERS)})?元?(?:以上|以下)(?:{nouns})", clause)
    if span.indicator != UNKNOWN and size_class:
        span.notes.append(f"counts a size class ({size_class.group()}) that {span.indicator} does not; choose an indicator or leave the row out")
        span.indicator, span.confidence, span.needs_indicator = UNKNOWN, 0.3, None
