"""Type information for the lazy public API of parkmetrics/__init__.py."""

from .analysis.composite import composite_table as composite
from .analysis.queries import compare_table as compare
from .analysis.queries import rank_table as rank
from .data.loading import load as load
from .data.model import Dataset as Dataset
from .extraction.extract import Vocabulary as Vocabulary
from .extraction.extract import extract as extract
from .importing.plan import ImportOptions as ImportOptions
from .importing.plan import apply_import as run_import
from .importing.plan import plan_import as plan_import
from .output.render import render as render
from .output.workbook import write_workbook as write_workbook

__version__: str
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
