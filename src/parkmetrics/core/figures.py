"""Parse Chinese figure strings ('超140亿元', '343.81万元/亩', '140余户') into numbers.

One parser serves the dataset loader, import and extraction, so a figure means
the same thing wherever it enters. The value is kept as written, in the unit as
written (140 亿元, not 1.4e10 元); conversion to an indicator's unit is separate.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import FigureError, UnitError
from .i18n import Words, chinese
from .textnorm import normalize
from .units import MULTIPLIERS, check_unit

EXACT, AT_LEAST, AT_MOST, APPROX = "exact", "at_least", "at_most", "approx"
QUALIFIERS = (EXACT, AT_LEAST, AT_MOST, APPROX)

# Qualifier words, by where they stand in a figure. Documented in docs/dataset.md.
PREFIX_QUALIFIERS = {
    "超过": AT_LEAST,
    "超": AT_LEAST,
    "逾": AT_LEAST,
    "突破": AT_LEAST,
    "过": AT_LEAST,
    "不到": AT_MOST,
    "不足": AT_MOST,
    "约": APPROX,
    "大约": APPROX,
    "近": APPROX,
    "将近": APPROX,
    "接近": APPROX,
}
INFIX_QUALIFIERS = {"余": AT_LEAST, "多": AT_LEAST}
SUFFIX_QUALIFIERS = {"以上": AT_LEAST, "余": AT_LEAST, "多": AT_LEAST, "以下": AT_MOST, "左右": APPROX}
NEGATING_WORDS = ("下降", "减少", "降低", "同比下降", "同比减少")
# Words that only say a rate went up ('增长5.9%'); the number keeps its sign.
GROWTH_WORDS = ("增长", "增加", "提高", "上升", "同比增长", "同比增加", "同比提高")

# 第3 is a position in a league table: the third place, counted in 位 when no unit follows.
POSITION_UNIT = "位"

# Symbols shown in tables: '>140' reads as "more than 140".
QUALIFIER_MARKS = {EXACT: "", AT_LEAST: ">", AT_MOST: "<", APPROX: "~"}

_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@functools.cache
def _figure_pattern() -> re.Pattern:
    """Compiled on first use: commands that only show stored figures never parse one."""
    return re.compile(
        rf"""
        ^(?:(?P<negating>{_alternation(NEGATING_WORDS)})|{_alternation(GROWTH_WORDS)})?
        (?P<prefix>{_alternation(PREFIX_QUALIFIERS)})?
        (?P<ordinal>第)?
        (?P<sign>[-+])?
        (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)
        (?:(?P<upper>亿|万)(?P<lower>\d+(?:\.\d+)?)(?P<lower_multiplier>万)?(?!\d))?
        (?P<multiplier>{_alternation(MULTIPLIERS)}(?={_alternation(INFIX_QUALIFIERS)}))?
        (?P<infix>{_alternation(INFIX_QUALIFIERS)})?
        (?P<unit>[^\d\s.,+\-].*?)?
        (?P<suffix>{_alternation(SUFFIX_QUALIFIERS)})?$
        """,
        re.VERBOSE,
    )


# 1.23457E+11, 1e309: never how a source writes a figure, but how Excel shows a long number.
_SCIENTIFIC = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d")


@dataclass(frozen=True)
class Figure:
    """A parsed figure: the number and unit as written, and how exact it is."""

    value: float
    unit: str
    qualifier: str = EXACT


def chinese_numeral(text: str) -> int:
    """'十二' -> 12, '一百零五' -> 105, '两千' -> 2000, and the spoken short forms '三千五' -> 3500, '一百一' -> 110.

    Each digit takes the unit after it (千, 百, 十), units fall from left to right
    and a digit without one takes the unit below the last (三千五: 五百), or ones
    after 零. Anything else (十十, 三四, 百五) is refused rather than guessed.
    """

    def refuse() -> FigureError:
        return FigureError(Words(f"'{text}' 不是 parkmetrics 能读的中文数字", f"'{text}' is not a Chinese numeral parkmetrics can read"))

    if text in ("零", "〇"):
        return 0
    total, last_unit, after_zero, position = 0, None, False, 0
    while position < len(text):
        char = text[position]
        if char in ("零", "〇"):  # only where a unit is skipped: 一百零五, not 十零五
            if last_unit is None or last_unit < 100 or after_zero:
                raise refuse()
            after_zero, position = True, position + 1
            continue
        if char in _CHINESE_DIGITS:
            digit, position = _CHINESE_DIGITS[char], position + 1
            if position < len(text) and text[position] in _CHINESE_UNITS:
                unit, position = _CHINESE_UNITS[text[position]], position + 1
            elif position < len(text):
                raise refuse()  # two digits in a row
            else:
                unit = 1 if last_unit is None or after_zero else last_unit // 10
        elif char == "十" and position == 0:  # 十二: a ten without its digit
            digit, unit, position = 1, 10, 1
        else:
            raise refuse()
        if last_unit is not None and (unit >= last_unit or (after_zero and unit > last_unit // 100)):
            raise refuse()
        total, last_unit, after_zero = total + digit * unit, unit, False
    if after_zero:
        raise refuse()
    return total


# A figure written in two parts, 3426亿9000万元 or 1万2000家, is read in its larger multiplier.
_COMPOUND_SCALE = {("亿", "万"): 10_000, ("亿", None): 100_000_000, ("万", None): 10_000}


def _compound(raw: str, match: re.Match) -> tuple[float, str]:
    """3426亿9000万元 -> (3426.9, '亿'): the number in the larger multiplier, kept exact in decimal."""
    scale = _COMPOUND_SCALE.get((match["upper"], match["lower_multiplier"]))
    lower = Decimal(match["lower"])
    if scale is None or lower >= scale or not match["number"][0].isascii():
        raise FigureError(Words(f"无法把 '{raw}' 读作数字；请只用一个数量单位，如 3426.9亿元", f"cannot read '{raw}' as a figure; write it with one multiplier, e.g. 3426.9亿元"))
    return float(Decimal(match["number"].replace(",", "")) + lower / scale), match["upper"]


def _number(text: str) -> float:
    if text[0].isascii():
        return float(text.replace(",", ""))
    return float(chinese_numeral(text))


def _combined_qualifier(raw: str, words: list[str | None], tables: list[dict]) -> str:
    if not any(words):  # most figures are exact
        return EXACT
    found = {table[word] for word, table in zip(words, tables) if word}
    if len(found) > 1:
        raise FigureError(Words(f"'{raw}' 的限定词互相矛盾；只写 超/余/约/近/不足 中的一个", f"'{raw}' has contradictory qualifiers; write one of 超/余/约/近/不足"))
    return found.pop() if found else EXACT


def parse_figure(raw: str, default_unit: str | None = None) -> Figure:
    """Parse one figure string; raise FigureError naming the problem otherwise.

    default_unit is the unit of a bare number ('3686.0' in a column headed
    地区生产总值(亿元)); a unit written in the text always wins over it.
    """
    if not isinstance(raw, str) or not raw.strip():
        raise FigureError(Words("数字为空；请写上数字和单位，如 143亿元", "empty figure; write a number with its unit, e.g. 143亿元"))
    text = "".join(normalize(raw).split())  # every whitespace character out, as re's \s would
    if _SCIENTIFIC.match(text):
        raise FigureError(
            Words(
                f"'{raw}' 是科学计数法，Excel 在列太窄时这样显示，可能已丢失位数；请写出完整数字（把该列设为数字格式后重新保存）",
                f"'{raw}' is in scientific notation, which Excel shows when a column is too narrow and which "
                "may have lost digits; write the number out in full (format the column as a number and save again)",
            )
        )
    match = _figure_pattern().match(text)
    if not match:
        raise FigureError(Words(f"无法把 '{raw}' 读作数字；请写上数字和单位，如 超140亿元 或 9.05%", f"cannot read '{raw}' as a figure; write a number with its unit, e.g. 超140亿元 or 9.05%"))
    unit = match["unit"] or normalize(default_unit or "").strip() or (POSITION_UNIT if match["ordinal"] else "")
    if match["multiplier"]:  # 1.7万余家: the multiplier belongs to the unit, the 余 between them to the qualifier
        unit = match["multiplier"] + (match["unit"] or "")
    if match["upper"]:
        value, multiplier = _compound(raw, match)
        unit = multiplier + unit
    else:
        value = _number(match["number"])
    if not unit:
        raise FigureError(Words(f"'{raw}' 没有单位；请加上单位，如 亿元、家 或 %", f"'{raw}' has no unit; add one, e.g. 亿元, 家 or %"))
    if unit not in MULTIPLIERS:
        try:
            check_unit(unit)
        except UnitError as error:
            raise FigureError(Words(f"'{raw}'：{chinese(error)}", f"'{raw}': {error}")) from None
    if not math.isfinite(value):
        raise FigureError(Words(f"'{raw}' 不是有限的数", f"'{raw}' is not a finite number"))
    if match["sign"] == "-" or match["negating"]:
        value = -value
    qualifier = _combined_qualifier(
        raw,
        [match["prefix"], match["infix"], match["suffix"]],
        [PREFIX_QUALIFIERS, INFIX_QUALIFIERS, SUFFIX_QUALIFIERS],
    )
    return Figure(value=value, unit=unit, qualifier=qualifier)


QUALIFIER_WORDS = {EXACT: "", AT_LEAST: "超", AT_MOST: "不足", APPROX: "约"}


def format_figure(figure: Figure) -> str:
    """Write a figure back as Chinese text that parse_figure reads to the same Figure."""
    return f"{QUALIFIER_WORDS[figure.qualifier]}{exact_number(figure.value)}{figure.unit}"


def exact_number(value: float) -> str:
    """The shortest decimal that reads back as exactly value, never with an exponent: 1.2e-07 -> '0.00000012'."""
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_number(value: float, grouping: bool = False) -> str:
    """Shortest faithful decimal: 143.0 -> '143', 0.25 -> '0.25', no exponent."""
    if value != value:
        return ""
    text = f"{value:,.12f}" if grouping else f"{value:.12f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
