"""Naming the SUPPORT.md heading a feature title means (FD601, ``featuredoc matrix``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from featuredoc.analysis.title_similarity import closest_title, match_words, same_word, words
from featuredoc.cli.matrix import build
from featuredoc.engine import check
from featuredoc.model.inputs import Inputs
from featuredoc.workspace.config_file import config_from_data
from featuredoc.workspace.index import WorkspaceIndex

#: Headings of Xen's SUPPORT.md near the ones the tests aim at.
HEADINGS = [
    "Driver Domains",
    "Device Model Stub Domains",
    "Device Model Deprivileging",
    "KCONFIG Expert",
    "Live Patching",
    "Virtual Machine Introspection",
    "x86/Emulated storage (QEMU):",
    "QEMU backend hotplugging for xl",
    "Linux device model stubdomains",
    "Credit Scheduler",
    "Credit2 Scheduler",
    "RTDS based Scheduler",
    "Null Scheduler",
    "Memory",
    "Physical Memory",
    "Static Memory Sharing",
    "Hypervisor file system",
    "Hypervisor config",
    "x86/Intel Platform QoS Technologies",
    "Cache coloring",
    "Dom0less",
]


def test_words_and_inflections() -> None:
    assert words("QEMU Deprivileging / dm_restrict") == ["qemu", "deprivileging", "dm", "restrict"]
    assert words("Intel Cache Allocation Technology and Code and Data") == [
        "intel",
        "cache",
        "allocation",
        "technology",
        "code",
        "data",
    ]
    assert same_word("technology", "technologies")
    assert same_word("deprivileging", "deprivilege")
    assert not same_word("static", "statistics")
    assert not same_word("pv", "pvh")
    assert not same_word("credit", "credit2")


def test_acronyms_match_runs_of_words() -> None:
    found = match_words(
        words("QEMU Deprivileging / dm_restrict"), words("Device Model Deprivileging")
    )
    assert (found.left, found.right) == (2, 3) and found.close
    found = match_words(words("Hypervisor FS"), words("Hypervisor file system"))
    assert (found.left, found.right) == (2, 3)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("QEMU Deprivileging / dm_restrict", "Device Model Deprivileging"),
        ("RTDS Scheduler", "RTDS based Scheduler"),
        ("Hypervisor FS", "Hypervisor file system"),
        ("Live patchng", "Live Patching"),
        ("Live Patching (ARM, “xSplice”)", "Live Patching"),
        ("Null Scheduler Extensions for ARM", "Null Scheduler"),
        ("Stub domains for the device model", "Device Model Stub Domains"),
    ],
)
def test_closest(title: str, expected: str) -> None:
    assert closest_title(title, HEADINGS) == expected


@pytest.mark.parametrize(
    "title",
    [
        # one shared word is never enough
        "Memory Ballooning",
        "Live Migration",
        # the same feature to a human, but nothing in the words says so
        "Intel Memory Bandwidth Allocation (MBA) Feature",
        "Intel Cache Allocation Technology and Code and Data Prioritization Features",
        "Feature Levelling",
        "Migration",
        # two headings equally close: neither is named
        "Scheduler",
        "Device Model",
    ],
)
def test_no_false_suggestion(title: str) -> None:
    assert closest_title(title, HEADINGS) is None


def test_corpus_links_leave_only_the_documents_without_an_entry(corpus: Path) -> None:
    """On the real documents, FD601 remains only where no SUPPORT.md entry stands for one."""
    from featuredoc.workspace.index import WorkspaceIndex as Index

    config, _ = config_from_data({"include": ["*.pandoc"], "exclude": ["template.pandoc"]})
    index = Index(corpus, config)
    index.scan()
    hints = {}
    for path in sorted(corpus.glob("*.pandoc")):
        if path.name == "template.pandoc":
            continue
        text = path.read_text(encoding="utf-8")
        for f in check(text, str(path), config, inputs=Inputs(workspace=index)):
            if f.code == "FD601":
                hints[path.name] = f.message
    assert hints == {
        "feature-levelling.pandoc": "No SUPPORT.md entry stands for 'Feature Levelling'; if one "
        "covers this feature, add a 'Support entry:' row naming its heading to the Basics table",
        "migration.pandoc": "No SUPPORT.md entry stands for 'Migration'; if one covers this "
        "feature, add a 'Support entry:' row naming its heading to the Basics table",
    }


FIXTURES = Path(__file__).parent / "fixtures" / "rules" / "FD601"


def test_matrix_matches_what_fd601_matches(tmp_path: Path) -> None:
    """``featuredoc matrix`` and FD601 pair documents with SUPPORT.md entries the same way."""
    shutil.copy(FIXTURES / "SUPPORT-security.md", tmp_path / "SUPPORT.md")
    names = [
        "title-from-heading.pandoc",
        "title-from-heading-no-entry.pandoc",
        "linked-renamed-feature.pandoc",
    ]
    for name in names:
        shutil.copy(FIXTURES / name, tmp_path / name)
    config, errors = config_from_data({"include": ["*.pandoc"]})
    assert not errors
    index = WorkspaceIndex(tmp_path, config)
    index.scan()
    matrix = build(index, config)
    features = {f.path: f for f in matrix.features}
    dom0less = features["title-from-heading.pandoc"]
    assert (dom0less.title, dom0less.entry) == ("Dom0less", "Dom0less")
    assert all(s.title != "Dom0less" for s in matrix.support_only)
    assert [r.support_status for r in dom0less.rows] == ["Supported"]
    renamed = features["linked-renamed-feature.pandoc"]
    assert (renamed.entry, renamed.suggestion) == ("Device Model Deprivileging", None)
    unlinked = features["title-from-heading-no-entry.pandoc"]
    assert unlinked.entry is None
    for name in names:
        path = tmp_path / name
        findings = check(
            path.read_text(encoding="utf-8"), str(path), config, inputs=Inputs(workspace=index)
        )
        fd601 = [f for f in findings if f.code == "FD601"]
        assert bool(fd601) == (features[name].entry is None), name
        suggestion = features[name].suggestion
        assert all((suggestion is not None) == ("closest" in f.message) for f in fd601)
