"""What the columns of a user's table mean: header names, units in headers, the header row.

Spreadsheets name the same column many ways (园区, 园区名称, park); an
indicator column may carry its unit in brackets (地区生产总值(亿元),
产出强度（万元/亩）). Everything here works on normalised text, so full-width
brackets and traditional characters read the same as their plain forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.i18n import Words
from ..core.textnorm import normalize
from ..core.units import is_unit
from ..data.model import name_key

# long: one figure per row; wide: one indicator per column; periods: indicators down, one period per column.
LONG, WIDE, PERIODS = "long", "wide", "periods"
LAYOUTS = (LONG, WIDE, PERIODS)

# Column roles and the header names that announce them (compared by name_key).
ROLE_NAMES = {
    "park": ("park", "park name", "zone", "园区", "园区名称", "开发区", "开发区名称", "园区/开发区"),
    "indicator": ("indicator", "metric", "指标", "指标名称", "统计指标"),
    "period": ("period", "year", "期间", "年份", "年度", "时间", "统计期", "统计时间", "统计期间"),
    "raw": ("raw", "figure", "as written", "原文数值", "数值原文", "原始数值"),
    "value": ("value", "数值", "数据", "值", "指标值"),
    "unit": ("unit", "单位", "计量单位"),
    "qualifier": ("qualifier", "限定", "限定词", "修饰"),
    "scope": ("scope", "范围", "统计范围", "口径范围"),
    "status": ("status", "状态", "性质"),
    "source": ("source", "来源", "出处", "数据来源"),
    "title": ("source title", "title", "来源标题", "标题", "文章标题"),
    "url": ("url", "source url", "link", "链接", "网址", "来源链接", "原文链接"),
    "publisher": ("publisher", "发布者", "发布机构", "发布单位"),
    "tier": ("tier", "来源等级", "来源类别"),
    "quote": ("quote", "原文", "引文", "原文摘录", "原文引用"),
    "note": ("note", "notes", "备注", "说明", "注释"),
    "serial": ("序号", "编号", "no."),  # a row number: read by nobody, so no note about it
    "published": ("published", "source published", "date", "发布日期", "发布时间", "日期"),
}


def _header_key(header: str) -> str:
    """'Park_Name', 'park name' and '园区 名称' all compare as one name."""
    return re.sub(r"[\s_\-]+", "", name_key(header))


_ROLE_BY_NAME = {_header_key(name): role for role, names in ROLE_NAMES.items() for name in names}

# A unit at the end of a header: 地区生产总值(亿元), 面积[平方公里], 产值（单位：亿元）.
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[(\[【]\s*(?:单位\s*[:：]\s*)?(?P<unit>[^()\[\]【】]+?)\s*[)\]】]$")


def header_role(header: str) -> str | None:
    """The role a header names ('园区' -> 'park'), or None."""
    return _ROLE_BY_NAME.get(_header_key(header))


def split_header_unit(header: str) -> tuple[str, str]:
    """'地区生产总值(亿元)' -> ('地区生产总值', '亿元'); a bracket that is no unit stays in the name."""
    text = normalize(header).strip()
    match = _HEADER_UNIT.match(text)
    if match and match["name"] and is_unit(match["unit"].strip()):
        return match["name"].strip(), match["unit"].strip()
    return text, ""


@dataclass
class Column:
    """One column of the input: its position, header as written, and what it holds."""

    index: int
    header: str
    role: str | None = None  # a ROLE_NAMES key
    indicator: str | None = None  # wide layout: the indicator id of the column
    period: str = ""  # periods layout: the period the column's header names
    unit: str = ""  # the unit named in the header
    problem: str | Words = ""  # wide and periods layouts: why the column maps to no indicator or period
    unmapped_cells: int = 0  # wide and periods layouts: filled cells of a column that maps to neither


def describe(column: Column) -> Words:
    """A column as the report names it: its header, or its number when it has none."""
    header = column.header.strip()
    return Words(header, header) if header else Words(f"第 {column.index + 1} 列", f"column {column.index + 1}")
