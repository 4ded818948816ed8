"""The command line: a thin click layer over the parkmetrics API.

Only click is imported at start-up; each command imports pandas, pint or rich
when it runs, so `parkmetrics --help` and `--version` stay fast in shell loops.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import ParkmetricsError


class ParkmetricsGroup(click.Group):
    """Turns library errors into one line on stderr and a documented exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ParkmetricsError as error:
            if _debugging(ctx):
                raise
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("debug")) or os.environ.get("PARKMETRICS_DEBUG") == "1"


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=ParkmetricsGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


from . import composite, extract, importing, query, report, validate  # noqa: E402  (commands register themselves on main)

__all__ = ["main"]
