"""Measure `parkmetrics extract` on the seed articles against the bundled observations.

For each seed article named in sources.csv, the extractor runs with the park
and publication date an analyst would pass on the command line. A bundled
figure counts as found (recall) when a candidate has the same indicator,
value, unit, qualifier and period; a candidate counts as right (precision)
when it matches a bundled figure. Each bundled figure matches one candidate
at most. The extractor has no rule for any one article; the seeds are only
the yardstick.

    python benchmarks/extract_eval.py [--seeds DIR] [--verbose]

The seeds live beside the repository (../shared/seeds); without them the
benchmark says so and exits 0.

A second, held-out check reads the short quotes of ../shared/public-facts
(pages about three other parks, never used to write the rules) and counts how
many of their stated figures come out as candidates with the same raw text,
value, unit and qualifier. Their indicators are mostly outside the
vocabulary, so only the reading of figures is measured there.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from parkmetrics.dataset import load  # noqa: E402
from parkmetrics.extract import Vocabulary, extract, read_article  # noqa: E402
from parkmetrics.figures import format_number  # noqa: E402


def key(indicator, value, unit, qualifier, period) -> tuple:
    return (indicator, format_number(float(value)), unit, qualifier, period)


def evaluate(seeds: Path, verbose: bool) -> list[dict]:
    dataset = load(["bundled"])
    vocabulary = Vocabulary.from_dataset(dataset)
    observations = dataset.observations
    results = []
    for source_id, source in dataset.sources.iterrows():
        path = seeds / source["document"]
        if not source["document"] or not path.is_file():
            continue
        rows = observations[observations["source"] == source_id]
        park = rows["park"].iloc[0]
        extraction = extract(read_article(str(path)), vocabulary, park, date.fromisoformat(source["published"]))
        expected = [key(r.indicator, r.value, r.unit, r.qualifier, r.period) for r in rows.itertuples()]
        unmatched = list(expected)
        right, wrong = 0, []
        for candidate in extraction.candidates:
            found = key(candidate.indicator, candidate.value, candidate.unit, candidate.qualifier, candidate.period)
            if found in unmatched:
                unmatched.remove(found)
                right += 1
            else:
                wrong.append((found, candidate.quote))
        results.append({
            "article": source["document"], "park": park, "bundled": len(expected),
            "candidates": len(extraction.candidates), "found": len(expected) - len(unmatched), "right": right,
            "ignored": len(extraction.ignored), "missed": unmatched, "wrong": wrong,
        })
        if verbose:
            for item in unmatched:
                print(f"  missed  {park}: {item}", file=sys.stderr)
            for item, quote in wrong:
                print(f"  extra   {park}: {item}  «{quote[:50]}»", file=sys.stderr)
    return results


def held_out(facts: Path) -> tuple[int, int, list]:
    """Figures of the public-facts quotes read back with the same raw, value, unit and qualifier."""
    import csv

    dataset = load(["bundled"])
    vocabulary = Vocabulary.from_dataset(dataset)
    found, total, missed = 0, 0, []
    with open(facts, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            total += 1
            candidates = extract(row["quote"], vocabulary).candidates
            if any(c.raw == row["raw"] and format_number(c.value) == format_number(float(row["value"])) and c.unit == row["unit"]
                   for c in candidates):
                found += 1
            else:
                missed.append((row["raw"], row["quote"]))
    return found, total, missed


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra figures on stderr")
    arguments = parser.parse_args()
    if not arguments.seeds.is_dir():
        print(f"no seed articles at {arguments.seeds}; nothing to measure")
        return 0
    results = evaluate(arguments.seeds, arguments.verbose)
    header = f"{'article':28} {'park':10} {'bundled':>7} {'found':>5} {'recall':>7} {'candidates':>10} {'right':>5} {'precision':>9} {'ignored':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['article']:28} {r['park']:10} {r['bundled']:>7} {r['found']:>5} {percent(r['found'], r['bundled']):>7} "
              f"{r['candidates']:>10} {r['right']:>5} {percent(r['right'], r['candidates']):>9} {r['ignored']:>7}")
    total = {name: sum(r[name] for r in results) for name in ("bundled", "found", "candidates", "right", "ignored")}
    print("-" * len(header))
    print(f"{'total':28} {'':10} {total['bundled']:>7} {total['found']:>5} {percent(total['found'], total['bundled']):>7} "
          f"{total['candidates']:>10} {total['right']:>5} {percent(total['right'], total['candidates']):>9} {total['ignored']:>7}")
    facts = arguments.seeds.parent / "public-facts" / "parks_public_facts.csv"
    if facts.is_file():
        found, count, missed = held_out(facts)
        print(f"\nheld out (public-facts quotes): {found} of {count} figures read as written ({percent(found, count)})")
        if arguments.verbose:
            for raw, quote in missed:
                print(f"  not read  {raw}  «{quote[:60]}»", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
