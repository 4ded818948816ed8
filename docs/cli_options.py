"""The option tables of docs/cli.md, generated from the commands' own --help.

    python docs/cli_options.py          rewrite the tables in docs/cli.md
    python docs/cli_options.py --check  exit 1 if a table differs from --help

A table sits between `<!-- options: COMMAND [shared|own] -->` and `<!-- end options -->`:
every option of COMMAND, only the options every listing command shares, or only its own.
tests/test_docs.py fails when a table and --help drift apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

CLI_DOC = Path(__file__).with_name("cli.md")
BLOCK = re.compile(r"(<!-- options: (?P<command>[a-z]+)(?: (?P<which>shared|own))? -->\n)(?P<table>.*?)(<!-- end options -->)", re.DOTALL)
SHARED = ("fmt", "lang", "data", "output", "force", "excel_safe")  # what cli.options.output_options adds


def option_table(name: str, which: str | None = None) -> str:
    """The markdown table of a command's options, each as `--help` shows it: flags and metavar, then help."""
    from parkmetrics.cli.app import main

    command = main.commands[name]
    context = click.Context(command, info_name=name, parent=click.Context(main, info_name="parkmetrics"))
    rows = ["| option | meaning |", "|---|---|"]
    for parameter in command.params:
        if not isinstance(parameter, click.Option) or parameter.hidden:
            continue
        if (which == "shared") != (parameter.name in SHARED) and which is not None:
            continue
        flags, meaning = parameter.get_help_record(context)
        rows.append(f"| `{_cell(flags)}` | {_cell(meaning)} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def generated(text: str) -> str:
    """docs/cli.md with every option table replaced by the one --help gives."""
    return BLOCK.sub(lambda match: match[1] + option_table(match["command"], match["which"]) + match[5], text)


def main(argv: list[str]) -> int:
    text = CLI_DOC.read_text(encoding="utf-8")
    fresh = generated(text)
    if "--check" in argv:
        return int(fresh != text)
    CLI_DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
