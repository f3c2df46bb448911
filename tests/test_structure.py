"""The package's modules form layers: no import cycles among them, counting imports inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ahpfw

PACKAGE = Path(ahpfw.__file__).parent


def module_names(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for its ``__init__``)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = ("ahpfw", *path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its file (module level, functions, TYPE_CHECKING)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = name.split(".")
                anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import ahpfw.x.y` names a module; an attribute's owner
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    modules = module_names(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm), as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the group's first module, staying inside the group (breadth first)."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle in {group}")  # pragma: no cover - a group always holds one


def test_the_package_has_no_import_cycles():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path):
    package = tmp_path / "ahpfw"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from .sub.c import g\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..a import x\n")
    (package / "d.py").write_text("from .a import x\n")
    assert find_cycles(import_graph(package)) == [["ahpfw.a", "ahpfw.b", "ahpfw.sub.c", "ahpfw.a"]]


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_computing_changes_uses_neither_rendering_nor_releases():
    graph = import_graph()
    assert {"ahpfw.history.changes", "ahpfw.formatters.changes_md", "ahpfw.editing.releases"} <= set(graph)
    above = {name for name in graph
             if name.startswith(("ahpfw.formatters", "ahpfw.editing.releases", "ahpfw.history.revisions"))}
    assert not reachable(graph, "ahpfw.history.changes") & above


def test_the_crosswalk_exporter_knows_nothing_of_spreadsheets():
    graph = import_graph()
    assert "ahpfw.exporters.spreadsheet" not in reachable(graph, "ahpfw.exporters.crosswalks")


#: The layers of the package, lowest first: a module may import its own layer and the layers below, never
#: one above. A package stands for every module in it; a module named on its own is placed apart from its
#: package (gcpause and forked, which need nothing, are ground, below the rest of the speed machinery).
LAYERS: dict[str, tuple[str, ...]] = {
    "ground": ("ahpfw.problems", "ahpfw.plurals", "ahpfw.atomic", "ahpfw.locking", "ahpfw.paths", "ahpfw.extras",
               "ahpfw.patterns", "ahpfw.tabular", "ahpfw._moved", "ahpfw.schema", "ahpfw.speed.gcpause",
               "ahpfw.speed.forked"),
    "reading and model": ("ahpfw.reading", "ahpfw.model"),
    "speed": ("ahpfw.speed",),
    "provenance": ("ahpfw.provenance",),
    "history": ("ahpfw.history",),
    "project": ("ahpfw.project", "ahpfw.crosswalks", "ahpfw.gaps"),
    "rules": ("ahpfw.rules",),
    "formatters": ("ahpfw.formatters",),
    "outputs": ("ahpfw.exporters", "ahpfw.site"),
    "editing": ("ahpfw.editing",),
    "consultation": ("ahpfw.consult",),
    "face": ("ahpfw.commands", "ahpfw.cli", "ahpfw.__main__", "ahpfw"),
}

def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` of a module's layer (its own name or the package it is in); KeyError if none."""
    best = None
    for n, members in enumerate(LAYERS.values()):
        for member in members:
            inside = module.startswith(member + ".") and member != "ahpfw"  # the package's face holds no modules
            if (module == member or inside) and (best is None or len(member) > len(best[1])):
                best = (n, member)
    if best is None:
        raise KeyError(module)
    return best[0]


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Every import from a module to one in a higher layer. The package itself (``ahpfw``) is left out: every
    import runs it, and a lower module may read ``__version__`` from it."""
    return {(name, target) for name, targets in graph.items() for target in targets
            if target != "ahpfw" and layer_of(target) > layer_of(name)}


def test_every_module_has_a_layer():
    assert [name for name in import_graph() if _unplaced(name)] == []


def _unplaced(name: str) -> bool:
    try:
        layer_of(name)
    except KeyError:
        return True
    return False


def test_no_module_imports_a_higher_layer():
    upward = upward_imports(import_graph())
    assert upward == set(), "imports up the layers: " + ", ".join(
        f"{a} -> {b} ({list(LAYERS)[layer_of(a)]} imports {list(LAYERS)[layer_of(b)]})" for a, b in sorted(upward))


def test_the_package_uses_no_name_a_module_had_before_it_moved():
    from ahpfw._moved import MOVED

    modules = module_names()
    old = {name: path for name, path in modules.items() if name in MOVED}
    assert old == {}, "modules at their names of package 0.4.0"
    assert set(MOVED.values()) <= set(modules), "a moved module's new name names no module"
    uses = [f"{path.relative_to(PACKAGE.parent)}: {target}" for name, path in sorted(modules.items())
            for target in _absolute_imports(name, path) if target in MOVED or target.rpartition(".")[0] in MOVED]
    assert uses == []


def _absolute_imports(name: str, path: Path) -> set[str]:
    """Every dotted name a module imports, resolved (``from . import loader`` in ahpfw.cli is ahpfw.loader)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            anchor = name.split(".")
            anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)] if node.level else []
            base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_a_module_imports_under_its_old_name_as_the_same_module_with_a_warning():
    import importlib
    import sys

    from ahpfw._moved import MOVED

    for old, new in MOVED.items():
        sys.modules.pop(old, None)
        with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
            module = importlib.import_module(old)
        assert module is importlib.import_module(new)
        assert module.__spec__.name == new  # the module's own spec, not the alias's
        sys.modules.pop(old, None)


def test_the_layer_check_finds_an_import_from_a_lower_layer(tmp_path):
    package = tmp_path / "ahpfw"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "model.py").write_text("def f():\n    from .rules import all_rules\n")
    (package / "rules.py").write_text("from .model import f\n")
    (package / "problems.py").write_text("from . import __version__\n")
    assert upward_imports(import_graph(package)) == {("ahpfw.model", "ahpfw.rules")}
