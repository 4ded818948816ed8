"""The command line: a thin click layer over the parkmetrics API.

Only click is imported at start-up; each command imports pandas, pint or rich
when it runs, so `parkmetrics --help` and `--version` stay fast in shell loops.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

import click

from .. import __version__
from ..core.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE, ParkmetricsError
from ..core.i18n import pick


class ParkmetricsGroup(click.Group):
    """Turns every error into one line on stderr and a documented exit code (docs/cli.md).

    0 success (also when the reader of stdout went away), 1 problems found in the
    data, 2 usage, input or output error, 130 interrupted, 143 terminated (the
    codes a shell gives for SIGINT and SIGTERM). A traceback is shown only with
    --debug or PARKMETRICS_DEBUG=1.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's main, with click's own usage errors in the same one-line form as every other error."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:  # `parkmetrics` alone: the help, on stderr
            error.show()
            sys.exit(error.exit_code)
        except click.ClickException as error:
            context = getattr(error, "ctx", None)
            lang = language(context.meta if context else {}, sys.argv[1:] if args is None else args)
            _tell(error_line(usage_message(error, lang), lang))
            sys.exit(error.exit_code)
        except click.exceptions.Abort:  # Ctrl-C while the command line was being read
            _tell(_stopped("interrupted", language({}, sys.argv[1:] if args is None else args)))
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context):
        if sys.stdout is None:  # started with stdout closed: results go nowhere, as into a closed pipe
            sys.stdout = open(os.devnull, "w", encoding="utf-8")
        try:
            try:
                with _terminated_like_interrupted():
                    return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a reader that left is noticed here, not in the interpreter's last flush
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            _tell(_stopped("interrupted", language(ctx.meta, ())))
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            _tell(_stopped("terminated", language(ctx.meta, ())))
            ctx.exit(EXIT_TERMINATED)
        except Exception as error:
            if _debugging(ctx):
                raise
            lang = language(ctx.meta, ())
            _tell(error_line(describe(error, lang), lang))
            ctx.exit(error.exit_code if isinstance(error, ParkmetricsError) else EXIT_USAGE)


class Terminated(BaseException):
    """SIGTERM (kill, a service stopping) while a command runs."""


@contextlib.contextmanager
def _terminated_like_interrupted():
    """Let SIGTERM unwind the command as Ctrl-C does, so temporary files go and old files stay."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(number, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def error_line(message: str, lang: str) -> str:
    return pick(("错误：", "error: "), lang) + message


def language(meta: dict, args) -> str:
    """The --lang of this command line: as parsed, else as written in args (an error may stop parsing
    before it), else PARKMETRICS_LANG, else zh."""
    from .options import LANG_KEY, LANGS

    if LANG_KEY in meta:
        return meta[LANG_KEY]
    args = list(args)
    given = [value for option, value in zip(args, args[1:]) if option == "--lang"] + [arg.removeprefix("--lang=") for arg in args if arg.startswith("--lang=")]
    for value in (*given[-1:], os.environ.get("PARKMETRICS_LANG")):
        if value in LANGS:
            return value
    return "zh"


def usage_message(error: click.ClickException, lang: str) -> str:
    """'No such option: --bogus' as 'no such option: --bogus; see `parkmetrics parks --help`', or in Chinese
    '没有选项 '--bogus'；参见 `parkmetrics parks --help`'; a click error not known here stays as click words it."""
    context = getattr(error, "ctx", None)
    message = _usage_in_chinese(error, context) if lang != "en" else None
    if message is None:
        lang = "en"
        message = error.format_message().strip().rstrip(".")
        message = message[:1].lower() + message[1:]
    return message + pick((f"；参见 `{context.command_path} --help`", f"; see `{context.command_path} --help`"), lang) if context is not None else message


def _usage_in_chinese(error: click.ClickException, context: click.Context | None) -> str | None:
    """click's usage errors in Chinese, from what each error carries; None for one not known here."""
    import re

    from ..core.i18n import codes

    if isinstance(error, click.NoSuchOption):
        guess = f"（您是否要找 {'、'.join(error.possibilities)}？）" if error.possibilities else ""
        return f"没有选项 '{error.option_name}'{guess}"
    param = getattr(error, "param", None)
    hint = error.param_hint if isinstance(error, click.BadParameter) and error.param_hint else (param.get_error_hint(context) if param is not None and context is not None else None)
    if isinstance(error, click.MissingParameter) and hint:
        return f"缺少{'参数' if (error.param_type or param.param_type_name) == 'argument' else '选项'} {hint}"
    if isinstance(error, click.BadParameter) and hint and param is not None:
        if isinstance(param.type, click.Choice):
            return f"{hint} 的值无效；可选：{codes(param.type.choices)}"
        if isinstance(param.type, click.IntRange):
            low, high = param.type.min, param.type.max
            bounds = f" {low} 到 {high} 之间的整数" if low is not None and high is not None else (f"不小于 {low} 的整数" if low is not None else f"不大于 {high} 的整数")
            return f"{hint} 须为{bounds}"
        return None
    if isinstance(error, click.BadOptionUsage):
        takes = re.fullmatch(r"Option '.*' (requires an argument|requires \d+ arguments|does not take a value)\.", error.message)
        if takes:
            return f"选项 '{error.option_name}' " + ("不接受值" if takes[1].startswith("does") else "需要一个值")
        return None
    command = re.fullmatch(r"No such command '(.*)'\.", error.message)
    if command:
        return f"没有命令 '{command[1]}'"
    extra = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", error.message)
    if extra:
        return f"多余的参数（{extra[1]}）"
    return None


