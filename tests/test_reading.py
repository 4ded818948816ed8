"""Reading user files: encodings, Excel cell text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from parkmetrics.core.errors import UsageError
from parkmetrics.files.decoding import Decoded, decode
from parkmetrics.importing.reading import cell_text


@pytest.mark.parametrize(
    "data, text",
    [
        ("园区,指标\n".encode(), "园区,指标\n"),
        ("园区,指标\n".encode("utf-8-sig"), "园区,指标\n"),
        ("园区,指标\n".encode("gb18030"), "园区,指标\n"),
        ("園區,指標\n".encode("utf-16"), "園區,指標\n"),
    ],
)
def test_encodings_are_detected(data, text):
    assert decode(data, "f.csv", None).text == text


def test_undecodable_bytes_name_the_flag():
    with pytest.raises(UsageError, match=r"^f.csv is neither UTF-8 nor GB18030/GBK nor Big5; pass its encoding with --encoding, e.g. --encoding shift_jis$"):
        decode(b"\x81\x30\xff", "f.csv", None)


TRADITIONAL_ARTICLE = (Path(__file__).parent / "fixtures" / "extract" / "traditional.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [TRADITIONAL_ARTICLE, "園區,指標,數值\n蘇州工業園區,高新技術企業,2800家\n"])
def test_big5_is_detected_although_the_bytes_decode_as_gb18030(text):
    data = text.encode("big5")
    data.decode("gb18030")  # the trap: these bytes are valid GB18030 as well
    assert decode(data, "f.csv") == Decoded(text, "big5")


@pytest.mark.parametrize("text", ["园区,指标\n", "晋中开发区", "苏州工业园区,2023,高新技术企业\n"])
def test_short_gbk_text_that_also_decodes_as_big5_stays_gbk(text):
    data = text.encode("gbk")
    assert decode(data, "f.csv") == Decoded(text, "gb18030")


@pytest.mark.parametrize(
    "value, number_format, text",
    [
        (None, "General", ""),
        (3686.0, "General", "3686"),
        (738.7, "General", "738.7"),
        (0.1 + 0.2, "General", "0.3"),
        (2021, "General", "2021"),
        (0.0905, "0.00%", "9.05%"),
        (0.001, "0.0%", "0.1%"),
        (1, "0%", "100%"),
        ("近2800家", "General", "近2800家"),
        (datetime(2023, 1, 19), "yyyy-mm-dd", "2023-01-19"),
        (date(2023, 1, 19), "yyyy-mm-dd", "2023-01-19"),
        (True, "General", "TRUE"),
    ],
)
def test_excel_cells_read_as_excel_shows_them(value, number_format, text):
    assert cell_text(value, number_format) == text


def test_damaged_utf16_is_an_input_error():
    with pytest.raises(UsageError, match=r"^f.csv starts like UTF-16 text but is cut or damaged at byte 4; save it again as UTF-8$"):
        decode(b"\xfe\xff\x00A\x00", "f.csv")
