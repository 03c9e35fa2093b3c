"""Imports point down the data flow, never up, and never in a circle.

Every module of src/tidings has a rank (the longest package prefix in RANKS): it may import modules of
a lower or equal rank only. Equal ranks are one package or one layer group read in order (actors before
events); a cycle among them fails too. Every import counts: at module level, inside functions, and
under `if TYPE_CHECKING:`. A new package gets its rank here (say `api` or `feeds`), in its layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "tidings"

# Lowest first. Decimals order the members of one layer group: a module may import the group's
# earlier members (and lower layers), not its later ones.
RANKS: dict[str, float] = {
    # 1. foundation: records, errors, one table reader, registries
    "tidings.version": 1.0,
    "tidings.terminal": 1.05,
    "tidings.records": 1.1,
    "tidings.errors": 1.2,
    "tidings.resources": 1.3,
    "tidings.plugins": 1.4,
    "tidings.serialize": 1.5,
    # 2-5. language knowledge, the ontology, reading articles, parsing
    "tidings.lang": 2.0,
    "tidings.ontology": 3.0,
    "tidings.ingest": 4.0,
    "tidings.nlp": 5.0,
    # 6. the gazetteer and its one disambiguation policy (read by coding and the prefilter)
    "tidings.places.gazetteer": 6.0,
    # 7. coding: actors, then events (events may import actors, not the reverse)
    "tidings.coding": 7.0,
    "tidings.coding.actors": 7.1,
    "tidings.coding.events": 7.2,
    # 8. what is added to coded events: places, dates and tone, quotes
    "tidings.places": 8.0,
    "tidings.annotate": 8.1,
    "tidings.quotes": 8.2,
    # 9. the pipeline and what runs it
    "tidings.prefilter": 9.0,
    "tidings.pipeline": 9.1,
    "tidings.evaluate": 9.2,
    "tidings.evaluate_quotes": 9.2,
    "tidings.evaluate_places": 9.3,
    # 10. storage, and live feeds above it (they call the store's ingest)
    "tidings.store": 10.0,
    "tidings.feeds": 10.5,
    # 11. the edges: scale-out engines, HTTP API, command line
    "tidings.scale": 11.0,
    "tidings.api": 11.1,
    "tidings.cli": 11.2,
    # 12. the package's own convenience names
    "tidings": 12.0,
    "tidings.__main__": 12.0,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / PACKAGE).rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def resolve(name: str, module: str, level: int, is_package: bool, known: dict[str, Path]) -> str | None:
    """The tidings module an import names (its longest known prefix), or None for other packages."""
    if level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (level - 1)]
        name = ".".join(base + ([name] if name else []))
    elif name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(known: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the tidings modules it imports, anywhere in its code."""
    edges: dict[str, set[str]] = {module: set() for module in known}
    for module, path in known.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[tuple[str, int]] = []
            if isinstance(node, ast.Import):
                targets = [(alias.name, 0) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                prefix = node.module + "." if node.module else ""
                targets = [(node.module or "", node.level)]
                targets += [(prefix + alias.name, node.level) for alias in node.names]
            for name, level in targets:
                target = resolve(name, module, level, is_package, known)
                # A module is part of its own package: importing the package that holds it is no edge.
                if target is not None and target != module and not module.startswith(target + "."):
                    edges[module].add(target)
    return edges


def rank(module: str) -> float | None:
    prefixes = [prefix for prefix in RANKS if module == prefix or module.startswith(prefix + ".")]
    return RANKS[max(prefixes, key=len)] if prefixes else None


def test_every_module_has_a_rank():
    unranked = sorted(module for module in modules() if rank(module) is None)
    assert unranked == [], f"add these packages to RANKS in {Path(__file__).name}: {unranked}"


def test_no_module_imports_a_higher_layer():
    upward = sorted(
        f"{module} (rank {rank(module)}) imports {target} (rank {rank(target)})"
        for module, targets in imports(modules()).items()
        for target in targets
        if (rank(target) or 0) > (rank(module) or 0)
    )
    assert upward == []


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (the import cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles():
    assert strongly_connected(imports(modules())) == []


def test_the_walk_sees_function_level_and_type_checking_imports(tmp_path, monkeypatch):
    """The checker itself: an upward import hidden in a function or under TYPE_CHECKING is found."""
    package = tmp_path / PACKAGE
    (package / "store").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "records.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .store import db\n"
    )
    (package / "store" / "__init__.py").write_text("")
    (package / "store" / "db.py").write_text("def f():\n    from ..records import Article\n")
    monkeypatch.setitem(globals(), "SRC", tmp_path)
    edges = imports(modules())
    assert "tidings.store.db" in edges["tidings.records"]
    assert edges["tidings.store.db"] == {"tidings.records"}
    assert strongly_connected(edges) == [["tidings.records", "tidings.store.db"]]


PARSE_ATTRIBUTES = frozenset({"dep_", "pos_", "tag_", "ent_type_", "label_", "ent_iob_"})


def label_literals(path: Path) -> list[str]:
    """Places that compare a parse attribute (`token.dep_`, `.pos_`, ...) with a string written out,
    or pass written-out labels to `children_with`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            reads_parse = any(isinstance(s, ast.Attribute) and s.attr in PARSE_ATTRIBUTES for s in sides)
            literal = any(
                isinstance(c, ast.Constant) and isinstance(c.value, str) for s in sides for c in ast.walk(s)
            )
            if reads_parse and literal:
                found.append(f"{path.name}:{node.lineno}")
        is_walk = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "children_with"
        if is_walk and any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in ast.walk(node)):
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_parse_labels_are_written_in_nlp_syntax_only():
    syntax = SRC / PACKAGE / "nlp" / "syntax.py"
    elsewhere = [hit for path in modules().values() if path != syntax for hit in label_literals(path)]
    assert elsewhere == []
