"""Quick fixes that write the configuration: accept a status label, add a signer to the team.

FD501 (a SUPPORT.md status that starts with no known label) offers to add
the value to ``support_labels``; FD302 (a sign-off by someone not on the
team) offers to add the signer to ``signoff.team``. Both edit the workspace
root's ``.featuredoc.yaml`` through :mod:`featuredoc.editing.config_edit`
(comments and layout kept), creating the file when there is none. The edit
starts from the open editor's text of the file when it is open, else from
the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from featuredoc.analysis.signoff import team_address
from featuredoc.editing.config_edit import ConfigEditError, add_to_list
from featuredoc.lsp.convert import Converter, text_edits
from featuredoc.model.config import Config
from featuredoc.model.document import Document
from featuredoc.model.findings import Finding
from featuredoc.model.text import split_lines
from featuredoc.workspace.config_file import CONFIG_FILE_NAME

KIND = "quickfix.featuredoc.configuration"


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """The root's configuration file as the edit starts from it."""

    path: Path
    #: Its text (the editor's when open); ``None`` when there is no file.
    text: str | None
    #: The editor's version when it is open.
    version: int | None = None


def config_file_of(root: Path, open_text: Callable[[str], tuple[str, int] | None]) -> ConfigFile:
    """*root*'s ``.featuredoc.yaml``: the open editor's text (*open_text* by uri) or the disk's."""
    path = root / CONFIG_FILE_NAME
    opened = open_text(path.as_uri())
    if opened is not None:
        return ConfigFile(path, opened[0], opened[1])
    try:
        return ConfigFile(path, path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ConfigFile(path, None)
    except (OSError, UnicodeDecodeError):
        return ConfigFile(path, "\0")  # unreadable: the writer refuses it


def _label(doc: Document, finding: Finding) -> str | None:
    lines = doc.lines
    span = finding.span
    if span.start.line != span.end.line or span.start.line >= len(lines):
        return None
    value = lines[span.start.line][span.start.column : span.end.column].strip().rstrip(".")
    return value.strip() or None


def _signer(doc: Document, finding: Finding) -> str | None:
    for signoff in doc.signoffs:
        if finding.span in (signoff.email_span, signoff.span) and signoff.email:
            email = signoff.email.strip()
            name = " ".join(signoff.name.split())
            return f"{name} <{email}>" if name else email
    return None


@dataclass(frozen=True, slots=True)
class Addition:
    """A value a finding's fix adds to a list of the configuration."""

    path: tuple[str, ...]  # the list's keys (``("signoff", "team")``)
    value: str
    initial: Sequence[str]  # the list as the settings hold it now
    title: str


def addition_for(doc: Document, finding: Finding, config: Config) -> Addition | None:
    """What accepting *finding* adds to the configuration; ``None``: no such fix."""
    if finding.code == "FD501":
        if finding.fixes:  # a misspelt label: accepting the typo is not the fix
            return None
        label = _label(doc, finding)
        if label is None:
            return None
        title = f"Accept '{label}' as a label (support_labels in {CONFIG_FILE_NAME})"
        return Addition(("support_labels",), label, config.support_labels, title)
    if finding.code == "FD302":
        signer = _signer(doc, finding)
        if signer is None or team_address(signer) is None:
            return None  # an address the team cannot list (not plain ASCII): no fix
        title = f"Add '{signer}' to signoff.team in {CONFIG_FILE_NAME}"
        return Addition(("signoff", "team"), signer, config.signoff.team, title)
    return None


def config_actions(
    doc: Document | None,
    findings: Sequence[Finding],
    diagnostic_of: Callable[[Finding], types.Diagnostic],
    config: Config,
    config_file: ConfigFile | None,
    encoding: str,
) -> list[types.CodeAction]:
    """The configuration fixes for *findings* (those at the requested range)."""
    if doc is None or config_file is None:
        return []
    actions: list[types.CodeAction] = []
    seen: set[tuple[str, ...]] = set()
    for finding in findings:
        addition = addition_for(doc, finding, config)
        if addition is None or (*addition.path, addition.value) in seen:
            continue
        seen.add((*addition.path, addition.value))
        edit = _workspace_edit(config_file, addition, encoding)
        if edit is None:
            continue
        actions.append(
            types.CodeAction(
                title=addition.title,
                kind=KIND,
                diagnostics=[diagnostic_of(finding)],
                edit=edit,
            )
        )
    return actions


def _workspace_edit(
    config_file: ConfigFile, addition: Addition, encoding: str
) -> types.WorkspaceEdit | None:
    """The edit of (or creating) the configuration file that makes *addition*."""
    try:
        edit = add_to_list(
            config_file.text, addition.path, addition.value, initial=addition.initial
        )
    except ConfigEditError:
        return None
    if edit is None:
        return None
    uri = config_file.path.as_uri()
    changes: list[types.TextDocumentEdit | types.CreateFile] = []
    if edit.create:
        changes.append(types.CreateFile(uri=uri))
        start = types.Position(line=0, character=0)
        edits = [types.TextEdit(range=types.Range(start=start, end=start), new_text=edit.text)]
    else:
        convert = Converter(split_lines(config_file.text or ""), encoding)
        edits = text_edits(convert, edit.edits)
    changes.append(
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=config_file.version
            ),
            edits=list(edits),
        )
    )
    return types.WorkspaceEdit(document_changes=changes)
