"""FD702 missing-heading: a link's `#anchor` names no heading of the document it points to.

## What it does
Checks the anchor of each Markdown link to a heading: `[Basics](#basics)`
in the document itself, `[the template](template.pandoc#known-issues)` in
another feature document or SUPPORT.md of the workspace. An anchor is a
heading's identifier as pandoc makes it: the heading's text in lower case,
spaces written `-`, punctuation other than `_`, `-` and `.` left out
(`# Known issues` is `#known-issues`), or the identifier the heading
declares (`{#id}`); a second heading of the same text gets `-1`.

A link into a file that is not a document of the workspace is not checked
(its headings are not known), nor is a link into a missing file (FD701
reports that). When one heading's identifier is close to the anchor, the
finding names it and a quick fix writes it.

## Why is this bad?
A link to a heading that is not there takes the reader to the top of the
page, or nowhere: renaming a heading silently breaks every link to it.

## Example
```
See [the limitations](#limitation).

# Limitations
```

## Use instead
```
See [the limitations](#limitations).
```

## Fix safety
The quick fix is offered in the editor only: the heading it names is a
guess from the spelling.
"""

from __future__ import annotations

from collections.abc import Iterator

from featuredoc.analysis.path_refs import (
    PathReference,
    State,
    closest_anchor,
    heading_anchors,
    path_references,
    relative_path,
    resolve,
)
from featuredoc.analysis.table_cells import replace_text
from featuredoc.model.document import Document
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.rules.base import ANY, Context, Fixability, Rule


def _documents(ctx: Context) -> dict[str, Document]:
    """The workspace's documents by path from the tree's root."""
    tree, workspace = ctx.inputs.listing(), ctx.inputs.workspace
    if tree is None or workspace is None:
        return {}
    support = workspace.support()
    found: dict[str, Document] = {}
    for doc in (*workspace.features(), *([support] if support is not None else [])):
        rel = relative_path(doc.path, tree.root)
        if rel is not None:
            found[rel] = doc
    return found


def _target(ctx: Context, ref: PathReference, documents: dict[str, Document]) -> Document | None:
    """The document *ref* points into, when the workspace has it."""
    doc = ctx.document
    if not ref.path:
        return doc
    tree = ctx.inputs.listing()
    if tree is None:
        return None
    found = resolve(ref, doc.path, tree)
    if found.state is not State.FOUND or found.path is None:
        return None  # a missing file is FD701's
    if found.path == relative_path(doc.path, tree.root):
        return doc
    return documents.get(found.path)


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    refs = [r for r in path_references(doc) if r.anchor is not None]
    documents = _documents(ctx) if any(r.path for r in refs) else {}
    for ref in refs:
        target = _target(ctx, ref, documents)
        if target is None or ref.anchor is None or ref.anchor_span is None:
            continue
        anchors = heading_anchors(target)
        if ref.anchor in anchors:
            continue
        where = "this document" if target is doc else f"'{ref.path}'"
        message = f"'#{ref.anchor}' names no heading of {where}"
        fixes: list[Fix] = []
        near = closest_anchor(ref.anchor, list(anchors))
        if near is not None:
            message += f"; did you mean '#{near}'?"
            edits = replace_text(doc, ref.anchor_span, near)
            if edits:
                fixes.append(Fix(f"Change to '#{near}'", edits, preferred=True))
        yield Report(ref.anchor_span, message, fixes)


def _whole_document(ctx: Context) -> Iterator[Report]:
    """Nothing beyond the local part: each path is checked where it is written."""
    return iter(())


RULE = Rule(
    code="FD702",
    name="missing-heading",
    severity=Severity.WARNING,
    check=_whole_document,
    local=check,
    summary="Link names a heading that the document it points to does not have",
    applies_to=ANY,
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
)
