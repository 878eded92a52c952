"""The package's imports only point down the layers, and there is no import cycle.

Walks every module of ``helixnet`` with :mod:`ast` (imports at module level, inside
functions and under ``TYPE_CHECKING`` alike: a deferred import is still a dependency) and
checks each edge against the layer order of ENGINEERING.md:

    cli -> pipeline -> report / viz -> analysis -> scenarios -> metrics -> graph -> io -> schema / errors
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "helixnet"

#: Rank of each layer: a module may import only modules of a lower or equal rank.
#: Modules not listed (package roots, small shared helpers) are checked for cycles only.
LAYERS: dict[str, int] = {
    "helixnet.cli": 90,
    "helixnet.__main__": 95,
    "helixnet.pipeline": 80,
    "helixnet.compare": 80,
    "helixnet.report": 70,
    "helixnet.viz": 70,
    "helixnet.analysis": 60,
    "helixnet.findings": 60,
    "helixnet.scenarios": 50,
    "helixnet.metrics": 40,
    "helixnet.synthetic": 35,
    "helixnet.graph": 30,
    "helixnet.io": 20,
    "helixnet.mappings": 15,
    "helixnet.progress": 10,
    "helixnet.background": 10,
    "helixnet.schema": 5,
    "helixnet.errors": 0,
    "helixnet.languages": 0,
    "helixnet.texts": 1,
    "helixnet._lazy": 0,
}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str], package_dir: Path = PACKAGE) -> set[str]:
    """The helixnet modules ``path`` imports (``from a import b`` counts as ``a.b`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path, package_dir)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("helixnet") and name != own and name != "helixnet":
                found.add(name)
    return found


def rank(module: str) -> int | None:
    best = None
    for prefix, value in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, value)
    return None if best is None else best[1]


def import_graph(package: Path = PACKAGE) -> nx.DiGraph:
    paths = sorted(package.rglob("*.py"))
    modules = {module_name(p, package) for p in paths}
    G = nx.DiGraph()
    G.add_nodes_from(modules)
    for path in paths:
        G.add_edges_from((module_name(path, package), target) for target in imports_of(path, modules, package))
    return G


def upward_edges(G: nx.DiGraph) -> list[tuple[str, str]]:
    return sorted((a, b) for a, b in G.edges if rank(a) is not None and rank(b) is not None and rank(b) > rank(a))


def test_no_import_cycle():
    G = import_graph()
    assert G.number_of_edges() > 100  # the walk found the package's imports
    assert sorted(map(sorted, nx.simple_cycles(G))) == []


def test_no_upward_import():
    G = import_graph()
    assert upward_edges(G) == []
    # nothing below the pipeline reaches the pipeline or the CLI
    for module in G:
        if module.startswith(("helixnet.report", "helixnet.viz", "helixnet.metrics", "helixnet.scenarios",
                              "helixnet.io")):
            assert not {"helixnet.pipeline", "helixnet.cli"} & set(G.successors(module)), module


def test_the_checks_can_fail(tmp_path):
    """An upward import (deferred, inside a function) and a loop planted in a copy of the package are found."""
    import shutil

    copy = tmp_path / "helixnet"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "metrics" / "planted.py").write_text("def f():\n    from helixnet.pipeline import analyse\n")
    (copy / "io" / "planted_a.py").write_text("from helixnet.io import planted_b\n")
    (copy / "io" / "planted_b.py").write_text("from . import planted_a\n")
    G = import_graph(copy)
    assert ("helixnet.metrics.planted", "helixnet.pipeline") in upward_edges(G)
    assert ["helixnet.io.planted_a", "helixnet.io.planted_b"] in [sorted(c) for c in nx.simple_cycles(G)]


@pytest.mark.parametrize(("module", "former"), [("helixnet.report.writer", "helixnet.pipeline"),
                                                ("helixnet.viz.static", "helixnet.report")])
def test_former_upward_imports_are_gone(module, former):
    G = import_graph()
    assert not any(t == former or t.startswith(former + ".") for t in G.successors(module))
