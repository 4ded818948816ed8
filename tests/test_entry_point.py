"""The installed `parkmetrics` command and `python -m parkmetrics`, as separate processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones

SCRIPT = Path(sys.executable).with_name("parkmetrics")


def run_process(*args, **kwargs):
    env = {**os.environ, "PARKMETRICS_NO_CACHE": "1"}
    return subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=120, **kwargs)


@pytest.mark.skipif(not SCRIPT.exists(), reason="the parkmetrics script is not installed beside this Python")
def test_installed_entry_point_compares_parks():
    result = run_process(str(SCRIPT), "compare", "qianjiang", "jinzhong", "--common")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "indicator,unit,status,qianjiang.value,qianjiang.qualifier,qianjiang.period,qianjiang.scope,jinzhong.value,jinzhong.qualifier,jinzhong.period,jinzhong.scope,ratio,comparison",
        "high_tech_enterprises,家,actual,50,exact,2023-05,park,170,exact,2023-02,park,0.2941,as of 2023-05 vs 2023-02",
    ]


@pytest.mark.skipif(not SCRIPT.exists(), reason="the parkmetrics script is not installed beside this Python")
def test_installed_entry_point_error_has_no_traceback():
    result = run_process(str(SCRIPT), "show", "nowhere")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: unknown park 'nowhere'; run `parkmetrics parks` to see them all\n"


def test_python_dash_m_runs_the_cli():
    from importlib.metadata import version

    result = run_process(sys.executable, "-m", "parkmetrics", "--version")
    assert (result.returncode, result.stdout) == (0, f"parkmetrics {version('parkmetrics')}\n")


def test_importing_the_cli_loads_no_heavy_module():
    code = "import sys, parkmetrics.cli.app; print(sorted(m for m in ('pandas', 'pint', 'openpyxl', 'numpy', 'rich', 'pypinyin', 'defusedxml') if m in sys.modules))"
    assert run_process(sys.executable, "-c", code).stdout == "[]\n"


def test_help_loads_no_heavy_module():
    code = (
        "import sys\nfrom parkmetrics.cli.app import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pandas', 'pint', 'openpyxl', 'numpy', 'rich', 'pypinyin', 'defusedxml') if m in sys.modules), file=sys.stderr)"
    )
    assert run_process(sys.executable, "-c", code).stderr == "[]\n"


def test_version_reads_no_package_metadata_and_no_renderer():
    # Start-up in shell loops: the version is written in the package, and formats are listed without the renderer.
    code = (
        "import sys\npreloaded = set(sys.modules)\nfrom parkmetrics.cli.app import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "watched = ('importlib.metadata', 'parkmetrics.output.render', 'parkmetrics.core.figures', 'parkmetrics.analysis.profiles', 'pandas')\n"
        "print(sorted(m for m in watched if m in sys.modules and m not in preloaded), file=sys.stderr)"
    )
    from importlib.metadata import version

    result = run_process(sys.executable, "-c", code)
    assert (result.stdout, result.stderr) == (f"parkmetrics {version('parkmetrics')}\n", "[]\n")


def test_writing_into_a_closed_pipe_ends_quietly():
    env = {**os.environ, "PARKMETRICS_NO_CACHE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "parkmetrics", "data", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    process.stdout.close()  # the reader goes away before the first byte is written
    stderr = process.stderr.read()
    process.wait(timeout=120)
    assert (process.returncode, stderr) == (0, b"")
