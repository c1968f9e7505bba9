"""Support tiers: their names, meanings and how status values are read.

The default definitions follow the "Definition of Status labels" section of
the Xen Project's SUPPORT.md: four properties per base tier, and the three
"diversions" of Supported.
"""

from __future__ import annotations

import re
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

#: Tiers whose status needs a security sign-off by default.
DEFAULT_SIGNOFF_TIERS: tuple[str, ...] = ("Supported", "Supported, with caveats")

BOLD = re.compile(r"^(\*\*|__)(.*?)(\1)$", re.S)


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

    def support_labels(self) -> list[str]:
        """Labels a SUPPORT.md status value may start with, longest first."""
        if self._labels is None:
            labels = {t.name for t in self.tiers} | {t.base for t in self.tiers}
            labels |= set(self.support_extra_labels)
            self._labels = sorted(labels, key=len, reverse=True)
        return list(self._labels)


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
