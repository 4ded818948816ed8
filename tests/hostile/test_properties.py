"""Property-based tests: the figure parser, the dataset loader and import, given anything.

Example counts come from the hypothesis profile of tests/conftest.py ("suite": 100 per
test, costly tests a share of that; "thorough": ten times as many).
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
from pathlib import Path

import pytest
from helpers import FIXTURES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from parkmetrics.core.errors import FigureError
from parkmetrics.core.figures import GROWTH_WORDS, INFIX_QUALIFIERS, NEGATING_WORDS, PREFIX_QUALIFIERS, QUALIFIERS, SUFFIX_QUALIFIERS, Figure, format_figure, parse_figure
from parkmetrics.core.textnorm import normalize
from parkmetrics.core.units import MULTIPLIERS, unit_symbols

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones


def scratch():
    """A new empty directory for one Hypothesis example, removed after it: no example sees another's files,
    so a failure reproduces from its example alone (pytest's tmp_path is one directory for all of them)."""
    return tempfile.TemporaryDirectory(prefix="parkmetrics-example-")


def examples(share: float) -> int:
    """A share of the profile's examples, for tests whose every example loads a dataset."""
    return max(5, int(settings.default.max_examples * share))


# The figure parser ------------------------------------------------------------------------------

UNITS = sorted(unit for unit in unit_symbols() if normalize(unit) == unit)
COMPOUND_UNITS = st.builds(lambda multiplier, unit, per: f"{multiplier}{unit}{per}", st.sampled_from(("", *MULTIPLIERS)), st.sampled_from(UNITS), st.sampled_from(("", "/亩", "/平方公里", "/人")))
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**15).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(lambda d: format(d, "f")),
    st.sampled_from(["1,234.5", "1,234,567", "十二", "两千", "一百零五", "３６８６", "9.05", "0", ".5", "5.", "1e5", "1.2.3"]),
)
# Figure-like text: the parts parse_figure knows, in order or not, with junk between.
PARTS = st.lists(
    st.one_of(
        st.sampled_from((*NEGATING_WORDS, *GROWTH_WORDS, *PREFIX_QUALIFIERS, *INFIX_QUALIFIERS, *SUFFIX_QUALIFIERS)),
        st.sampled_from(("-", "+", "−", "%", "％", " ", "\u200b", "億", "万", "亿")),
        NUMBERS,
        COMPOUND_UNITS,
        st.text(max_size=3),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@settings(max_examples=examples(1))
@given(st.one_of(st.text(), PARTS), st.one_of(st.none(), st.sampled_from(UNITS), st.text(max_size=4)))
def test_any_text_is_a_figure_or_a_figure_error(text, default_unit):
    try:
        figure = parse_figure(text, default_unit=default_unit)
    except FigureError as error:
        assert str(error)
        return
    assert isinstance(figure, Figure)
    assert math.isfinite(figure.value) and figure.qualifier in QUALIFIERS and figure.unit


FIGURES = st.builds(
    Figure,
    value=st.floats(allow_nan=False, allow_infinity=False),
    unit=st.one_of(COMPOUND_UNITS, st.sampled_from(MULTIPLIERS)),
    qualifier=st.sampled_from(QUALIFIERS),
)


@settings(max_examples=examples(1))
@given(FIGURES)
def test_parse_of_format_is_the_figure(figure):
    assert parse_figure(format_figure(figure)) == figure


# The dataset loader --------------------------------------------------------------------------------

TABLES = ("parks.csv", "indicators.csv", "sources.csv", "observations.csv")
JUNK = st.text(alphabet=st.sampled_from(list(',"\n\r\t\x00;:|-=+@ 0123456789.亿元家%超约余园区\u200b\u202e\ufeffé')), max_size=12)


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    """A valid dataset of five parks and twelve figures: the five_parks fixture cut down."""
    directory = tmp_path_factory.mktemp("small")
    source = FIXTURES / "five_parks"
    observations = list(csv.reader(open(source / "observations.csv", encoding="utf-8", newline="")))[:13]
    used = {row[1] for row in observations[1:]}
    indicators = list(csv.reader(open(source / "indicators.csv", encoding="utf-8", newline="")))
    for name, rows in (("observations.csv", observations), ("indicators.csv", [indicators[0], *(r for r in indicators[1:] if r[0] in used)])):
        with open(directory / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    for name in ("parks.csv", "sources.csv"):
        (directory / name).write_bytes((source / name).read_bytes())
    return {name: (directory / name).read_bytes() for name in TABLES}


def corrupt(data: bytes, draw) -> bytes:
    """One random damage to a file's bytes: flipped, inserted, deleted, cut, repeated or swapped lines, or a field."""
    kind = draw(st.sampled_from(("bytes", "insert", "delete", "truncate", "repeat line", "swap lines", "field", "column")))
    at = draw(st.integers(0, len(data)))
    if kind == "bytes":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8 :]
    if kind == "insert":
        return data[:at] + draw(JUNK).encode("utf-8") + data[at:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 40)) :]
    if kind == "truncate":
        return data[:at]
    lines = data.decode("utf-8", "surrogateescape").split("\n")  # earlier damage may have left bytes that are not UTF-8
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    if kind == "repeat line":
        lines.insert(second, lines[first])
    elif kind == "swap lines":
        lines[first], lines[second] = lines[second], lines[first]
    else:
        rows = list(csv.reader(io.StringIO("\n".join(lines), newline="")))  # a stray CR ends a line, as it does for the loader
        if not rows:  # an earlier cut left nothing to change
            return data
        row = rows[first % len(rows)]
        if row:
            column = draw(st.integers(0, len(row) - 1))
            if kind == "field":
                row[column] = draw(st.one_of(JUNK, NUMBERS, st.text(max_size=6)))
            else:
                del row[column]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue().encode("utf-8", "surrogateescape")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


