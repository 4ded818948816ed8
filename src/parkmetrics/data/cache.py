"""The dataset cache: a loaded Dataset pickled per user, keyed by its files and the code that read them.

The text columns are packed as distinct values plus small integer codes, so a
million rows load as a few integer arrays instead of millions of pickled strings.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from dataclasses import fields
from pathlib import Path

from .. import __version__
from .model import Dataset

CACHE_FORMAT = 3


def cache_dir() -> Path | None:
    """Where loaded datasets are cached; None when caching is switched off."""
    if os.environ.get("PARKMETRICS_NO_CACHE"):
        return None
    configured = os.environ.get("PARKMETRICS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "parkmetrics"


# The packages whose code shapes a loaded Dataset: loading and validation (data),
# the figures, units, periods and text rules they apply (core), and the input limits (files).
# tests/test_layout.py checks that data.loading imports nothing outside them.
CODE_PACKAGES = ("core", "data", "files")


@functools.cache
def code_digest() -> str:
    """The parkmetrics version plus a hash of every file in the packages a cached Dataset depends on.

    Read from whatever files are there, so a moved or renamed module changes the key
    instead of failing.
    """
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
    package_dir = Path(__file__).resolve().parents[1]
    for package in CODE_PACKAGES:
        for path in sorted((package_dir / package).iterdir()):
            if path.is_file() and path.suffix in (".py", ".txt", ".csv", ".toml"):
                digest.update(f"{package}/{path.name}|".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def read_cache(path: Path) -> Dataset | None:
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


def store(path: Path, dataset: Dataset) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    from ..core.errors import ParkmetricsError
    from ..files.atomic import atomic_write

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
