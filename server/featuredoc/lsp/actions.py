"""Code actions: quick fixes, "fix all", suppressions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types

from featuredoc.lsp.convert import Converter, merged_edit
from featuredoc.model.document import Document
from featuredoc.model.findings import Finding, Fix
from featuredoc.model.text import Span

#: Quick fixes for *findings* beyond their own, each naming its diagnostic.
MoreFixes = Callable[
    [Sequence[Finding], Callable[[Finding], types.Diagnostic]], list[types.CodeAction]
]

FIX_ALL = "source.fixAll.featuredoc"
SUPPRESS = "quickfix.featuredoc.suppress"


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether an action of *kind* is asked for (``only`` holds kind prefixes)."""
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def _touches(span: Span, wanted_span: Span) -> bool:
    return not (span.end < wanted_span.start or span.start > wanted_span.end)


def code_actions(
    uri: str,
    doc: Document | None,
    findings: Sequence[Finding],
    convert: Converter,
    at: Span,
    only: Sequence[str] | None,
    asked: Sequence[tuple[str, Span]] = (),
    published: Sequence[types.Diagnostic] = (),
    more: MoreFixes | None = None,
) -> list[types.CodeAction]:
    """The actions for the range *at* and for the diagnostics the client *asked* about.

    Some clients (Neovim before 0.8, for one) send the whole line as the
    range, or the cursor's position off the word, with the line's
    diagnostics in the request's context: those count too.

    *published*: the diagnostics of *findings* (one each, in order) as they
    were sent; an action names its diagnostics with those, related places
    included, so that the editor can tie the action to what it shows.

    *more*: further quick fixes for the findings at the range (those that
    edit another file, such as the configuration).
    """
    sent: dict[int, types.Diagnostic] = {}
    if len(published) == len(findings):
        sent = dict(zip(map(id, findings), published, strict=True))

    def diagnostic_of(finding: Finding) -> types.Diagnostic:
        return sent.get(id(finding)) or convert.diagnostic(finding)

    actions: list[types.CodeAction] = []
    wanted_findings = set(asked)
    here = [f for f in findings if _touches(f.span, at) or (f.code, f.span) in wanted_findings]
    if wanted(types.CodeActionKind.QuickFix, only):
        for finding in here:
            diagnostic = diagnostic_of(finding)
            for fix in finding.fixes:
                actions.append(_action(uri, convert, fix.title, [fix], [diagnostic], fix.preferred))
        if more is not None:
            actions.extend(more(here, diagnostic_of))
    if doc is not None and wanted(SUPPRESS, only):
        actions.extend(_suppressions(uri, doc, here, convert, diagnostic_of))
    if wanted(FIX_ALL, only):
        from featuredoc.analysis.fixes import select_fixes

        fixes = select_fixes(findings)
        if fixes:
            actions.append(
                types.CodeAction(
                    title="Fix all auto-fixable featuredoc problems",
                    kind=FIX_ALL,
                    edit=merged_edit(uri, convert, fixes),
                )
            )
    return actions


def _action(
    uri: str,
    convert: Converter,
    title: str,
    fixes: list[Fix],
    diagnostics: list[types.Diagnostic],
    preferred: bool,
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        is_preferred=preferred or None,
        edit=merged_edit(uri, convert, fixes),
    )


def _suppressions(
    uri: str,
    doc: Document,
    findings: Sequence[Finding],
    convert: Converter,
    diagnostic_of: Callable[[Finding], types.Diagnostic],
) -> list[types.CodeAction]:
    from featuredoc.analysis.suppressions import suppress_fix

    actions: list[types.CodeAction] = []
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        fix = suppress_fix(doc, finding)
        key = (finding.code, repr(fix.edits))
        if key in seen:
            continue
        seen.add(key)
        action = _action(uri, convert, fix.title, [fix], [diagnostic_of(finding)], False)
        action.kind = SUPPRESS
        actions.append(action)
    return actions
