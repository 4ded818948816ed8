"""What one figure of an imported table becomes: the park, indicator, period, figure and source of its row.

`Context` resolves each distinct text once (a park of the dataset, of another layer or a
new one; an indicator by name, alias or --map; a source by id, address or title) and turns
a `Record` into an observation row, or raises `Reject` naming the column at fault.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ..core.errors import UsageError
from ..core.i18n import Words, chinese, codes, place_pinyin
from ..core.periods import DATE_PARTS
from ..core.textnorm import normalize, text_breach
from ..data import schema
from ..data.model import Dataset, closest_ids, name_key
from .cells import Reject, figure_of, period_of, status_and_qualifier
from .headers import Column, split_header_unit
from .options import ImportOptions

# A park cell that marks a total or average row, not a park.
TOTAL_WORDS = ("合计", "总计", "小计", "平均", "平均值", "total", "sum", "average")
# Endings of park names left out of a new park's id: 苏州工业园区 -> suzhou.
GENERIC_PARK_ENDINGS = (
    "经济技术开发区",
    "高新技术产业开发区",
    "高新技术开发区",
    "经济开发区",
    "产业开发区",
    "工业集中区",
    "工业园区",
    "产业园区",
    "高新区",
    "经开区",
    "开发区",
    "工业园",
    "产业园",
    "新区",
    "园区",
)
NO_SOURCE = Words(
    "没有来源；请填写来源或链接列，或加 --source-title（以及 --source-url、--source-date）", "no source; fill the source or url column, or pass --source-title (and --source-url, --source-date)"
)


@dataclass
class Record:
    """One figure of the input, with the text (and header) of every column that describes it."""

    row: int
    cells: dict[str, str]
    headers: dict[str, Words]
    figure_header: Words
    indicator: str | None = None  # known from a wide column
    header_unit: str = ""

    def get(self, role: str) -> str:
        return self.cells.get(role, "").strip()

    def location(self, label: str, role: str) -> Words:
        """file:row:column of the cell at fault; the figure's own cell for role 'raw'."""
        header = self.figure_header if role == "raw" else self.headers.get(role, self.figure_header)
        return f"{label}:{self.row}:" + header


