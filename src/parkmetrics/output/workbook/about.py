"""The About sheet: what data and command produced the workbook, how to read it, and the notes of its tables."""

from __future__ import annotations

import hashlib

from ... import __version__
from ...analysis.queries import ESTIMATE_MARK, PART_MARK, TARGET_MARK
from ...core.i18n import shown
from ...data import schema
from ...data.loading import layer_path
from ...data.model import Dataset
from .overview import CHART_BARS
from .writer import Book, Heading, Sheet, Wrapped

TITLE = ("园区对标报告", "Park benchmarking report")

READING_NOTES = (
    (
        "数值列只放数字。原文的限定写在相邻的“期间 · 说明”列：超过 = 原文为超、余、以上；不足 = 不足、不到；约 = 约、近、左右。",
        "Value columns hold numbers only. The adjacent 'Period · note' column says 'more than' (超, 余, 以上), 'less than' (不足, 不到) or 'about' (约, 近, 左右) when the source words the figure so.",
    ),
    (
        "期间：2022 为全年；2022-01/2022-11 为1-11月，是部分年份，不与全年比较；2018/2022 为多年合计；2023-05 对存量指标表示截至该月。",
        "Periods: 2022 is a calendar year; 2022-01/2022-11 is January to November, a partial year never compared "
        "with a full year; 2018/2022 covers several years together; 2023-05 is the as-of month of a stock.",
    ),
    (f"{PART_MARK} 表示该数字只覆盖园区的一部分（后面写明范围），不代表整个园区。", f"{PART_MARK} marks a figure that covers only the named part of the park, not the whole park."),
    (
        f"“对比”表中状态为“目标”、名称带 {TARGET_MARK} 的行是目标（力争、目标、计划），状态为“预计”、名称带 {ESTIMATE_MARK} 的行是预计数，都不是实际数字；“概览”和“排名”只用实际数字。",
        f"Rows of the Compare sheet with status 'target' (marked {TARGET_MARK}) are targets (力争, 目标, 计划) and rows with "
        f"status 'estimate' (marked {ESTIMATE_MARK}) are estimates (预计); neither is an actual figure. Overview and "
        "Rankings use actual figures only.",
    ),
    (
        "“概览”和“排名”用每个园区最新的、覆盖整个园区的实际数字（同 parkmetrics rank）；“对比”的选取规则同 parkmetrics compare：实际优先于目标，整个园区优先于局部，最新期间优先。",
        "Overview and Rankings use each park's latest actual figure for the whole park (as parkmetrics rank does); "
        "Compare chooses as parkmetrics compare does: actual before target, whole park before a part, latest period first.",
    ),
    (
        "所有数字已换算为指标的标准单位（见“指标”表），单位写在表头或“单位”列；百分比指标的值是百分数（9.05 即 9.05%）。计数显示为整数，其他数字显示两位小数，原值有更多小数时全部显示，从不四舍五入。",
        "Every figure is converted into its indicator's unit (see the Indicators sheet), named in the header or the "
        "Unit column; percentages are stored as percent (9.05 means 9.05 %). Counts show as whole numbers, other "
        "figures with two decimals, and with more when the value has more: nothing is shown rounded.",
    ),
    (
        "色阶按指标方向着色：越高越好的指标高值为绿色，越低越好的指标低值为绿色；中性指标（如面积）只用一种颜色，不表示好坏。",
        "Colour scales follow each indicator's direction: green is better (high values when higher is better, low "
        "values when lower is better); neutral indicators such as area get a single colour that implies no judgement.",
    ),
    (
        "“数据”表与 parkmetrics data --format csv 逐行一致，列名是其英文键；“来源”表列出每条数据的原文摘录。",
        "The Data sheet matches parkmetrics data --format csv row for row, under its ASCII column keys; the Sources sheet gives each figure's verbatim quote.",
    ),
    (
        f"“概览”表下方的条形图：至少两个园区都有的概览指标各一张，按排名显示，最多 {CHART_BARS} 个园区。",
        f"Bar charts below the Overview table: one per headline indicator that two or more parks have, in rank order, showing at most {CHART_BARS} parks.",
    ),
)


def dataset_fingerprint(dataset: Dataset) -> str:
    """SHA-256 over the four files of every layer, in layer order: names the exact data of a report."""
    digest = hashlib.sha256()
    for label in dataset.layers:
        for table in schema.COLUMNS:
            try:
                digest.update((layer_path(label) / schema.file_name(table)).read_bytes())
            except OSError:
                return "unknown (a dataset file is no longer readable)"
    return digest.hexdigest()


def write_about(book: Book, worksheet, command_line: str, notes: list[str]) -> None:
    dataset = book.dataset
    facts = [
        (("报告", "Report"), book.word(TITLE)),
        (("数据集", "Dataset"), ", ".join(dataset.layers)),
        (("数据集 SHA-256", "Dataset SHA-256"), dataset_fingerprint(dataset)),
        (("parkmetrics 版本", "parkmetrics version"), __version__),
        (("生成时间", "Generated"), book.generated.isoformat(timespec="seconds")),
        (("命令", "Command line"), command_line),
        (("园区", "Parks"), len(dataset.parks)),
        (("指标", "Indicators"), len(dataset.indicators)),
        (("来源", "Sources"), len(dataset.sources)),
        (("数据条数", "Figures"), len(dataset.observations)),
        (("因问题未收入的行", "Rows left out for problems"), len(dataset.problems)),
    ]
    sheet = Sheet(book, worksheet, None, widths=[24, 110])
    for label, value in facts:
        sheet.append([book.word(label), value], count=False)
    for conflict in dataset.conflicts:
        sheet.append([book.word(("数据层冲突", "Layer conflict")), shown(conflict, book.lang)], count=False)
    for heading, lines in ((book.label("reading"), [book.word(note) for note in READING_NOTES]), (book.label("notes"), notes)):
        if lines:
            sheet.append([], count=False)
            sheet.append([Heading(heading)], count=False)
            for line in lines:
                sheet.append([None, Wrapped(line)], count=False)
    sheet.set_print_area(sheet.next_row - 1)
