"""Only the workspace's own SUPPORT.md is compared with its feature documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from featuredoc.cli.command import main

FEATURE = """\
% Live Patching
% Revision 1

# Basics
---------------- ------------------------------
         Status: **Tech Preview**

      Component: Hypervisor
---------------- ------------------------------
"""

SUPPORT = "# Features\n\n### Live Patching\n\n    Status: Supported\n"


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> list[dict]:
    code = main(["check", "--format", "json", "--fail-on", "never", *paths])
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_root_support_is_compared_and_a_copy_elsewhere_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "features").mkdir(parents=True)
    (tmp_path / "docs" / "features" / "livepatch.pandoc").write_text(FEATURE)
    (tmp_path / "SUPPORT.md").write_text(SUPPORT)
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "SUPPORT.md").write_text(SUPPORT + "    Status, x86: Suported\n")
    monkeypatch.chdir(tmp_path)
    found = run(tmp_path, capsys, "SUPPORT.md", "old/SUPPORT.md", "docs/features")
    by_file = {(Path(f["path"]).as_posix(), f["code"]) for f in found}
    [fd602] = [f for f in found if f["code"] == "FD602"]
    assert Path(fd602["path"]).as_posix() == "docs/features/livepatch.pandoc"
    # compared with the root's SUPPORT.md, not the copy
    assert [Path(r["path"]).as_posix() for r in fd602["related"]] == ["SUPPORT.md"]
    assert ("old/SUPPORT.md", "FD501") in by_file  # still checked as a SUPPORT.md
