"""init: an empty dataset with the schema, the indicator vocabulary and a README."""

from __future__ import annotations

import pytest
from helpers import REPO, vocabulary_size

pytestmark = pytest.mark.usefixtures("english")  # the messages these tests check are the English ones


def test_init_writes_headers_vocabulary_and_readme(run, tmp_path):
    directory = tmp_path / "mypark"
    result = run("init", str(directory))
    assert result.exit_code == 0
    assert result.stderr == (f"created {directory}: README.md, parks.csv, indicators.csv, sources.csv, observations.csv\nnext: parkmetrics import FILE --into {directory}\n")
    assert sorted(path.name for path in directory.iterdir()) == ["README.md", "indicators.csv", "observations.csv", "parks.csv", "sources.csv"]
    assert (directory / "parks.csv").read_text(encoding="utf-8") == "id,name_zh,name_en,aliases,kind,level,province,city,established,group\n"
    assert (directory / "sources.csv").read_text(encoding="utf-8") == "id,title,publisher,published,url,document,tier\n"
    assert (directory / "observations.csv").read_text(encoding="utf-8") == ("park,indicator,period,scope,status,qualifier,raw,value,unit,source,quote,note\n")
    assert (directory / "indicators.csv").read_bytes() == (REPO / "datasets" / "indicators.csv").read_bytes()
    readme = (directory / "README.md").read_text(encoding="utf-8")
    for column in ("`park`", "`indicator`", "`period`", "`scope`", "`status`", "`qualifier`", "`raw`", "`quote`", "`aliases`", "`published`"):
        assert column in readme
    result = run("validate", str(directory))
    vocabulary = vocabulary_size(REPO / "datasets" / "indicators.csv")
    assert (result.exit_code, result.stderr) == (0, f"ok: 0 parks, {vocabulary} indicators, 0 sources, 0 observations, no problems\n")


def test_init_refuses_a_directory_that_is_not_empty(run, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"error: {tmp_path} is not empty; choose a new directory, or pass --force to write the dataset files into it\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
    assert run("init", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "parks.csv").is_file()


def test_init_never_empties_a_dataset_even_with_force(run, tmp_path, dataset_copy):
    before = {path.name: path.read_bytes() for path in dataset_copy.iterdir()}
    figures = len((dataset_copy / "observations.csv").read_text(encoding="utf-8").splitlines()) - 1
    for flags in ((), ("--force",)):
        result = run("init", str(dataset_copy), *flags)
        assert (result.exit_code, result.stderr) == (
            2,
            f"error: {dataset_copy} already holds a dataset ({figures} figure(s) in observations.csv); nothing was changed. "
            "To start again from an empty dataset pass --reinit, which first copies the current files into a backup directory in it\n",
        )
        assert {path.name: path.read_bytes() for path in dataset_copy.iterdir()} == before


def test_reinit_keeps_the_old_files_as_a_backup_and_says_where(run, tmp_path, dataset_copy):
    before = {path.name: path.read_bytes() for path in dataset_copy.iterdir()}
    result = run("init", str(dataset_copy), "--reinit")
    assert result.exit_code == 0
    backups = [path for path in dataset_copy.iterdir() if path.is_dir()]
    assert len(backups) == 1 and backups[0].name.startswith("backup-")
    assert result.stderr.splitlines()[0] == f"kept the previous files in {backups[0]}"
    assert {path.name: path.read_bytes() for path in backups[0].iterdir()} == before
    assert (dataset_copy / "observations.csv").read_text(encoding="utf-8").count("\n") == 1
    again = run("init", str(dataset_copy), "--reinit")
    assert again.exit_code == 0
    assert len([path for path in dataset_copy.iterdir() if path.is_dir()]) == 2
    assert {path.name: path.read_bytes() for path in backups[0].iterdir()} == before


def test_force_keeps_a_readme_it_replaces(run, tmp_path):
    (tmp_path / "README.md").write_text("my notes", encoding="utf-8")
    result = run("init", str(tmp_path), "--force")
    backup = next(path for path in tmp_path.iterdir() if path.is_dir())
    assert (result.exit_code, result.stderr.splitlines()[0]) == (0, f"kept the previous files in {backup}")
    assert (backup / "README.md").read_text(encoding="utf-8") == "my notes"


def test_init_refuses_a_file(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = run("init", str(target))
    assert (result.exit_code, result.stderr) == (2, f"error: {target} is a file; name a directory for the dataset\n")


def test_an_empty_dataset_layers_over_the_bundled_one(run, tmp_path, bundled):
    run("init", str(tmp_path / "mine"))
    result = run("parks", "--data", str(tmp_path / "mine"), "--data", "bundled")
    assert (result.exit_code, len(result.stdout.splitlines()), result.stderr) == (0, 1 + len(bundled.parks), "")
