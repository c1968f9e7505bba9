"""What to show when the pointer rests on part of a feature document.

Pure: takes the parsed :class:`~featuredoc.model.document.Document` and a code-point
position, returns Markdown and the span it describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from featuredoc.analysis.crossdoc import (
    SUPPORT_ENTRY_KEY,
    SupportEntries,
    document_name,
    entry_markdown,
    explicit_entry,
    match_entry,
)
from featuredoc.analysis.sections import heading_names
from featuredoc.analysis.status import status_values
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind, SignOff
from featuredoc.model.text import Position, Span, fold, squash
from featuredoc.model.tiers import Tier


@dataclass(frozen=True, slots=True)
class HoverInfo:
    markdown: str
    span: Span


def hover_at(
    doc: Document,
    config: Config,
    pos: Position,
    definitions: Mapping[str, Tier] | None = None,
    guidance: Mapping[str, str] | None = None,
    entries: SupportEntries | None = None,
) -> HoverInfo | None:
    """The hover for *pos*, or ``None`` when there is nothing to say.

    *definitions* are the workspace's SUPPORT.md labels, *guidance* the
    workspace template's text per section (see :func:`template_guidance`);
    both win over the configured wording. *entries*: the workspace's
    SUPPORT.md entries, shown on the ``Support entry`` row and the title.
    """
    info = _heading_hover(doc, config, pos, guidance or {})
    if info is not None:
        return info
    if entries is not None and doc.kind is DocumentKind.FEATURE:
        info = _entry_hover(doc, config, pos, entries)
        if info is not None:
            return info
    for find in (_status_hover, _signoff_hover, _comment_hover):
        info = find(doc, config, pos, definitions or {})
        if info is not None:
            return info
    return None


def template_guidance(template: Document) -> dict[str, str]:
    """Section title → the guidance paragraphs the template writes under it."""
    from featuredoc.model.document import BlockType

    found: dict[str, str] = {}
    for section in template.top_sections():
        parts = []
        for block in template.blocks:
            if block.type is not BlockType.PARAGRAPH:
                continue
            if section.first_content_line <= block.first <= section.last_line:
                if template.section_at_line(block.first) is not section:
                    continue
                lines = template.lines[block.first : block.last + 1]
                parts.append(squash(" ".join(lines)))
        if parts:
            found[fold(section.title)] = "\n\n".join(parts)
    return found


# ---- status values ---------------------------------------------------------


def tier_markdown(tier: Tier) -> str:
    """A tier's definition: the four properties and whether it is security supported."""
    return tier.documentation()


def _definition(name: str, config: Config, definitions: Mapping[str, Tier]) -> Tier | None:
    configured = config.tier_set().lookup(name)
    if configured is not None:
        own = definitions.get(configured.name)
        if own is None:
            return configured
        return Tier(
            configured.name,
            own.security_supported,
            configured.description,
            own.properties or configured.properties,
        )
    for label, tier in definitions.items():
        if fold(label) == fold(name):
            return tier
    return None


def _status_hover(
    doc: Document, config: Config, pos: Position, definitions: Mapping[str, Tier]
) -> HoverInfo | None:
    if doc.kind is DocumentKind.FEATURE:
        for status in status_values(doc, config):
            if status.span.contains(pos) and status.text:
                # the tier the value names, a qualifier after it or not
                name = status.tier.name if status.tier is not None else status.text
                tier = _definition(name, config, definitions)
                if tier is None:
                    return None
                return HoverInfo(tier_markdown(tier), status.span)
        return None
    for line in doc.status_lines:
        if not line.value_span.contains(pos):
            continue
        value = line.value.strip().strip("*_")
        labels = sorted({*config.tier_set().support_labels(), *definitions}, key=len, reverse=True)
        for label in labels:
            if fold(value).startswith(fold(label)):
                tier = _definition(label, config, definitions)
                if tier is not None:
                    return HoverInfo(tier_markdown(tier), line.value_span)
                return HoverInfo(f"**{label}**", line.value_span)
    return None


# ---- the SUPPORT.md entry -----------------------------------------------------


