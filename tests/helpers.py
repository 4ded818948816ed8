"""What several test modules share: the repository's paths and small dataset builders.

Fixtures live in conftest.py; everything a test imports by name lives here.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The bundled dataset as it stood with eight parks: tests that expect exact rows use it, so that
# adding parks to the bundled dataset does not change what they check.
EIGHT_PARKS = FIXTURES / "eight_parks"
SEEDS = REPO.parent / "shared" / "seeds"
PUBLIC_FACTS = REPO.parent / "shared" / "public-facts" / "parks_public_facts.csv"


def copy_dataset(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("parks.csv", "indicators.csv", "sources.csv", "observations.csv"):
        (target / name).write_bytes((source / name).read_bytes())
    return target


def extended_copy(source: Path, target: Path, **rows: list[str]) -> Path:
    """A copy of a fixture dataset with CSV lines added to its files: extended_copy(src, dst, observations=[...])."""
    copy_dataset(source, target)
    for table, lines in rows.items():
        with open(target / f"{table}.csv", "a", encoding="utf-8") as handle:
            handle.writelines(line + "\n" for line in lines)
    return target


def import_report(stdout: str) -> list[str]:
    """The lines of an import report without what only a dry run shows (the columns and the first rows)."""
    return [line for line in stdout.splitlines() if not line.startswith("  ") and line != "columns:" and not line.startswith("first ")]


def seeds_available() -> bool:
    return SEEDS.is_dir() and any(SEEDS.glob("*.txt"))


def public_facts_available() -> bool:
    return PUBLIC_FACTS.is_file()


def vocabulary_size(indicators_csv: Path) -> int:
    """Indicators a dataset knows: those its indicators.csv declares, and the growth rate of
    each flow or stock that declares none (X_growth), unless a rate is named X's name + 增速."""
    import csv

    with open(indicators_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids = {row["id"] for row in rows}
    rate_names = {name for row in rows if row["measure"] == "rate" for name in [row["name_zh"], *row["aliases"].split("|")]}
    implied = [row for row in rows if row["measure"] in ("flow", "stock") and f"{row['id']}_growth" not in ids and f"{row['name_zh']}增速" not in rate_names]
    return len(rows) + len(implied)
