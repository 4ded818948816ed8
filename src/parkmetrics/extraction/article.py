"""A news article as extraction reads it: decoded text, its normalised twin, and its parts.

Matching works on normalised text (simplified characters, ASCII digits and
punctuation) while quotes and raw figures must be the article's own characters,
so every normalised character remembers where it came from in the original.
Sentences, clauses, the page furniture pasted along with the article and the
date in its header are found here, once, for every rule that needs them.
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from ..core.i18n import Words
from ..core.periods import DATE_PARTS
from ..core.textnorm import normalize

RULES_FILE = "extract_rules.toml"
STATEMENT_ENDS = "。!?"
SENTENCE_ENDS = STATEMENT_ENDS + ";"
CLAUSE_ENDS = SENTENCE_ENDS + ",:"
QUOTE_MARKS = "“”\"'‘’《》「」『』"


@functools.cache
def rules() -> dict:
    """The declarative word lists of extract_rules.toml."""
    return tomllib.loads(resources.files(__package__).joinpath(RULES_FILE).read_text(encoding="utf-8"))


def alternation(words) -> str:
    """A regex alternative of words, longest first so that 超过 wins over 超."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def strip_quotes(text: str) -> str:
    """The text without quote marks and spaces, as words are matched."""
    return text.translate(str.maketrans("", "", QUOTE_MARKS + " \t\u3000"))


# A pronunciation in brackets right after a character, as some reposting sites insert
# (總產(chǎn)值, 預(yù)計): lower-case pinyin with at least one tone mark.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü{_TONED}\s]*[{_TONED}])[a-zü{_TONED}]+(?:\s[a-zü{_TONED}]+)*[)）]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int  # exclusive, after the closing punctuation
    paragraph: int


