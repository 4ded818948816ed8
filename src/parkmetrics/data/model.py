"""The Dataset model: parks, indicators, sources and observations, and how names resolve to ids.

Loading and the cache live beside it (`loading`, `cache`); this module imports neither,
so every layer that only reads a Dataset depends on the model alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.errors import UsageError
from ..core.i18n import Words
from ..core.textnorm import normalize
from . import schema

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Problem:
    """One problem in a dataset file, reported as `file:line: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Dataset:
    """Parks, indicators, sources and observations of one or more layered directories.

    `observations` holds only rows that passed validation, with the canonical
    value and unit added; `problems` lists every row set aside and why.
    """

    parks: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    observations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)

    def park_id(self, query: str) -> str:
        """Resolve a park by id, Chinese or English name or alias, case-insensitively."""
        return _resolve(query, self._park_index, "park", "parkmetrics parks")

    def indicator_id(self, query: str) -> str:
        """Resolve an indicator by id, name or alias, case-insensitively."""
        return _resolve(query, self._indicator_index, "indicator", "parkmetrics indicators")

    def park_lookup(self) -> dict[str, set[str]]:
        """Every normalised id, name and alias of a park, mapped to the ids it names (a copy to extend)."""
        return dict(self._park_index)

    def indicator_lookup(self) -> dict[str, set[str]]:
        """The same for indicators."""
        return dict(self._indicator_index)

    # Built once per Dataset (a loaded Dataset is not modified): `compare` resolves
    # several parks, and 30,000 parks take a noticeable moment to index.
    @functools.cached_property
    def _park_index(self) -> dict[str, set[str]]:
        return _lookup(self.parks, ("name_zh", "name_en"))

    @functools.cached_property
    def _indicator_index(self) -> dict[str, set[str]]:
        return _lookup(self.indicators, ("name_zh", "name_en"))

    @functools.cached_property
    def groups(self) -> frozenset[str]:
        """Ids of benchmark groups (all national ETDZs …): rows of parks.csv that stand for many zones, never ranked."""
        if "group" not in self.parks:  # a Dataset built in code from a parks table of the first release
            return frozenset()
        return frozenset(self.parks.index[self.parks["group"] == schema.YES])

    @functools.cached_property
    def zones(self) -> list[str]:
        """Park ids that are zones, not benchmark groups, in file order: what rankings and coverage list."""
        return [park for park in self.parks.index if park not in self.groups]

    @functools.cached_property
    def core_indicators(self) -> list[str]:
        """The headline indicators marked core in indicators.csv, in file order: listed first wherever indicators are."""
        if "core" not in self.indicators:
            return []
        return list(self.indicators.index[self.indicators["core"] == schema.YES])

    @functools.cached_property
    def stock_indicators(self) -> frozenset[str]:
        """Indicators measured at a point in time (counts, areas): their year-end figure stands for the year."""
        return frozenset(self.indicators.index[self.indicators["measure"] == "stock"])

    def park_name(self, park_id: str, lang: str) -> str:
        return _localised_name(self.parks, park_id, lang)

    def indicator_name(self, indicator_id: str, lang: str) -> str:
        return _localised_name(self.indicators, indicator_id, lang)


def _localised_name(frame, item_id: str, lang: str) -> str:
    # Two cell lookups, not a whole row: a report names thousands of parks.
    chinese = frame.at[item_id, "name_zh"]
    return (frame.at[item_id, "name_en"] or chinese) if lang == "en" else chinese


def name_key(text: str) -> str:
    """How names are matched: normalised (full-width, traditional), trimmed, case-folded."""
    return normalize(text).strip().casefold()


def _lookup(frame, name_columns) -> dict[str, set[str]]:
    """Map every id, name and alias (normalised) to the ids it names."""
    lookup: dict[str, set[str]] = {}
    ids = list(frame.index)
    aliases = (alias.split(schema.ALIAS_SEPARATOR) if alias else [] for alias in frame["aliases"])
    names_per_id = zip(ids, *(frame[column] for column in name_columns), aliases)
    for item_id, *names, item_aliases in names_per_id:
        for name in (item_id, *names, *item_aliases):
            if name:
                lookup.setdefault(name_key(name), set()).add(item_id)
    return lookup


def _resolve(query: str, lookup: dict[str, set[str]], what: str, listing: str) -> str:
    found = lookup.get(name_key(query))
    if found and len(found) == 1:
        return next(iter(found))
    if found:
        raise UsageError(
            Words(f"'{query}' 对应多个{WHAT[what]}（{'、'.join(sorted(found))}）；请用其中一个代码", f"'{query}' names several {what}s ({', '.join(sorted(found))}); use one of these ids")
        )
    ids = closest_ids(query, lookup)
    hint = Words(f"您是否要找 {'、'.join(ids)}？", f"did you mean {', '.join(ids)}? ") if ids else Words("", "")
    raise UsageError(Words(f"未知{WHAT[what]} '{query}'；{hint.zh}运行 `{listing}` 可查看全部", f"unknown {what} '{query}'; {hint}run `{listing}` to see them all"))


WHAT = {"park": "园区", "indicator": "指标"}  # what _resolve names, in Chinese


def closest_ids(query: str, lookup: dict[str, set[str]], cutoff: float = 0.5) -> list[str]:
    """The ids of the (up to three) names closest to query, for a 'did you mean' hint."""
    import difflib

    close = difflib.get_close_matches(name_key(query), list(lookup), n=3, cutoff=cutoff)
    return list(dict.fromkeys(item for name in close for item in sorted(lookup[name])))
