"""Rename a SUPPORT.md entry or a tier declared in ``.featuredoc.yaml``, everywhere it is named.

:mod:`featuredoc.editing.rename` decides what is renamed and plans every
edit, or refuses with a reason; a refusal answers ``prepareRename`` and
``rename`` with a ``RequestFailed`` error carrying that reason, which
editors show. The plan is computed on the editor's text of every open
document of the folder (:mod:`featuredoc.lsp.nav_view`) and on the index
(the disk) for the others; a rename is refused until the folder is
indexed, since a document not yet read would be missed.

How the edit is built, so that a partial failure is detectable: when the
client supports ``documentChanges``, one ``TextDocumentEdit`` per file,
the open documents first, each carrying the version its edits were
computed on (an editor refuses the edit of a document changed since),
then the closed files with version ``null``; else the same edits as
``changes``, by uri. The server cannot ask for a way of failing: the
client declares its own ``workspace.workspaceEdit.failureHandling``
(``transactional``, ``undo``, ``abort`` or ``textOnlyTransactional``),
kept in :class:`featuredoc.lsp.client.ClientFeatures`; with
``transactional`` or ``undo`` a failure leaves nothing changed, with
``abort`` the stale open documents fail before any closed file is edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from featuredoc.lsp.features.base import Feature, Method, refuse
from featuredoc.lsp.services import Services

if TYPE_CHECKING:
    from featuredoc.editing.rename import FileEdits, RenamePlan
    from featuredoc.lsp.nav_view import NavView

NOT_INDEXED = "The workspace is still being indexed: rename again when it is done"


async def prepare_rename(
    s: Services, params: types.PrepareRenameParams
) -> types.PrepareRenamePlaceholder | None:
    from featuredoc.editing.rename import Refusal
    from featuredoc.editing.rename import prepare_rename as prepare
    from featuredoc.lsp.nav_view import nav_view

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    document, config = model.document, model.context.config
    convert = s.converter(model.lines)
    pos = convert.from_position(params.position)
    view = await nav_view(s, model)
    target = await s.documents.in_thread(
        lambda: prepare(document, config, pos, view, view.config_file)
    )
    if isinstance(target, Refusal):
        raise refuse(target.reason)
    return types.PrepareRenamePlaceholder(
        range=convert.range(target.span), placeholder=target.placeholder
    )


async def rename(s: Services, params: types.RenameParams) -> types.WorkspaceEdit | None:
    from featuredoc.editing.rename import Refusal
    from featuredoc.editing.rename import rename as plan_rename
    from featuredoc.lsp.nav_view import nav_view

    model = await s.documents.model(params.text_document.uri)
    if model is None or model.document is None:
        return None
    document, config = model.document, model.context.config
    pos = s.converter(model.lines).from_position(params.position)
    view = await nav_view(s, model)
    if not view.ready:
        raise refuse(NOT_INDEXED)
    versioned = s.client.features.document_changes

    def run() -> types.WorkspaceEdit | Refusal:
        plan = plan_rename(document, config, pos, params.new_name, view, view.config_file)
        return plan if isinstance(plan, Refusal) else workspace_edit(view, plan, versioned)

    found = await s.documents.in_thread(run)
    if isinstance(found, Refusal):
        raise refuse(found.reason)
    return found


def workspace_edit(view: NavView, plan: RenamePlan, versioned: bool) -> types.WorkspaceEdit:
    """*plan* as one workspace edit: versioned ``documentChanges`` (open documents first),
    or ``changes`` for a client without them (see the module's docstring)."""
    files = sorted(plan.files, key=lambda f: view.version(f.path) is None)  # stable
    if not versioned:
        return types.WorkspaceEdit(changes={view.uri(f.path): _edits(view, f) for f in files})
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=view.uri(f.path), version=view.version(f.path)
                ),
                edits=list(_edits(view, f)),
            )
            for f in files
        ]
    )


def _edits(view: NavView, file: FileEdits) -> list[types.TextEdit]:
    """*file*'s edits in the client's units, their line breaks the file's own."""
    from featuredoc.model.text import with_line_ending

    convert, end = view.converter(file.path), view.line_end(file.path)
    return [
        types.TextEdit(
            range=convert.range(e.span),
            new_text=with_line_ending(e.new_text, end),
        )
        for e in file.edits
    ]


FEATURE = Feature(
    "rename",
    (
        Method(types.TEXT_DOCUMENT_PREPARE_RENAME, prepare_rename),
        Method(types.TEXT_DOCUMENT_RENAME, rename, types.RenameOptions(prepare_provider=True)),
    ),
)
