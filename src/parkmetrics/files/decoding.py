"""The one decoder of a user's text file: UTF-8, GB18030/GBK, UTF-16 or Big5, detected unless given.

Both the importer (CSV, TSV) and `extract` (a pasted article) read their bytes through `decode`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..core.errors import UsageError
from ..core.i18n import Words, chinese

DETECTED_ENCODINGS = ("utf-8", "gb18030")


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes fall where ASCII text in UTF-16 puts them."""
    evens, odds = sample[0::2], sample[1::2]
    if not odds:
        return None
    if odds.count(0) > len(odds) // 5 and evens.count(0) == 0:
        return "utf-16-le"
    if evens.count(0) > len(evens) // 5 and odds.count(0) == 0:
        return "utf-16-be"
    return None


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read in (utf-8, utf-8-sig, utf-16, gb18030, big5, or the one given)."""

    text: str
    encoding: str


IMPORT_READS = Words("parkmetrics 导入 CSV、TSV 和 XLSX 文件", "parkmetrics imports CSV, TSV and XLSX files")


def decode(data: bytes, name: str, encoding: str | None = None, reads: str = IMPORT_READS, has_encoding_option: bool = True) -> Decoded:
    """The one decoder of user text (tables and articles): the given encoding, or detected.

    Detected: UTF-16 with a byte-order mark, UTF-8 with or without one, GB18030 (GBK, GB2312)
    and Big5. Big5 bytes nearly always decode as GB18030 too, into rare characters, so when
    both decode the reading with more common characters wins. `reads` says what the caller
    accepts (named for binary data); a caller without an --encoding option gets advice to save as UTF-8.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(Words(f"未知编码 '{encoding}'；可用如 --encoding utf-8、gb18030 或 big5", f"unknown encoding '{encoding}'; use e.g. --encoding utf-8, gb18030 or big5")) from None
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as error:
            raise UsageError(
                Words(
                    f"{name} 无法按 {encoding} 解码（第 {error.start} 字节）；请用 --encoding 给出其实际编码，如 gb18030 或 utf-8",
                    f"{name} cannot be decoded as {encoding} (byte {error.start}); pass its real encoding with --encoding, e.g. gb18030 or utf-8",
                )
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise UsageError(
                Words(
                    f"{name} 开头像 UTF-16 文本，但在第 {error.start} 字节处被截断或损坏；请重新存为 UTF-8",
                    f"{name} starts like UTF-16 text but is cut or damaged at byte {error.start}; save it again as UTF-8",
                )
            ) from None
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data[:8192])
        if utf16:
            fix = Words(f"请加 --encoding {utf16} 导入", f"import it with --encoding {utf16}") if has_encoding_option else SAVE_AS_UTF8
            raise UsageError(Words(f"{name} 像是没有字节顺序标记的 {utf16.upper()} 文本；{chinese(fix)}", f"{name} looks like {utf16.upper()} text without a byte-order mark; {fix}"))
        raise UsageError(Words(f"{name} 不是文本文件（含二进制数据）；{chinese(reads)}", f"{name} is not a text file (it contains binary data); {reads}"))
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data.decode("utf-8-sig"), "utf-8-sig")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    gb = _decoded_or_none(data, "gb18030")
    big5 = _decoded_or_none(data, BIG5_CODEC) if gb is None or _looks_like_big5(data[:BIG5_SAMPLE_BYTES]) else None
    if big5 is not None:
        return Decoded(big5, "big5")
    if gb is not None:
        return Decoded(gb, "gb18030")
    fix = Words("请用 --encoding 给出其编码，如 --encoding shift_jis", "pass its encoding with --encoding, e.g. --encoding shift_jis") if has_encoding_option else SAVE_AS_UTF8
    raise UsageError(Words(f"{name} 既不是 UTF-8，也不是 GB18030/GBK 或 Big5；{chinese(fix)}", f"{name} is neither UTF-8 nor GB18030/GBK nor Big5; {fix}"))


SAVE_AS_UTF8 = Words("请存为 UTF-8 后重试", "save it as UTF-8 and try again")
BIG5_CODEC = "cp950"  # Big5 as Windows writes it, a superset of plain Big5
BIG5_SAMPLE_BYTES = 1 << 16  # enough text to tell the two apart; a large file is not read twice over


def _looks_like_big5(sample: bytes) -> bool:
    """Whether the start of a file reads as Big5 with more common characters than as GB18030."""
    readings = []
    for encoding in (BIG5_CODEC, "gb18030"):
        try:  # incremental: a character cut at the end of the sample is not an error
            readings.append(codecs.getincrementaldecoder(encoding)().decode(sample, final=False))
        except UnicodeDecodeError:
            return False
    big5, gb = readings
    return _common_share(big5, _is_common_big5) > _common_share(gb, _is_common_gb)


def _decoded_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _common_share(text: str, is_common) -> float:
    """The share of the Han characters of text that is_common accepts (0 for none)."""
    han = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    return sum(map(is_common, han)) / len(han) if han else 0.0


def _is_common_gb(char: str) -> bool:
    """In the first level of GB 2312, its 3,755 most used characters (rows 16-55)."""
    try:
        return 0xB0 <= char.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _is_common_big5(char: str) -> bool:
    """Among Big5's 5,401 frequently used characters (A440-C67E)."""
    try:
        return 0xA440 <= int.from_bytes(char.encode(BIG5_CODEC), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False
