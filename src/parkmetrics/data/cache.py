"""Where compiled stores live, and the hash of the code that shapes them.

A store (see `store`) is kept in the package folder (`parkmetrics/stores/`) when that can be
written, else in the user's cache folder; PARKMETRICS_CACHE_DIR chooses the folder, and
PARKMETRICS_NO_CACHE=1 switches stores off: every command parses the files and writes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from .. import __version__

STORE_FORMAT = 1


def cache_dir() -> Path | None:
    """The user's cache folder; None when caching is switched off."""
    if os.environ.get("PARKMETRICS_NO_CACHE"):
        return None
    configured = os.environ.get("PARKMETRICS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "parkmetrics"


def package_stores() -> Path:
    """The folder beside the installed code where stores are kept when it can be written."""
    return Path(__file__).resolve().parents[1] / "stores"


def store_dir() -> Path | None:
    """Where stores are kept: the chosen folder, the package folder if writable, else the user's cache folder."""
    if os.environ.get("PARKMETRICS_NO_CACHE"):
        return None
    if os.environ.get("PARKMETRICS_CACHE_DIR"):
        return cache_dir()
    package = package_stores()
    return package if _writable(package) else cache_dir()


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


# The packages whose code shapes a loaded Dataset: loading and validation (data),
# the figures, units, periods and text rules they apply (core), and the input limits (files).
# tests/test_layout.py checks that data.loading imports nothing outside them.
CODE_PACKAGES = ("core", "data", "files")


@functools.cache
def code_digest() -> str:
    """The parkmetrics version plus a hash of every file in the packages a store depends on.

    Read from whatever files are there, so a moved or renamed module changes the key
    instead of failing.
    """
    digest = hashlib.sha256(f"{STORE_FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
    package_dir = Path(__file__).resolve().parents[1]
    for package in CODE_PACKAGES:
        for path in sorted((package_dir / package).iterdir()):
            if path.is_file() and path.suffix in (".py", ".txt", ".csv", ".toml"):
                digest.update(f"{package}/{path.name}|".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
