"""Block structure of a document: mistune 3's block parser plus pandoc rules.

mistune knows CommonMark; feature documents are pandoc.  Three pandoc
constructs get rules of our own, registered ahead of the CommonMark rules
that would otherwise swallow them:

* ``pandoc_title``: the ``%`` title block at the very start of a document;
* ``yaml_metadata``: a ``---`` ... ``---``/``...`` YAML metadata block;
* ``pandoc_table``: a simple (or headerless multiline) table, whose dashed
  borders a CommonMark parser would read as thematic breaks or setext
  underlines.

mistune does not record where a token came from, so :class:`_PositionedParser`
runs the block loop itself and stamps every top-level token with its start
and end offsets.  Only the top level is needed: feature documents are read
section by section, and nothing inside lists or quotes is structural.
"""

from __future__ import annotations

import re
import string
from re import Match
from typing import Any

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from featuredoc.model.cache import LruCache
from featuredoc.model.document import Block, BlockType

DASH_LINE = re.compile(r"^ {0,3}-{3,}(?:[ \t]+-+)*[ \t]*$")
_MIN_LONE_BORDER = 10  # a single dash run shorter than this is a thematic break
_YAML_KEY = re.compile(r"^[A-Za-z0-9_][\w .-]*:(?:\s|$)")
_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def _line_end(src: str, pos: int) -> int:
    end = src.find("\n", pos)
    return len(src) if end < 0 else end + 1


def _only_blank_before(state: BlockState) -> bool:
    return all(t["type"] in ("blank_line", "pandoc_title") for t in state.tokens)


def _at_document_start(state: BlockState) -> bool:
    return state.parent is None and not state.env.get("inside_document", False)


def parse_pandoc_title(parser: BlockParser, m: Match[str], state: BlockState) -> int | None:
    if state.cursor != 0 or not _at_document_start(state):
        return _fallback(parser, m, state, ("thematic_break", "list"))
    src = state.src
    pos = 0
    lines: list[str] = []
    while pos < len(src):
        end = _line_end(src, pos)
        line = src[pos:end].rstrip("\n")
        if line.startswith("%") or (lines and line[:1] in (" ", "\t") and line.strip()):
            lines.append(line)
            pos = end
            continue
        break
    state.append_token({"type": "pandoc_title", "raw": "\n".join(lines)})
    return pos


def parse_yaml_metadata(parser: BlockParser, m: Match[str], state: BlockState) -> int | None:
    src = state.src
    start = state.cursor
    at_start = _at_document_start(state) and _only_blank_before(state)
    first_end = _line_end(src, start)
    next_line = src[first_end : _line_end(src, first_end)].strip("\n")
    last = state.last_token()
    after_blank = last is None or last["type"] == "blank_line"
    if (
        state.parent is None
        and next_line.strip()
        and after_blank
        and (at_start or _YAML_KEY.match(next_line))
    ):
        pos = first_end
        while pos < len(src):
            end = _line_end(src, pos)
            if _YAML_END.match(src[pos:end].rstrip("\n")):
                state.append_token({"type": "yaml_metadata", "raw": src[first_end:pos]})
                return end
            pos = end
    return _fallback(parser, m, state, ("pandoc_table", "setex_heading", "thematic_break"))


def parse_pandoc_table(parser: BlockParser, m: Match[str], state: BlockState) -> int | None:
    src = state.src
    start = state.cursor
    border = src[start : _line_end(src, start)].rstrip("\n")
    groups = border.split()
    last = state.last_token()
    follows_paragraph = last is not None and last["type"] == "paragraph"
    if (len(groups) == 1 and len(groups[0]) < _MIN_LONE_BORDER) or follows_paragraph:
        return _fallback(parser, m, state, ("setex_heading", "thematic_break"))

    pos = _line_end(src, start)
    rows = 0
    blank_run = 0
    while pos < len(src):
        end = _line_end(src, pos)
        line = src[pos:end].rstrip("\n")
        if DASH_LINE.match(line):
            nxt = src[end : _line_end(src, end)].strip()
            if rows and (end >= len(src) or not nxt or nxt.startswith("#")):
                state.append_token({"type": "pandoc_table", "raw": src[start:end]})
                return end
            pos = end
            continue
        if not line.strip():
            blank_run += 1
            if blank_run >= 2 and not rows:
                break
        else:
            if line.lstrip().startswith("#") or line.startswith(("```", "~~~")):
                break
            blank_run = 0
            rows += 1
        pos = end
    return _fallback(parser, m, state, ("setex_heading", "thematic_break"))


def _fallback(
    parser: BlockParser, m: Match[str], state: BlockState, rules: tuple[str, ...]
) -> int | None:
    """Hand the line to the CommonMark rules our rule displaced."""
    names = [r for r in rules if r in parser.specification and r != m.lastgroup]
    if not names:
        return None
    m2 = parser.compile_sc(names).match(state.src, state.cursor)
    if m2 is None:
        return None
    return parser.parse_method(m2, state)


#: The rules that end a block quote's lazy continuation in mistune 3.
_QUOTE_BREAK = ["blank_line", "thematic_break", "fenced_code", "list", "block_html"]


