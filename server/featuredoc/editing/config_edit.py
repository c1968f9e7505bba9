"""Add an entry to a list in ``.featuredoc.yaml`` by editing its text.

The one writer of the configuration file for the editor's fixes ("accept
this label", "add this signer to the team"). It changes only the lines
concerned, so comments, blank lines, quoting and the order of keys stay as
they are:

- a block list (``- a`` lines) gets one more line, indented as its items;
- a flow list (``[a, b]``) gets ``, c`` before its ``]``;
- a key with no value (``support_labels:``) gets the list below it;
- a missing key is added: at the end of the file for a top-level key, at the
  end of its parent mapping for a nested one (``signoff.team``);
- a missing file (*text* ``None``) is created with the key alone.

The result is read back as YAML: when the list does not then hold what it held
plus the new entry, or the file cannot be edited this way (invalid YAML, a
value that is not a list, a parent written as a flow mapping), the writer
raises :class:`ConfigEditError` instead of guessing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from featuredoc.model.findings import TextEdit
from featuredoc.model.text import Position, Span, replace_range, split_lines
from featuredoc.parser.yamlsafe import MAX_YAML_BYTES, load_yaml

#: Line breaks PyYAML counts that LSP does not: positions would disagree.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
_PLAIN = re.compile(r"\w[\w .@<>()+/-]*")


class ConfigEditError(ValueError):
    """The configuration file cannot be edited as asked (the message says why)."""


@dataclass(slots=True)
class ConfigEdit:
    """What to change: create the file, or apply *edits*; *text* is the result."""

    text: str
    create: bool = False
    edits: list[TextEdit] = field(default_factory=list)


def scalar(value: str) -> str:
    """*value* as a YAML scalar that reads back as that string, in block and flow lists."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and load_yaml(value).data == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar


def add_to_list(
    text: str | None, path: Sequence[str], value: str, *, initial: Sequence[str] = ()
) -> ConfigEdit | None:
    """Add *value* to the list at *path* (``("signoff", "team")``); ``None`` when it is there.

    *initial*: what the list holds when the key is absent (the default that
    the file's list would replace), written before *value*; when *value* is
    in it already, there is nothing to add.
    """
    if not path:
        raise ConfigEditError("no key to add to")
    if text is None or not text.strip():
        return _into_empty(text, path, value, initial)
    root, newline = _compose(text)
    expected = _expected(load_yaml(text).data, path, value, initial)
    if expected is None:
        return None
    lines = split_lines(text)
    if root is None:  # only comments
        edit = _append(lines, _block(path, [*initial, value], 0, newline))
    else:
        edit = _edit_mapping(text, lines, root, path, value, initial, newline)
    return _finish(text, [edit], path, expected)


def _into_empty(
    text: str | None, path: Sequence[str], value: str, initial: Sequence[str]
) -> ConfigEdit | None:
    """A missing (*text* ``None``) or blank file: created or replaced with the key alone."""
    if value in initial:
        return None
    items = [*initial, value]
    body = _block(path, items, 0, "\n")
    if text is None:
        return ConfigEdit(body, create=True)
    whole = Span.of(0, 0, len(split_lines(text)) - 1, 10**9)
    return _finish(text, [TextEdit(whole, body)], path, items)


def _compose(text: str) -> tuple[yaml.Node | None, str]:
    """The YAML node tree of *text* and its line break, or why it cannot be edited."""
    if len(text) > MAX_YAML_BYTES:
        raise ConfigEditError(f"the file is larger than {MAX_YAML_BYTES} bytes")
    if _OTHER_BREAKS.search(text):
        raise ConfigEditError("the file has line breaks other than CR and LF")
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigEditError(f"the file is not valid YAML ({str(exc).splitlines()[0]})") from exc
    return root, newline


def _expected(
    data: object, path: Sequence[str], value: str, initial: Sequence[str]
) -> list[str] | None:
    """What the list at *path* holds after the edit; ``None`` when *value* is in it already."""
    before = _value_at(data, path)
    if isinstance(before, list):
        return None if value in before else [*before, value]
    if _present(data, path):
        return [value]
    return None if value in initial else [*initial, value]


