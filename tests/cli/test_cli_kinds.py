"""A file named on the command line is a SUPPORT.md by its content; folder scans and
``--fix`` go by path."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import Runner

#: A SUPPORT.md saved under another name; one label misspelled (FD501).
SAVED_SUPPORT = """\
% Support statement for this release — «gespeichert»

# Release Support

    Xen-Version: 4.99
    Initial-Release: n/a

# Feature Support

## Widget

    Status, x86: Supported
    Status, Arm: Suported
"""


def _codes(out: str) -> list[str]:
    return sorted(f["code"] for f in json.loads(out))


def test_a_named_file_is_a_support_md_by_its_content(workspace: Path, run: Runner) -> None:
    (workspace / "old_SUPPORT.md").write_text(SAVED_SUPPORT, encoding="utf-8")
    (workspace / "docs" / "features" / "SUPPORT-4.99.md").write_text(SAVED_SUPPORT, "utf-8")
    for name in ("old_SUPPORT.md", "docs/features/SUPPORT-4.99.md"):
        result = run("check", "--format", "json", name, cwd=workspace)
        assert _codes(result.out) == ["FD501"], (name, result.out)


def test_standard_input_is_a_support_md_by_its_content(workspace: Path, run: Runner) -> None:
    result = run(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "docs/features/saved.md",
        cwd=workspace,
        stdin=SAVED_SUPPORT.encode("utf-8"),
    )
    assert _codes(result.out) == ["FD501"]


def test_folder_scans_and_fix_go_by_path(workspace: Path, run: Runner) -> None:
    saved = workspace / "docs" / "features" / "SUPPORT-4.99.md"
    saved.write_text(SAVED_SUPPORT, encoding="utf-8")
    scanned = run("check", "--format", "json", ".", cwd=workspace)
    found = [f for f in json.loads(scanned.out) if f["path"].endswith("SUPPORT-4.99.md")]
    # a feature document by its path: one finding for the template it does not follow
    assert [f["code"] for f in found if f["code"].startswith("FD1")] == ["FD101", "FD111"]
    fixed = run("check", "--fix", "--diff", "docs/features/SUPPORT-4.99.md", cwd=workspace)
    assert "+# Basics" in fixed.out  # fixed as the feature document its path says it is
    assert saved.read_text(encoding="utf-8") == SAVED_SUPPORT  # --diff writes nothing


def test_a_markdown_file_under_docs_features_is_a_feature_document(
    workspace: Path, run: Runner
) -> None:
    doc = workspace / "docs" / "features" / "dom0less.markdown"
    doc.write_text("Dom0less\n========\n\nBooting without dom0.\n", encoding="utf-8")
    result = run("check", "--format", "json", ".", cwd=workspace)
    found = [f["code"] for f in json.loads(result.out) if f["path"].endswith("dom0less.markdown")]
    assert found.count("FD101") == 1 and "FD110" not in found
