"""Inline suppressions: HTML comments that silence codes.

```
<!-- featuredoc: disable FD106 -->               the next block only
<!-- featuredoc: disable FD106 FD105 -- reason --> several codes, with a reason
<!-- featuredoc: disable-file FD110 FD111 -->    the whole file
```

Codes are separated by spaces or commas and read case-insensitively; text
after `` -- `` is a free reason. A block suppression covers the lines of
the block that follows the comment (a paragraph, a table, a heading...).
Unknown codes and unknown directives are reported by FD903.

In SUPPORT.md a comment on its own is a raw HTML block for pandoc, and
Xen's support-matrix generator dies at the next status block (FD505). The
"suppress" fix there writes the comment on the line right after the
paragraph before the block (pandoc keeps it inside the paragraph), or,
without such a paragraph, a ``disable-file`` comment at the end of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from featuredoc.analysis.support_reading import PandocBlock, read_support
from featuredoc.model.document import Block, BlockType, Comment, Document, DocumentKind
from featuredoc.model.findings import Finding, Fix, TextEdit
from featuredoc.model.text import Position, Span

DIRECTIVES: tuple[str, ...] = ("disable", "disable-file")

_COMMENT = re.compile(r"<!--(?P<body>.*?)-->", re.S)
_PREFIX = re.compile(r"^\s*featuredoc\s*:\s*", re.I)
_WORD = re.compile(r"[^\s,]+")


@dataclass(slots=True)
class CodeRef:
    code: str  # upper-cased
    span: Span


@dataclass(slots=True)
class Directive:
    """One ``featuredoc:`` comment."""

    action: str  # as written, lower-cased ("disable", "disable-file" or unknown)
    action_span: Span
    codes: list[CodeRef]
    reason: str
    span: Span  # the whole comment
    first: int | None  # lines covered (None: the whole file)
    last: int | None
    codes_end: Position = field(default=Position(0, 0))  # just after the last code

    @property
    def known_action(self) -> bool:
        return self.action in DIRECTIVES


def _position(doc: Document, start: Position, offset: int, text: str) -> Position:
    """The position *offset* characters into *text*, which starts at *start*."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return Position(start.line, start.column + offset)
    return Position(start.line + newlines, offset - before.rfind("\n") - 1)


def directives(doc: Document) -> list[Directive]:
    """Every ``featuredoc:`` directive in the document's HTML comments."""
    found: list[Directive] = []
    for comment in doc.comments:
        text = comment.text
        origin = comment.span.start
        for m in _COMMENT.finditer(text):
            body = m.group("body")
            prefix = _PREFIX.match(body)
            if prefix is None:
                continue
            rest_start = m.start("body") + prefix.end()
            rest = body[prefix.end() :]
            reason = ""
            dash = re.search(r"(?:^|\s)--(?:\s|$)", rest)
            if dash:
                reason = rest[dash.end() :].strip()
                rest = rest[: dash.start()]
            span = _span(doc, origin, text, m.start(), m.end())
            words = [
                (w.group(), _span(doc, origin, text, rest_start + w.start(), rest_start + w.end()))
                for w in _WORD.finditer(rest)
            ]
            if words:
                action, action_span = words[0][0].lower(), words[0][1]
            else:
                action, action_span = "", span
            codes = [CodeRef(word.upper(), where) for word, where in words[1:]]
            codes_end = codes[-1].span.end if codes else action_span.end
            first, last = _covered(action, comment)
            found.append(
                Directive(action, action_span, codes, reason, span, first, last, codes_end)
            )
    return found


def _span(doc: Document, origin: Position, text: str, start: int, end: int) -> Span:
    """The span of ``text[start:end]``, *text* starting at *origin*."""
    return Span(_position(doc, origin, start, text), _position(doc, origin, end, text))


def _covered(action: str, comment: Comment) -> tuple[int | None, int | None]:
    """The lines a directive of *comment* covers (``None``: the whole file)."""
    if action == "disable-file":
        return None, None
    if comment.next_block_first is not None:
        return comment.next_block_first, comment.next_block_last
    return -1, -1  # nothing follows: covers nothing


@dataclass(frozen=True, slots=True)
class Reach:
    """What a document's directives silence: codes in the whole file, and codes on lines
    ``first``..``last`` (a block's)."""

    whole_file: frozenset[str] = frozenset()
    ranges: tuple[tuple[frozenset[str], int, int], ...] = ()

    def kept(self, findings: list[Finding]) -> list[Finding]:
        """*findings* without those these directives silence."""
        if not self.whole_file and not self.ranges:
            return findings
        whole_file, ranges = self.whole_file, self.ranges
        return [
            finding
            for finding in findings
            if finding.code not in whole_file
            and not any(
                finding.code in codes and first <= finding.span.start.line <= last
                for codes, first, last in ranges
            )
        ]


