"""Reading one figure's cells: its period, its status and qualifier words, and the figure with its unit.

Each reader takes the cells' text as a key, so the import plan computes it once per distinct text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..core.errors import FigureError, UnitError, UsageError
from ..core.figures import EXACT, INFIX_QUALIFIERS, PREFIX_QUALIFIERS, QUALIFIER_WORDS, QUALIFIERS, SUFFIX_QUALIFIERS, exact_number, format_number, parse_figure
from ..core.i18n import Words, chinese, codes, term
from ..core.periods import read_period, stock_period
from ..core.textnorm import normalize
from ..core.units import MULTIPLIERS, conversion_factor, round_significant
from ..data import schema
from ..data.model import name_key

# Words of a status column, or of a qualifier column that names a status.
STATUS_WORDS = {
    schema.ACTUAL: ("actual", "实际", "完成", "实绩"),
    schema.TARGET: ("target", "目标", "力争", "计划", "拟", "规划"),
    schema.ESTIMATE: ("estimate", "预计", "预估", "预测"),
}
_STATUS_BY_WORD = {name_key(word): status for status, words in STATUS_WORDS.items() for word in words}
# Words of a qualifier column that say on what basis a rate is computed: kept in the note.
BASIS_WORDS = ("同口径", "可比口径", "可比价", "现价", "不变价", "同比", "环比")
_QUALIFIER_BY_WORD = {**SUFFIX_QUALIFIERS, **INFIX_QUALIFIERS, **PREFIX_QUALIFIERS, **{q: q for q in QUALIFIERS}}


class Reject(Exception):
    """A figure that cannot be imported: the role of the column at fault, and why."""

    def __init__(self, role: str, message: Words):
        super().__init__(message)
        self.role = role
        self.message = message


def period_of(key: tuple[str, str], measures: dict[str, str]) -> tuple[str, list[str]]:
    """The period of a (period text, indicator) pair, as stored, and notes on how it was read."""
    text, indicator = key
    if not text:
        raise Reject("period", Words("没有期间；请填写期间列或加 --period", "no period; fill the period column or pass --period"))
    try:
        spelled = read_period(text)
    except UsageError as error:
        raise Reject("period", error.args[0]) from None
    measure = measures[indicator]
    if spelled.as_of and measure in ("flow", "rate"):
        raise Reject(
            "period",
            Words(
                f"'{text}' 是时点，但 {indicator} 是{term(measure, 'zh')}，需要它所覆盖的时段（如 2023 或 2023-01/2023-06）",
                f"'{text}' is a point in time, but {indicator} is a {measure} and needs the span it covers (e.g. 2023 or 2023-01/2023-06)",
            ),
        )
    period = stock_period(spelled.text) if measure == "stock" else spelled.text
    if period != spelled.text:
        return period, [f"period as written: {text}; a stock is counted at the end of its span"]
    return period, [f"period as written: {text}"] if period != text else []


def status_and_qualifier(key: tuple[str, str]) -> tuple[str, str, list[str]]:
    """The status, the qualifier word of the qualifier column ('' for none) and notes on the basis."""
    status_text, qualifier_text = key
    status = _STATUS_BY_WORD.get(name_key(status_text)) if status_text else None
    if status_text and status is None:
        raise Reject(
            "status",
            Words(
                f"状态 '{status_text}' 不是 {codes(schema.STATUSES)} 之一（也可写 实际、目标、力争、计划、预计）",
                f"status '{status_text}' is not one of {', '.join(schema.STATUSES)} (or the words '实际', '目标', '力争', '计划', '预计')",
            ),
        )
    qualifier, notes = "", []
    for word in re.split(r"[\s,、;]+", normalize(qualifier_text)):
        if not word:
            continue
        if word in _QUALIFIER_BY_WORD:
            if qualifier:
                raise Reject("qualifier", Words(f"两个限定词（{qualifier}、{word}）；只保留一个", f"two qualifiers ({qualifier}, {word}); keep one"))
            qualifier = word
        elif name_key(word) in _STATUS_BY_WORD:
            if status not in (None, _STATUS_BY_WORD[name_key(word)]):
                made = _STATUS_BY_WORD[name_key(word)]
                raise Reject("qualifier", Words(f"'{word}' 使其成为{term(made, 'zh')}，但状态列写的是{term(status, 'zh')}", f"'{word}' makes this a {made}, but the status column says {status}"))
            status = _STATUS_BY_WORD[name_key(word)]
        elif word in BASIS_WORDS:
            notes.append(f"basis: {word}")
        else:
            raise Reject(
                "qualifier",
                Words(
                    f"'{word}' 不是限定词；请用 超/余/约/近/不足/以上/左右 或状态词（预计、目标），或把它移到备注列",
                    f"'{word}' is not a qualifier; use 超/余/约/近/不足/以上/左右 or a status word (预计, 目标), or move it to the note column",
                ),
            )
    return status or schema.ACTUAL, qualifier, notes


def figure_of(key: tuple, units: dict[str, str], percent_as_fraction: bool) -> tuple:
    """raw, value, unit, qualifier, whether the number stood bare under a % unit, and notes."""
    raw_text, value_text, unit_text, header_unit, word, indicator = key
    notes: list[str] = []
    unit_column = normalize(unit_text).strip()
    text, role = (raw_text, "raw") if raw_text else (value_text, "value")
    figure, bare = _parse(text, unit_column or header_unit, role)
    unit = figure.unit
    if unit in MULTIPLIERS:
        stated = unit_column or header_unit
        if not (stated.startswith(unit) and stated != unit):
            raise Reject(
                role,
                Words(
                    f"'{text}' 只给出数量单位 {unit}，没有计量单位；请把单位写进单位列或表头（如 {unit}元）",
                    f"'{text}' gives only the multiplier {unit}, not the unit; put the unit in a unit column or the header (e.g. {unit}元)",
                ),
            )
        notes.append(f"the figure writes only {unit}; unit {stated} from the {'unit column' if unit_column else 'header'}")
        unit = stated
    elif unit_column and unit != unit_column and not (raw_text and value_text):
        raise Reject("unit", Words(f"数字 '{text}' 的单位是 {unit}，但单位列写的是 {unit_column}", f"the figure '{text}' is in {unit} but the unit column says {unit_column}"))
    try:
        conversion_factor(unit, units[indicator])
    except UnitError as error:
        measured = units[indicator]
        raise Reject(role, Words(f"{indicator} 的计量单位是 {measured}：{chinese(error)}", f"{indicator} is measured in {measured}: {error}")) from None
    number, value = text, figure.value
    if bare and unit == "%" and percent_as_fraction:
        number, value = _fraction_as_percent(text, role)
        notes.append(f"written {text} in a % column and read as a fraction (--percent-as-fraction)")
    if raw_text and value_text:
        _check_value_column(raw_text, value, unit, value_text, unit_column)
    qualifier = figure.qualifier
    if word and _QUALIFIER_BY_WORD[word] != qualifier:
        if not (bare and qualifier == EXACT):
            raise Reject(
                "qualifier",
                Words(
                    f"限定列写的是 {word}，但数字 '{text}' 是 {term(qualifier, 'zh')}；请把限定词写进数字，或清空该列",
                    f"the qualifier column says {word} but the figure '{text}' is {qualifier}; write the qualifier into the figure or clear the column",
                ),
            )
        qualifier = _QUALIFIER_BY_WORD[word]
    raw = _compose(number, unit, word if qualifier != figure.qualifier else "") if bare else text
    if raw != text:
        notes.append(f"raw composed from the cell '{text}' and the column's unit {unit}")
    return raw, exact_number(value), unit, qualifier, bare and unit == "%", notes


_PLAIN_NUMBER = re.compile(r"^[+-]?[\d,]+(?:\.\d+)?$")


def _parse(text: str, stated_unit: str, role: str):
    """The figure in text, and whether it was a bare number that took stated_unit."""
    if not (stated_unit and _PLAIN_NUMBER.match(normalize(text).strip())):
        try:
            return parse_figure(text), False
        except FigureError as error:
            if not stated_unit or "has no unit" not in str(error):
                raise Reject(role, error.args[0]) from None
    try:
        return parse_figure(text, default_unit=stated_unit), True
    except FigureError as error:
        raise Reject(role, error.args[0]) from None


def _check_value_column(raw_text: str, value: float, unit: str, value_text: str, unit_column: str) -> None:
    """A row with the figure as written and value (+ unit) columns must say the same."""
    try:
        stated = parse_figure(value_text, default_unit=unit_column or unit)
        expected = round_significant(value * conversion_factor(unit, stated.unit))
    except (FigureError, UnitError) as error:
        raise Reject("value", error.args[0]) from None
    if round_significant(stated.value) != expected:
        said = f"{format_number(expected)} {stated.unit}"
        raise Reject("value", Words(f"value {value_text} {stated.unit} 与数字 '{raw_text}'（{said}）不符", f"value {value_text} {stated.unit} disagrees with the figure '{raw_text}' ({said})"))


def _compose(number: str, unit: str, word: str) -> str:
    """A raw from a bare number, its column's unit and a qualifier word: 近2800家, 700余项, 10亿元以上."""
    if not word:
        return f"{number}{unit}"
    if word in QUALIFIERS:
        return f"{QUALIFIER_WORDS[word]}{number}{unit}"
    if word in PREFIX_QUALIFIERS:
        return f"{word}{number}{unit}"
    if word in INFIX_QUALIFIERS:
        return f"{number}{word}{unit}"
    return f"{number}{unit}{word}"


def _fraction_as_percent(text: str, role: str) -> tuple[str, float]:
    """'0.0905' -> ('9.05', 9.05), in decimal arithmetic so no binary noise enters."""
    try:
        percent = Decimal(normalize(text).strip()) * 100
    except InvalidOperation:
        raise Reject(role, Words(f"--percent-as-fraction 只读纯数字，不读 '{text}'", f"--percent-as-fraction reads plain numbers only, not '{text}'")) from None
    written = format(percent.normalize(), "f")
    return written, float(written)
