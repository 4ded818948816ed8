"""Period phrases in article text: 2021年, 今年1-11月, 前三季度, 今年以来, 近五年来 ….

Found once per article, with their positions, so that the extractor can pick
the phrase that governs each figure and resolve it against the publication
date. The words come from the [periods] table of extract_rules.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.figures import chinese_numeral
from .article import alternation as _alternation
from .article import rules


@dataclass
class Mention:
    """One period phrase and what it says; `relative` counts years back from 今年."""

    start: int
    end: int
    text: str
    year: int | None = None
    relative: int | None = None
    months: tuple[int, int] | None = None
    ytd: bool = False
    recent: int | None = None
    years: tuple[int, int] | None = None
    comparison: bool = False
    day: int | None = None  # 6月25日: months is (6, 6)
    # Part of an event's name (2023年夏季…签约活动): the event's date, not a period, dates its figures.
    naming: bool = False


def _period_regex() -> re.Pattern:
    settings = rules()["periods"]
    numeral = r"\d{1,2}|[一二三四五六七八九十两]{1,3}"
    return re.compile(
        rf"""
        (?P<comparison>{_alternation(settings["comparison_phrases"])})
        |[“"]?十(?P<plan>[一二三四五])五[”"]?(?:{_alternation(settings["plan_endings"])})
        |(?P<ytd>{_alternation(settings["year_to_date"])})
        |(?:{_alternation(settings["recent_years"])})(?P<recent>{numeral})年来?
        |(?P<y1>\d{{4}})\s*-+\s*(?P<y2>\d{{4}})年
        |(?:(?P<year>\d{{4}})年|(?P<relative>{_alternation(settings["relative_years"])}))?
         (?:(?P<m1>\d{{1,2}})\s*(?:月份?)?\s*[-~至到]\s*(?P<m2>\d{{1,2}})\s*月份?
           |(?P<quarter>{_alternation(settings["quarters"])})
           |前(?P<first>{numeral})个月
           |(?P<dm>\d{{1,2}})月(?P<dd>\d{{1,2}})[日号]
           |(?P<month>\d{{1,2}})月份?(?!\d)
           |(?P<close>[末底]))?
        """,
        re.VERBOSE,
    )


PERIOD = _period_regex()
FOURTEENTH_PLAN_START = 2021


def numeral(text: str) -> int:
    """'5' or '五' -> 5."""
    return int(text) if text.isdigit() else chinese_numeral(text)


def period_mentions(text: str, body_end: int) -> list[Mention]:
    settings = rules()["periods"]
    event_name = re.compile(rf"[^,。;:!?\n]{{0,24}}?(?:{_alternation(settings['event_words'])})")
    mentions = []
    for match in PERIOD.finditer(text, 0, body_end):
        if not match.group().strip():
            continue
        if match.start() and text[match.start() - 1].isdigit():
            continue
        mention = Mention(match.start(), match.end(), match.group())
        groups = match.groupdict()
        if groups["comparison"] or text[: match.start()].endswith(tuple(settings["comparison_before"])):
            mention.comparison = True
        elif groups["ytd"]:
            mention.ytd = True
        elif groups["recent"]:
            mention.recent = numeral(groups["recent"])
        elif groups["y1"]:
            mention.years = (int(groups["y1"]), int(groups["y2"]))
        elif groups["plan"]:  # the n-th five-year plan: the 14th is 2021-2025
            plan = 10 + numeral(groups["plan"])
            first = FOURTEENTH_PLAN_START - 5 * (14 - plan)
            mention.years = (first, first + 4)
        else:
            if groups["year"]:
                mention.year = int(groups["year"])
            if groups["relative"]:
                mention.relative = settings["relative_years"][groups["relative"]]
            if groups["m1"]:
                mention.months = (int(groups["m1"]), int(groups["m2"]))
            elif groups["quarter"]:
                mention.months = tuple(settings["quarters"][groups["quarter"]])
            elif groups["first"]:
                mention.months = (1, numeral(groups["first"]))
            elif groups["dm"]:
                mention.months, mention.day = (int(groups["dm"]),) * 2, int(groups["dd"])
            elif groups["month"]:
                mention.months = (int(groups["month"]),) * 2
            if mention.months and not (1 <= mention.months[0] <= mention.months[1] <= 12):
                continue
            if mention.year is None and mention.relative is None and mention.months is None:
                continue
            mention.naming = bool(event_name.match(text, match.end()))
        mentions.append(mention)
    return mentions
