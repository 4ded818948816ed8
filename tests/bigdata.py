"""A larger, plainly fictional dataset for tests of pipes and Ctrl-C: generated, never committed.

Every figure is made up (park-001 … with round numbers) and says so in its source title;
it only has to be valid and big enough that output overflows a pipe.
"""

from __future__ import annotations

import csv
from pathlib import Path

from helpers import REPO

# Indicators of the bundled vocabulary the generated parks report, with a unit and a value per park number.
FIGURES = (
    ("gdp", "亿元", lambda n: 50 + n),
    ("tax_revenue", "亿元", lambda n: 3 + n / 10),
    ("enterprises", "家", lambda n: 100 + 3 * n),
    ("high_tech_enterprises", "家", lambda n: 10 + n),
    ("invention_patents", "件", lambda n: 20 + 2 * n),
    ("gdp_growth", "%", lambda n: n % 12 + 0.5),
    ("area", "平方公里", lambda n: 5 + n / 4),
    ("employees", "人", lambda n: 1000 + 40 * n),
)
EXTRA_INDICATORS = 80  # generated_metric_01 … , so that indicator lists are long too


def write(path: Path, header, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def big_dataset(directory: Path, parks: int = 200) -> Path:
    """`parks` fictional parks with the FIGURES each; park-001 also has every generated indicator."""
    directory.mkdir(parents=True)
    write(
        directory / "parks.csv",
        ("id", "name_zh", "name_en", "aliases", "kind", "level", "province", "city"),
        [
            (f"park-{n:03d}", f"虚构测试园区第{n}号经济技术开发区", f"Fictional Test Economic and Technological Development Zone No. {n}", f"虚构{n}号", "经开区", "provincial", "测试省", "测试市")
            for n in range(1, parks + 1)
        ],
    )
    indicators = (REPO / "datasets" / "indicators.csv").read_text(encoding="utf-8").splitlines()
    extra = [f"generated_metric_{k:02d},虚构测试指标{k},Generated test metric {k},亿元,flow,higher,,Made up for tests." for k in range(1, EXTRA_INDICATORS + 1)]
    (directory / "indicators.csv").write_text("\n".join(indicators + extra) + "\n", encoding="utf-8")
    write(
        directory / "sources.csv",
        ("id", "title", "publisher", "published", "url", "document"),
        [(f"fictional-source-for-park-{n:03d}", f"虚构测试园区第{n}号年度报告(测试用虚构数据)", "测试", "2024-01-31", "", "") for n in range(1, parks + 1)],
    )
    rows = []
    for n in range(1, parks + 1):
        for indicator, unit, value in FIGURES:
            number = f"{value(n):g}"
            raw = f"{number}{unit}"
            rows.append(
                (
                    f"park-{n:03d}",
                    indicator,
                    "2023",
                    "park",
                    "actual",
                    "exact",
                    raw,
                    number,
                    unit,
                    f"fictional-source-for-park-{n:03d}",
                    f"虚构测试园区第{n}号2023年{indicator}为{raw},此句为测试用虚构引文。",
                    "",
                )
            )
    for k in range(1, EXTRA_INDICATORS + 1):
        rows.append(
            (
                "park-001",
                f"generated_metric_{k:02d}",
                "2023",
                "park",
                "actual",
                "exact",
                f"{k}亿元",
                str(k),
                "亿元",
                "fictional-source-for-park-001",
                f"虚构测试指标{k}为{k}亿元,此句为测试用虚构引文。",
                "",
            )
        )
    write(directory / "observations.csv", ("park", "indicator", "period", "scope", "status", "qualifier", "raw", "value", "unit", "source", "quote", "note"), rows)
    return directory


def big_profile(path: Path) -> Path:
    """A profile weighting every generated indicator, so that `profiles FILE` lists many rows."""
    lines = ['title = "虚构测试画像"', "[indicators]"] + [f"generated_metric_{k:02d} = {k}" for k in range(1, EXTRA_INDICATORS + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def long_article(path: Path, repeats: int = 40) -> Path:
    """The extract fixture's article body repeated, so that extract proposes many candidates."""
    text = (REPO / "tests" / "fixtures" / "extract" / "news_article.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    path.write_text(head + "\n\n" + "\n".join([body] * repeats), encoding="utf-8")
    return path


def import_with_rejections(path: Path, rows: int = 400) -> Path:
    """A table whose every row is rejected (an unknown indicator), so that import prints one line per row."""
    write(path, ("园区", "指标", "期间", "数值", "来源"), [(f"park-{n % 100 + 1:03d}", "不存在的指标", "2023", f"{n}亿元", "测试") for n in range(rows)])
    return path
