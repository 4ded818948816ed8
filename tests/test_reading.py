"""Reading user files: encodings, Excel cell text."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from parkmetrics.errors import UsageError
from parkmetrics.reading import cell_text, decode


@pytest.mark.parametrize(
    "data, text",
    [
        ("园区,指标\n".encode("utf-8"), "园区,指标\n"),
        ("园区,指标\n".encode("utf-8-sig"), "园区,指标\n"),
        ("园区,指标\n".encode("gb18030"), "园区,指标\n"),
        ("園區,指標\n".encode("utf-16"), "園區,指標\n"),
    ],
)
def test_encodings_are_detected(data, text):
    assert decode(data, "f.csv", None) == text


def test_undecodable_bytes_name_the_flag():
    with pytest.raises(UsageError, match=r"f.csv is neither UTF-8 nor GB18030/GBK; pass its encoding with --encoding, e.g. --encoding big5"):
        decode(b"\x81\x30\xff", "f.csv", None)


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
