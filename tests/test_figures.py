"""The figure parser on strings as they appear in articles and spreadsheets."""

from __future__ import annotations

import re

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkmetrics.core.errors import FigureError
from parkmetrics.core.figures import Figure, chinese_numeral, format_figure, format_number, parse_figure

PARSED = [
    ("143亿元", 143.0, "亿元", "exact"),
    ("107.75亿元", 107.75, "亿元", "exact"),
    ("2.78亿元", 2.78, "亿元", "exact"),
    ("超140亿元", 140.0, "亿元", "at_least"),
    ("超过3000万元", 3000.0, "万元", "at_least"),
    ("逾50亿元", 50.0, "亿元", "at_least"),
    ("突破224亿元", 224.0, "亿元", "at_least"),
    ("过100亿元", 100.0, "亿元", "at_least"),
    ("140余户", 140.0, "户", "at_least"),
    ("2500余万元", 2500.0, "万元", "at_least"),
    ("30余个", 30.0, "个", "at_least"),
    ("30多家", 30.0, "家", "at_least"),
    ("1.7万余家", 1.7, "万家", "at_least"),  # 余 between the multiplier and the unit
    ("3万多人", 3.0, "万人", "at_least"),
    ("1.2万亿余元", 1.2, "万亿元", "at_least"),
    ("1.7万余", 1.7, "万", "at_least"),
    ("10亿元以上", 10.0, "亿元", "at_least"),
    ("近2800家", 2800.0, "家", "approx"),
    ("约300亩", 300.0, "亩", "approx"),
    ("100家左右", 100.0, "家", "approx"),
    ("接近20亿元", 20.0, "亿元", "approx"),
    ("不足5%", 5.0, "%", "at_most"),
    ("不到100人", 100.0, "人", "at_most"),
    ("50亿元以下", 50.0, "亿元", "at_most"),
    ("343.81万元/亩", 343.81, "万元/亩", "exact"),
    ("5.2万元/公顷", 5.2, "万元/公顷", "exact"),
    ("9.05%", 9.05, "%", "exact"),
    ("９．０５％", 9.05, "%", "exact"),
    ("１４３亿元", 143.0, "亿元", "exact"),
    ("1,234.5亿元", 1234.5, "亿元", "exact"),
    ("12,345家", 12345.0, "家", "exact"),
    ("1.2万亿元", 1.2, "万亿元", "exact"),
    ("3.6万吨", 3.6, "万吨", "exact"),
    ("11.15万辆", 11.15, "万辆", "exact"),
    ("19.5亿美元", 19.5, "亿美元", "exact"),
    ("154.3億元", 154.3, "亿元", "exact"),
    ("700餘項", 700.0, "项", "at_least"),
    ("2.27平方公里", 2.27, "平方公里", "exact"),
    ("782.75公顷", 782.75, "公顷", "exact"),
    ("-3.2%", -3.2, "%", "exact"),
    ("下降3.2%", -3.2, "%", "exact"),
    ("十二家", 12.0, "家", "exact"),
    ("三个", 3.0, "个", "exact"),
    ("两千人", 2000.0, "人", "exact"),
    ("一百零五项", 105.0, "项", "exact"),
    (" 5330名 ", 5330.0, "名", "exact"),
    ("100亿", 100.0, "亿", "exact"),
    ("1873件", 1873.0, "件", "exact"),
    # As spreadsheets and reposted articles write them.
    ("１，２３４．５億元", 1234.5, "亿元", "exact"),
    ("1 234.5亿元", 1234.5, "亿元", "exact"),
    ("超過140億元", 140.0, "亿元", "at_least"),
    ("將近2800家", 2800.0, "家", "approx"),
    ("約300畝", 300.0, "亩", "approx"),
    ("兩千人", 2000.0, "人", "exact"),
    ("－3.2％", -3.2, "%", "exact"),
    ("增长5.9%", 5.9, "%", "exact"),
    ("同比增长5.9%", 5.9, "%", "exact"),
    ("同比下降3.2%", -3.2, "%", "exact"),
    ("減少3.2%", -3.2, "%", "exact"),
    # Two parts, read in the larger multiplier, as official pages and their Japanese editions write them.
    ("3426億9000万元", 3426.9, "亿元", "exact"),
    ("3762亿600万元", 3762.06, "亿元", "exact"),
    ("6亿8700万美元", 6.87, "亿美元", "exact"),
    ("1,234亿5000万元", 1234.5, "亿元", "exact"),
    ("超1万2000家", 1.2, "万家", "at_least"),
]


@pytest.mark.parametrize("raw, value, unit, qualifier", PARSED)
def test_parses_real_world_figures(raw, value, unit, qualifier):
    assert parse_figure(raw) == Figure(value, unit, qualifier)


