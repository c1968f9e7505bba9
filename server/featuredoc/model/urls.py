"""Addresses featuredoc points people to (shared by the CLI and the server).

Plain constants, so they sit in the lowest layer where every shell reaches them.
"""

from __future__ import annotations

HOMEPAGE = "https://github.com/featuredoc/featuredoc"
#: The documentation page of one rule; ``{code}`` is its code (``FD201``).
DOCS_URL = HOMEPAGE + "/blob/main/docs/rules/{code}.md"


def rule_url(code: str) -> str:
    """The documentation page of the rule *code*."""
    return DOCS_URL.format(code=code)
