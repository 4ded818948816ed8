"""Plain-pandas baseline for `parkmetrics compare PARK ...`: python baseline_compare.py DATA_DIR PARK PARK ...

Indicators down, parks across, each cell the park's latest whole-park actual.
"""

from __future__ import annotations

import sys
from pathlib import Path

from plain_pandas import latest_actuals, write


def main(data: str, *parks: str) -> None:
    chosen = latest_actuals(Path(data), lambda frame: frame["park"].isin(parks))
    table = chosen.pivot(index=["indicator", "unit"], columns="park", values=["value", "qualifier", "period"])
    table.columns = [f"{park}.{field}" for field, park in table.columns]
    ordered = [f"{park}.{field}" for park in parks for field in ("value", "qualifier", "period")]
    write(table[ordered].reset_index())


if __name__ == "__main__":
    main(*sys.argv[1:])
