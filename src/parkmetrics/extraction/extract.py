"""Turn a Chinese news article into candidate observations, each with its verbatim quote.

Every number in the article ends up either as a candidate row (indicator,
period, scope, status, the figure as written) or in the ignored list with a
reason, so a reviewer sees what was left out and why. Figures are read by the
one figure parser (figures.parse_figure); the words around them are matched
against the indicator aliases of the dataset and the word lists of
extract_rules.toml. Nothing here knows any particular article.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from datetime import date

from ..core.errors import UsageError
from ..core.figures import NEGATING_WORDS
from ..core.periods import parse_period, stock_period
from ..core.units import MULTIPLIERS
from ..data import schema
from ..files.decoding import Decoded
from .article import QUOTE_MARKS, Article, header_date, header_park_names, rules, strip_quotes
from .article import alternation as _alternation
from .numbers_in_text import Span, find_numbers
from .period_mentions import PERIOD, Mention, period_mentions
from .rows import IGNORED_COLUMNS, OUTPUT_COLUMNS, Candidate, Extraction, Ignored, clauses_between, ignore, original_quote, quote_bounds
from .vocabulary import STOCK, UNKNOWN, Vocabulary, compatible, is_count, without_ending

__all__ = ["Candidate", "Extraction", "Ignored", "Vocabulary", "extract", "OUTPUT_COLUMNS", "IGNORED_COLUMNS", "UNKNOWN"]


def _bare_unit(unit: str) -> str:
    """The unit without its 万/亿 multiplier: 万元/亩 -> 元/亩."""
    for multiplier in MULTIPLIERS:
        if unit.startswith(multiplier):
            return unit[len(multiplier) :]
    return unit


class _Reader:
    """Reads one article: finds the figures, then each figure's context."""

    def __init__(self, article: Article, vocabulary: Vocabulary, published: date | None):
        self.article = article
        self.text = article.text
        self.vocabulary = vocabulary
        self.published = published
        self.rules = rules()
        self.spans, self.ignored = find_numbers(article)
        # The dataset's park names, and the park the article's title is about (示例工业园区举行…).
        self.title_names = header_park_names(article, rules()["scope"]["park_name_endings"], vocabulary.park_names)
        self.park_names = sorted({*vocabulary.park_names, *self.title_names}, key=len, reverse=True)

    # Step 2: the context of each figure -----------------------------------------

    def read_context(self) -> None:
        self.mentions = period_mentions(self.text, self.article.body_end)
        self.mention_starts = [mention.start for mention in self.mentions]
        self.mention_years: dict[int, tuple[int | None, str]] = {}
        self.reference_year, self.reference_note = self._reference_year()
        self.reporting_year = self._reporting_year()
        self.company_names = self._company_names()
        self.scopes = self._scopes()
        self.subset_scopes: dict[int, tuple[int, str]] = {}
        previous: dict[int, Span] = {}
        for span in self.spans:
            sentence = self.article.sentence_at(span.start)
            earlier = previous.get(sentence.start)
            self._indicator(span, earlier, sentence)
            self._exclusions(span, sentence, earlier)
            if span.ignored is None and span.indicator == UNKNOWN:
                span.ignored = span.needs_indicator
            previous[sentence.start] = span
        for span in self.spans:
            if span.ignored is None:
                self._status_and_period(span)

    # Indicator

    def _window(self, span: Span, sentence, earlier: Span | None) -> tuple[str, list[int], int, int]:
        """Sentence text before the figure + the counted noun after it, quotes removed.

        Returns the joined text, the normalised position of each of its
        characters, the cut (where the figure was) and where the figure's own
        stretch begins (after the previous figure or at its clause start).
        """
        text = self.text
        count = is_count(span.unit)
        after_end = span.end
        if count:
            limit = min(len(text), span.end + self.rules["indicators"]["after_window"])
            while after_end < limit and text[after_end] not in ",、;。:!?\n" and not text[after_end].isdigit():
                after_end += 1
        joined, positions = [], []
        for position in list(range(sentence.start, span.start)) + list(range(span.end, after_end)):
            char = text[position]
            if char in QUOTE_MARKS or char in " \t\u3000":
                continue
            joined.append(char)
            positions.append(position)
        cut = sum(1 for position in positions if position < span.start)
        near = max(self.article.clause_start(span.start), earlier.end if earlier else sentence.start)
        near_index = sum(1 for position in positions if position < near)
        return "".join(joined), positions, cut, near_index

    def _best_alias(self, aliases, joined: str, cut: int, near: int, allowed) -> tuple | None:
        best = None
        for alias in aliases:
            if (alias.indicator not in allowed and alias.indicator != UNKNOWN) or alias.head not in joined:
                continue
            for match in alias.pattern.finditer(joined):
                start, end = match.span()
                if end <= near or (start and joined[start - 1].isdigit()):
                    continue
                if start < cut < end:
                    rank = (3, 0)
                elif start >= cut:
                    rank = (2, -(start - cut))
                else:
                    rank = (1, -(cut - end))
                key = (*rank, alias.weight)
                if best is None or key > best[0]:
                    best = (key, alias.indicator, start)
        return best

    def _enumeration(self, span: Span) -> tuple[str, str, str, int] | None:
        """A figure of a 分别 list paired with its item: (item, shared tail, words before the figures, list start).

        集成电路、智能终端、生物医药三大产业产值分别增长21.5%、12.6%、8.9%: the second
        figure is (智能终端, 产业产值, 增长). None unless items and figures are as many.
        """
        text = self.text
        clause = self.article.clause_start(span.start)
        word = self.rules["indicators"]["enumeration_word"]
        at = text.rfind(word, clause, span.start)
        if at < 0:
            return None
        figures = [other for other in self.spans if at < other.start and self.article.clause_start(other.start) == clause]
        if span not in figures or any(text[a.end : b.start].strip() not in ("、", "和", "及", "与") for a, b in zip(figures, figures[1:])):
            return None
        items, tail = self._list_items(text[clause:at])
        statement = self.article.statement_start(span.start)
        if len(items) == 1 and len(figures) > 1 and clause > statement:
            # 电子信息、新材料两大主导产业,产值分别达到560亿元、320亿元: the items stand in the clause before.
            before = self.article.clause_start(clause - 1)
            listed, listed_tail = self._list_items(text[before : clause - 1])
            items, tail = listed, listed_tail + items[0] + tail
        if len(items) != len(figures) or not all(items):
            return None
        verb = strip_quotes(text[at + len(word) : figures[0].start])
        return items[figures.index(span)], tail, verb, clause

    def _list_items(self, text: str) -> tuple[list[str], str]:
        """The items of 园区已形成电子信息、新材料两大主导产业 (电子信息, 新材料) and what follows them (主导产业)."""
        head = strip_quotes(text)
        period = PERIOD.match(head)
        head = head[period.end() :] if period else head
        head = next((head[len(name) :] for name in self.park_names if head.startswith(name)), head)
        items = head.split("、")
        verbs = [*self.rules["scope"]["stop_words"], *self.rules["indicators"]["list_verbs"]]
        cut = max((items[0].rfind(verb) + len(verb) for verb in verbs if verb in items[0]), default=0)
        items[0] = items[0][cut:]
        counted = re.search(r"[一二两三四五六七八九十\d]+(?:大|个|类|项)", items[-1])
        tail = ""
        if counted:
            items[-1], tail = items[-1][: counted.start()], items[-1][counted.end() :]
        return items, tail

    def _indicator(self, span: Span, earlier: Span | None, sentence) -> None:
        vocabulary = self.vocabulary
        settings = self.rules["indicators"]
        joined, positions, cut, near = self._window(span, sentence, earlier)
        ranks = vocabulary.ranks
        if span.position:
            # The table is often named in the clause before (…考核评价结果揭晓,园区位列第38位);
            # a provincial or city table (在全省…中居第3位) is none the vocabulary ranks in.
            clause = self.text[self.article.clause_start(span.start) : span.start]
            if any(word in clause for word in self.rules["ignore"]["regional_table_words"]):
                return
            found = self._best_alias(vocabulary.aliases, joined, cut, 0, ranks)
            if found is not None:
                _, span.indicator, alias_start = found
                span.alias_start = positions[alias_start]
            return
        enumeration = self._enumeration(span)
        if enumeration is not None:
            # Read the item as if written alone: 规上工业增加值同比增长, or 产业产值增长 within the sector 集成电路.
            item, tail, verb, list_start = enumeration
            names_indicator = any(alias.pattern.search(item) for alias in vocabulary.aliases)
            shared = tail + verb  # 三大产业产值增长: what each item's figure measures, when the items do not say
            if not names_indicator and any(alias.pattern.search(shared) for alias in vocabulary.aliases + vocabulary.growth_bases):
                span.scope, item = item, ""
            joined = item + tail + verb
            positions, cut, near = [list_start] * len(joined), len(joined), 0
            earlier = None
        allowed = {i for i, ind in vocabulary.indicators.items() if compatible(span.unit, ind.unit)} - ranks
        if span.unit in settings["own_classifiers"]:  # 活动230余场 counts events, not organisations
            allowed = {i for i in allowed if vocabulary.indicators[i].unit == span.unit}
        stretch = joined[near:cut]
        growth = span.unit == "%" and (any(stretch.rstrip("了为达到").endswith(word) for word in settings["growth_words"]) or span.raw.lstrip().startswith(NEGATING_WORDS))
        share = span.unit == "%" and settings["share_word"] in stretch
        if growth:
            allowed = {i for i in allowed if vocabulary.indicators[i].measure == "rate"}
        elif share:
            allowed = {i for i in allowed if vocabulary.indicators[i].measure == "ratio"}
        stages = _alternation(settings["stages"])
        combined = re.search(rf"(?:{stages})(?:、(?:{stages}))+", stretch)
        if combined:
            span.notes.append(f"counts several stages together ({combined.group()}); no one indicator does")
            span.confidence, span.needs_indicator = 0.3, None
            return
        if not (growth or share) and self._subset(span, sentence, stretch):
            return
        found = self._best_alias(vocabulary.aliases + vocabulary.level_less + (vocabulary.growth_phrases if growth else []), joined, cut, near, allowed)
        if found is None and growth:
            found = self._best_alias(vocabulary.growth_bases, joined, cut, near, allowed)
        if found is not None and found[1] == UNKNOWN:
            level_less = joined[found[2] : cut]
            span.notes.append(f"no indicator: {level_less} does not say which level (国家级, 省级) of title it counts")
            span.confidence = 0.3
            span.needs_indicator = None
            return
        if found is not None:
            _, span.indicator, alias_start = found
            span.alias_start = positions[alias_start] if alias_start < len(positions) else span.start
            if found[0][0] == 1 and found[0][1] < -6:
                span.confidence -= 0.2
            self._increase_of_stock(span, joined[near:alias_start])
            if span.indicator != UNKNOWN:
                self._too_broad(span, joined[near:alias_start])
            self._size_class_count(span)
            return
        # A growth rate whose base figure has no indicator, or none named X_growth, is matched by the base's name.
        if growth and earlier is not None and earlier.ignored is None and (earlier.indicator == UNKNOWN or f"{earlier.indicator}_growth" not in vocabulary.indicators):
            earlier_cut = sum(1 for position in positions if position < earlier.start)
            base = self._best_alias(vocabulary.growth_bases, joined, earlier_cut, 0, allowed)
            if base is not None and base[0][:2] == (1, 0):
                span.indicator, span.base = base[1], earlier
                span.notes.append(f"growth of the {joined[base[2] : earlier_cut]} figure {earlier.raw} before it")
                span.confidence = 0.8
                return
        net = settings["net_increase_word"]
        if not (growth or share) and net in stretch and earlier is not None and earlier.ignored is None and (f"{earlier.indicator}_net_new" in vocabulary.indicators):
            span.indicator, span.base = f"{earlier.indicator}_net_new", None
            span.notes.append(f"{net}: the net increase of the {earlier.indicator} figure {earlier.raw} before it")
            span.confidence = 0.8
            return
        if (growth or share) and earlier is not None and earlier.indicator != UNKNOWN and earlier.ignored is None:
            region = stretch[stretch.find(settings["share_word"]) :] if share else ""
            suffix = "_growth" if growth else next((value for word, value in settings["share_regions"].items() if word in region), settings["share_default"])
            attached = earlier.indicator + suffix
            if attached in vocabulary.indicators:
                span.indicator, span.base = attached, earlier
                span.notes.append(f"{'growth' if growth else 'share'} of the {earlier.indicator} figure {earlier.raw} before it")
                span.confidence = 0.8
                return
        if not (growth or share):
            # Only the indicator's own unit counts: 平方公里 is a zone's area, 万平方米 is floor space.
            by_unit = [i for i in allowed if _bare_unit(vocabulary.indicators[i].unit) == _bare_unit(span.unit) and not is_count(span.unit)]
            if len(by_unit) == 1:
                span.indicator = by_unit[0]
                span.notes.append(f"indicator from the unit {span.unit} alone")
                span.confidence = 0.6
                return
        span.notes.append("no indicator recognised; choose one or leave the row out")
        span.confidence = 0.3

    def _subset(self, span: Span, sentence, stretch: str) -> bool:
        """共签约项目38个,…,其中制造业项目29个: the same indicator as the figure it is part of, within 制造业."""
        nouns = _alternation(self.rules["figures"]["size_class_nouns"])
        part = re.fullmatch(rf"其中(?P<part>[\u4e00-\u9fff]{{2,8}}?)(?:{nouns})[共达为有]?", strip_quotes(stretch))
        if (
            part is None
            or any(c in self.rules["scope"]["stop_characters"] for c in part["part"])
            or any(
                word in part["part"]
                for word in ("以上", "以下", *MULTIPLIERS)  # 其中亿元以上项目 is a size class, not a part
            )
            or any(alias.head in part.group() and alias.pattern.search(part.group()) and compatible(span.unit, self.vocabulary.indicators[alias.indicator].unit) for alias in self.vocabulary.aliases)
        ):
            return False  # 其中规上工业企业58家 names an indicator of its own
        whole = next(
            (
                other
                for other in reversed(self.spans)
                if sentence.start <= other.start < span.start and other.ignored is None and other.indicator != UNKNOWN and compatible(span.unit, self.vocabulary.indicators[other.indicator].unit)
            ),
            None,
        )
        if whole is None:
            return False
        span.indicator, span.scope, span.confidence = whole.indicator, part["part"], 0.7
        span.notes.append(f"part ({part['part']}) of the {whole.indicator} figure {whole.raw} before it")
        self.subset_scopes[sentence.start] = (span.start, part["part"])
        return True

    def _increase_of_stock(self, span: Span, before_alias: str) -> None:
        """新增规上企业4家 is an increase, not the number of above-scale enterprises; 新增规上工业产值 not the output."""
        indicator = self.vocabulary.indicators[span.indicator]
        word = next((w for w in self.rules["indicators"]["increase_words"] if w in before_alias), None)
        money = any(compatible(span.unit, unit) for unit in ("元", "美元"))
        if word and (indicator.measure == STOCK or (indicator.measure == "flow" and money)):
            what = "its stock" if indicator.measure == STOCK else "its total"
            self._unsure(span, f"an increase ({word}) of {span.indicator}, not {what}; choose another indicator or leave the row out", measure="flow")

    def _too_broad(self, span: Span, before_alias: str) -> None:
        """The clause narrows what the indicator counts, or does not say what it requires."""
        settings = self.rules["indicators"]
        statement = self.text[self.article.statement_start(span.start) : span.start]
        names = self.vocabulary.names.get(span.indicator, "")
        required = settings["required_words"].get(span.indicator)
        narrowing = next((word for word in settings["narrowing_words"] if word not in names and re.search(rf"{word}(?:企业)?(?:实现|完成)?$", before_alias)), None)
        if required and not any(word in statement for word in required):
            self._unsure(span, f"{span.indicator} counts what was {required[0]}, which the sentence does not say; choose another indicator or leave the row out")
        elif narrowing:
            self._unsure(span, f"{span.indicator} of {narrowing} only, a part of what {span.indicator} counts; choose another indicator or leave the row out")

    def _unsure(self, span: Span, why: str, measure: str | None = None) -> None:
        """No confident indicator: `unknown`, with the reason; dated like the rejected one, or as `measure` says."""
        span.measure = measure or self.vocabulary.indicators[span.indicator].measure
        span.notes.append(why)
        span.indicator, span.confidence, span.needs_indicator = UNKNOWN, 0.3, None

    def _size_class_count(self, span: Span) -> None:
        """签约10亿元以上项目5个 counts a size class of projects, which no indicator's alias names."""
        nouns = _alternation(self.rules["figures"]["size_class_nouns"])
        clause = self.text[self.article.clause_start(span.start) : span.start]
        size_class = re.search(rf"\d[\d.,]*\s*(?:{_alternation(MULTIPLIERS)})?元?(?:以上|以下)(?:{nouns})", clause)
        if span.indicator != UNKNOWN and size_class:
            span.notes.append(f"counts a size class ({size_class.group()}) that {span.indicator} does not; choose an indicator or leave the row out")
            span.indicator, span.confidence, span.needs_indicator = UNKNOWN, 0.3, None

    # Exclusions

    def _exclusions(self, span: Span, sentence, earlier: Span | None) -> None:
        if self.article.is_question(sentence):
            span.ignored = "in a question, not a reported figure"
            return
        reason = self._company_reason(span, sentence, earlier)
        if reason:
            span.ignored, span.company = reason, True

    def _company_reason(self, span: Span, sentence, earlier: Span | None) -> str | None:
        """Why the figure is one company's or one project's, if it is."""
        speaker = self._company_speaker(span.start)
        if speaker:
            return f"said by a company ({speaker}), one company's figure"
        if earlier is not None and earlier.company and not self._new_subject(earlier.end, span.start):
            return f"one company's or project's figure, like {earlier.raw} before it in the sentence"
        if span.base is not None:
            return None
        text = self.text
        company = self.rules["company"]
        span.group = text[: span.start].rstrip().endswith("等")
        clause = text[max(self.article.clause_start(span.start), earlier.end if earlier else 0) : span.start]
        if any(clause.endswith(word) for word in company["investment_words"]) and text[span.end : span.end + 1] == "的":
            return "investment of one project or company (投资…的), not a park figure"
        if span.group:
            return None
        stretch_start = max(self.article.clause_start(span.start), earlier.end if earlier else 0)
        alias_from = span.alias_start if span.alias_start is not None else span.start
        subject = text[stretch_start : min(alias_from, span.start)] if alias_from >= stretch_start else ""
        if is_count(span.unit):  # 引进项目346个 counts projects; 公司产值15亿元 is the company's
            subject = re.sub(rf"(?:{_alternation(company['markers'])})(?:合计|共计|总计|[共达到为有约计])*$", "", subject)
        marker = next((word for word in company["markers"] if word in subject), None)
        if marker is None and re.search(r"[一二三四五六七八九十\d]期", clause):
            marker = re.search(r"[一二三四五六七八九十\d]期", clause).group()
        if marker:
            return f"one company's or project's figure ({marker} in the clause)"
        prefix = text[sentence.start : span.start]
        name = next((name for name in self.company_names if name in prefix), None)
        return f"one company's figure ({name}, named among the article's enterprises)" if name else None

    def _new_subject(self, start: int, end: int) -> bool:
        """Whether a clause between start and end opens with a new subject: the park, a period or a target."""
        status = self.rules["status"]
        goals = [word for word in status["target_words"] if word not in status["estimate_words"]]
        openers = (*self.park_names, *goals, *self.rules["company"]["new_subject_words"])
        for clause_start in self.article.clause_starts:
            if start < clause_start <= end:
                head = strip_quotes(self.text[clause_start : self.article.clause_end(clause_start)])
                period = PERIOD.match(head)
                if head.startswith(openers) or (period and period.group() and not period.group("comparison")):
                    return True
        return False

    def _company_speaker(self, position: int) -> str | None:
        """The company a quoted figure is attributed to (“…”公司负责人介绍), if any."""
        text = self.text
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
        company = self.rules["company"]
        if any(word in attribution for word in company["official_words"]):
            return None
        return next((word for word in company["speaker_words"] if word in attribution), None)

    def _company_names(self) -> list[str]:
        """Enterprise names the article itself lists (A、B、C等…企业), without their type endings."""
        company = self.rules["company"]
        stop = self.rules["scope"]["stop_characters"]
        names = set()
        for clause in re.split(r"[,。;:!?\n]", self.text[: self.article.body_end]):
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
                if 2 <= len(core) <= 6 and not any(park in core or core in park for park in self.park_names if len(park) > 1):
                    names.add(core)
        return sorted(names, key=len, reverse=True)

    # Status, period, scope

    def _status_and_period(self, span: Span) -> None:
        sentence = self.article.sentence_at(span.start)
        # 预计全年实现…、增长…;规上工业…: the word governs the whole statement after it, semicolons included.
        before = self.text[self.article.statement_start(span.start) : span.start]
        word = _status_word(before, self.rules["status"])
        span.status = schema.ACTUAL
        if word:
            span.status = schema.ESTIMATE if word in self.rules["status"]["estimate_words"] else schema.TARGET
            span.notes.insert(0, f"{span.status} ({word})")
        span.period = self._period(span, sentence)
        if span.status == schema.ACTUAL and span.period and self.published and parse_period(span.period).start.year > self.published.year:
            span.status = schema.TARGET  # 到2027年,营业收入达到3000亿元: nothing is counted yet
            span.notes.insert(0, f"target (a period after the publication date {self.published.isoformat()})")

    def _period(self, span: Span, sentence) -> str:
        if span.base is not None and not self._mentions_between(span.base.end, span.start):
            span.dated_by_publication = span.base.dated_by_publication
            return span.base.period
        published = self.published
        statement = self.article.statement_start(span.start)
        in_statement = self._mentions_between(statement, span.start)
        mention = in_statement[-1] if in_statement else None
        as_of = f"{published:%Y-%m}" if published else ""
        clause = self.text[self.article.clause_start(span.start) : span.start]
        if mention is None:
            named = self._mentions_between(statement, span.start, naming=True)
            if named and named[-1].months:
                mention = named[-1]  # 2024年第一季度…签约活动, with no date of its own
            elif named:
                return self._as_of(span, as_of, f"figure of an event ('{named[-1].text}…') whose date is not given")
        since = next((word for word in self.rules["periods"]["since_year_start"] if word in clause), None)
        if since:
            return self._since_year_start(span, since, mention, in_statement, as_of)
        cutoff = next((m for m in reversed(in_statement) if m.day is not None and self._is_cutoff(m)), None)
        if cutoff is not None and self._measure(span) != STOCK and all(m.ytd or (m.months is None and m.years is None and not m.recent) for m in in_statement if m.start > cutoff.start):
            # 今年以来,截至6月25日,… or 截至10月20日,园区今年已签约…: from January up to that day.
            end, _ = self._resolve(cutoff, [m for m in in_statement if m.start < cutoff.start])
            if end:
                span.notes.append(f"counted up to '{cutoff.text}' from the start of the year")
                return f"{end[:4]}-01-01/{end}-{cutoff.day:02d}"
        if self._measure(span) == STOCK:
            dated = next((m for m in reversed(in_statement) if self._is_cutoff(m)), None)  # 截至11月底,…共有…
            if dated is None and (mention is None or re.search(r"现有|目前|共有|现已|已有", clause)):
                return self._as_of(span, as_of, "stock with no period of its own")
            mention = dated or mention
            period, note = self._resolve(mention, [m for m in in_statement if m.start < mention.start])
            if period:
                period = stock_period(period)
            return self._noted(span, period, note)
        if mention is not None:
            return self._noted(span, *self._resolve(mention, in_statement[:-1]))
        carried = self._carried_period(statement)
        if carried is not None and self._possible(span, carried[0]):
            period, origin, where = carried
            span.confidence -= 0.1
            span.notes.append(f"no period in the sentence; carried from {origin} earlier in the {where}")
            return period
        if self.reporting_year and self._possible(span, str(self.reporting_year)):
            span.confidence -= 0.1
            span.notes.append(f"no period stated; the article reports on {self.reporting_year}")
            return str(self.reporting_year)
        return self._as_of(span, as_of, "no period stated")

    def _is_cutoff(self, mention: Mention) -> bool:
        """截至6月底, 截止11月25日: the date a count runs up to."""
        return self.text[: mention.start].rstrip().endswith(tuple(self.rules["periods"]["cutoff_words"]))

    def _since_year_start(self, span: Span, word: str, mention: Mention | None, in_statement, as_of: str) -> str:
        """较年初净增11家 after 截至2月底: from January to the month the statement is dated."""
        period = ""
        if mention is not None:
            period, _ = self._resolve(mention, in_statement[:-1])
        end = stock_period(period) if period else as_of
        if not end:
            return self._noted(span, "", f"'{word}' needs the publication date; pass --published")
        span.notes.append(f"'{word}': from January to {end}")
        if len(end) == 4 or end.endswith("-12"):
            return end[:4]
        return end[:4] + "-01" if end.endswith("-01") else f"{end[:4]}-01/{end}"

    def _possible(self, span: Span, period: str) -> bool:
        """A whole year taken from elsewhere fits an actual figure only if it was over when the article appeared."""
        parsed = parse_period(period)
        return span.status != schema.ACTUAL or self.published is None or parsed.kind != "year" or parsed.end <= self.published

    def _mentions_between(self, start: int, end: int, naming: bool = False) -> list[Mention]:
        """The period phrases from start to end; naming: those of event names instead of the others."""
        first, last = bisect.bisect_left(self.mention_starts, start), bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[first:last] if not m.comparison and m.naming == naming]

    def _opens_clause(self, mention: Mention) -> bool:
        """今年前5个月, … or 截至6月底, … sets the period of what follows; 经济总量近三年来首次… does not."""
        before = self.text[self.article.clause_start(mention.start) : mention.start].strip()
        return before in self.rules["periods"]["period_openers"]

    def _measure(self, span: Span) -> str:
        """The indicator's measure; for an unknown figure, a flow when money, a rate or a flow verb says so.

        The verb counts in the figure's clause or in the clause that opens its
        sentence (此次签约的项目中,…项目5个,外资项目3个).
        """
        indicator = self.vocabulary.indicators.get(span.indicator)
        if indicator is not None:
            return indicator.measure
        if span.measure:
            return span.measure
        if any(compatible(span.unit, unit) for unit in ("元", "美元", "%")):
            return "flow"
        clause = self.text[self.article.clause_start(span.start) : span.start]
        statement = self.article.statement_start(span.start)
        opening = self.text[statement : min(self.article.clause_end(statement), span.start)]
        words = (*self.rules["periods"]["flow_words"], *self.rules["indicators"]["increase_words"])
        return "flow" if any(word in clause or word in opening for word in words) else STOCK

    def _carried_period(self, before: int) -> tuple[str, str, str] | None:
        """The period of the last flow figure or period phrase before `before`: in its paragraph, else the one before.

        Returns (period, what it came from, "paragraph" or "paragraph before").
        """
        paragraph = self.article.sentence_at(before).paragraph
        for wanted, where in ((paragraph, "paragraph"), (self.article.previous_paragraph(paragraph), "paragraph before")):
            if wanted is None:
                break
            last = None
            for other in self.spans:
                if other.start >= before:
                    break
                if other.ignored is None and other.period and not other.dated_by_publication and self._measure(other) != STOCK and self.article.sentence_at(other.start).paragraph == wanted:
                    last = (other.start, other.period, f"{other.raw} ({other.indicator})")
            for mention in self._mentions_between(last[0] if last else 0, before):
                if self.article.sentence_at(mention.start).paragraph == wanted and self._opens_clause(mention):
                    period, _ = self._resolve(mention, self._mentions_between(self.article.statement_start(mention.start), mention.start))
                    if period:
                        last = (mention.start, period, f"'{mention.text}'")
            if last is not None:
                return last[1], last[2], where
        return None

    def _as_of(self, span: Span, as_of: str, why: str) -> str:
        span.dated_by_publication = True
        if not as_of:
            span.notes.append(f"{why}; pass --published to date it")
            span.confidence -= 0.2
            return ""
        span.notes.append(f"{why}; recorded as of the publication month")
        return as_of

    def _noted(self, span: Span, period: str, note: str) -> str:
        if note:
            span.notes.append(note)
        if not period:
            span.confidence -= 0.2
        return period

    def _resolve(self, mention: Mention, earlier: list[Mention]) -> tuple[str, str]:
        """The period a phrase names; `earlier` are the phrases before it in its sentence."""
        published = self.published
        year = mention.year
        note = ""
        if mention.relative is not None:
            if self.reference_year is None:
                return "", f"'{mention.text}' needs the publication date; pass --published"
            year = self.reference_year - mention.relative
            note = f"'{mention.text}' read against the publication date {published.isoformat()}"
            if self.reference_note and mention.relative == 0:
                note += f" ({self.reference_note})"
        if mention.ytd:
            if self.reference_year is None:
                return "", f"'{mention.text}' needs the publication date; pass --published"
            end = min(published, date(self.reference_year, 12, 31))
            start = date(self.reference_year, 1, 1)
            note = f"'{mention.text}' runs from {start.isoformat()} to {end.isoformat()}" + (f" ({self.reference_note})" if self.reference_note else "")
            if end == date(self.reference_year, 12, 31):
                return str(self.reference_year), note
            return f"{start.isoformat()}/{end.isoformat()}", note
        if mention.recent:
            if published is None:
                return "", f"'{mention.text}' needs the publication date; pass --published"
            first, last = published.year - mention.recent, published.year - 1
            note = f"'{mention.text}' read as the {mention.recent} whole years before {published.year}"
            return (str(last) if first == last else f"{first}/{last}"), note
        if mention.years:
            return f"{mention.years[0]}/{mention.years[1]}", ""
        if year is None:
            year, note = self._year_of(mention, earlier)
            if year is None:
                return "", note
        if mention.months:
            first, last = mention.months
            if (first, last) == (1, 12):
                return str(year), note
            if first == last:
                return f"{year}-{first:02d}", note
            return f"{year}-{first:02d}/{year}-{last:02d}", note
        return str(year), note

    def _year_of(self, mention: Mention, earlier: list[Mention]) -> tuple[int | None, str]:
        """The year of a phrase without one (全年, 上半年, 1-11月).

        In order: the year of a phrase before it in its sentence, of the last
        phrase before it in its paragraph, the year the article reports on,
        the reference year — or the year before, when the phrase would
        otherwise end after the publication date in a sentence that sets no target.
        """
        if mention.start in self.mention_years:
            return self.mention_years[mention.start]
        context = [m for m in earlier if m.year is not None or m.relative is not None]
        paragraph = self.article.sentence_at(mention.start).paragraph
        paragraph_start = self.text.rfind("\n", 0, mention.start) + 1
        before = [
            m for m in self._mentions_between(paragraph_start, mention.start) if self.article.sentence_at(m.start).paragraph == paragraph and (m.year or m.relative is not None or m.ytd or m.months)
        ]
        if context and context[-1].year is not None:
            found = context[-1].year, ""
        elif context and self.reference_year is not None:
            year = self.reference_year - context[-1].relative
            found = year, f"'{mention.text}' without a year read as {year}"
        elif before and (carried := self._phrase_year(before[-1])) is not None:
            found = carried, f"'{mention.text}' without a year takes {carried} from '{before[-1].text}' earlier in the paragraph"
        elif self.reporting_year:
            found = self.reporting_year, f"'{mention.text}' without a year: the article reports on {self.reporting_year}"
        elif self.reference_year is None:
            found = None, f"'{mention.text}' has no year; pass --published"
        elif self._ends_after_publication(mention, self.reference_year):
            year = self.reference_year - 1
            found = year, f"'{mention.text}' without a year would end after the publication date {self.published.isoformat()}; read as {year}"
        else:
            found = self.reference_year, f"'{mention.text}' without a year read as {self.reference_year}"
        self.mention_years[mention.start] = found
        return found

    def _phrase_year(self, mention: Mention) -> int | None:
        """The single year a period phrase is in, if it names one."""
        if mention.year is not None:
            return mention.year
        if self.reference_year is None or mention.recent or mention.years:
            return None
        if mention.relative is not None or mention.ytd:
            return self.reference_year - (mention.relative or 0)
        return self._year_of(mention, self._mentions_between(self.article.statement_start(mention.start), mention.start))[0]

    def _ends_after_publication(self, mention: Mention, year: int) -> bool:
        """An actual figure cannot be for months that have not happened yet when the article appeared."""
        if not mention.months or (year, mention.months[1]) <= (self.published.year, self.published.month):
            return False
        statement = self.text[self.article.statement_start(mention.start) : self.article.sentence_at(mention.start).end]
        return _status_word(statement, self.rules["status"]) is None

    def _reference_year(self) -> tuple[int | None, str]:
        """The year 今年 means: the publication year, unless the article shows it reviews the year before.

        Only a cumulative span from January (今年1-11月, 今年前三季度) shows that;
        今年6月 may be a month still to come (今年6月开工).
        """
        if self.published is None:
            return None, ""
        for mention in self.mentions:
            if mention.relative == 0 and mention.months and mention.months[0] == 1 and mention.months[1] > self.published.month:
                sentence = self.article.sentence_at(mention.start)
                if _status_word(self.text[sentence.start : sentence.end], self.rules["status"]) is None:
                    return self.published.year - 1, (f"the article's '{mention.text}' ends after its publication in {self.published:%Y-%m}, so 今年 is {self.published.year - 1}")
        return self.published.year, ""

    def _reporting_year(self) -> int | None:
        """A year named at least twice, the publication year or the one before: what the article reviews."""
        if self.published is None:
            return None
        counts: dict[int, int] = {}
        for mention in self.mentions:
            if mention.year in (self.published.year - 1, self.published.year) and mention.relative is None:
                counts[mention.year] = counts.get(mention.year, 0) + 1
        best = max(counts.items(), key=lambda item: (item[1], item[0]), default=None)
        return best[0] if best and best[1] >= 2 else None

    def _scopes(self) -> dict[int, str]:
        """The scope of each clause: the chain, sector or sub-zone that a paragraph's clauses are about."""
        scopes = {}
        current, paragraph, placed_in = schema.WHOLE_PARK, -1, None
        for start in self.article.clause_starts:
            if start >= len(self.text):
                continue
            sentence = self.article.sentence_at(start)
            if sentence.paragraph != paragraph:
                current, paragraph = schema.WHOLE_PARK, sentence.paragraph
            clause = self.text[start : self.article.clause_end(start)]
            topic = self._topic(clause)
            statement = self.article.statement_start(start)
            if topic == schema.WHOLE_PARK and placed_in == statement:
                topic = None  # 在新能源汽车产业链,经开区推动…: the park acts within the chain named first
            if topic is not None:
                current = topic
                placed_in = statement if topic != schema.WHOLE_PARK and strip_quotes(clause).startswith("在") else None
            scopes[start] = current
        return scopes

    def _topic(self, clause: str) -> str | None:
        settings = self.rules["scope"]
        text = strip_quotes(clause)
        if self.rules["indicators"]["share_word"] in text and "%" in text:
            return None  # 战略性新兴产业产值占…比重: the part of a share, not the clause's scope
        changed = True
        while changed:
            changed = False
            mention = PERIOD.match(text)
            if mention and mention.group():
                text, changed = text[mention.end() :], True
            for word in settings["openers"]:
                if text.startswith(word):
                    text, changed = text[len(word) :], True
        park = False
        changed = True
        while changed:
            changed = False
            for name in self.park_names:
                # 滨江片区 is a sub-zone even when 滨江 also names a park of the dataset.
                if text.startswith(name) and not text.startswith(tuple(settings["subzone_endings"]), len(name)):
                    text, changed, park = text[len(name) :], True, True
                    break
        suffixes = sorted(settings["suffixes"], key=len, reverse=True)
        for index in range(len(text)):
            suffix = next((s for s in suffixes if text.startswith(s, index)), None)
            if suffix is None:
                continue
            end = index + len(suffix)
            extended = next((s for s in suffixes if text.startswith(s, end)), None)
            if extended:
                end += len(extended)
            topic = text[:end]
            if (
                4 <= len(topic) <= settings["max_topic"]
                and not any(c in settings["stop_characters"] or c.isdigit() or c.isascii() for c in topic)
                and not any(word in topic for word in settings["stop_words"])
                and topic not in settings["generic_topics"]
            ):
                return topic
            break
        zone = next((word for word in settings["zone_words"] if text.startswith(word)), None)
        if zone:
            return zone
        return schema.WHOLE_PARK if park else None

    def _scope(self, span: Span) -> str:
        if span.scope is not None:
            return span.scope
        subset = self.subset_scopes.get(self.article.sentence_at(span.start).start)
        if subset is not None and subset[0] < span.start:
            return subset[1]  # …其中制造业项目29个,协议投资168亿元: the rest of the sentence is about the part
        if self._is_area(span):
            place = re.match(rf"[\u4e00-\u9fff]{{2,10}}?(?:{_alternation(self.rules['scope']['area_places'])})", self.text[span.end :])
            if place:
                return place.group()
        return self.scopes.get(self.article.clause_start(span.start), schema.WHOLE_PARK)

    def _is_area(self, span: Span) -> bool:
        return compatible(span.unit, "平方公里")

    # Step 3: rows -----------------------------------------------------------------------

    # Several parks -------------------------------------------------------------------

    def attribute_parks(self, park: str) -> None:
        """Give each figure to the park named nearest before it in its paragraph, as a subject.

        The article's own park is `park` (its dataset names), else the park its title
        names, else the first park it names. Another park is its dataset id when the
        dataset knows it, else its name as written.
        """
        ids = self.vocabulary.park_ids
        own = {name for name, park_id in ids.items() if park_id == park} | set(self.title_names)
        named = self._subject_parks()
        if not own and named:
            own = {named[0][1]}
        for span in self.spans:
            paragraph = self.article.sentence_at(span.start).paragraph
            nearest = next((name for start, name in reversed(named) if start < span.start and self.article.sentence_at(start).paragraph == paragraph), None)
            if nearest is None or any(nearest in name or name in nearest for name in own):
                continue
            span.park = ids.get(nearest, nearest)
            span.notes.append(f"given to {span.park}, the park named nearest before it ('{nearest}')")

    def _subject_parks(self) -> list[tuple[int, str]]:
        """(position, name) of each zone named at the start of a clause (范本高新区前三季度实现…)."""
        settings = self.rules["scope"]
        ending = _alternation(settings["zone_name_endings"])
        name = re.compile(rf"[\u4e00-\u9fff]{{2,8}}?(?:{ending})")
        found = []
        for start in self.article.clause_starts:
            if start >= self.article.body_end or self.article.furniture_reason(start):
                continue
            head = self.text[start : self.article.clause_end(start)]
            offset = len(head) - len(head.lstrip(" \t\u3000"))
            period = PERIOD.match(head, offset)
            if period and period.group():
                offset = period.end()
            for word in settings["openers"]:
                if head.startswith(word, offset):
                    offset += len(word)
                    break
            match = name.match(head, offset)
            if match and self._could_be_park(match.group()):
                found.append((start + offset, match.group()))
        return found

    def _could_be_park(self, name: str) -> bool:
        """澄和经开区 may be a park; 全区和开发区, 国家级经开区 or 预计全年新区 are not."""
        settings = self.rules["scope"]
        return not (
            name[0] in settings["stop_characters"]
            or any(c in settings["stop_characters"] for c in name if c not in settings["name_characters"])
            or name.startswith(tuple(settings["not_park_names"]))
            or _status_word(name, self.rules["status"])
            or any(mention.group() for mention in PERIOD.finditer(name))
        )

    def candidates(self, park: str, source: str) -> list[Candidate]:
        rows: list[Candidate] = []
        seen: dict[tuple, Span] = {}
        for span in self.spans:
            if span.ignored is not None:
                ignore(self.ignored, self.article, span.start, span.end, span.ignored)
                continue
            key = (span.indicator, span.value, span.unit, span.qualifier)
            first = seen.get(key)
            if span.indicator != UNKNOWN and first is not None and not _different_years(first.period, span.period):
                ignore(self.ignored, self.article, span.start, span.end, f"repeats {first.raw} ({span.indicator}) stated earlier at character {self.article.origin[first.start]}")
                continue
            seen.setdefault(key, span)
            earliest = [position for position in (span.alias_start, span.base.start if span.base else None) if position is not None]
            sentence = self.article.sentence_at(span.start)
            earliest += [m.start for m in self.mentions if sentence.start <= m.start < span.start and not m.comparison and clauses_between(self.article, m.start, span.start) <= 1][-1:]
            quote_start, quote_end = quote_bounds(self.article, span.start, span.end, min(earliest) if earliest else None)
            first_char, last_char = self.article.original_span(quote_start, quote_end)
            quote = original_quote(self.article, quote_start, quote_end)
            first_char += len(self.article.original[first_char:last_char]) - len(self.article.original[first_char:last_char].lstrip())
            rows.append(
                Candidate(
                    park=span.park or park,
                    indicator=span.indicator,
                    period=span.period,
                    scope=self._scope(span),
                    status=span.status,
                    qualifier=span.qualifier,
                    raw=span.raw,
                    value=span.value,
                    unit=span.unit,
                    source=source,
                    quote=quote,
                    note="; ".join(span.notes),
                    confidence=round(max(span.confidence, 0.1), 2),
                    start=first_char,
                    end=first_char + len(quote),
                )
            )
        self.ignored.sort(key=lambda item: item.start)
        return rows


