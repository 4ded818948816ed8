"""Load dataset directories into one validated, unit-normalised Dataset.

A dataset directory holds the four CSV files of `schema`. Loading checks every
row (see `validation`), sets aside rows with problems, converts each value into
its indicator's canonical unit and caches the result (see `cache`) keyed by the
files' size and modification time, so repeated commands do not re-parse a million figures.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..core.errors import DatasetError
from ..core.i18n import Words
from . import schema
from .cache import cache_dir, code_digest, read_cache, store
from .model import Dataset

BUNDLED = "bundled"


def bundled_dir() -> Path:
    """The dataset shipped with the package (or the repository's datasets/ in a checkout)."""
    installed = resources.files("parkmetrics").joinpath("datasets")  # placed there by pyproject's force-include
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parents[3] / "datasets"


def layer_path(location: str | os.PathLike) -> Path:
    return bundled_dir() if str(location) == BUNDLED else Path(location)


def layer_label(location: str | os.PathLike) -> str:
    return BUNDLED if str(location) == BUNDLED else os.fspath(location).rstrip("/\\") or "."


def _fingerprint(locations) -> str:
    """Identify the exact files (and the code that reads them) a cached Dataset came from."""
    digest = hashlib.sha256(code_digest().encode())
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


def _missing_file_message(location, table: str) -> Words:
    directory = layer_path(location)
    if directory.is_file():
        return Words(
            f"'{layer_label(location)}' 是文件，不是数据集目录；请指定存放 {schema.file_name(table)} 的目录",
            f"'{layer_label(location)}' is a file, not a dataset directory; name the directory that holds {schema.file_name(table)}",
        )
    if not directory.is_dir():
        return Words(
            f"数据集目录 '{layer_label(location)}' 不存在；请用 `parkmetrics init {layer_label(location)}` 创建",
            f"dataset directory '{layer_label(location)}' does not exist; create one with `parkmetrics init {layer_label(location)}`",
        )
    return Words(
        f"数据集 '{layer_label(location)}' 没有 {schema.file_name(table)}；数据集需要 {'、'.join(map(schema.file_name, schema.COLUMNS))}（见 `parkmetrics init`）",
        f"dataset '{layer_label(location)}' has no {schema.file_name(table)}; a dataset needs {', '.join(map(schema.file_name, schema.COLUMNS))} (see `parkmetrics init`)",
    )


def load(locations: Iterable[str | os.PathLike] = (BUNDLED,), use_cache: bool = True) -> Dataset:
    """Load and layer the given dataset directories ('bundled' names the shipped one)."""
    locations = list(locations) or [BUNDLED]
    key = _fingerprint(locations)
    directory = cache_dir() if use_cache else None
    cached = directory / f"{key}.pickle" if directory else None
    if cached is not None:
        dataset = read_cache(cached)
        if dataset is not None:
            return dataset
    dataset = _load_uncached(locations)
    if cached is not None:
        store(cached, dataset)
    return dataset


def _load_uncached(locations) -> Dataset:
    from .validation import merge_layers, read_layer

    layers = [read_layer(layer_path(location), layer_label(location)) for location in locations]
    return merge_layers(layers, [layer_label(location) for location in locations])
