"""Every number in an article's text, read as a figure or left out with a reason.

Dates, times, phone numbers, codes and list numbers are recognised first, so
that their digits are reported once and never read as figures; what remains is
read by the one figure parser (figures.parse_figure) with the unit after it.
The words around each figure are read later, by the other modules of extraction.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..core.errors import FigureError
from ..core.figures import NEGATING_WORDS, PREFIX_QUALIFIERS, parse_figure
from ..core.i18n import Words
from ..core.periods import DATE_PARTS
from ..core.units import MULTIPLIERS, unit_symbols
from .article import Article, alternation, rules
from .rows import Ignored, ignore
from .vocabulary import UNKNOWN, compatible, is_count

ORDINAL = Words("排名或序数（第…）", "rank or ordinal (第…)")
_CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千"


@functools.cache
def _unit_tail() -> re.Pattern:
    units = alternation(symbol for symbol in unit_symbols() if symbol != "count")
    multiplier = alternation(MULTIPLIERS)
    # 余/多 stands before the multiplier (2500余万元) or after it (1.7万余家); the unit group holds the unit without it.
    return re.compile(rf"(?P<infix>余|多)?[ \t]?(?:(?:{multiplier})(?:余|多))?(?P<unit>(?:{multiplier})?(?:{units})(?:/(?:{multiplier})?(?:{units}))?)(?P<suffix>以上|以下|左右)?")


@functools.cache
def _unknown_unit_pattern() -> re.Pattern:
    words = alternation(rules()["figures"]["unknown_units"])
    return re.compile(rf"(?:余|多)?(?P<unit>(?:{alternation(MULTIPLIERS)})?(?:{words}))")


_BARE_MULTIPLIER = re.compile(r"(?:余|多)?(?:万亿|亿|万)(?:以上|左右)?")
_NUMBER = re.compile(rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CHINESE_NUMERAL}]+")

# Numbers that are never figures, in the order they are tried.
_DATE_PATTERNS = [
    re.compile(r"(?<![\d.])" + pattern)
    for pattern in (
        rf"(?=19|20){DATE_PARTS}日?",
        r"(?:19|20)\d{2}\s*-+\s*(?:19|20)\d{2}年?",
        r"\d{4}年(?:\d{1,2}\s*(?:月份?)?\s*[-~至到]\s*\d{1,2}月|\d{1,2}月份?(?:\d{1,2}日)?|[末底初]|代)?",
        r"\d{1,2}\s*(?:月份?)?\s*[-~至到]\s*\d{1,2}\s*(?:月|日)",
        r"\d{1,2}月份?(?:\d{1,2}日)?",
        r"\d{1,2}日",
        r"\d+个月",
        r"\d+(?:余|多)?年(?:前|来|间|内)?",
        r"\d{1,2}-\d{1,2}(?![\d.%])",
    )
]
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_PHONES = [
    re.compile(r"(?<![\d.])0\d{2,3}-\d{7,8}(?![\d.])"),
    re.compile(r"(?<![\d.])(?<!\d,)\d{3,4}(?:[ \-]\d{3,4}){1,3}(?![\d.]|,\d)"),
    re.compile(r"(?<![\d.])(?<!\d,)\d{7,}(?![\d.]|,\d)"),
]
_CODE = re.compile(r"https?://\S+|www\.\S+|[A-Za-z0-9_\-]*\d[A-Za-z0-9_\-]*\.[A-Za-z]{2,5}\b|[A-Za-z0-9_\-]{8,}")
_LIST_NUMBER = re.compile(r"(?m)^[ \t\u3000]*\(?\d{1,2}[、.)](?!\d)")


@dataclass
class Span:
    """A figure found in the normalised text, before its context is read."""

    start: int  # raw start (qualifier included)
    end: int  # raw end
    number_start: int
    raw: str  # the original characters
    value: float
    unit: str
    qualifier: str
    # Filled in while reading the context:
    indicator: str = UNKNOWN
    alias_start: int | None = None
    base: Span | None = None
    period: str = ""
    notes: list[str] = field(default_factory=list)
    confidence: float = 0.9
    ignored: Words | None = None
    group: bool = False
    # Why the figure is left out if no indicator is found for it (Chinese-numeral prose, 154.3亿).
    needs_indicator: Words | None = None
    # Left out as one company's or one project's figure: its subject may go on in the sentence.
    company: bool = False
    # The period is the publication month because the text gives none: not a period to carry.
    dated_by_publication: bool = False
    # The part of the park an item of a 分别 list names (集成电路、智能终端…分别增长…).
    scope: str | None = None
    # The part a 其中 figure names (其中制造业项目29个): what the rest of its sentence is about.
    part: str | None = None
    # The park the figure is about, when the article names another park nearer to it than its own.
    park: str | None = None
    # A place in a league table (第38位): it takes a rank indicator or none.
    position: bool = False
    # How an unknown figure is dated: the measure of the indicator it was too broad for.
    measure: str | None = None


def find_numbers(article: Article) -> tuple[list[Span], list[Ignored]]:
    """The figures of the article in text order, and the numbers left out with their reasons."""
    reader = _NumberReader(article)
    reader.read()
    return reader.spans, reader.ignored


class _NumberReader:
    """One pass over the numbers of an article; `taken` marks the characters already read."""

    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        self.rules = rules()
        self.ignored: list[Ignored] = []
        self.spans: list[Span] = []
        self.taken = bytearray(len(self.text))

    def read(self) -> None:
        blocked, covered = self._blocked_spans()
        tail = _unit_tail()
        for match in _NUMBER.finditer(self.text):
            start, end = match.span()
            if start in covered:
                continue
            chinese = not match.group().isascii()
            if chinese and start and self.text[start - 1].isdigit():
                continue
            tail_match = tail.match(self.text, end)
            unknown = None if chinese else self._unknown_unit(end)
            if unknown:
                furniture = self.article.furniture_reason(start)
                self._ignore(start, unknown.end(), furniture or _unknown_unit(unknown.group("unit")))
                continue
            if chinese and (not tail_match or match.group()[0] in "百千"):
                continue  # a word, not a count: 七大产业, 一三五五战略, 百度, 千家万户
            furniture = self.article.furniture_reason(start)
            if start in blocked:
                span_start, span_end, reason = blocked[start]
                self._ignore(span_start, span_end, furniture or reason)
                continue
            if any(self.taken[start:end]):
                continue
            reason = furniture or self._ordinal_or_vague(start, match.group(), chinese)
            if reason == ORDINAL and self.text[:start].endswith("第") and (not tail_match or tail_match.group("unit") in self.rules["ignore"]["position_units"]):
                self._position(start, tail_match.end() if tail_match else end, reason)
            elif reason:
                self._ignore(start, tail_match.end() if tail_match else end, reason)
            elif tail_match:
                self._figure(start, end, tail_match, chinese)
            elif not chinese and _BARE_MULTIPLIER.match(self.text, end):
                self._bare_figure(start, end, _BARE_MULTIPLIER.match(self.text, end).end())
            else:
                self._ignore(start, end, self._why_no_unit(end))

    def _blocked_spans(self) -> tuple[dict[int, tuple[int, int, str]], set[int]]:
        """Codes, dates, times, phone numbers and list numbers.

        Returns {first digit: (span start, span end, reason)} and the other numbers inside
        those spans, which are reported once with their span.
        """
        blocked: dict[int, tuple[int, int, str]] = {}
        covered: set[int] = set()
        text = self.text

        def block(start: int, end: int, reason: Words) -> None:
            if any(self.taken[start:end]):
                return
            numbers = [start + m.start() for m in _NUMBER.finditer(text[start:end]) if m.group().isascii()]
            if not numbers:
                return
            blocked[numbers[0]] = (start, end, reason)
            covered.update(numbers[1:])
            self.taken[start:end] = b"\x01" * (end - start)

        for match in _CODE.finditer(text):
            if re.search(r"[A-Za-z]", match.group()):
                block(*match.span(), Words("网址、文件名或代码的一部分", "part of a web address, file name or code"))
        for pattern in _DATE_PATTERNS:
            for match in pattern.finditer(text):
                block(*match.span(), Words("日期或期间，不是数字", "date or period, not a figure"))
        for match in _TIME.finditer(text):
            block(*match.span(), Words("时刻", "time of day"))
        phone_words = self.rules["ignore"]["phone_words"]
        for pattern in _PHONES:
            for match in pattern.finditer(text):
                start, end = match.span()
                found = match.group()
                digits = sum(char.isdigit() for char in found)
                near = text[max(0, start - 12) : start]
                spaced = " " in found or "-" in found
                if digits >= 7 and not _unit_tail().match(text, end) and (digits >= 10 or spaced or any(word in near for word in phone_words)):
                    block(start, end, Words("电话号码", "phone number"))
        for match in _LIST_NUMBER.finditer(text):
            block(*match.span(), Words("列表编号", "list numbering"))
        return blocked, covered

    def _ordinal_or_vague(self, start: int, number: str, chinese: bool) -> Words | None:
        before = self.text[max(0, start - 3) : start]
        if any(before.endswith(word) for word in self.rules["ignore"]["ordinal_before"]):
            return ORDINAL
        if chinese and (before.endswith(("数", "几", "若干")) or self.text[start + len(number) : start + len(number) + 1] == "几"):
            return Words("约数词（数十、几十），不是数字", "vague quantity (数十, 几十), not a figure")
        if chinese and number == "一":
            return Words("“一”作“一个”讲，不是计数", "一 read as 'a', not a count")
        return None

    def _position(self, start: int, end: int, reason: Words) -> None:
        """第38位: a candidate only if the sentence names a league table the vocabulary ranks in."""
        raw = self.article.original_text(start - 1, end)
        try:
            figure = parse_figure(raw)
        except FigureError:
            self._ignore(start, end, reason)
            return
        self.taken[start - 1 : end] = b"\x01" * (end - start + 1)
        self.spans.append(Span(start - 1, end, start, raw, figure.value, figure.unit, figure.qualifier, needs_indicator=reason, position=True))

    def _unknown_unit(self, end: int) -> re.Match | None:
        """A measure word parkmetrics has no unit for (1.2万人次, 14期): never cut to a known one (万人)."""
        return _unknown_unit_pattern().match(self.text, end)

    def _why_no_unit(self, end: int) -> Words:
        after = self.text[end : end + 3]
        if after[:1] in ("万", "亿"):
            return Words(f"只有万或亿而没有单位（{after.strip()}）", f"bare 万/亿 without a unit ({after.strip()})")
        if re.match(r"[A-Za-z]", after):
            word = re.match(r"[A-Za-z]+", self.text[end:]).group()
            return _unknown_unit(word)
        shown = after.split("\n")[0].strip()
        return Words(f"数字后没有已知单位（{shown}）", f"no known unit after the number ({shown})") if shown else Words("数字后没有单位", "no unit after the number")

    def _figure(self, start: int, end: int, tail: re.Match, chinese: bool) -> None:
        text = self.text
        raw_start = self._qualifier_start(start)
        raw_end = tail.end()
        unit_text = tail.group("unit")
        if unit_text[-1:].isascii() and unit_text[-1:].isalpha() and text[raw_end : raw_end + 1].isascii() and text[raw_end : raw_end + 1].isalpha():
            self._ignore(start, raw_end, self._why_no_unit(end))
            return
        settings = self.rules["figures"]
        for phrase, reason in settings["not_a_unit_after"].items():
            if text.startswith(phrase, tail.start("unit")):
                self._ignore(raw_start, tail.start("unit") + len(phrase), Words(*reason))
                return
        if text[raw_end : raw_end + 1] == "/":
            compound = re.match(r"/\w?", text[raw_end:]).group()
            self._ignore(raw_start, raw_end + len(compound), _unknown_unit(f"{unit_text}{compound}"))
            return
        qualified = tail.group("suffix") or (raw_start < start and compatible(tail.group("unit"), "元"))
        if qualified and text.startswith(tuple(settings["size_class_nouns"]), raw_end):  # 10亿元以上项目, 超10亿元企业
            self._ignore(raw_start, raw_end, Words("类别名称中的规模等级（…以上项目），不是数字", "size class in a category name (…以上项目), not a figure"))
            return
        raw = self.article.original_text(raw_start, raw_end)
        try:
            figure = parse_figure(raw)
        except FigureError as error:
            self._ignore(raw_start, raw_end, error.args[0])
            return
        if is_count(figure.unit) and text[:raw_start].endswith(tuple(self.rules["ignore"]["other_zone_words"])):
            self._ignore(raw_start, raw_end, Words("榜单或地区中园区的个数（全国229家），不是园区的数字", "count of the zones in a league table or region (全国229家), not a park figure"))
            return
        if figure.unit in self.rules["ignore"]["position_units"] and text[:raw_start].endswith(tuple(self.rules["ignore"]["position_change_before"])):
            self._ignore(raw_start, raw_end, Words("榜单名次的升降（提升5位），是差值，不是数字", "places gained or lost in a league table (提升5位), a difference, not a figure"))
            return
        for position in range(raw_start, raw_end):
            self.taken[position] = 1
        prose = Words("没有已知指标的中文计数（叙述，如 三个工业片区）", "count in Chinese numerals with no known indicator (prose, e.g. 三个工业片区)") if chinese else None
        self.spans.append(Span(raw_start, raw_end, start, raw, figure.value, figure.unit, figure.qualifier, needs_indicator=prose))

    def _bare_figure(self, start: int, number_end: int, end: int) -> None:
        """A number with 万/亿 and no unit: a candidate only if an indicator in 元 is found for it."""
        raw_start = self._qualifier_start(start)
        raw = self.article.original_text(raw_start, end)
        try:
            figure = parse_figure(raw)
        except FigureError as error:
            self._ignore(raw_start, end, error.args[0])
            return
        self.taken[raw_start:end] = b"\x01" * (end - raw_start)
        span = Span(raw_start, end, start, raw, figure.value, f"{figure.unit}元", figure.qualifier, needs_indicator=self._why_no_unit(number_end))
        span.notes.append(f"the article writes {raw} without a unit; 元 is implied by the indicator")
        self.spans.append(span)

    def _qualifier_start(self, start: int) -> int:
        blockers = self.rules["figures"]["prefix_blockers"]
        text, position = self.text, start
        for word in sorted(PREFIX_QUALIFIERS, key=len, reverse=True):
            if text[:position].endswith(word):
                before = text[position - len(word) - 1 : position - len(word)]
                if before and before in blockers.get(word, ""):
                    continue
                position -= len(word)
                break
        for word in NEGATING_WORDS:
            if text[:position].endswith(word):
                position -= len(word)
                break
        return position

    def _ignore(self, start: int, end: int, reason: Words) -> None:
        ignore(self.ignored, self.article, start, end, reason)


def _unknown_unit(unit: str) -> Words:
    return Words(f"未知单位 '{unit}'", f"unknown unit '{unit}'")
