"""Write dataset directories: create one (`init`), and add or replace rows (`import`).

Existing rows keep their text and order: new rows are appended, a replaced
row is rewritten in place, nothing else in the file changes. All changed files
are first written completely to temporary files, then renamed over the old
ones in the order parks, sources, observations (see `atomic.atomic_write_all`),
so at every moment each file is whole and every park and source an observation
names exists; a failure or Ctrl-C before the renames changes no file. A lock
file keeps two imports from interleaving their read-modify-write.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..core.errors import OutputError
from ..core.i18n import Words
from ..files.atomic import atomic_write_all
from . import schema
from .loading import bundled_dir

LOCK_FILE = ".parkmetrics.lock"
BACKUP_PREFIX = "backup-"
README = "README.md"
README_TEMPLATE = "dataset_readme.md"


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the (line, row) of each record of a dataset CSV file."""
    header, rows, _, _ = _records(path.read_text(encoding="utf-8"))
    return header, rows


def _records(text: str):
    """Header, (line, row) per record, and each record's span of physical lines."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    header, rows, spans, start = [], [], [], 0
    for cells in reader:
        span = (start, reader.line_num)
        start = reader.line_num
        if not header:
            header = cells
        elif cells:
            rows.append((span[0] + 1, dict(zip(header, cells))))
            spans.append(span)
    return header, rows, spans, lines


def _updated_text(text: str, appended: list[dict], replacements: dict[int, dict], table: str) -> str:
    header, _, spans, lines = _records(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    for column in schema.ADDED_COLUMNS.get(table, ()):
        if column not in header and any(row.get(column) for row in (*appended, *replacements.values())):
            header.append(column)  # the name in the header and an empty last field in every record: nothing else changes
            for index, field in ((0, column), *((end - 1, "") for _, end in spans)):
                body = lines[index].rstrip("\r\n")
                lines[index] = f"{body},{field}{lines[index][len(body) :]}"

    def line(row: dict) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=newline).writerow([row.get(column, "") for column in header])
        return buffer.getvalue()

    for index in sorted(replacements, reverse=True):
        start, end = spans[index]
        lines[start:end] = [line(replacements[index])]
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    return "".join(lines) + "".join(line(row) for row in appended)


def update_dataset(directory: Path, parks: list[dict], sources: list[dict], observations: list[dict], replacements: dict[int, dict]) -> None:
    """Append parks, sources and observations, and replace observations by index, atomically."""
    # Observations last, so that no rename leaves an observation naming a park or source not there yet.
    changes = {
        schema.PARKS: (parks, {}),
        schema.SOURCES: (sources, {}),
        schema.OBSERVATIONS: (observations, replacements),
    }
    contents = {}
    for table, (appended, replaced) in changes.items():
        if appended or replaced:
            path = directory / schema.file_name(table)
            contents[path] = _updated_text(path.read_text(encoding="utf-8"), appended, replaced, table)
    atomic_write_all(contents)


@contextlib.contextmanager
def dataset_lock(directory: Path):
    """Hold an exclusive lock on the dataset directory, or fail at once if another import holds it."""
    path = Path(directory) / LOCK_FILE
    try:
        handle = open(path, "a+b")
    except OSError as error:
        raise OutputError(Words(f"无法锁定 {directory}：{error.strerror}；数据集目录可写吗？", f"cannot lock {directory}: {error.strerror}; is the dataset directory writable?")) from None
    with handle:
        try:
            _lock(handle)
        except OSError:
            raise OutputError(
                Words(f"另一个导入正在写入 {directory}（{path} 已锁定）；请等它完成后再运行本次导入", f"another import is writing {directory} ({path} is locked); run this one when it has finished")
            ) from None
        try:
            yield
        finally:
            _unlock(handle)


def _lock(handle) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: lock the first byte
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(handle) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass
class Initialised:
    """The files `init` wrote, and where it kept the files they replaced (None when it replaced none)."""

    written: list[Path]
    backup: Path | None


def init_dataset(directory: Path, force: bool = False, reinit: bool = False) -> Initialised:
    """Write an empty dataset with the full indicator vocabulary and a README.

    A directory that holds a dataset is refused unless reinit is asked for, and any file
    that is replaced is first copied into a backup directory inside it: init never loses a figure.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OutputError(Words(f"{directory} 是文件；请为数据集指定一个目录", f"{directory} is a file; name a directory for the dataset"))
    names = (README, *(schema.file_name(table) for table in schema.COLUMNS))
    if not reinit and directory.is_dir() and any((directory / schema.file_name(table)).exists() for table in schema.COLUMNS):
        count = _figure_count(directory)
        raise OutputError(
            Words(
                f"{directory} 已有数据集{count.zh}；未做任何改动。要从空数据集重新开始请加 --reinit，它会先把现有文件复制到其中的备份目录",
                f"{directory} already holds a dataset{count}; nothing was changed. To start "
                "again from an empty dataset pass --reinit, which first copies the current files into a backup directory in it",
            )
        )
    if not (force or reinit) and directory.is_dir() and any(directory.iterdir()):
        raise OutputError(
            Words(f"{directory} 不是空目录；请另选新目录，或加 --force 把数据集文件写入其中", f"{directory} is not empty; choose a new directory, or pass --force to write the dataset files into it")
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(Words(f"无法创建 {directory}：{error.strerror}；请选择可写的位置", f"cannot create {directory}: {error.strerror}; choose a writable place")) from None
    contents = {schema.file_name(table): ",".join(schema.COLUMNS[table]) + "\n" for table in (schema.PARKS, schema.SOURCES, schema.OBSERVATIONS)}
    contents[schema.file_name(schema.INDICATORS)] = (bundled_dir() / schema.file_name(schema.INDICATORS)).read_text(encoding="utf-8")
    contents[README] = resources.files(__package__).joinpath(README_TEMPLATE).read_text(encoding="utf-8")
    written = [directory / name for name in names]
    backup = _back_up([path for path in written if path.exists()], directory)
    try:
        atomic_write_all({path: contents[path.name] for path in written})
    except BaseException:
        _drop_unneeded_backup(backup)
        raise
    return Initialised(written, backup)


def _drop_unneeded_backup(backup: Path | None) -> None:
    """After a failed write, remove the backup if every file it holds is still in place unchanged."""
    import shutil

    if backup is not None and all((backup.parent / copy.name).read_bytes() == copy.read_bytes() for copy in backup.iterdir()):
        shutil.rmtree(backup, ignore_errors=True)


def _figure_count(directory: Path) -> Words:
    """' (N figure(s) in observations.csv)', or nothing when the file cannot be read."""
    path = directory / schema.file_name(schema.OBSERVATIONS)
    try:
        count = len(read_rows(path)[1])
    except (OSError, UnicodeDecodeError, csv.Error):
        return Words("", "")
    return Words(f"（{path.name} 中有 {count} 个数字）", f" ({count} figure(s) in {path.name})")


def _back_up(paths: list[Path], directory: Path) -> Path | None:
    """Copy paths into a new backup-YYYYMMDD-HHMMSS directory of directory; the originals stay until replaced."""
    import shutil
    from datetime import datetime

    if not paths:
        return None
    base = directory / f"{BACKUP_PREFIX}{datetime.now():%Y%m%d-%H%M%S}"
    backup, number = base, 2
    while backup.exists():
        backup, number = Path(f"{base}-{number}"), number + 1
    try:
        backup.mkdir()
        for path in paths:
            shutil.copy2(path, backup / path.name)
    except OSError as error:
        raise OutputError(Words(f"无法在 {backup} 保留备份：{error.strerror}；未做任何改动", f"cannot keep a backup in {backup}: {error.strerror}; nothing was changed")) from None
    return backup
