"""Read dataset files and check every row against the schema and its own raw text.

Checks run on whole columns: each distinct raw figure, period and unit pair is
parsed once, so a million rows cost as many parses as there are distinct
strings. Rows with problems are set aside and reported, never silently kept or
dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import DatasetError, ParkmetricsError, UnitError
from ..core.figures import EXACT, QUALIFIERS, Figure, parse_figure
from ..core.i18n import Words, chinese, codes
from ..core.periods import parse_period
from ..core.textnorm import breaches_anywhere, normalize, text_breach
from ..core.units import MULTIPLIERS, check_unit, conversion_factor, round_significant_array
from ..files.limits import check_file_size
from . import schema
from .model import Dataset, Problem


@dataclass
class Layer:
    """The four tables of one dataset directory, with file names and line numbers."""

    label: str
    tables: dict[str, pd.DataFrame]
    problems: list[Problem]


def read_layer(directory, label: str) -> Layer:
    problems: list[Problem] = []
    tables = {table: _read_table(directory, label, table, problems) for table in schema.COLUMNS}
    return Layer(label, tables, problems)


def _read_table(directory, label: str, table: str, problems: list[Problem]) -> pd.DataFrame:
    path = directory / schema.file_name(table)
    display = f"{label}/{schema.file_name(table)}"
    try:
        check_file_size(path, display, DatasetError)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(Words(f"缺少 {display}；数据集需要 `parkmetrics init` 写出的四个文件", f"{display} is missing; a dataset needs the four files that `parkmetrics init` writes")) from None
    except UnicodeDecodeError:
        raise DatasetError(Words(f"{display} 不是 UTF-8；请存为 UTF-8，或用 `parkmetrics import` 导入", f"{display} is not UTF-8; save it as UTF-8 or bring it in with `parkmetrics import`")) from None
    except pd.errors.EmptyDataError:
        header = ",".join(schema.COLUMNS[table])
        raise DatasetError(Words(f"{display} 是空的；它至少需要表头行 `{header}`", f"{display} is empty; it needs at least the header line {header}")) from None
    except (pd.errors.ParserError, ValueError) as error:
        raise DatasetError(
            Words(
                f"{display} 不是有效的 CSV；请修正该文件，或用 `parkmetrics init` 重新创建", f"{display} is not valid CSV ({str(error).strip()}); fix the file or re-create it with `parkmetrics init`"
            )
        ) from None
    except OSError as error:
        reason = error.strerror or error
        raise DatasetError(Words(f"无法读取 {display}：{reason}；请确认它是可读的文件", f"cannot read {display}: {reason}; check that it is a readable file")) from None
    unknown = [column for column in frame.columns if column not in schema.COLUMNS[table]]
    repeated = _repeated_columns(path) if unknown else []
    if repeated:
        raise DatasetError(Words(f"{display} 中 {codes(repeated)} 列出现了不止一次；每列只保留一个", f"{display} has the column(s) {', '.join(repeated)} more than once; keep one of each"))
    added_later = schema.ADDED_COLUMNS.get(table, ())
    missing = [column for column in schema.COLUMNS[table] if column not in frame.columns and column not in added_later]
    if missing:
        header = ",".join(schema.COLUMNS[table])
        raise DatasetError(Words(f"{display} 缺少 {codes(missing)} 列；其表头须为 `{header}`", f"{display} lacks the column(s) {', '.join(missing)}; its header must be {header}"))
    for column in unknown:
        problems.append(Problem(display, 1, Words(f"未知列 '{column}'，已忽略", f"unknown column '{column}' is ignored")))
    for column in added_later:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.loc[:, list(schema.COLUMNS[table])]
    frame["_file"] = display
    frame["_line"] = _line_numbers(path, frame)
    return frame


def _repeated_columns(path) -> list[str]:
    """Header names that occur twice (pandas would rename the second 'id' to 'id.1')."""
    import csv
    from collections import Counter

    with open(path, encoding="utf-8", newline="") as handle:
        counts = Counter(next(csv.reader(handle), []))
    return sorted(name for name, count in counts.items() if count > 1)


def _line_numbers(path, frame: pd.DataFrame) -> np.ndarray:
    """Line of each record; records spanning several lines shift the ones after them."""
    lines = np.arange(2, len(frame) + 2)
    if len(frame) and not _one_line_per_record(path, len(frame)) and frame.apply(lambda column: column.str.contains("\n", regex=False).any()).any():
        import csv

        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            starts = []
            previous_end = reader.line_num
            for _ in reader:
                starts.append(previous_end + 1)
                previous_end = reader.line_num
        lines = np.array(starts[: len(frame)])
    return lines


def _one_line_per_record(path, records: int) -> bool:
    """True when the file has exactly one line per record after the header, so no cell spans lines.

    Counting line ends in the raw bytes is much cheaper than searching every cell
    for a newline; any doubt (blank lines, lone carriage returns) falls back to the search.
    """
    newlines = carriage_returns = crlf = 0
    previous = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            newlines += chunk.count(b"\n")
            carriage_returns += chunk.count(b"\r")
            crlf += chunk.count(b"\r\n") + (previous == b"\r" and chunk[:1] == b"\n")
            previous = chunk[-1:]
    physical_lines = newlines + (previous not in (b"", b"\n"))
    return carriage_returns == crlf and physical_lines == records + 1


class Distinct:
    """A column as its distinct values plus, per row, which one it holds.

    A check or parse runs once per distinct value and is spread over the rows
    with one numpy take, so a million rows with a few thousand distinct
    strings cost a few thousand Python calls.
    """

    def __init__(self, values: pd.Series):
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        self.codes = codes
        self.values = np.asarray(uniques, dtype=object)

    def each(self, function, dtype=object) -> np.ndarray:
        """function of every distinct value, in the order of self.values."""
        return np.fromiter(map(function, self.values), dtype=dtype, count=len(self.values))

    def rows(self, function, dtype=object) -> np.ndarray:
        """function of each row's value, computed once per distinct value."""
        return self.each(function, dtype)[self.codes]