#: mistune 3's closing-sequence pattern for an ATX heading's text.
_ATX_TRIM = re.compile(r"(\s+|^)#+\s*$")


def _plain_atx(src: str, pos: int) -> tuple[dict[str, Any], int] | None:
    """The token mistune makes of the ATX heading line at *pos*, and where the next line starts.

    Only for a line that is obviously one (``#`` to ``######`` at its very
    start, then a blank or the line's end) and that ends with a line break;
    ``None`` otherwise. At the top level no rule ahead of ``atx_heading``
    takes such a line, so this is what the block loop would produce, without
    running the combined pattern of every rule for each heading (a document
    of many thousands of headings).
    """
    hashes = 0
    while hashes < 7 and src.startswith("#", pos + hashes):
        hashes += 1
    if not 1 <= hashes <= 6:
        return None
    end = src.find("\n", pos)
    if end < 0:
        return None
    after = pos + hashes
    if after < end and src[after] not in " \t":
        return None
    text = src[after:end].strip(string.whitespace)
    if text.endswith("#"):
        text = _ATX_TRIM.sub("", text)
    token: dict[str, Any] = {
        "type": "heading",
        "text": text,
        "attrs": {"level": hashes},
        "style": "atx",
    }
    token["_start"] = pos
    token["_end"] = end + 1
    return token, end + 1


#: A line that is a plain ATX heading as a whole (see _plain_atx).
_PLAIN_HEADING_LINE = re.compile(r"(#{1,6})(?:[ \t](.*))?", re.DOTALL)


def heading_line_block(line: str, number: int) -> Block | None:
    """The block of *line*, line *number* of a document, when it is a plain ATX heading.

    It is the block :func:`parse_blocks` gives for a chunk (see
    :mod:`featuredoc.parser.chunks`) made of that line and nothing after it
    but empty lines: the text mistune would make of it, with no token, no
    offsets and no rule loop. ``None`` for any other line.
    """
    m = plain_heading_line(line)
    if m is None:
        return None
    text = (m.group(2) or "").strip(string.whitespace)
    if text.endswith("#"):
        text = _ATX_TRIM.sub("", text)
    return Block(BlockType.HEADING, number, number, text, len(m.group(1)), "atx")


#: The match of a whole line that is a plain ATX heading: group 1 the ``#``s,
#: group 2 what follows the blank after them (None when nothing does).
plain_heading_line = _PLAIN_HEADING_LINE.fullmatch


class _PositionedParser(BlockParser):
    """mistune's block loop, stamping top-level tokens with their offsets."""

    #: Whether the top-level loop takes plain ATX heading lines itself (see _plain_atx).
    fast_headings = True

    def compile_sc(self, rules: list[str] | None = None) -> re.Pattern[str]:
        # CommonMark: an ATX heading is never a lazy continuation line of a
        # block quote; mistune 3 forgets it and swallows the heading.
        if rules == _QUOTE_BREAK:
            rules = [*rules, "atx_heading"]
        return super().compile_sc(rules)

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        if state.parent is not None:
            super().parse(state, rules)
            return
        if rules is None:
            rules = self.rules
        sc = self.compile_sc(rules)
        tokens = state.tokens
        src = state.src
        fast = self.fast_headings and "atx_heading" in rules
        while state.cursor < state.cursor_max:
            begin = state.cursor
            if fast and src.startswith("#", begin):
                plain = _plain_atx(src, begin)
                if plain is not None:
                    tokens.append(plain[0])
                    state.cursor = plain[1]
                    continue
            count = len(tokens)
            previous = tokens[-1] if tokens else None
            self._step(state, sc, rules)
            if state.cursor <= begin:  # never loop forever on a rule that consumed nothing
                end = state.find_line_end_at(begin)
                state.add_paragraph(state.src[begin:end])
                state.cursor = end
            for token in tokens[count:]:
                token.setdefault("_start", begin)
                token.setdefault("_end", state.cursor)
            if (
                len(tokens) == count
                and previous is not None
                and previous["type"] in ("paragraph", "heading")
            ):
                previous["_end"] = state.cursor  # a merged line or a setext underline

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        """Stamp tokens a rule appends, including ones a list or quote swallows."""
        if state.parent is not None:
            return super().parse_method(m, state)
        count = len(state.tokens)
        start = m.start()
        end = super().parse_method(m, state)
        for token in state.tokens[count:]:
            token.setdefault("_start", start)
            if end:
                token.setdefault("_end", end)
        return end

    def _step(self, state: BlockState, sc: re.Pattern[str], rules: list[str]) -> None:
        if "indent_code" in rules:
            end_pos = self._parse_indent_code_fast(state)
            if end_pos is not None:
                state.cursor = end_pos
                return
        m = sc.match(state.src, state.cursor)
        if not m and self._parse_plain_paragraph(state, sc):
            return
        if not m:
            m = sc.search(state.src, state.cursor)
        if not m:
            state.add_paragraph(state.src[state.cursor :])
            state.cursor = state.cursor_max
            return
        if m.start() > state.cursor:
            state.add_paragraph(state.get_text(m.start()))
            state.cursor = m.start()
            return
        end_pos = self.parse_method(m, state)
        if end_pos:
            state.cursor = end_pos
        else:
            end_pos = state.find_line_end()
            state.add_paragraph(state.get_text(end_pos))
            state.cursor = end_pos


