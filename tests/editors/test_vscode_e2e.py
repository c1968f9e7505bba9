"""VS Code (code-server 4.100.3 in headless Chromium) with the packaged extension.

Installs code-server and playwright-core into a cache folder (reused when
present), installs the freshly built .vsix into a fresh profile, and drives
the workbench through editors/vscode/test/e2e/e2e.js. code-server sees no
featuredoc at all (its PATH has only a fresh venv's python3, made without
pip, and no featuredoc-ls; no PYTHONPATH; no featuredoc settings), so every
scenario runs against the server bundled in the .vsix (among them, going
between a feature document and SUPPORT.md: a code lens, F12, Shift+F12,
Ctrl+T and F2, each with a screenshot). Then the server is
killed: restarted three times, the fourth time left stopped with one
notification. The last scenario points ``featuredoc.path`` at a program that
fails at once: one notification with its cause, and no second start.

Screenshots of every step, results.json and the logs land in a new folder
under ``.cache/e2e/`` of the repository (git-ignored; the last few runs are
kept), whose name the test prints and puts in its failure message;
``FEATUREDOC_E2E_ARTIFACTS`` names another folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from editor_support import EDITORS, FD201_MESSAGE, REPO, TIERS, editors_required, missing

pytestmark = pytest.mark.editors

VSCODE = EDITORS / "vscode"
E2E = VSCODE / "test" / "e2e"
ARTIFACTS = EDITORS.parent / ".cache" / "e2e"
KEEP_RUNS = 5
# The server's version (the extension has its own).
SERVER_VERSION = re.search(
    r'(?m)^version = "([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8")
).group(1)


def _artifacts_folder() -> Path:
    """A fresh folder for this run's screenshots; older runs beyond KEEP_RUNS are removed."""
    named = os.environ.get("FEATUREDOC_E2E_ARTIFACTS")
    if named:
        Path(named).mkdir(parents=True, exist_ok=True)
        return Path(named)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    runs = sorted(ARTIFACTS.glob("vscode-*"), key=lambda p: p.stat().st_mtime)
    for old in runs[: max(0, len(runs) - KEEP_RUNS + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return Path(tempfile.mkdtemp(prefix=f"vscode-{stamp}-", dir=ARTIFACTS))


def _vsix() -> Path:
    """The .vsix that build.sh produced, building it when there is none."""
    version = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))["version"]
    vsix = VSCODE / f"featuredoc-{version}.vsix"
    if vsix.is_file():
        return vsix
    if shutil.which("npm") is None:
        missing("npm")
    build = subprocess.run(
        ["bash", str(VSCODE / "build.sh")], capture_output=True, text=True, timeout=900
    )
    assert build.returncode == 0, (
        f"build.sh failed:\n{build.stdout[-4000:]}\n{build.stderr[-4000:]}"
    )
    assert vsix.is_file(), f"build.sh did not produce {vsix}"
    return vsix