def _combined_codes(parts: list[Distinct]) -> np.ndarray:
    """One integer per row that is equal exactly when the rows agree in every part."""
    codes = parts[0].codes.astype(np.int64)
    for part in parts[1:]:
        codes, _ = pd.factorize(codes * len(part.values) + part.codes)
    return codes


class _Checker:
    """Collects problems for the rows of one table and remembers which rows are bad."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.bad = np.zeros(len(frame), dtype=bool)
        self.problems: list[tuple[int, Problem]] = []
        self._files = frame["_file"].to_numpy()
        self._lines = frame["_line"].to_numpy()
        self._distinct: dict[str, Distinct] = {}

    def distinct(self, column: str) -> Distinct:
        if column not in self._distinct:
            self._distinct[column] = Distinct(self.frame[column])
        return self._distinct[column]

    def flag(self, mask, message) -> None:
        """Record a problem for every row where mask is true; message (Words) may be a callable of the row position."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for position in positions:
            text = message(position) if callable(message) else message
            self.problems.append((position, Problem(self._files[position], int(self._lines[position]), text)))
        self.bad[positions] = True

    def sorted_problems(self) -> list[Problem]:
        return [problem for _, problem in sorted(self.problems, key=lambda item: (item[1].file, item[1].line))]


def _check_required(checker: _Checker, table: str) -> None:
    for column in schema.COLUMNS[table]:
        if column not in schema.OPTIONAL[table]:
            blank = checker.distinct(column).rows(lambda text: not text.strip(), bool)
            checker.flag(blank, Words(f"`{column}` 为空；每个{ROW_NAMES[table][0]}都需要它", f"{column} is empty; every {ROW_NAMES[table][1]} needs one"))


def _check_ids(checker: _Checker, table: str) -> None:
    ids = checker.frame["id"]
    checker.flag(
        ~ids.str.match(schema.SLUG.pattern) & (ids != ""),
        lambda i: Words(f"`id` '{ids.iat[i]}' 不是合规代码；请只用小写 ASCII 字母、数字、- 和 _", f"id '{ids.iat[i]}' is not a slug; use lower-case ASCII letters, digits, - and _"),
    )
    _flag_duplicates(checker, ["id"], Words("id", "id"))


# What a row of each table is, in the messages: (Chinese, English).
ROW_NAMES = {schema.PARKS: ("园区", "park"), schema.INDICATORS: ("指标", "indicator"), schema.SOURCES: ("来源", "source"), schema.OBSERVATIONS: ("数据", "observation")}


