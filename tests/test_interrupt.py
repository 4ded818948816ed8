"""Ctrl-C (SIGINT) in the middle of a long command, as a separate process: exit 130, every file as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from bigdata import big_dataset
from faults import snapshot

# English: the messages these tests check are the English ones.
pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="needs POSIX signals"),
    # A shell without job control starts background commands with Ctrl-C ignored, and the commands under test inherit that.
    pytest.mark.skipif(hasattr(signal, "SIGINT") and signal.getsignal(signal.SIGINT) is signal.SIG_IGN, reason="Ctrl-C is ignored in this process"),
    pytest.mark.usefixtures("english"),
]


def start(*args, cwd):
    environment = {**os.environ, "PARKMETRICS_CACHE_DIR": str(cwd / "cache")}
    environment.pop("PARKMETRICS_NO_CACHE", None)
    return subprocess.Popen([sys.executable, "-m", "parkmetrics", *args], cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def interrupt_when(process, ready, timeout: float = 60) -> tuple[int, str, str]:
    """Send SIGINT as soon as ready() is true (the command is in the middle of its work); return code and output."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the command never reached the point to interrupt"
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def held_for(path, seconds: float):
    """A check that turns true `seconds` after `path` first exists."""
    started = []

    def ready() -> bool:
        if not started and path.exists():
            started.append(time.monotonic())
        return bool(started) and time.monotonic() - started[0] > seconds

    return ready


def test_ctrl_c_during_an_import_changes_no_dataset_file(tmp_path):
    """The lock file appears when the import starts reading; Ctrl-C comes 0.2 s later, while the dataset is
    loaded and 8,000 figures are checked, which keeps it over a second from writing anything.

    On a loaded machine a signal now and then reaches the process only after the import has written
    and exited, so an import that finished is tried again, up to three times; every attempt must
    leave the dataset either untouched (interrupted) or whole (finished), and one must be interrupted."""
    data = big_dataset(tmp_path / "data", parks=80)
    rows = [f"虚构测试园区第{n % 80 + 1}号经济技术开发区,地区生产总值,{1924 + n // 80},{n}亿元,测试来源" for n in range(8000)]
    (tmp_path / "big.csv").write_text("园区,指标,期间,数值,来源\n" + "\n".join(rows) + "\n", encoding="utf-8")
    before = snapshot(data)
    for _attempt in range(3):
        process = start("import", "big.csv", "--into", "data", cwd=tmp_path)
        code, stdout, stderr = interrupt_when(process, held_for(data / ".parkmetrics.lock", 0.2))
        after = snapshot(data)
        assert after.pop(".parkmetrics.lock") == b""  # the lock is left, empty and unlocked, as documented
        if code != 130:  # finished before the signal: the import is whole; start again from the old files
            assert code == 1 and stdout.startswith("new source:"), (code, stdout, stderr)
            (data / ".parkmetrics.lock").unlink()
            for name, content in before.items():
                (data / name).write_bytes(content)
            continue
        assert (stdout, stderr) == ("", "interrupted\n")
        assert after == before
        return
    raise AssertionError("three imports finished before Ctrl-C reached them")


def test_ctrl_c_during_a_report_leaves_the_old_workbook(tmp_path):
    """Ctrl-C comes while the workbook is being written to its temporary file (SIGTERM: test_exit_codes.py)."""
    big_dataset(tmp_path / "data", parks=80)
    target = tmp_path / "out" / "report.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"yesterday's report")
    process = start("report", "-o", str(target), "--force", "--data", "data", cwd=tmp_path)

    def writing() -> bool:
        return any(name.startswith(".report.xlsx.") for name in os.listdir(target.parent))

    assert interrupt_when(process, writing) == (130, "", "interrupted\n")
    assert snapshot(target.parent) == {"report.xlsx": b"yesterday's report"}


def test_ctrl_c_just_after_the_temporary_file_is_made_leaves_no_file(tmp_path, monkeypatch):
    """The signal comes between creating the temporary file and learning its name: it is held until the name is
    known, then the file is removed (before, it stayed behind as an empty .tmp file)."""
    import tempfile

    from parkmetrics.files.atomic import atomic_write

    real = tempfile.mkstemp

    def interrupted(*args, **kwargs):
        made = real(*args, **kwargs)
        signal.raise_signal(signal.SIGINT)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", interrupted)
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"yesterday's report")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target, "wb") as handle:
            handle.write(b"today's report")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.xlsx"]
    assert target.read_bytes() == b"yesterday's report"
