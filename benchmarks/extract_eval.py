"""Measure `parkmetrics extract` on the seed articles and on a held-out set of articles.

Seeds: for each seed article named in sources.csv, the extractor runs with the
park and publication date an analyst would pass on the command line, and its
candidates are compared with the bundled observations of that article on
indicator, value, unit, qualifier and period (the measure the extraction issue
defines). The rules were written while reading the seeds, so this measures
coverage of the seeds, not generalisation.

Held out: tests/fixtures/extract/heldout … heldout4 hold fictional
park articles, each with an expected-observations CSV written by hand (articles.csv
gives park and publication date). Each set was scored once before any rule was
changed for it; the later scores are after changes made while reading it. A park
figure outside the vocabulary is expected as `unknown`.

Three measures, as a curator meets them. Recall: the expected figures that come out
at all (a candidate with the same value, unit and qualifier, each candidate matching
one figure at most). Precision: the candidates that are expected figures. Every
field right: the expected figures with a candidate right in every compared column
(park, indicator, value, unit, qualifier, period, scope and status for the held-out
sets) — the figures a reviewer need not edit.

    python benchmarks/extract_eval.py [--seeds DIR] [--held-out DIR ...] [--verbose]

The seeds live beside the repository (../shared/seeds); without them only the
held-out sets are measured. A third check reads the short quotes of
../shared/public-facts and counts how many of their stated figures come out
as candidates with the same raw text, value, unit and qualifier.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from parkmetrics.core.figures import format_number  # noqa: E402
from parkmetrics.data.loading import load  # noqa: E402
from parkmetrics.extraction.extract import Vocabulary, extract, read_article  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "extract"
SEED_COLUMNS = ("indicator", "value", "unit", "qualifier", "period")
HELD_OUT_COLUMNS = ("park", *SEED_COLUMNS, "scope", "status")
FIGURE_COLUMNS = ("value", "unit", "qualifier")


@dataclass
class Case:
    """One article and the figures an analyst records from it."""

    article: str
    park: str
    published: date
    text: str
    expected: list[dict]


@dataclass
class Score:
    article: str
    park: str
    expected: int = 0
    candidates: int = 0
    # Candidates that are expected figures (same value, unit and qualifier), each figure matched once:
    # over the expected figures it is recall, over the candidates precision.
    figures: int = 0
    right: int = 0  # expected figures with a candidate right in every compared field
    ignored: int = 0
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)


def key(row, columns) -> tuple:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return tuple(format_number(float(get(name))) if name == "value" else str(get(name)) for name in columns)


def seed_cases(seeds: Path, dataset) -> list[Case]:
    cases = []
    for source_id, source in dataset.sources.iterrows():
        path = seeds / source["document"]
        if not source["document"] or not path.is_file():
            continue
        rows = dataset.observations[dataset.observations["source"] == source_id]
        expected = [{name: getattr(row, name) for name in HELD_OUT_COLUMNS} for row in rows.itertuples()]
        cases.append(Case(source["document"], rows["park"].iloc[0], date.fromisoformat(source["published"]), read_article(str(path)).text, expected))
    return cases


def held_out_cases(directory: Path) -> list[Case]:
    cases = []
    with open(directory / "articles.csv", encoding="utf-8", newline="") as handle:
        for entry in csv.DictReader(handle):
            path = directory / entry["article"]
            with open(path.with_suffix(".csv"), encoding="utf-8", newline="") as expected:
                rows = list(csv.DictReader(expected))
            for row in rows:  # a figure of another park the article names says so in its own column
                row["park"] = row.get("park") or entry["park"]
            cases.append(Case(entry["article"], entry["park"], date.fromisoformat(entry["published"]), read_article(str(path)).text, rows))
    return cases


def score(case: Case, vocabulary: Vocabulary, columns) -> Score:
    extraction = extract(case.text, vocabulary, case.park, case.published)
    result = Score(case.article, case.park, expected=len(case.expected), candidates=len(extraction.candidates), ignored=len(extraction.ignored))
    unmatched = [key(row, columns) for row in case.expected]
    for candidate in extraction.candidates:
        found = key(candidate, columns)
        if found in unmatched:
            unmatched.remove(found)
            result.right += 1
        else:
            result.wrong.append((found, candidate.quote))
    result.missed = unmatched
    figures = [key(row, FIGURE_COLUMNS) for row in case.expected]
    for candidate in extraction.candidates:
        if key(candidate, FIGURE_COLUMNS) in figures:
            figures.remove(key(candidate, FIGURE_COLUMNS))
            result.figures += 1
    return result


def public_facts(facts: Path, vocabulary: Vocabulary) -> tuple[int, int, list]:
    """Figures of the public-facts quotes read back with the same raw, value, unit and qualifier."""
    found, total, missed = 0, 0, []
    with open(facts, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            total += 1
            candidates = extract(row["quote"], vocabulary).candidates
            if any(c.raw == row["raw"] and format_number(c.value) == format_number(float(row["value"])) and c.unit == row["unit"] for c in candidates):
                found += 1
            else:
                missed.append((row["raw"], row["quote"]))
    return found, total, missed


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


COUNTS = ("expected", "candidates", "figures", "right", "ignored")


def line(name: str, park: str, s) -> str:
    get = s.get if isinstance(s, dict) else lambda n: getattr(s, n)
    return (
        f"{name:38} {park:15} {get('expected'):>8} {get('figures'):>7} {percent(get('figures'), get('expected')):>7} "
        f"{get('candidates'):>10} {percent(get('figures'), get('candidates')):>9} "
        f"{get('right'):>5} {percent(get('right'), get('expected')):>11} {get('ignored'):>7}"
    )


def report(title: str, scores: list[Score], verbose: bool) -> dict:
    header = f"{'article':38} {'park':15} {'expected':>8} {'figures':>7} {'recall':>7} {'candidates':>10} {'precision':>9} {'right':>5} {'every field':>11} {'ignored':>7}"
    print(f"\n{title}\n{header}\n{'-' * len(header)}")
    for s in scores:
        print(line(s.article, s.park, s))
        if verbose:
            for item in s.missed:
                print(f"  missed  {s.article}: {item}", file=sys.stderr)
            for item, quote in s.wrong:
                print(f"  extra   {s.article}: {item}  «{quote[:50]}»", file=sys.stderr)
    total = {name: sum(getattr(s, name) for s in scores) for name in COUNTS}
    print("-" * len(header))
    print(line("total", "", total))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument(
        "--held-out", type=Path, nargs="+", default=[FIXTURES / name for name in ("heldout", "heldout2", "heldout3", "heldout4")], help="directories of held-out articles, each measured on its own"
    )
    parser.add_argument("--verbose", action="store_true", help="list missed and extra figures on stderr")
    arguments = parser.parse_args()
    dataset = load(["bundled"])
    vocabulary = Vocabulary.from_dataset(dataset)
    totals = []
    if arguments.seeds.is_dir():
        cases = seed_cases(arguments.seeds, dataset)
        totals.append(report(f"seeds (compared on {', '.join(SEED_COLUMNS)})", [score(case, vocabulary, SEED_COLUMNS) for case in cases], arguments.verbose))
        strict = [score(case, vocabulary, HELD_OUT_COLUMNS) for case in cases]
        found, expected = sum(s.right for s in strict), sum(s.expected for s in strict)
        print(f"seeds with scope and status compared too: {found} of {expected} found ({percent(found, expected)})")
    else:
        print(f"no seed articles at {arguments.seeds}; seeds not measured")
    for directory in arguments.held_out:
        cases = held_out_cases(directory)
        totals.append(report(f"held out: {directory.name} (compared on {', '.join(HELD_OUT_COLUMNS)})", [score(case, vocabulary, HELD_OUT_COLUMNS) for case in cases], arguments.verbose))
    if len(totals) > 1:
        every = {name: sum(total[name] for total in totals) for name in COUNTS}
        print(
            f"\nall sets together: recall {percent(every['figures'], every['expected'])} "
            f"({every['figures']} of {every['expected']}), precision {percent(every['figures'], every['candidates'])} "
            f"({every['figures']} of {every['candidates']}), every field right {percent(every['right'], every['expected'])} "
            f"({every['right']} of {every['expected']})"
        )
    facts = arguments.seeds.parent / "public-facts" / "parks_public_facts.csv"
    if facts.is_file():
        found, count, missed = public_facts(facts, vocabulary)
        print(f"public-facts quotes: {found} of {count} figures read as written ({percent(found, count)})")
        if arguments.verbose:
            for raw, quote in missed:
                print(f"  not read  {raw}  «{quote[:60]}»", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