def _flag_duplicates(checker: _Checker, key: list[str], what: Words) -> None:
    rows = _combined_codes([checker.distinct(column) for column in key])
    _, first, per_row = np.unique(rows, return_index=True, return_inverse=True)
    first_row = first[per_row]
    duplicated = first_row != np.arange(len(rows))
    if duplicated.any():
        first_line = checker.frame["_line"].to_numpy()[first_row]
        checker.flag(duplicated, lambda i: Words(f"重复的{what.zh}：与第 {first_line[i]} 行相同", f"duplicate {what}: same as line {first_line[i]}"))


def _check_text(checker: _Checker, table: str) -> None:
    """The text rules (docs/dataset.md#text); most files pass the one quick search per column."""
    for column in schema.COLUMNS[table]:
        one_line = column not in schema.FREE_TEXT
        values = checker.frame[column]
        if breaches_anywhere(values.to_numpy(), one_line):  # the array, not the Series: pandas yields text one call at a time
            breaches = values.map(lambda text, one_line=one_line: text_breach(text, one_line))
            checker.flag(breaches.notna(), lambda i, c=column, b=breaches: Words(f"`{c}` 含有{b.iat[i].zh}", f"{c} contains {b.iat[i]}"))


def _check_choice(checker: _Checker, column: str, allowed) -> None:
    values = checker.distinct(column)
    wrong = values.rows(lambda value: value != "" and value not in allowed, bool)
    listed = [a for a in allowed if a]
    checker.flag(
        wrong,
        lambda i: Words(f"`{column}` '{values.values[values.codes[i]]}' 不是 {codes(listed)} 之一", f"{column} '{values.values[values.codes[i]]}' is not one of {', '.join(listed)}"),
    )


def _check_parks(frame: pd.DataFrame) -> _Checker:
    checker = _Checker(frame)
    _check_required(checker, schema.PARKS)
    _check_text(checker, schema.PARKS)
    _check_ids(checker, schema.PARKS)
    _check_choice(checker, "level", schema.LEVELS)
    _check_choice(checker, "group", (schema.YES,))
    years = checker.distinct("established")
    not_year = years.rows(lambda value: value != "" and not (value.isascii() and value.isdigit() and len(value) == 4), bool)
    checker.flag(not_year, lambda i: Words(f"`established` '{years.values[years.codes[i]]}' 不是年份（如 1984）", f"established '{years.values[years.codes[i]]}' is not a year such as 1984"))
    return checker


def _check_indicators(frame: pd.DataFrame) -> _Checker:
    checker = _Checker(frame)
    _check_required(checker, schema.INDICATORS)
    _check_text(checker, schema.INDICATORS)
    _check_ids(checker, schema.INDICATORS)
    _check_choice(checker, "measure", schema.MEASURES)
    _check_choice(checker, "direction", schema.DIRECTIONS)
    _check_choice(checker, "core", (schema.YES,))
    unit_errors = _unit_errors(frame["unit"])
    checker.flag(frame["unit"].map(unit_errors).notna(), lambda i: unit_errors[frame["unit"].iat[i]])
    return checker


def _unit_errors(units: pd.Series) -> dict[str, Words | None]:
    errors = {}
    for unit in units.unique():
        try:
            check_unit(unit) if unit else None
            errors[unit] = None
        except UnitError as error:
            errors[unit] = error.args[0]
    return errors


def _check_sources(frame: pd.DataFrame) -> _Checker:
    checker = _Checker(frame)
    _check_required(checker, schema.SOURCES)
    _check_text(checker, schema.SOURCES)
    _check_ids(checker, schema.SOURCES)
    published = frame["published"]
    valid_date = pd.to_datetime(published, format="%Y-%m-%d", errors="coerce").notna()
    checker.flag((published != "") & ~valid_date, lambda i: Words(f"`published` '{published.iat[i]}' 不是日期；请写成 YYYY-MM-DD", f"published '{published.iat[i]}' is not a date; write YYYY-MM-DD"))
    tier = frame["tier"]
    checker.flag(
        (tier != "") & ~tier.isin(schema.TIERS),
        lambda i: Words(f"`tier` '{tier.iat[i]}' 不是 {codes(schema.TIERS)} 之一；拿不准就留空", f"tier '{tier.iat[i]}' is not one of {', '.join(schema.TIERS)}; leave it empty if unsure"),
    )
    return checker


def _parsed(values: Distinct, parser) -> np.ndarray:
    """parser of each distinct value: its result, or the error message as Words."""
    return values.each(lambda text: _result_or_message(parser, text))


def _result_or_message(parser, text: str):
    try:
        return parser(text)
    except ParkmetricsError as error:
        return error.args[0]


