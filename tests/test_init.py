"""init: an empty dataset with the schema, the indicator vocabulary and a README."""

from __future__ import annotations

from conftest import REPO, vocabulary_size


def test_init_writes_headers_vocabulary_and_readme(run, tmp_path):
    directory = tmp_path / "mypark"
    result = run("init", str(directory))
    assert result.exit_code == 0
    assert result.stderr == (
        f"created {directory}: README.md, parks.csv, indicators.csv, sources.csv, observations.csv\n"
        f"next: parkmetrics import FILE --into {directory}\n"
    )
    assert sorted(path.name for path in directory.iterdir()) == ["README.md", "indicators.csv", "observations.csv", "parks.csv", "sources.csv"]
    assert (directory / "parks.csv").read_text(encoding="utf-8") == "id,name_zh,name_en,aliases,kind,level,province,city,established,group\n"
    assert (directory / "sources.csv").read_text(encoding="utf-8") == "id,title,publisher,published,url,document,tier\n"
    assert (directory / "observations.csv").read_text(encoding="utf-8") == (
        "park,indicator,period,scope,status,qualifier,raw,value,unit,source,quote,note\n"
    )
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
    assert (result.exit_code, result.stderr) == (
        2, f"error: {tmp_path} is not empty; choose a new directory, or pass --force to write the dataset files into it\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
    assert run("init", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "parks.csv").is_file()


def test_init_refuses_a_file(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = run("init", str(target))
    assert (result.exit_code, result.stderr) == (2, f"error: {target} is a file; name a directory for the dataset\n")


def test_an_empty_dataset_layers_over_the_bundled_one(run, tmp_path):
    run("init", str(tmp_path / "mine"))
    result = run("parks", "--data", str(tmp_path / "mine"), "--data", "bundled")
    assert (result.exit_code, len(result.stdout.splitlines()), result.stderr) == (0, 1 + 8, "")
