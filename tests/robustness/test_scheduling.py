"""Analyses run off the event loop: requests never wait, stale results are never published.

The server runs with every analysis slowed down by a few seconds
(``slow_server.py``). While an analysis runs, requests are answered from
the document's current text, and of the versions that arrived meanwhile
only the newest is analysed and published.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from robustness.lsp_client import LspClient, lsp_range
from robustness.test_storm import FIXTURE, expected_diagnostics, published

URI = "file:///slow/docs/features/slow.pandoc"
TEXT = FIXTURE.read_text(encoding="utf-8")
SLOW = Path(__file__).with_name("slow_server.py")


@pytest.fixture
def slow_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[LspClient]:
    tests = str(Path(__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([os.environ.get("PYTHONPATH", ""), tests]))
    monkeypatch.setenv("FEATUREDOC_SLOW_ANALYSIS", "3")
    c = LspClient(command=[sys.executable, str(SLOW)])
    c.initialize()
    yield c
    c.kill()


def test_requests_are_answered_while_an_analysis_runs(slow_client: LspClient) -> None:
    c = slow_client
    c.open(URI, TEXT, version=1)  # its analysis takes seconds
    status_line = TEXT.split("\n")[5]
    col = status_line.index("Supperted")
    fixed = status_line.replace("Supperted", "Supported")
    c.change(URI, 2, [{"range": lsp_range(5, 0, 5, len(status_line)), "text": fixed}])
    c.change(URI, 3, [{"range": lsp_range(0, 0, 0, 0), "text": "é"}])
    completion = c.request(
        "textDocument/completion",
        {"textDocument": {"uri": URI}, "position": {"line": 5, "character": col + 2}},
    )
    hover = c.request(
        "textDocument/hover",
        {"textDocument": {"uri": URI}, "position": {"line": 5, "character": col + 2}},
    )
    symbols = c.request("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
    # answered while the first analysis still runs: nothing is published yet
    assert c.diagnostics_for(URI) == []
    # ... and from the current text (version 3), not the analysed one
    labels = [item["label"] for item in completion["items"]]
    assert labels[0] == "Supported", labels
    assert "Supported" in hover["contents"]["value"]
    assert symbols and symbols[0]["name"]
    final_text = "é" + TEXT.replace("Supperted", "Supported")
    got = c.wait_for_version(URI, 3)
    assert published(got) == expected_diagnostics(final_text)
    # version 1 was overtaken while it was analysed and version 2 was never analysed:
    # only the newest version is published
    assert [p["version"] for p in c.diagnostics_for(URI)] == [3]


def test_a_cancelled_pull_drops_its_queued_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    tests = str(Path(__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([os.environ.get("PYTHONPATH", ""), tests]))
    monkeypatch.setenv("FEATUREDOC_SLOW_ANALYSIS", "3")
    c = LspClient(command=[sys.executable, str(SLOW)])
    try:
        c.initialize(pull=True)
        other = "file:///slow/docs/features/other.pandoc"
        c.open(URI, TEXT, version=1)
        c.open(other, TEXT, version=1)
        first = c.request_async("textDocument/diagnostic", {"textDocument": {"uri": URI}})
        queued = c.request_async("textDocument/diagnostic", {"textDocument": {"uri": other}})
        time.sleep(0.5)  # the request has started and waits for its queued analysis
        c.notify("$/cancelRequest", {"id": queued})
        reply = c.response(queued)
        assert reply["error"]["code"] == -32800, reply
        report = c.response(first)["result"]
        assert published({"diagnostics": report["items"]}) == expected_diagnostics(TEXT)
        dropped = f"analysis of {other} dropped (cancelled)"
        assert any(dropped in line for line in c.stderr_lines), c.stderr_lines[-20:]
    finally:
        c.kill()


def test_git_for_the_base_revision_does_not_hold_up_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the ``base`` setting, git runs on the worker: a slow git stalls no request."""
    import shutil
    import subprocess

    real_git = shutil.which("git")
    if real_git is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "docs" / "features").mkdir(parents=True)
    doc = repo / "docs" / "features" / "slow.pandoc"
    doc.write_text(TEXT, encoding="utf-8")
    for args in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=T", "-c", "user.email=t@e.org", "commit", "-qm", "x"],
    ):
        subprocess.run([real_git, "-C", str(repo), *args], check=True)
    fake = tmp_path / "bin"
    fake.mkdir()
    marker = tmp_path / "git-ran"
    (fake / "git").write_text(f'#!/bin/sh\ntouch "{marker}"\nsleep 2\nexec "{real_git}" "$@"\n')
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    c = LspClient(cwd=tmp_path)
    try:
        c.request(
            "initialize",
            {
                "processId": None,
                "rootUri": repo.as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
                "initializationOptions": {"featuredoc": {"base": "HEAD"}},
            },
        )
        c.notify("initialized", {})
        uri = doc.as_uri()
        c.open(uri, TEXT, version=1)
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "git never ran"
        col = TEXT.split("\n")[5].index("Supperted")
        hover = c.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": 5, "character": col + 2}},
        )
        assert c.diagnostics_for(uri) == []  # answered while git still runs
        assert hover is None or "contents" in hover
        got = c.wait_for_version(uri, 1)
        assert "FD201" in [d["code"] for d in got["diagnostics"]]
    finally:
        c.kill()


def test_a_hover_does_not_wait_for_a_code_action(monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing the fixes of "fix all" runs off the event loop: a hover sent after a
    code action whose fixes take seconds is answered first."""
    tests = str(Path(__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([os.environ.get("PYTHONPATH", ""), tests]))
    monkeypatch.setenv("FEATUREDOC_SLOW_ANALYSIS", "0")
    monkeypatch.setenv("FEATUREDOC_SLOW_FIXES", "3")
    fixture = FIXTURE.parents[1] / "FD402" / "unpadded-day.pandoc"
    text = fixture.read_text(encoding="utf-8")
    lines = text.split("\n")
    status_line = next(n for n, line in enumerate(lines) if "Status:" in line)
    date_line = next(n for n, line in enumerate(lines) if line.startswith("2025-03-4 "))
    c = LspClient(command=[sys.executable, str(SLOW)])
    try:
        c.initialize()
        c.open(URI, text, version=1)
        got = c.wait_for_version(URI, 1)
        assert "FD402" in [d["code"] for d in got["diagnostics"]]
        action = c.request_async(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": URI},
                "range": lsp_range(date_line, 0, date_line, 0),
                "context": {"diagnostics": [], "only": ["source.fixAll"]},
            },
        )
        hover = c.request_async(
            "textDocument/hover",
            {
                "textDocument": {"uri": URI},
                "position": {"line": status_line, "character": lines[status_line].index("Sup")},
            },
        )
        answer = c.response(hover)
        assert "Supported" in answer["result"]["contents"]["value"]
        assert action not in c.responses  # the fixes are still being chosen
        (fix_all,) = c.response(action)["result"]
        assert fix_all["kind"] == "source.fixAll.featuredoc"
        (edit,) = fix_all["edit"]["changes"][URI]
        assert edit["newText"] == "2025-03-04"
    finally:
        c.kill()