def _word_positions(text: str, word: str, blockers: str, noun_after: str = "") -> list[int]:
    """Where word occurs in text, not as the end of a longer word (模拟 is not 拟) nor as a noun (用地计划的依据)."""
    found = []
    for index in (m.start() for m in re.finditer(re.escape(word), text)):
        following = text[index + len(word) : index + len(word) + 1]
        if not (index and text[index - 1] in blockers) and not (following and following in noun_after):
            found.append(index)
    return found


def _status_word(before: str, settings: dict) -> str | None:
    """The target or estimate word nearest before a figure, if any: 力争…,预计… is an estimate."""
    found = [
        (word not in settings["weak_words"], position, len(word), word)
        for word in settings["target_words"]
        for position in _word_positions(before, word, settings["blockers"].get(word, ""), settings["noun_after"].get(word, ""))
    ]
    return max(found)[3] if found else None


def _different_years(first: str, second: str) -> bool:
    """Two full-year figures of different years are two facts, not a repeat."""
    return bool(re.fullmatch(r"\d{4}", first) and re.fullmatch(r"\d{4}", second) and first != second)


# The API -------------------------------------------------------------------------------


def extract(
    text: str,
    vocabulary: Vocabulary,
    park: str = "",
    published: date | None = None,
    source: str | None = None,
) -> Extraction:
    """Read an article and propose its figures as candidate observations.

    `published` resolves 今年/去年 and dates stocks; without it the date in the
    article's header is used when there is one. `source` defaults to
    '<park>-<published>' when both are known.
    """
    article = Article.from_text(text)
    published_from = "given" if published else ""
    if published is None:
        published = header_date(article)
        published_from = "header" if published else ""
    if source is None:
        source = f"{park}-{published.isoformat()}" if park and published else ""
    reader = _Reader(article, vocabulary, published)
    reader.read_context()
    reader.attribute_parks(park)
    candidates = reader.candidates(park, source)
    others = Counter(candidate.park for candidate in candidates if candidate.park != park)
    return Extraction(candidates, reader.ignored, published, published_from, dict(others))


ARTICLE_READS = "extract reads plain text pasted from an article"


def read_article(path: str) -> Decoded:
    """The text of FILE, or of stdin for '-', and the encoding it was found in (files.decoding.decode)."""
    import sys

    from ..files.decoding import decode
    from ..files.limits import read_input_file, read_stream

    if path == "-":
        if sys.stdin is None:
            raise UsageError("stdin is closed; give the path of a text file, or pipe the article in")
        data, name = read_stream(sys.stdin.buffer, "stdin"), "stdin"
    else:
        data, name = read_input_file(path, path, "a text file, or - to read stdin"), path
    return decode(data, name, reads=ARTICLE_READS, has_encoding_option=False)
