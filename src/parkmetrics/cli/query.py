"""Commands that ask the dataset questions: parks, indicators, show, compare, rank, data.

They answer from the compiled store (`data.store`), reading only the rows each question needs,
and never import pandas, derived figures (--derived) included.
"""

from __future__ import annotations

import click

from ..core.errors import UsageError
from ..core.i18n import Words, pick
from .composite import composite_options
from .options import output_options, read_period_option, resolve_parks, say, split_names


@click.command()
@output_options
def parks(options):
    """List the parks with their kind, province and number of figures.

    \b
    Example:
      parkmetrics parks --lang en
    """
    from ..analysis.queries import parks_table

    options.emit(parks_table(options.load(), options.lang))


@click.command()
@output_options
def indicators(options):
    """List the indicators with their canonical unit, direction and coverage.

    \b
    Example:
      parkmetrics indicators --format csv
    """
    from ..analysis.queries import indicators_table

    options.emit(indicators_table(options.load(), options.lang))


@click.command()
@click.argument("park")
@click.option("--sources", "with_sources", is_flag=True, help="Add each figure's source id and verbatim quote.")
@click.option("--derived", is_flag=True, help="Add derived figures (per mu, per employee, shares) with their formula.")
@output_options
def show(park, with_sources, derived, options):
    """Show every figure of one park in canonical units.

    \b
    Example:
      parkmetrics show changde --sources
    """
    from ..analysis.queries import show_table

    dataset = options.load()
    options.emit(show_table(dataset, dataset.park_id(park), options.lang, with_sources, derived))


@click.command()
@click.argument("parks", nargs=-1, required=True)
@click.option("--indicators", "indicator_names", multiple=True, help="Only these indicators (comma-separated or repeated).")
@click.option("--common", is_flag=True, help="Only indicators that every park has.")
@click.option("--include-targets", is_flag=True, help="Also show targets (力争/目标), marked *, and estimates (预计), marked ‡.")
@click.option("--derived", is_flag=True, help="Add derived indicators (per mu, per employee, shares), marked ƒ.")
@click.option("--period", default=None, help="Compare figures of this period only, e.g. 2022 or 2022-01/2022-11.")
@click.option("--year", type=click.IntRange(1900, 2200), default=None, help="Compare figures of periods ending in this year (the year, months of it, stocks as of it).")
@output_options
def compare(parks, indicator_names, common, include_targets, derived, period, year, options):
    """Compare parks side by side: indicators down, parks across.

    Each indicator is compared for the latest period every park has, and a note says so
    when a park has a later figure; --period or --year choose the period yourself.
    With two parks a ratio column says how they compare, or why they cannot.

    \b
    Examples:
      parkmetrics compare qianjiang jinzhong
      parkmetrics compare suzhou longling --year 2022
    """
    from ..analysis.derived import WithDerived
    from ..analysis.queries import compare_table

    dataset = options.load()
    park_ids = resolve_parks(dataset, parks)
    vocabulary = WithDerived(dataset, park_ids, ids=()) if derived else dataset
    indicator_ids = [vocabulary.indicator_id(name) for name in split_names(indicator_names)]
    if period is not None and year is not None:
        raise UsageError(Words("请给出 --period 或 --year，不要两者都给", "give --period or --year, not both"))
    options.emit(compare_table(dataset, park_ids, options.lang, indicator_ids or None, common, include_targets, derived, period, year))


@click.command()
@click.argument("indicator", required=False)
@click.option("--period", default=None, callback=read_period_option, help="Rank figures of this period only, e.g. 2022, 2022年, 2023-05 or 2022年1-11月 (the spellings import reads).")
@composite_options
@output_options
def rank(indicator, period, composite, options):
    """Rank parks by one indicator, or by a weighted composite of several, best first.

    \b
    Examples:
      parkmetrics rank high_tech_enterprises
      parkmetrics rank --profile innovation --uncertainty 1000 --seed 7
      parkmetrics rank --weights high_tech_enterprises=2,invention_patents=1 --verbose
    """
    from ..analysis.queries import rank_table
    from ..core.errors import UsageError

    if composite.requested:
        return composite.run(options, indicator, period)
    if indicator is None:
        raise UsageError(Words("请给出 `INDICATOR`，或用 `--profile NAME` 或 `--weights a=2,b=1` 按多个指标排名", "name an INDICATOR, or rank by several with --profile NAME or --weights a=2,b=1"))
    composite.refuse_options()
    dataset = options.load()
    options.emit(rank_table(dataset, dataset.indicator_id(indicator), options.lang, period))


@click.command()
@click.option("--park", "park_names", multiple=True, help="Only these parks (comma-separated or repeated).")
@click.option("--indicator", "indicator_names", multiple=True, help="Only these indicators (comma-separated or repeated).")
@output_options(extra_formats=("sqlite",))
def data(park_names, indicator_names, options):
    """Print the observations in canonical units, for pipelines.

    Columns: park, indicator, period, scope, status, qualifier, value, unit, raw, source, quote.
    With --format sqlite -o FILE.db, write parks, indicators, sources and observations as SQLite tables.

    \b
    Example:
      parkmetrics data --park jinzhong --format json
      parkmetrics data --data mypark --data bundled --format sqlite -o parks.db
    """
    from ..analysis.queries import data_table
    from ..output.render import MACHINE_FORMATS

    if options.fmt == "sqlite" and options.output is None:
        raise UsageError(Words("`--format sqlite` 写的是数据库文件，不是文本；请加 `-o FILE.db`", "--format sqlite writes a database file, not text; add -o FILE.db"))
    dataset = options.load()
    park_ids = [dataset.park_id(name) for name in split_names(park_names)]
    indicator_ids = [dataset.indicator_id(name) for name in split_names(indicator_names)]
    if options.fmt != "sqlite":
        options.emit(data_table(dataset, park_ids or None, indicator_ids or None, streamed=options.fmt in MACHINE_FORMATS))
        return
    from ..files.atomic import refuse_overwrite
    from ..output.sqlite import write_sqlite

    refuse_overwrite(options.output, options.force)
    count = write_sqlite(dataset, options.output, park_ids or None, indicator_ids or None)
    say(pick((f"已将 {count} 条数据写入 {options.output}", f"wrote {count} observations to {options.output}"), options.lang), err=True)
