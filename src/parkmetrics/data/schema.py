"""The dataset schema: four CSV files, their columns and allowed values.

Kept apart from the loader so that validation, import, `init` and the docs
tests all read one declaration.
"""

from __future__ import annotations

import re

PARKS, INDICATORS, SOURCES, OBSERVATIONS = "parks", "indicators", "sources", "observations"

COLUMNS = {
    PARKS: ("id", "name_zh", "name_en", "aliases", "kind", "level", "province", "city", "established", "group"),
    INDICATORS: ("id", "name_zh", "name_en", "unit", "measure", "direction", "aliases", "definition", "core"),
    SOURCES: ("id", "title", "publisher", "published", "url", "document", "tier"),
    OBSERVATIONS: (
        "park",
        "indicator",
        "period",
        "scope",
        "status",
        "qualifier",
        "raw",
        "value",
        "unit",
        "source",
        "quote",
        "note",
    ),
}

# Columns a row may leave empty; every other column is required.
OPTIONAL = {
    PARKS: {"name_en", "aliases", "kind", "level", "province", "city", "established", "group"},
    INDICATORS: {"aliases", "definition", "core"},
    SOURCES: {"publisher", "published", "url", "document", "tier"},
    OBSERVATIONS: {"quote", "note"},
}

# Columns added after datasets were first written: a file without them reads them as empty,
# and a write that fills one adds it to the file's header.
ADDED_COLUMNS = {
    PARKS: ("established", "group"),
    INDICATORS: ("core",),
    SOURCES: ("tier",),
}

# What kind of body a source is (sources.csv `tier`): a government or park body itself, a news
# outlet, or anything else (a forum post, a company page, a repost).
TIERS = ("official", "press", "other")

# Columns of free text, which may span lines; every other column is one line (docs/dataset.md#text).
FREE_TEXT = {"quote", "note", "definition"}

# The key that identifies one fact; two rows with the same key are duplicates.
OBSERVATION_KEY = ["park", "indicator", "period", "scope", "status"]

# The stable machine contract of `parkmetrics data` (docs/cli.md).
DATA_COLUMNS = (
    "park",
    "indicator",
    "period",
    "scope",
    "status",
    "qualifier",
    "value",
    "unit",
    "raw",
    "source",
    "quote",
)

WHOLE_PARK = "park"
# estimate: 预计/预估, a figure the source expects but had not yet counted; never an actual.
ACTUAL, TARGET, ESTIMATE = "actual", "target", "estimate"
STATUSES = (ACTUAL, TARGET, ESTIMATE)
# rank: a position in a published league table (1 is first); never summed, divided or averaged.
MEASURES = ("flow", "stock", "rate", "ratio", "rank")
# The value of the yes/no columns `group` (parks) and `core` (indicators) when they apply.
YES = "yes"
DIRECTIONS = ("higher", "lower", "neutral")
LEVELS = ("national", "provincial", "municipal", "county", "")

# How a composite profile (profiles.py) normalises and aggregates; here, not in profiles.py, so that
# the command line can offer the choices without importing the profile reader at start-up.
NORMALIZATIONS = ("minmax", "zscore", "rank", "leader", "benchmark")
AGGREGATIONS = ("arithmetic", "geometric")

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
ALIAS_SEPARATOR = "|"


def file_name(table: str) -> str:
    return f"{table}.csv"