ONE_LINE = re.compile(r"^error: [^\n]+\n$")
PROBLEM = re.compile(r"^(\S.*:\d+: .+|conflict: .+)$")


def validate(run, directory):
    result = run("validate", str(directory))
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    if result.exit_code == 2:
        assert ONE_LINE.match(result.stderr) and result.stdout == ""
    else:
        assert all(PROBLEM.match(line) for line in result.stdout.splitlines()), result.stdout
        assert (result.exit_code == 1) == bool(result.stdout)
    return result


@settings(max_examples=examples(0.15), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_damaged_dataset_is_reported_never_a_crash(run, small_dataset, monkeypatch, data):
    monkeypatch.setenv("PARKMETRICS_NO_CACHE", "1")  # damage can keep a file's size and time
    damaged = data.draw(st.lists(st.sampled_from(TABLES), min_size=1, max_size=3))
    with scratch() as directory:
        for name in TABLES:
            content = small_dataset[name]
            for _ in range(damaged.count(name)):
                content = corrupt(content, data.draw)
            (Path(directory) / name).write_bytes(content)
        validate(run, directory)


@settings(max_examples=examples(0.08), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(1, 12), value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_changed_value_is_always_reported(run, small_dataset, monkeypatch, row, value):
    """A value that no longer matches its raw figure is a problem on exactly that line."""
    monkeypatch.setenv("PARKMETRICS_NO_CACHE", "1")
    rows = list(csv.reader(io.StringIO(small_dataset["observations.csv"].decode("utf-8"))))
    assume(float(rows[row][7]) != float(repr(value)))
    rows[row][7] = repr(value)
    with scratch() as name:
        directory = Path(name)
        for table in TABLES:
            (directory / table).write_bytes(small_dataset[table])
        with open(directory / "observations.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        result = validate(run, directory)
    assert result.exit_code == 1
    assert {line.split(":")[1] for line in result.stdout.splitlines()} == {str(row + 1)}


# import -----------------------------------------------------------------------------------------------

HEADERS = ("园区", "指标", "期间", "数值", "单位", "原文数值", "来源", "链接", "原文", "备注", "限定", "状态", "范围", "地区生产总值(亿元)", "企业数", "高新技术企业", "junk", "", "指标", "园区")
CELLS = st.one_of(
    st.sampled_from(
        (
            "苏州工业园区",
            "黔江高新区",
            "合计",
            "-",
            "2023",
            "2022年1-11月",
            "截至2023年底",
            "地区生产总值",
            "企业数",
            "高新技术企业数",
            "3686亿元",
            "超140家",
            "9.05%",
            "0.0905",
            "https://example.org/a",
            "预计",
            "约",
            "近",
        )
    ),
    NUMBERS,
    JUNK,
    st.text(max_size=8),
)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    from click.testing import CliRunner

    from parkmetrics.cli.app import main

    directory = tmp_path_factory.mktemp("import-target") / "mine"
    assert CliRunner().invoke(main, ["init", str(directory)]).exit_code == 0
    return directory


SUMMARY = re.compile(r"^added \d+, identical \d+, conflicts \d+( \(\d+ replaced\))?, rejected \d+ \((long|wide|periods) layout; .+\)$")


def check_import(result) -> None:
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    if result.exit_code == 2:
        assert ONE_LINE.match(result.stderr) and result.stdout == ""
    else:
        assert SUMMARY.match(result.stdout.splitlines()[-1]), result.stdout


@settings(max_examples=examples(0.15), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=600), suffix=st.sampled_from((".csv", ".tsv", ".xlsx", ".txt")))
def test_random_bytes_are_refused_or_read(run, target, content, suffix):
    with scratch() as directory:
        path = Path(directory) / f"random{suffix}"
        path.write_bytes(content)
        check_import(run("import", str(path), "--into", str(target), "--dry-run"))


@settings(max_examples=examples(0.15), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    rows=st.lists(st.lists(CELLS, max_size=8), max_size=6),
    delimiter=st.sampled_from((",", "\t", ";")),
    newline=st.sampled_from(("\n", "\r\n", "\r")),
    options=st.lists(
        st.sampled_from((("--layout", "long"), ("--layout", "wide"), ("--park", "苏州工业园区"), ("--period", "2023"), ("--source-title", "概述"), ("--percent-as-fraction",))), max_size=3, unique=True
    ),
)
def test_random_tables_are_imported_rejected_or_refused(run, target, header, rows, delimiter, newline, options):
    with scratch() as directory:
        path = Path(directory) / ("table.tsv" if delimiter == "\t" else "table.csv")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
        options = [word for option in options for word in option]
        check_import(run("import", str(path), "--into", str(target), "--dry-run", *options))


@settings(max_examples=examples(0.06), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(("苏州工业园区", "黔江高新区", "晋中开发区")),
            st.sampled_from(("地区生产总值", "企业数", "地区生产总值增速", "高新技术企业数")),
            st.sampled_from(("2023", "2022", "2023年1-6月", "截至2023年底")),
            CELLS,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_what_import_writes_always_validates(run, rows):
    """Whatever a table holds, the dataset after the import passes validate: nothing refused is ever written."""
    with scratch() as name:
        directory, path = Path(name) / "fresh", Path(name) / "in.csv"
        assert run("init", str(directory)).exit_code == 0
        with open(path, "w", encoding="utf-8", newline="") as handle:
            rows = [("园区", "指标", "期间", "数值", "来源"), *(row + ("概述",) for row in rows)]
            csv.writer(handle, lineterminator="\n").writerows(rows)
        check_import(run("import", str(path), "--into", str(directory), "--replace"))
        result = run("validate", str(directory))
    assert (result.exit_code, result.stdout) == (0, "")
