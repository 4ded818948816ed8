"""The version, written here once: pyproject.toml reads it (hatch), and `parkmetrics --version`
needs no package-metadata lookup, which costs more than the rest of start-up."""

__version__ = "0.1.0"