def _edit_mapping(
    text: str,
    lines: list[str],
    root: yaml.Node,
    path: Sequence[str],
    value: str,
    initial: Sequence[str],
    newline: str,
) -> TextEdit:
    """The edit that adds *value* at *path*, walking the file's mappings from *root*."""
    if not isinstance(root, yaml.MappingNode):
        raise ConfigEditError("the file is not a mapping of settings")
    node: yaml.MappingNode = root
    for depth, key in enumerate(path):
        found = _child(node, key)
        if found is None:
            items = [*initial, value]  # the list is absent: its default, then value
            if node is root:
                return _append(lines, _block(path[depth:], items, 0, newline))
            indent = node.value[0][0].start_mark.column if node.value else 0
            return _insert_after(
                lines,
                _end_line(node.value[-1][1]),
                _block(path[depth:], items, indent, newline),
            )
        key_node, child = found
        if depth == len(path) - 1:
            return _add_to(text, lines, key_node, child, value, newline)
        if _is_null(child):
            block = _block(path[depth + 1 :], [value], key_node.start_mark.column + 2, newline)
            return _insert_after(lines, key_node.start_mark.line, block)
        if not isinstance(child, yaml.MappingNode) or child.flow_style:
            raise ConfigEditError(f"'{'.'.join(path[: depth + 1])}' is not a block mapping")
        node = child
    raise AssertionError("unreachable")  # pragma: no cover


def _value_at(data: object, path: Sequence[str]) -> object:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _present(data: object, path: Sequence[str]) -> bool:
    parent = _value_at(data, path[:-1])
    return isinstance(parent, dict) and path[-1] in parent


def _child(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.start_mark.index == node.end_mark.index
    )


def _end_line(node: yaml.Node) -> int:
    """The last line *node* occupies (its end mark may sit at column 0 of the next).

    A block collection ends where the next token starts, after any comment
    lines between: its last leaf's end is taken instead, so an entry goes
    before a comment that introduces the next key.
    """
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _block(path: Sequence[str], items: Sequence[str], indent: int, newline: str) -> str:
    out = []
    for depth, key in enumerate(path):
        out.append(" " * (indent + 2 * depth) + f"{key}:")
    pad = " " * (indent + 2 * len(path))
    out += [f"{pad}- {scalar(item)}" for item in items]
    return newline.join(out) + newline


def _append(lines: list[str], block: str) -> TextEdit:
    """Add *block* (whole lines) at the end of the text."""
    last = len(lines) - 1
    if lines[last] == "":  # the text ends with a line break
        return TextEdit(Span.of(last, 0), block)
    newline = "\r\n" if block.endswith("\r\n") else "\n"
    end = len(lines[last])
    return TextEdit(Span.on_line(last, end, end), newline + block.removesuffix(newline))


def _insert_after(lines: list[str], line: int, block: str) -> TextEdit:
    """Insert *block* (whole lines) after *line*."""
    if line + 1 < len(lines):
        return TextEdit(Span.of(line + 1, 0), block)
    return _append(lines, block)


def _add_to(
    text: str, lines: list[str], key_node: yaml.Node, node: yaml.Node, value: str, newline: str
) -> TextEdit:
    if _is_null(node):
        block = f"{' ' * (key_node.start_mark.column + 2)}- {scalar(value)}{newline}"
        return _insert_after(lines, key_node.start_mark.line, block)
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigEditError(f"'{key_node.value}' is not a list")
    if node.flow_style:
        # The mark after `]`: the new entry goes before it.
        end = node.end_mark
        close = Position(end.line, end.column - 1)
        inner = text[node.start_mark.index + 1 : end.index - 1].rstrip()
        entry = ("" if not inner.strip() or inner.endswith(",") else ", ") + scalar(value)
        return TextEdit(Span(close, close), entry)
    if not node.value:
        raise ConfigEditError(f"'{key_node.value}' is an empty block list")
    # A block sequence starts at its first `-`: every item's column.
    pad = " " * node.start_mark.column
    return _insert_after(lines, _end_line(node.value[-1]), f"{pad}- {scalar(value)}{newline}")


def _finish(
    text: str, edits: list[TextEdit], path: Sequence[str], expected: list[str]
) -> ConfigEdit:
    result = text
    for edit in sorted(edits, key=lambda e: (e.span.start.line, e.span.start.column), reverse=True):
        result = replace_range(result, edit.span.start, edit.span.end, edit.new_text)
    if _value_at(load_yaml(result).data, path) != expected:
        raise ConfigEditError("the edited file would not read as intended")
    return ConfigEdit(result, edits=edits)
