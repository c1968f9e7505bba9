"""Which code a feature document covers, and which covered files a change touches.

A feature document covers:

- the globs ``covers`` gives for it in ``.featuredoc.yaml`` (the key is
  the document's path, or a glob matching it; a glob ending in ``/``
  covers everything below that folder);
- with ``infer_covers`` (the default), the in-tree paths its own text names
  (:func:`mentions`): ``xen/common/sched/credit2.c`` covers that file,
  ``tools/xl/`` or ``tools/xl/...`` or ``tools/xl`` everything below that
  folder.

A path named in the text counts only when it exists in the tree, at the
base revision or now. Only changed files are ever compared with it, and a
changed file exists at one of the two, so a word that only looks like a
path (``x86/HVM``, ``and/or``) never matches anything. Feature documents
and the support file are never covered by inference (a document that
names another one does not cover it).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from featuredoc.model.changes import ChangeKind, Changes, FileChange, normalise
from featuredoc.model.config import Config
from featuredoc.model.text import Span

#: A relative path with at least one ``/``: segments of letters (any script),
#: digits and ``_.+-``. The look-behind makes a match start at a word's start
#: only (so a long word is read once) and never inside a URL or an absolute
#: path (``https://host/x``, ``/etc/xen/xl.conf``).
_PATH = re.compile(r"(?<![\w.+\-/:~@])[\w.+\-]+(?:/[\w.+\-]*)+")

#: How many changed files a prompt names before it counts the rest.
MAX_NAMED = 8


@dataclass(frozen=True, slots=True)
class Mention:
    """A path the document's text names: that file, or everything below that folder."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class CoveredChange:
    """A changed file the document covers: by a ``covers`` glob, or named at ``mention``."""

    change: FileChange
    mention: Mention | None = None
    glob: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    """Covered files changed, the document not: what a reviewer should ask about."""

    document: str
    covered: tuple[CoveredChange, ...]

    @property
    def prompt(self) -> str:
        """``this change modifies xen/a.c; docs/features/a.pandoc was not updated``."""
        return f"this change {describe(c.change for c in self.covered)}; {self.document} was not updated"

    @property
    def first_mention(self) -> Mention | None:
        """The earliest place the text names a changed file (``None``: only ``covers`` matched)."""
        named = [c.mention for c in self.covered if c.mention is not None]
        return min(named, key=lambda m: m.span.start) if named else None


def _candidate(token: str) -> tuple[int, str] | None:
    """Where in *token* the path it names starts, and the path (``None``: not a relative path).

    ``./`` before it and ``.``, ``/``, ``/...`` after it are not part of it.
    """
    skip = 0
    while token.startswith("./", skip):
        skip += 2
    path = token[skip:].rstrip(".").rstrip("/")
    parts = path.split("/")
    if len(parts) < 2 or any(not part or set(part) <= {"."} for part in parts):
        return None
    return skip, path


def _outside_comments(line: str, in_comment: bool) -> tuple[list[tuple[int, int]], bool]:
    """The parts of *line* outside HTML comments, and whether a comment is still open after it."""
    parts: list[tuple[int, int]] = []
    at = 0
    while at <= len(line):
        if in_comment:
            end = line.find("-->", at)
            if end < 0:
                return parts, True
            at, in_comment = end + 3, False
            continue
        start = line.find("<!--", at)
        parts.append((at, len(line) if start < 0 else start))
        if start < 0:
            break
        at, in_comment = start + 4, True
    return parts, in_comment


