"""FD302 signoff-not-on-team: a security sign-off by someone not on the security team.

## What it does
When `signoff.team` lists the security team (entries `Name <email>` or bare
e-mail addresses), every sign-off's e-mail address must be one of theirs.
Without a configured team this rule reports nothing.

Addresses are compared as follows:

- an address holding a non-ASCII character never matches (a Cyrillic `а`
  posing as a Latin `a`, or fullwidth `ｊａｎｅ＠…`, is not the team
  member's address, even where Unicode normalisation would make it so);
- the domain is compared case-insensitively, the local part (before `@`)
  exactly, as RFC 5321 leaves its case to the receiving server;
- an address with a trailing dot, an empty part or a second `@` never
  matches;
- only the address counts: the right name with another address is
  reported (the message names the address the team lists for that name).

A sign-off without an e-mail address is FD303's concern.

## Why is this bad?
The sign-off records that the security team accepted the support promise.
A sign-off by anyone else, or by an address made to look like a team
member's, gives a false assurance.

## Example
With `signoff: {team: ["Jane Doe <jane@example.org>"]}`:
```
Security sign-off: Jane Doe <jane@example.net>, 2024-05-02
```

## Use instead
```
Security sign-off: Jane Doe <jane@example.org>, 2024-05-02
```

## Configuration
`signoff.team` lists the security team; `signoff.field` and
`signoff.metadata_key` name where sign-offs are written. In the editor, a
quick fix adds the signer (`Name <email>`) to `signoff.team` in the
workspace's `.featuredoc.yaml`, keeping the file's comments and layout:
for when the team has grown, not for an address made to look like a
member's.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.signoff import normalise_address, team_address
from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import fold
from featuredoc.rules.base import Context, Rule


def _team_name(entry: str) -> str:
    return entry.split("<", 1)[0].strip() if "<" in entry else ""


def check(ctx: Context) -> Iterator[Report]:
    team = ctx.config.signoff.team
    if not team:
        return
    addresses = {a for a in (team_address(e) for e in team) if a is not None}
    for signoff in ctx.document.signoffs:
        if signoff.email is None:
            continue
        address = normalise_address(signoff.email)
        if address is not None and address in addresses:
            continue
        shown = signoff.email.strip()
        where = signoff.email_span or signoff.span
        name = fold(signoff.name)
        listed = [e for e in team if name and fold(_team_name(e)) == name]
        if address is None:
            reason = (
                f"'{shown}' is not a plain ASCII e-mail address and cannot match the "
                "security team (signoff.team)"
            )
        elif listed:
            reason = (
                f"'{shown}' is not a security team address; the team lists "
                f"{signoff.name.strip()} as {listed[0].split('<', 1)[1].rstrip('>')}"
            )
        else:
            reason = f"'{shown}' is not on the security team (signoff.team)"
        yield Report(where, f"Security sign-off by someone not on the team: {reason}")


RULE = Rule(
    code="FD302",
    name="signoff-not-on-team",
    severity=Severity.ERROR,
    check=check,
    summary="Security sign-off by someone not on the configured security team",
    doc=__doc__ or "",
    settings=("signoff.team", "signoff.field", "signoff.metadata_key"),
)
