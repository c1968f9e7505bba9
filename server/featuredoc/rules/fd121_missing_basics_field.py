"""FD121 missing-basics-field: a required Basics field is missing.

## What it does
Checks that the Basics table has a row for every required key (by default
`Status` and `Component`). Key aliases count as the key (`Component(s)` and
`Components` are `Component`), keys are compared case-insensitively, and a
qualified key (`Status, x86`) counts as its base key, and a misspelled key
(`Compnent`) is reported by FD122 instead. A missing `Status` is
reported by FD204 instead, unless that rule is switched off. A document
without a Basics table is reported by FD120 (or FD101) only.

## Why is this bad?
Readers and tools need to know what a status applies to: which component
(hypervisor, toolstack, guest) carries the feature, and so who maintains it
and where a security issue would be fixed.

## Example
```
---------------- ----------------------------------------------------
         Status: **Supported**
---------------- ----------------------------------------------------
```

## Use instead
```
---------------- ----------------------------------------------------
         Status: **Supported**

      Component: Hypervisor
---------------- ----------------------------------------------------
```

## Configuration
`required_keys` lists the required keys; `known_keys` gives their aliases.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.similarity import closest
from featuredoc.model.config import Config
from featuredoc.model.findings import Report, Severity
from featuredoc.model.text import Span, fold
from featuredoc.rules._coverage import reported_by
from featuredoc.rules.base import Context, Rule
from featuredoc.rules.fd122_unknown_basics_key import is_known, known_names

#: Required keys another rule reports more precisely when missing.
DEFERRED = {"status": "FD204"}


def key_name(key: str, config: Config) -> str:
    """The canonical spelling of a Basics key (``Status, x86`` → ``Status``), folded."""
    base = key.split(",", 1)[0]
    return fold(config.canonical_key(base) or base)


def check(ctx: Context) -> Iterator[Report]:
    basics = ctx.document.basics
    if basics is None:
        return  # FD120
    config = ctx.config
    present = {key_name(item.key, config) for item in basics.fields}
    if reported_by("FD122", ctx):  # a misspelled key is reported as such
        names = known_names(config)
        for item in basics.fields:
            if not is_known(item.key, config):
                suggestion = closest(item.key.split(",", 1)[0], names)
                if suggestion:
                    present.add(key_name(suggestion, config))
    top = basics.table.top_border
    anchor = Span.on_line(top, 0, len(ctx.document.lines[top]))
    for required in config.required_keys:
        wanted = key_name(required, config)
        if wanted in present:
            continue
        deferred = DEFERRED.get(wanted)
        if deferred and reported_by(deferred, ctx):
            continue
        aliases = config.known_keys.get(config.canonical_key(required) or required, [])
        also = f" (or {', '.join(aliases)})" if aliases else ""
        yield Report(anchor, f"The Basics table has no '{required}' row{also}")


RULE = Rule(
    code="FD121",
    name="missing-basics-field",
    severity=Severity.ERROR,
    check=check,
    summary="A required Basics field is missing",
    doc=__doc__ or "",
    settings=("required_keys", "known_keys"),
)