def _make_parser() -> _PositionedParser:
    parser = _PositionedParser()
    parser.register("pandoc_title", r"^%[^\n]*$", parse_pandoc_title, before="fenced_code")
    parser.register("yaml_metadata", r"^---[ \t]*$", parse_yaml_metadata, before="setex_heading")
    parser.register("pandoc_table", DASH_LINE.pattern, parse_pandoc_table, before="setex_heading")
    # Make sure our rules precede the CommonMark ones they shadow.
    for name in ("yaml_metadata", "pandoc_table"):
        parser.rules.remove(name)
    index = parser.rules.index("setex_heading")
    parser.rules[index:index] = ["yaml_metadata", "pandoc_table"]
    return parser


_PARSER: _PositionedParser | None = None

_TYPE_MAP = {
    "heading": BlockType.HEADING,
    "paragraph": BlockType.PARAGRAPH,
    "block_code": BlockType.CODE,
    "pandoc_table": BlockType.TABLE,
    "list": BlockType.LIST,
    "block_quote": BlockType.QUOTE,
    "block_html": BlockType.HTML,
    "thematic_break": BlockType.THEMATIC_BREAK,
    "pandoc_title": BlockType.TITLE_BLOCK,
    "yaml_metadata": BlockType.METADATA,
}


def tokenize(src: str, *, document_start: bool = True) -> list[dict[str, Any]]:
    """Top-level mistune tokens of *src* (``\\n`` line breaks), with offsets.

    With ``document_start=False`` the text is a later chunk of a document:
    no title block or leading metadata block can start it.
    """
    global _PARSER
    if _PARSER is None:
        _PARSER = _make_parser()
    state = BlockState()
    if not document_start:
        state.env["inside_document"] = True
    state.process(src if src.endswith("\n") or not src else src + "\n")
    try:
        _PARSER.parse(state)
    except RecursionError:  # pathological nesting: fall back to one paragraph
        return [{"type": "paragraph", "text": src, "_start": 0, "_end": len(src)}]
    # A list or quote that ends at a heading parses it in the same step, and
    # mistune may insert the container before it: order by position, then
    # make sure no token reaches into the next one.
    tokens = sorted(state.tokens, key=lambda t: t["_start"])
    for token, following in zip(tokens, tokens[1:], strict=False):
        if token["_end"] > following["_start"] >= token["_start"]:
            token["_end"] = following["_start"]
    return tokens


def parse_blocks(src: str, *, document_start: bool = True, first_line: int = 0) -> list[Block]:
    """Blocks of *src* (``\\n`` line breaks) with their first and last lines (inclusive).

    Line numbers count from *first_line*: the line of the document *src* starts at.
    """
    import bisect

    bisect_right = bisect.bisect_right
    line_starts = [0]
    total = 0
    for line in src.split("\n")[:-1]:
        total += len(line) + 1
        line_starts.append(total)
    blocks: list[Block] = []
    append = blocks.append
    n = len(src)
    for token in tokenize(src, document_start=document_start):
        kind = token["type"]
        if kind == "blank_line":
            continue
        start = min(token.get("_start", 0), n)
        end = min(token.get("_end", start), n)
        while end > start and src[end - 1] in "\n":
            end -= 1
        first = bisect_right(line_starts, start) - 1
        last = bisect_right(line_starts, max(start, end - 1), first) - 1
        if kind == "heading":
            level = token.get("attrs", {}).get("level", 0)
            block_type = BlockType.HEADING
        else:
            level = 0
            block_type = _TYPE_MAP.get(kind, BlockType.OTHER)
        style = token.get("style", "")
        if kind == "block_code":
            style = "fenced" if token.get("style") == "fenced" or "marker" in token else "indent"
        text = token.get("raw") or token.get("text") or ""
        append(Block(block_type, first + first_line, last + first_line, text, level, style))
    return blocks


#: Blocks of chunk texts, relative to the chunk (see featuredoc.model.cache).
BLOCKS: LruCache[tuple[str, bool], tuple[Block, ...]] = LruCache(4096)


def _chunk_blocks(chunk: str, document_start: bool) -> tuple[Block, ...]:
    key = (chunk, document_start)
    blocks = BLOCKS.get(key)
    if blocks is None:
        blocks = tuple(parse_blocks(chunk, document_start=document_start))
        BLOCKS.put(key, blocks)
    return blocks


def shift_blocks(chunk: str, first: int) -> list[Block]:
    """Blocks of a chunk of text that starts at line *first* of its document."""
    return [
        Block(b.type, b.first + first, b.last + first, b.text, b.level, b.style)
        for b in _chunk_blocks(chunk, first == 0)
    ]


__all__ = [
    "DASH_LINE",
    "heading_line_block",
    "plain_heading_line",
    "mistune",
    "parse_blocks",
    "shift_blocks",
    "tokenize",
]
