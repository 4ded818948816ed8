"""Plain-pandas floor for `parkmetrics validate`: read the four CSV files as text, check nothing.

python baseline_read.py DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def main(data: str) -> None:
    for table in ("parks", "indicators", "sources", "observations"):
        frame = pd.read_csv(Path(data) / f"{table}.csv", dtype=str, keep_default_na=False)
        print(table, len(frame))


if __name__ == "__main__":
    main(*sys.argv[1:])
