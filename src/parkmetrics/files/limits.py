"""How much parkmetrics reads: a limit far above any park dataset, so that a huge or hostile file is refused, not read.

Every development zone in China (about 3,000) with 40 indicators over 10 years
makes an observations.csv of about 135 MB, and 30,000 parks with ten indicators
over ten years about 340 MB; real datasets are far smaller (the bundled one is
tens of KB). A file above the limit, 400 MB unless PARKMETRICS_MAX_INPUT_MB says
otherwise, is refused before a byte of it is read, so memory stays bounded by the
limit. An .xlsx workbook is compressed XML: it may unpack to at most
UNPACKED_FACTOR times the limit, which stops zip bombs. A single CSV cell may
hold at most MAX_CELL_CHARS characters (Python's csv default; Excel's own limit is
32,767), which stops a 100 MB "cell" before it is built.
"""

from __future__ import annotations

import math
import os

from ..core.errors import UsageError
from ..core.i18n import Words, chinese

ENVIRONMENT = "PARKMETRICS_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 400
MEGABYTE = 1024 * 1024
UNPACKED_FACTOR = 4
MAX_CELL_CHARS = 131_072
_CHUNK = 1 << 20


def max_input_bytes() -> int:
    """The limit in bytes: PARKMETRICS_MAX_INPUT_MB megabytes, or 400 MB."""
    text = os.environ.get(ENVIRONMENT, "").strip()
    if not text:
        return DEFAULT_MAX_INPUT_MB * MEGABYTE
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = math.nan
    if not (math.isfinite(megabytes) and megabytes > 0):
        raise UsageError(
            Words(
                f"{ENVIRONMENT}={text} 不是正的兆字节数；请删去它，或写成如 {ENVIRONMENT}=200", f"{ENVIRONMENT}={text} is not a positive number of megabytes; unset it or write e.g. {ENVIRONMENT}=200"
            )
        )
    return max(1, int(megabytes * MEGABYTE))


def size_text(size: int) -> str:
    return f"{size / MEGABYTE:,.1f} MB" if size >= MEGABYTE else f"{size:,} bytes"


def too_large(name: str, size: int | None, limit: int, unpacked: bool = False) -> Words:
    """The message for a file (or, unpacked, a workbook's contents) above the limit."""
    what = ("解压后", "unpacks to") if unpacked else ("", "is")
    amount = (f"{what[0]}有 {size_text(size)}，超过", f"{what[1]} {size_text(size)}, more than") if size is not None else (f"{what[0]}超过", f"{what[1]} more than")
    return Words(
        f"{name} {amount[0]} parkmetrics 读取的上限 {size_text(limit)}（远超任何园区数据集）；请检查文件是否选对，或用 {ENVIRONMENT} 提高上限",
        f"{name} {amount[1]} the {size_text(limit)} parkmetrics reads (far more than any park dataset); check that it is the right file, or raise the limit with {ENVIRONMENT}",
    )


def check_file_size(path, name: str, error=UsageError) -> None:
    """Refuse a file above the limit before reading it; a missing file raises FileNotFoundError as usual."""
    limit = max_input_bytes()
    size = os.stat(path).st_size
    if size > limit:
        raise error(too_large(name, size, limit))


def read_input_file(path, name: str, expected: str) -> bytes:
    """The bytes of a file the user named, within the limit; a missing or unreadable file is one line naming the fix.

    expected says what the command reads ("a CSV, TSV or XLSX file"), for the message.
    """
    try:
        return read_limited(path, name)
    except FileNotFoundError:
        raise UsageError(Words(f"{path} 不存在；请给出{chinese(expected)}的路径", f"{path} does not exist; give the path of {expected}")) from None
    except IsADirectoryError:
        raise UsageError(Words(f"{path} 是目录；请给出{chinese(expected)}的路径", f"{path} is a directory; give the path of {expected}")) from None
    except OSError as error:
        raise UsageError(Words(f"无法读取 {path}：{error.strerror or error}；请检查路径和权限", f"cannot read {path}: {error.strerror or error}; check the path and its permissions")) from None


def read_limited(path, name: str) -> bytes:
    """The bytes of path, refused without reading them if there are more than the limit.

    OSError (missing, a directory, permission) is left to the caller, which knows what to advise.
    """
    with open(path, "rb") as handle:
        return read_stream(handle, name, os.fstat(handle.fileno()).st_size)


def read_stream(handle, name: str, size: int | None = None) -> bytes:
    """At most the limit from a binary stream; a pipe or device that never ends is cut off and refused."""
    limit = max_input_bytes()
    if size is not None and size > limit:
        raise UsageError(too_large(name, size, limit))
    chunks, total = [], 0
    while chunk := handle.read(min(_CHUNK, limit + 1 - total)):  # never a buffer of the whole limit for a small file
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise UsageError(too_large(name, None, limit))
    return b"".join(chunks)