_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _parsed_figures(raw_text: Distinct, frame: pd.DataFrame) -> np.ndarray:
    """parse_figure of each distinct raw figure, or the error message as Words.

    Most raw figures are their value and unit columns side by side (26.89亿元 = 26.89 +
    亿元). Such a raw is read from those columns at a fraction of the cost, which gives
    exactly what parse_figure gives whenever parse_figure reads '1' + that unit as
    1 of that unit, exact (checked once per unit); every other raw is parsed.
    """
    first = np.empty(len(raw_text.values), dtype=np.int64)
    first[raw_text.codes[::-1]] = np.arange(len(raw_text.codes) - 1, -1, -1)  # each value's first row
    values, units = frame["value"].to_numpy()[first], frame["unit"].to_numpy()[first]
    plain_units: dict[str, bool] = {}

    def plain_unit(unit: str) -> bool:
        if unit not in plain_units:
            try:
                plain_units[unit] = unit != "" and normalize(unit) == unit and parse_figure("1" + unit) == Figure(1.0, unit, EXACT)
            except ParkmetricsError:
                plain_units[unit] = False
        return plain_units[unit]

    def attempt(raw: str, value: str, unit: str):
        if raw == value + unit and _PLAIN_DECIMAL.fullmatch(value) and plain_unit(unit):
            number = float(value)
            if math.isfinite(number):
                return Figure(number, unit, EXACT)
        return _result_or_message(parse_figure, raw)

    return np.fromiter(map(attempt, raw_text.values, values, units), dtype=object, count=len(raw_text.values))


def _is_message(result) -> bool:
    return isinstance(result, str)


def unit_agrees(parsed: str, recorded: str) -> bool:
    """'100亿' (bare multiplier) agrees with 亿元: the text leaves 元 implied."""
    if parsed == recorded:
        return True
    return parsed in MULTIPLIERS and recorded.startswith(parsed) and recorded[len(parsed) :] not in ("", *MULTIPLIERS)


