"""FD701 missing-path: a path or link names a file that is not in the tree.

## What it does
Reads the paths a document writes (in backticks, bare in the text, and the
targets of Markdown links) and looks each up in the project's tree:

- a path in backticks or in the text is read from the tree's root
  (`docs/misc/xen-command-line.pandoc`), else from the document's folder;
  a Markdown link's target (`[the template](template.pandoc)`) from the
  document's folder, its %-escapes read as a browser reads them
  (`a%20b.pandoc` is `a b.pandoc`);
- a glob (`tools/libs/guest/xg_sr_*.[hc]`) must match a file, and each
  alternative of `{read,write}` must exist.

Only paths whose folder is in the tree are checked: a file missing from a
folder that exists is a broken name, while a folder missing from the tree
says nothing (a copy of the documentation alone has no `tools/` or `xen/`;
a sparse checkout lacks whole folders). Not checked either: URLs, absolute
paths (`/path/to/save/file`), example paths (`path/to/...`, `<domain>/...`),
globs after a document's first hundred, a single word in backticks (`xl.cfg` is a file name, not a path in the
tree), prose such as `and/or` or `x86/ARM` (a bare path needs a file suffix
or three parts), and text in code blocks and comments.

When one existing file in the same folder is clearly meant (the same name
with another suffix, or the one name close in spelling), the finding names
it and a quick fix writes it.

## Why is this bad?
Feature documents point developers to the code and the documents that
explain a feature. A path that no longer exists (a file renamed from
`.markdown` to `.pandoc`, a library moved) sends them nowhere, and nothing
else notices: the document still builds.

## Example
```
Other parameters are available (see `docs/misc/xen-command-line.markdown`).
```
when the file is `docs/misc/xen-command-line.pandoc`.

## Use instead
```
Other parameters are available (see `docs/misc/xen-command-line.pandoc`).
```

## Fix safety
The quick fix is offered in the editor only: the file it names is a guess
from the names in the folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from featuredoc.analysis.path_refs import State, path_references, replacement, resolve
from featuredoc.analysis.table_cells import replace_text
from featuredoc.model.findings import Fix, Report, Severity
from featuredoc.model.tree import expand, has_pattern
from featuredoc.rules.base import ANY, Context, Fixability, Rule


def _message(written: str, path: str, tree_has: list[str]) -> str:
    folder = posixpath.dirname(path) or "the root"
    if any(c in path for c in "*?[") and not tree_has:
        return f"'{written}' matches no file in {folder}"
    if tree_has:
        return f"'{written}' names {', '.join(tree_has)}, which is not in the tree"
    return f"'{written}' is not in the tree ({folder} has no '{posixpath.basename(path)}')"


def check(ctx: Context) -> Iterator[Report]:
    doc = ctx.document
    refs = [ref for ref in path_references(doc) if ref.path]
    tree = ctx.inputs.listing() if refs else None  # the tree is listed only when needed
    if tree is None:
        return
    suggested = globs = 0
    for ref in refs:
        globs += has_pattern(ref.path)
        found = resolve(
            ref, doc.path, tree, suggest=suggested < MAX_SUGGESTIONS, globs=globs <= MAX_GLOBS
        )
        if found.state is not State.MISSING or found.path is None:
            continue
        suggested += 1
        missing = [p for p in expand(found.path) if not tree.exists(p)] if "{" in found.path else []
        message = _message(ref.written or ref.path, found.path, missing)
        fixes: list[Fix] = []
        if found.suggestion is not None:
            message += f"; did you mean '{found.suggestion}'?"
            new = replacement(ref, found.path, found.suggestion)
            edits = replace_text(doc, ref.span, new) if new is not None else None
            if edits:
                fixes.append(Fix(f"Change to '{new}'", edits, preferred=True))
        yield Report(ref.span, message, fixes)


#: Missing paths a document gets a suggestion for, and globs checked, at most (each
#: reads its folder's names).
MAX_SUGGESTIONS = 100
MAX_GLOBS = 100


def _whole_document(ctx: Context) -> Iterator[Report]:
    """Nothing beyond the local part: each path is checked where it is written."""
    return iter(())


RULE = Rule(
    code="FD701",
    name="missing-path",
    severity=Severity.WARNING,
    check=_whole_document,
    local=check,
    summary="Path or link names a file that is not in the tree",
    applies_to=ANY,
    fix=Fixability.EDITOR,
    doc=__doc__ or "",
)
