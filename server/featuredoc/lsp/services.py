"""The server's parts, as the feature handlers see them.

Built once by :mod:`featuredoc.lsp.server` and handed to every handler
(:mod:`featuredoc.lsp.features`) as its first argument; a handler reaches
the parts it needs through it, and nothing else of the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from featuredoc.lsp.client import Client
from featuredoc.lsp.context import Contexts
from featuredoc.lsp.documents import Documents
from featuredoc.lsp.knowledge import Knowledge
from featuredoc.lsp.lenses import LensRefresh
from featuredoc.lsp.rule_inputs import RuleInputs
from featuredoc.lsp.settings import Settings
from featuredoc.lsp.worker import Worker
from featuredoc.lsp.workspace_diagnostics import WorkspaceDiagnostics
from featuredoc.lsp.workspaces import FolderIndexes

if TYPE_CHECKING:
    import datetime as dt

    from featuredoc.lsp.convert import Converter


@dataclass(frozen=True, slots=True)
class Services:
    """What handlers use: each part with one job (see ``docs/architecture.md``)."""

    client: Client
    settings: Settings
    worker: Worker
    contexts: Contexts
    indexes: FolderIndexes
    documents: Documents
    knowledge: Knowledge
    workspace_diagnostics: WorkspaceDiagnostics
    #: the code lens texts given, and refreshing them
    lenses: LensRefresh
    #: what the rules get besides the text (used by the analyses; here for tests and benchmarks)
    rule_inputs: RuleInputs
    #: the position encoding agreed with the client
    encoding: Callable[[], str]
    #: the workspace root's uri ("" when there is none)
    root_uri: Callable[[], str]

    def converter(self, lines: list[str], newline: str = "\n") -> Converter:
        """Positions of *lines* in the client's units; edits written with *newline*."""
        from featuredoc.lsp.convert import Converter

        return Converter(lines, self.encoding(), newline)

    def newline_of(self, uri: str) -> str:
        """The line ending of the open document *uri* (its edits are written with it)."""
        from featuredoc.model.text import line_ending

        document = self.documents.document(uri)
        return line_ending(document.source) if document is not None else "\n"

    def today(self) -> dt.date:
        import datetime as dt

        return dt.date.today()