def _check_observations(frame: pd.DataFrame, parks, indicators, sources) -> tuple[_Checker, pd.DataFrame]:
    checker = _Checker(frame)
    _check_required(checker, schema.OBSERVATIONS)
    _check_text(checker, schema.OBSERVATIONS)
    for column, known, listing in (
        ("park", parks.index, "parks.csv"),
        ("indicator", indicators.index, "indicators.csv"),
        ("source", sources.index, "sources.csv"),
    ):
        values, known_ids = checker.distinct(column), set(known)
        unknown = values.rows(lambda value, known_ids=known_ids: value != "" and value not in known_ids, bool)
        checker.flag(
            unknown,
            lambda i, c=column, v=values, file=listing: Words(
                f"未知的 `{c}` '{v.values[v.codes[i]]}'；请把它加入 {file}，或改正代码", f"unknown {c} '{v.values[v.codes[i]]}'; add it to {file} or fix the id"
            ),
        )
    _check_choice(checker, "status", schema.STATUSES)
    _check_choice(checker, "qualifier", QUALIFIERS)

    period_text = checker.distinct("period")
    periods = _parsed(period_text, parse_period)
    period_bad = np.fromiter(map(_is_message, periods), dtype=bool, count=len(periods))
    checker.flag((period_bad & (period_text.values != ""))[period_text.codes], lambda i: periods[period_text.codes[i]])

    value_text = checker.distinct("value")
    value_array = pd.to_numeric(pd.Series(value_text.values, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)[value_text.codes]
    finite = np.isfinite(value_array)
    checker.flag(~finite & (frame["value"] != ""), lambda i: Words(f"`value` '{frame['value'].iat[i]}' 不是有限的数", f"value '{frame['value'].iat[i]}' is not a finite number"))

    raw_text = checker.distinct("raw")
    figures = _parsed_figures(raw_text, frame)
    raw_bad = np.fromiter(map(_is_message, figures), dtype=bool, count=len(figures))
    checker.flag((raw_bad & (raw_text.values != ""))[raw_text.codes], lambda i: Words(f"`raw` {figures[raw_text.codes[i]].zh}", f"raw {figures[raw_text.codes[i]]}"))
    _check_raw_agrees(checker, figures, raw_bad, value_array, raw_bad[raw_text.codes] | ~finite)

    quotes, raws = frame["quote"].to_numpy(), frame["raw"].to_numpy()
    missing_in_quote = np.fromiter((q != "" and r not in q for q, r in zip(quotes, raws)), dtype=bool, count=len(frame))
    checker.flag(missing_in_quote, lambda i: Words(f"`quote` 不含数字 '{raws[i]}'；请逐字引用其前后的原文", f"quote does not contain the figure '{raws[i]}'; quote the text around it verbatim"))

    indicator_text = checker.distinct("indicator")
    canonical_units = indicator_text.rows(lambda indicator: indicators["unit"].get(indicator, ""))
    pairs = _combined_codes([checker.distinct("unit"), indicator_text])
    _, first_of_pair, pair_codes = np.unique(pairs, return_index=True, return_inverse=True)
    unit_array = frame["unit"].to_numpy()
    factors = np.fromiter((_conversion_factor(unit_array[row], canonical_units[row]) for row in first_of_pair), dtype=object, count=len(first_of_pair))
    unconvertible = np.fromiter(map(_is_message, factors), dtype=bool, count=len(factors))
    checker.flag(unconvertible[pair_codes], lambda i: factors[pair_codes[i]])

    _flag_duplicates(checker, schema.OBSERVATION_KEY, Words("数据（园区、指标、期间、范围和状态都相同）", "figure (same park, indicator, period, scope and status)"))

    numeric_factor = np.array([factor if isinstance(factor, float) else np.nan for factor in factors], dtype=float)[pair_codes]
    with np.errstate(over="ignore"):  # a value too large for its canonical unit is reported by _check_plausible
        derived = pd.DataFrame(
            {
                "canonical_value": round_significant_array(value_array * numeric_factor),
                "canonical_unit": pd.Series(canonical_units, index=frame.index),
            },
            index=frame.index,
        )
    _add_period_columns(derived, periods, period_text.codes)
    stock = indicator_text.rows(lambda indicator: indicators["measure"].get(indicator) == "stock", bool)
    _check_plausible(checker, value_array, stock, derived)
    return checker, derived


# A percentage beyond ±MAX_PERCENT is refused as implausible (docs/dataset.md#numbers).
MAX_PERCENT = 1000


def _check_plausible(checker: _Checker, values: np.ndarray, stock: np.ndarray, derived: pd.DataFrame) -> None:
    """Numbers that parse but cannot be right: a negative stock, a percentage beyond ±1,000 %, an overflow.

    values are the value column as numbers, stock says which rows are of a stock indicator.
    """
    frame = checker.frame
    canonical = derived["canonical_value"].to_numpy(dtype=float)
    percent = derived["canonical_unit"].to_numpy() == "%"
    written, indicator = frame["value"].to_numpy(), frame["indicator"].to_numpy()
    checker.flag(
        stock & (values < 0),
        lambda i: Words(
            f"`value` {written[i]} 是负数，但 {indicator[i]} 是存量（园区某一时点拥有的量），不可能小于零；请检查正负号",
            f"value {written[i]} is negative, but {indicator[i]} is a stock (what a park has at one time), which cannot be below zero; check the sign",
        ),
    )
    checker.flag(
        percent & (np.abs(canonical) > MAX_PERCENT),
        lambda i: Words(
            f"`value` {written[i]} % 超出 ±1,000 %，比任何园区的比率或占比都大；请检查该数字（小数点错位，或把小数写成了百分数）",
            f"value {written[i]} % is beyond ±1,000 %, more than any park's rate or share; check the figure (a misplaced decimal point, or a fraction written as a percentage)",
        ),
    )
    checker.flag(
        np.isfinite(values) & np.isinf(canonical),
        lambda i: Words(
            f"`value` {written[i]} {frame['unit'].iat[i]} 太大，无法用 {derived['canonical_unit'].iat[i]} 表示；请检查该数字",
            f"value {written[i]} {frame['unit'].iat[i]} is too large to express in {derived['canonical_unit'].iat[i]}; check the figure",
        ),
    )


def observation_problems(observations: pd.DataFrame, parks, indicators, sources) -> list[Problem]:
    """Every problem of these observation rows (with _file and _line) against the given tables."""
    checker, _ = _check_observations(observations, parks, indicators, sources)
    return checker.sorted_problems()


def _check_raw_agrees(checker: _Checker, figures: np.ndarray, raw_bad: np.ndarray, value_array, skip) -> None:
    """Flag rows whose value, unit or qualifier say something else than their raw figure."""
    frame, raw_codes = checker.frame, checker.distinct("raw").codes
    parsed_value = np.array([np.nan if bad else figure.value for figure, bad in zip(figures, raw_bad)], dtype=float)[raw_codes]
    parsed_unit = np.array([None if bad else figure.unit for figure, bad in zip(figures, raw_bad)], dtype=object)[raw_codes]
    parsed_qualifier = np.array([None if bad else figure.qualifier for figure, bad in zip(figures, raw_bad)], dtype=object)[raw_codes]
    units, qualifiers = frame["unit"].to_numpy(dtype=object), frame["qualifier"].to_numpy(dtype=object)
    checked = ~skip
    value_differs = checked & (parsed_value != value_array)
    qualifier_differs = checked & (parsed_qualifier != qualifiers)
    unit_differs = checked & (parsed_unit != units)
    for position in np.flatnonzero(unit_differs):
        unit_differs[position] = not unit_agrees(parsed_unit[position], units[position])
    mismatched = value_differs | unit_differs | qualifier_differs

    def message(position: int) -> Words:
        figure = figures[raw_codes[position]]
        mismatches = []
        if value_differs[position]:
            mismatches.append(f"value {figure.value:g}")
        if unit_differs[position]:
            mismatches.append(f"unit {figure.unit}")
        if qualifier_differs[position]:
            mismatches.append(f"qualifier {figure.qualifier}")
        raw, row = frame["raw"].iat[position], [f"value {frame['value'].iat[position]}", f"unit {units[position]}", f"qualifier {qualifiers[position]}"]
        return Words(
            f"`raw` '{raw}' 表示 {codes(mismatches)}，但该行写的是 {codes(row)}",
            f"raw '{raw}' means {', '.join(mismatches)}, but the row says {', '.join(row)}",
        )

    checker.flag(mismatched, message)


def _conversion_factor(unit: str, target: str) -> float | Words | None:
    """The factor from unit to target, None when either is missing, or why there is none."""
    if not unit or not target:
        return None
    try:
        return conversion_factor(unit, target)
    except UnitError as error:
        return Words(f"`unit`：{chinese(error)}", f"unit: {error}")


def _add_period_columns(derived: pd.DataFrame, periods: np.ndarray, codes: np.ndarray) -> None:
    """Kind, start, end and partial-year flag of each row's period, worked out once per distinct period."""

    def attribute(read, missing):
        values = [missing if _is_message(period) else read(period) for period in periods]
        return pd.Series(np.array(values, dtype=object)[codes], index=derived.index)

    derived["period_kind"] = attribute(lambda period: period.kind, None)
    derived["period_start"] = attribute(lambda period: period.start.isoformat(), "")
    derived["period_end"] = attribute(lambda period: period.end.isoformat(), "")
    derived["partial_year"] = attribute(lambda period: period.is_partial_year, False).astype(bool)


def _merge_table(frames: list[pd.DataFrame], table: str, conflicts: list[Words]) -> pd.DataFrame:
    """Stack one table over the layers; an id defined twice differently is a conflict."""
    stacked = pd.concat(frames, ignore_index=True)
    repeated = stacked.duplicated("id", keep="first")
    if repeated.any():
        content = list(schema.COLUMNS[table])
        first = stacked[~repeated].set_index("id")
        for _, row in stacked[repeated].iterrows():
            kept = first.loc[row["id"]]
            if any(kept[c] != row[c] for c in content if c != "id"):
                here, there = f"{row['_file']}:{row['_line']}", f"{kept['_file']}:{kept['_line']}"
                what = ROW_NAMES[table]
                conflicts.append(Words(f"{here}：{what[0]} '{row['id']}' 与 {there} 不同；采用前者", f"{here}: {what[1]} '{row['id']}' differs from {there}; the first is used"))
    return stacked[~repeated].set_index("id", drop=False)


def merge_layers(layers: list[Layer], labels: list[str]) -> Dataset:
    """Check each table, stack the layers in order and normalise the observations."""
    problems = [problem for layer in layers for problem in layer.problems]
    conflicts: list[Words] = []
    merged = {}
    checks = {schema.PARKS: _check_parks, schema.INDICATORS: _check_indicators, schema.SOURCES: _check_sources}
    for table, check in checks.items():
        good_frames = []
        for layer in layers:
            checker = check(layer.tables[table])
            problems.extend(checker.sorted_problems())
            good_frames.append(layer.tables[table][~checker.bad])
        merged[table] = _merge_table(good_frames, table, conflicts)
    merged[schema.INDICATORS] = with_growth_rates(merged[schema.INDICATORS])

    observations = pd.concat([layer.tables[schema.OBSERVATIONS] for layer in layers], ignore_index=True)
    observations = _set_aside_layer_repeats(observations, conflicts)
    checker, derived = _check_observations(observations, merged[schema.PARKS], merged[schema.INDICATORS], merged[schema.SOURCES])
    problems.extend(checker.sorted_problems())
    observations = pd.concat([observations, derived], axis=1)
    if checker.bad.any():
        observations = observations[~checker.bad].reset_index(drop=True)
    return Dataset(
        parks=merged[schema.PARKS],
        indicators=merged[schema.INDICATORS],
        sources=merged[schema.SOURCES],
        observations=observations,
        problems=problems,
        conflicts=conflicts,
        layers=labels,
    )


GROWTH_SUFFIX = "_growth"
IMPLIED = "(implied)"


def with_growth_rates(indicators: pd.DataFrame) -> pd.DataFrame:
    """Every flow and stock indicator X has a growth rate X_growth, named and aliased after X.

    indicators.csv declares a growth rate only where it needs its own wording or
    definition; the others follow from the vocabulary's structure, so the growth of
    retail sales or electricity use can be recorded without an id written by hand.
    A rate already named '<X's name>增速' (fdi_growth for 实际使用外资) is not doubled.
    """
    rates = indicators[indicators["measure"] == "rate"]
    rate_names = {name for names in zip(rates["name_zh"], rates["aliases"]) for name in [names[0], *names[1].split(schema.ALIAS_SEPARATOR)]}
    rows = []
    for indicator_id, row in indicators[indicators["measure"].isin(("flow", "stock"))].iterrows():
        if f"{indicator_id}{GROWTH_SUFFIX}" in indicators.index or f"{row['name_zh']}增速" in rate_names:
            continue
        names = [row["name_zh"], *(alias for alias in row["aliases"].split(schema.ALIAS_SEPARATOR) if alias and not alias.isascii())]
        aliases = [f"{name}{ending}" for name in dict.fromkeys(names) for ending in ("增长", "增速", "增幅", "同比增长")]
        rows.append(
            {
                "id": f"{indicator_id}{GROWTH_SUFFIX}",
                "name_zh": f"{row['name_zh']}增速",
                "name_en": f"{row['name_en']} growth",
                "unit": "%",
                "measure": "rate",
                "direction": row["direction"],
                "aliases": schema.ALIAS_SEPARATOR.join(a for a in aliases if a != f"{row['name_zh']}增速"),
                "definition": f"Year-on-year growth of {indicator_id}, as the source reports it; implied by that indicator.",
                "core": "",
                "_file": IMPLIED,
                "_line": 0,
            }
        )
    if not rows:
        return indicators
    implied = pd.DataFrame(rows, columns=indicators.columns).set_index("id", drop=False).rename_axis(indicators.index.name)
    return pd.concat([indicators, implied])


def _set_aside_layer_repeats(observations: pd.DataFrame, conflicts: list[Words]) -> pd.DataFrame:
    """A fact present in an earlier layer is taken from there; a different value is a conflict."""
    if observations["_file"].nunique() <= 1:
        return observations
    files = observations["_file"]
    repeated = observations.duplicated(schema.OBSERVATION_KEY, keep="first") & (files != observations.groupby(schema.OBSERVATION_KEY, sort=False)["_file"].transform("first"))
    if repeated.any():
        first = observations[~repeated].drop_duplicates(schema.OBSERVATION_KEY).set_index(schema.OBSERVATION_KEY)
        for _, row in observations[repeated].iterrows():
            kept = first.loc[tuple(row[schema.OBSERVATION_KEY])]
            if (kept["value"], kept["unit"], kept["qualifier"]) != (row["value"], row["unit"], row["qualifier"]):
                here, there, fact = f"{row['_file']}:{row['_line']}", f"{kept['_file']}:{kept['_line']}", f"{row['park']} {row['indicator']} {row['period']}"
                conflicts.append(Words(f"{here}：{fact} 为 {row['raw']}，但 {there} 为 {kept['raw']}；采用前者", f"{here}: {fact} is {row['raw']} but {there} says {kept['raw']}; the first is used"))
    return observations[~repeated.to_numpy()].reset_index(drop=True)
