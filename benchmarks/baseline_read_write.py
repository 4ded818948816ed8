"""Plain-pandas floor for `parkmetrics data --format csv`: read observations.csv and write it out again.

python baseline_read_write.py DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def main(data: str) -> None:
    frame = pd.read_csv(Path(data) / "observations.csv", dtype=str, keep_default_na=False)
    frame.to_csv(sys.stdout, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
