"""FD201/FD203 on status values that are not exactly ``**tier**``: emoji, trailing words, italics."""

from __future__ import annotations

import pytest

from featuredoc.analysis.fixes import apply_edits
from featuredoc.engine import check
from featuredoc.lsp.convert import Converter
from featuredoc.model.findings import Finding
from featuredoc.model.text import Span, split_lines

DOC = """\
% Grant Table v3 — “Überblick”
% Revision 2

# Basics
---------------- ----------------------------------------------------
         Status: VALUE

      Component: Hypervisor
---------------- ----------------------------------------------------
"""

KEY = "         Status: "


def _status_findings(value: str) -> tuple[str, list[Finding]]:
    text = DOC.replace("VALUE", value)
    found = [f for f in check(text, "grant-table.pandoc") if f.code in {"FD201", "FD202", "FD203"}]
    return text, found


def test_emoji_before_the_tier_utf16_range() -> None:
    text, [finding] = _status_findings("🟢 **Supported**")
    assert finding.code == "FD201"
    assert (
        finding.message == "'🟢 **Supported**' is not a support status; did you mean 'Supported'?"
    )
    # code points: the tier after the emoji, the blank and the bold markers
    start = len(KEY) + len("🟢 **")
    assert finding.span == Span.on_line(5, start, start + len("Supported"))
    # the emoji (U+1F7E2) is one code point but two UTF-16 code units
    diagnostic = Converter(split_lines(text)).diagnostic(finding)
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (5, start + 1)
    assert diagnostic.range.end.character == start + 1 + len("Supported")
    [fix] = finding.fixes
    assert fix.safe  # only the emoji goes
    fixed = apply_edits(text, fix.edits)
    assert split_lines(fixed)[5] == KEY + "**Supported**"
    assert _status_findings_of(fixed) == []


def _status_findings_of(text: str) -> list[Finding]:
    return [f for f in check(text, "grant-table.pandoc") if f.code in {"FD201", "FD202", "FD203"}]


def test_trailing_words_that_make_a_diversion_read_as_support_md_reads_them() -> None:
    from featuredoc.analysis.status import status_values
    from featuredoc.engine import parse
    from featuredoc.model.config import Config

    text, found = _status_findings("**Supported**, not security supported")
    assert found == []  # the diversion, its tier alone in bold: nothing to correct
    (status,) = status_values(parse(text, "grant-table.pandoc", Config()), Config())
    assert status.tier is not None and status.tier.name == "Supported, Not security supported"
    assert status.bold
    # not security supported: no sign-off wanted
    assert "FD301" not in [f.code for f in check(text, "grant-table.pandoc")]


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        ("**Tech Preview, with limited support**", "Tech Preview"),
        ("**Tech Preview** (x86 only)", "Tech Preview"),
        ("**Supported, with caveats**, on Arm «64»", "Supported, with caveats"),
        ("**Supported**, security supported only when run de-privileged", "Supported"),
    ],
)
def test_a_tier_with_a_qualifier_is_that_tier(value: str, tier: str) -> None:
    from featuredoc.analysis.status import status_values
    from featuredoc.engine import parse
    from featuredoc.model.config import Config

    text, found = _status_findings(value)
    assert found == []
    (status,) = status_values(parse(text, "grant-table.pandoc", Config()), Config())
    assert status.tier is not None and status.tier.name == tier


def test_trailing_words_range_on_the_tier_and_fix_not_safe() -> None:
    text, [finding] = _status_findings("**Supported** on x86 only 🚀")
    assert finding.message.endswith("did you mean 'Supported'?")
    start = len(KEY) + 2
    assert finding.span == Span.on_line(5, start, start + len("Supported"))
    # the fix would drop "on x86 only": offered, not applied by fix-all
    assert not finding.fixes[0].safe


def test_decorated_misspelling_keeps_did_you_mean() -> None:
    _, [finding] = _status_findings("🚀 **Supperted**")
    assert finding.message.endswith("did you mean 'Supported'?")
    start = len(KEY) + len("🚀 **")
    assert finding.span == Span.on_line(5, start, start + len("Supperted"))


@pytest.mark.parametrize("value", ["**Tech Preview** or Experimental", "🟢 **Rock solid**"])
def test_no_suggestion_when_none_or_several(value: str) -> None:
    _, [finding] = _status_findings(value)
    assert finding.code == "FD201" and "expected one of" in finding.message
    assert not finding.fixes


@pytest.mark.parametrize("value", ["_Experimental_", "*Experimental*"])
def test_italics_are_the_fd203_hint(value: str) -> None:
    text, [finding] = _status_findings(value)
    assert finding.code == "FD203"
    assert finding.message == (
        "Status 'Experimental' is in italics, not in bold; "
        "the template writes it as '**Experimental**'"
    )
    assert finding.span == Span.on_line(5, len(KEY) + 1, len(KEY) + 1 + len("Experimental"))
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert split_lines(fixed)[5] == KEY + "**Experimental**"
    assert _status_findings_of(fixed) == []
