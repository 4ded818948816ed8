"""The result of every listing command: columns, rows, notes and warnings.

Commands build a Table; one renderer turns it into any output format. Columns
marked for humans only (a compact 'value · period' cell) or machines only (the
separate value, period and qualifier fields) let the terminal table stay
readable while csv/json carry every fact in its own field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .i18n import Words, term

ALL, HUMAN, MACHINE = "all", "human", "machine"

# What render.py writes a Table as. Declared here, not in render.py, so the command
# line can offer the choice without importing the renderer (it slows `--help`).
FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")

# Header labels by column key: (Chinese, English).
LABELS = {
    "id": ("代码", "ID"),
    "park": ("园区", "Park"),
    "name": ("名称", "Name"),
    "name_zh": ("中文名称", "Chinese name"),
    "name_en": ("英文名称", "English name"),
    "kind": ("类型", "Kind"),
    "level": ("级别", "Level"),
    "province": ("省份", "Province"),
    "city": ("城市", "City"),
    "figures": ("数据条数", "Figures"),
    "indicator": ("指标", "Indicator"),
    "unit": ("单位", "Unit"),
    "measure": ("类别", "Measure"),
    "direction": ("方向", "Direction"),
    "parks": ("园区数", "Parks"),
    "core": ("核心指标", "Core"),
    "value": ("数值", "Value"),
    "qualifier": ("限定", "Qualifier"),
    "period": ("期间", "Period"),
    "scope": ("范围", "Scope"),
    "status": ("状态", "Status"),
    "raw": ("原文数值", "As written"),
    "source": ("来源", "Source"),
    "quote": ("原文", "Quote"),
    "note": ("说明", "Note"),
    "rank": ("排名", "Rank"),
    "bar": ("", ""),
    "ratio": ("比值", "Ratio"),
    "comparison": ("可比性", "Comparability"),
    "file": ("文件", "File"),
    "line": ("行", "Line"),
    "message": ("问题", "Problem"),
    "score": ("得分", "Score"),
    "coverage": ("覆盖率%", "Coverage %"),
    "class": ("类别", "Class"),
    "rank_median": ("排名中位数", "Median rank"),
    "rank_interval": ("排名区间(5–95%)", "Rank 5–95 %"),
    "rank_low": ("排名5%", "Rank 5 %"),
    "rank_high": ("排名95%", "Rank 95 %"),
    "inexact": ("非确数", "Bounds/approx."),
    "profile": ("方案", "Profile"),
    "title": ("标题", "Title"),
    "indicators": ("指标", "Indicators"),
    "groups": ("分组", "Groups"),
    "group": ("分组", "Group"),
    "group_weight": ("分组权重", "Group weight"),
    "weight": ("权重", "Weight"),
    "share": ("总权重占比%", "Share %"),
    "normalize": ("标准化", "Normalisation"),
    "aggregate": ("合成", "Aggregation"),
    "min_coverage": ("最低覆盖率%", "Min. coverage %"),
    "classes": ("分类", "Classes"),
    "scheme": ("参照方案", "Scheme"),
    "benchmark": ("基准值", "Benchmark"),
    "formula": ("公式", "Formula"),
    "run": ("次", "Run"),
    "first": ("第一名", "First"),
}

# Columns whose stored codes people read as words (i18n.term): tables show the word, machine formats the code.
TERM_COLUMNS = {key: "term" for key in ("status", "scope", "level", "direction", "measure", "kind", "unit", "qualifier", "normalize", "aggregate")}
TERM_COLUMNS.update(province="place", city="place")
# Columns of ids, codes and periods, which a terminal table shows whole.
KEPT_COLUMNS = {"id", "park", "indicator", "period", "source", "profile", "unit", "status", "run", "rank_interval"}


@dataclass
class Column:
    key: str
    kind: str = "text"  # text | number | integer
    audience: str = ALL
    label: tuple[str, str] | None = None
    numeric_text: bool = False  # pre-formatted figures such as '>140', aligned like numbers
    terms: str | None = None  # "term": a code people read as a word (i18n.term); "place": pinyin in English; default by key

    def __post_init__(self):
        if self.terms is None:
            self.terms = TERM_COLUMNS.get(self.key, "")

    @property
    def kept(self) -> bool:
        """Never cut or wrapped on a terminal: ids, codes, numbers and periods (names and other text wrap)."""
        return self.right_aligned or self.key in KEPT_COLUMNS or self.key.endswith(".period")

    @property
    def right_aligned(self) -> bool:
        return self.kind != "text" or self.numeric_text

    def shown(self, value, lang: str):
        """The cell as people read it: a stored code as a word of `lang`; machine formats keep the code."""
        if isinstance(value, Words):
            return value.shown(lang)
        if not self.terms:
            return value

        return term(value, lang, place=self.terms == "place")

    def title(self, lang: str) -> str:
        zh, en = self.label or LABELS.get(self.key, (self.key, self.key))
        return en if lang == "en" else zh


@dataclass
class Table:
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bar: str | None = None  # numeric column drawn as a proportional bar on a terminal
    # The rows as tuples in column order, read once, instead of `rows`: machine formats write them as
    # they come, so a million figures never wait in memory as dicts (`data`). Only for machine formats.
    records: Iterable[tuple] | None = None

    def visible(self, audience: str) -> list[Column]:
        return [column for column in self.columns if column.audience in (ALL, audience)]