@dataclass
class Article:
    """The original text, its normalised twin and the positions of sentences and clauses."""

    original: str
    text: str = ""
    origin: list[int] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    clause_starts: list[int] = field(default_factory=list)
    furniture: list[tuple[int, int]] = field(default_factory=list)  # normalised spans of page furniture
    body_end: int = 0

    @classmethod
    def from_text(cls, original: str) -> Article:
        article = cls(original)
        article._normalise()
        article._segment()
        article._find_furniture()
        return article

    def _normalise(self) -> None:
        pieces, origin = [], []
        glosses = {position for match in _PINYIN_GLOSS.finditer(self.original) for position in range(*match.span())}
        for position, char in enumerate(self.original):
            if position in glosses:
                continue  # 總產(chǎn)值 reads as 總產值; the quote keeps the gloss
            normal = normalize(char) if char != "\r" else "\n"
            if not char.isdigit() and any(c.isdigit() for c in normal):
                normal = re.sub(r"\d", "#", normal)  # ² or ① must not become a number of their own
            pieces.append(normal)
            origin.extend([position] * len(normal))
        self.text = "".join(pieces)
        origin.append(len(self.original))
        self.origin = origin

    def _segment(self) -> None:
        text, paragraph, start = self.text, 0, 0
        clause_starts = [0]
        for position, char in enumerate(text):
            if char == "\n" or char in SENTENCE_ENDS:
                end = position + 1
                if text[start:end].strip():
                    self.sentences.append(Sentence(start, end, paragraph))
                start = end
                if char == "\n":
                    paragraph += 1
            if char == "\n" or char in CLAUSE_ENDS:
                clause_starts.append(position + 1)
        if text[start:].strip() or not self.sentences:
            self.sentences.append(Sentence(start, len(text), paragraph))  # a blank text is one empty sentence
        self.clause_starts = clause_starts
        self._sentence_starts = [sentence.start for sentence in self.sentences]

    def _find_furniture(self) -> None:
        words = rules()["ignore"]
        self.body_end = len(self.text)
        offset = 0
        for line in self.text.split("\n"):
            stripped = line.strip()
            if offset > 0 and any(stripped.startswith(marker) for marker in words["tail_markers"]):
                self.body_end = offset
                break
            if stripped and (
                re.fullmatch(r"[\d\s|:]+", stripped) or stripped.startswith(tuple(words["link_lines"])) or (len(stripped) <= 60 and any(word in stripped for word in words["furniture_line_words"]))
            ):
                self.furniture.append((offset, offset + len(line)))
            offset += len(line) + 1

    # Positions -------------------------------------------------------------

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised [start, end) came from."""
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]

    def original_text(self, start: int, end: int) -> str:
        first, last = self.original_span(start, end)
        return self.original[first:last]

    def sentence_at(self, position: int) -> Sentence:
        index = max(bisect.bisect_right(self._sentence_starts, position) - 1, 0)
        return self.sentences[index]

    def statement_start(self, position: int) -> int:
        """Start of the full sentence at position: a list split by semicolons is one statement."""
        index = max(bisect.bisect_right(self._sentence_starts, position) - 1, 0)
        while index and self.text[self.sentences[index].start - 1] not in STATEMENT_ENDS + "\n":
            index -= 1
        return self.sentences[index].start

    def previous_paragraph(self, paragraph: int) -> int | None:
        """The last paragraph with text before `paragraph` (blank lines skipped), if any."""
        earlier = [sentence.paragraph for sentence in self.sentences if sentence.paragraph < paragraph]
        return earlier[-1] if earlier else None

    def clause_start(self, position: int) -> int:
        return self.clause_starts[bisect.bisect_right(self.clause_starts, position) - 1]

    def clause_end(self, position: int) -> int:
        """Position of the punctuation (or line end) closing the clause at position."""
        index = bisect.bisect_right(self.clause_starts, position)
        return self.clause_starts[index] - 1 if index < len(self.clause_starts) else len(self.text)

    def furniture_reason(self, position: int) -> Words | None:
        if position >= self.body_end:
            return Words("正文之后的页面杂项（相关链接、版权、分享）", "page furniture after the article (related links, copyright, sharing)")
        for start, end in self.furniture:
            if start <= position < end:
                return Words("页面杂项（页面或论坛信息、联系方式）", "page furniture (page or forum metadata, contact line)")
        return None

    def is_question(self, sentence: Sentence) -> bool:
        return self.text[sentence.start : sentence.end].rstrip().endswith("?")


_FULL_DATE = re.compile(rf"(?<!\d){DATE_PARTS}(?!\d)")
_LABELLED_DAY = re.compile(r"(?:日期|时间|发布|发表于)\s*[::]?\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})(?!\d)")
HEADER_LINES = 15


def header_date(article: Article) -> date | None:
    """The publication date in the page header: a labelled date, else the first full date.

    Newspaper pages often show the reading date in full and the issue date as
    日期:12-03; a labelled month-day takes the year of the full date beside it.
    """
    lines = [line for line in article.text.split("\n") if line.strip()][:HEADER_LINES]
    header = "\n".join(lines)
    full = [_date(match.groups()) for match in _FULL_DATE.finditer(header)]
    full = [found for found in full if found]
    for line in lines:
        if _LABELLED_DAY.search(line) and not _FULL_DATE.search(line) and full:
            month, day = (int(group) for group in _LABELLED_DAY.search(line).groups())
            labelled = _date((full[0].year, month, day))
            if labelled and labelled <= full[0]:
                return labelled
    return full[0] if full else None


def _date(parts) -> date | None:
    try:
        return date(*(int(part) for part in parts))
    except ValueError:
        return None


def header_park_names(article: Article, endings, known) -> list[str]:
    """The park an article's title names first (示例工业园区举行…, 【党建】示例高新区:…), if any.

    Only a name at the start of one of the first lines, after any bracketed tag,
    whose part before the ending holds no other park word (高新区新材料产业园 is a
    part of a park, not a park).
    """
    ending = alternation(endings)
    for line in article.text.split("\n")[:HEADER_LINES]:
        line = re.sub(r"^\s*(?:[【\[][^】\]]{0,12}[】\]]\s*)*", "", line)
        match = re.match(rf"([\u4e00-\u9fff]{{2,12}}?)(?:{ending})", line)
        if match and not any(word in match.group(1) for word in (*endings, *known) if len(word) > 1):
            return [match.group()]
    return []
