"""The exit-code contract of docs/cli.md, for every command: 0, 1, 2 or 130, and one line, never a traceback."""

from __future__ import annotations

import re

import pytest
from helpers import EIGHT_PARKS, FIXTURES, copy_dataset

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

ARTICLE = FIXTURES / "extract" / "news_article.txt"
IMPORTS = FIXTURES / "import"


@pytest.fixture
def places(tmp_path, run):
    """A fresh dataset to import into, an existing file, and a directory, for the commands that write."""
    empty = tmp_path / "empty"
    assert run("init", str(empty)).exit_code == 0
    existing = tmp_path / "existing.xlsx"
    existing.write_bytes(b"keep me")
    (tmp_path / "folder").mkdir()
    return {"tmp": tmp_path, "empty": empty, "existing": existing, "folder": tmp_path / "folder"}


def command(name: str, places) -> list[str]:
    """A command line that succeeds, for each command."""
    return {
        "parks": ["parks"],
        "indicators": ["indicators"],
        "show": ["show", "changde"],
        "compare": ["compare", "qianjiang", "jinzhong"],
        "rank": ["rank", "high_tech_enterprises"],
        "rank --profile": ["rank", "--profile", "innovation", "--min-coverage", "0.25"],
        "profiles": ["profiles", "innovation"],
        "data": ["data", "--park", "changde"],
        "coverage": ["coverage", "--province", "湖南"],
        "extract": ["extract", str(ARTICLE), "--park", "jinzhong", "--published", "2023-02-27"],
        "report": ["report", "-o", str(places["tmp"] / "report.xlsx"), "--parks", "changde"],
        "validate": ["validate"],
        "init": ["init", str(places["tmp"] / "new")],
        "import": ["import", str(IMPORTS / "gbk.csv"), "--into", str(places["empty"])],
    }[name]


COMMANDS = ("parks", "indicators", "show", "compare", "rank", "rank --profile", "profiles", "data", "coverage", "extract", "report", "validate", "init", "import")


def test_every_command_is_covered():
    from parkmetrics.cli.app import main

    assert {name.split()[0] for name in COMMANDS} == set(main.commands)


# What stderr may hold when a command succeeds: warnings, notes and the summaries of extract, init and report.
# A traceback, an error line or any other text fails the test.
SUCCESS_LINE = re.compile(r"^(warning: |note: |ok: |\d+ candidate\(s\), |created |next: |wrote |  [A-Z][a-z]+: [\d,]+ )")


@pytest.mark.parametrize("name", COMMANDS)
def test_success_is_0(run, places, name):
    result = run(*command(name, places))
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if not SUCCESS_LINE.match(line)] == []


def test_a_traceback_on_stderr_would_fail_the_success_check():
    traceback = 'Traceback (most recent call last):\n  File "x.py", line 1\nKeyError: 1\n'
    assert [line for line in traceback.splitlines() if not SUCCESS_LINE.match(line)] == traceback.splitlines()


@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_0(run, name):
    result = run(name.split()[0], "--help")
    assert (result.exit_code, result.stderr) == (0, "")


def test_data_problems_are_1(run, tmp_path, places):
    directory = copy_dataset(EIGHT_PARKS, tmp_path / "data")
    with open(directory / "parks.csv", "a", encoding="utf-8") as handle:
        handle.write("Bad Id,名,,,,,,\n")
    result = run("validate", str(directory))
    assert (result.exit_code, result.stdout) == (1, f"{directory}/parks.csv:10: id 'Bad Id' is not a slug; use lower-case ASCII letters, digits, - and _\n")
    result = run("import", str(IMPORTS / "rejected_rows.csv"), "--into", str(places["empty"]))
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (1, "added 0, identical 0, conflicts 0, rejected 9 (long layout; nothing to write)")


