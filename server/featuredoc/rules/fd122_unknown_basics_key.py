"""FD122 unknown-basics-key: an unknown key in the Basics table.

## What it does
Checks every row of the Basics table against the known keys (by default
`Status`, `Architecture`, `Component`, `Hardware`, `Security sign-off`,
`Support entry`, with their aliases such as `Architecture(s)`,
`Architectures`, `Component(s)`, `Components`). Keys are compared
case-insensitively, and a qualified key (`Status, x86`) is read as its base
key. When an unknown key is really close to a known one (`Compnent`), the
message names it and a quick fix renames the key, keeping the colons
aligned. A row without a colon is reported as not being a `Key: value` row.

## Why is this bad?
Tools read the Basics table by key. A misspelled key is silently ignored:
`Compnent: Hypervisor` leaves the document without a component, and an
invented key is information nobody will find.

## Example
```
         Status: **Supported**

       Compnent: Hypervisor
```

## Use instead
```
         Status: **Supported**

      Component: Hypervisor
```

## Fix safety
The rename is safe: it only rewrites the key. The colon stays where it
is; a key too long for the key column widens the column in every line of
the table.

## Configuration
`known_keys` maps each known key to its aliases; `required_keys` and the
sign-off field (`signoff.field`) are known too.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.analysis.table_cells import replace_text
from featuredoc.model.config import Config
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.model.text import fold
from featuredoc.rules.base import Context, Fixability, Rule


def known_names(config: Config) -> list[str]:
    """Every known key spelling, canonical names first."""
    names: list[str] = []
    for canonical, aliases in config.known_keys.items():
        names.append(canonical)
        names.extend(aliases)
    names.extend(config.required_keys)
    names.append(config.signoff.field)
    return list(dict.fromkeys(names))


def is_known(key: str, config: Config) -> bool:
    base = fold(key.split(",", 1)[0])
    if config.canonical_key(base) is not None:
        return True
    return base in {fold(name) for name in known_names(config)}


def check(ctx: Context) -> Iterator[Report]:
    basics = ctx.document.basics
    if basics is None:
        return
    config = ctx.config
    names = known_names(config)
    for item in basics.fields:
        if ":" not in ctx.document.lines[item.line]:
            yield Report(
                item.key_span,
                f"'{item.key}' is not a 'Key: value' row; write the key, a colon and the value",
            )
            continue
        if is_known(item.key, config):
            continue
        base, comma, qualifier = item.key.partition(",")
        suggestion = closest(base, names)
        if suggestion:
            new = suggestion + (comma + qualifier if comma else "")
            edits = replace_text(ctx.document, item.key_span, new)
            yield Report(
                item.key_span,
                f"Unknown Basics key '{item.key}'; did you mean '{suggestion}'?",
                [Fix(f"Rename the key to '{new}'", edits, preferred=True)] if edits else [],
            )
        else:
            canonical = ", ".join(config.known_keys) or "none"
            yield Report(
                item.key_span,
                f"Unknown Basics key '{item.key}'; known keys: {canonical}",
            )


RULE = Rule(
    code="FD122",
    name="unknown-basics-key",
    severity=Severity.WARNING,
    check=check,
    summary="An unknown Basics key",
    fix=Fixability.AUTO,
    doc=__doc__ or "",
    settings=("known_keys", "required_keys"),
)
