"""Load dataset directories into one validated, unit-normalised Dataset, compiled into a store.

A dataset directory holds the four CSV files of `schema`. Loading checks every
row (see `validation`), sets aside rows with problems, converts each value into
its indicator's canonical unit and compiles the result into an SQLite store (see
`store`), rebuilt only when an input file's content or the code that reads it
changes; the query commands answer from the store without parsing a figure.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import DatasetError, OutputError
from ..core.i18n import Words
from . import schema, store
from .cache import code_digest, store_dir
from .model import Dataset

BUNDLED = "bundled"


def bundled_dir() -> Path:
    """The dataset shipped with the package (or the repository's datasets/ in a checkout)."""
    installed = Path(__file__).resolve().parents[1] / "datasets"  # placed there by pyproject's force-include
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "datasets"


def layer_path(location: str | os.PathLike) -> Path:
    return bundled_dir() if str(location) == BUNDLED else Path(location)


def layer_label(location: str | os.PathLike) -> str:
    return BUNDLED if str(location) == BUNDLED else os.fspath(location).rstrip("/\\") or "."


def input_files(locations) -> list[Path]:
    """The files a store is built from, in order; a missing one is a DatasetError that names the fix."""
    paths = []
    for location in locations:
        directory = layer_path(location).resolve()
        for table in schema.COLUMNS:
            path = directory / schema.file_name(table)
            if not path.exists():
                raise DatasetError(_missing_file_message(location, table))
            paths.append(path)
    return paths


def _missing_file_message(location, table: str) -> Words:
    directory = layer_path(location)
    if directory.is_file():
        return Words(
            f"'{layer_label(location)}' 是文件，不是数据集目录；请指定存放 {schema.file_name(table)} 的目录",
            f"'{layer_label(location)}' is a file, not a dataset directory; name the directory that holds {schema.file_name(table)}",
        )
    if not directory.is_dir():
        return no_such_directory(layer_label(location))
    return Words(
        f"数据集 '{layer_label(location)}' 没有 {schema.file_name(table)}；数据集需要 {'、'.join(map(schema.file_name, schema.COLUMNS))}（见 `parkmetrics init`）",
        f"dataset '{layer_label(location)}' has no {schema.file_name(table)}; a dataset needs {', '.join(map(schema.file_name, schema.COLUMNS))} (see `parkmetrics init`)",
    )


def no_such_directory(label: str) -> Words:
    """Why a dataset directory that does not exist cannot be used, and how to create it."""
    return Words(f"数据集目录 '{label}' 不存在；请用 `parkmetrics init {label}` 创建", f"dataset directory '{label}' does not exist; create one with `parkmetrics init {label}`")


def store_path(locations) -> Path | None:
    """Where the store of these layers lives (None when stores are switched off).

    One store per list of layers, named by their labels and places: problems name files by
    the label, so `validate d` and `validate /abs/d` differ.
    """
    folder = store_dir()
    if folder is None:
        return None
    digest = hashlib.sha256()
    for location in locations:
        digest.update(f"{layer_label(location)}\0{layer_path(location).resolve()}\0".encode())
    return folder / f"store-{digest.hexdigest()[:20]}.sqlite"


def load(locations: Iterable[str | os.PathLike] = (BUNDLED,), use_cache: bool = True) -> Dataset:
    """Load and layer the given dataset directories ('bundled' names the shipped one).

    The result answers from the compiled store of these layers (see `store`), compiled first
    when it is not current. With use_cache=False, stores switched off (PARKMETRICS_NO_CACHE) or
    no folder a store can be written to, the files are parsed into a Dataset in memory only,
    which answers the same questions from its frames.
    """
    locations = list(locations) or [BUNDLED]
    paths = input_files(locations)
    target = store_path(locations) if use_cache else None
    if target is None:
        return _load_uncached(locations)
    connection = _open_current(target, paths)
    if connection is not None:
        return store.StoredDataset(connection)
    stamps = _stamps(paths)
    dataset = _load_uncached(locations)
    if not _compile_into(target, dataset, stamps):
        return dataset
    compiled = store.StoredDataset(store.connect(target))
    compiled.keep_tables(dataset)
    return compiled


def _open_current(path: Path, paths: list[Path]) -> sqlite3.Connection | None:
    if not store.private(path):
        return None
    try:
        connection = store.connect(path)
    except sqlite3.Error:
        return None
    if store.is_current(connection, code_digest(), paths):
        return connection
    connection.close()
    return None


def _stamps(paths: list[Path]) -> tuple[int, list[dict]]:
    """When the build started and what each file held, taken before the files are parsed: a file
    changed while it is read then differs from its stamp, and the next command compiles again."""
    started = time.time_ns()
    return started, [store.file_stamp(path) for path in paths]


def _compile_into(target: Path, dataset: Dataset, stamps) -> bool:
    """Write the store beside its final place and rename it there in one step (`atomic_path`), so a reader
    sees the old store or the new one, never half of one; two processes compiling at once each write their
    own file and the last rename wins. Best effort: a store that cannot be written only costs speed."""
    from ..files.atomic import atomic_path

    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_path(target, mode=0o644) as temporary:  # readable by all, writable by its owner only (see store.private)
            _write(dataset, temporary, stamps)
        _prune(target.parent)
    except (OSError, OutputError, sqlite3.Error):
        return False
    return True


# Stores are caches, one per list of --data layers: the most recently built ones are kept, and a
# list of layers whose store was pruned is compiled again when it is next used.
KEPT_STORES = 16


def _prune(folder: Path) -> None:
    """Remove all but the KEPT_STORES most recently built stores of folder (an open store stays readable)."""
    built = []
    for path in folder.glob("store-*.sqlite"):
        with contextlib.suppress(OSError):
            built.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(built, reverse=True)[KEPT_STORES:]:
        with contextlib.suppress(OSError):
            path.unlink()


def _write(dataset: Dataset, path: str, stamps) -> None:
    started, files = stamps
    store.write_store(dataset, path, code_digest(), files, started)


def _load_uncached(locations) -> Dataset:
    from .validation import merge_layers, read_layer

    layers = [read_layer(layer_path(location), layer_label(location)) for location in locations]
    return merge_layers(layers, [layer_label(location) for location in locations])
