"""Atomic file writes: a crash, a full disk or Ctrl-C never leaves a half-written file behind.

Data goes to a temporary file in the target's directory, which is renamed over
the target only once it is complete; until then the old file stays untouched.
Any failure on the way removes the temporary file and becomes an OutputError
that says the old file is unchanged. Several files that belong together
(a dataset's CSV files) are all written completely before the first is renamed,
and Ctrl-C (or SIGTERM) is held back while they are renamed, so they change
together or not at all.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from pathlib import Path

from ..core.errors import OutputError
from ..core.i18n import Words


def refuse_overwrite(path: str | os.PathLike, force: bool) -> None:
    """Raise OutputError if path exists and --force was not given."""
    if not force and os.path.lexists(path):
        raise OutputError(Words(f"{os.fspath(path)} 已存在；要覆盖它请加 --force", f"{os.fspath(path)} already exists; pass --force to overwrite it"))


def left_after_failure(path: str | os.PathLike) -> Words:
    """What a write that fails before its rename leaves at path, for the error message."""
    return Words("原文件未改动", "the existing file is unchanged") if os.path.lexists(path) else Words("什么也没写入", "nothing was written")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, mode: int | None = None):
    """Yield the path of a temporary sibling of path; rename it to path on success.

    For writers that need a file name rather than a handle (sqlite3). mode sets the file's
    permissions; by default it keeps the target's, or takes the usual ones for a new file.
    """
    target = Path(path)
    left = left_after_failure(target)
    temporary = None
    try:
        with deferred_interrupts():
            temporary = _temporary_sibling(target)
        yield temporary
        _commit(temporary, target, mode)
    except BaseException as error:
        if temporary is not None:
            _discard(temporary)
        if isinstance(error, OSError):
            raise _write_failed(target, error, left) from error
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


def atomic_write_all(contents: dict) -> None:
    """Write {path: text} so that no file changes unless every one is complete.

    All temporary files are written first; then they are renamed in the order
    given, with Ctrl-C held back until the last rename is done.
    """
    staged: list[tuple[str, Path]] = []
    renamed: list[Path] = []
    target = None
    try:
        for path, text in contents.items():
            target = Path(path)
            with deferred_interrupts():
                staged.append((_temporary_sibling(target), target))
            with open(staged[-1][0], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        with deferred_interrupts():
            for temporary, target in staged:
                _commit(temporary, target)
                renamed.append(target)
    except BaseException as error:
        for temporary, _ in staged:
            _discard(temporary)
        if isinstance(error, OSError) and target is not None:
            names = [path.name for path in renamed]
            left = Words(f"{'、'.join(names)} 已被替换", f"{', '.join(names)} already replaced") if renamed else Words("没有文件被改动", "no file was changed")
            raise _write_failed(target, error, left) from error
        raise


@contextlib.contextmanager
def deferred_interrupts():
    """Hold Ctrl-C and SIGTERM back until the block ends, so that a group of renames is never cut in two."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda number, frame: received.append(number)) for number in numbers}
    try:
        yield
    finally:
        for number in numbers:
            signal.signal(number, previous[number])
    for number in dict.fromkeys(received):
        handler = previous[number]
        if callable(handler):
            handler(number, None)
        elif handler == signal.SIG_DFL:
            signal.raise_signal(number)


def _temporary_sibling(target: Path) -> str:
    """An empty temporary file beside target. Callers hold Ctrl-C back until they have its name, so that they
    can always remove it: a signal between creating the file and knowing its name would leave it behind."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    except OSError as error:
        raise OutputError(Words(f"无法写入 {target}：{error.strerror}；请选择可写的目录", f"cannot write {target}: {error.strerror}; choose a writable directory")) from None
    os.close(descriptor)
    return temporary


def _commit(temporary: str, target: Path, mode: int | None = None) -> None:
    """Give the temporary file mode, else the target's permissions (or the usual ones), and rename it over the target."""
    if mode is not None:
        os.chmod(temporary, mode)
    elif target.exists():
        os.chmod(temporary, target.stat().st_mode & 0o777)
    else:
        os.chmod(temporary, 0o666 & ~_umask())
    os.replace(temporary, target)


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _write_failed(target: Path, error: OSError, left: Words) -> OutputError:
    reason = error.strerror or str(error) or type(error).__name__
    return OutputError(Words(f"无法写入 {target}：{reason}；{left.zh}；请腾出空间或选择可写的位置", f"cannot write {target}: {reason}; {left}; free some space or choose a writable place"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
