"""Security sign-off addresses: when an e-mail names a member of the security team."""

from __future__ import annotations


def normalise_address(address: str) -> str | None:
    """The comparable form of an e-mail address, or ``None`` when it is not one.

    An address holding any non-ASCII character never matches: neither a
    Cyrillic "а" posing as a Latin "a" nor fullwidth forms (``ｊａｎｅ``,
    ``＠``), which NFKC would turn into the team member's own address.
    The domain is compared case-insensitively and the local part
    exactly (RFC 5321 leaves its case to the receiving server). A trailing
    dot on the domain, an empty part or a second ``@`` rejects the address.
    """
    text = address.strip()
    if not text.isascii() or text.count("@") != 1 or any(c.isspace() for c in text):
        return None
    local, domain = text.split("@")
    if not local or not domain or domain.endswith(".") or domain.startswith("."):
        return None
    if ".." in domain or "." not in domain or any(c in "<>,;" for c in text):
        return None
    return f"{local}@{domain.lower()}"


def team_address(entry: str) -> str | None:
    """The normalised address of a ``signoff.team`` entry (``Name <email>`` or bare)."""
    text = entry.strip()
    if "<" in text or ">" in text:
        if text.count("<") != 1 or not text.endswith(">") or text.index("<") > text.index(">"):
            return None
        text = text[text.index("<") + 1 : -1]
    return normalise_address(text)
