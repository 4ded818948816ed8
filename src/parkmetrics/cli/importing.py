"""Commands that bring a user's own data in: init (an empty dataset) and import (a spreadsheet)."""

from __future__ import annotations

import sys

import click

from .options import say, warn

PROGRESS_THRESHOLD = 2000  # figures; smaller files finish before a bar would help
MAPPING_LINES = 40  # columns a dry run lists; a sheet of thousands of columns is summed up after them


@click.command()
@click.argument("directory", type=click.Path())
@click.option("--force", is_flag=True, help="Write the dataset files into a directory that is not empty but holds no dataset.")
@click.option("--reinit", is_flag=True, help="Start again from an empty dataset where one exists; the current files are copied into DIR/backup-DATE-TIME/ first.")
def init(directory, force, reinit):
    """Create an empty dataset: the four CSV files, the indicator vocabulary and a README.

    A directory that already holds a dataset is left alone unless --reinit is given;
    every file init replaces is kept in a backup directory, whose path is printed.

    \b
    Example:
      parkmetrics init mypark/
    """
    from ..data.writing import init_dataset

    result = init_dataset(directory, force, reinit)
    if result.backup is not None:
        say(f"kept the previous files in {result.backup}", err=True)
    say(f"created {directory}: {', '.join(path.name for path in result.written)}", err=True)
    say(f"next: parkmetrics import FILE --into {directory}", err=True)


@click.command("import")
@click.argument("file", type=click.Path())
@click.option("--into", "directory", required=True, type=click.Path(), help="The dataset directory to add the figures to (see `parkmetrics init`).")
@click.option("--dry-run", is_flag=True, help="Report what would be added, identical, in conflict or rejected, what each column is read as and the first rows as they would be stored; write nothing.")
@click.option("--replace", is_flag=True, help="Where a figure is already present with another value, use the imported one.")
@click.option(
    "--layout",
    type=click.Choice(("long", "wide", "periods")),
    default=None,
    help="long: one figure per row; wide: one indicator per column; periods: indicators down, one period per column [default: detected].",
)
@click.option("--encoding", default=None, help="Encoding of a CSV/TSV file [default: detected among UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK, Big5].")
@click.option("--sheet", default=None, help="Worksheet of an .xlsx file, by name or number from 1 [default: the first].")
@click.option("--map", "mappings", multiple=True, metavar="'NAME=INDICATOR'", help="Map a column or indicator name to an indicator for this run; repeatable.")
@click.option("--park", default=None, help="The park of rows that name none (e.g. a wide sheet about one park).")
@click.option("--park-id", "park_ids", multiple=True, metavar="'NAME=ID'", help="The id of a park not yet in the dataset [default: from its name's pinyin]; repeatable.")
@click.option("--period", default=None, help="The period of rows that give none, e.g. 2023.")
@click.option("--percent-as-fraction", is_flag=True, help="Read bare numbers under a % unit as fractions (0.0905 is 9.05%) instead of as written.")
@click.option("--source-title", default=None, help="Title of the source of rows that name none.")
@click.option("--source-url", default=None, help="Address of the source of rows that name none.")
@click.option("--source-date", default=None, help="Publication date (YYYY-MM-DD) of the source of rows that name none.")
@click.option(
    "--data",
    "layers",
    multiple=True,
    type=click.Path(),
    help="Another dataset whose parks a park name resolves to, by name or alias; the park keeps its id and is copied "
    "whole into --into. Repeatable ('bundled' names the shipped one) [default: bundled].",
)
def import_(file, directory, dry_run, replace, layout, encoding, sheet, mappings, park, park_ids, period, percent_as_fraction, source_title, source_url, source_date, layers):
    """Import figures from a CSV, TSV or XLSX file into a dataset directory.

    Every figure ends up added, identical (already present), conflict (present with another
    value; kept unless --replace) or rejected (file:row:column: reason). Exit status 1 when
    anything was rejected or left in conflict.

    \b
    Example:
      parkmetrics import 园区指标.xlsx --into mypark/ --dry-run
      parkmetrics import facts.csv --into mypark/ --map '高企数量=high_tech_enterprises'
    """
    from ..core.errors import EXIT_DATA_PROBLEMS
    from ..data.writing import dataset_lock
    from ..importing.plan import ImportOptions, apply_import, plan_import

    options = ImportOptions(
        layout=layout,
        encoding=encoding,
        sheet=sheet,
        mappings=mappings,
        park=park,
        park_ids=park_ids,
        period=period,
        percent_as_fraction=percent_as_fraction,
        source_title=source_title,
        source_url=source_url,
        source_date=source_date,
        replace=replace,
        layers=layers,
    )
    _check_dataset_directory(directory)
    if dry_run:  # only reads: each file is replaced whole, so no lock is needed
        plan = plan_import(file, directory, options, progress=_progress)
    else:
        with dataset_lock(directory):
            plan = plan_import(file, directory, options, progress=_progress)
            apply_import(plan)
    for park_row in plan.new_parks:
        if park_row.get("_from"):
            say(f"park from {park_row['_from']}: {park_row['id']} {park_row['name_zh']} (copied with its details)")
        else:
            say(f"new park: {park_row['id']} {park_row['name_zh']}")
    for source in plan.new_sources:
        if source.get("_from"):
            say(f"source from {source['_from']}: {source['id']} {source['url'] or source['title']} (copied with its details)")
        else:
            say(f"new source: {source['id']} {source['url'] or source['title']}")
    for finding in [*plan.conflicts, *plan.rejected]:
        say(str(finding))
    if dry_run:
        say("columns:")
        mapping = plan.mapping()
        for line in mapping[:MAPPING_LINES]:
            say(f"  {line}")
        if len(mapping) > MAPPING_LINES:
            say(f"  and {len(mapping) - MAPPING_LINES} more column(s)")
        preview = plan.preview()
        if preview:
            say(f"first {len(preview) - 1} of {len(plan.added) + len(plan.replacements)} row(s) as they would be stored:")
            for line in preview:
                say(f"  {line}")
    for note in plan.notes:
        say(f"note: {note}", err=True)
    for warning in plan.warnings:
        warn(warning)
    outcome = "dry run, nothing written" if dry_run else (f"written to {plan.label}" if plan.added or plan.replacements else "nothing to write")
    say(f"{plan.summary()} ({plan.layout} layout; {outcome})")
    if plan.has_problems:
        raise SystemExit(EXIT_DATA_PROBLEMS)


def _check_dataset_directory(directory: str) -> None:
    """Refuse the bundled keyword and directories that are no dataset, naming `init`."""
    from pathlib import Path

    from ..core.errors import UsageError
    from ..data.loading import BUNDLED

    if directory == BUNDLED:
        raise UsageError("--into bundled: the bundled dataset is read-only; create your own with `parkmetrics init DIR`")
    if Path(directory).is_file():
        raise UsageError(f"--into {directory} is a file; name a dataset directory (see `parkmetrics init`)")
    if not Path(directory).is_dir():
        raise UsageError(f"dataset directory '{directory}' does not exist; create one with `parkmetrics init {directory}`")


def _progress(records):
    """A bar on stderr for large files when stderr is a terminal; otherwise the records as they are."""
    if len(records) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return records
    return _bar(records)


def _bar(records):
    with click.progressbar(records, label="importing", file=sys.stderr) as bar:
        yield from bar
