"""The Dataset model: parks, indicators, sources and observations, and how names resolve to ids.

Loading and the compiled store live beside it (`loading`, `store`, `cache`); this module imports
none of them, so every layer that only reads a Dataset depends on the model alone.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections import namedtuple
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.errors import UsageError
from ..core.i18n import Words
from ..core.textnorm import normalize
from . import schema

if TYPE_CHECKING:
    import pandas as pd


# One observation as the queries read it, from a Dataset or from the compiled store alike: the figure in
# its indicator's canonical unit, the figure as written (raw) and, for a derived figure, its formula.
FIGURE_FIELDS = ("park", "indicator", "period", "period_start", "period_end", "scope", "status", "qualifier", "canonical_value", "canonical_unit", "raw", "source", "quote", "formula")
Figure = namedtuple("Figure", FIGURE_FIELDS)


@dataclass
class Problem:
    """One problem in a dataset file, reported as `file:line: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class Catalogue:
    """What the queries (analysis.queries) read, in plain Python: parks, indicators and figures.

    A Dataset in memory and one read from its compiled store (store.StoredDataset) both provide
    park_records, indicator_records, figure_rows, figure_counts, indicator_coverage and table_sizes; everything
    else (figures, names, groups, core indicators) is built here from those, once for both.
    """

    def park_records(self) -> list[dict]:
        raise NotImplementedError

    def indicator_records(self) -> list[dict]:
        raise NotImplementedError

    def figure_rows(self, parks=None, indicators=None, fields=FIGURE_FIELDS, blank=()):
        """The observations of these parks and indicators (all when None), in file order, as tuples of these
        fields; a field in `blank` is read as "" (a ranking shows no quote: not reading it saves time)."""
        raise NotImplementedError

    def figures(self, parks=None, indicators=None, blank=()) -> list[Figure]:
        """The observations of these parks and indicators (all when None), in file order."""
        with no_cycle_collection():
            return list(map(Figure._make, self.figure_rows(parks, indicators, blank=blank)))

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

    # Built once (a loaded Dataset is not modified): `compare` resolves
    # several parks, and 30,000 parks take a noticeable moment to index.
    @functools.cached_property
    def _park_index(self) -> dict[str, set[str]]:
        return _lookup(self._parks_by_id.values())

    @functools.cached_property
    def _indicator_index(self) -> dict[str, set[str]]:
        return _lookup(self._indicators_by_id.values())

    @functools.cached_property
    def _parks_by_id(self) -> dict[str, dict]:
        return {record["id"]: record for record in self.park_records()}

    @functools.cached_property
    def _indicators_by_id(self) -> dict[str, dict]:
        return {record["id"]: record for record in self.indicator_records()}

    def indicator(self, indicator_id: str) -> dict:
        """One indicator's columns."""
        return self._indicators_by_id[indicator_id]

    def indicator_order(self) -> dict[str, int]:
        """Each indicator's place in the file: the order every listing of indicators follows."""
        return {indicator_id: position for position, indicator_id in enumerate(self._indicators_by_id)}

    @functools.cached_property
    def groups(self) -> frozenset[str]:
        """Ids of benchmark groups (all national ETDZs …): rows of parks.csv that stand for many zones, never ranked."""
        return frozenset(park_id for park_id, record in self._parks_by_id.items() if record.get("group") == schema.YES)

    @functools.cached_property
    def zones(self) -> list[str]:
        """Park ids that are zones, not benchmark groups, in file order: what rankings and coverage list."""
        return [park for park in self._parks_by_id if park not in self.groups]

    @functools.cached_property
    def core_indicators(self) -> list[str]:
        """The headline indicators marked core in indicators.csv, in file order: listed first wherever indicators are."""
        return [indicator_id for indicator_id, record in self._indicators_by_id.items() if record.get("core") == schema.YES]

    @functools.cached_property
    def stock_indicators(self) -> frozenset[str]:
        """Indicators measured at a point in time (counts, areas): their year-end figure stands for the year."""
        return frozenset(indicator_id for indicator_id, record in self._indicators_by_id.items() if record["measure"] == "stock")

    def park_name(self, park_id: str, lang: str) -> str:
        return _localised_name(self._parks_by_id[park_id], lang)

    def indicator_name(self, indicator_id: str, lang: str) -> str:
        return _localised_name(self._indicators_by_id[indicator_id], lang)


@dataclass
class Dataset(Catalogue):
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

    def park_records(self) -> list[dict]:
        """Every park as a dict of its columns, in file order."""
        return _records(self.parks)

    def indicator_records(self) -> list[dict]:
        """Every indicator as a dict of its columns (with `formula` when derived ones are added), in file order."""
        return _records(self.indicators)

    def figure_rows(self, parks=None, indicators=None, fields=FIGURE_FIELDS, blank=()):
        frame = self.observations
        if parks is not None:
            frame = frame[frame["park"].isin(list(parks))]
        if indicators is not None:
            frame = frame[frame["indicator"].isin(list(indicators))]
        return _field_rows(frame, fields, blank)

    def table_sizes(self) -> dict[str, int]:
        """How many parks, indicators, sources and observations the dataset holds (after validation)."""
        return {table: len(getattr(self, table)) for table in schema.COLUMNS}

    def figure_counts(self) -> dict[str, int]:
        """How many figures each park has."""
        return {park: int(count) for park, count in self.observations["park"].value_counts().items()}

    def indicator_coverage(self) -> dict[str, int]:
        """How many parks have a figure of each indicator."""
        return {indicator: int(count) for indicator, count in self.observations.groupby("indicator")["park"].nunique().items()}


def figures_of(frame) -> list[Figure]:
    """The rows of an observations frame as Figures (a frame without derived figures has no formula)."""
    with no_cycle_collection():
        return list(map(Figure._make, _field_rows(frame)))


def _field_rows(frame, fields=FIGURE_FIELDS, blank=()):
    """The frame's rows as tuples of these fields; a field it lacks, or one in `blank`, reads as ""."""
    empty = [""] * len(frame)
    return zip(*(frame[name].tolist() if name in frame and name not in blank else empty for name in fields))


@contextlib.contextmanager
def no_cycle_collection():
    """Build many small records without Python's cycle collector: records of text and numbers make no
    cycles, and each collection would walk every object of a large dataset again (a million Figures
    took five times as long with it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _records(frame) -> list[dict]:
    columns = [column for column in frame.columns if not column.startswith("_")]
    return [dict(zip(columns, row)) for row in zip(*(frame[column].tolist() for column in columns))]


def _localised_name(record: dict, lang: str) -> str:
    return (record["name_en"] or record["name_zh"]) if lang == "en" else record["name_zh"]


def name_key(text: str) -> str:
    """How names are matched: normalised (full-width, traditional), trimmed, case-folded."""
    return normalize(text).strip().casefold()


def _lookup(records) -> dict[str, set[str]]:
    """Map every id, name and alias (normalised) to the ids it names."""
    lookup: dict[str, set[str]] = {}
    for record in records:
        aliases = record["aliases"].split(schema.ALIAS_SEPARATOR) if record["aliases"] else []
        for name in (record["id"], record["name_zh"], record["name_en"], *aliases):
            if name:
                lookup.setdefault(name_key(name), set()).add(record["id"])
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
