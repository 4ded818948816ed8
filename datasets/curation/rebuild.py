"""Rebuild the bundled dataset from the curation tables, with parkmetrics' own `init` and `import`.

    python datasets/curation/rebuild.py           # rewrite datasets/*.csv
    python datasets/curation/rebuild.py --check   # build aside and compare; exit 1 if datasets/ differs

The curation tables keep each figure as its page reports it (docs/dataset.md, "Curation"):

- parks.csv: the parks and benchmark groups, with the page that states each founding year;
- seed_sources.csv and seed_articles.csv: the seed articles and the figures taken from them;
- figures.csv: every figure collected from public pages, the indicator named as the page names
  it, with indicator_id saying which indicator of indicators.csv it is, the second pass's verdict
  (check) and whether it is imported (use: yes, or the reason it is not).

datasets/indicators.csv is the vocabulary and is edited by hand; everything else is built here.
Rows of figures.csv are imported best source tier first, so where two pages disagree the better
one is kept and the other is reported as a conflict (and listed in the curation table). Figures
of periods that end before OLDEST_YEAR stay in the table but are not imported: a park's latest
figure should never be a decade old.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from parkmetrics.core.periods import parse_period, read_period
from parkmetrics.data import schema

CURATION = Path(__file__).resolve().parent
DATASETS = CURATION.parent
DATASET_FILES = ("parks.csv", "indicators.csv", "sources.csv", "observations.csv")
OLDEST_YEAR = 2015
# Columns of figures.csv that only the curation needs; import is told to leave them aside.
CURATION_ONLY = ("park_as_written", "indicator_id", "check", "use")


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def parkmetrics(*args: str) -> subprocess.CompletedProcess:
    # English report lines: import_file looks for the word "rejected" in them.
    return subprocess.run([sys.executable, "-m", "parkmetrics", *args], capture_output=True, text=True, encoding="utf-8",
                          env=dict(os.environ, PARKMETRICS_NO_CACHE="1", PARKMETRICS_LANG="en", PYTHONIOENCODING="utf-8"))


def as_imported(row: dict) -> dict:
    """The row import reads: the indicator by its id, the name as the page wrote it kept in the note.

    One written name can stand for two indicators (外贸进出口总额 in 亿元 or in 亿美元), so the
    curation table says which one in indicator_id rather than through a --map for the whole file.
    """
    written = row["indicator"]
    if written == row["indicator_id"]:
        return row
    note = "; ".join(part for part in (row["note"], f"indicator as written: {written}") if part)
    return {**row, "indicator": row["indicator_id"], "note": note}


def recent(row: dict) -> bool:
    return parse_period(read_period(row["period"]).text).end.year >= OLDEST_YEAR


def import_file(path: Path, into: Path) -> str:
    # --data names the dataset being built, so that no park is taken from the installed bundled one.
    done = parkmetrics("import", str(path), "--into", str(into), "--data", str(into))
    report = done.stdout + done.stderr
    if done.returncode not in (0, 1) or "rejected: " in report:
        raise SystemExit(f"importing {path.name} failed (exit {done.returncode}):\n{report}")
    return report


def build(into: Path) -> str:
    """Build the dataset into an empty directory; return what the imports reported."""
    created = parkmetrics("init", str(into))
    if created.returncode != 0:
        raise SystemExit(f"parkmetrics init failed: {created.stderr}")
    shutil.copyfile(DATASETS / "indicators.csv", into / "indicators.csv")
    _, parks = read_rows(CURATION / "parks.csv")
    write_rows(into / "parks.csv", schema.COLUMNS[schema.PARKS], parks)
    columns, sources = read_rows(CURATION / "seed_sources.csv")
    write_rows(into / "sources.csv", columns, sources)
    reports = [import_file(CURATION / "seed_articles.csv", into)]

    columns, figures = read_rows(CURATION / "figures.csv")
    figures = [row for row in figures if row["use"] == "yes" and recent(row)]
    figures.sort(key=lambda row: schema.TIERS.index(row["tier"]))  # stable: the table's order within a tier
    with tempfile.TemporaryDirectory() as scratch:
        ordered = Path(scratch) / "figures.csv"
        write_rows(ordered, [column for column in columns if column not in CURATION_ONLY], map(as_imported, figures))
        reports.append(import_file(ordered, into))
    return "\n".join(reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="build aside and compare with datasets/; change nothing")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        built = Path(scratch) / "dataset"
        print(build(built), file=sys.stderr)
        if arguments.check:
            differing = [name for name in DATASET_FILES if not filecmp.cmp(built / name, DATASETS / name, shallow=False)]
            if differing:
                print(f"datasets/ differs from the curation tables in {', '.join(differing)}; "
                      "run python datasets/curation/rebuild.py", file=sys.stderr)
                return 1
            print("datasets/ is what the curation tables build", file=sys.stderr)
            return 0
        for name in DATASET_FILES:
            shutil.copyfile(built / name, DATASETS / name)
        print(f"rebuilt {', '.join(DATASET_FILES)} in datasets/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
