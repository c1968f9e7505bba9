"""The JSON Schema of ``.featuredoc.yaml`` in the real yaml-language-server.

yaml-language-server (npm, installed into a cache folder by
install_yaml_language_server.sh and reused) is driven over stdio: the
package's schema is mapped to ``.featuredoc.yaml`` through ``yaml.schemas``,
as an editor's settings do, and the file gets completion of its keys and of
the rule codes under ``rules:``, hover from the settings' descriptions, and an
error for a value of the wrong type.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from editor_support import HERE, editors_required, missing

import featuredoc
from featuredoc.cli.config_schema import SCHEMA_PATH
from robustness.lsp_client import LspClient

pytestmark = pytest.mark.editors

SCHEMA = Path(featuredoc.__file__).parent / SCHEMA_PATH


def _entry_point() -> str:
    """The installed server's entry point, or skip (fail when editors are required)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing("node/npm")
    env = dict(os.environ)
    env.setdefault("FEATUREDOC_E2E_CACHE", str(Path.home() / ".cache" / "featuredoc-e2e"))
    try:
        result = subprocess.run(
            ["bash", str(HERE / "install_yaml_language_server.sh")],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is not None and result.returncode == 0:
        return result.stdout.strip().splitlines()[-1]
    log = "timed out" if result is None else result.stderr[-3000:]
    if editors_required():
        pytest.fail(f"yaml-language-server could not be installed:\n{log}")
    pytest.skip(f"yaml-language-server could not be installed: {log.strip().splitlines()[-1:]}")


@pytest.fixture(scope="module")
def entry_point() -> str:
    return _entry_point()


@pytest.fixture
def yaml_ls(entry_point: str, tmp_path: Path) -> Iterator[tuple[LspClient, Path]]:
    root = tmp_path / "projekt-größe"
    root.mkdir()
    client = LspClient(cwd=root, command=["node", entry_point, "--stdio"])
    # The editor's settings: the package's schema for every .featuredoc.yaml.
    settings = {
        "yaml": {
            "schemas": {SCHEMA.as_uri(): ".featuredoc.yaml"},
            "validate": True,
            "completion": True,
            "hover": True,
            # No download of schemastore.org's catalogue: the test stays offline.
            "schemaStore": {"enable": False},
        }
    }
    pulled: list[dict[str, Any]] = []

    def answer(request: dict[str, Any]) -> Any:
        if request["method"] != "workspace/configuration":
            return None
        pulled.append(request)
        return [settings.get(item.get("section")) for item in request["params"]["items"]]

    client.answer = answer
    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": False}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        client.notify("initialized", {})
        # yaml-language-server pulls its settings (workspace/configuration) on this.
        client.notify("workspace/didChangeConfiguration", {"settings": settings})
        # The answer is written before the client's lock is released: whatever
        # is sent from here on reaches the server after its settings.
        client.wait_for(lambda: bool(pulled), what="workspace/configuration")
        yield client, root
    finally:
        client.proc.kill()
        client.proc.wait(timeout=30)


def _open(client: LspClient, root: Path, text: str) -> str:
    uri = (root / ".featuredoc.yaml").as_uri()
    client.open(uri, text, language="yaml")
    return uri


def _labels(client: LspClient, uri: str, line: int, character: int) -> set[str]:
    result: Any = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
    )
    items = result["items"] if isinstance(result, dict) else result or []
    return {item["label"] for item in items}


def _diagnostics(client: LspClient, uri: str) -> list[dict[str, Any]]:
    client.wait_for(lambda: bool(client.diagnostics_for(uri)), what=f"diagnostics of {uri}")
    return client.diagnostics_for(uri)[-1]["diagnostics"]


def test_completes_the_keys_of_the_file(yaml_ls: tuple[LspClient, Path]) -> None:
    client, root = yaml_ls
    uri = _open(client, root, "# Größe: ünïcode\ninclude: [docs/features/*.pandoc]\n\n")
    labels = _labels(client, uri, 2, 0)
    assert {"support_file", "rules", "max_document_size", "signoff"} <= labels
    assert "include" not in labels  # already there
    assert "base" not in labels  # an editor setting, not a key of the file


def test_completes_rule_codes_and_severities_under_rules(
    yaml_ls: tuple[LspClient, Path],
) -> None:
    client, root = yaml_ls
    uri = _open(client, root, "rules:\n  FD103: off\n  \n")
    codes = _labels(client, uri, 2, 2)
    assert {"FD201", "FD302", "FD501"} <= codes
    assert "FD103" not in codes
    assert _labels(client, uri, 1, 9) >= {"off", "error", "warning", "information", "hint"}


def test_hover_shows_the_settings_description(yaml_ls: tuple[LspClient, Path]) -> None:
    client, root = yaml_ls
    uri = _open(client, root, "support_file: SUPPORT.md\n")
    hover: Any = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}},
    )
    assert "Path of SUPPORT.md, relative to the workspace root" in str(hover["contents"])


def test_reports_a_value_of_the_wrong_type(yaml_ls: tuple[LspClient, Path]) -> None:
    client, root = yaml_ls
    uri = _open(client, root, 'rules:\n  FD201: warning\nmax_document_size: "big"\n')
    problems = _diagnostics(client, uri)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem["range"]["start"]["line"] == 2
    assert "integer" in problem["message"]


def test_reports_an_unknown_rule_code_and_severity(yaml_ls: tuple[LspClient, Path]) -> None:
    client, root = yaml_ls
    uri = _open(client, root, "rules:\n  FD999: error\n  FD201: loud\n")
    lines = sorted(p["range"]["start"]["line"] for p in _diagnostics(client, uri))
    assert lines == [1, 2]


def test_the_documented_example_is_valid(yaml_ls: tuple[LspClient, Path]) -> None:
    client, root = yaml_ls
    page = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    example = page.split("## Example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    uri = _open(client, root, example)
    assert _diagnostics(client, uri) == []