class Context:
    """The dataset imported into, the run's options, and one answer per distinct text."""

    def __init__(self, dataset: Dataset, options: ImportOptions, other: Dataset | None = None):
        self.dataset = dataset
        self.options = options
        # The parks of the other layers (--data, by default the bundled dataset), which a name may resolve to.
        self.other_parks = other.parks if other is not None else None
        self.other_park_lookup = other.park_lookup() if other is not None else {}
        self.other_sources = other.sources if other is not None else None  # whose ids a new source does not take
        self.mappings = {key: _known_indicator(dataset, target) for key, target in _pairs(options.mappings, "--map", "'列名=indicator_id'").items()}
        self.park_ids = _pairs(options.park_ids, "--park-id", "'园区名称=park_id'")
        for park_id in self.park_ids.values():
            if not schema.SLUG.match(park_id):
                raise UsageError(Words(f"--park-id：'{park_id}' 不是代码；请只用小写 ASCII 字母、数字、- 和 _", f"--park-id: '{park_id}' is not an id; use lower-case ASCII letters, digits, - and _"))
        self.units = dataset.indicators["unit"].to_dict()
        self.measures = dataset.indicators["measure"].to_dict()
        self.park_lookup = dataset.park_lookup()
        self.indicator_lookup = dataset.indicator_lookup()
        self.new_parks: dict[str, dict] = {}
        self.new_sources: dict[str, dict] = {}
        self.sources_by_url = {row.url: source_id for source_id, row in dataset.sources.iterrows() if row.url}
        self.sources_by_title = {row.title: source_id for source_id, row in dataset.sources.iterrows() if not row.url}
        self.default_source = _default_source(options)
        self._answers: dict = {}

    def _once(self, kind: str, key, compute):
        """compute(key) once per distinct key; a rejection is remembered like an answer."""
        if (kind, key) not in self._answers:
            try:
                self._answers[kind, key] = compute(key)
            except Reject as reject:
                self._answers[kind, key] = reject
        answer = self._answers[kind, key]
        if isinstance(answer, Reject):
            raise answer
        return answer

    # indicators

    def map_column(self, column: Column) -> None:
        """Resolve a wide column's header to an indicator, or say why it maps to none."""
        if not column.header.strip():
            column.problem = Words("该列没有表头；请在表头行写上其指标", "the column has no header; write its indicator in the header row")
            return
        try:
            column.indicator, column.unit = self.indicator(column.header)
        except Reject as reject:
            column.problem = reject.message

    def indicator(self, name: str) -> tuple[str, str]:
        """(indicator id, unit named in the header) for a column header or indicator name."""
        return self._once("indicator", name.strip(), self._indicator)

    def _indicator(self, name: str) -> tuple[str, str]:
        if not name:
            raise Reject("indicator", Words("没有指标；请在指标列写上指标", "no indicator; name one in the indicator column"))
        bare, unit = split_header_unit(name)
        for candidate, candidate_unit in ((name, ""), (bare, unit)):
            key = name_key(candidate)
            if key in self.mappings:
                return self.mappings[key], candidate_unit
            found = self.indicator_lookup.get(key, set())
            if len(found) > 1:
                raise Reject(
                    "indicator",
                    Words(
                        f"'{name}' 对应多个指标（{'、'.join(sorted(found))}）；请用 --map '{name}=ID' 选定一个",
                        f"'{name}' names several indicators ({', '.join(sorted(found))}); choose one with --map '{name}=ID'",
                    ),
                )
            if found:
                return next(iter(found)), candidate_unit
        ids = closest_ids(bare, self.indicator_lookup, cutoff=0.6)
        hint = (f"您是否要找 {'、'.join(ids)}？", f"did you mean {', '.join(ids)}? ") if ids else ("", "")
        raise Reject(
            "indicator",
            Words(
                f"没有名为 '{name}' 的指标；{hint[0]}请用 --map '{name}=INDICATOR_ID' 映射，或把它加入 indicators.csv 的别名",
                f"no indicator named '{name}'; {hint[1]}map it with --map '{name}=INDICATOR_ID' or add it to the aliases in indicators.csv",
            ),
        )

    # parks

    def park(self, name: str) -> str:
        return self._once("park", name.strip(), self._park)

    def _park(self, name: str) -> str:
        if not name:
            raise Reject("park", Words("没有园区；请填写园区列或加 --park", "no park; fill the park column or pass --park"))
        key = name_key(name)
        if key in TOTAL_WORDS:
            raise Reject("park", Words(f"'{name}' 表示合计或平均行，不是园区", f"'{name}' marks a total or average row, not a park"))
        found = self.park_lookup.get(key, set())
        if len(found) > 1:
            raise Reject("park", Words(f"'{name}' 对应多个园区（{'、'.join(sorted(found))}）；请写园区代码", f"'{name}' names several parks ({', '.join(sorted(found))}); write the park's id"))
        if found:
            return next(iter(found))
        found = self.other_park_lookup.get(key, set())
        if len(found) > 1:
            files = self._other_files(found)
            raise Reject(
                "park",
                Words(f"'{name}' 对应 {files} 中的多个园区（{'、'.join(sorted(found))}）；请写园区代码", f"'{name}' names several parks of {files} ({', '.join(sorted(found))}); write the park's id"),
            )
        if found and self.park_ids.get(key, next(iter(found))) in found:  # --park-id may choose another id: a park of its own
            return self._copy_park(key, next(iter(found)))
        taken = set(self.dataset.parks.index) | {park["id"] for park in self.new_parks.values()}
        if self.other_parks is not None:
            taken |= set(self.other_parks.index)  # a new park never takes the id of a park of another layer
        park_id = self.park_ids.get(key) or _unique(park_slug(name), taken)
        if park_id in taken:
            raise Reject(
                "park", Words(f"--park-id 给 '{name}' 的代码 {park_id} 已被另一个园区使用；请另选代码", f"--park-id gives '{name}' the id {park_id}, which another park has; choose another id")
            )
        self.new_parks[key] = dict.fromkeys(schema.COLUMNS[schema.PARKS], "") | {"id": park_id, "name_zh": name}
        self.park_lookup[key] = {park_id}
        return park_id

    def _copy_park(self, key: str, park_id: str) -> str:
        """A park of another layer: the same id, and its whole record, so this dataset stands on its own
        and, layered with the other, repeats the park instead of shadowing it with an empty one."""
        if park_id in self.dataset.parks.index:
            named, files = self.other_parks.at[park_id, "name_zh"], self._other_files({park_id})
            raise Reject(
                "park",
                Words(
                    f"'{named}' 在 {files} 中是 {park_id}，但本数据集另有园区 {park_id}；请写园区代码，或用 --park-id 另选",
                    f"'{named}' is {park_id} in {files}, but this dataset has another park {park_id}; write the park's id or choose one with --park-id",
                ),
            )
        row = self.other_parks.loc[park_id]
        self.new_parks[key] = {column: row[column] for column in schema.COLUMNS[schema.PARKS]} | {"_from": row["_file"]}
        self.park_lookup[key] = {park_id}
        return park_id

    def _other_files(self, park_ids) -> str:
        return ", ".join(sorted({self.other_parks.at[park_id, "_file"] for park_id in park_ids}))

    # sources

    def source(self, record: Record) -> str:
        """The id of the source of a figure: its source, title and url columns, or --source-title/--source-url."""
        text, title, url = record.get("source"), record.get("title"), record.get("url")
        published, publisher, tier = record.get("published"), record.get("publisher"), record.get("tier").casefold()
        if not (text or title or url):
            if self.default_source is None:
                raise Reject("source", NO_SOURCE)
            title, url, published = self.default_source
        elif published:
            published = _iso_date(published, lambda message: Reject("published", message))
        if tier and tier not in schema.TIERS:
            written = record.get("tier")
            raise Reject("tier", Words(f"tier '{written}' 不是 {codes(schema.TIERS)} 之一；拿不准就留空", f"tier '{written}' is not one of {', '.join(schema.TIERS)}; leave it empty if unsure"))
        return self._once("source", (text, title, url, published, publisher, tier), self._source)

    def _source(self, key: tuple[str, ...]) -> str:
        text, title, url, published, publisher, tier = key
        if text in self.dataset.sources.index or text in self.new_sources:
            return text
        is_id = bool(schema.SLUG.match(text))
        named_only = not (title or url)  # the source cell alone: an id names the source it is the id of
        title = title or text or url  # an id (from `data` output) stands in for a missing title, as the address does
        known = self.sources_by_url.get(url) if url else self.sources_by_title.get(title)
        if known:
            return known
        if named_only and self.other_sources is not None and text in self.other_sources.index:
            return self._copy_source(text)
        taken = set(self.dataset.sources.index) | set(self.new_sources)
        if self.other_sources is not None:
            # Layered with the others, one id must name one source: a new source takes none of their ids,
            # except that of a source at its own address, which is the same source.
            taken |= set(self.other_sources.index[self.other_sources["url"] != url] if url else self.other_sources.index)
        if is_id:
            source_id = _unique(text, taken)  # an id from another dataset or from `extract` is kept
        else:
            base = _host_slug(url) if url else "source"
            source_id = _unique(f"{base}-{published}" if published else base, taken)
        self.new_sources[source_id] = dict.fromkeys(schema.COLUMNS[schema.SOURCES], "") | {
            "id": source_id,
            "title": title,
            "publisher": publisher,
            "published": published,
            "url": url,
            "tier": tier,
        }
        return self._remember(source_id)

    def _copy_source(self, source_id: str) -> str:
        """A source of another layer, named by its id alone: the same id and its whole record, so that layered
        with the other this dataset repeats the source instead of shadowing it with a record titled by its id."""
        row = self.other_sources.loc[source_id]
        self.new_sources[source_id] = {column: row[column] for column in schema.COLUMNS[schema.SOURCES]} | {"_from": row["_file"]}
        return self._remember(source_id)

    def _remember(self, source_id: str) -> str:
        """Later rows with the address of a source this import adds (or, without one, its title) name it."""
        source = self.new_sources[source_id]
        if source["url"]:
            self.sources_by_url[source["url"]] = source_id
        else:
            self.sources_by_title[source["title"]] = source_id
        return source_id

    # one observation

    def observation(self, record: Record) -> dict:
        """The observation row of one figure; raises Reject naming the column at fault."""
        for role, text in record.cells.items():
            breach = text_breach(text.strip(), one_line=role not in schema.FREE_TEXT)
            if breach:
                raise Reject(role, Words(f"该单元格含有{breach.zh}", f"the cell contains {breach}"))
        park = self.park(record.get("park") or self.options.park or "")
        indicator, header_unit = (record.indicator, record.header_unit) if record.indicator else self.indicator(record.get("indicator"))
        period, period_notes = self._once("period", (record.get("period") or self.options.period or "", indicator), functools.partial(period_of, measures=self.measures))
        status, word, word_notes = self._once("words", (record.get("status"), record.get("qualifier")), status_and_qualifier)
        figure_key = (record.get("raw"), record.get("value"), record.get("unit"), header_unit, word, indicator)
        read_figure = functools.partial(figure_of, units=self.units, percent_as_fraction=self.options.percent_as_fraction)
        raw, value, unit, qualifier, bare_percent, figure_notes = self._once("figure", figure_key, read_figure)
        quote = record.get("quote")
        if quote and raw not in quote:
            raise Reject(
                "quote",
                Words(
                    f"原文不含数字 '{raw}'；请逐字引用其前后的原文，或按原文的写法写这个数字",
                    f"the quote does not contain the figure '{raw}'; quote the text around it verbatim, or write the figure as the quote does",
                ),
            )
        notes = [record.get("note"), *period_notes, *word_notes, *figure_notes]
        return {
            "park": park,
            "indicator": indicator,
            "period": period,
            "scope": record.get("scope") or schema.WHOLE_PARK,
            "status": status,
            "qualifier": qualifier,
            "raw": raw,
            "value": value,
            "unit": unit,
            "source": self.source(record),
            "quote": quote,
            "note": "; ".join(note for note in notes if note),
            "_bare_percent": bare_percent,
        }