def describe(error: Exception, lang: str) -> str:
    """The one-line message of an error: a ParkmetricsError says it all; anything else is named plainly."""
    from ..core.i18n import shown

    if isinstance(error, ParkmetricsError):
        return shown(error, lang)
    if isinstance(error, MemoryError):
        return pick(
            (
                "内存不足；输入对本机而言过大（参见 docs/cli.md 中的 PARKMETRICS_MAX_INPUT_MB）",
                "out of memory; the input is too large for this machine (see PARKMETRICS_MAX_INPUT_MB in docs/cli.md)",
            ),
            lang,
        )
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return pick((f"{where}{error.strerror or error}；请检查路径、权限和剩余空间", f"{where}{error.strerror or error}; check the path, its permissions and the free space"), lang)
    return pick(
        (
            f"意外的 {type(error).__name__}：{error}；这是 parkmetrics 的缺陷，请加 --debug 重新运行命令，并报告显示的错误回溯",
            f"unexpected {type(error).__name__}: {error}; this is a bug in parkmetrics, please run the command again with --debug and report the traceback",
        ),
        lang,
    )


def _stopped(how: str, lang: str) -> str:
    """The line for a command stopped by a signal: 'interrupted' (Ctrl-C) or 'terminated' (SIGTERM)."""
    return pick({"interrupted": ("已中断", "interrupted"), "terminated": ("已终止", "terminated")}[how], lang)


def _tell(message: str) -> None:
    """A line on stderr; if stderr is gone too there is nobody left to tell."""
    from .options import say

    try:
        say(message, err=True)
    except OSError:
        pass


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("debug")) or os.environ.get("PARKMETRICS_DEBUG") == "1"


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(name="parkmetrics", cls=ParkmetricsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="parkmetrics", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an error (also PARKMETRICS_DEBUG=1).")
def main(debug: bool) -> None:
    """Benchmark Chinese industrial parks from sourced, unit-aware figures.

    \b
    Examples:
      parkmetrics compare qianjiang jinzhong
      parkmetrics rank high_tech_enterprises
      parkmetrics show changde --sources
      parkmetrics data --format csv > parks.csv
    """


def _register_commands() -> None:
    """Each command lives in the module of its concern; none of them imports this one."""
    from . import composite, coverage, extract, importing, query, report, validate

    for command in (
        composite.profiles,
        coverage.coverage,
        extract.extract,
        importing.init,
        importing.import_,
        query.parks,
        query.indicators,
        query.show,
        query.compare,
        query.rank,
        query.data,
        validate.validate,
        report.report,
    ):
        main.add_command(command)


_register_commands()
