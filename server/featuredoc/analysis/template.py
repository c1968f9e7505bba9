"""The project's feature-document template: what counts as placeholder text.

A feature document starts as a copy of the template
(``docs/features/template.pandoc`` by default), and its placeholder text is
meant to be replaced: the guidance paragraphs under each heading, the
``e.g. ...`` values of the Basics table, the ``% Revision $N`` line and the
``YYYY-MM-DD N Xen X.Y ...`` row of the History table.

:func:`extract` reads those from the template's own text, so the check
follows whatever wording the project's template uses. When no template is
available, :func:`builtin` falls back to the guidance of the configuration
(the text the "insert missing section" fix writes) and to the placeholder
*patterns* every template uses. Nothing here touches the file system:
:func:`featuredoc.workspace.template_file.load_for` reads a workspace's
template (cached by modification time) and the CLI and the server pass its
text to the rules as ``Inputs.template_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from featuredoc.model.config import Config
from featuredoc.model.document import BlockType, Document, DocumentKind, HistoryRow
from featuredoc.model.text import fold, squash

#: Paragraphs shorter than this many words are never taken for guidance
#: (``\clearpage``, ``N/A`` and the like occur in real documents).
MIN_GUIDANCE_WORDS = 4

_DATE_PLACEHOLDER = re.compile(r"(?i)^y{2,4}-m{1,2}-d{1,2}$")
_REVISION_PLACEHOLDER = re.compile(r"^\$?[A-Za-z]$")
_VERSION_PLACEHOLDER = re.compile(r"(?i)^(?:xen\s+)?x\.y$")
_VALUE_PLACEHOLDER = re.compile(r"(?i)^(?:e\.g\.|_where applicable_$)")


def is_placeholder_date(text: str) -> bool:
    """``YYYY-MM-DD`` and its variants."""
    return bool(_DATE_PLACEHOLDER.match(text.strip()))


def is_placeholder_revision(text: str) -> bool:
    """``$N`` (title block) or ``N`` (History row)."""
    return bool(_REVISION_PLACEHOLDER.match(text.strip()))


def is_placeholder_row(row: HistoryRow) -> bool:
    """The template's example History row, left in (``YYYY-MM-DD N Xen X.Y ...``)."""
    date = row.date.strip()
    if date[:1] in ("y", "Y") and _DATE_PLACEHOLDER.match(date):
        return True
    revision = row.revision.strip()  # one letter, after a "$" or not
    return (
        len(revision) <= 2
        and bool(_REVISION_PLACEHOLDER.match(revision))
        and bool(_VERSION_PLACEHOLDER.match(row.version.strip()))
    )


@dataclass(frozen=True, slots=True)
class Placeholders:
    """Placeholder text of a template, folded with :func:`featuredoc.model.text.fold`."""

    #: guidance paragraph → the template section it is under ("" before the first heading)
    paragraphs: dict[str, str]
    #: Basics values of the template (``e.g. x86, arm``)
    values: frozenset[str]
    #: the template's own title (``Template for ...``)
    title: str | None
    #: whether the text came from a template file (else the built-in fallback)
    from_template: bool

    def is_placeholder_value(self, value: str) -> bool:
        text = value.strip()
        return bool(_VALUE_PLACEHOLDER.match(text)) or fold(text) in self.values

    def guidance_section(self, paragraph: str) -> str | None:
        """The section whose guidance *paragraph* repeats, or ``None``.

        Folded without :func:`fold`'s cache: every version of a paragraph being
        typed would stay in it.
        """
        return self.paragraphs.get(squash(paragraph).casefold())


def _guidance_paragraphs(config: Config) -> dict[str, str]:
    return {
        fold(text): name
        for name, text in config.section_guidance.items()
        if len(text.split()) >= MIN_GUIDANCE_WORDS
    }


def builtin(config: Config) -> Placeholders:
    """The fallback when no template text is available."""
    return Placeholders(_guidance_paragraphs(config), frozenset(), None, False)


def paragraphs(doc: Document) -> list[tuple[int, int, str]]:
    """``(first, last, text)`` of every top-level paragraph of *doc*."""
    lines = doc.lines
    paragraph = BlockType.PARAGRAPH
    return [
        (block.first, block.last, "\n".join(lines[block.first : block.last + 1]))
        for block in doc.blocks
        if block.type is paragraph
    ]


def extract(text: str, config: Config) -> Placeholders:
    """The placeholders of the template *text* (plus the configured guidance)."""
    from featuredoc.parser import parse_document  # the parser does not need this module

    doc = parse_document(text, "template", DocumentKind.FEATURE)
    found = _guidance_paragraphs(config)
    for first, _last, paragraph in paragraphs(doc):
        if len(paragraph.split()) < MIN_GUIDANCE_WORDS:
            continue
        section = doc.section_at_line(first)
        found.setdefault(fold(paragraph), section.title if section else "")
    values = frozenset(fold(f.value) for f in doc.basics.fields) if doc.basics else frozenset()
    title = fold(doc.title) if doc.title else None
    return Placeholders(found, values, title, True)


@lru_cache(maxsize=8)
def _extract_cached(text: str, config_key: tuple[tuple[str, str], ...]) -> Placeholders:
    config = Config(section_guidance=dict(config_key))
    return extract(text, config)


def placeholders(template_text: str | None, config: Config) -> Placeholders:
    """The placeholders for *template_text*, or the built-in ones when it is ``None``."""
    if not template_text:
        return builtin(config)
    return _extract_cached(template_text, tuple(config.section_guidance.items()))


def section_texts(template_text: str | None, config: Config) -> dict[str, str]:
    """Mandatory section name → the template's text under its heading (heading excluded).

    The body of each top-level section of the template that names a
    mandatory section, without the blank lines around it: the guidance
    paragraph and, under Basics and History, the table skeletons. A section
    the template lacks (or every section, without a template) gets the
    configured guidance. What the "insert missing sections" fix writes.
    """
    texts = dict(config.section_guidance)
    if template_text:
        texts.update(_template_sections(template_text, tuple(config.sections)))
    return {name: texts.get(name, "") for name in config.sections}


@lru_cache(maxsize=8)
def _template_sections(text: str, names: tuple[str, ...]) -> dict[str, str]:
    from featuredoc.parser import parse_document  # the parser does not need this module

    doc = parse_document(text, "template", DocumentKind.FEATURE)
    wanted = {fold(name): name for name in names}
    found: dict[str, str] = {}
    for section in doc.top_sections():
        name = wanted.get(fold(section.heading.title))
        if name is None or name in found:
            continue
        first = section.heading.line_span.end.line + 1
        body = doc.lines[first : section.last_line + 1]
        while body and not body[0].strip():
            body = body[1:]
        while body and not body[-1].strip():
            body = body[:-1]
        found[name] = "\n".join(line.rstrip() for line in body)
    return found


def title_block_text(title: str) -> str:
    """The title block the template's skeleton starts with, for a document titled *title*."""
    return f"% {title}\n% Revision 1\n"
