"""The validate command: list every problem of a dataset as file:line: message."""

from __future__ import annotations

import click

from .options import EXCEL_SAFE_OPTION, LANG_OPTION, say, warn


@click.command()
@click.argument("directories", nargs=-1, type=click.Path())
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "csv", "tsv", "json", "jsonl")), default="text", show_default=True, help="text prints file:line: message lines.")
@EXCEL_SAFE_OPTION
@LANG_OPTION
def validate(directories, fmt, excel_safe, lang):
    """Check dataset directories and report every problem; exit 1 if there are any.

    Without a directory, the bundled dataset is checked.

    \b
    Example:
      parkmetrics validate datasets
    """
    import sys

    from ..core.errors import EXIT_DATA_PROBLEMS
    from ..core.i18n import Words, pick
    from ..core.table import Column, Table
    from ..core.textnorm import printable
    from ..data.loading import load
    from ..output.render import render

    dataset = load(list(directories) or ["bundled"])
    # Messages quote the files; a terminal shows what they quote, never acts on it.
    problems = [(printable(problem.file), problem.line, problem.message.each(printable)) for problem in dataset.problems]
    problems += [("", 0, (Words("冲突：", "conflict: ") + conflict).each(printable)) for conflict in dataset.conflicts]
    if fmt == "text":
        for file, line, message in problems:
            click.echo(f"{file}:{line}: {message.shown(lang)}" if file else message.shown(lang))
    else:
        table = Table([Column("file"), Column("line", "integer"), Column("message")], [{"file": file, "line": line, "message": message} for file, line, message in problems])
        render(table, fmt, "en", sys.stdout, excel_safe_text=excel_safe)
    sizes = dataset.table_sizes()
    observations = sizes["observations"]
    if problems:
        warn(pick((f"{len(problems)} 个问题；{observations} 条数据有效", f"{len(problems)} problem(s); {observations} observations are valid"), lang), lang)
        raise SystemExit(EXIT_DATA_PROBLEMS)
    counts = (sizes["parks"], sizes["indicators"], sizes["sources"], observations)
    say(
        pick(
            (
                "ok：{} 个园区、{} 个指标、{} 个来源、{} 条数据，没有问题".format(*counts),
                "ok: {} parks, {} indicators, {} sources, {} observations, no problems".format(*counts),
            ),
            lang,
        ),
        err=True,
    )
