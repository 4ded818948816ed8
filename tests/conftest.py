"""Shared fixtures: an isolated cache and environment, the CLI runner, the loaded datasets (helpers.py holds the rest)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from helpers import EIGHT_PARKS, copy_dataset
from hypothesis import settings

# Hypothesis profiles: "suite" keeps the whole run well under a minute; PARKMETRICS_HYPOTHESIS=thorough
# runs ten times as many examples. Costly property tests take a share of max_examples (docs/reliability.md).
settings.register_profile("suite", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("PARKMETRICS_HYPOTHESIS", "suite"))


@pytest.fixture(scope="session", autouse=True)
def session_store_folder(tmp_path_factory):
    """Stores compiled by the session's fixtures go to the temporary directory too, never beside the package."""
    previous = os.environ.get("PARKMETRICS_CACHE_DIR")
    os.environ["PARKMETRICS_CACHE_DIR"] = str(tmp_path_factory.getbasetemp() / "cache")
    yield
    if previous is None:
        os.environ.pop("PARKMETRICS_CACHE_DIR")
    else:
        os.environ["PARKMETRICS_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch, tmp_path_factory):
    """No user settings leak into tests; the dataset cache lives in a temporary directory."""
    for name in ("PARKMETRICS_DATA", "PARKMETRICS_LANG", "PARKMETRICS_DEBUG", "PARKMETRICS_NO_CACHE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARKMETRICS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def english(monkeypatch):
    """Messages in English (PARKMETRICS_LANG=en), for tests that check our English wording; Chinese is the default."""
    monkeypatch.setenv("PARKMETRICS_LANG", "en")


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns click's Result with stdout and stderr apart."""
    from parkmetrics.cli.app import main

    def invoke(*args, input=None):
        runner = CliRunner()
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def eight_parks():
    from parkmetrics.data.loading import load

    return load([str(EIGHT_PARKS)])


@pytest.fixture(scope="session")
def bundled():
    from parkmetrics.data.loading import load

    return load(["bundled"])


@pytest.fixture
def dataset_copy(tmp_path):
    """A writable copy of the eight-park snapshot."""
    return copy_dataset(EIGHT_PARKS, tmp_path / "copy")


os.environ.setdefault("COLUMNS", "200")