def _install(env: dict[str, str]) -> None:
    """Installs code-server and playwright-core, or skips (fails when required)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing("node/npm")
    try:
        result = subprocess.run(
            ["bash", str(E2E / "install.sh")], capture_output=True, text=True, env=env, timeout=1200
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is not None and result.returncode == 0:
        return
    log = "timed out" if result is None else (result.stdout[-3000:] + result.stderr[-3000:])
    if editors_required():
        pytest.fail(
            f"code-server could not be installed and FEATUREDOC_REQUIRE_EDITORS is set:\n{log}"
        )
    pytest.skip(f"code-server could not be installed: {log.strip().splitlines()[-1:]}")


def test_vscode_extension_in_code_server(tmp_path: Path) -> None:
    vsix = _vsix()
    env = dict(os.environ)
    env.setdefault("FEATUREDOC_E2E_CACHE", str(Path.home() / ".cache" / "featuredoc-e2e"))
    _install(env)

    artifacts = _artifacts_folder()
    env["FEATUREDOC_PYTHON"] = sys.executable
    env["FEATUREDOC_E2E_SERVER"] = "bundled"
    env["TMPDIR"] = str(tmp_path)
    print(f"screenshots: {artifacts}")
    result = subprocess.run(
        ["bash", str(E2E / "run.sh"), str(vsix), str(artifacts)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, (
        f"the VS Code scenarios failed (screenshots and logs in {artifacts}):\n{output[-6000:]}"
    )

    # What the workbench showed, as e2e.js read it from the page.
    results = json.loads((artifacts / "results.json").read_text(encoding="utf-8"))
    steps = {step["name"]: step for step in results["steps"]}
    assert [s["status"] for s in results["steps"]] == ["passed"] * 11, results["steps"]
    for step in results["steps"]:
        assert Path(step["screenshot"]).is_file()

    # The server that answered is the one in the .vsix, run by the venv's Python.
    log = _featuredoc_log(artifacts)
    python = (artifacts / "python.txt").read_text(encoding="utf-8").strip()
    python_version = (artifacts / "python-version.txt").read_text(encoding="utf-8").strip()
    assert "passed over: featuredoc-ls: not on PATH" in log
    assert f"starting the bundled server with Python {python_version} ({python}, from PATH)" in log
    assert "/bundled/tool/server.py" in log
    assert f"the server is running (featuredoc {SERVER_VERSION})" in log

    status = steps["language status"]["observed"]["item"]
    assert f"featuredoc {SERVER_VERSION}" in status and "bundled server, Python" in status

    diag = steps["diagnostics"]["observed"]
    assert FD201_MESSAGE in diag["problem"] and "FD201" in diag["problem"]
    assert f"[Ln {diag['line']}, Col {diag['column']}]" in diag["problem"]

    completion = steps["completion"]["observed"]
    assert set(TIERS) <= set(completion["labels"])
    assert completion["details"]["text"].strip() != completion["details"]["focused"]

    accepted = steps["completion accepted inside **Sup|**"]["observed"]
    assert accepted["line"].strip() == "Status: **Supported**"

    fix = steps["quick fix from the light bulb"]["observed"]
    assert any("Replace with 'Supported'" in a for a in fix["actions"])
    assert "**Supported**" in fix["line"]

    assert "secur" in steps["hover"]["observed"]["hover"].lower()

    nav = steps["navigation: lenses, definition, references, symbols, rename"]["observed"]
    entry = "Crédit2 🚀 Scheduler"
    assert nav["lens"] == f"SUPPORT.md '{entry}': Tech Preview — agrees"
    assert "SUPPORT.md" in nav["definition"]["title"]
    assert any(f"### {entry}" in r for r in nav["definition"]["rows"])
    assert any("SUPPORT.md" in r for r in nav["references"])
    assert len([r for r in nav["symbols"] if entry in r]) >= 2
    assert nav["placeholder"] == entry  # from prepareRename
    assert "Support entry: Crédit3 🛸 Scheduler" in nav["row"]
    assert "### Crédit3 🛸 Scheduler" in nav["heading"]
    for name in ("lens", "definition", "references", "symbols"):
        assert (artifacts / f"04-navigation-{name}.png").is_file()

    live = steps["settings change severity live"]["observed"]
    assert (live["before"]["severity"], live["after"]["severity"]) == ("error", "warning")

    crashes = steps["a crashed server is restarted, but not forever"]["observed"]
    assert len({r["pid"] for r in crashes["restarts"]}) == 3
    assert all(f"featuredoc {SERVER_VERSION}" in r["status"] for r in crashes["restarts"])
    assert crashes["toasts"] == [crashes["toast"]]
    assert crashes["toast"].startswith(
        "The language server stopped unexpectedly 4 times in 3 minutes and is not restarted"
        " again: was killed by SIGKILL."
    )
    assert "featuredoc: failed" in crashes["status"]

    failure = steps["a server that cannot start is reported once"]["observed"]
    assert failure["starts"] == 1
    assert len(failure["toasts"]) == 1
    assert failure["toast"].startswith(
        "The language server failed to start: exited with code 3: "
        "ModuleNotFoundError: No module named 'lsprotocol'"
    )
    assert "(featuredoc.path)" in failure["toast"]
    assert "featuredoc: failed" in failure["status"]["item"]
    assert "exited with code 3" in failure["status"]["item"]


def _featuredoc_log(artifacts: Path) -> str:
    """The extension's own log (its output channel), as VS Code wrote it."""
    logs = sorted((artifacts / "logs").glob("**/featuredoc.featuredoc/featuredoc.log"))
    assert logs, f"no featuredoc.log under {artifacts / 'logs'}"
    return "\n".join(p.read_text(encoding="utf-8") for p in logs)
