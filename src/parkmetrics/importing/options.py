"""What a user asks of an import: the options of `parkmetrics import`, read by every step of the import."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ImportOptions:
    layout: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    mappings: tuple[str, ...] = ()  # 'column or indicator name=indicator_id'
    park: str | None = None  # for rows (or a whole wide sheet) without a park
    park_ids: tuple[str, ...] = ()  # 'park name=id' for new parks
    period: str | None = None  # for rows without a period
    percent_as_fraction: bool = False
    source_title: str | None = None
    source_url: str | None = None
    source_date: str | None = None
    replace: bool = False
    layers: tuple[str, ...] = ()  # other datasets whose parks names resolve to [default: bundled]
