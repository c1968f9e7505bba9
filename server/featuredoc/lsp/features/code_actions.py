"""Code actions: quick fixes, "fix all", suppressions, and fixes to ``.featuredoc.yaml``.

The actions are chosen on the worker (:mod:`featuredoc.lsp.actions`,
:mod:`featuredoc.lsp.config_actions`): on a large document that takes time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from featuredoc.lsp.context import CONFIG_FILE, DocumentContext
from featuredoc.lsp.features.base import Feature, Method
from featuredoc.lsp.services import Services

if TYPE_CHECKING:
    from featuredoc.lsp.actions import MoreFixes
    from featuredoc.model.document import Document
    from featuredoc.model.findings import Finding


async def code_action(s: Services, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    from featuredoc.lsp.actions import code_actions

    uri = params.text_document.uri
    model = await s.documents.model(uri)
    if model is None or not model.context.may_edit:
        return None
    checked = await s.documents.findings_soon(uri, model)
    findings = checked.analysis.findings if checked is not None else []
    published = checked.diagnostics if checked is not None else []
    convert = s.converter(model.lines, s.newline_of(uri))
    at = convert.from_range(params.range)
    only = [str(getattr(k, "value", k)) for k in params.context.only or []]
    asked = [
        (str(d.code), convert.from_range(d.range))
        for d in params.context.diagnostics
        if d.source == "featuredoc" and d.code is not None
    ]
    more = config_fixes(s, model.context, model.document)
    # choosing the fixes takes time on a large document: never on the event loop
    actions = await s.worker.call(
        lambda: code_actions(
            uri, model.document, findings, convert, at, only, asked, published, more
        )
    )
    return actions or None


def config_fixes(s: Services, context: DocumentContext, doc: Document | None) -> MoreFixes | None:
    """Fixes that add to the root's ``.featuredoc.yaml`` (run on the worker: it reads the file)."""
    from featuredoc.lsp.config_actions import config_actions, config_file_of

    root = context.root
    if root is None or doc is None:
        return None
    config = context.config
    encoding = s.encoding()
    # The editor's text of the file, taken here on the event loop; the disk's on the worker.
    opened = s.documents.document((root / CONFIG_FILE).as_uri())
    editor = (opened.source, opened.version or 0) if opened is not None else None

    def open_text(config_uri: str) -> tuple[str, int] | None:
        return editor

    def more(
        findings: Sequence[Finding], diagnostic_of: Callable[[Finding], types.Diagnostic]
    ) -> list[types.CodeAction]:
        wanted = [f for f in findings if f.code in ("FD501", "FD302")]
        if not wanted:
            return []
        file = config_file_of(root, open_text)
        return config_actions(doc, wanted, diagnostic_of, config, file, encoding)

    return more


FEATURE = Feature(
    "code actions",
    (
        Method(
            types.TEXT_DOCUMENT_CODE_ACTION,
            code_action,
            types.CodeActionOptions(
                code_action_kinds=[
                    types.CodeActionKind.QuickFix,
                    types.CodeActionKind.SourceFixAll,
                ]
            ),
        ),
    ),
)
