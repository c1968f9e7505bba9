"""Settings of the language server: editor settings and ``.featuredoc.yaml`` per workspace folder.

The layering and its precedence are described in
:data:`featuredoc.workspace.config_file.PRECEDENCE` (shown in ``docs/configuration.md``):
defaults < ``initializationOptions`` < ``workspace/configuration`` (section
``featuredoc``) < the root's ``.featuredoc.yaml``. A workspace folder is its
own root; a file outside every folder has the root the command line would
find for it. No ``.featuredoc.yaml`` above a root is ever read.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris
from pygls.workspace import Workspace

from featuredoc.lsp.client import Client


def position_encoding(workspace: Workspace) -> str:
    """The position encoding agreed with the client (``utf-16`` unless told otherwise)."""
    encoding = workspace.position_encoding
    return str(getattr(encoding, "value", encoding) or "utf-16")


def workspace_root(workspace: Workspace) -> Path | None:
    """The workspace's root: the client's root, else its first folder."""
    path = workspace.root_path
    if not path and workspace.folders:
        first = next(iter(workspace.folders.values()))
        path = uris.to_fs_path(first.uri)
    return Path(path) if path else None


if TYPE_CHECKING:
    from featuredoc.model.config import Config
    from featuredoc.model.findings import Finding
    from featuredoc.workspace.config_file import ConfigError

log = logging.getLogger("featuredoc")

SECTION = "featuredoc"
EDITOR_SOURCE = "editor settings (featuredoc)"


@functools.cache
def server_only_keys() -> tuple[str, ...]:
    """Editor settings of the server itself, not keys of ``.featuredoc.yaml`` (``base``,
    ``workspaceDiagnostics``; see :mod:`featuredoc.model.settings_table`), and the VS Code
    extension's own, which a client may send along."""
    from featuredoc.model.settings_table import SERVER_KEYS, Where, settings_for

    return SERVER_KEYS + tuple(s.name for s in settings_for(Where.EXTENSION))


def merge_settings(*layers: dict[str, Any] | None) -> dict[str, Any]:
    """Layer settings mappings, later ones winning (``rules`` and co. merged per entry)."""
    from featuredoc.model.settings_table import MERGED_KEYS

    merged: dict[str, Any] = {}
    for layer in layers:
        if not isinstance(layer, dict):
            continue
        for key, value in layer.items():
            if key in MERGED_KEYS and isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def config_keys(settings: dict[str, Any]) -> dict[str, Any]:
    """*settings* without the server-only keys (the rest is validated as configuration)."""
    server_only = server_only_keys()
    return {k: v for k, v in settings.items() if k not in server_only}


def settings_of(value: Any) -> dict[str, Any] | None:  # noqa: ANN401
    """The featuredoc settings in an editor payload (``{featuredoc: {...}}`` or the settings)."""
    if not isinstance(value, dict):
        return None
    inner = value.get(SECTION)
    if isinstance(inner, dict):
        return inner
    return value or None


@dataclass(slots=True)
class FolderConfig:
    """The settings of one workspace folder."""

    uri: str
    path: Path | None
    config: Config
    config_file: Path | None = None
    errors: list[ConfigError] = field(default_factory=list)


@dataclass(slots=True)
class SettingsState:
    init_options: dict[str, Any] | None = None
    editor: dict[str, dict[str, Any] | None] = field(default_factory=dict)  # scope → settings
    folders: dict[str, FolderConfig] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # what was last shown per source
    published: set[str] = field(default_factory=set)  # config uris with FD901 pushed


