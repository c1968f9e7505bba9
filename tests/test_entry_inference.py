"""Linking feature documents to SUPPORT.md entries without a ``Support entry`` row."""

from __future__ import annotations

import pytest

from featuredoc.analysis import entry_inference
from featuredoc.analysis.crossdoc import link_key, match_entry, support_entries
from featuredoc.analysis.entry_inference import spelled_out, stem_words
from featuredoc.analysis.statuschange import support_changes
from featuredoc.engine import parse
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind

CONFIG = Config()

SUPPORT = """\
# Feature Support

## Host hardware support

### x86/Intel Platform QoS Technologies

    Status: Tech Preview

### Memory Sharing

    Status: Experimental

## Hypervisor file system

### Build info

    Status: Supported

### Runtime parameters

    Status, x86: Supported

## Security

### Device Model Stub Domains

    Status: Supported, with caveats

### Device Model Deprivileging

    Status: Tech Preview
"""


def support(text: str = SUPPORT) -> Document:
    return parse(text, "SUPPORT.md", CONFIG, DocumentKind.SUPPORT)


def feature(title: str, path: str = "docs/features/f.pandoc", body: str = "") -> Document:
    text = (
        f"% {title}\n% Revision 1\n\n# Basics\n"
        "---------------- ----------------------------------------------------\n"
        "         Status: **Tech Preview**\n"
        "   Architecture: x86\n"
        "---------------- ----------------------------------------------------\n\n"
        f"# Overview\n\n{body}\n"
    )
    return parse(text, path, CONFIG, DocumentKind.FEATURE)


def linked(doc: Document, sup: Document | None = None) -> str | None:
    match = match_entry(doc, support_entries(sup or support()), CONFIG)
    return match.entry.title if match.entry else None


def test_a_heading_over_entries_is_a_group_with_their_lines() -> None:
    entries = support_entries(support())
    group = entries.groups["hypervisor file system"]
    assert [(line.section, line.value) for line in group.lines] == [
        ("Build info", "Supported"),
        ("Runtime parameters", "Supported"),
    ]
    # a division of the document (entries two levels down) is not a feature
    assert "feature support" not in entries.groups
    assert "hypervisor file system" not in entries  # not an entry: the matrix lists entries


def test_a_title_in_other_words_links_to_a_group() -> None:
    assert linked(feature("Hypervisor FS")) == "Hypervisor file system"


def test_acronyms_spelled_out_in_the_document_link() -> None:
    body = (
        "* PSR         Intel Platform Shared Resource\n* CAT         Cache Allocation Technology\n"
    )
    doc = feature("Intel Cache Allocation Technology", "docs/features/intel_psr_cat.pandoc", body)
    assert linked(doc) == "x86/Intel Platform QoS Technologies"
    # without the document's words, one shared word is not a link
    assert linked(feature("Intel Cache Allocation", "docs/features/cache.pandoc")) is None


def test_more_covered_words_win_over_a_short_heading() -> None:
    body = "* PSR         Intel Platform Shared Resource\n"
    doc = feature("Intel Memory Bandwidth Allocation (MBA) Feature", "d/intel_psr_mba.pandoc", body)
    # "Memory Sharing" is covered too (memory, shared), but by two words against four
    assert linked(doc) == "x86/Intel Platform QoS Technologies"


def test_two_equally_likely_headings_are_no_link_but_candidates() -> None:
    match = match_entry(feature("Device Model"), support_entries(support()), CONFIG)
    assert match.entry is None
    assert sorted(match.inference.candidates) == [
        "Device Model Deprivileging",
        "Device Model Stub Domains",
    ]


def test_unrelated_documents_link_to_nothing() -> None:
    for title, path in (("Migration", "migration.pandoc"), ("Feature Levelling", "fl.pandoc")):
        match = match_entry(feature(title, path), support_entries(support()), CONFIG)
        assert (match.entry, match.inference.candidates) == (None, ())


def test_spelled_out_reads_terminology_lines_only_where_the_initials_match() -> None:
    lines = ["* PSR  Intel Platform Shared Resource", "The CAT is grey.", "CDP Code and Data Prio"]
    assert spelled_out(lines, None) == {
        "psr": ["platform", "shared", "resource"],
        "cdp": ["code", "data", "prio"],
    }
    assert stem_words("docs/features/qemu-deprivilege.pandoc") == ["qemu", "deprivilege"]


def test_inference_is_worked_out_once_per_support_md_and_document_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Typing in a document re-parses it; the same title and words are not inferred again."""
    calls = []
    real = entry_inference.infer

    def counting(*args: object) -> entry_inference.Inference:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("featuredoc.analysis.crossdoc.infer", counting)
    monkeypatch.setattr("featuredoc.analysis.crossdoc._inferred_for", [(), {}])  # forget others
    sup = support()
    for keystroke in range(5):
        doc = feature("Hypervisor FS", body=f"Typing{'x' * keystroke}.")
        assert linked(doc, sup) == "Hypervisor file system"
    assert len(calls) == 1
    # SUPPORT.md edited below its headings (a status raised): nothing to infer again
    raised = support(SUPPORT.replace("    Status: Tech Preview\n", "    Status: Supported\n", 1))
    assert linked(feature("Hypervisor FS"), raised) == "Hypervisor file system"
    assert len(calls) == 1
    # a new title is a new question, and so are new headings
    assert linked(feature("Hypervisor FS v2"), sup) == "Hypervisor file system"
    assert len(calls) == 2
    renamed = support(SUPPORT.replace("### Memory Sharing", "### Memory Sharing (x86)"))
    assert linked(feature("Hypervisor FS"), renamed) == "Hypervisor file system"
    assert len(calls) == 3
    # the key says what the link depends on: the body's plain words do not count
    assert link_key(feature("A", body="One."), CONFIG) == link_key(
        feature("A", body="Two."), CONFIG
    )


def test_support_changes_pair_lines_by_entry_and_qualifier() -> None:
    before = support()
    after = support(
        SUPPORT.replace("    Status, x86: Supported\n", "    Status, x86: Tech Preview\n").replace(
            "### Device Model Deprivileging\n\n    Status: Tech Preview",
            "### Device Model "
            "Deprivileging\n\n    Status: Supported\n    Status, Arm: Experimental",
        )
    )
    changes = support_changes(after, before)
    assert [
        (c.current.section, c.current.value, c.before.value if c.before else None) for c in changes
    ] == [
        ("Runtime parameters", "Tech Preview", "Supported"),
        ("Device Model Deprivileging", "Supported", "Tech Preview"),
        ("Device Model Deprivileging", "Experimental", None),
    ]
    assert support_changes(before, before) == []
