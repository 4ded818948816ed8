"""parkmetrics: benchmark Chinese industrial parks from sourced, unit-aware figures.

The Python API lives in the modules named for their concern (dataset, figures,
units, periods, analysis, render); the command line in `parkmetrics.cli` is a
thin layer over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parkmetrics")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