def _entry_hover(
    doc: Document, config: Config, pos: Position, entries: SupportEntries
) -> HoverInfo | None:
    """The linked entry and its statuses, on the ``Support entry`` row or the title."""
    _, row = explicit_entry(doc, config)
    own = document_name(doc, config)
    if row is not None and (row.key_span.contains(pos) or row.value_span.contains(pos)):
        span = row.value_span if row.value.strip() else row.key_span
    elif row is None and own is not None and own.span.contains(pos):
        span = own.span
    else:
        return None
    match = match_entry(doc, entries, config, suggest=False)
    if match.entry is not None:
        how = (
            f"Linked by its `{SUPPORT_ENTRY_KEY}` row."
            if match.explicit_name
            else f"Linked by inference ({match.inference.route}); a `{SUPPORT_ENTRY_KEY}` "
            "row in the Basics table makes it explicit."
        )
        return HoverInfo(entry_markdown(match.entry) + "\n\n" + how, span)
    if match.explicit_name:
        return HoverInfo(f"SUPPORT.md has no heading '{match.explicit_name}'.", span)
    if match.inference.candidates:
        names = ", ".join(f"'{c}'" for c in match.inference.candidates)
        return HoverInfo(f"Linked to no SUPPORT.md entry: it could be {names}.", span)
    return HoverInfo("Linked to no SUPPORT.md entry.", span)


# ---- section headings ------------------------------------------------------


def _heading_hover(
    doc: Document, config: Config, pos: Position, own: Mapping[str, str]
) -> HoverInfo | None:
    if doc.kind is not DocumentKind.FEATURE:
        return None
    wanted = {fold(name): name for name in config.sections}
    for section in doc.top_sections():
        heading = section.heading
        if not heading.line_span.contains(pos):
            continue
        names = [wanted[n] for n in heading_names(heading.title) if n in wanted]
        if not names:
            return None
        parts = []
        for name in names:
            index = config.sections.index(name) + 1
            guidance = own.get(fold(name)) or config.section_guidance.get(name, "")
            parts.append(
                f"**{name}** (template section {index} of {len(config.sections)})"
                + (f"\n\n{guidance}" if guidance else "")
            )
        return HoverInfo("\n\n---\n\n".join(parts), heading.span)
    return None


# ---- security sign-offs ----------------------------------------------------


def team_member(signoff: SignOff, team: list[str]) -> bool:
    """Whether *signoff*'s address is on *team*, compared as FD302 compares them."""
    from featuredoc.analysis.signoff import normalise_address, team_address

    if not signoff.email:
        return False
    address = normalise_address(signoff.email)
    return address is not None and address in {team_address(e) for e in team}


def _signoff_hover(
    doc: Document, config: Config, pos: Position, definitions: Mapping[str, Tier]
) -> HoverInfo | None:
    for signoff in doc.signoffs:
        if not signoff.span.contains(pos):
            continue
        who = signoff.name or "(no name)"
        if signoff.email:
            who += f" <{signoff.email}>"
        lines = [f"**Security sign-off** by {who}"]
        lines.append(f"Date: {signoff.date}" if signoff.date else "Date: (none given)")
        team = config.signoff.team
        if not team:
            lines.append("No security team is configured (`signoff.team`).")
        elif team_member(signoff, team):
            lines.append("On the configured security team.")
        else:
            lines.append("**Not** on the configured security team (`signoff.team`).")
        return HoverInfo("\n\n".join(lines), signoff.span)
    return None


# ---- suppression comments --------------------------------------------------


def _comment_hover(
    doc: Document, config: Config, pos: Position, definitions: Mapping[str, Tier]
) -> HoverInfo | None:
    for comment in doc.comments:
        if not comment.span.contains(pos):
            continue
        from featuredoc.analysis.suppressions import directives
        from featuredoc.rules import BY_CODE

        for directive in directives(doc):
            if not directive.span.contains(pos):
                continue
            if directive.action == "disable-file":
                lines = ["Silences these codes in the whole file:", ""]
            elif directive.action == "disable":
                lines = ["Silences these codes in the block that follows:", ""]
            else:
                lines = [f"`{directive.action}` is not a featuredoc directive.", ""]
            if not directive.codes:
                lines = [lines[0].replace("these codes", "nothing: no code is listed")]
            for ref in directive.codes:
                rule = BY_CODE.get(ref.code)
                if rule is None:
                    lines.append(f"- `{ref.code}`: not a featuredoc code")
                else:
                    lines.append(f"- `{ref.code}` ({rule.name}): {rule.summary}")
            if directive.reason:
                lines += ["", f"Reason: {directive.reason}"]
            return HoverInfo("\n".join(lines).rstrip(), directive.span)
        return None
    return None
