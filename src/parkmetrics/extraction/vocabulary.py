"""The dataset's indicators and parks as extraction matches them: aliases compiled once for many articles.

Also which units an indicator accepts, since choosing an indicator, reading a
number and judging a company's figure all ask whether one unit converts to another.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..core.errors import UnitError
from ..core.textnorm import normalize
from ..core.units import conversion_factor
from ..data import schema
from .article import alternation, rules, strip_quotes

UNKNOWN = "unknown"
RANK = "rank"
STOCK = "stock"


@dataclass
class Indicator:
    id: str
    unit: str
    measure: str


@dataclass
class Alias:
    pattern: re.Pattern
    indicator: str
    weight: int  # characters of the alias itself, gaps excluded
    head: str = ""  # its first part, which any match contains: a cheap test before the regex


def _head(alias: str) -> str:
    return strip_quotes(normalize(alias.split("…")[0])).strip()


def _alias_pattern(alias: str, gap: int, long_gap: int) -> tuple[re.Pattern, int]:
    """'签约…总投资': parts a few characters apart; '解决……问题': anywhere in the sentence before."""
    body, weight = [], 0
    for stretch in alias.split("……"):
        parts = [strip_quotes(normalize(part)).strip() for part in stretch.split("…") if part.strip()]
        body.append(f".{{0,{gap}}}?".join(re.escape(part) for part in parts))
        weight += sum(map(len, parts))
    return re.compile(f".{{0,{long_gap}}}?".join(body)), weight


@dataclass
class Vocabulary:
    """Indicator aliases and park names, compiled once for many articles."""

    indicators: dict[str, Indicator]
    aliases: list[Alias]
    growth_bases: list[Alias]
    park_names: list[str]
    # 规上工业总产值增长: a growth base with its growth word, as long as it is written.
    growth_phrases: list[Alias] = field(default_factory=list)
    # 专精特新“小巨人” without 国家级/省级: names that cannot pick an indicator on their own.
    level_less: list[Alias] = field(default_factory=list)
    # Every name and alias of each indicator, joined: what an indicator's own names already say.
    names: dict[str, str] = field(default_factory=dict)
    # The park id of each dataset park name or alias that names one park only.
    park_ids: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def ranks(self) -> set[str]:
        """Indicators that are places in a league table: only a 第N位 takes one."""
        return {i for i, indicator in self.indicators.items() if indicator.measure == RANK}

    @classmethod
    def from_dataset(cls, dataset) -> Vocabulary:
        settings = rules()["indicators"]
        gaps = settings["gap_limit"], settings["long_gap_limit"]
        indicators, aliases, bases, all_names = {}, [], [], {}
        # The dataset's records, not its frames: a compiled store gives them by SQL without reading every figure back.
        indicator_rows = {row["id"]: row for row in dataset.indicator_records()}
        for indicator_id, row in indicator_rows.items():
            indicators[indicator_id] = Indicator(indicator_id, row["unit"], row["measure"])
            names = [row["name_zh"], row["name_en"], *(row["aliases"].split(schema.ALIAS_SEPARATOR) if row["aliases"] else [])]
            names = {name.strip() for name in names if name and len(name.strip()) >= 2}
            all_names[indicator_id] = "|".join(sorted(names))
            for name in names:
                pattern, weight = _alias_pattern(name, *gaps)
                aliases.append(Alias(pattern, indicator_id, weight, _head(name)))
            if indicator_id.endswith("_growth"):
                base_id = indicator_id.removesuffix("_growth")
                base_names = {without_ending(name, settings["growth_endings"]) for name in names}
                if base_id in indicator_rows:
                    base_row = indicator_rows[base_id]
                    base_names |= {n for n in [base_row["name_zh"], *base_row["aliases"].split(schema.ALIAS_SEPARATOR)] if n}
                for name in base_names:
                    if len(name) >= 2 and not name.isascii() and not name.endswith("…"):
                        pattern, weight = _alias_pattern(name, *gaps)
                        bases.append(Alias(pattern, indicator_id, weight, _head(name)))
        park_names, park_ids = set(), {}
        for row in dataset.park_records():
            park_id = row["id"]
            for name in [row["name_zh"], *(row["aliases"].split(schema.ALIAS_SEPARATOR) if row["aliases"] else [])]:
                name = normalize(name)
                if len(name) >= 2 and not name.isascii():
                    park_names.add(name)
                    park_ids.setdefault(name, set()).add(park_id)
        park_names |= set(rules()["scope"]["park_words"])
        growth_word = alternation(settings["growth_words"])
        phrases = [Alias(re.compile(f"(?:{base.pattern.pattern})(?:{growth_word})"), base.indicator, base.weight + 2, base.head) for base in bases]
        level_less = [Alias(_alias_pattern(name, *gaps)[0], UNKNOWN, 0, _head(name)) for name in settings["level_less"]]
        return cls(indicators, aliases, bases, sorted(park_names, key=len, reverse=True), phrases, level_less, all_names, {name: ids.pop() for name, ids in park_ids.items() if len(ids) == 1})


def without_ending(name: str, endings) -> str:
    for ending in endings:
        if name.endswith(ending):
            return name[: -len(ending)]
    return name


@functools.cache
def compatible(unit: str, indicator_unit: str) -> bool:
    """Whether a figure in unit can be converted to indicator_unit (failures are cached too)."""
    try:
        conversion_factor(unit, indicator_unit)
        return True
    except UnitError:
        return False


def is_count(unit: str) -> bool:
    return compatible(unit, "个")
