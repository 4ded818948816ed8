"""The Overview sheet: one row per park with its headline figures, and bar charts of their rankings below."""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef

from ...analysis.queries import parks_table
from ...core.units import is_count
from ...data import schema
from .rankings import RANKED_LABEL, RANKED_VALUE
from .writer import Book, Sheet, cell_range, fit_widths

# The Overview's headline figures: size (gdp, industrial_output, output_value),
# what the park pays (tax_revenue), land efficiency (output_intensity) and the
# enterprise base (above_scale_enterprises, high_tech_enterprises). docs/report.md says why.
HEADLINE_INDICATORS = (
    "gdp",
    "industrial_output",
    "output_value",
    "tax_revenue",
    "output_intensity",
    "above_scale_enterprises",
    "high_tech_enterprises",
)
CHART_BARS = 30  # a chart shows at most this many parks, the best ranked


def write_overview(book: Book, worksheet, rankings, positions, rankings_sheet) -> None:
    dataset, lang = book.dataset, book.lang
    table = parks_table(dataset, lang)
    other = "name_zh" if lang == "en" else "name_en"
    headline = [indicator for indicator in HEADLINE_INDICATORS if indicator in rankings and rankings[indicator].rows]
    figures = {indicator: {row["park"]: row for row in rankings[indicator].rows} for indicator in headline}
    headers = [book.label("park_id"), book.label("name"), book.label(other)]
    headers += [book.label(key) for key in ("kind", "level", "province", "city", "figures")]
    first_figure_column = len(headers) + 1
    for indicator in headline:
        unit = dataset.indicators.at[indicator, "unit"]
        headers += [f"{dataset.indicator_name(indicator, lang)} ({book.term(unit)})", book.label("note")]
    rows = []
    for park in table.rows:
        row = [
            park["id"],
            park["name"],
            park[other],
            book.term(park["kind"]),
            book.term(park["level"]),
            book.term(park["province"], place=True),
            book.term(park["city"], place=True),
            park["figures"],
        ]
        for indicator in headline:
            figure = figures[indicator].get(park["id"])
            if figure is None:
                row += [None, None]
            else:
                row += [(figure["value"], figure["unit"]), book.figure_note(figure["period"], figure["qualifier"], schema.WHOLE_PARK)]
        rows.append(row)
    sheet = Sheet(book, worksheet, headers, fit_widths(headers, rows), freeze="C2")
    for position, indicator in enumerate(headline):
        column = first_figure_column + 2 * position
        direction = dataset.indicators.at[indicator, "direction"]
        sheet.colour_scale(cell_range(column, 2, column, len(rows) + 1), direction)
    charts_end = _add_charts(book, worksheet, [indicator for indicator in headline if indicator in positions], positions, rankings_sheet, rankings, first_row=len(rows) + 3)
    sheet.stream(rows, len(rows), last_row=charts_end)


def _add_charts(book: Book, worksheet, indicators, positions, rankings_sheet, rankings, first_row: int) -> int:
    """The bar charts below the Overview table; returns the last row they cover."""
    dataset = book.dataset
    row = first_row
    for indicator in indicators:
        start, count = positions[indicator]
        bars = min(count, CHART_BARS)
        unit = dataset.indicators.at[indicator, "unit"]
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        title = f"{dataset.indicator_name(indicator, book.lang)} ({book.term(unit)})"
        if bars < count:
            title += book.word((f" — 前 {bars} 名，共 {count} 个园区", f" — top {bars} of {count} parks"))
        chart.title = title
        chart.legend = None
        chart.add_data(Reference(rankings_sheet, min_col=RANKED_VALUE, min_row=start, max_row=start + bars - 1))
        names = Reference(rankings_sheet, min_col=RANKED_LABEL, min_row=start, max_row=start + bars - 1)
        chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names)))  # park names are text, not numbers
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
        chart.y_axis.crosses = "max"  # and the value axis below the bars
        chart.x_axis.delete = chart.y_axis.delete = False
        largest = max(abs(row["value"]) for row in rankings[indicator].rows[:bars])
        chart.y_axis.number_format = axis_number_format(unit, largest)
        chart.y_axis.majorGridlines = None
        chart.width = 18
        chart.height = max(6.0, 1.5 + 0.6 * bars)
        worksheet.add_chart(chart, f"A{row}")
        row += math.ceil(chart.height / 0.5) + 2
    return row


def axis_number_format(unit: str, largest: float) -> str:
    """A chart's value axis as the indicator's figures read: whole numbers for counts and for
    values of 10 and more ('0, 500, 1,000', never '0.00, 500.00'), decimals only where ticks need them."""
    return "#,##0" if is_count(unit) or largest >= 10 else "#,##0.0#"
