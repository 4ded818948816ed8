"""The Rankings sheet: composite rankings first, then one block of ranked parks per indicator, as `parkmetrics rank`."""

from __future__ import annotations

from ...core.table import LABELS
from ...data import schema
from .writer import Book, Heading, Sheet, cell_range, fit_widths, is_missing, widest

RANKING_COLUMNS = ("indicator_id", "indicator_name", "unit", "rank", "park_id", "park_name", "value", "qualifier", "period", "source", "chart_label")
# 1-based columns of the Rankings sheet that charts and colour scales refer to.
# Charts name each bar by chart_label, the park with the period of its figure: 苏州工业园区 (2023).
RANKED_LABEL, RANKED_VALUE = RANKING_COLUMNS.index("chart_label") + 1, RANKING_COLUMNS.index("value") + 1


def write_rankings(book: Book, worksheet, ranked, composites) -> dict[str, tuple[int, int]]:
    """Composite rankings first, then one block of rows per indicator; returns each indicator block's first row
    and length for the charts."""
    dataset = book.dataset
    headers = [book.label(key) for key in RANKING_COLUMNS]
    rows, offsets = [], {}
    for indicator, table in ranked.items():
        offsets[indicator] = (len(rows), len(table.rows))
        name = dataset.indicator_name(indicator, book.lang)
        for entry in table.rows:
            rows.append(
                [
                    indicator,
                    name,
                    book.term(entry["unit"]),
                    entry["rank"],
                    entry["park"],
                    entry["name"],
                    (entry["value"], entry["unit"]),
                    book.qualifier_word(entry["qualifier"]) or None,
                    entry["period"],
                    entry["source"],
                    f"{entry['name']} ({entry['period']})",
                ]
            )
    blocks = [_CompositeBlock(book, result) for result in composites]
    widths = widest(fit_widths(headers, rows), *(fit_widths(block.headers, block.rows) for block in blocks))
    # Blocks of different columns share the sheet, so only a sheet of one block keeps its header in view.
    sheet = Sheet(book, worksheet, None if blocks else headers, widths, freeze=None if blocks else "A2")
    for block in blocks:
        block.write(sheet)
    if blocks:
        sheet.append([Heading(book.word(("单项指标排名", "Rankings by indicator")))], count=False)
        sheet.append_header(headers)
    positions = {indicator: (sheet.next_row + offset, count) for indicator, (offset, count) in offsets.items()}
    for indicator, (start, count) in positions.items():
        direction = dataset.indicators.at[indicator, "direction"]
        sheet.colour_scale(cell_range(RANKED_VALUE, start, RANKED_VALUE, start + count - 1), direction)
    sheet.stream(rows, len(rows))
    return positions


def _figure(value, unit: str):
    """A (value, unit) cell, or no cell for a missing value."""
    return None if is_missing(value) else (value, unit)


class _CompositeBlock:
    """One composite ranking on the Rankings sheet: heading, header, one row per park (ranked ones first), notes.

    Each indicator of the profile gets three columns: the figure used, its period and
    qualifier, and its normalised score, so every score can be checked by hand.
    """

    def __init__(self, book: Book, result):
        from ...analysis.composite import result_table

        self.book, self.result = book, result
        profile, dataset, lang = result.profile, result.dataset, book.lang
        table = result_table(result, lang, verbose=True)
        keys = ["rank", "park_id", "park_name", "score", "coverage"]
        if profile.classes:
            keys.append("class")
        if result.simulation is not None:
            keys += ["rank_median", "rank_low", "rank_high"]
        self.headers = [book.label(key) for key in keys] + [book.label("inexact")]
        units = {indicator: dataset.indicators.at[indicator, "unit"] for indicator in profile.ids}
        for indicator in profile.ids:
            name = dataset.indicator_name(indicator, lang)
            self.headers += [f"{name} ({book.term(units[indicator])})", book.label("note"), book.word((f"{name} 得分", f"{name} score"))]
        self.headers.append(book.word(LABELS["note"]))  # the reason a park is not ranked, as rank says it
        # 1-based: the keys, the inexact column, then value, note and score of each indicator.
        self.score_columns = [keys.index("score") + 1] + [len(keys) + 4 + 3 * position for position in range(len(profile.ids))]
        qualifiers = {(park, indicator): qualifier for park, indicator, qualifier in zip(result.figures["park"], result.figures["indicator"], result.figures["qualifier"])}
        self.rows = []
        for entry in table.rows:
            row = [entry.get("rank"), entry["park"], entry["name"], _figure(entry.get("score"), ""), (entry["coverage"], "%")]
            if profile.classes:
                row.append(entry.get("class"))
            if result.simulation is not None:
                row += [entry.get("rank_median"), entry.get("rank_low"), entry.get("rank_high")]
            row.append(entry.get("inexact") or None)
            for indicator in profile.ids:
                value, period = entry.get(f"{indicator}.value"), entry.get(f"{indicator}.period")
                note = book.figure_note(period, qualifiers[(entry["park"], indicator)], schema.WHOLE_PARK) if period else None
                row += [_figure(value, units[indicator]), note, _figure(entry.get(f"{indicator}.score"), "")]
            row.append(entry["note"].shown(book.lang) if entry.get("note") else None)
            self.rows.append(row)
        self.notes = table.notes + table.warnings

    def write(self, sheet: Sheet) -> None:
        profile, book = self.result.profile, self.book
        title = profile.word("title", book.lang) or profile.name
        sheet.append([Heading(book.word((f"综合排名：{title}（{profile.name}）", f"Composite ranking: {title} ({profile.name})")))], count=False)
        ranked = len(self.result.scores)
        if not ranked:
            self._write_coverage(sheet)
            return
        sheet.append_header(self.headers)
        first = sheet.next_row
        for row in self.rows:
            sheet.append(row)
        if ranked >= 2:
            for column in self.score_columns:
                sheet.colour_scale(cell_range(column, first, column, first + ranked - 1), "higher")
        for note in self.notes:
            sheet.append([note], count=False)
        sheet.append([], count=False)

    def _write_coverage(self, sheet: Sheet) -> None:
        """A profile that ranks no park: why, in one line, then each park's coverage and what it lacks."""
        book, minimum = self.book, f"{self.result.profile.min_coverage * 100:.1f}".rstrip("0").rstrip(".")
        sheet.append(
            [
                book.word(
                    (
                        f"没有园区参与排名：没有园区的数字覆盖权重的 {minimum} %（最低覆盖率）；以下是各园区的覆盖率和所缺指标。",
                        f"No park is ranked: no park has figures for {minimum} % of the weight (the minimum coverage); below, each park's coverage and what it lacks.",
                    )
                )
            ],
            count=False,
        )
        sheet.append_header([book.label(key) for key in ("park_id", "park_name", "coverage")] + [book.word(LABELS["note"])])
        for row in self.rows:
            sheet.append([row[1], row[2], row[4], row[-1]])
        sheet.append([], count=False)
