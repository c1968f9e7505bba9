"""Where a support tier is defined and where it is used, across the workspace.

A tier is defined by the project's ``.featuredoc.yaml`` (``tiers``, named
again in ``signoff_tiers``) when it declares one, and described in
SUPPORT.md's "Definition of Status labels" section (a heading per label).
It is used by the Status rows of feature documents and the status lines
of SUPPORT.md. Status values are read by
:meth:`~featuredoc.model.tiers.TierSet.read`, as every rule reads them.
Pure: the configuration file comes as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from featuredoc.analysis.status import status_values
from featuredoc.analysis.support_defs import SECTION_TITLE
from featuredoc.editing.entry_links import Location, NavWorkspace
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind, Heading
from featuredoc.model.text import Position, Span, fold, split_lines

#: Line breaks PyYAML counts that LSP does not: its positions would disagree.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
_MARKERS = "*_"


@dataclass(frozen=True, slots=True)
class ConfigText:
    """The project's ``.featuredoc.yaml``: its path (as the editor names it) and text."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class TierHit:
    """A tier named at a position: its configured name and the span of the name there."""

    name: str
    span: Span


def label_span(line: str, value: Span, label: str) -> Span | None:
    """The span of *label* at the start of the value *value* on *line* (bold/italic skipped)."""
    if value.start.line != value.end.line:
        return None
    start = value.start.column
    while start < value.end.column and line[start] in _MARKERS:
        start += 1
    end = start + len(label)
    if end > value.end.column or fold(line[start:end]) != fold(label):
        return None
    if end < len(line) and (line[end].isalnum() or line[end] == "-"):
        return None
    return Span.on_line(value.start.line, start, end)


def _feature_hits(doc: Document, config: Config) -> list[TierHit]:
    hits: list[TierHit] = []
    for status in status_values(doc, config):
        if status.tier is None or status.is_placeholder:
            continue
        line = doc.lines[status.span.start.line]
        span = label_span(line, status.span, status.tier.name)
        if span is not None:
            hits.append(TierHit(status.tier.name, span))
    return hits


def _support_hits(doc: Document, config: Config) -> list[TierHit]:
    tiers = config.tier_set()
    hits: list[TierHit] = []
    for status in doc.status_lines:
        reading = tiers.read(status.value, support=True)
        if reading is None or reading.tier is None:
            continue
        span = label_span(doc.lines[status.span.start.line], status.value_span, reading.label)
        if span is not None:
            hits.append(TierHit(reading.tier.name, span))
    return hits


def tier_uses_in(doc: Document, config: Config) -> list[TierHit]:
    """Every tier a Status row (feature document) or status line (SUPPORT.md) of *doc* names."""
    if doc.kind is DocumentKind.SUPPORT:
        return _support_hits(doc, config)
    return _feature_hits(doc, config)


def tier_at(doc: Document, config: Config, pos: Position) -> TierHit | None:
    """The tier named at *pos*: in a status value, or a SUPPORT.md definition heading."""
    for hit in tier_uses_in(doc, config):
        if hit.span.contains(pos):
            return hit
    if doc.kind is DocumentKind.SUPPORT:
        for heading in definition_headings(doc):
            tier = config.tier_set().lookup(heading.title)
            if tier is not None and heading.line_span.contains(pos):
                return TierHit(tier.name, heading.span)
    return None


def tier_uses(workspace: NavWorkspace, config: Config, name: str) -> list[Location]:
    """Every status in the workspace (SUPPORT.md and every feature document) naming *name*."""
    support = workspace.support()
    docs = [*([support] if support is not None else []), *workspace.features()]
    return [
        Location(doc.path, hit.span)
        for doc in docs
        for hit in tier_uses_in(doc, config)
        if hit.name == name
    ]


def definition_headings(support: Document) -> list[Heading]:
    """The headings under SUPPORT.md's "Definition of Status labels" section (one per label)."""
    found: list[Heading] = []
    level: int | None = None
    for heading in support.headings:
        if level is None:
            if fold(heading.title) == SECTION_TITLE:
                level = heading.level
            continue
        if heading.level <= level:
            break
        found.append(heading)
    return found


def definition_heading(support: Document, name: str) -> Heading | None:
    """The heading of SUPPORT.md that defines the label *name*."""
    for heading in definition_headings(support):
        if fold(heading.title) == fold(name):
            return heading
    return None


# ---- .featuredoc.yaml -----------------------------------------------------------------


def _scalar_span(node: yaml.Node, lines: list[str]) -> Span | None:
    start, end = node.start_mark, node.end_mark
    if start.line != end.line or start.line >= len(lines):
        return None
    return Span.on_line(start.line, start.column, end.column)


def _composed(text: str) -> yaml.Node | None:
    if _OTHER_BREAKS.search(text):
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def _named_nodes(root: yaml.Node) -> list[tuple[str, yaml.ScalarNode]]:
    """The scalars that name a tier, with their list: ``tiers`` entries (or their
    ``name``) and ``signoff_tiers`` entries."""
    found: list[tuple[str, yaml.ScalarNode]] = []
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        if not isinstance(value, yaml.SequenceNode) or key.value not in ("tiers", "signoff_tiers"):
            continue
        for item in value.value:
            if isinstance(item, yaml.MappingNode) and key.value == "tiers":
                item = next((v for k, v in item.value if k.value == "name"), None)
            if isinstance(item, yaml.ScalarNode):
                found.append((key.value, item))
    return found


@dataclass(frozen=True, slots=True)
class TierDeclaration:
    """Where ``.featuredoc.yaml`` names a tier: its ``tiers`` entry, and every name of it
    (the entry and the ``signoff_tiers`` entries, in the file's order)."""

    entry: Span
    names: tuple[Span, ...]


def tier_declaration(config_file: ConfigText | None, name: str) -> TierDeclaration | None:
    """How ``.featuredoc.yaml`` declares the tier *name*; ``None`` when its ``tiers`` list
    does not (the tier is built in, or there is no file)."""
    if config_file is None:
        return None
    root = _composed(config_file.text)
    if root is None:
        return None
    lines = split_lines(config_file.text)
    entry: Span | None = None
    names: list[Span] = []
    for key, node in _named_nodes(root):
        span = _scalar_span(node, lines) if node.value == name else None
        if span is None:
            continue
        names.append(span)
        if key == "tiers" and entry is None:
            entry = span
    return TierDeclaration(entry, tuple(names)) if entry is not None else None