class Settings:
    """The settings of each workspace folder, and the editor settings they are built from.

    Exposes :meth:`config_for`, :meth:`folder_for`, :meth:`reload`,
    :meth:`config_file_findings`, :meth:`initialized_with`,
    :meth:`fetch_editor_settings` and :meth:`notified`. *changed* is called
    when the editor's settings change (everything is checked again).
    """

    def __init__(
        self, workspace: Callable[[], Workspace], client: Client, changed: Callable[[], None]
    ) -> None:
        """*workspace*: pygls's workspace (the folders and open documents) as it is now."""
        self._workspace = workspace
        self._client = client
        self._changed = changed
        self.state = SettingsState()
        #: bumped whenever the configuration is reloaded; part of pull result ids
        self.generation = 0
        self._folder_cache: dict[tuple[str, tuple[str, ...]], str | None] = {}
        self._root_cache: dict[str, Path | None] = {}
        self._lock = threading.RLock()

    @property
    def workspace(self) -> Workspace:
        return self._workspace()

    # ---- folders -------------------------------------------------------

    def folder_uris(self) -> list[str]:
        """The workspace folders (the root when the client named no folders)."""
        folders = [unquote(f.uri) for f in self.workspace.folders.values()]
        root = self.workspace.root_uri
        if not folders and root:
            folders = [unquote(root)]
        return folders

    def folder_for(self, uri: str, folders: tuple[str, ...] | None = None) -> str | None:
        """The workspace folder (uri) holding *uri*: the deepest one that contains it.

        *folders*: :meth:`folder_uris`, when the caller read them already.
        """
        if not uri.startswith("file:"):
            return None
        if folders is None:
            folders = tuple(self.folder_uris())
        cache = self._folder_cache
        key = (uri, folders)
        if key not in cache:  # asked several times per keystroke
            if len(cache) > 4096:
                cache.clear()
            cache[key] = self._deepest_folder(uri, folders)
        return cache[key]

    @staticmethod
    def _deepest_folder(uri: str, folders: tuple[str, ...]) -> str | None:
        path = uris.to_fs_path(unquote(uri))
        if not path:
            return None
        target = Path(path)
        best: tuple[int, str] | None = None
        for folder in folders:
            folder_path = uris.to_fs_path(folder)
            if not folder_path:
                continue
            base = Path(folder_path)
            if target == base or base in target.parents:
                depth = len(base.parts)
                if best is None or depth > best[0]:
                    best = (depth, folder)
        return best[1] if best else None

    def outside_root(self, uri: str) -> Path | None:
        """For a file outside every workspace folder: its own workspace root, if marked.

        Found as the command line finds it (:func:`featuredoc.workspace.files.marked_root`:
        the nearest folder holding ``.featuredoc.yaml``, ``.git``, the support
        file or ``docs/features``), with the editor's ``support_file``; ``None``
        when no folder above the file is marked. Remembered per folder until
        the settings are reloaded.
        """
        path = uris.to_fs_path(unquote(uri)) if uri.startswith("file:") else None
        if not path:
            return None
        parent = str(Path(path).parent)
        cache = self._root_cache
        if parent not in cache:
            if len(cache) > 4096:
                cache.clear()
            from featuredoc.workspace.files import marked_root

            base = self.config_at("")  # the editor's settings: no file is read for these
            cache[parent] = marked_root(Path(parent), support_file=base.support_file)
        return cache[parent]

    def config_key(self, uri: str) -> str:
        """Whose settings apply to *uri*: its workspace folder, else its own root.

        A workspace folder is its own root: its ``.featuredoc.yaml`` is read,
        and none above it. A file outside every folder gets the
        ``.featuredoc.yaml`` of its own root (:meth:`outside_root`, keyed by
        that folder's uri), the same file the command line reads; with no
        root above it, the editor's settings alone (key ``""``).
        """
        folder = self.folder_for(uri)
        if folder is not None:
            return folder
        root = self.outside_root(uri)
        return root.as_uri() if root is not None else ""

    def config_for(self, uri: str) -> Config:
        """The settings that apply to the document *uri* (see :meth:`config_key`)."""
        return self.config_at(self.config_key(uri))

    def config_at(self, key: str) -> Config:
        """The settings of a workspace folder or root (its uri; ``""``: the editor's alone)."""
        state = self.state
        entry = state.folders.get(key)
        if entry is None:
            with self._lock:  # the event loop and the worker may both ask first
                entry = state.folders.get(key) or self._load_folder(key or None)
        return entry.config

    # ---- loading ---------------------------------------------------------

    def server_setting(self, uri: str, name: str) -> Any:  # noqa: ANN401
        """A server-only editor setting (``base``, ``workspaceDiagnostics``) for *uri*."""
        return self.editor_settings(self.folder_for(uri)).get(name)

    def editor_settings(self, folder: str | None) -> dict[str, Any]:
        state = self.state
        return merge_settings(
            state.init_options, state.editor.get(""), state.editor.get(folder or "")
        )

    def _load_folder(self, folder: str | None) -> FolderConfig:
        from featuredoc.workspace.config_file import (
            CONFIG_FILE_NAME,
            config_from_data,
            load_config_file,
        )

        state = self.state
        base, editor_errors = config_from_data(
            config_keys(self.editor_settings(folder)), EDITOR_SOURCE
        )
        if editor_errors:
            self._show(EDITOR_SOURCE, editor_errors, "Invalid featuredoc editor settings")
        else:
            state.shown.pop(EDITOR_SOURCE, None)
        path = uris.to_fs_path(folder) if folder else None
        folder_path = Path(path) if path else None
        config_file = folder_path / CONFIG_FILE_NAME if folder_path else None
        entry = FolderConfig(folder or "", folder_path, base)
        if config_file is not None and config_file.is_file():
            config, errors = load_config_file(config_file, base=base)
            entry.config, entry.config_file, entry.errors = config, config_file, errors
            self._report_file(config_file, errors)
        elif config_file is not None:
            self._report_file(config_file, [])
        state.folders[folder or ""] = entry
        return entry

    def reload(self, folder_uri: str | None = None) -> None:
        """Forget and re-read the settings of *folder_uri* (all folders when ``None``).

        Re-publishes FD901 on configuration files and bumps
        :attr:`generation`; re-checking the open documents is the caller's
        business (``configuration_changed``).
        """
        state = self.state
        if folder_uri is None:
            keys = set(state.folders) | set(self.folder_uris())
        else:
            keys = {unquote(folder_uri)}
        with self._lock:
            self._root_cache.clear()  # a marker may have been added or removed
            for key in keys:
                state.folders.pop(key, None)
                if key:
                    self._load_folder(key)
            state.folders.pop("", None)
            self.generation += 1

    # ---- reporting ---------------------------------------------------------

    def _show(self, source: str, errors: list[ConfigError], title: str) -> None:
        text = "; ".join(str(e) for e in errors[:3])
        if len(errors) > 3:
            text += f" (and {len(errors) - 3} more)"
        for error in errors:
            log.warning("featuredoc: %s", error)
        state = self.state
        if state.shown.get(source) == text:
            return  # shown already; do not repeat on every reload
        state.shown[source] = text
        self._client.show(
            types.MessageType.Error,
            f"{title} (FD901), using the defaults until fixed: {text}",
        )

    def _report_file(self, path: Path, errors: list[ConfigError]) -> None:
        from featuredoc.lsp.convert import Converter
        from featuredoc.model.text import split_lines
        from featuredoc.workspace.config_file import CONFIG_FILE_NAME, error_findings

        uri = uris.from_fs_path(str(path)) or path.as_uri()
        state = self.state
        if errors:
            self._show(str(path), errors, f"Invalid {CONFIG_FILE_NAME}")
        else:
            state.shown.pop(str(path), None)
        if unquote(uri) in self.workspace.text_documents:
            return  # an open file is checked (live) like any document
        if not errors and uri not in state.published:
            return
        try:
            lines = split_lines(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            lines = [""]
        convert = Converter(lines, position_encoding(self.workspace))
        diagnostics = [convert.diagnostic(f) for f in error_findings(errors, lines)]
        if errors:
            state.published.add(uri)
        else:
            state.published.discard(uri)
        self._client.publish(uri, diagnostics, None)

    def config_file_findings(self, uri: str, text: str) -> list[Finding]:
        """FD901 findings for the (open, possibly unsaved) configuration file *uri*."""
        from featuredoc.model.text import split_lines
        from featuredoc.workspace import config_file

        folder = self.folder_for(uri)
        editor = config_keys(self.editor_settings(folder))
        base, _ = config_file.config_from_data(editor, EDITOR_SOURCE)
        path = uris.to_fs_path(unquote(uri)) or uri
        _, errors = config_file.load_config_text(text, path, base=base)
        return config_file.error_findings(errors, split_lines(text))

    # ---- editor settings -------------------------------------------------------

    def initialized_with(self, params: types.InitializeParams) -> None:
        self.state.init_options = settings_of(params.initialization_options)
        self.state.folders.clear()

    def notified(self, settings: Any) -> None:  # noqa: ANN401
        """``workspace/didChangeConfiguration`` carried settings (the push model)."""
        value = settings_of(settings)
        if value is not None:
            self.state.editor[""] = value
        self.fetch_editor_settings()

    def fetch_editor_settings(self) -> None:
        """Ask the client for section ``featuredoc`` (global and per folder), then re-check."""
        if not self._client.features.configuration:
            return
        folders = self.folder_uris()
        items = [types.ConfigurationItem(section=SECTION)] + [
            types.ConfigurationItem(scope_uri=f, section=SECTION) for f in folders
        ]

        def done(future: Future[Any]) -> None:
            try:
                values = list(future.result() or [])
            except Exception:  # noqa: BLE001 - a client that cannot answer keeps the defaults
                log.info("featuredoc: the client did not answer workspace/configuration")
                return
            scopes = ["", *folders]
            editor = {
                scope: settings_of(value) for scope, value in zip(scopes, values, strict=False)
            }
            if editor != self.state.editor:
                self.state.editor = editor
                self._changed()

        try:
            future = self._client.configuration(types.ConfigurationParams(items=items))
            future.add_done_callback(done)
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: workspace/configuration failed")
