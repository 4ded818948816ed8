"""parkmetrics: benchmark Chinese industrial parks from sourced, unit-aware figures.

The Python API lives in the modules named for their concern (dataset, figures,
units, periods, analysis, render); the command line in `parkmetrics.cli` is a
thin layer over it.
"""

# Written here once; pyproject.toml reads it (hatch), so `parkmetrics --version`
# needs no package-metadata lookup, which costs more than the rest of start-up.
__version__ = "0.1.0"
