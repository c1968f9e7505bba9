"""Markdown as plain text, for editors that cannot show Markdown.

Completion documentation and hovers are written in Markdown; a client that
declares only ``plaintext`` would show the markup itself (``**Supported**``,
`` `Status` ``). :func:`plain_text` keeps the words and the layout (lines,
list items, indented code) and drops the markup: emphasis markers, heading
marks, code fences and link syntax. Code spans become quoted ('Status'),
as the findings' messages quote names.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[*+](\s+)")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# single * or _ emphasis; _ only at word boundaries (snake_case stays as it is)
_EMPHASIS_STAR = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
#: what a horizontal rule (``---``) becomes
RULE_LINE = "-" * 8
_PLACEHOLDER = "\x00{}\x00"


def plain_text(markdown: str) -> str:
    """*markdown* without its markup."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append("    " + line)
            continue
        if _RULE.match(line):
            out.append(RULE_LINE)
            continue
        if m := _HEADING.match(line):
            line = m.group(1)
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1-\2", line)
        out.append(_inline(line))
    return "\n".join(out)


def _inline(line: str) -> str:
    """One line's inline markup removed; code spans are kept verbatim, in quotes."""
    kept: list[str] = []

    def keep(text: str) -> str:
        kept.append(text)
        return _PLACEHOLDER.format(len(kept) - 1)

    line = _CODE.sub(lambda m: keep(f"'{m.group(2).strip()}'"), line)
    line = _ESCAPE.sub(lambda m: keep(m.group(1)), line)
    line = _AUTOLINK.sub(lambda m: keep(m.group(1)), line)
    line = _IMAGE_OR_LINK.sub(_link, line)
    for _ in range(3):  # nested emphasis (***x***) unwraps a level each time
        line = _STRONG.sub(r"\2", line)
        line = _EMPHASIS_STAR.sub(r"\1", line)
        line = _EMPHASIS_UNDERSCORE.sub(r"\1", line)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], line)


def _link(match: re.Match[str]) -> str:
    text, target = match.group(1).strip(), match.group(2).strip()
    if not target or target == text:
        return text or target
    return f"{text} ({target})" if text else target
