"""``featuredoc changes A..B``: support-status changes between two git revisions.

A synthetic repository (non-ASCII names) for every kind of change, and the
Xen releases of ``../shared/corpus/xen-releases.bundle`` measured against the
status changes each release's CHANGELOG.md announces
(``tests/data/changelog_status_changes.json``, read by hand).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import Runner
from test_base import git

from featuredoc.cli.changes import StatusChange, changes_between
from featuredoc.model.config import Config
from featuredoc.model.text import fold

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TESTS = Path(__file__).resolve().parent.parent
BUNDLE = TESTS.parent.parent / "shared" / "corpus" / "xen-releases.bundle"
TRUTH = TESTS / "data" / "changelog_status_changes.json"


SUPPORT_BEFORE = """\
# Support statement

## Features

### Größenänderung

    Status, x86: Tech Preview
    Status, Arm: Supported

### Café scheduler

    Status: Experimental

### Old thing

    Status: Supported

### Physical CPU Hotplug

    Status, x86: Supported

### Ünïcode display

    Status: Supported, not security supported
"""

SUPPORT_AFTER = """\
# Support statement

## Features

### Größenänderung

    Status, x86: Supported
    Status, Arm: Experimental

### Café scheduler

    Status: Experimental

### Nouveau widget

    Status: Tech Preview

### ACPI CPU Hotplug

    Status, x86: Supported

### Ünïcode display

    Status: Supported, with caveats
"""

FEATURE = """\
% Schlüssel feature
% Revision 1

# Basics

---------------- ----------------------------------------
            Status: **{status}**
