"""The bundled dataset is what its curation tables build, and it reaches the coverage it claims."""

from __future__ import annotations

import csv
import subprocess
import sys

from conftest import REPO

CURATION = REPO / "datasets" / "curation"


def curation_rows(name: str) -> list[dict]:
    with open(CURATION / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rebuilding_from_the_curation_tables_gives_the_committed_dataset():
    done = subprocess.run([sys.executable, str(CURATION / "rebuild.py"), "--check"], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("datasets/ is what the curation tables build\n")


def test_every_imported_figure_was_checked_by_a_second_pass():
    rows = [row for row in curation_rows("figures.csv") if row["use"] == "yes"]
    unchecked = [row for row in rows if not row["check"].startswith(("confirmed", "corrected")) and row["url"]]
    assert unchecked == []


def test_every_curated_figure_is_quoted_with_its_source_and_tier():
    for row in curation_rows("figures.csv"):
        if row["use"] == "yes":
            assert row["raw"] in row["quote"] and len(row["quote"]) <= 40, row
            assert row["url"] and row["tier"] in ("official", "press", "other"), row
