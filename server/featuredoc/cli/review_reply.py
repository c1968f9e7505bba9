"""The reply ``featuredoc review`` writes: what a series introduces, for a reviewer's e-mail.

:class:`Review` is plain data: the comments (each finding with the diff
lines it concerns), the findings the series fixes, its status changes,
the security sign-off verdict and further prompts. :func:`render_text`
writes it as a reply to paste into an e-mail (quoted lines start with
``>``), :func:`render_json` as JSON with the same content.
:func:`signoff_verdict` decides whether a sign-off is needed and carried.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from featuredoc.analysis.signoff import normalise_address, team_address
from featuredoc.cli.changes import StatusChange
from featuredoc.model.config import Config
from featuredoc.model.text import fold
from featuredoc.parser.mail import PatchMail, Trailer

#: The trailers that count as a sign-off when a security team member writes them.
SIGNOFF_TRAILERS = ("acked-by", "reviewed-by")
WIDTH = 72


@dataclass(slots=True)
class Comment:
    """A finding the series introduces, placed in the diff."""

    code: str
    severity: str
    message: str
    path: str  # relative to the project root, in the applied tree
    line: int  # 0-based
    range: dict[str, dict[str, int]]  # LSP units (UTF-16)
    patch: int | None  # index in the series of the patch it is quoted under; None: elsewhere
    file_header: str | None = None  # "diff --git a/x b/x"
    hunk_header: str | None = None  # "@@ -1,2 +1,3 @@"
    quoted: str | None = None  # the "+" line it concerns
    added_line: bool = False  # it stands on a line the series added


@dataclass(frozen=True, slots=True)
class Fixed:
    """A finding on the base that the applied series no longer has."""

    code: str
    path: str
    line: int  # 0-based, on the base
    message: str


@dataclass(slots=True)
class Signoff:
    """Whether the series needs the security team's sign-off and whether it carries one."""

    needed: list[str]  # the entries raised to a tier that needs a sign-off
    team: bool  # signoff.team is configured
    by: list[str]  # trailers from the team: "Acked-by: Name <address> ([PATCH] title)"
    others: list[str]  # Acked-by / Reviewed-by trailers from people not on the team

    @property
    def carried(self) -> bool:
        return bool(self.by)


@dataclass(slots=True)
class Review:
    base: str  # the revision as the user named it
    base_commit: str
    patches: list[PatchMail]
    comments: list[Comment]
    fixed: list[Fixed]
    changes: list[StatusChange]
    signoff: Signoff
    #: Further questions for the author, listed after the sign-off. Checks
    #: beyond the findings append theirs here (see ``review.further_prompts``).
    prompts: list[str] = field(default_factory=list)

    @property
    def wants_action(self) -> bool:
        """A sign-off is needed and missing."""
        return bool(self.signoff.needed) and not self.signoff.carried


# ---- the sign-off ---------------------------------------------------------------------------


def _needs(value: str | None, config: Config) -> bool:
    if value is None:
        return False
    tiers = config.tier_set()
    reading = tiers.read(value, support=True)
    return reading is not None and reading.tier is not None and tiers.needs_signoff(reading.tier)


def raised_to_signoff(changes: Sequence[StatusChange], config: Config) -> list[str]:
    """The changes that reach a tier needing a sign-off from one that did not (or from none)."""
    return [
        f"{c.source}: {c.name} ({c.old or 'new'} -> {c.new})"
        for c in changes
        if _needs(c.new, config) and not _needs(c.old, config)
    ]


def _team_trailer(trailer: Trailer, config: Config) -> bool | None:
    """True: from the team; False: not; None: the name is the team's, the address is not."""
    addresses = {a for a in (team_address(e) for e in config.signoff.team) if a is not None}
    address = normalise_address(trailer.email) if trailer.email else None
    if address is not None and address in addresses:
        return True
    names = {fold(e.split("<", 1)[0]) for e in config.signoff.team if "<" in e}
    return None if fold(trailer.name) in names else False


def signoff_verdict(
    patches: Sequence[PatchMail], changes: Sequence[StatusChange], config: Config
) -> Signoff:
    by: list[str] = []
    others: list[str] = []
    for patch in patches:
        for trailer in patch.trailers:
            if trailer.key.lower() not in SIGNOFF_TRAILERS:
                continue
            member = _team_trailer(trailer, config) if config.signoff.team else False
            shown = f"{trailer.text} ('{patch.title}')"
            if member:
                by.append(shown)
            elif member is None:
                others.append(f"{shown}: the team lists this name with another address")
            else:
                others.append(shown)
    return Signoff(raised_to_signoff(changes, config), bool(config.signoff.team), by, others)


# ---- text -----------------------------------------------------------------------------------


