"""Derived indicators: ratios computed from two stored figures of the same park.

A derived figure exists only when both inputs are actual figures of the same
scope whose periods match: two flows or two stocks of the same period, or a
flow with a stock stated as of a month inside the flow's period (the latest
such stock). Nothing is estimated: no input, no derived figure. Each derived
figure keeps its formula, both raw figures and both sources, and a qualifier
that follows from its inputs' (超140 ÷ 35 is more than 4). Pairs that exist but
cannot be combined are listed with the reason, never dropped silently.

The derivation is plain Python over Figures (`derivations`), so `show` and `compare --derived`
read only the figures of the parks asked about from the compiled store (`WithDerived`), without
pandas; `derive` lays the same figures out as frames for rankings, reports and coverage.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import namedtuple
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import DatasetError
from ..core.figures import APPROX, AT_LEAST, AT_MOST, EXACT, exact_number
from ..core.i18n import Words
from ..core.units import conversion_factor, round_significant_array
from ..data import schema
from ..data.model import FIGURE_FIELDS, Catalogue, Dataset, Figure

if TYPE_CHECKING:
    import pandas as pd

DERIVED_FILE = "derived"
DIVIDE = " ÷ "


@dataclass(frozen=True)
class Derivation:
    """numerator ÷ denominator, expressed in `unit`."""

    id: str
    numerator: str
    denominator: str
    unit: str
    name_zh: str
    name_en: str
    definition: str
    direction: str = "higher"

    @property
    def formula(self) -> str:
        return f"{self.numerator}{DIVIDE}{self.denominator}"


_AREA_NOTE = "Park area is the whole zone's area, not only industrial land, so this is not the reported 亩均 figure."

DERIVATIONS = (
    Derivation("output_value_per_mu", "output_value", "area", "万元/亩", "产值/园区面积(亩)", "Output value per mu of park area", f"Output value divided by the park's area. {_AREA_NOTE}"),
    Derivation(
        "output_value_per_km2", "output_value", "area", "亿元/平方公里", "产值/园区面积(平方公里)", "Output value per km² of park area", "Output value divided by the park's area in square kilometres."
    ),
    Derivation("gdp_per_mu", "gdp", "area", "万元/亩", "地区生产总值/园区面积(亩)", "GDP per mu of park area", f"GDP divided by the park's area. {_AREA_NOTE}"),
    Derivation("gdp_per_km2", "gdp", "area", "亿元/平方公里", "地区生产总值/园区面积(平方公里)", "GDP per km² of park area", "GDP divided by the park's area in square kilometres."),
    Derivation("tax_per_mu", "tax_revenue", "area", "万元/亩", "税收/园区面积(亩)", "Tax revenue per mu of park area", f"Tax revenue divided by the park's area. {_AREA_NOTE}"),
    Derivation("tax_per_km2", "tax_revenue", "area", "亿元/平方公里", "税收/园区面积(平方公里)", "Tax revenue per km² of park area", "Tax revenue divided by the park's area in square kilometres."),
    Derivation(
        "tax_share_of_output",
        "tax_revenue",
        "output_value",
        "%",
        "税收占产值比重",
        "Tax revenue as a share of output value",
        "Tax revenue divided by output value of the same scope and period: the fiscal contribution per unit of output.",
    ),
    Derivation(
        "output_per_employee",
        "output_value",
        "employees",
        "万元/人",
        "人均产值",
        "Output value per employee",
        "Output value divided by the number of employees stated as of a month inside the output's period.",
    ),
    Derivation(
        "party_member_share",
        "party_members",
        "employees",
        "%",
        "党员占员工比重",
        "Party members' share of employees",
        "Party members divided by employees of the same scope, both as of the same month.",
    ),
)

BY_ID = {derivation.id: derivation for derivation in DERIVATIONS}

# Significant digits of a derived figure whose inputs state none in Arabic digits (十二家), and the fewest shown.
DEFAULT_DIGITS, LEAST_DIGITS = 6, 2
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def shown_digits(raw: str) -> int:
    """How many significant digits a derived ratio states: as many as its less precise input
    ('2.78亿元 ÷ 107.75亿元' -> 3, so 2.58 and not 2.58005), at least two; more would be noise."""
    digits = []
    for part in raw.split(DIVIDE):
        number = _NUMBER.search(part)
        if number:
            text = number.group().replace(",", "")
            whole, _, decimals = text.partition(".")
            significant = (whole.lstrip("0") + decimals) if whole.strip("0") else decimals.lstrip("0")
            digits.append(len(significant if decimals else significant.rstrip("0")) or 1)
    return max(LEAST_DIGITS, min(digits)) if len(digits) == 2 else DEFAULT_DIGITS


# Qualifier of numerator ÷ denominator for positive figures; a pair not listed has no bound.
RATIO_QUALIFIER = {
    (EXACT, EXACT): EXACT,
    (APPROX, EXACT): APPROX,
    (EXACT, APPROX): APPROX,
    (APPROX, APPROX): APPROX,
    (AT_LEAST, EXACT): AT_LEAST,
    (AT_LEAST, AT_MOST): AT_LEAST,
    (EXACT, AT_MOST): AT_LEAST,
    (AT_MOST, EXACT): AT_MOST,
    (AT_MOST, AT_LEAST): AT_MOST,
    (EXACT, AT_LEAST): AT_MOST,
}

SKIPPED_COLUMNS = ["park", "indicator", "scope", "reason"]
Skipped = namedtuple("Skipped", SKIPPED_COLUMNS)


@dataclass(frozen=True)
class Made:
    """A derived figure, and the input whose period it takes (a frame keeps that input's period kind)."""

    figure: Figure
    flow: object


@dataclass
class Derived:
    """A dataset extended with derived indicators and figures, and the pairs that could not be combined."""

    dataset: Dataset
    skipped: pd.DataFrame


# The columns of an input figure a derived figure is built from.
INPUT_COLUMNS = ["park", "indicator", "status", "scope", "period", "qualifier", "raw", "source", "quote", "canonical_value", "canonical_unit"]
INPUT_COLUMNS += ["period_kind", "period_start", "period_end", "partial_year"]
InputFigure = namedtuple("InputFigure", INPUT_COLUMNS)


def check_reserved(indicator_ids) -> None:
    """Derived ids may not name a stored indicator, or a name would resolve to two things."""
    clashes = sorted(set(BY_ID) & set(indicator_ids))
    if clashes:
        raise DatasetError(
            Words(
                f"指标代码 {'、'.join(clashes)} 留给派生指标使用；请在 indicators.csv 中改名",
                f"indicator id(s) {', '.join(clashes)} are reserved for derived indicators; rename them in indicators.csv",
            )
        )


def wanted_derivations(ids=None) -> list[Derivation]:
    return [d for d in DERIVATIONS if ids is None or d.id in ids]


def input_indicators(wanted) -> list[str]:
    return list(dict.fromkeys(key for d in wanted for key in (d.numerator, d.denominator)))


def derivations(figures, stock_indicators, wanted) -> tuple[list[Made], list[Skipped]]:
    """The derived figures `figures` allow (records with Figure's fields, in file order), and why pairs were skipped."""
    by_indicator: dict[str, list] = {}
    for figure in figures:
        if figure.status == schema.ACTUAL:
            by_indicator.setdefault(figure.indicator, []).append(figure)
    made, skipped = [], []
    for derivation in wanted:
        numerators, denominators = by_indicator.get(derivation.numerator), by_indicator.get(derivation.denominator)
        if not numerators or not denominators or not {f.park for f in numerators} & {f.park for f in denominators}:
            continue
        stock_n, stock_d = (key in stock_indicators for key in (derivation.numerator, derivation.denominator))
        _derive_one(derivation, numerators, denominators, stock_n, stock_d, made, skipped)
    return made, skipped


def _derive_one(derivation: Derivation, numerators: list, denominators: list, stock_n: bool, stock_d: bool, made: list, skipped: list) -> None:
    same_key: dict[tuple, list] = {}
    for denominator in denominators:
        same_key.setdefault((denominator.park, denominator.scope), []).append(denominator)
    pairs = [(n, d) for n in numerators for d in same_key.get((n.park, n.scope), ())]
    # Which of a (numerator, denominator) pair gives the derived figure its period: the flow, of a flow and a stock.
    flow, stock = (1, 0) if stock_n and not stock_d else (0, 1)
    if stock_n == stock_d:
        matched = [(n, d) for n, d in pairs if n.period == d.period]
    else:
        # A flow meets the latest stock stated inside its period.
        matched = [pair for pair in pairs if pair[flow].period_start <= pair[stock].period_end <= pair[flow].period_end]
        matched.sort(key=lambda pair: pair[stock].period_end, reverse=True)
        latest = {}
        for pair in matched:
            latest.setdefault((pair[0].park, pair[0].scope, pair[flow].period), pair)
        matched = list(latest.values())
    qualifiers = [RATIO_QUALIFIER.get((n.qualifier, d.qualifier)) for n, d in matched]
    usable = [(pair, qualifier) for pair, qualifier in zip(matched, qualifiers) if qualifier is not None and pair[1].canonical_value != 0]
    made += _figures(derivation, usable, flow)
    skipped += _missed(derivation, pairs, matched, qualifiers)


def _figures(derivation: Derivation, usable: list, flow: int) -> list[Made]:
    if not usable:
        return []
    import numpy as np

    (first_n, first_d), _ = usable[0]
    factor = conversion_factor(f"{first_n.canonical_unit}/{first_d.canonical_unit}", derivation.unit)
    values = round_significant_array(np.array([n.canonical_value / d.canonical_value * factor for (n, d), _ in usable], dtype=float)).tolist()
    made = []
    for (pair, qualifier), value in zip(usable, values):
        n, d = pair
        figure = Figure(
            park=n.park,
            indicator=derivation.id,
            period=pair[flow].period,
            period_start=pair[flow].period_start,
            period_end=pair[flow].period_end,
            scope=n.scope,
            status=schema.ACTUAL,
            qualifier=qualifier,
            canonical_value=value,
            canonical_unit=derivation.unit,
            raw=n.raw + DIVIDE + d.raw,
            source=n.source if n.source == d.source else f"{n.source} + {d.source}",
            quote=n.quote if n.quote == d.quote else f"{n.quote} | {d.quote}",
            formula=derivation.formula,
        )
        made.append(Made(figure, pair[flow]))
    return made


def _missed(derivation: Derivation, pairs: list, matched: list, qualifiers: list) -> list[Skipped]:
    """Why a park and scope that has both inputs has no derived figure (or fewer than it could)."""
    unmatched = {(n.park, n.scope) for n, _ in pairs} - {(n.park, n.scope) for n, _ in matched}
    rows = []
    for park, scope in sorted(unmatched):
        inputs = [(n, d) for n, d in pairs if (n.park, n.scope) == (park, scope)]
        periods_n = ", ".join(sorted({n.period for n, _ in inputs}))
        periods_d = ", ".join(sorted({d.period for _, d in inputs}))
        listing = f"{derivation.numerator} {periods_n}; {derivation.denominator} {periods_d}"
        rows.append((park, scope, Words(f"期间不相符（{listing}）", f"periods do not match ({listing})")))
    for (n, d), qualifier in zip(matched, qualifiers):
        if qualifier is None:
            ratio = f"{n.raw}{DIVIDE}{d.raw}"
            rows.append((n.park, n.scope, Words(f"{ratio}：两个界限数字之比没有界限", f"{ratio}: the bounds give no bound for the ratio")))
    for (n, d), qualifier in zip(matched, qualifiers):
        if qualifier is not None and d.canonical_value == 0:
            rows.append((n.park, n.scope, Words(f"{derivation.denominator} 为零", f"{derivation.denominator} is zero")))
    return [Skipped(park, derivation.id, scope, reason) for park, scope, reason in rows]


@functools.cache
def indicator_records() -> tuple[dict, ...]:
    """The derived indicators as rows of the indicators table, in the order of DERIVATIONS."""
    return tuple(
        {
            "id": d.id,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "unit": d.unit,
            "measure": "ratio",
            "direction": d.direction,
            "aliases": "",
            "definition": d.definition,
            "formula": d.formula,
        }
        for d in DERIVATIONS
    )


class WithDerived(Catalogue):
    """A catalogue with the derived figures of some parks added, read in plain Python: what `show` and
    `compare --derived` ask. Every derived indicator joins the vocabulary, so names resolve."""

    def __init__(self, base: Catalogue, parks: list[str], ids=None):
        check_reserved(record["id"] for record in base.indicator_records())
        self.base = base
        wanted = wanted_derivations(ids)
        inputs = base.figures(parks, input_indicators(wanted)) if parks and wanted else []
        made, self.skipped = derivations(inputs, base.stock_indicators, wanted)
        self.derived = [entry.figure for entry in made]

    def park_records(self) -> list[dict]:
        return self.base.park_records()

    def indicator_records(self) -> list[dict]:
        return [{**record, "formula": ""} for record in self.base.indicator_records()] + [dict(record) for record in indicator_records()]

    def figure_rows(self, parks=None, indicators=None, fields=FIGURE_FIELDS, blank=()):
        stored = list(self.base.figure_rows(parks, indicators, fields, blank))
        derived = [
            tuple("" if field in blank else getattr(figure, field) for field in fields)
            for figure in self.derived
            if (parks is None or figure.park in parks) and (indicators is None or figure.indicator in indicators)
        ]
        return stored + derived


def derive(dataset: Dataset, ids=None) -> Derived:
    """Add the derived figures the stored figures allow (of `ids` only, if given; see the module docstring).

    Every derived indicator joins the vocabulary either way, so names resolve.
    """
    import pandas as pd

    check_reserved(dataset.indicators.index)
    wanted = wanted_derivations(ids)
    observations = dataset.observations
    actual = observations[(observations["status"] == schema.ACTUAL) & observations["indicator"].isin(input_indicators(wanted))]
    made, skipped = derivations(map(InputFigure._make, zip(*(actual[column].tolist() for column in INPUT_COLUMNS))), dataset.stock_indicators, wanted)
    rows = [
        {
            **entry.figure._asdict(),
            "value": exact_number(float(entry.figure.canonical_value)),  # the number as text, as a stored figure holds it
            "unit": entry.figure.canonical_unit,
            "note": "",
            "_file": DERIVED_FILE,
            "_line": 0,
            "period_kind": entry.flow.period_kind,
            "partial_year": bool(entry.flow.partial_year),
        }
        for entry in made
    ]
    extended = observations.assign(formula="")
    figures = [pd.DataFrame(rows, columns=extended.columns).astype({"value": object})] if rows else []
    observations = pd.concat([extended, *figures], ignore_index=True)
    indicators = pd.concat([dataset.indicators.assign(formula=""), _indicator_rows()])
    skipped_frame = pd.DataFrame(skipped, columns=SKIPPED_COLUMNS)
    return Derived(dataclasses.replace(dataset, observations=observations, indicators=indicators), skipped_frame)


@functools.cache
def _indicator_rows() -> pd.DataFrame:
    import pandas as pd

    rows = [{**record, "_file": DERIVED_FILE, "_line": 0} for record in indicator_records()]
    return pd.DataFrame(rows).set_index("id", drop=False).rename_axis("id")
