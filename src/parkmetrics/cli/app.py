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
            _tell(f"error: {usage_message(error)}")
            sys.exit(error.exit_code)
        except click.exceptions.Abort:  # Ctrl-C while the command line was being read
            _tell("interrupted")
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
            _tell("interrupted")
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            _tell("terminated")
            ctx.exit(EXIT_TERMINATED)
        except Exception as error:
            if _debugging(ctx):
                raise
            _tell(f"error: {describe(error)}")
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


def usage_message(error: click.ClickException) -> str:
    """'No such option: --bogus' as 'no such option: --bogus; see `parkmetrics parks --help`'."""
    message = error.format_message().strip().rstrip(".")
    message = message[:1].lower() + message[1:]
    context = getattr(error, "ctx", None)
    return f"{message}; see `{context.command_path} --help`" if context is not None else message


def describe(error: Exception) -> str:
    """The one-line message of an error: a ParkmetricsError says it all; anything else is named plainly."""
    if isinstance(error, ParkmetricsError):
        return str(error)
    if isinstance(error, MemoryError):
        return "out of memory; the input is too large for this machine (see PARKMETRICS_MAX_INPUT_MB in docs/cli.md)"
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}; check the path, its permissions and the free space"
    return f"unexpected {type(error).__name__}: {error}; this is a bug in parkmetrics, please run the command again with --debug and report the traceback"


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
