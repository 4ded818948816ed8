"""Text normalisation shared by the figure parser, import and extraction.

Chinese spreadsheets and reposted articles mix full-width digits (９．０５％),
traditional characters (億元, 餘) and typographic minus signs. Matching works on
the normalised text; stored quotes always keep the original.
"""

from __future__ import annotations

import re
import unicodedata

# Traditional characters that occur in figures, units, qualifiers and park names.
_TRADITIONAL = str.maketrans(
    {
        "億": "亿", "萬": "万", "餘": "余", "約": "约", "個": "个", "項": "项",
        "畝": "亩", "頃": "顷", "戶": "户", "噸": "吨", "場": "场", "條": "条",
        "輛": "辆", "過": "过", "將": "将", "減": "减", "長": "长", "幣": "币",
        "裏": "里", "時": "时", "標": "标", "準": "准", "點": "点",
        "開": "开", "發": "发", "區": "区", "園": "园", "業": "业", "產": "产",
        "値": "值", "總": "总", "額": "额", "稅": "税", "資": "资",
        "規": "规", "經": "经", "濟": "济", "術": "术", "體": "体", "數": "数",
        "達": "达", "實": "实", "現": "现", "營": "营", "務": "务", "黨": "党",
        "員": "员", "組": "组", "織": "织", "專": "专", "門": "门",
        "於": "于", "與": "与", "為": "为", "來": "来", "國": "国", "級": "级",
        "聯": "联", "簽": "签", "設": "设",
        # Spreadsheet headers and qualifier words of reposted articles.
        "兩": "两", "強": "强", "財": "财", "進": "进", "會": "会", "費": "费",
        "際": "际", "從": "从", "創": "创", "單": "单", "備": "备", "註": "注",
        "間": "间", "稱": "称", "範": "范", "圍": "围", "狀": "状", "態": "态",
        "鏈": "链", "網": "网", "說": "说", "計": "计", "劃": "划", "預": "预",
        "爭": "争", "淨": "净", "後": "后", "價": "价", "銷": "销", "積": "积",
        "漲": "涨", "較": "较", "機": "机", "構": "构", "優": "优", "純": "纯",
        "潤": "润", "納": "纳", "獨": "独", "報": "报",
        # Place names of the bundled parks.
        "蘇": "苏", "龍": "龙", "嶺": "岭", "豐": "丰", "雙": "双", "鳳": "凤", "陽": "阳",
    }
)

# Minus signs and dashes that people type for negative numbers.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\uff0d": "-"})

# Invisible characters that copy-paste brings along and that never carry meaning.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


# Unit symbols that NFKC would spell with a digit (㎡ -> m2); written out instead.
_UNIT_SYMBOLS = str.maketrans({"㎡": "平方米", "㎢": "平方公里"})
# The squared metre of units.txt (m², km²), which NFKC must not turn into m2.
_SQUARE = "m²"

# The three tables applied after NFKC, as one: their keys are distinct and no table maps a
# character to a key of another, so one pass does what three passes would (a test checks it).
_AFTER_NFKC = {**_INVISIBLE, **_MINUS, **_TRADITIONAL}


def normalize(text: str) -> str:
    """Full-width to ASCII, traditional to simplified, invisible characters removed."""
    if text.isascii():  # NFKC leaves ASCII alone and every table here maps non-ASCII characters only
        return text
    text = text.translate(_UNIT_SYMBOLS)
    if _SQUARE in text:  # NFKC would turn m² (and km², units.txt symbols) into m2
        return _SQUARE.join(unicodedata.normalize("NFKC", part).translate(_AFTER_NFKC) for part in text.split(_SQUARE))
    return unicodedata.normalize("NFKC", text).translate(_AFTER_NFKC)


# The text rules of a dataset (docs/dataset.md#text), shared by validation and import.
# Refused everywhere: control characters other than tab and line breaks (NUL, backspace,
# terminal escapes …) and the bidirectional controls that reorder how text is shown.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Invisible characters that carry nothing in Chinese text: zero-width characters, the byte-order
# mark used as a zero-width space, direction marks and the soft hyphen. Import removes them.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u00ad"
_LINE_BREAKS = "\n\r\u2028\u2029"
_ANY_BREACH = re.compile(f"[{_CONTROL}{_BIDI_CONTROLS}{INVISIBLE_CHARACTERS}]")
_ONE_LINE_BREACH = re.compile(f"[{_CONTROL}{_BIDI_CONTROLS}{INVISIBLE_CHARACTERS}{_LINE_BREAKS}]")
_REMOVABLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
_CR_LINE_END = re.compile(r"\r\n?")


def text_breach(text: str, one_line: bool) -> str | None:
    """What in text breaks the text rules, with the fix, or None; one_line forbids line breaks too."""
    match = (_ONE_LINE_BREACH if one_line else _ANY_BREACH).search(text)
    if match is None:
        return None
    char, position = match.group(), match.start() + 1
    code = f"U+{ord(char):04X}"
    if char in _LINE_BREAKS:
        return f"a line break ({code}) at character {position}; write it on one line"
    if char in INVISIBLE_CHARACTERS:
        return (f"the invisible character {code} ({unicodedata.name(char)}) at character {position}; "
                "delete it (`parkmetrics import` removes such characters)")
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (f"the direction control {code} ({unicodedata.name(char)}) at character {position}, which reorders "
                "how the text is shown; delete it")
    return (f"the control character {code} at character {position}; delete it (control characters can "
            "hide or disguise text on a terminal)")


def breaches_anywhere(texts, one_line: bool) -> bool:
    """Quick test over many texts at once: can any of them break the rules?"""
    return (_ONE_LINE_BREACH if one_line else _ANY_BREACH).search("\t".join(texts)) is not None


def cleaned(text: str) -> str:
    """Text as import stores it: invisible characters removed, CR and CRLF line ends written as LF."""
    return _CR_LINE_END.sub("\n", _REMOVABLE.sub("", text))


_UNPRINTABLE = re.compile(f"[{_CONTROL}\t\n\r{_BIDI_CONTROLS}{INVISIBLE_CHARACTERS}{_LINE_BREAKS}]")


def printable(text: str) -> str:
    r"""Text to show a person on one line: control, direction and invisible characters as escapes (\x1b, \u202e).

    Messages quote what a file says; a terminal must show that, not act on it.
    """
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
