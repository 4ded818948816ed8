"""parkmetrics: benchmark Chinese industrial parks from sourced, unit-aware figures.

The names below are what a notebook needs (docs/api.md). They are imported on
first use, so `import parkmetrics` and the command line stay fast; the layers
behind them are the subpackages core, data, files, importing, analysis,
extraction and output, with the command line in `parkmetrics.cli` on top.
"""

from __future__ import annotations

# Written here once; pyproject.toml reads it (hatch), so `parkmetrics --version`
# needs no package-metadata lookup, which costs more than the rest of start-up.
__version__ = "0.1.0"

# public name -> (module, name in that module). __init__.pyi tells type checkers the same
# (tests/test_api.py checks that they agree) without importing anything at run time.
_API = {
    "load": ("parkmetrics.data.loading", "load"),
    "Dataset": ("parkmetrics.data.model", "Dataset"),
    "compare": ("parkmetrics.analysis.queries", "compare_table"),
    "rank": ("parkmetrics.analysis.queries", "rank_table"),
    "composite": ("parkmetrics.analysis.composite", "composite_table"),
    "extract": ("parkmetrics.extraction.extract", "extract"),
    "Vocabulary": ("parkmetrics.extraction.extract", "Vocabulary"),
    "plan_import": ("parkmetrics.importing.plan", "plan_import"),
    "run_import": ("parkmetrics.importing.plan", "apply_import"),
    "ImportOptions": ("parkmetrics.importing.plan", "ImportOptions"),
    "write_workbook": ("parkmetrics.output.workbook", "write_workbook"),
    "render": ("parkmetrics.output.render", "render"),
}

__all__ = [
    "__version__",
    "load",
    "Dataset",
    "compare",
    "rank",
    "composite",
    "extract",
    "Vocabulary",
    "plan_import",
    "run_import",
    "ImportOptions",
    "write_workbook",
    "render",
]


def __getattr__(name: str):
    """Import a public name's module when the name is first used (PEP 562)."""
    if name not in _API:
        raise AttributeError(f"module 'parkmetrics' has no attribute '{name}'")
    from importlib import import_module

    module, attribute = _API[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
