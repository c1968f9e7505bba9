"""Markdown shown as plain text to clients that cannot render it."""

from __future__ import annotations

import pytest

from featuredoc.editing.plain_text import RULE_LINE, plain_text
from featuredoc.model.tiers import DEFAULT_TIERS


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**Supported**", "Supported"),
        ("__Tech Preview__ and *quirky* and _really_", "Tech Preview and quirky and really"),
        ("***both***", "both"),
        ("Basics field `Support entry`", "Basics field 'Support entry'"),
        ("``a `tick` inside``", "'a `tick` inside'"),
        ("`**not bold**` in code", "'**not bold**' in code"),
        (
            "see [the wiki](https://wiki.xenproject.org/wiki/RTDS)",
            "see the wiki (https://wiki.xenproject.org/wiki/RTDS)",
        ),
        ("[https://xenbits.xen.org](https://xenbits.xen.org)", "https://xenbits.xen.org"),
        ("<https://xenbits.xen.org/docs/>", "https://xenbits.xen.org/docs/"),
        ("# Known issues", "Known issues"),
        ("### Live Patching ###", "Live Patching"),
        ("> quoted", "quoted"),
        ("* item\n  * nested\n- dash", "- item\n  - nested\n- dash"),
        ("---", RULE_LINE),
        ("\\*literal\\* and \\_x\\_", "*literal* and _x_"),
        # left alone: identifiers, arithmetic, non-ASCII
        ("sched_credit2 and dm_restrict", "sched_credit2 and dm_restrict"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("« Crédit » ✓ — **vCPU → pCPU**", "« Crédit » ✓ — vCPU → pCPU"),
    ],
)
def test_markup_is_removed(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


def test_code_blocks_are_indented_and_kept_verbatim() -> None:
    markdown = "Example:\n\n```\n         Status: **Supported**\n```\n\nDone."
    assert plain_text(markdown) == "Example:\n\n             Status: **Supported**\n\nDone."


def test_tier_documentation() -> None:
    supported = next(t for t in DEFAULT_TIERS if t.name == "Supported")
    text = plain_text(supported.documentation())
    assert text.startswith("Supported\n\nFunctionally complete")
    assert text.endswith("- Security supported: yes: the security team issues advisories")
    assert "*" not in text