# One usage or input error per command, with its exact line.
USAGE = {
    "parks": (["parks", "--format", "xml"], "invalid value for '--format' / '-f': 'xml' is not one of 'table', 'csv', 'tsv', 'json', 'jsonl', 'markdown'; see `parkmetrics parks --help`"),
    "indicators": (["indicators", "--data", "missing"], "dataset directory 'missing' does not exist; create one with `parkmetrics init missing`"),
    "show": (["show", "nowhere"], "unknown park 'nowhere'; run `parkmetrics parks` to see them all"),
    "compare": (["compare", "qianjiang", "qianjiang"], "a park is named twice; name each park once"),
    "rank": (["rank", "nothing"], "unknown indicator 'nothing'; did you mean new_listed_enterprises? run `parkmetrics indicators` to see them all"),
    "rank --profile": (
        ["rank", "--profile", "nope"],
        "unknown profile 'nope'; shipped profiles are headline, innovation, land_efficiency, productivity, scale (see `parkmetrics profiles`), or give a .toml file",
    ),
    "profiles": (
        ["profiles", "{folder}/x.toml"],
        "cannot read profile '{folder}/x.toml' (No such file or directory); give an existing .toml file or a shipped profile (headline, innovation, land_efficiency, productivity, scale)",
    ),
    "data": (["data", "--format", "sqlite"], "--format sqlite writes a database file, not text; add -o FILE.db"),
    "coverage": (["coverage", "--province", "火星"], "no park matches province 火星; see `parkmetrics parks` for provinces and kinds"),
    "extract": (["extract", "{folder}"], "invalid value for 'FILE': File '{folder}' is a directory; see `parkmetrics extract --help`"),
    "report": (["report", "-o", "{existing}"], "{existing} already exists; pass --force to overwrite it"),
    "validate": (["validate", "{existing}"], "'{existing}' is a file, not a dataset directory; name the directory that holds parks.csv"),
    "init": (["init", "{existing}"], "{existing} is a file; name a directory for the dataset"),
    "import": (["import", "{folder}", "--into", "{empty}"], "{folder} is a directory; give the path of a CSV, TSV or XLSX file"),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_usage_and_input_errors_are_2_and_one_line(run, places, name):
    arguments, message = USAGE[name]
    result = run(*(argument.format(**places) for argument in arguments))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message.format(**places)}\n")


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--bogus"], "no such option '--bogus'; see `parkmetrics --help`"),
        (["nosuchcommand"], "no such command 'nosuchcommand'; see `parkmetrics --help`"),
        (["show"], "missing argument 'PARK'; see `parkmetrics show --help`"),
        (["rank", "--uncertainty", "-1"], "invalid value for '--uncertainty': -1 is not in the range x>=0; see `parkmetrics rank --help`"),
    ],
)
def test_click_usage_errors_take_the_same_one_line_form(run, arguments, message):
    result = run(*arguments)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--bogus", "--lang", "zh"], "没有选项 '--bogus'；参见 `parkmetrics --help`"),
        (["nosuchcommand", "--lang=zh"], "没有命令 'nosuchcommand'；参见 `parkmetrics --help`"),
        (["show", "--lang", "zh"], "缺少参数 'PARK'；参见 `parkmetrics show --help`"),
        (["show", "qianjiang", "--lan", "x", "--lang", "zh"], "没有选项 '--lan'（您是否要找 --lang？）；参见 `parkmetrics show --help`"),
        (["rank", "--uncertainty", "-1", "--lang", "zh"], "'--uncertainty' 须为不小于 0 的整数；参见 `parkmetrics rank --help`"),
        (["parks", "-f", "xml", "--lang", "zh"], "'--format' / '-f' 的值无效；可选：`table`、`csv`、`tsv`、`json`、`jsonl`、`markdown`；参见 `parkmetrics parks --help`"),
        (["parks", "--force=1", "--lang", "zh"], "选项 '--force' 不接受值"),
        (["parks", "extra", "--lang", "zh"], "多余的参数（extra）；参见 `parkmetrics parks --help`"),
        (
            ["rank", "gdp", "--period", "1-11月", "--lang", "zh"],
            "--period：'1-11月' 不是期间；请写成 2021、2022-01/2022-11、2018/2022、2023-05 或 2025-01-01/2025-12-03，或 2022年1-11月、截至2023年底",
        ),
        (["show", "qianjang", "--lang", "zh"], "未知园区 'qianjang'；您是否要找 qianjiang、xiangjiang、liangjiang？运行 `parkmetrics parks` 可查看全部"),
    ],
)
def test_errors_are_told_in_the_language_asked_for_even_before_it_is_read(run, arguments, message):
    result = run(*arguments)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"错误：{message}\n")


def test_errors_are_in_chinese_by_default_and_in_the_language_of_parkmetrics_lang(run, monkeypatch):
    monkeypatch.delenv("PARKMETRICS_LANG")
    assert run("show", "qianjang").stderr == "错误：未知园区 'qianjang'；您是否要找 qianjiang、xiangjiang、liangjiang？运行 `parkmetrics parks` 可查看全部\n"
    assert run("show", "--bogus").stderr == "错误：没有选项 '--bogus'；参见 `parkmetrics show --help`\n"
    monkeypatch.setenv("PARKMETRICS_LANG", "en")
    assert run("show", "qianjang").stderr == "error: unknown park 'qianjang'; did you mean qianjiang, xiangjiang, liangjiang? run `parkmetrics parks` to see them all\n"


def test_no_command_shows_the_help_on_stderr(run):
    result = run()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: parkmetrics [OPTIONS] COMMAND [ARGS]...\n")


