"""The renderer on a terminal: rank bars, colours and NO_COLOR."""

from __future__ import annotations

import io
import re

from parkmetrics.analysis.queries import rank_table
from parkmetrics.output.render import _text, render


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
    from parkmetrics.analysis.queries import short_listing

    assert short_listing(["a 2022", "b 2023"]) == "a 2022, b 2023"
    assert short_listing([f"p{number} 2023" for number in range(1, 3001)]) == ("p1 2023, p2 2023, p3 2023, p4 2023, p5 2023, p6 2023 and 2994 more")


# Tables at 80 and 120 columns -------------------------------------------------------------------

BOX = re.compile(r"[│┃━╇\s]+")


def tables(dataset):
    """One table of every listing command, as a terminal shows them."""
    from parkmetrics.analysis.composite import composite_table
    from parkmetrics.analysis.profiles import profile_table, profiles_table
    from parkmetrics.analysis.queries import compare_table, data_table, indicators_table, parks_table, show_table

    return {
        "rank": rank_table(dataset, "high_tech_enterprises", "zh"),
        "rank en": rank_table(dataset, "industrial_output", "en"),
        "compare": compare_table(dataset, ["suzhou", "qianjiang"], "zh"),
        "compare five": compare_table(dataset, ["suzhou", "qianjiang", "jinzhong", "longling", "changfeng"], "zh"),
        "show": show_table(dataset, "ganjiang", "zh"),
        "show sources": show_table(dataset, "ganjiang", "zh", with_sources=True),
        "parks": parks_table(dataset, "en"),
        "indicators": indicators_table(dataset, "en"),
        "composite": composite_table(dataset, "innovation", "zh", verbose=True),
        "profiles": profiles_table(dataset, "en"),
        "profile": profile_table(dataset, "land_efficiency", "zh"),
        "data": data_table(dataset, ["qianjiang"]),
    }


# Tables whose ids, numbers and periods alone, with two characters a line for the rest, are wider than the
# terminal: they are printed whole, wider than the screen, rather than cut (show --sources: period and source id;
# data: the eleven columns of the machine contract).
WIDER = {("show sources", 80): 86, ("data", 80): 133, ("data", 120): 133}


def at_width(table, width: int) -> str:
    buffer = io.StringIO()
    render(table, "table", "zh", buffer, is_terminal=True, width=width)
    return re.sub(r"\x1b\[[0-9;]*m", "", buffer.getvalue())


def test_tables_fit_80_and_120_columns_and_never_cut_an_id_a_number_or_a_period(eight_parks):
    from rich.cells import cell_len

    for name, table in tables(eight_parks).items():
        kept = [column for column in table.visible("human") if column.kept]
        for width in (80, 120):
            text = at_width(table, width)
            lines = text.splitlines()
            assert text.count("…") == sum(note.count("…") for note in table.notes), (name, width)  # no cell cut
            assert max(cell_len(line) for line in lines) <= WIDER.get((name, width), width), (name, width)
            words = {word for line in lines for word in BOX.split(line)}
            for row in table.rows:
                for column in kept:
                    cell = _text(column.shown(row.get(column.key), "zh"), column.kind, grouping=True)
                    assert set(cell.split()) <= words, (name, width, column.key, cell)


def test_the_bar_shrinks_or_goes_before_a_name_wraps(eight_parks):
    table = rank_table(eight_parks, "high_tech_enterprises", "zh")
    wide, narrow = at_width(table, 120), at_width(table, 80)
    assert "█" * 24 in wide and "苏州工业园区" in wide and "山西转型综改示范区晋中开发区" in wide
    assert "█" not in narrow  # at 80 columns the longest name needs the room the bar had
    assert "山西转型综改示范区晋中开" in narrow and "发区" in narrow
    assert "jinzhong-2023-02-27" in narrow and "2023-02" in narrow and "~2,800" in narrow
    middle = at_width(table, 100)
    bar = max(len(match) for match in re.findall("█+", middle))
    assert 8 <= bar < 24 and "山西转型综改示范区晋中开发区" in middle  # shrunk, the names whole


def test_stored_codes_read_as_words_of_the_language_asked_for():
    from parkmetrics.core.i18n import term

    assert [term(code, "zh") for code in ("actual", "park", "national", "higher", "经开区")] == ["实际", "全园区", "国家级", "越高越好", "经开区"]
    assert [term(code, "en") for code in ("actual", "park", "national", "经开区", "高新区", "国家级新区")] == ["actual", "whole park", "national", "ETDZ", "High-tech zone", "State-level new area"]
    assert [term(place, "en", place=True) for place in ("江西", "南昌|九江", "重庆", "长丰", "黔江")] == ["Jiangxi", "Nanchang|Jiujiang", "Chongqing", "Changfeng", "Qianjiang"]
    assert [term(unit, "en") for unit in ("亿元", "万元/公顷", "家", "%", "医药化工产业链")] == ["100M CNY", "10k CNY/ha", "firms", "%", "医药化工产业链"]  # a scope from the source stays as written
