"""SUPPORT.md rules (FD501, FD502) on text written the way Xen's SUPPORT.md is."""

from __future__ import annotations

from pathlib import Path

from featuredoc.analysis.fixes import apply_edits
from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding
from featuredoc.model.text import Span
from featuredoc.workspace.config_file import load_config_text


def _support(text: str, config: Config | None = None) -> list[Finding]:
    """Findings for *text*, a part of SUPPORT.md starting at a level-3 heading.

    Such a part on its own skips heading levels (FD503, tested on its own).
    """
    findings = check(text, "SUPPORT.md", config or Config(), kind=DocumentKind.SUPPORT)
    return [f for f in findings if f.code != "FD503"]


def _apply(text: str, finding: Finding) -> str:
    return apply_edits(text, finding.fixes[0].edits)


GICV3 = """### ARM/GICv3

GICv3 is an interrupt controller specification designed by Arm.

    Status, Arm64: Security supported
    Status, Arm32: Supported, not security supported
"""


def test_security_supported_names_supported() -> None:
    [finding] = _support(GICV3)
    assert finding.code == "FD501"
    assert finding.message == (
        "'Security supported' for Arm64 does not start with a status label; "
        "did you mean 'Supported'?"
    )
    assert finding.span == Span.on_line(4, 19, 37)
    [fix] = finding.fixes
    # the fix drops a word: offered, but not applied by "fix all"
    assert not fix.safe
    assert _apply(GICV3, finding).splitlines()[4] == "    Status, Arm64: Supported"


def test_a_misspelled_label_is_still_a_safe_fix() -> None:
    [finding] = _support("### Ärger\n\n    Status, x86: Suported, with caveats\n")
    assert "did you mean 'Supported, with caveats'?" in finding.message
    assert finding.fixes[0].safe


def test_a_label_far_into_a_sentence_or_negated_is_not_suggested() -> None:
    for value in ("Unclear, as it may be supported later", "Security not supported"):
        config, _ = load_config_text("support_labels: [Not implemented]\n", "x.yaml")
        [finding] = _support(f"### Foo\n\n    Status: {value}\n", config)
        assert "expected one of:" in finding.message, value


def test_xen_wording_is_accepted_by_default() -> None:
    text = (
        "## Virtual Hardware, QEMU\n\n    Status: Support scope restricted \n\n"
        "### Stubdom\n\n    Status, as host process device model: "
        "No security support, not recommended\n"
    )
    assert _support(text) == []


def test_support_labels_replace_the_extra_labels() -> None:
    config, errors = load_config_text("support_labels: [Community supported]\n", "x.yaml")
    assert not errors
    text = "### A\n\n    Status: Community supported\n\n### B\n\n    Status: Not supported\n"
    findings = _support(text, config)
    assert [(f.code, f.span.start.line) for f in findings] == [("FD501", 6)]
    # the listing names the configured labels, not the built-in ones
    assert "Community supported" in findings[0].message
    assert "Not implemented" not in findings[0].message


def test_support_labels_must_be_strings() -> None:
    _, errors = load_config_text("support_labels: Supported\n", "x.yaml")
    assert [e.line for e in errors] == [0]
    assert "support_labels" in errors[0].message


def test_labels_the_file_defines_are_listed() -> None:
    text = (
        "### Widget\n\n    Status: Frobnicated\n\n"
        "## Definition of Status labels\n\n### Community supported\n\n"
        "    Functional completeness: Yes\n    Security supported: No\n"
    )
    [finding] = _support(text)
    assert finding.message.endswith(
        "Not functional, No security support, Support scope restricted, Community supported"
    )


def test_misspelled_status_key() -> None:
    text = "### Physical Memory Hotplug\n\n    States, x86: Supported\n"
    [finding] = _support(text)
    assert finding.code == "FD502"
    assert finding.span == Span.on_line(2, 4, 26)
    assert finding.message.startswith("Xen's support-matrix build fails here")
    assert "did you mean 'Status'?" in finding.message
    assert finding.fixes[0].safe
    fixed = _apply(text, finding)
    assert fixed.splitlines()[2] == "    Status, x86: Supported"
    assert _support(fixed) == []


def test_status_line_indented_three_spaces() -> None:
    text = "### ACPI CPU Hotplug\n\nCPU hotplug by ACPI – “Tech Preview” on x86.\n\n   Status, x86: Experimental\n"
    [finding] = _support(text)
    assert finding.code == "FD502"
    assert finding.span == Span.on_line(4, 3, 28)
    assert "indented 3 spaces" in finding.message and "never sees it" in finding.message
    fixed = _apply(text, finding)
    assert fixed.splitlines()[4] == "    Status, x86: Experimental"
    assert _support(fixed) == []


def test_status_line_continuing_a_paragraph() -> None:
    text = "### Host ACPI\n\nACPI tables handed over by Domain 0.\n    Status, x86 PV: Supported\n    Status, ARM: Experimental\n"
    findings = _support(text)
    assert [(f.code, f.span.start.line) for f in findings] == [("FD502", 3), ("FD502", 4)]
    assert "continues the paragraph above" in findings[0].message
    # fixing both puts one blank line before the fragment, and the statuses are read
    fixed = _apply(text, findings[1])
    fixed = _apply(fixed, findings[0])
    assert fixed.splitlines()[3:6] == [
        "",
        "    Status, x86 PV: Supported",
        "    Status, ARM: Experimental",
    ]
    assert _support(fixed) == []


def test_prose_block_after_a_status_fragment() -> None:
    text = (
        "### Direct-boot kernel image format\n\n    Status, x86: Supported\n\n"
        "The kernel may be compressed with any of:\n\n    gzip, bzip2, lzma\n"
    )
    [finding] = _support(text)
    assert finding.code == "FD502" and finding.span == Span.on_line(6, 4, 21)


def test_corpus_support(corpus: Path) -> None:
    text = (corpus / "SUPPORT.md").read_text(encoding="utf-8")
    findings = [f for f in _support(text) if f.code.startswith("FD5")]
    # 'Support scope restricted' (line 990) is Xen's own wording: accepted
    assert [(f.code, f.span.start.line + 1) for f in findings] == [("FD501", 103)]
    assert findings[0].message.endswith("did you mean 'Supported'?")


def test_a_fenced_status_block_is_read_like_an_indented_one() -> None:
    """Xen's generator reads a fenced block's status lines; so do the SUPPORT.md rules."""
    text = "### Widget\n\n```\nStatus, x86: Suported\n```\n"
    [finding] = _support(text)
    assert finding.code == "FD501" and finding.span == Span.on_line(3, 13, 21)
