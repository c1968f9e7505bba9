"""What the rules know beyond the document, assembled in one place.

The CLI, the language server and the support matrix all call
:func:`rule_inputs` with what they have at hand (a whole workspace index,
or only SUPPORT.md's text; a base revision they loaded) and get the same
typed :class:`featuredoc.model.inputs.Inputs`, built once per check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from featuredoc.model.changes import Changes
from featuredoc.model.config import Config
from featuredoc.model.inputs import BaseRevision, Inputs, WorkspaceView
from featuredoc.workspace.files import inside_workspace
from featuredoc.workspace.index import SupportView
from featuredoc.workspace.template_file import load_file, load_for
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
    changes: Changes | None = None,
) -> Inputs:
    """The rules' inputs for the document at *path* in the workspace at *root*.

    - the template: the workspace's own (``config.template`` under *root*),
      read once and re-read only when it changes; ``None`` for the built-in;
    - the workspace: *workspace* (the whole index) when given, else, for a
      feature document, SUPPORT.md alone from *support*;
    - the base revision: *base*, as the caller loaded it (the CLI per file,
      the server cached per commit);
    - today: *today*, default the current date;
    - for SUPPORT.md, the version file (``config.version_file`` under
      *root*), read as the template is;
    - the changed files: *changes* (since the base revision), with this
      document's path relative to *root* (FD610; ``None`` for a document
      outside *root*);
    - the tree: the files under *root* (FD701), listed when a rule first has a
      path to look up, again when a folder changes.
    """
    is_support = config.is_support_file(path)
    if workspace is None and support is not None and not is_support:
        workspace = support_view(support, config)
    return Inputs(
        workspace=workspace,
        template_text=load_for(root, config),
        base=base,
        today=today or dt.date.today(),
        version_text=load_file(root, config.version_file, config) if is_support else None,
        changes=_for_document(changes, path, root),
        list_tree=None if root is None else functools.partial(tree_listing, root),
    )


def is_version_file(root: str | os.PathLike[str], path: str, config: Config) -> bool:
    """Whether *path* is the workspace's version file (SUPPORT.md is checked against it)."""
    if not config.version_file:
        return False
    wanted = inside_workspace(root, config.version_file)
    try:
        return wanted is not None and Path(path).resolve() == wanted
    except (OSError, RuntimeError, ValueError):
        return False


def _for_document(
    changes: Changes | None, path: str, root: str | os.PathLike[str] | None
) -> Changes | None:
    """*changes* naming the document at *path* by its path relative to *root*."""
    if changes is None or path in ("", "-"):
        return None
    where = Path(path)
    if where.is_absolute():
        if root is None:
            return None
        try:
            where = where.relative_to(Path(root))
        except ValueError:
            try:
                where = where.resolve().relative_to(Path(root).resolve())
            except (ValueError, OSError):
                return None
    return dataclasses.replace(changes, document=where.as_posix())