REJECTED = [
    ("", "empty figure"),
    ("   ", "empty figure"),
    ("143", "has no unit"),
    ("1.2.3亿元", "cannot read"),
    ("1,23亿元", "cannot read"),
    ("abc", "cannot read"),
    ("亿元", "cannot read"),
    ("NaN亿元", "cannot read"),
    ("143公斤", "unknown unit '公斤'"),
    ("143亿元元", "unknown unit '亿元元'"),
    ("超140亿元左右", "contradictory qualifiers"),
    ("5-10亿元", "cannot read"),
    ("3762亿12000万元", "write it with one multiplier"),
]


@pytest.mark.parametrize("raw, message", REJECTED)
def test_rejects_malformed_figures(raw, message):
    with pytest.raises(FigureError, match=message):
        parse_figure(raw)


@pytest.mark.parametrize(
    "raw, default_unit, figure",
    [
        ("3686.0", "亿元", Figure(3686.0, "亿元", "exact")),
        ("1,234.5", "亿元", Figure(1234.5, "亿元", "exact")),
        ("0.0905", "%", Figure(0.0905, "%", "exact")),
        ("近2800", "家", Figure(2800.0, "家", "approx")),
        ("５０００萬元", "亿元", Figure(5000.0, "万元", "exact")),
        ("12", "億元", Figure(12.0, "亿元", "exact")),
        ("1万2000", "家", Figure(1.2, "万家", "exact")),
    ],
)
def test_a_bare_number_takes_the_default_unit_and_a_written_unit_wins(raw, default_unit, figure):
    assert parse_figure(raw, default_unit=default_unit) == figure


def test_default_unit_is_checked_like_a_written_one():
    with pytest.raises(FigureError, match="unknown unit '公斤'"):
        parse_figure("12", default_unit="公斤")


def test_rejects_non_strings():
    with pytest.raises(FigureError, match="empty figure"):
        parse_figure(None)


@pytest.mark.parametrize(
    "text, number",
    [
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三百零二", 302),
        ("两", 2),
        ("一千零一", 1001),
        ("三千五", 3500),
        ("一百一", 110),
        ("两千三", 2300),
        ("三千零五", 3005),
        ("一千零五十", 1050),
        ("零", 0),
    ],
)
def test_chinese_numerals(text, number):
    assert chinese_numeral(text) == number


@pytest.mark.parametrize("text", ["三四", "十十", "二十十", "百", "百五", "五十五十", "一百零", "零五", "一千千"])
def test_chinese_numeral_refuses_what_is_not_one_number(text):
    with pytest.raises(FigureError, match=f"'{text}' is not a Chinese numeral parkmetrics can read"):
        chinese_numeral(text)


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numerals_agree_with_cn2an_on_every_number_below_ten_thousand(number):
    written = cn2an.an2cn(number)
    assert chinese_numeral(written) == number
    shortened = re.sub(r"([一二三四五六七八九])([千百])([一二三四五六七八九])[百十]$", r"\1\2\3", written)
    assert chinese_numeral(shortened) == cn2an.cn2an(shortened, "normal") == number


@given(st.text(alphabet="零〇一二两三四五六七八九十百千", min_size=1, max_size=7))
def test_a_chinese_numeral_that_is_read_has_the_value_cn2an_gives(text):
    try:
        value = chinese_numeral(text)
    except FigureError:
        return
    assert value == cn2an.cn2an(text, "normal")


@pytest.mark.parametrize(
    "figure, text",
    [
        (Figure(140.0, "亿元", "at_least"), "超140亿元"),
        (Figure(2800.0, "家", "approx"), "约2800家"),
        (Figure(5.0, "%", "at_most"), "不足5%"),
        (Figure(343.81, "万元/亩", "exact"), "343.81万元/亩"),
    ],
)
def test_format_figure_round_trips(figure, text):
    assert format_figure(figure) == text
    assert parse_figure(text) == figure


@pytest.mark.parametrize("value, grouping, text", [(143.0, False, "143"), (0.25, False, "0.25"), (5330.0, True, "5,330"), (-3.2, False, "-3.2"), (-0.0, False, "0")])
def test_format_number(value, grouping, text):
    assert format_number(value, grouping=grouping) == text


def test_one_translation_pass_equals_the_three_tables_in_turn():
    from parkmetrics.core import textnorm

    tables = (textnorm._INVISIBLE, textnorm._MINUS, textnorm._TRADITIONAL)
    keys = [chr(key) for table in tables for key in table]
    text = "".join(keys) + "超１４０億元，−3.5％"
    chained = text
    for table in tables:
        chained = chained.translate(table)
    assert text.translate(textnorm._AFTER_NFKC) == chained
    assert len(keys) == len(set(keys))


def test_the_parser_drops_exactly_the_whitespace_that_a_regex_would():
    import re

    spaces = "".join(chr(code) for code in range(0x3100) if re.fullmatch(r"\s", chr(code)))
    assert spaces == "".join(chr(code) for code in range(0x3100) if chr(code).isspace())
    assert parse_figure(f"超{spaces}140{spaces}亿元") == parse_figure("超140亿元")
