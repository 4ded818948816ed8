"""One company's or one project's figure, which is not the park's: said by a company, or in a clause about one.

The article's own list of enterprises (A、B、C等…企业) is read once; a figure
whose sentence names one of them is that company's.
"""

from __future__ import annotations

import re

from ..core.i18n import Words
from .article import Article, Sentence, alternation, rules, strip_quotes
from .context import ArticleContext
from .numbers_in_text import Span
from .period_mentions import PERIOD
from .vocabulary import is_count, without_ending


def company_reason(context: ArticleContext, span: Span, sentence: Sentence, earlier: Span | None) -> Words | None:
    """Why the figure is one company's or one project's, if it is."""
    speaker = _company_speaker(context, span.start)
    if speaker:
        return Words(f"企业自述（{speaker}），单个企业的数字", f"said by a company ({speaker}), one company's figure")
    if earlier is not None and earlier.company and not _new_subject(context, earlier.end, span.start):
        return Words(f"单个企业或项目的数字，同句中前面的 {earlier.raw} 也是", f"one company's or project's figure, like {earlier.raw} before it in the sentence")
    if span.base is not None:
        return None
    text = context.text
    company = context.rules["company"]
    span.group = text[: span.start].rstrip().endswith("等")
    clause = text[max(context.article.clause_start(span.start), earlier.end if earlier else 0) : span.start]
    if any(clause.endswith(word) for word in company["investment_words"]) and text[span.end : span.end + 1] == "的":
        return Words("单个项目或企业的投资（投资…的），不是园区的数字", "investment of one project or company (投资…的), not a park figure")
    if span.group:
        return None
    stretch_start = max(context.article.clause_start(span.start), earlier.end if earlier else 0)
    alias_from = span.alias_start if span.alias_start is not None else span.start
    subject = text[stretch_start : min(alias_from, span.start)] if alias_from >= stretch_start else ""
    if is_count(span.unit):  # 引进项目346个 counts projects; 公司产值15亿元 is the company's
        subject = re.sub(rf"(?:{alternation(company['markers'])})(?:合计|共计|总计|[共达到为有约计])*$", "", subject)
    marker = next((word for word in company["markers"] if word in subject), None)
    if marker is None and re.search(r"[一二三四五六七八九十\d]期", clause):
        marker = re.search(r"[一二三四五六七八九十\d]期", clause).group()
    if marker:
        return Words(f"单个企业或项目的数字（分句中有 {marker}）", f"one company's or project's figure ({marker} in the clause)")
    prefix = text[sentence.start : span.start]
    name = next((name for name in context.company_names if name in prefix), None)
    return Words(f"单个企业的数字（{name}，文中列出的企业之一）", f"one company's figure ({name}, named among the article's enterprises)") if name else None


def _new_subject(context: ArticleContext, start: int, end: int) -> bool:
    """Whether a clause between start and end opens with a new subject: the park, a period or a target."""
    status = context.rules["status"]
    goals = [word for word in status["target_words"] if word not in status["estimate_words"]]
    openers = (*context.park_names, *goals, *context.rules["company"]["new_subject_words"])
    for clause_start in context.article.clause_starts:
        if start < clause_start <= end:
            head = strip_quotes(context.text[clause_start : context.article.clause_end(clause_start)])
            period = PERIOD.match(head)
            if head.startswith(openers) or (period and period.group() and not period.group("comparison")):
                return True
    return False


def _company_speaker(context: ArticleContext, position: int) -> str | None:
    """The company a quoted figure is attributed to (“…”公司负责人介绍), if any."""
    text = context.text
    opening = text.rfind("“", 0, position)
    if opening < 0 or text.rfind("”", 0, position) > opening:
        return None
    closing = text.find("”", position)
    if closing < 0 or closing - opening < 12 or "\n" in text[opening:closing]:
        return None
    line_start = text.rfind("\n", 0, opening) + 1
    line_end = text.find("\n", closing)
    line_end = len(text) if line_end < 0 else line_end
    after = re.split(r"[,。;!?]", text[closing + 1 : line_end], maxsplit=1)[0]
    before = re.split(r"[,。;!?]", text[line_start:opening])[-1]
    attribution = after if after.strip() else (before if re.search(r"(说|表示|介绍|指出)[::]?$", before.strip()) else "")
    company = context.rules["company"]
    if any(word in attribution for word in company["official_words"]):
        return None
    return next((word for word in company["speaker_words"] if word in attribution), None)


def company_names(article: Article, park_names: list[str]) -> list[str]:
    """Enterprise names the article itself lists (A、B、C等…企业), without their type endings."""
    company = rules()["company"]
    stop = rules()["scope"]["stop_characters"]
    names = set()
    for clause in re.split(r"[,。;:!?\n]", article.text[: article.body_end]):
        listing = re.match(r"(.*?)(?:等|荣登|为代表)(.*)", clause)
        if not listing or "企业" not in listing.group(2) or listing.group(1).count("、") < 2:
            continue
        items = listing.group(1).split("、")
        if len(items) < 3:
            continue
        for item in items:
            item = strip_quotes(item).lstrip(stop)
            item = re.split(r"[\d]", item)[0]
            core = without_ending(without_ending(item, company["name_endings"]), company["name_endings"])
            if 2 <= len(core) <= 6 and not any(park in core or core in park for park in park_names if len(park) > 1):
                names.add(core)
    return sorted(names, key=lambda name: (-len(name), name))  # longest first, then a fixed order whatever the hash seed
