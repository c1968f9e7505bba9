"""Completion candidates, computed from text alone (no LSP types).

Each function returns :class:`Candidate`s in code-point columns; the server
converts them. A candidate whose ``snippet`` is set holds LSP snippet syntax
(``${1:placeholder}``); :func:`snippet_text` turns it into plain text for
clients without snippet support.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from featuredoc.analysis.crossdoc import SUPPORT_ENTRY_KEY, SupportEntries, entry_markdown
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.text import fold, squash
from featuredoc.model.tiers import Tier

_STATUS_PREFIX = re.compile(r"^(?P<lead>\s*)Status(?:,[^:]*)?:[ \t]*", re.I)


class CandidateKind(str, Enum):
    VALUE = "value"
    KEY = "key"
    SECTION = "section"
    SNIPPET = "snippet"


@dataclass(frozen=True, slots=True)
class Candidate:
    label: str
    documentation: str
    start: int  # code-point columns of the text the candidate replaces
    end: int
    new_text: str
    detail: str = ""
    sort: int = 0
    kind: CandidateKind = CandidateKind.VALUE
    snippet: bool = False
    line: int | None = None  # the line replaced, when not the cursor's
    filter: str = ""  # what the client matches typed text against (default: label)


def status_candidates(
    line: str,
    column: int,
    kind: DocumentKind,
    config: Config,
    definitions: Mapping[str, Tier] | None = None,
) -> list[Candidate]:
    """Tiers to offer when the cursor is in the value of a ``Status:`` line.

    *definitions* (from the workspace's SUPPORT.md) replace the built-in
    wording of the tiers they define.
    """
    m = _STATUS_PREFIX.match(line)
    if m is None or column < m.end():
        return []
    if kind is DocumentKind.SUPPORT and len(m.group("lead").expandtabs(4)) < 4:
        return []  # in SUPPORT.md only the indented fragments hold status lines
    value_start = m.end()
    region_end = len(line.rstrip())
    bold = line.startswith(("**", "__"), value_start)
    tiers = config.tier_set()
    defined = _defined_tiers(tiers.tiers, definitions or {})
    labels = [
        (
            t.name,
            t.documentation(),
            "security supported" if t.security_supported else "not security supported",
        )
        for t in defined
    ]
    if kind is DocumentKind.SUPPORT:
        labels += [(label, f"**{label}**", "") for label in tiers.support_extra_labels]
    # the inserted text is before + name + after
    if bold:
        marker = line[value_start : value_start + 2]
        start = value_start + 2
        close = line.find(marker, start)
        if close < 0 or close < column:
            end = max(column, region_end) if close < 0 else close
            before, after = "", marker if close < 0 else ""
        else:
            end, before, after = close, "", ""
        if column < start:
            return []
        if 0 <= close < column:  # after the closing marker: the range must hold the cursor
            start, end = value_start, max(column, region_end)
            before = after = marker
    else:
        start, end = value_start, max(column, region_end)
        before = after = "**" if kind is DocumentKind.FEATURE else ""
    return [
        Candidate(name, doc, start, end, before + name + after, detail, order)
        for order, (name, doc, detail) in enumerate(labels)
    ]


def _defined_tiers(tiers: Iterable[Tier], definitions: Mapping[str, Tier]) -> list[Tier]:
    from featuredoc.analysis.support_defs import merge_definitions

    configured = list(tiers)
    merged = merge_definitions(configured, definitions)
    return [merged[t.name] for t in configured]


# ---- snippets ------------------------------------------------------------------

_SNIPPET_ESCAPE = re.compile(r"([$}\\])")


def snippet_escape(text: str) -> str:
    """*text* as literal snippet text."""
    return _SNIPPET_ESCAPE.sub(r"\\\1", text)


def snippet_text(snippet: str) -> str:
    """Plain text of *snippet*: placeholders become their default, tab stops vanish."""
    text, _ = _plain(snippet, 0, nested=False)
    return text


def _plain(snippet: str, i: int, nested: bool) -> tuple[str, int]:
    out: list[str] = []
    n = len(snippet)
    while i < n:
        ch = snippet[i]
        if ch == "\\" and i + 1 < n:
            out.append(snippet[i + 1])
            i += 2
        elif nested and ch == "}":
            return "".join(out), i + 1
        elif ch == "$" and i + 1 < n and snippet[i + 1].isdigit():
            i += 1
            while i < n and snippet[i].isdigit():
                i += 1
        elif ch == "$" and snippet.startswith("{", i + 1):
            j = i + 2
            while j < n and snippet[j].isdigit():
                j += 1
            if j < n and snippet[j] == ":":
                inner, i = _plain(snippet, j + 1, nested=True)
                out.append(inner)
            elif j < n and snippet[j] == "|":
                end = snippet.find("|}", j + 1)
                end = n if end < 0 else end
                out.append(re.split(r"(?<!\\),", snippet[j + 1 : end])[0].replace("\\,", ","))
                i = end + 2
            else:
                i = j + 1 if j < n and snippet[j] == "}" else j
        else:
            out.append(ch)
            i += 1
    return "".join(out), i


# ---- everything at a position ------------------------------------------------


@dataclass(slots=True)
class Workspace:
    """What completion may know beyond the document itself."""

    today: dt.date
    #: canonical Basics key → values used across the workspace's feature docs,
    #: or a function computing them (called only when a value is completed)
    values: Mapping[str, Iterable[str]] | Callable[[], Mapping[str, Iterable[str]]]
    definitions: Mapping[str, Tier]
    #: the workspace's SUPPORT.md entries, or a function reading them (called only
    #: when a ``Support entry`` value is completed); ``None``: no SUPPORT.md
    entries: SupportEntries | Callable[[], SupportEntries | None] | None = None

    def basics_values(self) -> Mapping[str, Iterable[str]]:
        if callable(self.values):
            self.values = self.values()
        return self.values

    def support_entries(self) -> SupportEntries | None:
        if callable(self.entries):
            self.entries = self.entries()
        return self.entries


def complete(
    doc: Document | None,
    lines: list[str],
    line_no: int,
    column: int,
    kind: DocumentKind,
    config: Config,
    workspace: Workspace,
) -> list[Candidate]:
    """Every candidate for the cursor at (*line_no*, *column*), code points."""
    line = lines[line_no] if 0 <= line_no < len(lines) else ""
    if kind is DocumentKind.FEATURE and not any(text.strip() for text in lines):
        template = document_template(config, workspace.today)
        return [dataclasses.replace(template, start=0, end=len(line))]
    found = status_candidates(line, column, kind, config, workspace.definitions)
    if found or doc is None or kind is not DocumentKind.FEATURE:
        return found
    return (
        entry_candidates(doc, line_no, column, config, workspace.support_entries)
        or value_candidates(doc, line_no, column, config, workspace.basics_values)
        or key_candidates(doc, line_no, column, config)
        or section_candidates(doc, line_no, column, config)
        or history_candidates(doc, line_no, column, workspace.today)
    )


# ---- Basics keys and values --------------------------------------------------


def _in_basics(doc: Document, line_no: int) -> bool:
    basics = doc.basics
    if basics is None:
        return False
    return basics.table.top_border < line_no < basics.table.bottom_border


def key_candidates(doc: Document, line_no: int, column: int, config: Config) -> list[Candidate]:
    """Known Basics keys not yet in the table, right-aligned to the key column."""
    if not _in_basics(doc, line_no):
        return []
    assert doc.basics is not None
    line = doc.lines[line_no]
    if ":" in line[:column]:
        return []
    if line[:column].strip() and len(line) - len(line.lstrip()) >= doc.basics.key_width:
        return []  # a continuation line of the value above
    present = {config.canonical_key(f.key) for f in doc.basics.fields if f.line != line_no} - {None}
    width = doc.basics.key_width or 16
    colon = line.find(":")
    # an existing key (with its colon) is replaced; other text after the cursor is kept
    end = colon + 1 if colon >= 0 else column
    while colon >= 0 and end < len(line) and line[end] == " ":
        end += 1
    found = []
    for order, key in enumerate(config.known_keys):
        if key in present:
            continue
        required = key in config.required_keys
        found.append(
            Candidate(
                key,
                f"Basics field `{key}`" + (" (required)" if required else ""),
                0,
                max(end, column),
                f"{key}:".rjust(width) + " ",
                "required field" if required else "field",
                order,
                CandidateKind.KEY,
                filter=f"{key}:".rjust(width),
            )
        )
    return found


def entry_candidates(
    doc: Document,
    line_no: int,
    column: int,
    config: Config,
    entries: Callable[[], SupportEntries | None],
) -> list[Candidate]:
    """SUPPORT.md headings for the value of the ``Support entry`` row, with their statuses.

    The whole value is replaced (headings hold commas); the entries come
    first, then the headings that group entries below them.
    """
    if not _in_basics(doc, line_no):
        return []
    line = doc.lines[line_no]
    colon = line.find(":")
    if colon < 0 or column <= colon:
        return []
    key = line[:colon].strip()
    if config.canonical_key(key) != SUPPORT_ENTRY_KEY and fold(key) != fold(SUPPORT_ENTRY_KEY):
        return []
    found_entries = entries()
    if not found_entries:
        return []
    start = colon + 1
    while start < column and line[start] in " \t":
        start += 1
    end = max(len(line.rstrip()), column)
    found = []
    targets = [*found_entries.values(), *found_entries.groups.values()]
    for order, entry in enumerate(targets):
        found.append(
            Candidate(
                entry.title,
                entry_markdown(entry),
                start,
                end,
                entry.title,
                "SUPPORT.md entry",
                order,
            )
        )
    return found


def value_candidates(
    doc: Document,
    line_no: int,
    column: int,
    config: Config,
    values: Mapping[str, Iterable[str]] | Callable[[], Mapping[str, Iterable[str]]],
) -> list[Candidate]:
    """Values of Architecture/Component (and other keys) already used in the workspace."""
    if not _in_basics(doc, line_no):
        return []
    assert doc.basics is not None
    line = doc.lines[line_no]
    colon = line.find(":")
    if colon < 0 or column <= colon:
        return []
    key = config.canonical_key(line[:colon].strip())
    if key is None or key == "Status":
        return []
    if callable(values):
        values = values()
    if key not in values:
        return []
    # the comma-separated item the cursor is in
    start = line.rfind(",", 0, column) + 1 or colon + 1
    while start < len(line) and line[start] == " ":
        start += 1
    start = min(start, column)
    comma = line.find(",", column)
    end = comma if comma >= 0 else len(line.rstrip())
    end = max(end, column)
    # values already in the row, and the item being typed itself, are not offered
    taken = {fold(item) for item in line[colon + 1 :].split(",") if item.strip()}
    found = []
    for order, value in enumerate(sorted(set(values[key]), key=fold)):
        if fold(value) in taken:
            continue
        found.append(
            Candidate(value, f"Used as `{key}` in this workspace", start, end, value, key, order)
        )
    return found


def workspace_values(docs: Iterable[Document], config: Config) -> dict[str, set[str]]:
    """Basics values per canonical key (Architecture, Component, Hardware, ...), split on commas."""
    found: dict[str, set[str]] = {}
    for doc in docs:
        if doc.basics is None:
            continue
        for item in doc.basics.fields:
            key = config.canonical_key(item.key)
            if key is None or key in ("Status", config.signoff.field):
                continue
            value = item.value.strip()
            if not value or fold(value).startswith("e.g.") or value.startswith("_"):
                continue
            for part in value.split(","):
                part = squash(part)
                if part and len(part) <= 60:
                    found.setdefault(key, set()).add(part)
    return found


# ---- sections ------------------------------------------------------------------

_HEADING_PREFIX = re.compile(r"^(#{1,6})(?:[ \t]+|$)")


def section_candidates(doc: Document, line_no: int, column: int, config: Config) -> list[Candidate]:
    """Top-level sections not yet present, in template order, with their guidance."""
    from featuredoc.analysis.sections import heading_names

    line = doc.lines[line_no]
    m = _HEADING_PREFIX.match(line)
    if m is None or column < len(m.group(1)):
        return []
    others = [s for s in doc.top_sections() if s.heading.line_span.start.line != line_no]
    prefix = "#" * min((s.level for s in others), default=1)
    if len(m.group(1)) != len(prefix):
        return []
    present = {name for s in others for name in heading_names(s.title)}
    typed = line[m.end() :].strip()
    if typed and any(fold(typed) == fold(name) for name in config.sections):
        return []  # the heading is complete: Enter must not insert guidance
    found = []
    for order, name in enumerate(config.sections):
        if fold(name) in present:
            continue
        guidance = config.section_guidance.get(name, "")
        body = f"{prefix} {snippet_escape(name)}\n\n${{1:{snippet_escape(guidance)}}}"
        if not guidance:
            body = f"{prefix} {snippet_escape(name)}\n\n$0"
        found.append(
            Candidate(
                name,
                guidance,
                0,
                len(line),
                body,
                "template section",
                order,
                CandidateKind.SECTION,
                snippet=True,
                filter=f"{prefix} {name}",
            )
        )
    return found


# ---- History rows --------------------------------------------------------------


def next_revision(revision: str) -> str:
    """``3`` → ``4``; ``1.17`` → ``1.18``; anything else unchanged."""
    parts = revision.strip().split(".")
    if parts and all(p.isdigit() for p in parts):
        parts[-1] = str(int(parts[-1]) + 1)
        return ".".join(parts)
    return revision.strip() or "1"


def history_candidates(doc: Document, line_no: int, column: int, today: dt.date) -> list[Candidate]:
    """A new History row: today's date, the next revision, the last row's Xen version."""
    history = doc.history
    if history is None:
        return []
    table = history.table
    if not table.body_first <= line_no < table.bottom_border:
        return []
    line = doc.lines[line_no]
    if not re.fullmatch(r"\s*[\d-]*\s*", line):
        return []  # only on a blank line, or over a date being typed
    last = history.rows[-1] if history.rows else None
    revision = next_revision(last.revision) if last else "1"
    version = last.version if last and last.version else "Xen X.Y"
    starts = [start for start, _ in table.columns]
    widths = [starts[i + 1] - starts[i] for i in range(min(3, len(starts) - 1))]
    widths += [11, 9, 9][len(widths) :]
    cells = [today.isoformat(), revision, version]
    text = snippet_escape("".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    body = text + "${1:Notes}"
    return [
        Candidate(
            "History row",
            f"A row for revision {revision} dated {today.isoformat()} ({version})",
            0,
            len(line),
            body,
            f"{today.isoformat()} {revision} {version}",
            0,
            CandidateKind.SNIPPET,
            snippet=True,
            filter=snippet_text(body),
        )
    ]


# ---- a whole document ----------------------------------------------------------


def document_template(config: Config, today: dt.date) -> Candidate:
    """The template as a snippet, for an empty file."""
    tiers = [t.name for t in config.tier_set().tiers if "," not in t.name] or ["Experimental"]
    order = sorted(tiers, key=lambda n: n != "Experimental")
    choice = ",".join(n.replace(",", "\\,").replace("|", "\\|") for n in order)
    keys = [k for k in config.known_keys if k in config.required_keys or k == "Architecture"]
    width = max([16, *(len(k) + 1 for k in keys)])
    rows = []
    stop = 3
    for key in keys:
        if key == "Status":
            value = f"**${{2|{choice}|}}**"
        else:
            value = f"${{{stop}:{snippet_escape(key)}}}"
            stop += 1
        rows.append(f"{snippet_escape(key + ':').rjust(width)} {value}")
    border = "-" * width + " " + "-" * 52
    parts = [
        "% ${1:Feature name}",
        "% Revision 1",
        "",
        "\\\\clearpage",
        "",
    ]
    for name in config.sections:
        guidance = snippet_escape(config.section_guidance.get(name, ""))
        parts.append(f"# {snippet_escape(name)}")
        parts.append("")
        if name == "Basics":
            parts += [border, "\n\n".join(rows), border, ""]
            continue
        if name == "History":
            parts += [
                "-" * 72,
                "Date       Revision Version  Notes",
                "---------- -------- -------- -------------------------------------------",
                f"{today.isoformat()} 1        ${{{stop}:Xen X.Y}}  Document written",
                "---------- -------- -------- -------------------------------------------",
            ]
            stop += 1
            continue
        if guidance:
            parts += [f"${{{stop}:{guidance}}}", ""]
            stop += 1
    body = "\n".join(parts).rstrip("\n") + "\n$0"
    return Candidate(
        "Feature document",
        "A new feature document from the template: title block, Basics table, every "
        "mandatory section with its guidance, and a History table.",
        0,
        0,
        body,
        "template",
        0,
        CandidateKind.SNIPPET,
        snippet=True,
    )
