"""Options shared by every listing command, and the one way results are written."""

from __future__ import annotations

import functools
import io
import os
import sys

import click

from ..core.i18n import pick
from ..core.table import FORMATS

LANGS = ("zh", "en")
LANG_KEY = "parkmetrics.lang"  # where --lang is kept in click's ctx.meta, which every context of a command line shares


def _remember_lang(ctx, param, value):
    """Keep --lang where the error handler finds it, so an error is told in the language asked for."""
    ctx.meta[LANG_KEY] = value
    return value


# Options that commands writing something other than a Table (such as `report`) share too.
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=lambda: os.environ.get("PARKMETRICS_LANG", "zh"),
    show_default="zh, or PARKMETRICS_LANG",
    callback=_remember_lang,
    is_eager=True,  # known before any other option's callback can fail, so that failure is told in it
    help="Language of everything people read: headers, names, notes, warnings, errors; machine formats keep codes.",
)
DATA_OPTION = click.option(
    "--data", "data", multiple=True, envvar="PARKMETRICS_DATA", type=click.Path(), help="Dataset directory; repeat to layer several ('bundled' names the shipped one). Also PARKMETRICS_DATA."
)
FORCE_OPTION = click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
EXCEL_SAFE_OPTION = click.option("--excel-safe", is_flag=True, help="In csv/tsv, prefix text starting with = + - @ with an apostrophe so spreadsheets do not run it.")


def output_options(command=None, *, extra_formats: tuple[str, ...] = ()):
    """Add --format, --lang, --data, -o/--output, --force and --excel-safe.

    extra_formats are formats only this command writes (`data` writes sqlite).
    """
    if command is None:
        return functools.partial(output_options, extra_formats=extra_formats)

    @click.option("--format", "-f", "fmt", type=click.Choice(FORMATS + extra_formats), default=None, help="Output format [default: table on a terminal, csv otherwise].")
    @LANG_OPTION
    @DATA_OPTION
    @click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default=None, help="Write to this file instead of stdout.")
    @FORCE_OPTION
    @EXCEL_SAFE_OPTION
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        options = Options(**{key: kwargs.pop(key) for key in ("fmt", "lang", "data", "output", "force", "excel_safe")})
        return command(*args, options=options, **kwargs)

    return wrapper


def read_period_option(ctx, param, value):
    """A --period as import reads one (2022年, 2022年1-11月, 截至2023年底), in the period grammar."""
    if value is None:
        return None
    from ..core.errors import UsageError
    from ..core.i18n import Words, chinese
    from ..core.periods import read_period

    try:
        return read_period(value).text
    except UsageError as error:
        raise UsageError(Words(f"--period：{chinese(error)}", f"--period: {error}")) from None


def split_names(values) -> list[str]:
    """Names given comma-separated, repeated, or both: ('a,b', 'c') -> ['a', 'b', 'c']."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def resolve_parks(dataset, names) -> list[str]:
    """Park ids for the names given, in order; naming a park twice is an error."""
    from ..core.errors import UsageError
    from ..core.i18n import Words

    park_ids = [dataset.park_id(name) for name in names]
    if len(set(park_ids)) != len(park_ids):
        raise UsageError(Words("有园区被列了两次；每个园区只列一次", "a park is named twice; name each park once"))
    return park_ids


def load_dataset(data, lang: str):
    """Load the datasets, telling stderr (in `lang`) about rows set aside and layer conflicts."""
    from ..core.i18n import pick, shown
    from ..data.loading import load

    dataset = load(list(data) or ["bundled"])
    if dataset.problems:
        names = " ".join(dataset.layers)
        count = len(dataset.problems)
        warn(
            pick(
                (
                    f"数据中有 {count} 个问题；有问题的行未使用；运行 `parkmetrics validate {names}` 可列出它们",
                    f"{count} problem(s) in the data; rows with problems are left out; run `parkmetrics validate {names}` to list them",
                ),
                lang,
            ),
            lang,
        )
    for conflict in dataset.conflicts:
        warn(pick(("冲突：", "conflict: "), lang) + shown(conflict, lang), lang)
    return dataset


class Options:
    def __init__(self, fmt, lang, data, output, force, excel_safe):
        self.lang = lang
        self.data = list(data) or ["bundled"]
        self.output = None if output in (None, "-") else output
        self.force = force
        self.excel_safe = excel_safe
        to_terminal = self.output is None and sys.stdout.isatty()
        self.fmt = fmt or ("table" if to_terminal else "csv")
        self.to_terminal = to_terminal

    def load(self):
        return load_dataset(self.data, self.lang)

    def emit(self, table) -> None:
        """Render the table to stdout or --output, then its warnings to stderr."""
        from ..output.render import render

        if self.output is None:
            render(table, self.fmt, self.lang, sys.stdout, is_terminal=self.to_terminal, excel_safe_text=self.excel_safe)
            sys.stdout.flush()
        else:
            from ..files.atomic import atomic_write, refuse_overwrite

            refuse_overwrite(self.output, self.force)
            buffer = io.StringIO()
            render(table, self.fmt, self.lang, buffer, excel_safe_text=self.excel_safe)
            with atomic_write(self.output) as handle:
                handle.write(buffer.getvalue())
        for warning in table.warnings:
            warn(warning, self.lang)


def warn(message: str, lang: str) -> None:
    say(pick(("警告：", "warning: "), lang) + message, err=True)


def say(message: str, err: bool = False) -> None:
    """A line for a person; what it quotes from files is shown, never acted on by the terminal (textnorm.printable)."""
    from ..core.textnorm import printable

    click.echo(printable(message), err=err)
