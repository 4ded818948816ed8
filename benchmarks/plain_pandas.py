"""What an analyst would write in plain pandas: the shared part of the baseline scripts.

The baselines read the same observations.csv as parkmetrics and pick the same
figure per park (latest whole-park actual, in the indicator's unit), without
parkmetrics' checks, notes or cache. They are the honest comparison for
`rank` and `compare`: no extra work, and no handicap.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4}
COLUMNS = ["park", "indicator", "period", "scope", "status", "qualifier", "value", "unit", "source"]


def multiplier(unit: str) -> float:
    """亿元 -> 1e8, 万元/亩 -> 1e4, 家 -> 1: enough for the units of the synthetic data."""
    for prefix, factor in MULTIPLIERS.items():
        if unit.startswith(prefix):
            return factor
    return 1.0


def period_end(periods: pd.Series) -> pd.Series:
    """End date of '2021', '2023-05', '2018/2022', '2022-01/2022-11' and day runs, as a sortable string."""
    last = periods.str.split("/").str[-1]
    year_end = last.str.len() == 4
    month_end = last.str.len() == 7
    ends = last.where(~year_end, last + "-12-31")
    months = pd.to_datetime(last[month_end], format="%Y-%m") + pd.offsets.MonthEnd(0)
    return ends.where(~month_end, months.dt.strftime("%Y-%m-%d"))


def latest_actuals(data: Path, rows) -> pd.DataFrame:
    """The latest whole-park actual of each park and indicator among the rows rows(frame) selects."""
    observations = pd.read_csv(data / "observations.csv", usecols=COLUMNS, dtype={"period": str, "value": float}, keep_default_na=False)
    indicators = pd.read_csv(data / "indicators.csv", usecols=["id", "unit", "direction"], index_col="id")
    chosen = observations[rows(observations) & (observations["status"] == "actual") & (observations["scope"] == "park")]
    canonical = chosen["indicator"].map(indicators["unit"])
    factors = chosen["unit"].map(multiplier) / canonical.map(multiplier)
    chosen = chosen.assign(value=chosen["value"] * factors, unit=canonical, end=period_end(chosen["period"]))
    chosen = chosen.sort_values("end", ascending=False, kind="stable").drop_duplicates(["park", "indicator"])
    return chosen.merge(indicators[["direction"]], left_on="indicator", right_index=True)


def write(frame: pd.DataFrame) -> None:
    frame.to_csv(sys.stdout, index=False)
