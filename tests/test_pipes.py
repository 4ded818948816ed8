"""Every command, in every output format, into a pipe whose reader goes away: a quiet end, exit 0.

`parkmetrics data --format csv | head -1` must not print a traceback or a BrokenPipeError
message. The commands run as separate processes (see pipe_driver.py) over a generated
dataset large enough that their output overflows the pipe.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bigdata import big_dataset, big_profile, import_with_rejections, long_article
from helpers import EIGHT_PARKS, copy_dataset

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the pipe driver forks its children (POSIX)")

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
QUIET_LINE = re.compile(r"^(warning: |note: |\d+ candidate\(s\), |created |next: |wrote stdout$|  [A-Z][a-z]+: [\d,]+ )")


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipes")
    data = big_dataset(root / "data", parks=80)
    problems = copy_dataset(EIGHT_PARKS, root / "problems")
    with open(problems / "observations.csv", "a", encoding="utf-8") as handle:
        handle.writelines(f"nowhere-{n},gdp,2023,park,actual,exact,{n}亿元,{n},亿元,nobody,,\n" for n in range(800))
    target = root / "target"
    target.mkdir()
    for name in ("parks.csv", "indicators.csv", "sources.csv", "observations.csv"):
        (target / name).write_bytes((data / name).read_bytes())
    return {
        "data": str(data),
        "problems": str(problems),
        "target": str(target),
        "profile": str(big_profile(root / "generated.toml")),
        "article": str(long_article(root / "article.txt", repeats=4)),
        "rejections": str(import_with_rejections(root / "rejections.csv", rows=400)),
    }


def listing_commands(places) -> dict[str, list[str]]:
    data = ["--data", places["data"]]
    return {
        "parks": ["parks", *data],
        "indicators": ["indicators", *data],
        "show": ["show", "park-001", "--sources", *data],
        "compare": ["compare", "park-001", "park-002", *data],
        "rank": ["rank", "gdp", *data],
        "rank --weights": ["rank", "--weights", "gdp=1,enterprises=1", "--verbose", *data],
        "profiles": ["profiles", places["profile"], *data],
        "data": ["data", "--park", "park-001", "--park", "park-002", *data],
        "coverage": ["coverage", "--all", *data],
        "extract": ["extract", places["article"], "--show-ignored", "--park", "park-001", "--published", "2024-07-20", *data],
    }


def other_commands(places) -> dict[str, list[str]]:
    return {
        "validate": ["validate", places["problems"]],
        "import": ["import", places["rejections"], "--into", places["target"], "--dry-run"],
        "report": ["report", "-o", "-", "--parks", "park-001", "--data", places["data"]],
        "init": ["init", str(Path(places["data"]).parent / "fresh")],
    }


def jobs(places) -> list[dict]:
    """Every format of every listing command and of validate with a reader that reads one line; every command with none."""
    commands = {**listing_commands(places), **other_commands(places)}
    warm = {name: args if name not in ("init", "report") else ["indicators", "--data", places["data"]] for name, args in commands.items()}
    listed = [{"args": [*args, "--format", fmt], "reader": "first-line", "warm": warm[name]} for name, args in listing_commands(places).items() for fmt in FORMATS]
    listed += [{"args": [*commands["validate"], "--format", fmt], "reader": "first-line", "warm": warm["validate"]} for fmt in ("text", "csv", "tsv", "json", "jsonl")]
    listed += [{"args": commands[name], "reader": "first-line", "warm": warm[name]} for name in ("import", "report")]
    closed = [{"args": args, "reader": "none", "warm": warm[name]} for name, args in commands.items() if name != "report"]
    return listed + closed


@pytest.fixture(scope="module")
def results(places, tmp_path_factory):
    environment = {**os.environ, "PARKMETRICS_CACHE_DIR": str(tmp_path_factory.mktemp("pipe-cache")), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PARKMETRICS_LANG": "en"}
    environment.pop("PARKMETRICS_NO_CACHE", None)
    completed = subprocess.run([sys.executable, str(Path(__file__).with_name("pipe_driver.py"))], input=json.dumps(jobs(places)), capture_output=True, text=True, env=environment, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_every_command_and_format_is_run(results, places):
    from parkmetrics.cli.app import main

    commands = {result["args"][0] for result in results}
    assert commands == set(main.commands)
    for args in listing_commands(places).values():
        assert {tuple(result["args"][-1:]) for result in results if result["args"][:-2] == args} == {(fmt,) for fmt in FORMATS}
    assert len(results) == 10 * 6 + 5 + 2 + 13


def test_a_closed_pipe_ends_quietly_with_0(results):
    noisy = [
        (result["args"], result["reader"], result["code"], result["stderr"]) for result in results if result["code"] != 0 or not all(QUIET_LINE.match(line) for line in result["stderr"].splitlines())
    ]
    assert noisy == []


def test_the_reader_got_the_start_of_the_output(results):
    firsts = {(result["args"][0], result["args"][-1]): result["received"] for result in results if result["reader"] == "first-line"}
    assert firsts["data", "csv"] == "park,indicator,period,scope,status,qualifier,value,unit,raw,source,quote\n"
    assert firsts["parks", "json"] == "[\n"
    assert firsts["validate", "text"].endswith(": unknown park 'nowhere-0'; add it to parks.csv or fix the id\n")
    assert firsts["import", "--dry-run"].startswith("rejected: rejections.csv:2:指标: no indicator named '不存在的指标'")
    assert all(received.endswith("\n") for (command, _), received in firsts.items() if command != "report")
