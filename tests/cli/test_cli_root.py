"""``featuredoc check`` and ``matrix`` find the project root like ruff, and check only documents.

The trees are laid out like the Xen tree (``SUPPORT.md`` at the top,
``docs/features/*.pandoc``, a ``README.md`` and a ``CHANGELOG.md`` beside
them) and have no ``.git``: an unpacked release tarball, or the corpus copied
somewhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import Runner

from featuredoc.workspace.files import marked_root

#: As in Xen's livepatch.pandoc: ARM's status disagrees with SUPPORT.md (FD602).
LIVEPATCH = """\
% Live Patching
% Revision 1

# Basics

---------------- ----------------------------------------------------
         Status: **Supported**

   Architecture: x86

         Status: **Tech Preview/Experimental**

   Architecture: ARM

      Component: Hypervisor
---------------- ----------------------------------------------------
"""

#: As in Xen's sched_rtds.pandoc: no SUPPORT.md heading has this title (FD601).
RTDS = """\
% RTDS Scheduler
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Experimental**

      Component: Hypervisor
---------------- ----------------------------------------------------
"""

SUPPORT = """\
# Support statement

## Definition of Status labels

Labels are defined here.

## Features

### Live Patching

    Status, x86: Supported
    Status, ARM: Experimental

### Real-time Scheduler

    Status: Experimental
"""

#: Markdown that is no feature document: checked as one, it would be all findings.
CHANGELOG = """\
# Changelog

Notable changes to Xen are documented in this file.

## [4.20.0](https://xenbits.xenproject.org/gitweb/?p=xen.git;a=shortlog;h=RELEASE-4.20.0)

### Changed
 - Fixed blkif protocol specification for sector sizes different than 512b.