---------------- ----------------------------------------
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "prøject"
    (root / "docs" / "features").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "SUPPORT.md").write_text(SUPPORT_BEFORE, encoding="utf-8")
    doc = root / "docs" / "features" / "schlüssel.pandoc"
    doc.write_text(FEATURE.format(status="Tech Preview"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before")
    git(root, "tag", "v1")
    (root / "SUPPORT.md").write_text(SUPPORT_AFTER, encoding="utf-8")
    doc.write_text(FEATURE.format(status="Supported"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "after")
    git(root, "tag", "v2")
    # the working tree differs from both: only git objects are read
    (root / "SUPPORT.md").write_text("# nothing\n", encoding="utf-8")
    return root


def _by_name(changes: list[StatusChange]) -> dict[str, StatusChange]:
    return {c.name: c for c in changes}


def test_every_kind_of_change(repo: Path) -> None:
    found = _by_name(changes_between(repo, "v1", "v2", Config()))
    raised = found["Größenänderung (x86)"]
    assert (raised.kind, raised.old, raised.new, raised.security) == (
        "raised",
        "Tech Preview",
        "Supported",
        "gained",
    )
    lowered = found["Größenänderung (Arm)"]
    assert (lowered.kind, lowered.security) == ("lowered", "lost")
    assert found["Nouveau widget"].kind == "added"
    assert found["Nouveau widget"].security is None
    removed = found["Old thing"]
    assert (removed.kind, removed.old, removed.new, removed.security) == (
        "removed",
        "Supported",
        None,
        "lost",
    )
    renamed = found["ACPI CPU Hotplug (x86)"]
    assert (renamed.kind, renamed.renamed_from) == ("renamed", "Physical CPU Hotplug (x86)")
    assert "Physical CPU Hotplug (x86)" not in found  # not reported as removed as well
    caveats = found["Ünïcode display"]
    assert (caveats.kind, caveats.security) == ("changed", "gained")
    assert "Café scheduler" not in found
    feature = found["Schlüssel feature"]
    assert feature.source == "docs/features/schlüssel.pandoc"
    assert (feature.kind, feature.security) == ("raised", "gained")


def test_formats(repo: Path, run: Runner) -> None:
    text = run("changes", "v1..v2", "--root", str(repo), "--no-config")
    assert text.code == 0, text.err
    assert "Größenänderung (x86): Tech Preview -> Supported (raised, security support gained)" in (
        text.out
    )
    markdown = run("changes", "v1", "v2", "--format", "markdown", "--root", str(repo))
    assert markdown.code == 0
    lines = markdown.out.splitlines()
    up = lines.index("### Added / support upgraded")
    assert " - Größenänderung (x86) (Supported; was Tech Preview)" in lines[up:]
    assert " - Old thing (was Supported)" in lines[lines.index("### Removed") :]
    data = json.loads(run("changes", "v1..v2", "--format", "json", "--root", str(repo)).out)
    assert (data["from"], data["to"]) == ("v1", "v2")
    kinds = {c["kind"] for c in data["changes"]}
    assert {"added", "removed", "renamed", "raised", "lowered", "changed"} <= kinds


def test_second_revision_defaults_to_head(repo: Path, run: Runner) -> None:
    both = run("changes", "v1..v2", "--format", "json", "--root", str(repo))
    to_head = run("changes", "v1", "--format", "json", "--root", str(repo))
    assert json.loads(to_head.out)["changes"] == json.loads(both.out)["changes"]
    same = run("changes", "v2..HEAD", "--root", str(repo))
    assert same.code == 0 and same.out.startswith("No support-status changes")


@pytest.mark.parametrize("revs", [("v1..nope",), ("v1..-x",), ("v1", "v2", "v3"), ("v1...v2",)])
def test_bad_revisions(repo: Path, run: Runner, revs: tuple[str, ...]) -> None:
    result = run("changes", *revs, "--root", str(repo))
    assert result.code == 2
    assert result.out == ""


def test_bad_revision_message(repo: Path, run: Runner) -> None:
    result = run("changes", "v1..nope", "--root", str(repo))
    assert "featuredoc changes: error: unknown revision 'nope'" in result.err


# ---- the Xen releases against their CHANGELOG.md ---------------------------------------------


@pytest.fixture(scope="session")
def xen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not BUNDLE.is_file():
        pytest.skip("the releases bundle (../shared/corpus/xen-releases.bundle) is absent")
    clone = tmp_path_factory.mktemp("xen-changes") / "xen"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(BUNDLE), str(clone)], check=True)
    yield clone


def _matches(change: StatusChange, item: dict[str, Any]) -> bool:
    if fold(change.entry) != fold(item["entry"]):
        return False
    if item["qualifier"] is not None and fold(change.qualifier or "") != fold(item["qualifier"]):
        return False
    if item["new"] is None:
        return change.kind == "removed"
    return fold(change.new or "").startswith(fold(item["new"]))


def test_changelog_recall(xen: Path) -> None:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    counted = found = 0
    misses: list[str] = []
    for release in truth["releases"]:
        changes = changes_between(xen, release["from"], release["to"], Config())
        for item in release["announced"]:
            hit = any(_matches(c, item) for c in changes)
            if not item["in_documents"]:
                # no entry in the documents: the command cannot find it (checked, not counted)
                assert not hit, f"{release['release']}: {item['entry']} is in the documents"
                continue
            counted += 1
            found += hit
            if not hit:
                misses.append(f"{release['release']}: {item['entry']} ({item['qualifier']})")
    assert counted >= 15  # the data was really read
    assert found / counted >= 0.9, f"recall {found}/{counted}; missed: {misses}"


LINKED = """\
% {name}
% Revision 1

# Basics

---------------- ----------------------------------------
            Status: **{status}**
     Support entry: Größenänderung
---------------- ----------------------------------------
"""


def test_documents_of_one_entry_stay_apart(tmp_path: Path) -> None:
    """Two documents linked to one entry; one raised, the other's file renamed."""
    root = tmp_path / "repo"
    features = root / "docs" / "features"
    features.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "SUPPORT.md").write_text(SUPPORT_BEFORE, encoding="utf-8")
    (features / "alpha.pandoc").write_text(
        LINKED.format(name="Alpha", status="Tech Preview"), encoding="utf-8"
    )
    (features / "beta.pandoc").write_text(
        LINKED.format(name="Beta", status="Tech Preview"), encoding="utf-8"
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "before")
    (features / "alpha.pandoc").write_text(
        LINKED.format(name="Alpha", status="Supported"), encoding="utf-8"
    )
    git(root, "mv", "docs/features/beta.pandoc", "docs/features/bêta.pandoc")
    git(root, "commit", "-q", "-am", "after")
    changes = [
        c for c in changes_between(root, "HEAD~1", "HEAD", Config()) if c.source != "SUPPORT.md"
    ]
    assert [(c.source, c.entry, c.kind, c.security) for c in changes] == [
        ("docs/features/alpha.pandoc", "Größenänderung", "raised", "gained")
    ]
