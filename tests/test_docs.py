"""The documentation stays true: every command and option is in docs/cli.md, every indicator in docs/indicators.md."""

from __future__ import annotations

import csv
import re

import click
import pytest

from conftest import REPO
from parkmetrics.cli import main

CLI_DOC = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")


def commands():
    return sorted(main.commands.items())


@pytest.mark.parametrize("name, command", commands(), ids=[name for name, _ in commands()])
def test_every_command_and_option_is_documented(name, command):
    assert f"### `parkmetrics {name}" in CLI_DOC
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert any(re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", CLI_DOC) for flag in parameter.opts), (
                f"{name}: {parameter.opts} not in docs/cli.md"
            )


def test_every_command_help_has_an_example():
    for name, command in commands():
        assert "Example" in command.help, name


def test_every_indicator_is_documented():
    text = (REPO / "docs" / "indicators.md").read_text(encoding="utf-8")
    with open(REPO / "datasets" / "indicators.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert f"| `{row['id']}` | {row['name_zh']} | {row['name_en']} | {row['unit']} | {row['measure']} | {row['direction']} |" in text


def test_data_contract_is_documented_in_order():
    from parkmetrics.schema import DATA_COLUMNS

    table = CLI_DOC.split("### `parkmetrics data")[1].split("###")[0]
    documented = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert tuple(documented) == DATA_COLUMNS


IMPORT_DOC = (REPO / "docs" / "import.md").read_text(encoding="utf-8")


def test_every_header_name_is_documented_in_its_role_row():
    from parkmetrics.headers import ROLE_NAMES

    rows = {line.split("|")[1].strip().split(" (")[0]: line.split("|")[2] for line in IMPORT_DOC.splitlines() if line.startswith("| ") and line.count("|") == 3}
    for role, names in ROLE_NAMES.items():
        documented = [name.strip() for name in rows[role].split(",")]
        assert sorted(documented) == sorted(names), role


def test_import_word_lists_are_documented():
    from parkmetrics.importer import BASIS_WORDS, GENERIC_PARK_ENDINGS, NO_DATA, STATUS_WORDS, TOTAL_WORDS

    for word in [*BASIS_WORDS, *GENERIC_PARK_ENDINGS, *(w for words in STATUS_WORDS.values() for w in words)]:
        assert word in IMPORT_DOC, word
    assert all(f"`{mark}`" in IMPORT_DOC for mark in NO_DATA)
    assert all(word in IMPORT_DOC for word in TOTAL_WORDS[:4])
