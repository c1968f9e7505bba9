"""Support tiers: their names, meanings and how status values are read.

The default definitions follow the "Definition of Status labels" section of
the Xen Project's SUPPORT.md: four properties per base tier, and the three
"diversions" of Supported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from featuredoc.model.text import fold, squash


@dataclass(frozen=True, slots=True)
class Tier:
    """A support tier a status value may name."""

    name: str
    security_supported: bool
    description: str = ""
    properties: tuple[tuple[str, str], ...] = ()

    @property
    def base(self) -> str:
        return self.name.split(",", 1)[0].strip()

    @property
    def qualifier(self) -> str | None:
        parts = self.name.split(",", 1)
        return parts[1].strip() if len(parts) == 2 else None

    def documentation(self) -> str:
        """Markdown shown in completion items and hovers."""
        lines = [f"**{self.name}**", ""]
        if self.description:
            lines += [self.description, ""]
        for key, value in self.properties:
            lines.append(f"- {key}: {value}")
        lines.append(
            "- Security supported: "
            + ("**yes**: the security team issues advisories" if self.security_supported else "no")
        )
        return "\n".join(lines).rstrip()


_PROPS = "Functional completeness", "Functional stability", "Interface stability"

DEFAULT_TIERS: tuple[Tier, ...] = (
    Tier(
        "Supported",
        True,
        "Functionally complete, ready for production use, interface stable.",
        tuple(zip(_PROPS, ("Yes", "Normal", "Yes"), strict=False)),
    ),
    Tier(
        "Tech Preview",
        False,
        "Complete but quirky; recommended for experimenting, not for production.",
        tuple(zip(_PROPS, ("Yes", "Quirky", "Provisionally stable"), strict=False)),
    ),
    Tier(
        "Experimental",
        False,
        "Incomplete and likely to fail ('here be dragons').",
        tuple(zip(_PROPS, ("No", "Here be dragons", "Not stable"), strict=False)),
    ),
    Tier(
        "Deprecated",
        True,
        "Still complete and security supported, but may disappear in the next release.",
        tuple(zip(_PROPS, ("Yes", "Quirky", "No (may disappear the next release)"), strict=False)),
    ),
    Tier(
        "Supported, Not security supported",
        False,
        "Functionally complete, normal stability, interface stable, but no security support.",
        tuple(zip(_PROPS, ("Yes", "Normal", "Yes"), strict=False)),
    ),
    Tier(
        "Supported, Security support external",
        False,
        "Security supported by a different organization, which defines the extent of support.",
        tuple(zip(_PROPS, ("Yes", "Normal", "Yes"), strict=False)),
    ),
    Tier(
        "Supported, with caveats",
        True,
        "Security supported only under certain conditions or for certain aspects; "
        "the description gives the details.",
        tuple(zip(_PROPS, ("Yes", "Normal", "Yes"), strict=False)),
    ),
)

#: Labels SUPPORT.md may use besides the tiers: the Xen Project's own
#: wording (``Support scope restricted`` heads its QEMU device list,
#: ``No security support, not recommended`` has qualified device models).
DEFAULT_SUPPORT_EXTRA_LABELS: tuple[str, ...] = (
    "Not supported",
    "Not implemented",
    "Not functional",
    "No security support",
    "Support scope restricted",
)

#: Wordings people write for a tier that are too far from its name for a
#: spelling suggestion: a status starting with one gets "did you mean" its tier.
DEFAULT_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("Technical Preview", "Tech Preview"),
    ("Preview", "Tech Preview"),
)

#: Tiers whose status needs a security sign-off by default.
DEFAULT_SIGNOFF_TIERS: tuple[str, ...] = ("Supported", "Supported, with caveats")

BOLD = re.compile(r"^(\*\*|__)(.*?)(\1)$", re.S)
#: A value whose label alone is bold: ``**Tech Preview**, with limited support``.
_BOLD_HEAD = re.compile(r"^(\*\*|__)([^*_]+?)\1(?=[\s,(]|$)")


@dataclass(frozen=True, slots=True)
class StatusReading:
    """What a status value says: the label it starts with, and what follows."""

    label: str  # as configured (a tier's name, or a SUPPORT.md label)
    tier: Tier | None  # the tier the label names; None for a SUPPORT.md-only label
    qualifier: str  # the words after the label (``with limited support``), "" when none
    bold: bool = False  # the label alone was bold (``**Tech Preview** (x86 only)``)


@dataclass(slots=True)
class TierSet:
    """The tiers a project allows, with lookups."""

    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    signoff_tiers: tuple[str, ...] = DEFAULT_SIGNOFF_TIERS
    support_extra_labels: tuple[str, ...] = DEFAULT_SUPPORT_EXTRA_LABELS
    _by_key: dict[str, Tier] = field(default_factory=dict, init=False, repr=False)
    _labels: list[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {_key(t.name): t for t in self.tiers}

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tiers]

    def lookup(self, value: str) -> Tier | None:
        """The tier *value* names exactly (base case-sensitive, qualifier not)."""
        return self._by_key.get(_key(value))

    def get(self, name: str) -> Tier | None:
        for tier in self.tiers:
            if tier.name == name:
                return tier
        return None

    def needs_signoff(self, tier: Tier) -> bool:
        wanted = {_key(n) for n in self.signoff_tiers}
        return _key(tier.name) in wanted

    def read(
        self, value: str, *, support: bool = False, labels: Sequence[str] = ()
    ) -> StatusReading | None:
        """Read a status value the way SUPPORT.md writes them; ``None``: no known label.

        The one reader of status values, for feature documents and SUPPORT.md
        alike: a tier, or a diversion, alone (``Supported, with caveats``,
        qualifier in any case); or one followed by a free qualifier after a
        comma or in parentheses (``Tech Preview, with limited support``,
        ``Tech Preview (x86 only)``), the longest tier winning. With
        *support* (a SUPPORT.md line), also any of *labels* (default:
        :meth:`support_labels`) followed by anything after a word boundary
        (``Supported up to 12 TiB``, ``Not supported.``). Tier names are
        case-sensitive. Bold around the label alone is read through.
        """
        text, bold = unbold_label(value.strip())
        tier = self.lookup(text)
        if tier is not None:
            return StatusReading(tier.name, tier, "", bold)
        for end in _qualifier_starts(text):
            tier = self.lookup(text[:end])
            if tier is not None:
                qualifier = text[end:].strip().lstrip(",").strip()
                if text[end:].lstrip().startswith("("):
                    qualifier = qualifier[1:-1].strip()
                if any(char.isalnum() for char in qualifier):
                    return StatusReading(tier.name, tier, qualifier, bold)
        if not support:
            return None
        m = label_pattern(tuple(labels or self.support_labels())).match(text)
        if m is None:
            return None
        label = m.group(0)
        rest = text[m.end() :].strip().lstrip(",").strip()
        return StatusReading(label, self.lookup(label), rest, bold)

    def synonym(self, value: str) -> tuple[str, int] | None:
        """The tier a wording such as ``Technical Preview`` at the start of *value* means.

        Returns the tier's name and the length of the wording in *value*;
        ``None`` when *value* starts with none (or its tier is not configured).
        """
        for wording, name in sorted(DEFAULT_SYNONYMS, key=lambda s: len(s[0]), reverse=True):
            if self.get(name) is None:
                continue
            m = _synonym_pattern(wording).match(value)
            if m is not None:
                return name, m.end()
        return None

    def support_labels(self) -> list[str]:
        """Labels a SUPPORT.md status value may start with, longest first."""
        if self._labels is None:
            labels = {t.name for t in self.tiers} | {t.base for t in self.tiers}
            labels |= set(self.support_extra_labels)
            self._labels = sorted(labels, key=len, reverse=True)
        return list(self._labels)


def _qualifier_starts(text: str) -> list[int]:
    """Where a free qualifier may start in *text*: its commas, and a ``(`` closed at the
    end; the last first (so that a diversion wins over its base tier)."""
    starts = [i for i, char in enumerate(text) if char == ","]
    if text.endswith(")"):
        opening = text.rfind("(")
        if opening > 0 and text[opening - 1].isspace():
            starts.append(opening)
    return sorted(set(starts), reverse=True)


def unbold_label(text: str) -> tuple[str, bool]:
    """*text* with bold around its leading label alone removed, and whether there was."""
    head = _BOLD_HEAD.match(text)
    if head is None:
        return text, False
    return head.group(2).strip() + text[head.end() :], True


@functools.lru_cache(maxsize=32)
def label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Matches a value (bold taken off, :func:`unbold_label`) that starts with one of *labels*.

    Whatever it matches, :meth:`TierSet.read` with ``support=True`` reads.
    """
    # longest first, so "Supported, with caveats" wins over "Supported"
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![\w-])")


@functools.lru_cache(maxsize=16)
def _synonym_pattern(wording: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in wording.split())
    return re.compile(rf"(?:{words})(?![\w-])", re.IGNORECASE)


def _key(value: str) -> str:
    """Base tier case-sensitive, the diversion qualifier case-insensitive."""
    parts = value.split(",", 1)
    base = squash(parts[0])
    if len(parts) == 1:
        return base
    return base + "," + fold(parts[1])


def strip_bold(text: str) -> tuple[str, int, bool]:
    """Remove one pair of ``**``/``__`` around *text*.

    Returns the inner text, the offset of the inner text in *text*, and
    whether it was bold.
    """
    m = BOLD.match(text)
    if m and m.group(2).strip():
        inner = m.group(2)
        lead = len(inner) - len(inner.lstrip())
        return inner.strip(), 2 + lead, True
    return text, 0, False
