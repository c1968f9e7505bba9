"""Settings of the language server: editor settings and ``.featuredoc.yaml`` per workspace folder.

The layering and its precedence are described in
:data:`featuredoc.workspace.config_file.PRECEDENCE` (shown in ``docs/configuration.md``):
defaults < ``initializationOptions`` < ``workspace/configuration`` (section
``featuredoc``) < the folder's ``.featuredoc.yaml``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls import uris

from featuredoc.model.config import Config
from featuredoc.model.settings_table import MERGED_KEYS, SERVER_KEYS, Where, settings_for
from featuredoc.model.text import split_lines
from featuredoc.workspace.config_file import (
    CONFIG_FILE_NAME,
    ConfigError,
    config_from_data,
    error_findings,
    load_config_file,
    load_config_text,
)

if TYPE_CHECKING:
    from featuredoc.model.findings import Finding

log = logging.getLogger("featuredoc")

SECTION = "featuredoc"
EDITOR_SOURCE = "editor settings (featuredoc)"
#: Editor settings of the server itself, not keys of ``.featuredoc.yaml``
#: (``base``, ``workspaceDiagnostics``; see :mod:`featuredoc.model.settings_table`).
SERVER_ONLY_KEYS = SERVER_KEYS + tuple(s.name for s in settings_for(Where.EXTENSION))


def merge_settings(*layers: dict[str, Any] | None) -> dict[str, Any]:
    """Layer settings mappings, later ones winning (``rules`` and co. merged per entry)."""
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
    return {k: v for k, v in settings.items() if k not in SERVER_ONLY_KEYS}


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


class SettingsMixin:
    """Settings methods of :class:`featuredoc.lsp.server.FeaturedocServer`.

    Exposes :meth:`config_for`, :meth:`reload_config`,
    :meth:`config_file_findings`, :meth:`on_initialize`,
    :meth:`fetch_editor_settings` and :meth:`settings_notified`.
    """

    # Provided by pygls's LanguageServer and by FeaturedocServer (declared for
    # the type checker only: defining them here would shadow the real ones).
    workspace: Any
    client_capabilities: Any

    if TYPE_CHECKING:

        def window_show_message(self, params: types.ShowMessageParams) -> None: ...

        def text_document_publish_diagnostics(
            self, params: types.PublishDiagnosticsParams
        ) -> None: ...

        def workspace_configuration(
            self,
            params: types.ConfigurationParams,
            callback: Callable[[Sequence[Any | None]], None] | None = None,
        ) -> Future[Sequence[Any | None]]: ...

        def configuration_changed(self) -> None: ...

    @property
    def settings_state(self) -> SettingsState:
        state = self.__dict__.get("_settings_state")
        if state is None:
            state = SettingsState()
            self.__dict__["_settings_state"] = state
        return state

    # ---- folders -------------------------------------------------------

    def _folder_uris(self) -> list[str]:
        folders = [unquote(f.uri) for f in getattr(self.workspace, "folders", {}).values()]
        root = getattr(self.workspace, "root_uri", None)
        if not folders and root:
            folders = [unquote(root)]
        return folders

    def folder_for(self, uri: str) -> str | None:
        """The workspace folder (uri) holding *uri*: the deepest one that contains it."""
        if not uri.startswith("file:"):
            return None
        folders = tuple(self._folder_uris())
        cache: dict[tuple[str, tuple[str, ...]], str | None]
        cache = self.__dict__.setdefault("_folder_for_cache", {})
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

    def config_for(self, uri: str) -> Config:
        """The settings that apply to the document *uri*."""
        folder = self.folder_for(uri)
        state = self.settings_state
        key = folder or ""
        entry = state.folders.get(key)
        if entry is None:
            entry = self._load_folder(folder)
        return entry.config

    # ---- loading ---------------------------------------------------------

    def editor_settings(self, folder: str | None) -> dict[str, Any]:
        state = self.settings_state
        return merge_settings(
            state.init_options, state.editor.get(""), state.editor.get(folder or "")
        )

    def _load_folder(self, folder: str | None) -> FolderConfig:
        state = self.settings_state
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

    def reload_config(self, folder_uri: str | None = None) -> None:
        """Forget and re-read the settings of *folder_uri* (all folders when ``None``).

        Re-publishes FD901 on configuration files; re-checking the open
        documents is the caller's business (``configuration_changed``).
        """
        state = self.settings_state
        if folder_uri is None:
            keys = set(state.folders) | set(self._folder_uris())
        else:
            keys = {unquote(folder_uri)}
        for key in keys:
            state.folders.pop(key, None)
            if key:
                self._load_folder(key)
        state.folders.pop("", None)

    # ---- reporting ---------------------------------------------------------

    def _show(self, source: str, errors: list[ConfigError], title: str) -> None:
        text = "; ".join(str(e) for e in errors[:3])
        if len(errors) > 3:
            text += f" (and {len(errors) - 3} more)"
        for error in errors:
            log.warning("featuredoc: %s", error)
        state = self.settings_state
        if state.shown.get(source) == text:
            return  # shown already; do not repeat on every reload
        state.shown[source] = text
        try:
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"{title} (FD901), using the defaults until fixed: {text}",
                )
            )
        except Exception:  # noqa: BLE001 - a closed stream must not break loading
            log.exception("featuredoc: could not show a message")

    def _report_file(self, path: Path, errors: list[ConfigError]) -> None:
        uri = uris.from_fs_path(str(path)) or path.as_uri()
        state = self.settings_state
        if errors:
            self._show(str(path), errors, f"Invalid {CONFIG_FILE_NAME}")
        else:
            state.shown.pop(str(path), None)
        open_docs = getattr(self.workspace, "text_documents", {})
        if unquote(uri) in open_docs:
            return  # an open file is checked (live) like any document
        if not errors and uri not in state.published:
            return
        try:
            lines = split_lines(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            lines = [""]
        diagnostics = _diagnostics(error_findings(errors, lines), lines, self)
        if errors:
            state.published.add(uri)
        else:
            state.published.discard(uri)
        try:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
            )
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: could not publish the configuration's diagnostics")

    def config_file_findings(self, uri: str, text: str) -> list[Finding]:
        """FD901 findings for the (open, possibly unsaved) configuration file *uri*."""
        folder = self.folder_for(uri)
        base, _ = config_from_data(config_keys(self.editor_settings(folder)), EDITOR_SOURCE)
        path = uris.to_fs_path(unquote(uri)) or uri
        _, errors = load_config_text(text, path, base=base)
        return error_findings(errors, split_lines(text))

    # ---- editor settings -------------------------------------------------------

    def on_initialize(self, params: types.InitializeParams) -> None:
        self.settings_state.init_options = settings_of(params.initialization_options)
        self.settings_state.folders.clear()

    def settings_notified(self, settings: Any) -> None:  # noqa: ANN401
        """``workspace/didChangeConfiguration`` carried settings (the push model)."""
        value = settings_of(settings)
        if value is not None:
            self.settings_state.editor[""] = value
        self.fetch_editor_settings()

    def fetch_editor_settings(self) -> None:
        """Ask the client for section ``featuredoc`` (global and per folder), then re-check."""
        caps = getattr(self.client_capabilities, "workspace", None)
        if not (caps and caps.configuration):
            return
        folders = self._folder_uris()
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
            if editor != self.settings_state.editor:
                self.settings_state.editor = editor
                self.configuration_changed()

        try:
            future = self.workspace_configuration(types.ConfigurationParams(items=items))
            future.add_done_callback(done)
        except Exception:  # noqa: BLE001
            log.exception("featuredoc: workspace/configuration failed")


def _diagnostics(findings: list[Finding], lines: list[str], server: Any) -> list[types.Diagnostic]:  # noqa: ANN401
    converter = getattr(server, "converter", None)
    if callable(converter):
        convert = converter(lines)
        return [convert.diagnostic(f) for f in findings]
    from featuredoc.lsp.convert import Converter

    convert = Converter(lines, "utf-16")
    return [convert.diagnostic(f) for f in findings]
