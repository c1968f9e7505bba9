"""What the rules know beyond the document, assembled in one place.

The CLI, the language server and the support matrix all call
:func:`rule_inputs` with what they have at hand (a whole workspace index,
or only SUPPORT.md's text; a base revision they loaded) and get the same
typed :class:`featuredoc.rules.base.Inputs`, built once per check.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass

from featuredoc.model.config import Config
from featuredoc.rules.base import BaseRevision, Inputs, WorkspaceView
from featuredoc.workspace.index import SupportView
from featuredoc.workspace.template_file import load_for
from featuredoc.workspace.tree import tree_listing


@dataclass(frozen=True, slots=True)
class SupportText:
    """SUPPORT.md as text: enough for a feature document's cross-checks (FD601, FD602)."""

    path: str
    text: str


_views: dict[tuple[str, str, int], SupportView] = {}
_views_lock = threading.Lock()


def support_view(support: SupportText, config: Config) -> SupportView:
    """The SUPPORT.md-only workspace for *support*, parsed once (per process, per config)."""
    key = (support.path, support.text, id(config))
    with _views_lock:
        view = _views.get(key)
    if view is None:
        view = SupportView.from_text(support.path, support.text, config)
        with _views_lock:
            _views.clear()  # one SUPPORT.md per run: keep only the latest
            _views[key] = view
    return view


def rule_inputs(
    path: str,
    config: Config,
    *,
    root: str | os.PathLike[str] | None = None,
    workspace: WorkspaceView | None = None,
    support: SupportText | None = None,
    base: BaseRevision | None = None,
    today: dt.date | None = None,
) -> Inputs:
    """The rules' inputs for the document at *path* in the workspace at *root*.

    - the template: the workspace's own (``config.template`` under *root*),
      read once and re-read only when it changes; ``None`` for the built-in;
    - the workspace: *workspace* (the whole index) when given, else, for a
      feature document, SUPPORT.md alone from *support*;
    - the base revision: *base*, as the caller loaded it (the CLI per file,
      the server cached per commit);
    - today: *today*, default the current date;
    - the tree: the files under *root* (FD701), listed again when a folder changes.
    """
    if workspace is None and support is not None and not config.is_support_file(path):
        workspace = support_view(support, config)
    return Inputs(
        workspace=workspace,
        template_text=load_for(root, config),
        base=base,
        today=today or dt.date.today(),
        tree=tree_listing(root),
    )
