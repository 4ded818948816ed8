"""The report command: an Excel workbook of the dataset, for people who live in spreadsheets."""

from __future__ import annotations

import shlex
import sys

import click

from .composite import AGGREGATE_OPTION, MIN_COVERAGE_OPTION, NORMALIZE_OPTION, SEED_OPTION, UNCERTAINTY_OPTION, refuse_composite_only, require_uncertainty, with_command_line_options
from .options import DATA_OPTION, FORCE_OPTION, LANG_OPTION, load_dataset, resolve_parks, say, split_names, warn


@click.command()
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="The .xlsx file to write; '-' writes the workbook to stdout.")
@click.option("--parks", "park_names", multiple=True, help="Only these parks, in this order (comma-separated or repeated) [default: all].")
@click.option(
    "--profile",
    "profile_names",
    multiple=True,
    metavar="NAME|FILE.toml",
    help="Put this composite ranking on the Rankings sheet (repeatable): a shipped profile (see `parkmetrics profiles`) or a .toml file.",
)
@NORMALIZE_OPTION
@AGGREGATE_OPTION
@MIN_COVERAGE_OPTION
@UNCERTAINTY_OPTION
@SEED_OPTION
@LANG_OPTION
@DATA_OPTION
@FORCE_OPTION
def report(output, park_names, profile_names, normalize, aggregate, min_coverage, uncertainty, seed, lang, data, force):
    """Write an Excel workbook (.xlsx) for people who work in spreadsheets.

    \b
    Sheets (named in the --lang chosen):
      Overview    one row per park: kind, place, figures, headline figures; bar charts
      Compare     indicators down, parks across, each figure with its period and note
      Rankings    each indicator's ranking (one span length: a five-year total is never
                  ranked against years); with --profile, composite rankings first
      Data        the observations, exactly as `parkmetrics data --format csv`
      Sources     each source, then every figure's verbatim quote
      Indicators  the vocabulary: unit, measure, direction, definition
    Coverage    parks down, core indicators across: the period of each latest figure
      About       dataset, version, command line, how to read the workbook, notes

    Numbers are stored as numbers, in the indicator's unit; qualifiers (more than, about)
    and periods sit in the note column beside them. Every sheet prints on A4, one page wide,
    with its header row repeated. stderr names the file and what each sheet holds.

    \b
    Examples:
      parkmetrics report -o 园区对标.xlsx
      parkmetrics report -o qj-vs-jz.xlsx --parks qianjiang,jinzhong --lang en
      parkmetrics report -o 创新.xlsx --profile innovation --min-coverage 0.5 --uncertainty 1000 --seed 7
      parkmetrics report -o - --parks changde > changde.xlsx
    """
    from ..core.errors import UsageError
    from ..core.i18n import Words
    from ..files.atomic import refuse_overwrite

    to_stdout = output == "-"
    if not to_stdout and not output.lower().endswith(".xlsx"):
        raise UsageError(
            Words(
                f"-o {output}：报告是 Excel 工作簿；请把文件名写成 .xlsx（要 CSV，请用 `parkmetrics data --format csv`）",
                f"-o {output}: a report is an Excel workbook; name the file .xlsx (for CSV, use `parkmetrics data --format csv`)",
            )
        )
    if to_stdout and sys.stdout.isatty():
        raise UsageError(
            Words(
                "工作簿是二进制文件，会弄乱终端；请重定向标准输出（-o - > report.xlsx）或给出 `-o FILE`",
                "a workbook is binary and would garble the terminal; redirect stdout (-o - > report.xlsx) or give -o FILE",
            )
        )
    profile_names = list(dict.fromkeys(profile_names))
    method = [
        (option, value)
        for option, value in (("--normalize", normalize), ("--aggregate", aggregate), ("--min-coverage", min_coverage), ("--uncertainty", uncertainty or None), ("--seed", seed))
        if value is not None
    ]
    composites = _composite_settings(profile_names, method)
    if not to_stdout:
        refuse_overwrite(output, force)  # before the work, not after it
    dataset = load_dataset(data, lang)
    names = split_names(park_names)
    parks = resolve_parks(dataset, names) if names else None
    composite_words = [word for name in profile_names for word in ("--profile", name)]
    composite_words += [str(word) for pair in method for word in pair]
    command_line = _command_line(output, names, composite_words, lang, data, force)
    with _progress_bar(lang) as progress:
        if to_stdout:
            written = _write_to_stdout(dataset, parks, lang, command_line, progress, composites)
        else:
            from ..output.workbook import write_workbook

            written = write_workbook(dataset, output, parks, lang, command_line, force=force, progress=progress, composites=composites)
    from ..core.i18n import pick

    where = pick(("标准输出", "stdout"), lang) if to_stdout else output
    say(pick((f"已写入 {where}", f"wrote {where}"), lang), err=True)
    for line in written.sheets:
        say(f"  {line}", err=True)
    for warning in written.warnings:
        warn(warning, lang)


def _composite_settings(profile_names: list[str], method: list[tuple[str, object]]):
    """The profiles to rank by, read and checked before any work; None without --profile.

    method holds the method options given, as (option, value) pairs.
    """
    given = dict(method)
    if not profile_names:
        refuse_composite_only(list(given), ("`--profile NAME`", "--profile NAME"))
        return None
    uncertainty = given.get("--uncertainty", 0)
    require_uncertainty(uncertainty, ("--seed", given.get("--seed")))
    from ..analysis.profiles import load_profile
    from ..output.workbook import CompositeSettings

    profiles = tuple(with_command_line_options(load_profile(name), given.get("--normalize"), given.get("--aggregate"), given.get("--min-coverage")) for name in profile_names)
    return CompositeSettings(profiles, uncertainty, given.get("--seed"))


def _write_to_stdout(dataset, parks, lang, command_line, progress, composites):
    import io

    from ..output.workbook import write_workbook

    buffer = io.BytesIO()  # a zip file is finished at its end; nothing reaches the pipe until it is whole
    written = write_workbook(dataset, buffer, parks, lang, command_line, progress=progress, composites=composites)
    sys.stdout.buffer.write(buffer.getvalue())
    sys.stdout.buffer.flush()
    return written


def _command_line(output, parks, composite_words, lang, data, force) -> str:
    """The command as it could be typed again, with the options it resolved to."""
    words = ["parkmetrics", "report", "-o", output]
    if parks:
        words += ["--parks", ",".join(parks)]
    words += composite_words
    words += ["--lang", lang]
    for layer in data:
        words += ["--data", layer]
    if force:
        words.append("--force")
    return shlex.join(words)


class _progress_bar:
    """A progress bar on stderr while the workbook is written, only when stderr is a terminal."""

    def __init__(self, lang: str):
        self.lang = lang

    def __enter__(self):
        self._progress = None
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        from ..core.i18n import pick

        self._progress = Progress(TextColumn(pick(("正在写入工作簿", "writing workbook"), self.lang)), BarColumn(), TaskProgressColumn(), console=Console(stderr=True), transient=True)
        self._progress.start()
        self._task = self._progress.add_task("report", total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc_info):
        if self._progress is not None:
            self._progress.stop()
        return False
