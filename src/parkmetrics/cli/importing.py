"""Commands that bring a user's own data in: init (an empty dataset) and import (a spreadsheet)."""

from __future__ import annotations

import sys

import click

from .options import LANG_OPTION, say, warn

PROGRESS_THRESHOLD = 2000  # figures; smaller files finish before a bar would help
# The layouts import reads (--layout), as a person reads them: (Chinese, English).
LAYOUTS = {"long": ("长表", "long"), "wide": ("宽表", "wide"), "periods": ("期间横排表", "periods")}
MAPPING_LINES = 40  # columns a dry run lists; a sheet of thousands of columns is summed up after them


@click.command()
@click.argument("directory", type=click.Path())
@click.option("--force", is_flag=True, help="Write the dataset files into a directory that is not empty but holds no dataset.")
@click.option("--reinit", is_flag=True, help="Start again from an empty dataset where one exists; the current files are copied into DIR/backup-DATE-TIME/ first.")
@LANG_OPTION
def init(directory, force, reinit, lang):
    """Create an empty dataset: the four CSV files, the indicator vocabulary and a README.

    A directory that already holds a dataset is left alone unless --reinit is given;
    every file init replaces is kept in a backup directory, whose path is printed.

    \b
    Example:
      parkmetrics init mypark/
    """
    from ..core.i18n import pick
    from ..data.writing import init_dataset

    result = init_dataset(directory, force, reinit)
    if result.backup is not None:
        say(pick((f"原有文件已保留在 {result.backup}", f"kept the previous files in {result.backup}"), lang), err=True)
    names = [path.name for path in result.written]
    say(pick((f"已创建 {directory}：{'、'.join(names)}", f"created {directory}: {', '.join(names)}"), lang), err=True)
    say(pick((f"下一步：`parkmetrics import FILE --into {directory}`", f"next: parkmetrics import FILE --into {directory}"), lang), err=True)


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
@LANG_OPTION
def import_(file, directory, dry_run, replace, layout, encoding, sheet, mappings, park, park_ids, period, percent_as_fraction, source_title, source_url, source_date, layers, lang):
    """Import figures from a CSV, TSV or XLSX file into a dataset directory.

    Every figure ends up added, identical (already present), conflict (present with another
    value; kept unless --replace) or rejected (file:row:column: reason). Exit status 1 when
    anything was rejected or left in conflict.

    \b
    Example:
      parkmetrics import 园区指标.xlsx --into mypark/ --dry-run
      parkmetrics import facts.csv --into mypark/ --map '高企数量=high_tech_enterprises'
    """
    import functools

    from ..core.errors import EXIT_DATA_PROBLEMS
    from ..core.i18n import pick, shown
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
    progress = functools.partial(_progress, label=pick(("导入中", "importing"), lang))
    if dry_run:  # only reads: each file is replaced whole, so no lock is needed
        plan = plan_import(file, directory, options, progress=progress)
    else:
        with dataset_lock(directory):
            plan = plan_import(file, directory, options, progress=progress)
            apply_import(plan)
    for park_row in plan.new_parks:
        park_named = f"{park_row['id']} {park_row['name_zh']}"
        if park_row.get("_from"):
            say(pick((f"取自 {park_row['_from']} 的园区：{park_named}（连同其详情复制）", f"park from {park_row['_from']}: {park_named} (copied with its details)"), lang))
        else:
            say(pick((f"新园区：{park_named}", f"new park: {park_named}"), lang))
    for source in plan.new_sources:
        source_named = f"{source['id']} {source['url'] or source['title']}"
        if source.get("_from"):
            say(pick((f"取自 {source['_from']} 的来源：{source_named}（连同其详情复制）", f"source from {source['_from']}: {source_named} (copied with its details)"), lang))
        else:
            say(pick((f"新来源：{source_named}", f"new source: {source_named}"), lang))
    for finding in [*plan.conflicts, *plan.rejected]:
        say(finding.shown(lang))
    if dry_run:
        say(pick(("各列：", "columns:"), lang))
        mapping = plan.mapping()
        for line in mapping[:MAPPING_LINES]:
            say(f"  {shown(line, lang)}")
        if len(mapping) > MAPPING_LINES:
            more = len(mapping) - MAPPING_LINES
            say(pick((f"  另有 {more} 列", f"  and {more} more column(s)"), lang))
        preview = plan.preview()
        if preview:
            shown_rows, rows = len(preview) - 1, len(plan.added) + len(plan.replacements)
            say(pick((f"共 {rows} 行，前 {shown_rows} 行按存储形式如下：", f"first {shown_rows} of {rows} row(s) as they would be stored:"), lang))
            for line in preview:
                say(f"  {line}")
    for note in plan.notes:
        say(pick(("注意：", "note: "), lang) + shown(note, lang), err=True)
    for warning in plan.warnings:
        warn(shown(warning, lang), lang)
    if dry_run:
        outcome = ("试运行，未写入", "dry run, nothing written")
    else:
        outcome = (f"已写入 {plan.label}", f"written to {plan.label}") if plan.added or plan.replacements else ("无可写入", "nothing to write")
    layout = LAYOUTS.get(plan.layout, (plan.layout, plan.layout))
    say(shown(plan.summary(), lang) + pick((f"（{layout[0]}；{outcome[0]}）", f" ({layout[1]} layout; {outcome[1]})"), lang))
    if plan.has_problems:
        raise SystemExit(EXIT_DATA_PROBLEMS)


def _check_dataset_directory(directory: str) -> None:
    """Refuse the bundled keyword and directories that are no dataset, naming `init`."""
    from pathlib import Path

    from ..core.errors import UsageError
    from ..core.i18n import Words
    from ..data.loading import BUNDLED, no_such_directory

    if directory == BUNDLED:
        raise UsageError(
            Words("--into bundled：内置数据集是只读的；请用 `parkmetrics init DIR` 创建自己的数据集", "--into bundled: the bundled dataset is read-only; create your own with `parkmetrics init DIR`")
        )
    if Path(directory).is_file():
        raise UsageError(Words(f"--into {directory} 是文件；请指定数据集目录（见 `parkmetrics init`）", f"--into {directory} is a file; name a dataset directory (see `parkmetrics init`)"))
    if not Path(directory).is_dir():
        raise UsageError(no_such_directory(directory))


def _progress(records, label: str):
    """A bar on stderr for large files when stderr is a terminal; otherwise the records as they are."""
    if len(records) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return records
    return _bar(records, label)


def _bar(records, label: str):
    with click.progressbar(records, label=label, file=sys.stderr) as bar:
        yield from bar