@pytest.mark.parametrize("name", COMMANDS)
def test_ctrl_c_is_130_and_one_word(run, places, monkeypatch, name):
    import parkmetrics.data.loading
    import parkmetrics.files.atomic

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(parkmetrics.data.loading, "load", interrupted)
    monkeypatch.setattr(parkmetrics.files.atomic, "atomic_write_all", interrupted)  # init loads no dataset
    monkeypatch.setattr("parkmetrics.data.writing.atomic_write_all", interrupted)
    result = run(*command(name, places))
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "interrupted\n")


def test_sigterm_is_143_and_one_word_and_leaves_the_file(run, tmp_path, monkeypatch):
    """kill while a report is half-written: the old file stays, no temporary is left."""
    import os
    import signal

    from faults import WriteFault, snapshot

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"yesterday's report")

    def killed():
        os.kill(os.getpid(), signal.SIGTERM)
        return OSError("not reached")

    before = signal.getsignal(signal.SIGTERM)
    WriteFault(monkeypatch, target, 1000, killed)
    result = run("report", "--parks", "changde", "-o", str(target), "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (143, "", "terminated\n")
    assert snapshot(tmp_path) == {"report.xlsx": b"yesterday's report"}
    assert signal.getsignal(signal.SIGTERM) is before  # the handler is the command's only while it runs


# What no command expects: each is one line and exit 2, and --debug shows the traceback.

SURPRISES = {
    "a bug": (RuntimeError("boom"), "unexpected RuntimeError: boom; this is a bug in parkmetrics, please run the command again with --debug and report the traceback"),
    "an OS error": (PermissionError(13, "Permission denied", "/srv/data"), "/srv/data: Permission denied; check the path, its permissions and the free space"),
    "memory": (MemoryError(), "out of memory; the input is too large for this machine (see PARKMETRICS_MAX_INPUT_MB in docs/cli.md)"),
}


@pytest.mark.parametrize("surprise", SURPRISES)
def test_an_unexpected_error_is_one_line_and_2(run, monkeypatch, surprise):
    import parkmetrics.data.loading

    error, message = SURPRISES[surprise]

    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(parkmetrics.data.loading, "load", fails)
    result = run("parks")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    with pytest.raises(type(error)):
        run("--debug", "parks")
    monkeypatch.setenv("PARKMETRICS_DEBUG", "1")
    with pytest.raises(type(error)):
        run("parks")


# Paths that are not what a command expects ------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["parks", "-o", "{folder}"], "invalid value for '--output' / '-o': File '{folder}' is a directory; see `parkmetrics parks --help`"),
        (["report", "-o", "{folder}"], "invalid value for '--output' / '-o': File '{folder}' is a directory; see `parkmetrics report --help`"),
        (
            ["rank", "--profile", "innovation", "--uncertainty", "2", "--uncertainty-runs", "{folder}"],
            "invalid value for '--uncertainty-runs': File '{folder}' is a directory; see `parkmetrics rank --help`",
        ),
        (["profiles", "{folder}"], "cannot read profile '{folder}' (Is a directory); give an existing .toml file or a shipped profile (headline, innovation, land_efficiency, productivity, scale)"),
        (["import", "{existing}", "--into", "{existing}"], "--into {existing} is a file; name a dataset directory (see `parkmetrics init`)"),
        (["data", "--format", "sqlite", "-o", "{folder}/missing/parks.db"], "cannot write {folder}/missing/parks.db: No such file or directory; choose a writable directory"),
    ],
)
def test_a_path_of_the_wrong_kind_is_2(run, places, arguments, message):
    result = run(*(argument.format(**places) for argument in arguments))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message.format(**places)}\n")


def test_a_profile_that_is_not_utf8(run, tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('title = "创新"\n'.encode("gb18030"))
    result = run("profiles", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: profile '{path}' is not UTF-8 text; save it as UTF-8\n")


def test_an_article_that_cannot_be_read(run, tmp_path, monkeypatch):
    import errno

    import parkmetrics.files.limits

    def denied(path, mode="r", *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(parkmetrics.files.limits, "open", denied, raising=False)
    result = run("extract", str(ARTICLE))
    assert (result.exit_code, result.stderr) == (2, f"error: cannot read {ARTICLE}: Permission denied; check the path and its permissions\n")


def test_an_article_that_disappears_before_it_is_read(run, tmp_path, monkeypatch):
    import parkmetrics.files.limits

    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.read_bytes())
    real = parkmetrics.files.limits.read_limited

    def vanishing(target, name):
        path.unlink()
        return real(target, name)

    monkeypatch.setattr(parkmetrics.files.limits, "read_limited", vanishing)
    result = run("extract", str(path))
    assert (result.exit_code, result.stderr) == (2, f"error: {path} does not exist; give the path of a text file, or - to read stdin\n")
