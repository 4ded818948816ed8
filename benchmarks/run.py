"""Time parkmetrics commands against baselines measured in the same run, and print a table.

    python benchmarks/run.py                       # everything (several minutes)
    python benchmarks/run.py --group startup --group bundled   # the quick part
    python benchmarks/run.py --case rank --size 3000x40x10 --runs 7

Each command runs as its own process, as it does in a shell loop. Wall time is
taken around the process; peak memory is the child's maximum resident set size
from os.wait4 (Linux counts the parent's size at fork in it, so this runner
never imports pandas itself). Every case runs once to warm up (this also fills the dataset
cache), then at least five times, alternating with its baseline, so both see the
same machine load. The table gives the median, min and max wall time, the
baseline's median, the ratio of the two medians (which the targets are about),
and the ratio of median CPU times (user + system), which moves less when other
work shares the machine.

A feature adds its commands as one line in CASES below.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
BUNDLED = "bundled"
SCALE = "3000x40x10"  # every development zone in China, 40 indicators, 10 years: 1.2 M observations
GROWTH = ("300x40x10", SCALE, "30000x10x10")
IMPORT_PANDAS = ("{python}", "-c", "import pandas")


@dataclass(frozen=True)
class Case:
    """One command to time: parkmetrics arguments, the baseline it is measured against, the target."""

    name: str
    group: str
    args: tuple[str, ...]
    baseline: tuple[str, ...]
    size: str = BUNDLED
    target_ratio: float | None = None  # median / baseline median must not exceed this
    limit: float | None = None  # median seconds must stay under this
    cold: bool = False  # without the dataset cache: every figure is parsed and checked
    exit_codes: tuple[int, ...] = (0,)


def _growth_cases(name: str, args: tuple[str, ...], baseline: tuple[str, ...], cold: bool = False) -> list[Case]:
    return [Case(f"{name} @{size}", "growth", args, baseline, size=size, cold=cold) for size in GROWTH]


RANK_BASELINE = ("{python}", "{benchmarks}/baseline_rank.py", "{data}", "high_tech_enterprises")
COMPARE_BASELINE = ("{python}", "{benchmarks}/baseline_compare.py", "{data}", "{park1}", "{park2}", "{park3}", "{park4}", "{park5}")
READ_BASELINE = ("{python}", "{benchmarks}/baseline_read.py", "{data}")
COMPARE_5 = ("compare", "{park1}", "{park2}", "{park3}", "{park4}", "{park5}", "--data", "{data}")
RANK = ("rank", "high_tech_enterprises", "--data", "{data}")
VALIDATE = ("validate", "{data}")

# Placeholders: {python}, {benchmarks}, {data} (the dataset directory), {park1}..{park5}
# (five parks spread over the dataset). Bundled cases use the shipped data.
CASES: list[Case] = [
    Case("help", "startup", ("--help",), IMPORT_PANDAS, target_ratio=0.25),
    Case("version", "startup", ("--version",), IMPORT_PANDAS, target_ratio=0.25),
    Case("parks", "bundled", ("parks",), IMPORT_PANDAS, target_ratio=1.1),
    Case("show", "bundled", ("show", "changde"), IMPORT_PANDAS, target_ratio=1.1),
    Case("compare", "bundled", ("compare", "qianjiang", "jinzhong"), IMPORT_PANDAS, target_ratio=1.1),
    Case("rank", "bundled", ("rank", "high_tech_enterprises"), IMPORT_PANDAS, target_ratio=1.1),
    Case("data", "bundled", ("data", "--format", "csv"), IMPORT_PANDAS, target_ratio=1.1),
    Case("rank", "scale", RANK, RANK_BASELINE, size=SCALE, target_ratio=1.5, limit=4.0),
    Case("compare 5 parks", "scale", COMPARE_5, COMPARE_BASELINE, size=SCALE, target_ratio=1.5, limit=4.0),
    Case("validate", "scale", VALIDATE, READ_BASELINE, size=SCALE, limit=15.0, cold=True),
    Case("parks", "scale", ("parks", "--data", "{data}"), IMPORT_PANDAS, size=SCALE),
    Case("show", "scale", ("show", "{park1}", "--data", "{data}"), IMPORT_PANDAS, size=SCALE),
    Case("data", "scale", ("data", "--format", "csv", "--data", "{data}"), READ_BASELINE, size=SCALE),
    *_growth_cases("rank", RANK, RANK_BASELINE),
    *_growth_cases("compare 5 parks", COMPARE_5, COMPARE_BASELINE),
    *_growth_cases("validate", VALIDATE, READ_BASELINE, cold=True),
]


@dataclass
class Timing:
    seconds: list[float]  # wall time of each run
    cpu_seconds: list[float]  # user + system time of each run: less sensitive to other load on the machine
    peak_mib: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)


def parse_size(size: str) -> tuple[int, int, int]:
    parks, indicators, periods = (int(part) for part in size.split("x"))
    return parks, indicators, periods


def dataset_dir(size: str, root: Path) -> Path:
    """The synthetic dataset of this size, written on first use."""
    if size == BUNDLED:
        return REPO / "datasets"
    directory = root / f"synth-{size}"
    if not (directory / "observations.csv").is_file():
        sys.path.insert(0, str(BENCHMARKS))
        from synth import write

        print(f"writing synthetic dataset {size} to {directory} ...", file=sys.stderr)
        write(*parse_size(size), directory / "partial")
        for file in (directory / "partial").iterdir():
            file.replace(directory / file.name)
        (directory / "partial").rmdir()
    return directory


def placeholders(size: str, root: Path) -> dict[str, str]:
    values = {"python": sys.executable, "benchmarks": str(BENCHMARKS), "data": str(dataset_dir(size, root))}
    if size != BUNDLED:
        parks = parse_size(size)[0]
        for number in range(1, 6):
            values[f"park{number}"] = f"synth-{max(1, round(parks * (number - 1) / 4)):04d}"
    return values


def parkmetrics_command() -> list[str]:
    script = Path(sys.executable).with_name("parkmetrics")
    return [str(script)] if script.exists() else [sys.executable, "-m", "parkmetrics"]


def run_once(command: list[str], env: dict[str, str], exit_codes: tuple[int, ...]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one process."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in exit_codes:
            stderr.seek(0)
            raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{stderr.read().decode(errors='replace')}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux reports kilobytes


def measure(case: Case, runs: int, root: Path, cache: Path) -> tuple[list[str], Timing, Timing]:
    values = placeholders(case.size, root)
    command = parkmetrics_command() + [arg.format(**values) for arg in case.args]
    baseline = [arg.format(**values) for arg in case.baseline]
    env = {**os.environ, "PARKMETRICS_CACHE_DIR": str(cache)}
    env.pop("PARKMETRICS_NO_CACHE", None)
    # As installed: compiled modules are cached, so no run pays for compiling Python source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if case.cold:
        env["PARKMETRICS_NO_CACHE"] = "1"
    run_once(command, env, case.exit_codes)  # warm-up: fills the cache and the OS file cache
    run_once(baseline, env, (0,))
    timings = {"case": Timing([], [], 0.0), "baseline": Timing([], [], 0.0)}
    for _ in range(runs):
        for key, argv, codes in (("case", command, case.exit_codes), ("baseline", baseline, (0,))):
            seconds, cpu, peak = run_once(argv, env, codes)
            timings[key].seconds.append(seconds)
            timings[key].cpu_seconds.append(cpu)
            timings[key].peak_mib = max(timings[key].peak_mib, peak)
    return command, timings["case"], timings["baseline"]


def reference_mib(size: str, root: Path) -> float:
    """In-memory size of the observations DataFrame as plain pandas reads it (deep memory_usage)."""
    code = (
        "import sys, pandas as pd\n"
        "frame = pd.read_csv(sys.argv[1])\n"
        "print(frame.memory_usage(deep=True).sum() / 2**20)\n"
    )
    path = dataset_dir(size, root) / "observations.csv"
    return float(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout)


def shorten(command: list[str], values: dict[str, str]) -> str:
    text = " ".join(["parkmetrics", *command[len(parkmetrics_command()):]])
    return text.replace(values["data"], "DATA") if "data" in values else text


def machine() -> str:
    # pandas' version comes from a child: importing it here would inflate every child's peak memory.
    pandas = subprocess.run([sys.executable, "-c", "import pandas; print(pandas.__version__)"],
                            capture_output=True, text=True, check=True).stdout.strip()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB memory, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, pandas {pandas}")


def verdict(case: Case, timing: Timing, ratio: float) -> str:
    checks = []
    if case.target_ratio is not None:
        checks.append(ratio <= case.target_ratio)
    if case.limit is not None:
        checks.append(timing.median < case.limit)
    if not checks:
        return ""
    return "met" if all(checks) else "NOT met"


def target_text(case: Case) -> str:
    parts = []
    if case.target_ratio is not None:
        parts.append(f"≤{case.target_ratio:g}×")
    if case.limit is not None:
        parts.append(f"<{case.limit:g} s")
    return " and ".join(parts)


def baseline_name(case: Case) -> str:
    if case.baseline == IMPORT_PANDAS:
        return "import pandas"
    return Path(case.baseline[1]).stem


HEADER = ("case", "size", "command", "median s", "min s", "max s", "baseline", "baseline median s", "ratio",
          "target", "", "cpu ratio", "peak MiB", "peak / frame")


def print_table(rows: list[tuple], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "|".join("---:" if column.endswith(("s", "ratio", "MiB", "frame")) else "---" for column in HEADER) + "|")
        for row in rows:
            print("| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |")
        return
    widths = [max(len(str(row[index])) for row in [HEADER, *rows]) for index in range(len(HEADER))]
    for row in [HEADER, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


def print_growth(results: list[tuple[Case, Timing]], root: Path, markdown: bool) -> None:
    """Seconds per million observations at each size: flat means linear growth."""
    lines = []
    for case, timing in results:
        if case.group != "growth":
            continue
        parks, indicators, periods = parse_size(case.size)
        rows = parks * indicators * periods
        lines.append((case.name, f"{rows:,}", f"{timing.median:.2f}", f"{timing.median / rows * 1e6:.2f}"))
    if not lines:
        return
    header = ("case", "observations", "median s", "s per million observations")
    print()
    if markdown:
        print("| " + " | ".join(header) + " |\n|---|---:|---:|---:|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        for line in [header, *lines]:
            print("  ".join(cell.ljust(28 if index == 0 else 14) for index, cell in enumerate(line)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark parkmetrics commands against baselines.")
    parser.add_argument("--group", action="append", choices=sorted({case.group for case in CASES}),
                        help="only cases of this group (repeatable)")
    parser.add_argument("--case", action="append", help="only cases whose name matches this glob (repeatable)")
    parser.add_argument("--size", action="append", help="only cases at this size, e.g. bundled or 3000x40x10 (repeatable)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command after one warm-up (default 5, at least 5)")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "parkmetrics-benchmarks",
                        help="where synthetic datasets and the benchmark cache are kept")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables, for docs/performance.md")
    arguments = parser.parse_args()
    if arguments.runs < 5:
        parser.error("--runs must be at least 5: a median of fewer runs says little on a busy machine")

    selected = [
        case for case in CASES
        if (not arguments.group or case.group in arguments.group)
        and (not arguments.case or any(fnmatch.fnmatch(case.name, pattern) for pattern in arguments.case))
        and (not arguments.size or case.size in arguments.size)
    ]
    if not selected:
        parser.error("no case matches; see CASES in benchmarks/run.py")
    root = arguments.data_dir
    cache = root / "cache"
    shutil.rmtree(cache, ignore_errors=True)  # the first run of each case builds its entry afresh
    host = machine()
    print(f"machine: {host}; {arguments.runs} runs per command after a warm-up", file=sys.stderr)

    rows, results, references = [], [], {}
    for case in selected:
        print(f"  {case.group}: {case.name} ({case.size}) ...", file=sys.stderr, flush=True)
        command, timing, baseline = measure(case, arguments.runs, root, cache)
        ratio = timing.median / baseline.median
        memory = ""
        if case.size != BUNDLED:
            if case.size not in references:
                references[case.size] = reference_mib(case.size, root)
            memory = f"{timing.peak_mib / references[case.size]:.2f}"
        rows.append((
            case.name, case.size, shorten(command, placeholders(case.size, root)),
            f"{timing.median:.3f}", f"{min(timing.seconds):.3f}", f"{max(timing.seconds):.3f}",
            baseline_name(case), f"{baseline.median:.3f}", f"{ratio:.2f}", target_text(case), verdict(case, timing, ratio),
            f"{timing.cpu_median / baseline.cpu_median:.2f}", f"{timing.peak_mib:.0f}", memory,
        ))
        results.append((case, timing))
    print(f"machine: {host}")
    print_table(rows, arguments.markdown)
    print_growth(results, root, arguments.markdown)
    for size, mib in references.items():
        print(f"\nframe at {size}: observations.csv read by pd.read_csv, deep memory_usage = {mib:.0f} MiB")


if __name__ == "__main__":
    main()
