"""Hover texts, computed from the document model (code-point positions)."""

from __future__ import annotations

from featuredoc.editing.hover import hover_at, team_member
from featuredoc.engine import parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.text import Position, Span
from featuredoc.model.tiers import Tier

DOC = """\
% Scheduler
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Supported, Not security supported**

      Component: Hypervisor

Security sign-off: Jane Doe <Jane@Example.org>, 2024-05-02
---------------- ----------------------------------------------------

# Known issues / Areas for improvement

<!-- featuredoc: disable-file FD201 -->

Nothing.
"""


def hover(text: str, line: int, column: int, config: Config | None = None, **kw):  # noqa: ANN201
    config = config or Config()
    doc = parse(text, kw.pop("path", "docs/features/x.pandoc"), config)
    return hover_at(
        doc, config, Position(line, column), kw.pop("definitions", None), kw.pop("guidance", None)
    )


def test_status_value_shows_its_definition() -> None:
    info = hover(DOC, 5, 30)
    assert info is not None
    assert info.span == Span.on_line(5, 19, 52)
    assert info.markdown.startswith("**Supported, Not security supported**\n\n")
    assert "- Functional completeness: Yes" in info.markdown
    assert info.markdown.endswith("- Security supported: no")


def test_a_status_with_a_qualifier_shows_its_tier() -> None:
    text = DOC.replace("**Supported, Not security supported**", "**Tech Preview** (x86 only)")
    info = hover(text, 5, 22)
    assert info is not None
    assert info.markdown.startswith("**Tech Preview**\n\n")


def test_support_md_definitions_win() -> None:
    own = {"Supported, Not security supported": Tier("x", False, "", (("Completeness", "Ours"),))}
    info = hover(DOC, 5, 30, definitions=own)
    assert info is not None
    assert "- Completeness: Ours" in info.markdown
    assert "Functional completeness" not in info.markdown


def test_unknown_status_has_no_hover() -> None:
    assert hover(DOC.replace("**Supported, Not", "**Supperted, Not"), 5, 30) is None


def test_heading_naming_two_sections_describes_both() -> None:
    info = hover(DOC, 12, 5)
    assert info is not None
    assert info.span == Span.on_line(12, 2, 38)
    first, second = info.markdown.split("\n\n---\n\n")
    assert first.startswith("**Known issues** (template section 8 of 10)")
    assert second.startswith("**Areas for improvement** (template section 7 of 10)")


def test_signoff_and_team_membership() -> None:
    info = hover(DOC, 9, 25)
    assert info is not None
    assert info.markdown.endswith("No security team is configured (`signoff.team`).")
    config = Config()
    config.signoff.team = ["Jane Doe <Jane@example.org>"]
    on_team = hover(DOC, 9, 25, config)
    assert on_team is not None and on_team.markdown.endswith("On the configured security team.")
    config.signoff.team = ["someone@example.org"]
    off_team = hover(DOC, 9, 25, config)
    assert off_team is not None
    assert "**Not** on the configured security team" in off_team.markdown


def test_team_member_compares_addresses_like_fd302() -> None:
    doc = parse(DOC, "x.pandoc", Config())
    (signoff,) = doc.signoffs
    assert team_member(signoff, ["Jane@EXAMPLE.org"])  # domain case-insensitive
    assert not team_member(signoff, ["jane@example.org"])  # local part exact
    assert not team_member(signoff, ["Jane Doe"])


def test_suppression_comment_lists_its_codes() -> None:
    info = hover(DOC, 14, 5)
    assert info is not None
    assert info.markdown == (
        "Silences these codes in the whole file:\n\n"
        "- `FD201` (unknown-status): Status value is not an allowed support tier"
    )


def test_plain_text_has_no_hover() -> None:
    assert hover(DOC, 16, 2) is None


def test_support_md_status_line() -> None:
    text = "# Features\n\n### Credit2\n\n    Status: Supported up to 12 TiB\n"
    config = Config()
    doc = parse(text, "SUPPORT.md", config, DocumentKind.SUPPORT)
    info = hover_at(doc, config, Position(4, 15))
    assert info is not None
    assert info.markdown.startswith("**Supported**\n\n")
    assert info.span == Span.on_line(4, 12, 34)


def test_the_workspace_template_wording_wins(corpus) -> None:  # noqa: ANN001
    from featuredoc.editing.hover import template_guidance

    template = parse((corpus / "template.pandoc").read_text(encoding="utf-8"), "t", Config())
    guidance = template_guidance(template)
    assert guidance["known issues"] == (
        "List of known issues or bugs. For tech preview or experimental features, this "
        "section must contain the list of items needing fixing for its status to be upgraded."
    )
    info = hover(DOC, 12, 5, guidance=guidance)
    assert info is not None
    assert info.markdown.startswith(
        "**Known issues** (template section 8 of 10)\n\nList of known issues or bugs."
    )
    assert "A table with an overview" in guidance["basics"]  # text before the table
