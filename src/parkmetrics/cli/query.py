"""Commands that ask the dataset questions: parks, indicators, show, compare, rank, data."""

from __future__ import annotations

import click

from ..errors import UsageError
from . import main
from .options import output_options


@main.command()
@output_options
def parks(options):
    """List the parks with their kind, province and number of figures.

    \b
    Example:
      parkmetrics parks --lang en
    """
    from ..analysis import parks_table

    options.emit(parks_table(options.load(), options.lang))


@main.command()
@output_options
def indicators(options):
    """List the indicators with their canonical unit, direction and coverage.

    \b
    Example:
      parkmetrics indicators --format csv
    """
    from ..analysis import indicators_table

    options.emit(indicators_table(options.load(), options.lang))


@main.command()
@click.argument("park")
@click.option("--sources", "with_sources", is_flag=True, help="Add each figure's source id and verbatim quote.")
@output_options
def show(park, with_sources, options):
    """Show every figure of one park in canonical units.

    \b
    Example:
      parkmetrics show changde --sources
    """
    from ..analysis import show_table

    dataset = options.load()
    options.emit(show_table(dataset, dataset.park_id(park), options.lang, with_sources))


def _split(values) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


@main.command()
@click.argument("parks", nargs=-1, required=True)
@click.option("--indicators", "indicator_names", multiple=True, help="Only these indicators (comma-separated or repeated).")
@click.option("--common", is_flag=True, help="Only indicators that every park has.")
@click.option("--include-targets", is_flag=True, help="Also show targets (力争/目标), marked *, and estimates (预计), marked ‡.")
@output_options
def compare(parks, indicator_names, common, include_targets, options):
    """Compare parks side by side: indicators down, parks across.

    With two parks a ratio column says how they compare, or why they cannot.

    \b
    Example:
      parkmetrics compare qianjiang jinzhong
    """
    from ..analysis import compare_table
    from ..errors import UsageError

    dataset = options.load()
    park_ids = [dataset.park_id(park) for park in parks]
    if len(set(park_ids)) != len(park_ids):
        raise UsageError("a park is named twice; name each park once")
    indicator_ids = [dataset.indicator_id(name) for name in _split(indicator_names)]
    options.emit(compare_table(dataset, park_ids, options.lang, indicator_ids or None, common, include_targets))


@main.command()
@click.argument("indicator")
@click.option("--period", default=None, help="Rank figures of this period only, e.g. 2022 or 2023-05.")
@output_options
def rank(indicator, period, options):
    """Rank parks by one indicator, best first, with the period of each figure.

    \b
    Example:
      parkmetrics rank high_tech_enterprises
    """
    from ..analysis import rank_table

    dataset = options.load()
    options.emit(rank_table(dataset, dataset.indicator_id(indicator), options.lang, period))


@main.command()
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
    from ..analysis import data_table, select_observations

    if options.fmt == "sqlite" and options.output is None:
        raise UsageError("--format sqlite writes a database file, not text; add -o FILE.db")
    dataset = options.load()
    park_ids = [dataset.park_id(name) for name in _split(park_names)]
    indicator_ids = [dataset.indicator_id(name) for name in _split(indicator_names)]
    if options.fmt != "sqlite":
        options.emit(data_table(dataset, park_ids or None, indicator_ids or None))
        return
    from ..atomic import refuse_overwrite
    from ..sqlite_export import write_sqlite

    refuse_overwrite(options.output, options.force)
    count = write_sqlite(dataset, options.output, select_observations(dataset, park_ids or None, indicator_ids or None))
    click.echo(f"wrote {count} observations to {options.output}", err=True)
