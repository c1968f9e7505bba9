"""Rule fixtures: documents that state the findings they must produce.

A fixture is a feature document (``*.pandoc``, ``*.md``, ``*.markdown``) or, when its name
starts with ``SUPPORT``, a SUPPORT.md. It states its expected findings in
HTML comments anywhere in the text::

    <!-- expect: FD201@6 FD101@1 -->

``CODE@LINE`` pairs use 1-based lines; a fixture expecting nothing says
``<!-- expect: none -->``. The check compares the *set* of (code, line)
pairs with what the engine reports, so every fixture is both a positive
and a negative test. An optional ``<!-- fixture-config: {json} -->`` gives
settings (the keys of ``.featuredoc.yaml``) and ``<!-- fixture-today:
YYYY-MM-DD -->`` fixes the date rules compare with.

Cross-document rules get a small workspace made of sibling files:

- ``<!-- fixture-support: SUPPORT-livepatch.md -->`` (in a feature
  document): that file is the workspace's SUPPORT.md;
- ``<!-- fixture-feature: livepatch.pandoc -->`` (in a SUPPORT.md, may be
  repeated): those files are the workspace's feature documents;
- ``<!-- fixture-base: name.base.pandoc -->``: that file is the document
  as it was at the base revision (``none``: the document is new since it).

``<!-- fixture-version-file: Makefile-4.22 -->`` (in a SUPPORT.md): that
sibling's text is the version file's (``version_file``, FD520, FD523, FD524).

``<!-- fixture-changes: modified xen/a.c; renamed xen/b.c xen/c.c -->`` lists
the files changed since the base revision (``modified``, ``added``,
``deleted`` or ``renamed OLD NEW``, separated by ``;``), as if the fixture's
folder were the root (FD610).

``<!-- fixture-encoding: latin-1 -->`` checks the fixture as a file saved in
that encoding: its text (kept in UTF-8 in the repository) is encoded so and
read back as featuredoc reads a file, so each non-ASCII character becomes
a byte that is not UTF-8 (FD904).

A sibling named this way is a helper, not a fixture, unless it carries an
``expect`` marker of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from featuredoc.engine import check, parse
from featuredoc.model.changes import ChangeKind, Changes, FileChange
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.encoding import DecodedText, decode_utf8
from featuredoc.model.findings import Finding
from featuredoc.model.inputs import BaseRevision, Inputs
from featuredoc.workspace.index import WorkspaceIndex

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
_EXPECT = re.compile(r"<!--\s*expect:\s*(.*?)\s*-->", re.S)
_CONFIG = re.compile(r"<!--\s*fixture-config:\s*(\{.*?\})\s*-->", re.S)
_TODAY = re.compile(r"<!--\s*fixture-today:\s*(\d{4}-\d{2}-\d{2})\s*-->")
_SUPPORT = re.compile(r"<!--\s*fixture-support:\s*(\S+)\s*-->")
_FEATURE = re.compile(r"<!--\s*fixture-feature:\s*(\S+)\s*-->")
_BASE = re.compile(r"<!--\s*fixture-base:\s*(\S+)\s*-->")
_ENCODING = re.compile(r"<!--\s*fixture-encoding:\s*(\S+)\s*-->")
_VERSION_FILE = re.compile(r"<!--\s*fixture-version-file:\s*(\S+)\s*-->")
_CHANGES = re.compile(r"<!--\s*fixture-changes:\s*(.*?)\s*-->", re.S)
_PAIR = re.compile(r"^(FD\d{3})@(\d+)$")
#: ``fixture-base: none``: the document did not exist at the base revision
NEW_DOCUMENT = "none"


@dataclass
class Fixture:
    path: Path
    text: str
    expected: set[tuple[str, int]]
    settings: dict
    today: dt.date
    is_support: bool
    support: Path | None = None  # sibling SUPPORT.md
    features: list[Path] = field(default_factory=list)  # sibling feature documents
    base: Path | str | None = None  # sibling base version, or NEW_DOCUMENT
    #: the text as read from a file in ``fixture-encoding`` (``text`` is then its decoded text)
    decoded: DecodedText | None = None
    version_file: Path | None = None  # sibling version file (a Makefile)
    #: the files changed since the base revision (``fixture-changes``)
    changes: tuple[FileChange, ...] | None = None


def _changes(path: Path, listed: str) -> tuple[FileChange, ...]:
    """``modified a; renamed b c`` → the changes (``fixture-changes``)."""
    found = []
    for entry in filter(None, (e.strip() for e in listed.split(";"))):
        verb, *paths = entry.split()
        kinds = {"modified": ChangeKind.MODIFIED, "added": ChangeKind.ADDED}
        kinds |= {"deleted": ChangeKind.DELETED, "renamed": ChangeKind.RENAMED}
        if verb not in kinds or len(paths) != (2 if verb == "renamed" else 1):
            raise ValueError(f"{path}: bad fixture-changes entry {entry!r}")
        old = paths[0] if verb == "renamed" else None
        found.append(FileChange(paths[-1], kinds[verb], old))
    return tuple(found)


def _sibling(path: Path, name: str) -> Path:
    sibling = path.parent / name
    if not sibling.is_file():
        raise ValueError(f"{path}: names {name!r}, which is not a file beside it")
    return sibling


def load(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    expected: set[tuple[str, int]] = set()
    found_marker = False
    for block in _EXPECT.findall(text):
        found_marker = True
        for token in block.split():
            if token == "none":
                continue
            m = _PAIR.match(token)
            if not m:
                raise ValueError(f"{path}: bad expectation {token!r}")
            expected.add((m.group(1), int(m.group(2))))
    if not found_marker:
        raise ValueError(f"{path}: no <!-- expect: ... --> marker")
    settings: dict = {}
    for raw in _CONFIG.findall(text):
        settings.update(json.loads(raw))
    m = _TODAY.search(text)
    today = dt.date.fromisoformat(m.group(1)) if m else dt.date(2026, 1, 1)
    fixture = Fixture(path, text, expected, settings, today, path.name.startswith("SUPPORT"))
    if m := _SUPPORT.search(text):
        fixture.support = _sibling(path, m.group(1))
    fixture.features = [_sibling(path, name) for name in _FEATURE.findall(text)]
    if m := _BASE.search(text):
        name = m.group(1)
        fixture.base = NEW_DOCUMENT if name == NEW_DOCUMENT else _sibling(path, name)
    if m := _VERSION_FILE.search(text):
        fixture.version_file = _sibling(path, m.group(1))
    if m := _CHANGES.search(text):
        fixture.changes = _changes(path, m.group(1))
    if m := _ENCODING.search(text):
        fixture.decoded = decode_utf8(text.encode(m.group(1)))
        fixture.text = fixture.decoded.text
    return fixture


def _helpers(paths: list[Path]) -> set[Path]:
    """Siblings named by a fixture (support, feature, base) without markers of their own."""
    named: set[Path] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern in (_SUPPORT, _FEATURE, _BASE):
            named.update(path.parent / name for name in pattern.findall(text))
    return {p for p in named if p.is_file() and not _EXPECT.search(p.read_text(encoding="utf-8"))}


def all_fixtures() -> list[Path]:
    candidates = sorted(
        p for p in FIXTURES.rglob("*") if p.suffix in (".pandoc", ".md", ".markdown")
    )
    helpers = _helpers(candidates)
    return [p for p in candidates if p not in helpers]


# ---- checking a fixture ------------------------------------------------------------


def make_config(settings: dict) -> Config:
    if not settings:
        return Config()
    # the loader validates the same keys as the file
    from featuredoc.workspace import config_file as config_loader

    config, errors = config_loader.config_from_data(settings, source="fixture")
    assert not errors, errors
    return config


def fixture_inputs(fixture: Fixture, config: Config) -> tuple[str, Inputs]:
    """The path to check the fixture as, and the workspace, base, date and bytes it names.

    The workspace holds the fixture and its named siblings only, as if the
    fixture's folder were the root and the sibling SUPPORT file its SUPPORT.md.
    """
    path = str(fixture.path)
    index = None
    base = None
    if fixture.support is not None or fixture.features:
        index = WorkspaceIndex(fixture.path.parent, config)
        support_path = index.support_path()
        assert support_path is not None
        if fixture.is_support:
            path = str(support_path)
        else:
            assert fixture.support is not None, "a feature fixture names its fixture-support"
            index.set_text(support_path, fixture.support.read_text(encoding="utf-8"))
        index.set_text(path, fixture.text)
        for feature in fixture.features:
            index.set_text(feature, feature.read_text(encoding="utf-8"))
    if fixture.base == NEW_DOCUMENT:
        base = BaseRevision("base", None)
    elif isinstance(fixture.base, Path):
        text = fixture.base.read_text(encoding="utf-8")
        kind = DocumentKind.SUPPORT if fixture.is_support else DocumentKind.FEATURE
        base = BaseRevision("base", parse(text, str(fixture.base), config, kind))
    version = fixture.version_file.read_text(encoding="utf-8") if fixture.version_file else None
    changes = None
    if fixture.changes is not None:
        changes = Changes("base", fixture.changes, document=fixture.path.name)
    return path, Inputs(
        workspace=index,
        base=base,
        today=fixture.today,
        decoded=fixture.decoded,
        version_text=version,
        changes=changes,
    )


@dataclass
class Prepared:
    """A fixture ready to check: the path it is checked as, its settings and workspace."""

    fixture: Fixture
    config: Config
    path: str
    inputs: Inputs

    @property
    def kind(self) -> DocumentKind:
        return DocumentKind.SUPPORT if self.fixture.is_support else DocumentKind.FEATURE

    def check(self, text: str) -> list[Finding]:
        """The findings for *text* checked as the fixture (same path, kind, settings, date)."""
        return check(
            text,
            self.path,
            self.config,
            kind=self.kind,
            inputs=self.inputs,
        )

    def documents(self) -> dict[str, Path]:
        """The file behind each path a finding may name: the fixture and its siblings."""
        found = {self.path: self.fixture.path}
        index = self.inputs.workspace
        if isinstance(index, WorkspaceIndex):
            support = index.support_path()
            if self.fixture.support is not None and support is not None:
                found[str(support)] = self.fixture.support
            for feature in self.fixture.features:
                found[str(feature)] = feature
        if isinstance(self.fixture.base, Path):
            found[str(self.fixture.base)] = self.fixture.base
        return found


def prepare(fixture: Fixture) -> Prepared:
    config = make_config(fixture.settings)
    as_path, inputs = fixture_inputs(fixture, config)
    return Prepared(fixture, config, as_path, inputs)


def checker(fixture: Fixture) -> Callable[[str], list[Finding]]:
    """Checks a text as the fixture is checked (same path, kind, settings, date, workspace)."""
    return prepare(fixture).check


def check_fixture(fixture: Fixture) -> list[Finding]:
    """The findings for the fixture."""
    return prepare(fixture).check(fixture.text)
