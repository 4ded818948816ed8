"""Target and estimate words (力争, 预计 …): whether a figure was counted, is expected or is aimed at."""

from __future__ import annotations

import re


def _word_positions(text: str, word: str, blockers: str, noun_after: str = "") -> list[int]:
    """Where word occurs in text, not as the end of a longer word (模拟 is not 拟) nor as a noun (用地计划的依据)."""
    found = []
    for index in (m.start() for m in re.finditer(re.escape(word), text)):
        following = text[index + len(word) : index + len(word) + 1]
        if not (index and text[index - 1] in blockers) and not (following and following in noun_after):
            found.append(index)
    return found


def status_word(before: str, settings: dict) -> str | None:
    """The target or estimate word nearest before a figure, if any: 力争…,预计… is an estimate."""
    found = [
        (word not in settings["weak_words"], position, len(word), word)
        for word in settings["target_words"]
        for position in _word_positions(before, word, settings["blockers"].get(word, ""), settings["noun_after"].get(word, ""))
    ]
    return max(found)[3] if found else None