# --- names, ids and dates ---------------------------------------------------------------


def _known_indicator(dataset: Dataset, target: str) -> str:
    try:
        return dataset.indicator_id(target)
    except UsageError as error:
        raise UsageError(Words(f"--map：{chinese(error)}", f"--map: {error}")) from None


def _pairs(pairs, option: str, example: str) -> dict[str, str]:
    """'NAME=ID' options, keyed by the name as names are matched."""
    parsed = {}
    for pair in pairs:
        name, separator, target = pair.rpartition("=")
        if not separator or not name.strip() or not target.strip():
            raise UsageError(Words(f"{option} '{pair}' 不是 `NAME=ID`；请写成如 {option} {example}", f"{option} '{pair}' is not NAME=ID; write e.g. {option} {example}"))
        parsed[name_key(name)] = target.strip()
    return parsed


def _default_source(options: ImportOptions) -> tuple[str, str, str] | None:
    """The source named by --source-title/--source-url/--source-date, for rows that name none."""
    if not (options.source_title or options.source_url):
        if options.source_date:
            raise UsageError(Words("--source-date 需要 --source-title 或 --source-url 说明它是哪个来源的日期", "--source-date needs --source-title or --source-url to say which source it dates"))
        return None
    published = _iso_date(options.source_date, lambda message: UsageError(Words(f"--source-date {message.zh}", f"--source-date {message}"))) if options.source_date else ""
    return (options.source_title or "").strip(), (options.source_url or "").strip(), published


_DATE = re.compile(rf"^{DATE_PARTS}\s*日?$")


def _iso_date(text: str, error) -> str:
    """'2023-01-19', '2023/1/19' and '2023年1月19日' -> '2023-01-19'; error(message) otherwise."""
    match = _DATE.match(normalize(text).strip())
    try:
        if match:
            return date(*map(int, match.groups())).isoformat()
    except ValueError:
        pass
    raise error(Words(f"'{text}' 不是日期；请写成 YYYY-MM-DD", f"'{text}' is not a date; write YYYY-MM-DD"))


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _host_slug(url: str) -> str:
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "source"


def park_slug(name: str) -> str:
    """An ASCII id for a new park: the pinyin of its name without brackets and generic endings.

    苏州工业园区 -> suzhou, 龙岭产业开发区(益阳) -> longling, 长丰(双凤)经开区 -> changfeng.
    """
    text = re.sub(r"\([^()]*\)", "", normalize(name)).strip()
    for ending in GENERIC_PARK_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            break
    pieces = [place_pinyin(run) if _is_han(run[0]) else f"-{run}-" for run in re.findall(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+", text)]
    return re.sub(r"[^a-z0-9]+", "-", "".join(pieces).lower()).strip("-") or "park"


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
