"""Atomic file writes: a crash or Ctrl-C never leaves a half-written file behind.

Data goes to a temporary file in the target's directory, which is renamed over
the target only once it is complete; until then the old file stays untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def refuse_overwrite(path: str | os.PathLike, force: bool) -> None:
    """Raise OutputError if path exists and --force was not given."""
    if not force and os.path.lexists(path):
        raise OutputError(f"{os.fspath(path)} already exists; pass --force to overwrite it")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield the path of a temporary sibling of path; rename it to path on success.

    For writers that need a file name rather than a handle (sqlite3).
    """
    target = Path(path)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}; choose a writable directory") from None
    os.close(descriptor)
    try:
        yield temporary
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = ""):
    """Open a temporary sibling of path for writing; rename it to path on success."""
    binary = "b" in mode
    with atomic_path(path) as temporary:
        with open(temporary, mode, encoding=None if binary else encoding, newline=None if binary else newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
