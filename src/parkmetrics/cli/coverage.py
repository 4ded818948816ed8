"""The coverage command: which park has which indicator, and for which period."""

from __future__ import annotations

import click

from .options import output_options, split_names


@click.command()
@click.option("--indicators", "indicator_names", multiple=True, help="Only these indicators (comma-separated or repeated) [default: the core indicators].")
@click.option("--all", "all_indicators", is_flag=True, help="Every indicator that one of the parks has a figure for.")
@click.option("--province", default=None, help="Only the parks of this province, e.g. 江苏.")
@click.option("--kind", default=None, help="Only parks of this kind: 经开区, 高新区, 国家级新区 …")
@click.option("--groups", is_flag=True, help="Also list benchmark groups (all national ETDZs …).")
@output_options
def coverage(indicator_names, all_indicators, province, kind, groups, options):
    """Show which figures each park has: the period of its latest figure per indicator.

    Each cell is the period of the park's latest whole-park actual figure;
    an empty cell means the park has none. The last columns count the indicators
    with data and name the full year with the most core figures.

    \b
    Examples:
      parkmetrics coverage
      parkmetrics coverage --province 江苏 --format csv
      parkmetrics coverage --indicators gdp,high_tech_enterprises --kind 高新区
    """
    from ..analysis.coverage import coverage_table, select_parks
    from ..core.errors import UsageError
    from ..core.i18n import Words

    if all_indicators and indicator_names:
        raise UsageError(Words("--all 和 --indicators 是选指标的两种方式；只给其中一个", "--all and --indicators choose the indicators two ways; give one of them"))
    dataset = options.load()
    parks = select_parks(dataset, province, kind, groups)
    if all_indicators:
        present = {indicator for (indicator,) in dataset.figure_rows(parks, fields=("indicator",))}
        indicators = [record["id"] for record in dataset.indicator_records() if record["id"] in present]
    else:
        indicators = [dataset.indicator_id(name) for name in split_names(indicator_names)] or dataset.core_indicators
    if not indicators:
        raise UsageError(Words("数据集没有标为核心的指标；请用 --indicators 指定，或用 --all", "the dataset marks no indicator as core; name some with --indicators or use --all"))
    options.emit(coverage_table(dataset, options.lang, parks, indicators))
