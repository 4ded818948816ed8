"""The package's import graph, read from the source with `ast`: layered, with no cycle.

Imports inside functions count too: a cycle dodged by a late import is still a cycle.
"""

import ast
from pathlib import Path

from parkmetrics.data.cache import CODE_PACKAGES

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "parkmetrics"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The parkmetrics modules one file imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import schema` imports a module
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, modules) for path in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as a list of modules (first repeated at the end), or [] when the graph has none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                return path[path.index(imported) :] + [imported]
            if imported not in state:
                cycle = visit(imported)
                if cycle:
                    return cycle
        state[module] = "done"
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return []


def test_the_package_has_no_import_cycle():
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle_through_three_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_the_graph_sees_relative_and_function_level_imports():
    graph = import_graph()
    assert "parkmetrics.data.model" in graph["parkmetrics.data.loading"]  # from .model import Dataset
    assert "parkmetrics.data.schema" in graph["parkmetrics.data.model"]  # from . import schema
    assert "parkmetrics.analysis.queries" in graph["parkmetrics.cli.query"]  # inside a command function


def test_the_cache_key_covers_every_module_loading_depends_on():
    graph = import_graph()
    reached, waiting = set(), ["parkmetrics.data.loading"]
    while waiting:
        module = waiting.pop()
        if module not in reached:
            reached.add(module)
            waiting.extend(graph[module])
    # The version enters the key by its value; every other module by its file's contents.
    outside = sorted(m for m in reached if m != "parkmetrics" and m.split(".")[1] not in CODE_PACKAGES)
    assert outside == []


# The layers in the order of the README's "How the code is laid out": each imports only those before it.
LAYERS = ["core", "files", "data", "importing", "analysis", "extraction", "output", "cli"]


def test_each_layer_imports_only_the_layers_before_it():
    upward = []
    for module, imported in import_graph().items():
        for target in imported:
            here, there = module.split(".")[1:2], target.split(".")[1:2]
            if here and there and here[0] in LAYERS and there[0] in LAYERS and LAYERS.index(there[0]) > LAYERS.index(here[0]):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_every_subpackage_is_a_named_layer():
    assert sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()) == sorted(LAYERS)
