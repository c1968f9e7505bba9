"""FD905 document-too-large: the document is larger than `max_document_size`.

## What it does
Reported at the first line of a document larger than the
`max_document_size` setting (in bytes of UTF-8; 2 MiB by default). Such a
document is not analysed at all: no other finding is reported for it, and
the workspace index (completion, cross-document checks, the support
matrix) sees it as empty. The command line, the language server's open
documents and the workspace's unopened files all apply the same limit.

The engine reports this code itself, before parsing; an inline
`disable-file` comment cannot silence it (the document is never read for
comments). Switch it off with `rules: {FD905: "off"}`: the document is
then skipped silently.

## Why is this bad?
Real feature documents and SUPPORT.md are tens of kilobytes. A file of
megabytes is generated or hostile, and analysing it would stall the editor
and the CI job for minutes and use gigabytes of memory.

## Example
A 5 MB file of headings in `docs/features/`.

## Use instead
Split the document, or, when a real document does need more, raise the
limit in `.featuredoc.yaml`:

```yaml
max_document_size: 4194304  # 4 MiB
```
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.model.findings import Report, Severity
from featuredoc.rules.base import ANY, Context, Rule


def check(ctx: Context) -> Iterator[Report]:
    """The engine measures documents before parsing; see :mod:`featuredoc.engine`."""
    return iter(())


RULE = Rule(
    code="FD905",
    name="document-too-large",
    severity=Severity.ERROR,
    check=check,
    summary="Document is larger than max_document_size and was not analysed",
    applies_to=ANY,
    doc=__doc__ or "",
    settings=("max_document_size",),
)
