"""The language server stays in small pieces: short modules, short functions, one feature a module.

``lsp/`` grows one feature at a time (``docs/architecture.md``, "Adding an
LSP feature"); these keep it easy to read as it does, and keep start-up
from growing with the features.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import featuredoc
from featuredoc.lsp.features import FEATURES

LSP = Path(featuredoc.__file__).parent / "lsp"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    found = sorted(LSP.rglob("*.py"))
    assert len(found) > 20  # the walk sees the package
    return found


def _long_functions(path: Path, limit: int) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > limit:
                long.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    return long


def test_the_function_check_counts_decorators(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(59))
    source = tmp_path / "long.py"
    source.write_text(f"@decorated\ndef f() -> None:\n{body}", encoding="utf-8")
    assert _long_functions(source, 61) == []
    assert len(_long_functions(source, 60)) == 1


def test_no_lsp_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(LSP)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_lsp_function_is_over_60_lines() -> None:
    long = [f for p in _modules() for f in _long_functions(p, MAX_FUNCTION_LINES)]
    assert long == []


def test_every_feature_module_is_registered_once() -> None:
    modules = {
        p.stem for p in (LSP / "features").glob("*.py") if p.stem not in ("__init__", "base")
    }
    registered = [f.methods[0].handler.__module__.rsplit(".", 1)[1] for f in FEATURES]
    assert sorted(registered) == sorted(modules)
    for feature in FEATURES:  # each feature's handlers live in its own module
        assert {m.handler.__module__ for m in feature.methods} == {
            feature.methods[0].handler.__module__
        }
    methods = [m.name for f in FEATURES for m in f.methods]
    assert len(methods) == len(set(methods))


def test_the_server_registers_every_method_of_the_features() -> None:
    from featuredoc.lsp.server import FeaturedocServer

    server = FeaturedocServer()
    registered = set(server.protocol.fm.features)
    assert {m.name for f in FEATURES for m in f.methods} <= registered


#: What the features use, loaded when a handler first needs it, never to register it.
LAZY = (
    "featuredoc.engine",
    "featuredoc.editing.completion",
    "featuredoc.editing.hover",
    "featuredoc.editing.symbols",
    "featuredoc.editing.links",
    "featuredoc.editing.formatting",
    "featuredoc.editing.config_edit",
    "featuredoc.editing.navigation",
    "featuredoc.editing.rename",
    "featuredoc.editing.workspace_symbols",
    "featuredoc.editing.lens",
    "featuredoc.lsp.nav_view",
    "featuredoc.lsp.actions",
    "featuredoc.lsp.config_actions",
    "featuredoc.analysis.fixes",
    "featuredoc.workspace.index",
    "featuredoc.workspace.inputs",
    # what the first document needs, loaded then (not to answer ``initialize``)
    "featuredoc.model.document",
    "featuredoc.model.config",
    "featuredoc.model.text",
    "featuredoc.model.findings",
    "featuredoc.model.settings_table",
    "featuredoc.workspace.config_file",
    "featuredoc.workspace.files",
    "featuredoc.parser",
    "featuredoc.lsp.convert",
    "featuredoc.lsp.publishing",
    "featuredoc.editing.plain_text",
    "yaml",
    "mistune",
)


def test_registering_the_features_loads_no_implementation() -> None:
    probe = (
        "import sys\n"
        "from featuredoc.lsp.server import FeaturedocServer\n"
        "FeaturedocServer()\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('featuredoc'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    loaded = set(out.strip().split(","))
    assert "featuredoc.lsp.features.hover" in loaded  # the probe sees the features
    assert sorted(set(LAZY) & loaded) == []


#: All that ``featuredoc-ls`` loads beyond pygls until the first message: the
#: package's root, the server's own modules (``featuredoc.lsp.*``) and these
#: plain pieces. The model, the configuration (and YAML), the parser and the
#: rules are loaded when first used, after ``initialize`` is answered.
START_UP = (
    "featuredoc",
    "featuredoc.lsp",
    "featuredoc.model",
    "featuredoc.model.cache",
    "featuredoc.model.limits",
)

#: Serves until the client goes away (standard input at its end), then says
#: which modules were loaded beyond what pygls loads to build a bare server.
_SERVE_PROBE = """
import sys
from lsprotocol import types
from pygls.lsp.server import LanguageServer
LanguageServer("floor", "1")
floor = set(sys.modules)
from featuredoc.lsp.server import main
try:
    main()
except SystemExit:
    pass
print(",".join(sorted(set(sys.modules) - floor)))
"""


def test_start_up_loads_only_the_server_beyond_pygls() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _SERVE_PROBE],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    loaded = set(out.strip().splitlines()[-1].split(","))
    assert {"featuredoc.lsp.server", "featuredoc.lsp.transport"} <= loaded  # main() served
    beyond = sorted(m for m in loaded - set(START_UP) if not m.startswith("featuredoc.lsp."))
    assert beyond == []


def test_every_lsp_module_is_in_the_architecture_page() -> None:
    page = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("### The language server", 1)[1].split("\n## ", 1)[0]
    missing = [
        p.name for p in _modules() if p.name != "__init__.py" and f"`{p.name}`" not in section
    ]
    assert "`hover.py`" in section  # feature modules are looked for too
    assert missing == []
