"""Unit conversion through the shipped definitions, and the period grammar."""

from __future__ import annotations

import pytest

from parkmetrics.core import units
from parkmetrics.core.errors import UnitError, UsageError
from parkmetrics.core.periods import comparability, parse_period


@pytest.mark.parametrize(
    "source, target, factor",
    [
        ("万元/亩", "万元/公顷", 15.0),
        ("万元/公顷", "万元/亩", 1 / 15),
        ("平方公里", "亩", 1500.0),
        ("平方千米", "公顷", 100.0),
        ("亿元", "万元", 10000.0),
        ("万亿元", "亿元", 10000.0),
        ("元", "亿元", 1e-8),
        ("户", "家", 1.0),
        ("名", "人", 1.0),
        ("%", "%", 1.0),
    ],
)
def test_conversion_factors(source, target, factor):
    assert units.conversion_factor(source, target) == pytest.approx(factor, rel=1e-12)


def test_convert_removes_binary_noise():
    assert units.convert(2500, "万元", "亿元") == 0.25
    assert units.convert(1, "亩", "平方米") == 666.666666667


def test_currencies_never_convert():
    with pytest.raises(UnitError, match="cannot convert 亿元 to 亿美元: .*no exchange rate"):
        units.conversion_factor("亿元", "亿美元")


def test_area_does_not_convert_to_money():
    with pytest.raises(UnitError, match="cannot convert 亩 to 万元"):
        units.conversion_factor("亩", "万元")


def test_unknown_unit_is_named():
    with pytest.raises(UnitError, match="unknown unit '公斤'; known units are"):
        units.check_unit("公斤")


def test_registry_is_the_small_one():
    registry = units.registry()
    assert "mu" in registry and "hectare" in registry
    assert "furlong" not in registry


@pytest.mark.parametrize(
    "text, kind, start, end, partial",
    [
        ("2021", "year", "2021-01-01", "2021-12-31", False),
        ("2022-01/2022-11", "months", "2022-01-01", "2022-11-30", True),
        ("2025-01/2025-09", "months", "2025-01-01", "2025-09-30", True),
        ("2023-01/2023-12", "months", "2023-01-01", "2023-12-31", False),
        ("2018/2022", "years", "2018-01-01", "2022-12-31", False),
        ("2023-02", "month", "2023-02-01", "2023-02-28", False),
        ("2025-01-01/2025-12-03", "days", "2025-01-01", "2025-12-03", True),
    ],
)
def test_periods(text, kind, start, end, partial):
    period = parse_period(text)
    assert (period.kind, period.start.isoformat(), period.end.isoformat(), period.is_partial_year) == (kind, start, end, partial)


@pytest.mark.parametrize("text", ["", "22", "2022-13", "2022-11/2022-01", "2022/2021", "2022/2022", "1-11月", "2022 "])
def test_bad_periods_name_the_forms(text):
    if text == "2022 ":
        assert parse_period(text).text == "2022"
        return
    with pytest.raises(UsageError, match="is not a period; write one of 2021, 2022-01/2022-11"):
        parse_period(text)


@pytest.mark.parametrize(
    "a, b, stock, expected",
    [
        ("2022", "2022", False, (True, "")),
        ("2021", "2022", False, (True, "different periods (2021 vs 2022)")),
        ("2022-01/2022-11", "2022", False, (False, "partial year vs full year (2022-01/2022-11 vs 2022)")),
        ("2022-01/2022-11", "2022-01/2022-09", False, (False, "different period length (11 months vs 9 months)")),
        ("2018/2022", "2022", False, (False, "different period length (5 years vs 1 year)")),
        ("2023-05", "2023-02", True, (True, "as of 2023-05 vs 2023-02")),
    ],
)
def test_comparability(a, b, stock, expected):
    assert comparability(parse_period(a), parse_period(b), stock) == expected


@pytest.mark.parametrize(
    "text, period, as_of",
    [
        ("2021", "2021", False),
        ("2021年", "2021", False),
        ("2021年度", "2021", False),
        ("2023年5月", "2023-05", False),
        ("2022年1-11月", "2022-01/2022-11", False),
        ("2022年1月至11月", "2022-01/2022-11", False),
        ("2025年前三季度", "2025-01/2025-09", False),
        ("2023年一季度", "2023-01/2023-03", False),
        ("2023年上半年", "2023-01/2023-06", False),
        ("2018-2022年", "2018/2022", False),
        ("２０２１年", "2021", False),
        ("截至2023年底", "2023-12", True),
        ("截至2022年7月", "2022-07", True),
        ("截止2022年7月底", "2022-07", True),
        ("截至2022年7月(累计)", "2022-07", True),
        ("截至2022年(累计)", "2022", True),
        ("2020年调区扩区后", "2020", True),
        ("2023(页面2024-02-04)", "2023", False),
        ("2022-01/2022-11", "2022-01/2022-11", False),
    ],
)
def test_periods_as_spreadsheets_spell_them(text, period, as_of):
    from parkmetrics.core.periods import SpelledPeriod, read_period

    assert read_period(text) == SpelledPeriod(period, as_of)


@pytest.mark.parametrize("text", ["1-11月", "今年以来", "2022年13月", "截至底", "", "2023(页面)(2)"])
def test_period_spellings_that_name_no_year_are_refused(text):
    from parkmetrics.core.periods import read_period

    with pytest.raises(UsageError, match="is not a period"):
        read_period(text)


def _definitions():
    """(canonical name, every symbol) of each unit line of units.txt, prefixes left out."""
    for line in units._definition_lines():
        names = [part.strip() for part in line.split("=")]
        if not names[0].endswith("-"):
            yield names[0], [names[0], *names[2:]]


@pytest.mark.parametrize("canonical, symbols", list(_definitions()))
def test_pint_accepts_every_symbol_of_the_definitions_file(canonical, symbols):
    for symbol in symbols:
        assert units.conversion_factor(symbol, canonical) == 1.0
        assert units.conversion_factor(f"万{symbol}", symbol) == 10000.0
        assert units.conversion_factor(f"亿{symbol}/{symbol}", f"万{symbol}/{symbol}") == pytest.approx(10000.0, rel=1e-12)
