"""Errors with fixed exit codes, so the CLI can turn any of them into one line.

Exit codes are part of the command-line contract (docs/cli.md):
0 success, 1 the command ran but found problems in the data, 2 usage, input or
output error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM): the codes a shell
gives for those signals. No command exits with any other code, except the shell's
own for a process killed by another signal.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM, as shells report `kill`


class ParkmetricsError(Exception):
    """Base class: a problem the user can fix; the message names the fix."""

    exit_code = EXIT_USAGE


class UsageError(ParkmetricsError):
    """An argument names something that does not exist (park, indicator, period, option value)."""


class DatasetError(ParkmetricsError):
    """A dataset directory or file cannot be read or lacks what the schema requires."""


class UnitError(ParkmetricsError):
    """A unit is unknown, or two units cannot be converted into each other."""


class FigureError(ParkmetricsError, ValueError):
    """A figure string such as '超140亿元' cannot be parsed."""


class OutputError(ParkmetricsError):
    """An output file cannot be written, or would overwrite a file without --force."""


class DataProblemsError(ParkmetricsError):
    """The command ran and found problems in the data (validation errors)."""

    exit_code = EXIT_DATA_PROBLEMS
