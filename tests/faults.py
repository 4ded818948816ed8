"""Fault injection for writers: a write that stops half-way, as on a full disk or at Ctrl-C."""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FailingFile:
    """A real file whose writes stop with `fault()` once `budget` characters or bytes are written."""

    def __init__(self, handle, budget: int, fault):
        self.handle = handle
        self.budget = budget
        self.fault = fault
        self.written = 0

    def write(self, data):
        room = self.budget - self.written
        if len(data) > room:
            self.handle.write(data[:room])
            self.handle.flush()
            self.written += room
            raise self.fault()
        self.written += len(data)
        return self.handle.write(data)

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return self.handle.__exit__(*exc_info)


class WriteFault:
    """Make the temporary file parkmetrics.files.atomic writes for `target` fail after `budget` characters.

    `failing` is the FailingFile that failed (its `written` shows the write really stopped part-way).
    """

    def __init__(self, monkeypatch, target, budget: int, fault=disk_full):
        import parkmetrics.files.atomic

        target = Path(target)
        self.failing = None

        def failing_open(path, mode="r", *args, **kwargs):
            handle = builtins.open(path, mode, *args, **kwargs)
            path = Path(path)
            if "w" in mode and path.parent == target.parent and path.name.startswith(f".{target.name}."):
                self.failing = FailingFile(handle, budget, fault)
                return self.failing
            return handle

        monkeypatch.setattr(parkmetrics.files.atomic, "open", failing_open, raising=False)


def snapshot(directory) -> dict[str, bytes]:
    """Every file under directory (temporary files included) and its bytes."""
    directory = Path(directory)
    return {str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}
