"""Periods: what span of time a figure covers, and whether two spans can be compared.

Grammar (docs/dataset.md):
  2021                    a full calendar year
  2022-01/2022-11         a run of months (1-11月; 2025-01/2025-09 for 前三季度)
  2018/2022               several whole years (近五年累计)
  2023-05                 one month; for stocks, the as-of month
  2025-01-01/2025-12-03   a run of days (今年以来, reported on 2025-12-03)
A partial year is never turned into a full year: 2022-01/2022-11 stays 11 months.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from .errors import UsageError
from .i18n import Words

YEAR, MONTHS, YEARS, MONTH, DAYS = "year", "months", "years", "month", "days"

_PATTERNS = {
    YEAR: re.compile(r"^(\d{4})$"),
    YEARS: re.compile(r"^(\d{4})/(\d{4})$"),
    MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    MONTHS: re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$"),
    DAYS: re.compile(r"^(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})$"),
}

# A calendar date written year, month, day (2023-01-19, 2023/1/19, 2023.1.19, 2023年1月19日 without 日):
# the one pattern the importer (--source-date), the article header and extract's never-a-figure spans share.
DATE_PARTS = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
EXAMPLES = Words("2021、2022-01/2022-11、2018/2022、2023-05 或 2025-01-01/2025-12-03", "2021, 2022-01/2022-11, 2018/2022, 2023-05 or 2025-01-01/2025-12-03")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    """A parsed period; `text` is the canonical spelling stored in datasets."""

    text: str
    kind: str
    start: date
    end: date

    @property
    def months(self) -> int | None:
        """Length in whole months, or None for a run of days."""
        if self.kind == DAYS:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def is_partial_year(self) -> bool:
        """Shorter than a calendar year and inside one (1-11月, 前三季度, 今年以来)."""
        return self.kind in (MONTHS, DAYS) and self.start.year == self.end.year and (self.start != date(self.start.year, 1, 1) or self.end != date(self.end.year, 12, 31))

    @property
    def span(self) -> tuple:
        """What flows must share to be compared or ranked together: the kind of period and its length."""
        return (self.kind, self.is_partial_year, self.describe_length())

    def describe_length(self, lang: str = "en") -> str:
        """'5 years', '11 months', '337 days' (or 5年, 11个月, 337天)."""
        from .i18n import pick

        if self.kind == DAYS:
            days = (self.end - self.start).days + 1
            return pick((f"{days}天", f"{days} days"), lang)
        months = self.months
        if self.kind == YEAR:
            return pick(("1年", "1 year"), lang)
        if months % 12 == 0 and months > 12:
            return pick((f"{months // 12}年", f"{months // 12} years"), lang)
        return pick((f"{months}个月", f"{months} months"), lang)


@functools.cache
def parse_period(text: str) -> Period:
    """Parse a period string; raise UsageError with the accepted forms otherwise."""
    text = text.strip() if isinstance(text, str) else ""
    try:
        for kind, pattern in _PATTERNS.items():
            match = pattern.match(text)
            if match:
                return _build(text, kind, [int(group) for group in match.groups()])
    except ValueError:
        pass
    raise UsageError(Words(f"'{text}' 不是期间；请写成 {EXAMPLES.zh} 之一", f"'{text}' is not a period; write one of {EXAMPLES}"))


def _build(text: str, kind: str, numbers: list[int]) -> Period:
    if kind == YEAR:
        start, end = date(numbers[0], 1, 1), date(numbers[0], 12, 31)
    elif kind == YEARS:
        start, end = date(numbers[0], 1, 1), date(numbers[1], 12, 31)
    elif kind == MONTH:
        start, end = date(numbers[0], numbers[1], 1), _month_end(numbers[0], numbers[1])
    elif kind == MONTHS:
        start, end = date(numbers[0], numbers[1], 1), _month_end(numbers[2], numbers[3])
    else:
        start, end = date(*numbers[:3]), date(*numbers[3:])
    if end < start or (kind == YEARS and numbers[0] >= numbers[1]):
        raise ValueError(text)
    return Period(text, kind, start, end)


def stock_period(text: str) -> str:
    """The canonical period of a stock: the month at the end of the span it is stated for.

    A stock is counted at a point in time, and 截至2023年底 is 2023-12; so that the same count
    dated 2023 by a 年份 column is the same fact, a year (or run of years) is stored as the
    December it ends in, and a run of months or days as its last month.
    """
    period = parse_period(text)
    return text if period.kind == MONTH else f"{period.end:%Y-%m}"


def comparability(a: Period, b: Period, stock: bool):
    """Whether figures for periods a and b can be set side by side, and why not (i18n.Words; empty when the same).

    Stocks (counts as of a date) compare across dates with a note; flows need
    spans of the same length, and a partial year never meets a full year.
    """
    from .i18n import Words

    if a.text == b.text:
        return True, Words("", "")
    if stock:
        return True, Words(f"截至 {a.text} 与 {b.text}", f"as of {a.text} vs {b.text}")
    if a.is_partial_year != b.is_partial_year:
        return False, Words(f"部分年份与全年（{a.text}／{b.text}）", f"partial year vs full year ({a.text} vs {b.text})")
    if a.span != b.span:
        return False, Words(f"期间长度不同（{a.describe_length('zh')}／{b.describe_length('zh')}）", f"different period length ({a.describe_length()} vs {b.describe_length()})")
    return True, Words(f"期间不同（{a.text}／{b.text}）", f"different periods ({a.text} vs {b.text})")


# Periods as spreadsheets and articles spell them, read into the grammar above
# (docs/import.md). Each form states its span; none is widened to a full year.
_QUARTERS = {
    "一季度": (1, 3),
    "第一季度": (1, 3),
    "二季度": (4, 6),
    "第二季度": (4, 6),
    "三季度": (7, 9),
    "第三季度": (7, 9),
    "四季度": (10, 12),
    "第四季度": (10, 12),
    "上半年": (1, 6),
    "下半年": (7, 12),
    "前三季度": (1, 9),
}
_AS_OF = r"(?:截至|截止|截止到|截至到|到)"


@functools.cache
def _spellings() -> list:
    """Compiled on first use: only import and extraction read spelled-out periods."""
    return [
        (re.compile(r"^(\d{4})(?:年|年度|年全年|全年)$"), lambda y: (y, False)),
        (re.compile(r"^(\d{4})年(\d{1,2})月(?:份)?$"), lambda y, m: (f"{y}-{int(m):02d}", False)),
        (re.compile(r"^(\d{4})年(\d{1,2})月?(?:-|至|~|到)(\d{1,2})月(?:份)?$"), lambda y, a, b: (f"{y}-{int(a):02d}/{y}-{int(b):02d}", False)),
        (re.compile(rf"^(\d{{4}})年({'|'.join(sorted(_QUARTERS, key=len, reverse=True))})$"), lambda y, q: (f"{y}-{_QUARTERS[q][0]:02d}/{y}-{_QUARTERS[q][1]:02d}", False)),
        (re.compile(r"^(\d{4})年?(?:-|至|~|到)(\d{4})年?$"), lambda a, b: (f"{a}/{b}", False)),
        (re.compile(rf"^{_AS_OF}?(\d{{4}})年(?:底|末|年底|年末)$"), lambda y: (f"{y}-12", True)),
        (re.compile(rf"^{_AS_OF}(\d{{4}})年(\d{{1,2}})月(?:底|末|份)?$"), lambda y, m: (f"{y}-{int(m):02d}", True)),
        (re.compile(rf"^{_AS_OF}(\d{{4}})年?$"), lambda y: (y, True)),
        # '2020年调区扩区后': the state after an event of that year, as of that year.
        (re.compile(r"^(\d{4})年[^\d年月]+后$"), lambda y: (y, True)),
    ]


_ANNOTATION = re.compile(r"^(?P<period>.+?)\((?P<annotation>[^()]*)\)$")


@dataclass(frozen=True)
class SpelledPeriod:
    """A period read from text: the canonical spelling, and whether the text gave an as-of date."""

    text: str
    as_of: bool


def read_period(text: str) -> SpelledPeriod:
    """Read '2021', '2022年1-11月', '截至2023年底', '2023(页面2024-02-04)' into the grammar.

    A trailing parenthesised remark ('(累计)') is not part of the period; callers
    keep the text as written in a note. Raises UsageError for anything else.
    """
    from .textnorm import normalize

    compact = re.sub(r"\s+", "", normalize(text or ""))
    annotated = _ANNOTATION.match(compact)
    for candidate in (compact, annotated["period"] if annotated else None):
        if not candidate:
            continue
        try:
            return SpelledPeriod(parse_period(candidate).text, False)
        except UsageError:
            pass
        for pattern, build in _spellings():
            match = pattern.match(candidate)
            if match:
                period, as_of = build(*match.groups())
                try:
                    return SpelledPeriod(parse_period(period).text, as_of)
                except UsageError:
                    break
    raise UsageError(Words(f"'{text}' 不是期间；请写成 {EXAMPLES.zh}，或 2022年1-11月、截至2023年底", f"'{text}' is not a period; write one of {EXAMPLES}, or 2022年1-11月, 截至2023年底"))


def year_before(period: str) -> str:
    """The same span a year earlier (上年同期): 2023 -> 2022, 2023-01/2023-09 -> 2022-01/2022-09."""
    return parse_period(re.sub(r"\d{4}", lambda match: str(int(match.group()) - 1), period)).text


# Column headers of a sheet with periods across that name the period of a column above them
# (本期) or the same span a year before the period beside them (上年同期).
CURRENT_PERIOD_WORDS = ("本期", "本年", "本年累计", "累计", "本月", "本年实际")
YEAR_BEFORE_WORDS = ("上年同期", "去年同期", "同期", "上年", "上年实际", "上年同期累计")


class PeriodWithoutYear(UsageError):
    """A header that names a part of a year (1-9月) or the year before (上年同期) but no year to anchor it."""


def header_period(text: str, year: int | None, group: str | None, before: str | None) -> str:
    """The period a column header names in a sheet with periods across, or raise UsageError.

    year is the one year the sheet's title names, group the period of a merged header above
    the column, before the period of the column to its left.
    """
    from .textnorm import normalize

    compact = re.sub(r"\s+", "", normalize(text))
    if compact in CURRENT_PERIOD_WORDS and group:
        return group
    if compact in YEAR_BEFORE_WORDS:
        base = group or before
        if not base:
            raise PeriodWithoutYear(Words(f"'{text}' 是某期间的上年同期，但其左侧和上方都没有期间", f"'{text}' is the year before of a period, but no period stands before it or above it"))
        return year_before(base)
    try:
        return read_period(compact).text
    except UsageError:
        pass
    year = int(group[:4]) if group else year
    if year is not None:
        try:
            return read_period(f"{year}年{compact}").text
        except UsageError:
            pass
    if re.search(r"\d|季度|半年", compact) and not re.search(r"\d{4}", compact):
        raise PeriodWithoutYear(
            Words(
                f"'{text}' 没有写年份，标题也没有；请把年份写进表头（如 2023年{compact}）", f"'{text}' names no year, and neither does the title; write the year into the header (e.g. 2023年{compact})"
            )
        )
    raise UsageError(
        Words(
            f"'{text}' 不是期间；期间横排的表中，每个数字列的表头须写明其期间（2023年、2023年1-9月、上年同期）",
            f"'{text}' is not a period; in a sheet with periods across each figure column names its period (2023年, 2023年1-9月, 上年同期)",
        )
    )
