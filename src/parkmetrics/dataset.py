"""Load dataset directories into one validated, unit-normalised Dataset.

A dataset directory holds the four CSV files of `schema`. Loading checks every
row (see `validation`), sets aside rows with problems, converts each value into
its indicator's canonical unit and caches the result keyed by the files' size
and modification time, so repeated commands do not re-parse a million figures.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

from . import __version__, schema
from .errors import DatasetError, UsageError
from .textnorm import normalize

BUNDLED = "bundled"
CACHE_FORMAT = 3


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

    parks: "pd.DataFrame"
    indicators: "pd.DataFrame"
    sources: "pd.DataFrame"
    observations: "pd.DataFrame"
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
        raise UsageError(f"'{query}' names several {what}s ({', '.join(sorted(found))}); use one of these ids")
    ids = closest_ids(query, lookup)
    hint = f"did you mean {', '.join(ids)}? " if ids else ""
    raise UsageError(f"unknown {what} '{query}'; {hint}run `{listing}` to see them all")


def closest_ids(query: str, lookup: dict[str, set[str]], cutoff: float = 0.5) -> list[str]:
    """The ids of the (up to three) names closest to query, for a 'did you mean' hint."""
    import difflib

    close = difflib.get_close_matches(name_key(query), list(lookup), n=3, cutoff=cutoff)
    return list(dict.fromkeys(item for name in close for item in sorted(lookup[name])))


def bundled_dir() -> Path:
    """The dataset shipped with the package (or the repository's datasets/ in a checkout)."""
    installed = resources.files(__package__).joinpath("datasets")
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parents[2] / "datasets"


def layer_path(location: str | os.PathLike) -> Path:
    return bundled_dir() if str(location) == BUNDLED else Path(location)


def layer_label(location: str | os.PathLike) -> str:
    return BUNDLED if str(location) == BUNDLED else os.fspath(location).rstrip("/\\") or "."


def cache_dir() -> Path | None:
    """Where loaded datasets are cached; None when caching is switched off."""
    if os.environ.get("PARKMETRICS_NO_CACHE"):
        return None
    configured = os.environ.get("PARKMETRICS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "parkmetrics"


def _fingerprint(locations) -> str:
    """Identify the exact files (and parkmetrics version) a cached Dataset came from."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
    code_dir = Path(__file__).parent
    for name in ("dataset.py", "validation.py", "figures.py", "textnorm.py", "units.txt", "periods.py"):
        stat = (code_dir / name).stat()
        digest.update(f"{name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    for location in locations:
        directory = layer_path(location).resolve()
        for table in schema.COLUMNS:
            path = directory / schema.file_name(table)
            try:
                stat = path.stat()
            except OSError:
                raise DatasetError(_missing_file_message(location, table)) from None
            # The label too: problems name files by it, so `validate d` and `validate /abs/d` differ.
            digest.update(f"{layer_label(location)}|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _missing_file_message(location, table: str) -> str:
    directory = layer_path(location)
    if directory.is_file():
        return f"'{layer_label(location)}' is a file, not a dataset directory; name the directory that holds {schema.file_name(table)}"
    if not directory.is_dir():
        return f"dataset directory '{layer_label(location)}' does not exist; create one with `parkmetrics init {layer_label(location)}`"
    return (
        f"dataset '{layer_label(location)}' has no {schema.file_name(table)}; "
        f"a dataset needs {', '.join(map(schema.file_name, schema.COLUMNS))} (see `parkmetrics init`)"
    )


def load(locations=(BUNDLED,), use_cache: bool = True) -> Dataset:
    """Load and layer the given dataset directories ('bundled' names the shipped one)."""
    locations = list(locations) or [BUNDLED]
    key = _fingerprint(locations)
    directory = cache_dir() if use_cache else None
    cached = directory / f"{key}.pickle" if directory else None
    if cached is not None:
        dataset = _read_cache(cached)
        if dataset is not None:
            return dataset
    dataset = _load_uncached(locations)
    if cached is not None:
        _store(cached, dataset)
    return dataset


def _read_cache(path: Path) -> Dataset | None:
    """The cached Dataset, or None; a damaged entry, or one another user could have written, is never trusted.

    Unpickling runs code, so an entry must belong to this user and be writable by nobody else.
    """
    try:
        with open(path, "rb") as handle:
            if not _private(os.fstat(handle.fileno())):
                return None
            return _unpack(pickle.load(handle))
    except Exception:
        return None


def _private(status: os.stat_result) -> bool:
    if not hasattr(os, "getuid"):  # Windows: the cache lives in the user's own profile
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _store(path: Path, dataset: Dataset) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    from .atomic import atomic_write
    from .errors import ParkmetricsError

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_write(path, "wb") as handle:
            pickle.dump(_pack(dataset), handle, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, ParkmetricsError):
        pass


# The cache keeps each text column as its distinct values plus one small integer
# per row. A million rows of park ids, periods and units then load as a few
# integer arrays instead of millions of pickled strings, and turn back into the
# same text columns with one take per column.


class _PackedText:
    """A text Series or Index as its distinct values and one code per row."""

    def __init__(self, name, dtype, codes, distinct):
        self.name, self.dtype, self.codes, self.distinct = name, dtype, codes, distinct


class _PackedFrame:
    """A DataFrame whose text columns (and index) are _PackedText."""

    def __init__(self, index, columns, arrays):
        self.index, self.columns, self.arrays = index, columns, arrays


def _pack(dataset: Dataset) -> dict:
    import pandas as pd

    packed = {}
    for item in fields(dataset):
        value = getattr(dataset, item.name)
        if isinstance(value, pd.DataFrame):
            value = _PackedFrame(_pack_array(value.index), value.columns, [_pack_array(value[name]) for name in value.columns])
        packed[item.name] = value
    return packed


def _pack_array(values):
    """A Series or Index: text as _PackedText, anything else as it is."""
    import numpy as np
    import pandas as pd

    if not isinstance(values.dtype, pd.StringDtype):
        return values
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    code_type = next(kind for kind in (np.int8, np.int16, np.int32, np.int64) if len(distinct) <= np.iinfo(kind).max)
    return _PackedText(values.name, values.dtype, codes.astype(code_type), np.asarray(distinct, dtype=object))


def _unpack(packed: dict) -> Dataset:
    import pandas as pd

    values = dict(packed)
    for name, value in packed.items():
        if isinstance(value, _PackedFrame):
            index = value.index
            if isinstance(index, _PackedText):
                index = pd.Index(_unpack_array(index), name=index.name)
            arrays = dict(zip(value.columns, map(_unpack_array, value.arrays)))
            values[name] = pd.DataFrame(arrays, index=index, columns=value.columns, copy=False)
    return Dataset(**values)


def _unpack_array(packed):
    import pandas as pd

    if isinstance(packed, _PackedText):
        return pd.array(packed.distinct.take(packed.codes), dtype=packed.dtype)
    return packed.array if isinstance(packed, pd.Series) else packed


def _load_uncached(locations) -> Dataset:
    from .validation import merge_layers, read_layer

    layers = [read_layer(layer_path(location), layer_label(location)) for location in locations]
    return merge_layers(layers, [layer_label(location) for location in locations])
