"""Write a synthetic dataset for benchmarks: N_PARKS x N_INDICATORS x N_PERIODS observations.

    python benchmarks/synth.py 3000 40 10 /some/dir

Every figure is invented by a seeded random generator and says so: park ids are
synth-0001, names 合成园区0001, the one source is titled as synthetic benchmark
data. It exists to measure speed and memory, never to be read as facts, and is
never shipped. The rows follow docs/dataset.md so the loader checks them all:
raw strings carry qualifiers (超, 余, 近), some 亿元 figures are written in 万元
and some 家 counts in 户 so unit conversion runs, some rows are targets or
cover a part of the park. The same arguments always write the same files.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INDICATORS = REPO / "datasets" / "indicators.csv"
FIRST_YEAR = 2015
SOURCE_ID = "synth-source"
PART_SCOPE = "合成片区"
COLUMNS = {
    "parks": ("id", "name_zh", "name_en", "aliases", "kind", "level", "province", "city"),
    "sources": ("id", "title", "publisher", "published", "url", "document"),
    "observations": ("park", "indicator", "period", "scope", "status", "qualifier", "raw", "value", "unit", "source", "quote", "note"),
}
KINDS = ("经开区", "高新区", "工业园区")
LEVELS = ("national", "provincial", "municipal", "county", "")


def park_id(number: int) -> str:
    return f"synth-{number:04d}"


def _writer(path: Path, header):
    handle = open(path, "w", encoding="utf-8", newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    return handle, writer


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _figure(rng: random.Random, magnitude: float, unit: str, year_index: int) -> tuple[str, str, str, str]:
    """One invented figure: (qualifier, raw, value, unit as written)."""
    is_count = unit in ("家", "个", "件", "项", "人")
    if unit == "%":
        value = round(rng.uniform(-5, 30), 2)
    elif is_count:
        value = float(max(1, round(magnitude * (1 + 0.08 * year_index) * rng.uniform(0.9, 1.1))))
    else:
        value = round(magnitude * (1 + 0.08 * year_index) * rng.uniform(0.9, 1.1), 2)
    written_unit = unit
    if unit == "亿元" and rng.random() < 0.1:
        value, written_unit = float(round(value * 10_000)), "万元"
    elif unit == "家" and rng.random() < 0.1:
        written_unit = "户"
    text = _number(value)
    draw = rng.random()
    if draw < 0.1 and value > 0:
        return "at_least", f"超{text}{written_unit}", text, written_unit
    if draw < 0.2 and value > 0 and value.is_integer():
        return "at_least", f"{text}余{written_unit}", text, written_unit
    if draw < 0.3 and value > 0:
        return "approx", f"近{text}{written_unit}", text, written_unit
    return "exact", f"{text}{written_unit}", text, written_unit


def write(n_parks: int, n_indicators: int, n_periods: int, outdir: Path, seed: int = 2024) -> int:
    """Write the four CSV files into outdir; return the number of observations."""
    rng = random.Random(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    with open(INDICATORS, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        indicators = [row for _, row in zip(range(n_indicators), reader)]
    if len(indicators) < n_indicators:
        raise SystemExit(f"only {len(indicators)} indicators in {INDICATORS}; ask for at most that many")
    with open(outdir / "indicators.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(indicators)

    handle, writer = _writer(outdir / "sources.csv", COLUMNS["sources"])
    with handle:
        writer.writerow([SOURCE_ID, "合成基准数据 (synthetic benchmark data, not real figures)", "parkmetrics benchmarks", "", "", ""])

    handle, writer = _writer(outdir / "parks.csv", COLUMNS["parks"])
    with handle:
        for number in range(1, n_parks + 1):
            writer.writerow(
                [
                    park_id(number),
                    f"合成园区{number:04d}",
                    f"Synthetic Park {number:04d}",
                    "",
                    KINDS[number % len(KINDS)],
                    LEVELS[number % len(LEVELS)],
                    f"合成省{number % 31 + 1:02d}",
                    f"合成市{number % 300 + 1:03d}",
                ]
            )

    units = [row[header.index("unit")] for row in indicators]
    ids = [row[0] for row in indicators]
    rows = 0
    handle, writer = _writer(outdir / "observations.csv", COLUMNS["observations"])
    with handle:
        for number in range(1, n_parks + 1):
            park = park_id(number)
            for indicator, unit in zip(ids, units):
                magnitude = 10 ** rng.uniform(0, 3)
                for year_index in range(n_periods):
                    year = FIRST_YEAR + year_index
                    qualifier, raw, value, written_unit = _figure(rng, magnitude, unit, year_index)
                    status = "target" if rng.random() < 0.05 else "actual"
                    scope = PART_SCOPE if rng.random() < 0.03 else "park"
                    writer.writerow([park, indicator, str(year), scope, status, qualifier, raw, value, written_unit, SOURCE_ID, f"合成数据:{year}年{raw}", ""])
                    rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_parks", type=int)
    parser.add_argument("n_indicators", type=int)
    parser.add_argument("n_periods", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    arguments = parser.parse_args()
    rows = write(arguments.n_parks, arguments.n_indicators, arguments.n_periods, arguments.outdir, arguments.seed)
    print(f"wrote {rows} synthetic observations to {arguments.outdir}")


if __name__ == "__main__":
    main()
