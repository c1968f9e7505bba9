"""FD901 invalid-config: the configuration file cannot be read or is invalid.

## What it does
Reports a problem in `.featuredoc.yaml`: a YAML syntax error, an alias, an
unknown key (the message names a near-miss), a value of the wrong type, an
unknown rule code or severity in `rules`, a `signoff.team` entry that is not
an address. The finding is shown on the configuration file itself, at the
exact line and column. The command line prints it as
`path:line:col: message` and exits with status 2; the language server
publishes it on the file, shows a message, and keeps checking documents
with the default settings (or the editor's) until the file is fixed.

This rule applies to the configuration file, never to a document.

## Why is this bad?
A setting that is silently ignored is worse than none: a typo in
`signoff.team` or `rules` would quietly change what is checked.

## Example
```yaml
rules:
  FD103: of
signof:
  team: [security@example.org]
```

## Use instead
```yaml
rules:
  FD103: "off"
signoff:
  team: [security@example.org]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    """Documents are never checked: see :mod:`featuredoc.workspace.config_file`."""
    return iter(())


RULE = Rule(
    code="FD901",
    name="invalid-config",
    severity=Severity.ERROR,
    check=check,
    summary="Configuration file cannot be read or is invalid",
    applies_to=frozenset(),
    doc=__doc__ or "",
)
