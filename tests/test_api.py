"""The public API of `import parkmetrics` (docs/api.md): lazy, complete, and the documented session runs."""

import ast
import csv
import importlib
import re
import subprocess
import sys

from helpers import FIXTURES, REPO

import parkmetrics


def test_import_parkmetrics_loads_no_layer_and_no_pandas():
    code = "import sys, parkmetrics; print(sorted(m for m in sys.modules if m.startswith(('pandas', 'parkmetrics.'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_each_public_name_is_the_object_it_documents():
    expected = {
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
    assert sorted(parkmetrics.__all__) == sorted(["__version__", *expected])
    for name, (module, attribute) in expected.items():
        assert getattr(parkmetrics, name) is getattr(importlib.import_module(module), attribute), name


def test_type_checkers_see_the_same_names_as_the_lazy_lookup():
    tree = ast.parse((REPO / "src" / "parkmetrics" / "__init__.pyi").read_text(encoding="utf-8"))
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    seen = {alias.asname or alias.name: (f"parkmetrics.{node.module}", alias.name) for node in imports for alias in node.names}
    assert seen == parkmetrics._API
    stub_all = next(node.value for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id == "__all__")
    assert ast.literal_eval(stub_all) == parkmetrics.__all__


def test_an_unknown_name_is_an_attribute_error_naming_it():
    try:
        parkmetrics.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert str(error) == "module 'parkmetrics' has no attribute 'no_such_thing'"
    else:
        raise AssertionError("no AttributeError")


def test_the_notebook_session_of_the_docs_runs(tmp_path, monkeypatch, run, capsys):
    session = re.search(r"```python\n(.*?)```", (REPO / "docs" / "api.md").read_text(encoding="utf-8"), re.S).group(1)
    assert len(session.splitlines()) == 11
    (tmp_path / "article.txt").write_bytes((FIXTURES / "extract" / "news_article.txt").read_bytes())
    (tmp_path / "figures.csv").write_bytes((FIXTURES / "import" / "fullwidth.csv").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert run("init", "mydata").exit_code == 0
    capsys.readouterr()
    names = {}
    exec(compile(session, "docs/api.md", "exec"), names)
    printed = capsys.readouterr().out
    assert "| High-tech enterprises | firms | 50 (2023-05) | 170 (2023-02) | 0.2941 | as of 2023-05 vs 2023-02 |" in printed
    ranked = run("rank", "high_tech_enterprises", "--format", "csv", "--lang", "en").stdout.splitlines()
    qianjiang = next(line for line in ranked if ",qianjiang,50,家,exact,2023-05,qianjiang-2023-05-04" in line)
    assert qianjiang in printed.splitlines()  # its place depends on how many parks the bundled data holds
    assert len(names["found"].candidates) == 14
    with open(tmp_path / "mydata" / "observations.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(names["plan"].added)
    assert (tmp_path / "report.xlsx").read_bytes()[:4] == b"PK\x03\x04"