"""


def xen_tree(root: Path) -> Path:
    features = root / "docs" / "features"
    features.mkdir(parents=True)
    (root / "docs" / "misc").mkdir(exist_ok=True)
    (root / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (root / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    (root / "README.md").write_text("# Xen Hypervisor\n\nSee docs/.\n", encoding="utf-8")
    (features / "livepatch.pandoc").write_text(LIVEPATCH, encoding="utf-8")
    (features / "sched_rtds.pandoc").write_text(RTDS, encoding="utf-8")
    (features / "template.pandoc").write_text("% Title\n% Revision 1\n", encoding="utf-8")
    (root / "docs" / "misc" / "xen-command-line.pandoc").write_text(
        "# Xen Hypervisor Command Line Options\n", encoding="utf-8"
    )
    return root


def findings(out: str) -> set[tuple[str, str]]:
    return {(f["path"], f["code"]) for f in json.loads(out)}


def test_check_docs_without_git_finds_the_feature_documents(tmp_path: Path, run: Runner) -> None:
    root = xen_tree(tmp_path)
    result = run("check", "docs", "--format", "json", cwd=root)
    found = findings(result.out)
    assert result.code == 1, result.err
    assert ("docs/features/livepatch.pandoc", "FD602") in found
    assert ("docs/features/sched_rtds.pandoc", "FD601") in found
    assert {path for path, _ in found} == {
        "docs/features/livepatch.pandoc",
        "docs/features/sched_rtds.pandoc",
    }


def test_one_document_beside_support_md_is_compared_with_it(tmp_path: Path, run: Runner) -> None:
    root = xen_tree(tmp_path)
    for cwd, name in [
        (root, "docs/features/livepatch.pandoc"),
        (root / "docs" / "features", "livepatch.pandoc"),
        (tmp_path.parent, str(root / "docs" / "features" / "livepatch.pandoc")),
    ]:
        # named from the root, or from the current folder when it is above the root
        shown = "docs/features" if cwd != tmp_path.parent else f"{tmp_path.name}/docs/features"
        result = run("check", name, "--format", "json", cwd=cwd)
        assert (f"{shown}/livepatch.pandoc", "FD602") in findings(result.out), cwd
        result = run("check", name.replace("livepatch", "sched_rtds"), "--format", "json", cwd=cwd)
        assert (f"{shown}/sched_rtds.pandoc", "FD601") in findings(result.out), cwd


def test_a_flat_folder_beside_its_support_md_is_its_own_root(tmp_path: Path, run: Runner) -> None:
    """As the corpus is kept: inside a git repository, but with its own SUPPORT.md."""
    (tmp_path / ".git").mkdir()
    corpus = tmp_path / "shared" / "corpus" / "xen"
    corpus.mkdir(parents=True)
    (corpus / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (corpus / "livepatch.pandoc").write_text(LIVEPATCH, encoding="utf-8")
    result = run("check", "shared/corpus/xen/livepatch.pandoc", "--format", "json", cwd=tmp_path)
    # compared with its own SUPPORT.md, and named from where the command ran
    assert ("shared/corpus/xen/livepatch.pandoc", "FD602") in findings(result.out)


def test_paths_are_relative_to_the_current_folder_above_the_root(
    tmp_path: Path, run: Runner
) -> None:
    """``featuredoc check examples/`` from the repository: paths that open from there."""
    (tmp_path / ".git").mkdir()
    root = xen_tree(tmp_path / "examples")
    text = run("check", "examples/", cwd=tmp_path).out
    assert "\nexamples/docs/features/livepatch.pandoc:11:20: error FD602 " in text
    github = run("check", "examples", "--format", "github", cwd=tmp_path).out
    assert "file=examples/docs/features/livepatch.pandoc,line=11," in github
    assert "file=examples/SUPPORT.md" not in github  # SUPPORT.md is the related place
    # inside the project, the project's own paths
    inside = run("check", ".", cwd=root).out
    assert "\ndocs/features/livepatch.pandoc:11:20: error FD602 " in inside


def test_printed_paths_are_relative_to_the_root_from_a_subdirectory(
    tmp_path: Path, run: Runner
) -> None:
    root = xen_tree(tmp_path)
    features = root / "docs" / "features"
    text = run("check", "livepatch.pandoc", cwd=features).out
    assert "\ndocs/features/livepatch.pandoc:11:20: error FD602 " in text
    github = run("check", "livepatch.pandoc", "--format", "github", cwd=features).out
    assert "file=docs/features/livepatch.pandoc,line=11," in github
    gitlab = json.loads(run("check", ".", "--format", "gitlab", cwd=features).out)
    assert {item["location"]["path"] for item in gitlab} == {
        "docs/features/livepatch.pandoc",
        "docs/features/sched_rtds.pandoc",
    }
    sarif = json.loads(run("check", "livepatch.pandoc", "--format", "sarif", cwd=features).out)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for res in sarif["runs"][0]["results"]
        for loc in res["locations"]
    }
    assert uris == {"docs/features/livepatch.pandoc"}


def test_stdin_filename_finds_the_root_from_its_folder(tmp_path: Path, run: Runner) -> None:
    root = xen_tree(tmp_path)
    result = run(
        "check",
        "-",
        "--stdin-filename",
        "livepatch.pandoc",
        "--format",
        "json",
        cwd=root / "docs" / "features",
        stdin=LIVEPATCH.encode(),
    )
    assert ("docs/features/livepatch.pandoc", "FD602") in findings(result.out)


def test_scanning_the_root_checks_only_documents(tmp_path: Path, run: Runner) -> None:
    root = xen_tree(tmp_path)
    result = run("check", "--format", "json", cwd=root)
    assert {path for path, _ in findings(result.out)} <= {
        "SUPPORT.md",
        "docs/features/livepatch.pandoc",
        "docs/features/sched_rtds.pandoc",
    }
    summary = run("check", cwd=root).out.splitlines()[-2:]
    assert any("of 3 files" in line for line in summary), summary


def test_a_markdown_file_named_explicitly_is_checked_as_a_feature_document(
    tmp_path: Path, run: Runner
) -> None:
    root = xen_tree(tmp_path)
    result = run("check", "CHANGELOG.md", "--format", "json", cwd=root)
    assert result.code == 1
    assert ("CHANGELOG.md", "FD101") in findings(result.out)


def test_matrix_finds_the_root_from_a_subdirectory(tmp_path: Path, run: Runner) -> None:
    root = xen_tree(tmp_path)
    result = run("matrix", "--format", "json", cwd=root / "docs" / "features")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    (livepatch,) = [f for f in data["features"] if f["title"] == "Live Patching"]
    arm = next(r for r in livepatch["rows"] if r["architecture"] == "ARM")
    assert arm["support_status"] == "Experimental" and arm["agreement"] == "disagree"


def test_a_folder_without_documents_says_what_a_scan_checks(tmp_path: Path, run: Runner) -> None:
    if marked_root(tmp_path) is not None:
        pytest.skip("a folder above the temporary folder looks like a workspace root")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "livepatch.pandoc").write_text(LIVEPATCH, encoding="utf-8")
    result = run("check", "notes", cwd=tmp_path)
    assert result.code == 0
    assert "no files to check" in result.err
    assert (
        "docs/features/*.pandoc, docs/features/*.md, docs/features/*.markdown relative to "
        f"the workspace root {tmp_path.resolve()}" in result.err
    )


def test_a_folder_scan_that_leaves_out_documents_says_so(tmp_path: Path, run: Runner) -> None:
    """As ``featuredoc check corpus/`` on a flat copy of the Xen files: SUPPORT.md alone is
    checked, and a warning names what the include globs left out, without failing the run."""
    (tmp_path / ".git").mkdir()
    corpus = tmp_path / "corpus" / "xen"
    corpus.mkdir(parents=True)
    (corpus / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (corpus / "größe-livepatch.pandoc").write_text(LIVEPATCH, encoding="utf-8")
    (corpus / "sched_rtds.pandoc").write_text(RTDS, encoding="utf-8")
    (corpus / "README.md").write_text("# Notes\n", encoding="utf-8")  # Markdown: not hinted
    result = run("check", "corpus/xen", "--format", "json", cwd=tmp_path)
    assert {path for path, _ in findings(result.out)} <= {"corpus/xen/SUPPORT.md"}
    assert result.code in (0, 1)  # a hint, not an error
    (warning,) = [line for line in result.err.splitlines() if "look like" in line]
    assert warning.startswith("featuredoc: warning: corpus/xen: 2 files look like feature ")
    assert "(corpus/xen/größe-livepatch.pandoc, ...)" in warning
    assert "docs/features/*.pandoc" in warning and "README" not in warning
    assert "look like" not in run("check", "-q", "corpus/xen", cwd=tmp_path).err
    # named, the files are checked, and nothing is left out
    named = run("check", "corpus/xen/sched_rtds.pandoc", cwd=tmp_path)
    assert "look like" not in named.err


def test_no_hint_where_the_scan_found_feature_documents(tmp_path: Path, run: Runner) -> None:
    """Xen keeps other .pandoc files (docs/misc/): they are not feature documents."""
    root = xen_tree(tmp_path)
    (root / "docs" / "misc").mkdir(exist_ok=True)
    (root / "docs" / "misc" / "xen-command-line.pandoc").write_text("% Options\n", "utf-8")
    for where in (".", "docs"):
        assert "look like" not in run("check", where, cwd=root).err, where
