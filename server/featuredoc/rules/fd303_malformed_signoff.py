"""FD303 malformed-signoff: a security sign-off that cannot be relied on.

## What it does
Checks every security sign-off (Basics row or YAML metadata) for an e-mail
address in angle brackets, a date, a valid `YYYY-MM-DD` date, and a date
that is not in the future.

## Why is this bad?
A sign-off records who on the security team accepted the support status and
when. Without an address it cannot be checked against the team; without a
valid date it cannot be compared with the document's History.

## Example
```
Security sign-off: Jane Doe, 2024-13-01
```

## Use instead
```
Security sign-off: Jane Doe <jane@example.org>, 2024-12-01
```
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def parse_date(text: str) -> dt.date | None:
    if not DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check(ctx: Context) -> Iterator[Report]:
    for signoff in ctx.document.signoffs:
        who = signoff.raw.strip() or "(empty)"
        if signoff.email is None:
            yield Report(
                signoff.span,
                f"Security sign-off '{who}' has no e-mail address; "
                "write 'Name <email>, YYYY-MM-DD'",
            )
        elif not EMAIL.match(signoff.email.strip()):
            yield Report(
                signoff.email_span or signoff.span,
                f"'{signoff.email}' in the security sign-off is not an e-mail address",
            )
        if not signoff.date:
            yield Report(
                signoff.span,
                "Security sign-off has no date; write 'Name <email>, YYYY-MM-DD'",
            )
            continue
        date = parse_date(signoff.date.strip())
        where = signoff.date_span or signoff.span
        if date is None:
            yield Report(where, f"'{signoff.date}' is not a valid date; write it as YYYY-MM-DD")
        elif date > ctx.inputs.today:
            yield Report(where, f"Security sign-off date {signoff.date} is in the future")


RULE = Rule(
    code="FD303",
    name="malformed-signoff",
    severity=Severity.ERROR,
    check=check,
    summary="Malformed security sign-off (no e-mail, no date, invalid or future date)",
    doc=__doc__ or "",
)
