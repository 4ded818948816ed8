"""Derived indicators: ratios computed from two stored figures of the same park.

A derived figure exists only when both inputs are actual figures of the same
scope whose periods match: two flows or two stocks of the same period, or a
flow with a stock stated as of a month inside the flow's period (the latest
such stock). Nothing is estimated: no input, no derived figure. Each derived
figure keeps its formula, both raw figures and both sources, and a qualifier
that follows from its inputs' (超140 ÷ 35 is more than 4). Pairs that exist but
cannot be combined are listed with the reason, never dropped silently.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import DatasetError
from ..core.figures import APPROX, AT_LEAST, AT_MOST, EXACT
from ..core.i18n import Words
from ..core.units import conversion_factor, round_significant_array
from ..data import schema
from ..data.model import Dataset

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


@dataclass
class Derived:
    """A dataset extended with derived indicators and figures, and the pairs that could not be combined."""

    dataset: Dataset
    skipped: pd.DataFrame


# The columns of an input figure a derived figure is built from.
INPUT_COLUMNS = ["park", "scope", "period", "qualifier", "raw", "source", "quote", "canonical_value", "canonical_unit", "period_kind", "period_start", "period_end", "partial_year"]


def derive(dataset: Dataset, ids=None) -> Derived:
    """Add the derived figures the stored figures allow (of `ids` only, if given; see the module docstring).

    Every derived indicator joins the vocabulary either way, so names resolve.
    """
    import pandas as pd

    clashes = sorted(set(BY_ID) & set(dataset.indicators.index))
    if clashes:
        raise DatasetError(
            Words(
                f"指标代码 {'、'.join(clashes)} 留给派生指标使用；请在 indicators.csv 中改名",
                f"indicator id(s) {', '.join(clashes)} are reserved for derived indicators; rename them in indicators.csv",
            )
        )
    wanted = [d for d in DERIVATIONS if ids is None or d.id in ids]
    inputs = {key for d in wanted for key in (d.numerator, d.denominator)}
    observations = dataset.observations
    actual = observations[(observations["status"] == schema.ACTUAL) & observations["indicator"].isin(inputs)]
    by_indicator = {key: frame[INPUT_COLUMNS] for key, frame in actual.groupby("indicator")}
    figures, skipped = [], []
    for derivation in wanted:
        numerator, denominator = by_indicator.get(derivation.numerator), by_indicator.get(derivation.denominator)
        if numerator is None or denominator is None or not set(numerator["park"]) & set(denominator["park"]):
            continue
        made, missed = _derive_one(derivation, numerator, denominator, dataset.indicators)
        figures.append(made)
        skipped.append(missed)
    observations = pd.concat([dataset.observations.assign(formula=""), *figures], ignore_index=True)
    indicators = pd.concat([dataset.indicators.assign(formula=""), _indicator_rows()])
    extended = dataclasses.replace(dataset, observations=observations, indicators=indicators)
    skipped = [frame for frame in skipped if not frame.empty]
    skipped_frame = pd.concat(skipped, ignore_index=True) if skipped else pd.DataFrame(columns=SKIPPED_COLUMNS)
    return Derived(extended, skipped_frame)


@functools.cache
def _indicator_rows() -> pd.DataFrame:
    import pandas as pd

    rows = [
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
            "_file": DERIVED_FILE,
            "_line": 0,
        }
        for d in DERIVATIONS
    ]
    return pd.DataFrame(rows).set_index("id", drop=False).rename_axis("id")


def _derive_one(derivation: Derivation, numerator: pd.DataFrame, denominator: pd.DataFrame, indicators: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    import pandas as pd

    pairs = numerator.merge(denominator, on=["park", "scope"], suffixes=("_n", "_d"))
    stock_n, stock_d = (indicators.at[key, "measure"] == "stock" for key in (derivation.numerator, derivation.denominator))
    matched = pairs[_periods_match(pairs, stock_n, stock_d)]
    if stock_n != stock_d:
        # A flow meets the latest stock stated inside its period.
        flow, stock = ("_d", "_n") if stock_n else ("_n", "_d")
        matched = matched.sort_values(f"period_end{stock}", ascending=False, kind="stable")
        matched = matched.drop_duplicates(["park", "scope", f"period{flow}"])
    else:
        flow = "_n"
    qualifier = pd.Series(list(zip(matched["qualifier_n"], matched["qualifier_d"])), index=matched.index, dtype=object)
    qualifier = qualifier.map(RATIO_QUALIFIER)
    usable = qualifier.notna() & (matched["canonical_value_d"] != 0)
    made = _figures(derivation, matched[usable], qualifier[usable], flow)
    missed = _missed(derivation, pairs, matched, qualifier)
    return made, missed


def _periods_match(pairs: pd.DataFrame, stock_n: bool, stock_d: bool) -> pd.Series:
    if stock_n == stock_d:
        return pairs["period_n"] == pairs["period_d"]
    flow, stock = ("_d", "_n") if stock_n else ("_n", "_d")
    end = pairs[f"period_end{stock}"]
    return (end >= pairs[f"period_start{flow}"]) & (end <= pairs[f"period_end{flow}"])


def _figures(derivation: Derivation, matched: pd.DataFrame, qualifier: pd.Series, flow: str) -> pd.DataFrame:
    import pandas as pd

    factor = conversion_factor(f"{matched['canonical_unit_n'].iloc[0]}/{matched['canonical_unit_d'].iloc[0]}", derivation.unit) if not matched.empty else 1.0
    values = round_significant_array((matched["canonical_value_n"] / matched["canonical_value_d"] * factor).to_numpy(float))
    same_source = matched["source_n"] == matched["source_d"]
    same_quote = matched["quote_n"] == matched["quote_d"]
    frame = pd.DataFrame(
        {
            "park": matched["park"],
            "indicator": derivation.id,
            "period": matched[f"period{flow}"],
            "scope": matched["scope"],
            "status": schema.ACTUAL,
            "qualifier": qualifier,
            "raw": matched["raw_n"] + DIVIDE + matched["raw_d"],
            "value": [repr(value) for value in values],
            "unit": derivation.unit,
            "source": matched["source_n"].where(same_source, matched["source_n"] + " + " + matched["source_d"]),
            "quote": matched["quote_n"].where(same_quote, matched["quote_n"] + " | " + matched["quote_d"]),
            "note": "",
            "_file": DERIVED_FILE,
            "_line": 0,
            "canonical_value": values,
            "canonical_unit": derivation.unit,
            "period_kind": matched[f"period_kind{flow}"],
            "period_start": matched[f"period_start{flow}"],
            "period_end": matched[f"period_end{flow}"],
            "partial_year": matched[f"partial_year{flow}"].astype(bool),
            "formula": derivation.formula,
        }
    )
    return frame.reset_index(drop=True)


def _missed(derivation: Derivation, pairs: pd.DataFrame, matched: pd.DataFrame, qualifier: pd.Series) -> pd.DataFrame:
    """Why a park and scope that has both inputs has no derived figure (or fewer than it could)."""
    import pandas as pd

    rows = []
    unmatched = set(zip(pairs["park"], pairs["scope"])) - set(zip(matched["park"], matched["scope"]))
    if not unmatched and (qualifier.notna() & (matched["canonical_value_d"] != 0)).all():
        return pd.DataFrame(columns=SKIPPED_COLUMNS)
    for park, scope in sorted(unmatched):
        inputs = pairs[(pairs["park"] == park) & (pairs["scope"] == scope)]
        periods_n = ", ".join(sorted(set(inputs["period_n"])))
        periods_d = ", ".join(sorted(set(inputs["period_d"])))
        listing = f"{derivation.numerator} {periods_n}; {derivation.denominator} {periods_d}"
        rows.append((park, scope, Words(f"期间不相符（{listing}）", f"periods do not match ({listing})")))
    for index in matched.index[qualifier.isna()]:
        row = matched.loc[index]
        ratio = f"{row['raw_n']}{DIVIDE}{row['raw_d']}"
        rows.append((row["park"], row["scope"], Words(f"{ratio}：两个界限数字之比没有界限", f"{ratio}: the bounds give no bound for the ratio")))
    for index in matched.index[qualifier.notna() & (matched["canonical_value_d"] == 0)]:
        row = matched.loc[index]
        rows.append((row["park"], row["scope"], Words(f"{derivation.denominator} 为零", f"{derivation.denominator} is zero")))
    return pd.DataFrame(
        [{"park": park, "indicator": derivation.id, "scope": scope, "reason": reason} for park, scope, reason in rows],
        columns=SKIPPED_COLUMNS,
    )
