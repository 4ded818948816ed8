"""Plain-pandas baseline for `parkmetrics rank INDICATOR`: python baseline_rank.py DATA_DIR INDICATOR."""

from __future__ import annotations

import sys
from pathlib import Path

from plain_pandas import latest_actuals, write


def main(data: str, indicator: str) -> None:
    chosen = latest_actuals(Path(data), lambda frame: frame["indicator"] == indicator)
    ascending = (chosen["direction"] == "lower").all()
    chosen = chosen.assign(rank=chosen["value"].rank(method="min", ascending=ascending).astype(int))
    chosen = chosen.sort_values(["rank", "park"], kind="stable")
    write(chosen[["rank", "park", "value", "unit", "qualifier", "period", "source"]])


if __name__ == "__main__":
    main(*sys.argv[1:])
