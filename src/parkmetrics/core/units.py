"""Units: a small shipped definitions file, checked without pint, converted with pint.

Recognising a unit (is '万元/亩' a unit?) only needs the symbol list, so the
figure parser never pays for building a registry. Conversion factors come from
one lazily built pint registry per process and are cached per unit pair, so a
million rows cost one pint call per distinct pair, not one per row.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .errors import UnitError
from .i18n import Words

if TYPE_CHECKING:
    import numpy as np

DEFINITIONS_FILE = "units.txt"

# Multipliers that are written in front of a unit: 万元, 亿元, 万亿元, 万吨.
MULTIPLIERS = ("万亿", "亿", "万")


def _definition_lines() -> list[str]:
    from importlib import resources  # here, not at the top: a query that reads no unit file needs no importlib.resources

    text = resources.files(__package__).joinpath(DEFINITIONS_FILE).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def unit_symbols() -> frozenset[str]:
    """Every name and alias of a unit in the definitions file (prefixes excluded)."""
    symbols = set()
    for line in _definition_lines():
        names = [part.strip() for part in line.split("=")]
        if names[0].endswith("-"):
            continue
        # 'name = definition = alias = alias': the definition is the second field.
        symbols.add(names[0])
        symbols.update(names[2:])
    return frozenset(symbols)


@functools.cache
def _names_of(unit_name: str) -> frozenset[str]:
    for line in _definition_lines():
        names = [part.strip() for part in line.split("=")]
        if names[0] == unit_name:
            return frozenset([names[0], *names[2:]])
    return frozenset()


def is_count(unit: str) -> bool:
    """True for a bare count unit (家, 户, 个 …), whose figures are whole numbers; 万人 is not bare."""
    return unit in _names_of("count")


def _is_term(term: str) -> bool:
    if term in unit_symbols():
        return True
    for prefix in MULTIPLIERS:
        if term.startswith(prefix) and term[len(prefix) :] in unit_symbols():
            return True
    return False


@functools.cache  # a dataset has few distinct units; validation asks about each of its raw figures
def is_unit(text: str) -> bool:
    """True for a known unit, optionally with a 万/亿 multiplier and one '/': '万元/亩'."""
    parts = text.split("/")
    return 1 <= len(parts) <= 2 and all(_is_term(part) for part in parts)


def check_unit(text: str) -> str:
    """Return the unit, or raise UnitError naming it and the known units."""
    unit = text.strip()
    if not is_unit(unit):
        known = sorted(s for s in unit_symbols() if not s.isascii())[:40]
        raise UnitError(
            Words(
                f"未知单位 '{unit}'；已知单位有 {'、'.join(known)}（前面可加 万/亿/万亿，可含一个 '/'，如 万元/亩）",
                f"unknown unit '{unit}'; known units are {', '.join(known)} (optionally with 万/亿/万亿 in front and one '/', e.g. 万元/亩)",
            )
        )
    return unit


@functools.cache
def registry():
    """The process-wide pint registry, built from the shipped definitions only."""
    import pint

    ureg = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    ureg.load_definitions(_definition_lines())
    return ureg


@functools.cache
def _pint_names() -> dict[str, str]:
    """Each symbol and multiplier of the definitions file -> the ASCII name pint knows it by.

    pint's tokenizer reads '%' as an operator and 'km²' as 'km' squared, so every
    expression handed to pint is spelled in the canonical names alone.
    """
    names = {}
    for line in _definition_lines():
        parts = [part.strip() for part in line.split("=")]
        canonical, aliases = parts[0], [parts[0], *parts[2:]]
        for alias in aliases:
            names[alias.removesuffix("-")] = canonical.removesuffix("-")
    return names


def _pint_expression(unit: str) -> str:
    """'万元/亩' -> 'wanyuan/mu', 'km²' -> 'square_kilometer', '%' -> 'percent'."""
    names = _pint_names()
    terms = []
    for term in unit.split("/"):
        prefix = next((prefix for prefix in MULTIPLIERS if term.startswith(prefix) and term[len(prefix) :] in names), "")
        base = term[len(prefix) :]
        terms.append(f"{names[prefix] if prefix else ''}{names.get(base, base)}")
    return "/".join(terms)


@functools.cache
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """The number to multiply a value in from_unit by to express it in to_unit."""
    if from_unit == to_unit:
        return 1.0
    check_unit(from_unit)
    check_unit(to_unit)
    import pint

    ureg = registry()
    try:
        factor = ureg.Quantity(1, _pint_expression(from_unit)).to(_pint_expression(to_unit)).magnitude
    except pint.DimensionalityError:
        raise UnitError(
            Words(
                f"无法把 {from_unit} 换算为 {to_unit}：两者度量的不是同一种量（货币从不换算，没有汇率）",
                f"cannot convert {from_unit} to {to_unit}: they measure different things (currencies are never converted; there is no exchange rate)",
            )
        ) from None
    return float(factor)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert value, rounding away binary noise (0.25000000000000006 -> 0.25)."""
    return round_significant(value * conversion_factor(from_unit, to_unit))


# Significant digits a converted value keeps: enough for any figure, few enough to drop binary noise.
SIGNIFICANT_DIGITS = 12


def round_significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """Round to `digits` significant digits; conversions never need more."""
    if value == 0 or value != value:
        return value
    return float(f"{value:.{digits}g}")


def round_significant_array(values: np.ndarray) -> np.ndarray:
    """round_significant over a numpy array at once: a million converted values leave no binary noise."""
    import numpy as np

    finite = np.isfinite(values) & (values != 0)
    result = values.copy()
    magnitude = np.floor(np.log10(np.abs(values[finite])))
    with np.errstate(over="ignore", invalid="ignore"):
        scale = 10.0 ** (SIGNIFICANT_DIGITS - 1 - magnitude)
        rounded = np.round(values[finite] * scale) / scale
    # Below about 1e-297 the scale leaves the float range (inf / inf is NaN): those few round one by one.
    outside = ~np.isfinite(rounded)
    rounded[outside] = [round_significant(value) for value in values[finite][outside]]
    result[finite] = rounded
    return result
