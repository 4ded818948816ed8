"""Run parkmetrics command lines as child processes whose stdout is a pipe that its reader closes early.

Run as a script: the command lines come as JSON on stdin, the results go as JSON to stdout.
The driver imports parkmetrics once and forks one child per command line, so each child is a
real process (its own stdout pipe, its own exit status and final flush) without paying the
start-up of Python and pandas, or the tear-down of their heap, again. The pipe holds one page where the system allows it, so a few
kilobytes of output already overflow it.

Each job is {"args": [...], "reader": "first-line" | "none", "warm": [...]}: the reader reads
up to the end of the first line and closes the pipe, or closes it before reading anything;
"warm" is a command line run once in the driver beforehand (output discarded).
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import sys
import tempfile


def exit_as_the_interpreter_would(args) -> int:
    """Run the command and end as Python ends a program, minus tearing down a large heap.

    The interpreter's last act that output depends on is flushing stdout and stderr; a
    failure there prints 'Exception ignored …' and makes the status 120. That is done here
    the same way, and the status returned for os._exit.
    """
    from parkmetrics.cli.app import main

    code = 99  # main always exits; keeping 99 means it did not
    try:
        main(args, prog_name="parkmetrics")
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception as error:  # noqa: BLE001  (what the interpreter does with any error here)
            os.write(2, f"Exception ignored in: {stream!r}\n{type(error).__name__}: {error}\n".encode())
            code = 120
    return code


def start_job(job, held: list[int]) -> dict:
    """Fork the child of one job; its stdout is a pipe (one page where the system allows), its stderr a file.

    held: read ends of other children's pipes; the child closes them, or the pipes they
    belong to would keep a reader after the driver closes its end.
    """
    read_end, write_end = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    errors = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        for descriptor in (read_end, *held):
            os.close(descriptor)
        os.dup2(write_end, 1)
        os.close(write_end)
        os.dup2(errors.fileno(), 2)
        os._exit(exit_as_the_interpreter_would(job["args"]))
    os.close(write_end)
    return {"job": job, "pid": pid, "pipe": read_end, "errors": errors}


def finish_job(started: dict) -> dict:
    """Be the reader (one line, or nothing), close the pipe, and collect the child's status and stderr."""
    job, read_end = started["job"], started["pipe"]
    received = b""
    if job["reader"] == "first-line":
        while b"\n" not in received:
            chunk = os.read(read_end, 1)
            if not chunk:
                break
            received += chunk
    os.close(read_end)
    _, status = os.waitpid(started["pid"], 0)
    started["errors"].seek(0)
    return {
        "args": job["args"],
        "reader": job["reader"],
        "code": os.waitstatus_to_exitcode(status),
        "stderr": started["errors"].read().decode("utf-8", "replace"),
        "received": received.decode("utf-8", "replace"),
    }


def run_all(jobs, at_once: int = 3) -> list[dict]:
    results = []
    for first in range(0, len(jobs), at_once):
        started = []
        for job in jobs[first : first + at_once]:
            started.append(start_job(job, [other["pipe"] for other in started]))
        results += [finish_job(job) for job in started]
    return results


if __name__ == "__main__":
    jobs = json.load(sys.stdin)
    import contextlib
    import io

    import pandas  # noqa: F401  (imported before forking, once)
    import rich.console  # noqa: F401

    # Each command once in this process first: every module and cache the command needs is loaded,
    # and each dataset is read once and kept, so the children only do the command's own work.
    import parkmetrics.data.loading
    from parkmetrics.cli.app import main

    read_once = functools.cache(lambda locations, use_cache: read(list(locations), use_cache))
    read = parkmetrics.data.loading.load
    parkmetrics.data.loading.load = lambda locations=("bundled",), use_cache=True: read_once(tuple(map(str, locations)), use_cache)
    for args in {tuple(job["warm"]) for job in jobs if job.get("warm")}:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):  # validate and import exit 1 on the data they are given
            main(list(args), prog_name="parkmetrics", standalone_mode=False)
    results = run_all(jobs)
    sys.stdout.write(json.dumps(results, ensure_ascii=False))
