"""Time parkmetrics commands against baselines measured in the same run, and print a table.

    python benchmarks/run.py                                  # everything (about half an hour)
    python benchmarks/run.py --group startup --group bundled  # the quick part (a few minutes)
    python benchmarks/run.py --case 'rank*' --size 3000x40x10 --runs 7

Each command runs as its own process, as it does in a shell loop. Wall time is
taken around the process; CPU time (user + system) and peak memory (maximum
resident set size) come from os.wait4. Linux counts the parent's size at fork
in a child's peak, so this runner never imports pandas itself. Every case runs
once to warm up (this also compiles the dataset's store and fills the
compiled-module cache), then at least five times, alternating with its baseline,
so both see the same machine load; a case marked `fresh` removes the store
before every run, so each run compiles it. The table gives the median, min and max wall time, the
baseline's median, the ratio of the two medians (which the targets are about),
and the ratio of median CPU times, which moves less when other work shares the
machine. Synthetic datasets (benchmarks/synth.py) are written on first use.

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
from dataclasses import dataclass, field
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
BUNDLED = "bundled"
SCALE = "3000x40x10"  # every development zone in China, 40 indicators, 10 years: 1.2 M observations
GROWTH = ("300x40x10", SCALE, "30000x10x10")
MEMORY_RATIO = 3.0  # peak memory at most this many times the observations DataFrame, at every synthetic size


@dataclass(frozen=True)
class Case:
    """One command to time: parkmetrics arguments, the baseline it is measured against, the targets."""

    name: str
    group: str
    args: tuple[str, ...]
    baseline: tuple[str, ...] | None  # a command to time alongside, or None
    size: str = BUNDLED
    target_ratio: float | None = None  # median / baseline median must not exceed this
    limit: float | None = None  # median seconds must stay under this
    memory_limit: float | None = None  # peak MiB must stay under this
    cold: bool = False  # without the compiled store: every figure is parsed and checked, nothing is written
    fresh: bool = False  # the compiled store is removed before every run, so each run compiles it (the removal is not timed)
    cold_baseline: bool = False  # the baseline runs without the compiled store
    exit_codes: tuple[int, ...] = (0,)


IMPORT_PANDAS = ("{python}", "-c", "import pandas")
RANK_BASELINE = ("{python}", "{benchmarks}/baseline_rank.py", "{data}", "gdp")
COMPARE_BASELINE = ("{python}", "{benchmarks}/baseline_compare.py", "{data}", "{park1}", "{park2}", "{park3}", "{park4}", "{park5}")
READ_BASELINE = ("{python}", "{benchmarks}/baseline_read.py", "{data}")
READ_WRITE_BASELINE = ("{python}", "{benchmarks}/baseline_read_write.py", "{data}")
# `validate` as it was before the compiled store: the files parsed and checked, nothing written.
COLD_VALIDATE = ("{parkmetrics}", "validate", "{data}")
# Writing a store's tables and indexes inside SQLite alone (benchmarks/sqlite_floor.py).
SQLITE_FLOOR = ("{python}", "{benchmarks}/sqlite_floor.py", "{data}")
RANK = ("rank", "gdp", "--data", "{data}")
COMPARE_5 = ("compare", "{park1}", "{park2}", "{park3}", "{park4}", "{park5}", "--data", "{data}")
VALIDATE = ("validate", "{data}")
PROFILE = ("rank", "--profile", "scale", "--uncertainty", "1000", "--seed", "7", "--data", "{data}")
# Re-importing a dataset's own figures: every row is read, parsed, checked and found identical; nothing is written.
IMPORT = ("import", "{data}/observations.csv", "--into", "{data}", "--dry-run")
REPORT_PROFILE = ("report", "-o", "{scratch}/report.xlsx", "--force", "--profile", "scale", "--parks", "{excel_parks}", "--data", "{data}")
# An Excel sheet holds 1,048,576 rows, fewer than 1.2 M figures: the report covers the parks that fit.
REPORT = ("report", "-o", "{scratch}/report.xlsx", "--force", "--parks", "{excel_parks}", "--data", "{data}")
EXCEL_ROWS = 1_048_576 - 5  # a header row, the sources and a little room


def _growth(name: str, args: tuple[str, ...], baseline: tuple[str, ...] | None, cold: bool = False) -> list[Case]:
    return [Case(name, "growth", args, baseline, size=size, cold=cold) for size in GROWTH]


# Placeholders: {python} (as a case's first argument, the case runs a script instead of parkmetrics), {parkmetrics} (the command), {benchmarks}, {data} (the dataset directory), {park1}..{park5}
# (five parks spread over the dataset), {excel_parks} (the first parks whose figures fit in
# one Excel sheet), {scratch} (an empty directory for output files).
# Cases without --data use the bundled dataset.
CASES: list[Case] = [
    Case("help", "startup", ("--help",), IMPORT_PANDAS, target_ratio=0.2),
    Case("version", "startup", ("--version",), IMPORT_PANDAS, target_ratio=0.2),
    Case("parks", "bundled", ("parks",), IMPORT_PANDAS, target_ratio=0.35),
    Case("indicators", "bundled", ("indicators",), IMPORT_PANDAS),
    Case("show", "bundled", ("show", "changde"), IMPORT_PANDAS, target_ratio=0.35),
    Case("compare", "bundled", ("compare", "qianjiang", "jinzhong"), IMPORT_PANDAS, target_ratio=0.35),
    Case("rank", "bundled", ("rank", "high_tech_enterprises"), IMPORT_PANDAS, target_ratio=0.35),
    Case("data", "bundled", ("data", "--format", "csv"), IMPORT_PANDAS),
    Case("rank", "scale", RANK, RANK_BASELINE, size=SCALE, limit=0.5),
    Case("compare 5 parks", "scale", COMPARE_5, COMPARE_BASELINE, size=SCALE, limit=0.5, memory_limit=100),
    Case("validate", "scale", VALIDATE, READ_BASELINE, size=SCALE, limit=15.0, cold=True),
    Case("first build", "scale", VALIDATE, COLD_VALIDATE, size=SCALE, target_ratio=1.2, fresh=True, cold_baseline=True),
    # SQLite's own share of the first build: 1 + this ratio is the least the first build's ratio can be.
    Case("SQLite alone", "scale", SQLITE_FLOOR, COLD_VALIDATE, size=SCALE, cold_baseline=True),
    Case("validate, store built", "scale", VALIDATE, IMPORT_PANDAS, size=SCALE),
    Case("parks", "scale", ("parks", "--data", "{data}"), IMPORT_PANDAS, size=SCALE),
    Case("show", "scale", ("show", "{park1}", "--data", "{data}"), IMPORT_PANDAS, size=SCALE),
    Case("data", "scale", ("data", "--format", "csv", "--data", "{data}"), READ_WRITE_BASELINE, size=SCALE, target_ratio=1.5),
    Case("rank --profile, 1000 runs", "scale", PROFILE, None, size=SCALE, limit=30.0),
    Case("report", "scale", REPORT, None, size=SCALE, limit=60.0, memory_limit=2048),
    Case("report --profile", "scale", REPORT_PROFILE, None, size=SCALE, limit=60.0, memory_limit=2048),
    Case("import, dry run", "scale", IMPORT, READ_BASELINE, size=GROWTH[0]),
    *_growth("rank", RANK, RANK_BASELINE),
    *_growth("compare 5 parks", COMPARE_5, COMPARE_BASELINE),
    *_growth("validate", VALIDATE, READ_BASELINE, cold=True),
]


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)  # wall time of each run
    cpu_seconds: list[float] = field(default_factory=list)  # user + system time of each run
    peak_mib: float = 0.0

    def add(self, seconds: float, cpu: float, peak: float) -> None:
        self.seconds.append(seconds)
        self.cpu_seconds.append(cpu)
        self.peak_mib = max(self.peak_mib, peak)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)


@dataclass
class Result:
    case: Case
    command: str
    timing: Timing
    baseline: Timing | None
    frame_mib: float | None  # the reference observations DataFrame at this size

    @property
    def ratio(self) -> float | None:
        return self.timing.median / self.baseline.median if self.baseline else None

    @property
    def memory_ratio(self) -> float | None:
        return self.timing.peak_mib / self.frame_mib if self.frame_mib else None

    def verdict(self) -> str:
        checks = []
        if self.case.target_ratio is not None:
            checks.append(self.ratio <= self.case.target_ratio)
        if self.case.limit is not None:
            checks.append(self.timing.median < self.case.limit)
        if self.case.memory_limit is not None:
            checks.append(self.timing.peak_mib < self.case.memory_limit)
        if self.memory_ratio is not None and self.case.size == SCALE:
            checks.append(self.memory_ratio <= MEMORY_RATIO)
        if not checks:
            return ""
        return "met" if all(checks) else "NOT met"

    def targets(self) -> str:
        parts = []
        if self.case.target_ratio is not None:
            parts.append(f"≤{self.case.target_ratio:g}×")
        if self.case.limit is not None:
            parts.append(f"<{self.case.limit:g} s")
        if self.case.memory_limit is not None:
            parts.append(f"<{self.case.memory_limit:g} MiB")
        if self.memory_ratio is not None and self.case.size == SCALE:
            parts.append(f"memory ≤{MEMORY_RATIO:g}× frame")
        return ", ".join(parts)

    def cells(self) -> tuple[str, ...]:
        baseline = self.baseline
        return (
            self.case.name,
            self.case.size,
            self.command,
            f"{self.timing.median:.3f}",
            f"{min(self.timing.seconds):.3f}",
            f"{max(self.timing.seconds):.3f}",
            baseline_name(self.case),
            f"{baseline.median:.3f}" if baseline else "",
            _format(self.ratio),
            self.targets(),
            self.verdict(),
            _format(self.timing.cpu_median / baseline.cpu_median if baseline else None),
            f"{self.timing.peak_mib:.0f}",
            _format(self.memory_ratio),
        )


HEADER = ("case", "size", "command", "median s", "min s", "max s", "baseline", "baseline median s", "ratio", "targets", "", "cpu ratio", "peak MiB", "peak / frame")


def _format(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def parse_size(size: str) -> tuple[int, int, int]:
    parks, indicators, periods = (int(part) for part in size.split("x"))
    return parks, indicators, periods


def observations(size: str) -> int:
    parks, indicators, periods = parse_size(size)
    return parks * indicators * periods


def dataset_dir(size: str, root: Path) -> Path:
    """The synthetic dataset of this size, written on first use."""
    if size == BUNDLED:
        return REPO / "datasets"
    directory = root / f"synth-{size}"
    if not (directory / "observations.csv").is_file():
        sys.path.insert(0, str(BENCHMARKS))
        from synth import write

        print(f"writing synthetic dataset {size} to {directory} ...", file=sys.stderr, flush=True)
        partial = directory / "partial"
        write(*parse_size(size), partial)
        for file in partial.iterdir():
            file.replace(directory / file.name)
        partial.rmdir()
    return directory


def placeholders(size: str, root: Path) -> dict[str, str]:
    values = {
        "python": sys.executable,
        "parkmetrics": " ".join(parkmetrics_command()),
        "benchmarks": str(BENCHMARKS),
        "data": str(dataset_dir(size, root)),
        "scratch": str(root / "scratch"),
    }
    if size != BUNDLED:
        parks, indicators, periods = parse_size(size)
        for number in range(1, 6):
            values[f"park{number}"] = f"synth-{max(1, round(parks * (number - 1) / 4)):04d}"
        fitting = min(parks, EXCEL_ROWS // (indicators * periods))
        values["excel_parks"] = ",".join(f"synth-{number:04d}" for number in range(1, fitting + 1))
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


def environment(cache: Path, cold: bool) -> dict[str, str]:
    env = {**os.environ, "PARKMETRICS_CACHE_DIR": str(cache)}  # where the compiled stores go
    env.pop("PARKMETRICS_NO_CACHE", None)
    # As installed: compiled modules are cached, so no run pays for compiling Python source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cold:
        env["PARKMETRICS_NO_CACHE"] = "1"
    return env


def measure(case: Case, runs: int, root: Path, cache: Path) -> tuple[list[str], Timing, Timing | None]:
    values = placeholders(case.size, root)
    shutil.rmtree(values["scratch"], ignore_errors=True)
    Path(values["scratch"]).mkdir(parents=True)
    program = [] if case.args[0] == "{python}" else parkmetrics_command()
    commands = {"case": (program + [arg.format(**values) for arg in case.args], case.exit_codes, environment(cache, case.cold))}
    if case.baseline is not None:
        baseline = [part for arg in case.baseline for part in (arg.format(**values).split(" ") if arg == "{parkmetrics}" else [arg.format(**values)])]
        commands["baseline"] = (baseline, (0,), environment(cache, case.cold or case.cold_baseline))
    timings = {key: Timing() for key in commands}
    for run in range(runs + 1):  # the first is a warm-up
        for key, (command, codes, env) in commands.items():
            if case.fresh and key == "case":
                shutil.rmtree(cache, ignore_errors=True)
            measured = run_once(command, env, codes)
            if run:
                timings[key].add(*measured)
    return commands["case"][0], timings["case"], timings.get("baseline")


def frame_mib(size: str, root: Path) -> float:
    """In-memory size of the observations DataFrame as plain pandas reads it (deep memory_usage)."""
    code = "import sys, pandas as pd\nprint(pd.read_csv(sys.argv[1]).memory_usage(deep=True).sum() / 2**20)\n"
    path = dataset_dir(size, root) / "observations.csv"
    return float(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout)


def shorten(command: list[str], size: str, root: Path) -> str:
    values = placeholders(size, root)
    if command[0] == sys.executable:
        text = " ".join(["python", *command[1:]]).replace(values["benchmarks"] + os.sep, "")
    else:
        text = " ".join(["parkmetrics", *command[len(parkmetrics_command()) :]])
    if "excel_parks" in values:
        first, *_, last = values["excel_parks"].split(",")
        text = text.replace(values["excel_parks"], f"{first},...,{last}")
    return text.replace(values["data"], "DATA").replace(values["scratch"], "SCRATCH")


def baseline_name(case: Case) -> str:
    if case.baseline is None:
        return ""
    if case.baseline == IMPORT_PANDAS:
        return "import pandas"
    if case.baseline == COLD_VALIDATE:
        return "validate without a store"
    return Path(case.baseline[1]).stem


def machine() -> str:
    # pandas' version comes from a child: importing it here would inflate every child's peak memory.
    pandas = subprocess.run([sys.executable, "-c", "import pandas; print(pandas.__version__)"], capture_output=True, text=True, check=True).stdout.strip()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB memory, {platform.system()} {platform.machine()}, Python {platform.python_version()}, pandas {pandas}"


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        numeric = (" s", "ratio", "MiB", "frame", "observations", "million")
        print("|" + "|".join("---:" if any(word in column for word in numeric) else "---" for column in header) + "|")
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return
    widths = [max(len(row[index]) for row in [header, *rows]) for index in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def growth_rows(results: list[Result]) -> list[tuple[str, ...]]:
    """Seconds per million observations, and the cost of each extra million since the size before."""
    rows, previous = [], {}
    for result in results:
        if result.case.group != "growth":
            continue
        count, median = observations(result.case.size), result.timing.median
        marginal = ""
        if result.case.name in previous:
            before_count, before_median = previous[result.case.name]
            marginal = f"{(median - before_median) / (count - before_count) * 1e6:.2f}"
        previous[result.case.name] = (count, median)
        rows.append((result.case.name, result.case.size, f"{count:,}", f"{median:.2f}", f"{median / count * 1e6:.2f}", marginal, f"{result.timing.peak_mib:.0f}"))
    return rows


GROWTH_HEADER = ("case", "size", "observations", "median s", "s per million observations", "s per extra million since the size before", "peak MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark parkmetrics commands against baselines.")
    parser.add_argument("--group", action="append", choices=sorted({case.group for case in CASES}), help="only cases of this group (repeatable)")
    parser.add_argument("--case", action="append", help="only cases whose name matches this glob (repeatable)")
    parser.add_argument("--size", action="append", help="only cases at this size, e.g. bundled or 3000x40x10 (repeatable)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command after one warm-up (default 5, at least 5)")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "parkmetrics-benchmarks", help="where synthetic datasets, the benchmark's compiled stores and output files are kept"
    )
    parser.add_argument("--markdown", action="store_true", help="print markdown tables, for docs/performance.md")
    arguments = parser.parse_args()
    if arguments.runs < 5:
        parser.error("--runs must be at least 5: a median of fewer runs says little on a busy machine")

    selected = [
        case
        for case in CASES
        if (not arguments.group or case.group in arguments.group)
        and (not arguments.case or any(fnmatch.fnmatch(case.name, pattern) for pattern in arguments.case))
        and (not arguments.size or case.size in arguments.size)
    ]
    if not selected:
        parser.error("no case matches; see CASES in benchmarks/run.py")
    root = arguments.data_dir
    cache = root / "cache"
    shutil.rmtree(cache, ignore_errors=True)  # each case's warm-up compiles its store afresh
    host = machine()
    print(f"machine: {host}; {arguments.runs} runs per command after a warm-up", file=sys.stderr)

    results, frames = [], {}
    for case in selected:
        print(f"  {case.group}: {case.name} ({case.size}) ...", file=sys.stderr, flush=True)
        command, timing, baseline = measure(case, arguments.runs, root, cache)
        if case.size != BUNDLED and case.size not in frames:
            frames[case.size] = frame_mib(case.size, root)
        results.append(Result(case, shorten(command, case.size, root), timing, baseline, frames.get(case.size)))

    print(f"machine: {host}; {arguments.runs} runs per command after a warm-up")
    cases = [result.cells() for result in results if result.case.group != "growth"]
    for header, rows in ((HEADER, cases), (GROWTH_HEADER, growth_rows(results))):
        if rows:
            print()
            print_table(header, rows, arguments.markdown)
    for size, mib in frames.items():
        print(f"\nframe at {size}: observations.csv read by pd.read_csv, deep memory_usage = {mib:.0f} MiB")


if __name__ == "__main__":
    main()
