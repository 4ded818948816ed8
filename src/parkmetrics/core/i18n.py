"""One language at a time: the words people read, in Chinese (zh) and English (en).

Messages are written where they are used as (Chinese, English) pairs and chosen
with `pick`, or carried as `Words` (errors, problems, report lines) until a command
shows them in the language of --lang. Stored values that people read (status, scope, level, direction,
measure, kind, province, city, unit, normalisation) are translated by one table,
terms.csv, shipped with the package; machine formats keep the stored codes.
"""

from __future__ import annotations

import functools

TERMS_FILE = "terms.csv"
SEPARATOR = "|"  # a park in two cities: 南昌|九江
# Where a place name reads a character other than pypinyin's first reading.
PLACE_READINGS = {"长": "chang"}


def pick(pair: tuple[str, str], lang: str) -> str:
    """The English or the Chinese of a (Chinese, English) pair."""
    return pair[1] if lang == "en" else pair[0]


@functools.cache
def terms() -> dict[str, tuple[str, str]]:
    """term -> (Chinese, English), read once from terms.csv."""
    import csv
    from importlib import resources

    text = resources.files(__package__).joinpath(TERMS_FILE).read_text(encoding="utf-8")
    return {row["term"]: (row["zh"], row["en"]) for row in csv.DictReader(text.splitlines())}


def term(value, lang: str, place: bool = False) -> str:
    """A stored value as a word of `lang`: 'actual' -> 实际, 经开区 -> ETDZ, 南昌|九江 -> Nanchang|Jiujiang,
    万元/公顷 -> 10k CNY/ha.

    A value the table does not know is shown as stored, except a Chinese place name
    (place=True) in English, which is written in pinyin.
    """
    if not isinstance(value, str) or not value:
        return value
    known = terms().get(value)
    if known is not None:
        return pick(known, lang)
    if SEPARATOR in value:
        return SEPARATOR.join(term(part, lang, place) for part in value.split(SEPARATOR))
    if "/" in value and all(part in terms() for part in value.split("/")):  # a unit per unit: 万元/公顷
        return "/".join(pick(terms()[part], lang) for part in value.split("/"))
    if place and lang == "en" and not value.isascii():
        return place_pinyin(value).capitalize()
    return value


class Words(str):
    """A message in both languages: machine formats, the API and str() read its English (it is that str);
    tables, errors and report lines show the language asked for."""

    zh: str

    def __new__(cls, zh: str, en: str) -> Words:
        words = super().__new__(cls, en)
        words.zh = zh
        return words

    def __reduce__(self):
        return (Words, (self.zh, str(self)))

    def shown(self, lang: str) -> str:
        return self.zh if lang != "en" else str(self)

    def each(self, function) -> Words:
        """The message with function applied to each language's text (e.g. textnorm.printable)."""
        return Words(function(self.zh), function(str(self)))

    def __add__(self, other):
        if isinstance(other, Words):
            return Words(self.zh + other.zh, str(self) + str(other))
        return Words(self.zh + other, str(self) + other)

    def __radd__(self, other):
        """'in.csv:2:' + Words: text as written, the same in both languages, before the message."""
        return Words(other + self.zh, other + str(self))


def chinese(part) -> str:
    """The Chinese of a message part: Words' own, a ParkmetricsError's message's, anything else as written (names, numbers, paths)."""
    if isinstance(part, BaseException) and part.args and isinstance(part.args[0], Words):
        part = part.args[0]
    return part.zh if isinstance(part, Words) else str(part)


def shown(part, lang: str) -> str:
    """A message (Words, an error or plain text) in `lang`: its English is its str()."""
    return str(part) if lang == "en" else chinese(part)


def codes(values) -> str:
    """Codes a person types, listed in Chinese text: `actual`、`target`; English lists them plainly."""
    return "、".join(f"`{value}`" for value in values)


def joined(separator: tuple[str, str], parts) -> Words:
    """Words joined by a separator of each language, e.g. ('；', '; ')."""
    parts = [part if isinstance(part, Words) else Words(part, part) for part in parts]
    return Words(separator[0].join(part.zh for part in parts), separator[1].join(str(part) for part in parts))


def place_pinyin(run: str) -> str:
    """'长丰' -> 'changfeng': the reading of a place name; also how --lang en writes a place terms.csv lacks."""
    from pypinyin import Style, pinyin  # only when a new park needs an id

    readings = pinyin(run, style=Style.NORMAL, heteronym=True)
    return "".join(PLACE_READINGS.get(char, options[0]) if len(options) > 1 else options[0] for char, options in zip(run, readings))
