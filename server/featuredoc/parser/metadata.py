"""The pandoc YAML metadata block."""

from __future__ import annotations

import re

from featuredoc.model.document import Block, Metadata
from featuredoc.model.text import Position, Span
from featuredoc.parser.yamlsafe import load_yaml

_TOP_KEY = re.compile(r"^([A-Za-z0-9_][\w.-]*)\s*:")


def read_metadata(lines: list[str], block: Block) -> Metadata:
    body = lines[block.first + 1 : block.last]
    result = load_yaml("\n".join(body))
    span = Span(Position(block.first, 0), Position(block.last, len(lines[block.last])))
    key_lines: dict[str, int] = {}
    for offset, line in enumerate(body):
        m = _TOP_KEY.match(line)
        if m:
            key_lines.setdefault(m.group(1), block.first + 1 + offset)
    error_line = None if result.line is None else block.first + 1 + result.line
    return Metadata(span, result.data, result.error, error_line, key_lines)
