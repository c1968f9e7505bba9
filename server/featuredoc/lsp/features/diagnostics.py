"""Diagnostics pulled by the client: ``textDocument/diagnostic`` and ``workspace/diagnostic``.

Pushed diagnostics need no handler: each analysis publishes its own
(:class:`featuredoc.lsp.documents.Documents`). A pull waits for the
analysis of the document's current version; closed documents are answered
by :mod:`featuredoc.lsp.workspace_diagnostics`.
"""

from __future__ import annotations

from lsprotocol import types

from featuredoc.lsp.analyses import Checked
from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services

#: A pull waits for at most this many analyses of a document that keeps changing.
MAX_PULL_ROUNDS = 8


async def diagnostic(
    s: Services, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    uri = params.text_document.uri
    documents = s.documents
    checked = None
    for _ in range(MAX_PULL_ROUNDS):
        snapshot = documents.snapshot(uri)
        if snapshot is None:
            break
        checked = await documents.analyses.analysis(snapshot)
        current = documents.snapshot(uri)
        if current is None or checked.matches(current):
            break
    if checked is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    items = checked.diagnostics
    result_id = result_id_of(checked, items)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)


def result_id_of(checked: Checked, items: list[types.Diagnostic]) -> str:
    """The version and a digest of the diagnostics: unchanged exactly when they are.

    A digest rather than a counter, so a document re-checked because another
    one changed (cross-document rules) or the settings changed gets a new id
    only when its diagnostics differ.
    """
    import hashlib

    text = repr([(d.code, d.severity, d.message, d.range) for d in items])
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"{checked.version}:{digest}"


async def workspace_diagnostic(
    s: Services, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    """Documents that are not open (see featuredoc.lsp.workspace_diagnostics)."""
    return await s.workspace_diagnostics.answer(params)


FEATURE = Feature(
    "diagnostics",
    (
        Method(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            diagnostic,
            types.DiagnosticOptions(
                identifier="featuredoc", inter_file_dependencies=True, workspace_diagnostics=True
            ),
        ),
        Method(
            types.WORKSPACE_DIAGNOSTIC,
            workspace_diagnostic,
            default=types.WorkspaceDiagnosticReport(items=[]),
        ),
    ),
)