def _wrapped(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _finding_lines(comment: Comment, where: bool) -> list[str]:
    place = f"{comment.path}:{comment.line + 1}: " if where else ""
    return _wrapped(f"{place}{comment.code} ({comment.severity}): {comment.message}")


def _patch_comments(review: Review, index: int, comments: list[Comment]) -> list[str]:
    """The comments on one patch, each under the lines it concerns."""
    patch = review.patches[index]
    out = [f"On '{patch.subject}' ({patch.where}):", ""]
    file_header = hunk_header = None
    for comment in comments:
        quote: list[str] = []
        if comment.file_header != file_header:
            file_header, hunk_header = comment.file_header, None
            quote.append(f"> {file_header}")
        if comment.hunk_header != hunk_header:
            hunk_header = comment.hunk_header
            quote.append(f"> {hunk_header}")
        if comment.quoted is not None:
            quote.append(f"> {comment.quoted}")
        if quote:
            out += [*quote, ""]
        out += [*_finding_lines(comment, comment.quoted is None), ""]
    return out


def _comment_section(review: Review) -> list[str]:
    out: list[str] = []
    for index in range(len(review.patches)):
        mine = [c for c in review.comments if c.patch == index]
        if mine:
            out += _patch_comments(review, index, mine)
    elsewhere = [c for c in review.comments if c.patch is None]
    if elsewhere:
        out += ["In files the series does not change:", ""]
        for comment in elsewhere:
            out += [*_finding_lines(comment, True), ""]
    if not review.comments:
        out += ["The series brings no new findings.", ""]
    if review.fixed:
        out.append(f"The series resolves {len(review.fixed)} existing finding(s):")
        for fixed in review.fixed:
            out += _wrapped(f"{fixed.path}:{fixed.line + 1}: {fixed.code}: {fixed.message}", "  ")
        out.append("")
    return out


def _change_line(change: StatusChange) -> str:
    values = f"{change.old or '-'} -> {change.new or '-'}"
    extra = [change.kind]
    if change.renamed_from:
        extra.append(f"renamed from {change.renamed_from}")
    if change.security:
        extra.append(f"security support {change.security}")
    return f"{change.source}: {change.name}: {values} ({', '.join(extra)})"


def _signoff_section(signoff: Signoff, tiers: str) -> list[str]:
    if not signoff.needed:
        return [*_wrapped(f"Security sign-off: not needed (no status raised to {tiers})."), ""]
    out = _wrapped(f"Security sign-off: needed, the series raises to {tiers}:")
    out += [line for need in signoff.needed for line in _wrapped(need, "  ")]
    if signoff.carried:
        out.append("Signed off by the security team (signoff.team):")
        out += [line for by in signoff.by for line in _wrapped(by, "  ")]
    elif signoff.team:
        out += _wrapped(
            "The series carries no Acked-by or Reviewed-by from the security team "
            "(signoff.team): please get the security team's sign-off before this goes in."
        )
    else:
        out += _wrapped(
            "No security team is configured (signoff.team in .featuredoc.yaml), so no "
            "trailer can be told to be the security team's: please get the security "
            "team's sign-off (Acked-by or Reviewed-by) before this goes in."
        )
    if signoff.others and not signoff.carried:
        out.append(
            "Acks and reviews in the series:"
            if not signoff.team
            else "Acks and reviews that are not the security team's:"
        )
        out += [line for other in signoff.others for line in _wrapped(other, "  ")]
    return [*out, ""]


def render_text(review: Review, config: Config) -> str:
    count = len(review.patches)
    out = [
        f"featuredoc review of {count} patch{'es' if count != 1 else ''} "
        f"on {review.base} ({review.base_commit[:12]}):",
        "",
        *_comment_section(review),
    ]
    if review.changes:
        out.append("Support-status changes (SUPPORT.md as Xen's generator reads it):")
        out += [line for c in review.changes for line in _wrapped(_change_line(c), "  ")]
    else:
        out.append("Support-status changes: none (SUPPORT.md as Xen's generator reads it).")
    out.append("")
    out += _signoff_section(review.signoff, " or ".join(repr(t) for t in config.signoff_tiers))
    if review.prompts:
        out.append("Also:")
        out += [line for prompt in review.prompts for line in _wrapped(f"- {prompt}", "  ")]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---- JSON -----------------------------------------------------------------------------------


def render_json(review: Review) -> str:
    data = {
        "base": review.base,
        "base_commit": review.base_commit,
        "patches": [
            {"subject": p.subject, "author": p.author, "source": p.source, "line": p.line}
            for p in review.patches
        ],
        "findings": [asdict(c) for c in review.comments],
        "resolved": [asdict(f) for f in review.fixed],
        "changes": [asdict(c) for c in review.changes],
        "signoff": {
            "needed": review.signoff.needed,
            "team_configured": review.signoff.team,
            "carried": review.signoff.carried,
            "by": review.signoff.by,
            "others": review.signoff.others,
        },
        "prompts": review.prompts,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
