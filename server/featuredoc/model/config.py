"""Typed settings with the Xen Project's conventions as defaults.

Every key of ``.featuredoc.yaml`` maps to a field here; the loader (see
:mod:`featuredoc.workspace.config_file`) validates a file into a :class:`Config`.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import posixpath
from dataclasses import dataclass

from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Severity
from featuredoc.model.limits import DEFAULT_MAX_DOCUMENT_SIZE
from featuredoc.model.sniff import looks_like_support
from featuredoc.model.text import fold
from featuredoc.model.tiers import (
    DEFAULT_SIGNOFF_TIERS,
    DEFAULT_SUPPORT_EXTRA_LABELS,
    DEFAULT_TIERS,
    Tier,
    TierSet,
)

#: Mandatory top-level sections in template order, each with the guidance
#: inserted by the "add missing section" fix and shown on hover.
DEFAULT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Basics", "A table with an overview of the support status and applicability."),
    ("Overview", "A short description of the feature, like the abstract of a paper."),
    (
        "User details",
        "How a user enables the feature (is it on by default?) and interacts with it "
        "(typically via `xl`).",
    ),
    (
        "Technical details",
        "Information for developers and power users: where to look in the tree for "
        "detailed documents and code.",
    ),
    ("Limitations", "Incompatibilities with other features or hardware combinations."),
    ("Testing", "How to test changes that affect this feature."),
    (
        "Areas for improvement",
        "Enhancements that could be made to the feature or its interaction with other features.",
    ),
    (
        "Known issues",
        "Known issues and bugs. For Tech Preview or Experimental features, the items that "
        "must be fixed before the status can be raised.",
    ),
    ("References", "External references relevant to this feature."),
    ("History", "A table of changes to this document, in chronological order."),
)

DEFAULT_KEY_ALIASES: dict[str, tuple[str, ...]] = {
    "Status": (),
    "Architecture": ("Architecture(s)", "Architectures"),
    "Component": ("Component(s)", "Components"),
    "Hardware": (),
    "Security sign-off": (),
    "Support entry": (),
}


#: The extensions of the files fixes may be written to (the support file
#: too, whatever its name): whatever ``include`` selects, a fix never
#: rewrites a source file or a script.
REWRITABLE_SUFFIXES: tuple[str, ...] = (".pandoc", ".md", ".markdown")


@dataclass(kw_only=True, slots=True)
class SignoffSettings:
    field: str = "Security sign-off"
    metadata_key: str = "security-signoff"
    team: list[str] = dataclasses.field(default_factory=list)


@dataclass(kw_only=True)
class Config:
    """All settings; a default-constructed Config is the Xen convention."""

    include: list[str] = dataclasses.field(
        default_factory=lambda: [
            "docs/features/*.pandoc",
            "docs/features/*.md",
            "docs/features/*.markdown",
        ]
    )
    exclude: list[str] = dataclasses.field(
        default_factory=lambda: ["docs/features/template.pandoc"]
    )
    support_file: str = "SUPPORT.md"
    template: str = "docs/features/template.pandoc"
    version_file: str = "xen/Makefile"
    tiers: list[Tier] = dataclasses.field(default_factory=lambda: list(DEFAULT_TIERS))
    signoff_tiers: list[str] = dataclasses.field(
        default_factory=lambda: list(DEFAULT_SIGNOFF_TIERS)
    )
    support_labels: list[str] = dataclasses.field(
        default_factory=lambda: list(DEFAULT_SUPPORT_EXTRA_LABELS)
    )
    sections: list[str] = dataclasses.field(
        default_factory=lambda: [name for name, _ in DEFAULT_SECTIONS]
    )
    section_guidance: dict[str, str] = dataclasses.field(
        default_factory=lambda: dict(DEFAULT_SECTIONS)
    )
    required_keys: list[str] = dataclasses.field(default_factory=lambda: ["Status", "Component"])
    known_keys: dict[str, list[str]] = dataclasses.field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_KEY_ALIASES.items()}
    )
    signoff: SignoffSettings = dataclasses.field(default_factory=SignoffSettings)
    rules: dict[str, str] = dataclasses.field(default_factory=dict)
    #: A larger document is not analysed (FD905): bounds time and memory.
    max_document_size: int = DEFAULT_MAX_DOCUMENT_SIZE
    #: Feature document path or glob → globs of the code it covers (FD610).
    covers: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    #: Whether a feature document also covers the in-tree paths its text names (FD610).
    infer_covers: bool = True
    #: The tags `featuredoc matrix --releases` takes for the releases (a glob).
    release_tags: str = "RELEASE-*"
    #: Where the settings came from (file path), for messages.
    source: str | None = None
    _tier_set: TierSet | None = dataclasses.field(
        default=None, init=False, repr=False, compare=False
    )

    # ---- derived helpers -------------------------------------------------

    def tier_set(self) -> TierSet:
        if self._tier_set is None:
            self._tier_set = TierSet(
                tuple(self.tiers), tuple(self.signoff_tiers), tuple(self.support_labels)
            )
        return self._tier_set

    def canonical_key(self, key: str) -> str | None:
        """The known key *key* spells (aliases included), case-insensitively."""
        wanted = fold(key)
        for canonical, aliases in self.known_keys.items():
            if wanted == fold(canonical) or wanted in (fold(a) for a in aliases):
                return canonical
        return None

    def severity_for(self, code: str, default: Severity) -> Severity | None:
        """The configured severity of *code*, ``None`` when switched off."""
        setting = self.rules.get(code)
        if setting is None:
            return default
        if setting == "off":
            return None
        return Severity.parse(setting)

    # ---- which files are documents: the one place that decides ------------

    def classify(self, rel: str) -> DocumentKind | None:
        """What the file at *rel* is checked as; ``None``: featuredoc does not check it.

        *rel* is relative to the workspace root (``/`` or ``\\`` separated).
        A file an ``exclude`` glob matches is not checked; else the support
        file (``support_file``) is :attr:`DocumentKind.SUPPORT`, and a file an
        ``include`` glob matches is a feature document. Anything else (``README.md``, ``CHANGELOG.md``,
        ``docs/misc/*.pandoc``) is not checked. Folder scans, the workspace
        index and the language server all ask here.
        """
        norm = _normalise(rel)
        if any(fnmatch.fnmatchcase(norm, pattern) for pattern in self.exclude):
            return None
        if norm == _normalise(self.support_file):
            return DocumentKind.SUPPORT
        if any(fnmatch.fnmatchcase(norm, pattern) for pattern in self.include):
            return DocumentKind.FEATURE
        return None

    def classify_anywhere(self, path: str) -> DocumentKind | None:
        """What a file with no workspace root around it is checked as (``None``: nothing).

        For a file outside every workspace folder with no root above it: the
        trailing parts of its path are classified as if the root were just
        above them (``/tmp/x/docs/features/a.pandoc`` is a feature document,
        ``/tmp/x/README.md`` is nothing); a file any of them excludes is
        nothing.
        """
        parts = _normalise(path).split("/")
        tails = ["/".join(parts[i:]) for i in range(len(parts) - 1, -1, -1)]
        if any(fnmatch.fnmatchcase(tail, p) for tail in tails for p in self.exclude):
            return None
        for tail in tails:
            kind = self.classify(tail)
            if kind is not None:
                return kind
        return None

    def kind_of(self, path: str, text: str | None = None) -> DocumentKind:
        """The kind of a document that is checked whatever :meth:`classify` says.

        For a file named on the command line, standard input and an editor
        buffer without a file: SUPPORT when *text* (given when the content
        may decide) reads like a SUPPORT.md, under any name
        (:func:`featuredoc.model.sniff.looks_like_support`); else as
        :meth:`classify` says when it says anything; else SUPPORT when the
        file name is the support file's (``other/SUPPORT.md``), else a
        feature document.
        """
        if text is not None and looks_like_support(text):
            return DocumentKind.SUPPORT
        kind = self.classify(path)
        if kind is not None:
            return kind
        name = posixpath.basename(_normalise(path))
        support = posixpath.basename(_normalise(self.support_file))
        return DocumentKind.SUPPORT if name == support else DocumentKind.FEATURE

    def rewritable(self, rel: str) -> bool:
        """Whether fixes may be written to the file at *rel* (relative to the root, or absolute).

        Only a file named like a feature document (:data:`REWRITABLE_SUFFIXES`,
        in any case) or the configured support file itself: an ``include``
        glob such as ``**`` makes ``src/main.c`` checked, never rewritten.
        """
        norm = _normalise(rel)
        if posixpath.splitext(norm)[1].lower() in REWRITABLE_SUFFIXES:
            return True
        return bool(self.support_file) and norm == _normalise(self.support_file)

    def is_support_file(self, path: str) -> bool:
        """Whether *path* is checked as SUPPORT.md (:meth:`kind_of`)."""
        return self.kind_of(path) is DocumentKind.SUPPORT


def _normalise(path: str) -> str:
    norm = path.replace("\\", "/")
    while norm.startswith("./"):
        norm = norm[2:]
    return norm