def reach(doc: Document) -> Reach:
    """What the known directives of *doc* that name codes silence."""
    whole_file: set[str] = set()
    ranges: list[tuple[frozenset[str], int, int]] = []
    for d in directives(doc):
        if not d.known_action or not d.codes:
            continue
        codes = frozenset(c.code for c in d.codes)
        if d.first is None or d.last is None:
            whole_file |= codes
        else:
            ranges.append((codes, d.first, d.last))
    return Reach(frozenset(whole_file), tuple(ranges))


def apply(doc: Document, findings: list[Finding]) -> list[Finding]:
    """*findings* without those a directive of *doc* silences."""
    return reach(doc).kept(findings)


# ---- the "suppress for this block" action ------------------------------------


def _block_at(doc: Document, line: int) -> Block | None:
    for block in doc.blocks:
        if block.first <= line <= block.last:
            return block
    for block in doc.blocks:  # a blank line: the block after it
        if block.first > line:
            return block
    return None


def suppress_fix(doc: Document, finding: Finding) -> Fix:
    """A fix that silences *finding*'s code for the block holding it.

    An existing directive for that block gets the code added; a finding in
    the pandoc title block (which must stay the first lines) is silenced
    for the file with a comment after the title block.
    """
    code = finding.code
    block = _block_at(doc, finding.span.start.line)
    if doc.kind is DocumentKind.SUPPORT:
        return _support_fix(doc, block, code)
    if block is not None and block.type is not BlockType.TITLE_BLOCK:
        extended = _extend_directive(doc, block, code)
        if extended is not None:
            return extended
        at = Position(block.first, 0)
        edit = TextEdit(Span(at, at), f"<!-- featuredoc: disable {code} -->\n\n")
        return Fix(f"Suppress {code} for this block", [edit], safe=False)
    if block is not None:  # title block
        at = Position(block.last + 1, 0)
        if at.line >= len(doc.lines):
            end = doc.end_span().end
            edit = TextEdit(Span(end, end), f"\n\n<!-- featuredoc: disable-file {code} -->\n")
        else:
            edit = TextEdit(Span(at, at), f"\n<!-- featuredoc: disable-file {code} -->\n")
        return Fix(f"Suppress {code} for this file", [edit], safe=False)
    end = doc.end_span().end
    sep = "\n" if doc.lines[-1] else ""
    edit = TextEdit(Span(end, end), f"{sep}<!-- featuredoc: disable-file {code} -->\n")
    return Fix(f"Suppress {code} for this file", [edit], safe=False)


def _extend_directive(doc: Document, block: Block, code: str) -> Fix | None:
    """Add *code* to the ``disable`` comment that already governs *block*, if one does.

    ``None`` when no comment governs the block, or when it names *code* already.
    """
    for d in directives(doc):
        if d.action == "disable" and d.first == block.first:
            if code in {c.code for c in d.codes}:
                return None
            edit = TextEdit(Span(d.codes_end, d.codes_end), f" {code}")
            return Fix(f"Suppress {code} for this block", [edit], safe=False)
    return None


def _support_fix(doc: Document, block: Block | None, code: str) -> Fix:
    """:func:`suppress_fix` in SUPPORT.md: only where Xen's generator survives the comment."""
    if block is not None:
        extended = _extend_directive(doc, block, code)
        if extended is not None:
            return extended
        paragraph = None
        for candidate in read_support(doc).blocks:
            if candidate.first >= block.first:
                break
            paragraph = candidate
        if (
            paragraph is not None
            and paragraph.kind is PandocBlock.PARA
            and paragraph.last < block.first - 1
            and not any(doc.lines[n].strip() for n in range(paragraph.last + 1, block.first))
        ):
            end = Position(paragraph.last, len(doc.lines[paragraph.last]))
            edit = TextEdit(Span(end, end), f"\n<!-- featuredoc: disable {code} -->")
            return Fix(f"Suppress {code} for this block", [edit], safe=False)
    end = doc.end_span().end
    sep = "\n" if doc.lines[-1] else ""
    edit = TextEdit(Span(end, end), f"{sep}\n<!-- featuredoc: disable-file {code} -->\n")
    return Fix(f"Suppress {code} for this file", [edit], safe=False)


def suppress_edit(doc: Document, finding: Finding) -> TextEdit:
    """The single edit of :func:`suppress_fix`."""
    return suppress_fix(doc, finding).edits[0]
