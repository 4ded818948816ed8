"""The renderer on a terminal: rank bars, colours and NO_COLOR."""

from __future__ import annotations

import io
import re

from parkmetrics.analysis import rank_table
from parkmetrics.render import render


def terminal_output(table, monkeypatch, no_color: bool) -> str:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    buffer = io.StringIO()
    render(table, "table", "zh", buffer, is_terminal=True)
    return buffer.getvalue()


def test_rank_on_a_terminal_draws_proportional_bars(eight_parks, monkeypatch):
    lines = terminal_output(rank_table(eight_parks, "high_tech_enterprises", "zh"), monkeypatch, no_color=True).splitlines()
    leader, second, third = lines[2], lines[3], lines[4]
    # suzhou's ~2800 fills the 24-cell bar; 170 is 170/2800 of it (1.46 cells), 50 is 0.43 of a cell.
    assert "苏州工业园区" in leader and leader.rstrip().endswith("█" * 24)
    assert second.rstrip().endswith("│ █▍")
    assert third.rstrip().endswith("│ ▍")


COLOUR_CODE = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]")


def test_no_color_removes_colours(bundled, monkeypatch):
    table = rank_table(bundled, "high_tech_enterprises", "zh")
    assert COLOUR_CODE.search(terminal_output(table, monkeypatch, no_color=False))
    assert not COLOUR_CODE.search(terminal_output(table, monkeypatch, no_color=True))


def test_tables_off_a_terminal_have_no_bars_and_no_colour(bundled):
    buffer = io.StringIO()
    render(rank_table(bundled, "high_tech_enterprises", "zh"), "table", "zh", buffer, is_terminal=False)
    assert "█" not in buffer.getvalue() and "\x1b[" not in buffer.getvalue()


def test_a_warning_names_six_items_and_counts_the_rest():
    from parkmetrics.analysis import short_listing

    assert short_listing(["a 2022", "b 2023"]) == "a 2022, b 2023"
    assert short_listing([f"p{number} 2023" for number in range(1, 3001)]) == (
        "p1 2023, p2 2023, p3 2023, p4 2023, p5 2023, p6 2023 and 2994 more")
