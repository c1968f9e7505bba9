"""The package layout holds: no import circles, and each layer imports only the layers below it.

Every ``featuredoc`` import counts, including those inside functions and
under ``TYPE_CHECKING``: a lazy import hides a circle from Python, not from
the reader. The layers, lowest first, are documented in
``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import featuredoc

PACKAGE = Path(featuredoc.__file__).parent
DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"

#: Lowest first. A module may import its own layer and the ones before it.
LAYERS: list[set[str]] = [
    {"model"},
    {"parser"},
    {"analysis"},
    {"rules"},
    {"engine", "incremental"},
    {"workspace"},
    {"editing"},
    {"cli", "lsp"},
    {"__main__"},
]

#: Imports the layer order would allow but the design does not: (importer, imported).
#: The workspace builds what the rules are given (``model.inputs``) and reads the
#: configuration; it reaches the rules only through the engine, so the rules can
#: change without the file system code changing with them.
FORBIDDEN: list[tuple[str, str]] = [
    ("workspace", "rules"),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The featuredoc modules *path* imports, resolved to module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("featuredoc")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("featuredoc"):
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else node.module)
    return {name for name in found if name != "featuredoc"}


MODULES: dict[str, Path] = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for target in _imports(path):
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in MODULES and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package itself
    for number, names in enumerate(LAYERS):
        if parts[1] in names:
            return number
    raise AssertionError(f"{module} is in no layer; add its package to LAYERS and the docs")


def test_the_checker_sees_imports() -> None:
    graph = _graph()
    assert "featuredoc.model.text" in graph["featuredoc.engine"] or any(
        t.startswith("featuredoc.model") for t in graph["featuredoc.engine"]
    )
    assert "featuredoc.rules" in graph["featuredoc.engine"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles() -> None:
    assert _cycles(_graph()) == []


def test_every_module_imports_only_its_layer_and_below() -> None:
    wrong = []
    for module, targets in _graph().items():
        mine = _layer(module)
        if mine is None:
            continue
        for target in targets:
            theirs = _layer(target)
            if theirs is not None and theirs > mine:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def _forbidden(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in graph.items():
        for target in targets:
            for importer, imported in FORBIDDEN:
                if module.split(".")[1:2] == [importer] and target.split(".")[1:2] == [imported]:
                    wrong.append(f"{module} -> {target}")
    return sorted(wrong)


def test_the_forbidden_imports_are_seen() -> None:
    graph = {
        "featuredoc.workspace.inputs": {"featuredoc.rules.base", "featuredoc.model.inputs"},
        "featuredoc.workspace.index": {"featuredoc.engine"},
        "featuredoc.engine": {"featuredoc.rules"},
    }
    assert _forbidden(graph) == ["featuredoc.workspace.inputs -> featuredoc.rules.base"]


def test_no_forbidden_imports() -> None:
    assert _forbidden(_graph()) == []


def test_the_top_level_holds_only_the_entry_points() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "engine.py", "incremental.py"]


def test_editing_is_free_of_lsp_types() -> None:
    for name, path in MODULES.items():
        if name.startswith("featuredoc.editing"):
            text = path.read_text(encoding="utf-8")
            assert "lsprotocol" not in text and "pygls" not in text, name


#: The code map's heading for the modules at the top of the package.
TOP_LEVEL_HEADING = "### The top level"


def code_map_names(doc: str) -> set[str]:
    """The modules the code map of *doc* names, as paths inside the package.

    A module is named in the first column of a table under the ``###``
    heading of its folder (`` ### `model/` ``), or under
    :data:`TOP_LEVEL_HEADING` for the top of the package; other
    subsections (the language server's) do not count.
    """
    section = doc.split("\n## Code map\n", 1)[1].split("\n## ", 1)[0]
    named: set[str] = set()
    folder: str | None = None
    for line in section.splitlines():
        if line.startswith("### "):
            m = re.fullmatch(r"### `(\w+)/`", line.strip())
            folder = m.group(1) + "/" if m else ("" if line.strip() == TOP_LEVEL_HEADING else None)
        elif folder is not None and line.startswith("|"):
            first = line.split("|")[1]
            named |= {folder + name for name in re.findall(r"`([\w.]+\.py)`", first)}
    return named


def _documented_modules() -> set[str]:
    """Every module the code map must name: all but ``__init__.py`` and ``lsp/``."""
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and path.relative_to(PACKAGE).parts[0] != "lsp"
    }


def test_the_code_map_reader_reads_tables_under_folders() -> None:
    doc = (
        "# A\n\n## Code map\n\n| Layer | Holds |\n|---|---|\n| `model/` | `x.py` |\n\n"
        "### `model/`\n\n| Module | Holds |\n|---|---|\n| `text.py`, `cache.py` | see `a.py` |\n\n"
        "### The top level\n\n| `engine.py` | x |\n\n"
        "### The language server\n\n| `server.py` | x |\n\n## Invariants\n\n| `late.py` | x |\n"
    )
    assert code_map_names(doc) == {"model/text.py", "model/cache.py", "engine.py"}


def test_the_code_map_names_every_module() -> None:
    named = code_map_names(DOC.read_text(encoding="utf-8"))
    documented = _documented_modules()
    assert sorted(documented - named) == [], "add these to the code map of docs/architecture.md"
    assert sorted(named - documented) == [], "the code map names modules that do not exist"
