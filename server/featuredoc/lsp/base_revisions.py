"""The documents as they were at the ``base`` revision (editor setting), from git.

Runs git, so it is only called on the worker thread (while the rule inputs
of an analysis are assembled, :mod:`featuredoc.lsp.rule_inputs`).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from featuredoc.lsp.client import Client
from featuredoc.lsp.folders import BaseState

if TYPE_CHECKING:
    from featuredoc.model.config import Config
    from featuredoc.model.inputs import BaseRevision

log = logging.getLogger("featuredoc")

#: How long a resolved ``base`` revision is trusted before asking git again (seconds).
BASE_TTL = 30.0


class BaseRevisions:
    """The base revision (verified with git, re-verified every :data:`BASE_TTL`) and its files."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self.state = BaseState()
        self._lock = threading.Lock()

    def base_of(self, rev: str, root: Path, path: str, config: Config) -> BaseRevision | None:
        """The :class:`featuredoc.rules.base.BaseRevision` of *path* at *rev* (``None``: unusable)."""
        from featuredoc.workspace.gitbase import GitError, load_base, verify

        with self._lock:
            state = self.state
            now = time.monotonic()
            if state.rev != rev or now - state.checked_at > BASE_TTL:
                state.rev, state.checked_at = rev, now
                try:
                    state.commit, state.error = verify(root, rev), None
                except GitError as exc:
                    state.commit = None
                    if state.error != str(exc):
                        state.error = str(exc)
                        self._show_error(str(exc))
            if state.commit is None:
                return None
            key = (state.commit, path)
            if key not in state.documents:
                try:
                    state.documents[key] = load_base(
                        root, state.commit, Path(path), config, verified=True, label=rev
                    )
                except GitError as exc:
                    log.warning("featuredoc: base %s of %s: %s", rev, path, exc)
                    return None
            return state.documents[key]

    def _show_error(self, message: str) -> None:
        log.warning("featuredoc: base revision: %s", message)
        self._client.show(
            types.MessageType.Warning,
            f"featuredoc: the 'base' setting cannot be used ({message}); "
            "FD603 to FD606 are off until it can.",
        )
