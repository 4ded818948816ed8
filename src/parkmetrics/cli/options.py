"""Options shared by every listing command, and the one way results are written."""

from __future__ import annotations

import functools
import io
import os
import sys

import click

from ..table import FORMATS

LANGS = ("zh", "en")


def output_options(command):
    """Add --format, --lang, --data, -o/--output, --force and --excel-safe."""

    @click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
                  help="Output format [default: table on a terminal, csv otherwise].")
    @click.option("--lang", type=click.Choice(LANGS), default=lambda: os.environ.get("PARKMETRICS_LANG", "zh"),
                  show_default="zh, or PARKMETRICS_LANG", help="Language of names and headers.")
    @click.option("--data", "data", multiple=True, envvar="PARKMETRICS_DATA", type=click.Path(),
                  help="Dataset directory; repeat to layer several ('bundled' names the shipped one). Also PARKMETRICS_DATA.")
    @click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                  help="Write to this file instead of stdout.")
    @click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
    @click.option("--excel-safe", is_flag=True,
                  help="In csv/tsv, prefix text starting with = + - @ with an apostrophe so spreadsheets do not run it.")
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        options = Options(**{key: kwargs.pop(key) for key in ("fmt", "lang", "data", "output", "force", "excel_safe")})
        return command(*args, options=options, **kwargs)

    return wrapper


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
        """Load the datasets, telling stderr about rows set aside and layer conflicts."""
        from ..dataset import load

        dataset = load(self.data)
        if dataset.problems:
            names = " ".join(dataset.layers)
            warn(f"{len(dataset.problems)} problem(s) in the data; rows with problems are left out; "
                 f"run `parkmetrics validate {names}` to list them")
        for conflict in dataset.conflicts:
            warn(f"conflict: {conflict}")
        return dataset

    def emit(self, table) -> None:
        """Render the table to stdout or --output, then its warnings to stderr."""
        from ..render import render

        if self.output is None:
            render(table, self.fmt, self.lang, sys.stdout, is_terminal=self.to_terminal, excel_safe_text=self.excel_safe)
            sys.stdout.flush()
        else:
            from ..atomic import atomic_write, refuse_overwrite

            refuse_overwrite(self.output, self.force)
            buffer = io.StringIO()
            render(table, self.fmt, self.lang, buffer, excel_safe_text=self.excel_safe)
            with atomic_write(self.output) as handle:
                handle.write(buffer.getvalue())
        for warning in table.warnings:
            warn(warning)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)