def _named(lines: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """Each relative path the text names, with its line and column, in order."""
    in_comment = False
    for number, line in enumerate(lines):
        if "/" not in line and "<!--" not in line and "-->" not in line:
            continue
        parts, in_comment = _outside_comments(line, in_comment)
        for first, last in parts:
            for match in _PATH.finditer(line, first, last):
                candidate = _candidate(match.group())
                if candidate is not None:
                    yield candidate[1], number, match.start() + candidate[0]


def mentions(lines: Sequence[str]) -> list[Mention]:
    """The relative paths the text names, in order: prose, code and links, not HTML comments."""
    return [
        Mention(path, Span.on_line(line, column, column + len(path)))
        for path, line, column in _named(lines)
    ]


def first_mentions(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Each path the text names → the line and column where it first does."""
    first: dict[str, tuple[int, int]] = {}
    for path, line, column in _named(lines):
        first.setdefault(path, (line, column))
    return first


def _glob_matches(path: str, glob: str) -> bool:
    pattern = normalise(glob) + "/*" if glob.endswith("/") else normalise(glob)
    return fnmatch.fnmatchcase(path, pattern)


def explicit_globs(config: Config, document: str) -> list[str]:
    """The ``covers`` globs of the document at *document* (every entry whose key matches it)."""
    rel = normalise(document)
    globs: list[str] = []
    for key, values in config.covers.items():
        if rel == normalise(key) or fnmatch.fnmatchcase(rel, normalise(key)):
            globs.extend(values)
    return globs


def _covering(
    path: str,
    document: str,
    globs: Sequence[str],
    named: Mapping[str, tuple[int, int]],
    config: Config,
) -> tuple[str | None, Mention | None] | None:
    """How *path* is covered (the glob, or the mention), ``None``: it is not.

    The mention is the most precise: the file itself, else its nearest folder
    the text names (a look-up per folder of *path*, whatever the text's size).
    """
    if path == document:
        return None
    for glob in globs:
        if _glob_matches(path, glob):
            return glob, None
    if not named or config.classify(path) is not None:
        return None  # another document, or SUPPORT.md: never covered by inference
    folder = path
    while "/" in folder:
        if folder in named:
            line, column = named[folder]
            return None, Mention(folder, Span.on_line(line, column, column + len(folder)))
        folder = folder.rsplit("/", 1)[0]
    return None


def find_gap(
    lines: Sequence[str],
    document: str,
    config: Config,
    files: Sequence[FileChange],
) -> Gap | None:
    """The covered files among *files*, when the document at *document* is not among them.

    *lines*: the document's text (for the paths it names); *document*: its
    path relative to the workspace root.
    """
    rel = normalise(document)
    if any(rel in change.paths for change in files):
        return None
    globs = explicit_globs(config, rel)
    named = first_mentions(lines) if config.infer_covers else {}
    if not globs and not named:
        return None
    covered: list[CoveredChange] = []
    for change in files:
        for path in change.paths:
            how = _covering(path, rel, globs, named, config)
            if how is not None:
                covered.append(CoveredChange(change, mention=how[1], glob=how[0]))
                break
    return Gap(rel, tuple(covered)) if covered else None


def gap_in(lines: Sequence[str], changes: Changes, config: Config) -> Gap | None:
    """:func:`find_gap` for the document :class:`Changes` names (``None`` when it names none)."""
    if not changes.document:
        return None
    return find_gap(lines, changes.document, config, changes.files)


def _and(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe(changes: Iterable[FileChange]) -> str:
    """``modifies xen/a.c and xen/b.c, and deletes xen/c.c`` (the first :data:`MAX_NAMED`)."""
    order = list(ChangeKind)
    ordered = sorted(changes, key=lambda c: (order.index(c.kind), c.path))
    named, rest = ordered[:MAX_NAMED], len(ordered) - MAX_NAMED
    phrases = []
    for kind in order:
        paths = [c.describe() for c in named if c.kind is kind]
        if paths:
            phrases.append(f"{kind.value} {_and(paths)}")
    if not phrases:
        return "changes no file"
    if len(phrases) == 1:
        text = phrases[0]
    elif len(phrases) == 2 and not any(" and " in phrase for phrase in phrases):
        text = " and ".join(phrases)
    else:
        text = ", ".join(phrases[:-1]) + ", and " + phrases[-1]
    if rest > 0:
        text += f" (and {rest} more covered file{'s' if rest > 1 else ''})"
    return text
