"""Find, read and validate ``.featuredoc.yaml`` into a :class:`~featuredoc.model.config.Config`.

The file is read with :func:`featuredoc.parser.yamlsafe.load_yaml` (``safe_load``
semantics, no aliases, bounded size and depth). Validation is strict:
unknown keys and values of the wrong type are errors, each located at the
exact line and column of the offending node (the YAML node tree is composed
with the same safe loader to recover the marks). Validation never raises.

Settings are layered: :func:`config_from_data` and :func:`load_config_file`
apply their data on top of an optional *base* configuration (the defaults
when omitted). The language server uses this to put the file's values over
the editor's settings; mapping-valued keys (``rules``, ``known_keys``,
``signoff``, ``covers``) are merged key by key, every other key is replaced as a whole.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from featuredoc.analysis.rule_codes import code_problem
from featuredoc.analysis.signoff import team_address
from featuredoc.analysis.similarity import closest
from featuredoc.model.config import DEFAULT_SECTIONS, Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding, Severity
from featuredoc.model.settings_table import SEVERITY_NAMES, Setting, Where, settings_for
from featuredoc.model.text import Span
from featuredoc.model.tiers import DEFAULT_SIGNOFF_TIERS, DEFAULT_TIERS, Tier, TierSet
from featuredoc.parser.yamlsafe import _NoAliasLoader, load_yaml
from featuredoc.workspace.files import (
    UnreadableFile,
    find_root,
    is_workspace_relative,
    read_bytes,
)

CONFIG_FILE_NAME = ".featuredoc.yaml"
CONFIG_ERROR = "FD901"

#: Every top-level key, with its type as written in messages and docs.
KEYS: dict[str, str] = {s.name: s.kind for s in settings_for(Where.FILE)}
#: The keys with a validator of their own (the others are validated from the table).
VALIDATED_APART: tuple[str, ...] = (
    "tiers",
    "signoff_tiers",
    "sections",
    "known_keys",
    "signoff",
    "rules",
    "max_document_size",
    "covers",
)
#: How the language server layers its settings (docs/configuration.md shows this text).
PRECEDENCE = """The language server combines, lowest first:

1. the built-in defaults (the Xen Project's conventions);
2. `initializationOptions` sent by the editor when it starts the server (the
   settings themselves, or an object with a `featuredoc` member);
3. the editor's settings, section `featuredoc` of `workspace/configuration`
   (the global scope, then the workspace folder's scope);
4. the workspace folder's `.featuredoc.yaml`: **the file wins over the editor**.

Each layer replaces the keys it sets, except the mappings `rules`,
`known_keys`, `signoff` and `covers`, which are merged entry by entry (an editor may
set `rules: {FD203: error}` and the file `rules: {FD105: off}`: both apply).
The keys are the same in all layers. Each workspace folder has its own
file, at its top (never one above it); a document outside every folder gets
the file at its own root, found as the command line finds it, and the
editor's settings alone when no folder above it is a root.

An invalid `.featuredoc.yaml` is not applied at all: its problems are shown
as FD901 diagnostics on the file itself (at the exact line) and in a
message, and the folder keeps the editor's settings (or the defaults) until
the file is fixed. In editor settings, only the invalid entries are ignored
(and shown in a message)."""

SIGNOFF_KEYS: tuple[str, ...] = ("field", "metadata_key", "team")
TIER_KEYS: tuple[str, ...] = ("name", "security_supported", "signoff", "description")
SECTION_KEYS: tuple[str, ...] = ("name", "guidance")

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ConfigError:
    """A problem in a configuration file; ``line``/``column`` are 0-based."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line + 1}:{self.column + 1}: {self.message}"


# ---- locating nodes -------------------------------------------------------


@dataclass(slots=True)
class _Marks:
    """0-based (line, column) of every key and value, by key path."""

    keys: dict[KeyPath, tuple[int, int]] = dataclasses.field(default_factory=dict)
    values: dict[KeyPath, tuple[int, int]] = dataclasses.field(default_factory=dict)

    def key(self, path: KeyPath) -> tuple[int, int]:
        return self.keys.get(path) or self.value(path)

    def value(self, path: KeyPath) -> tuple[int, int]:
        while path:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (0, 0))


def _marks_of(text: str) -> _Marks:
    marks = _Marks()
    try:
        loader = _NoAliasLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError, ValueError):
        return marks
    if node is not None:
        _walk(node, (), marks)
    return marks


def _walk(node: yaml.Node, path: KeyPath, marks: _Marks) -> None:
    marks.values[path] = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*path, str(key))
            marks.keys[child] = (key_node.start_mark.line, key_node.start_mark.column)
            _walk(value_node, child, marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), marks)


# ---- validation -----------------------------------------------------------


class _Validator:
    def __init__(self, source: str, marks: _Marks) -> None:
        self.source = source
        self.marks = marks
        self.errors: list[ConfigError] = []

    def error(self, path: KeyPath, message: str, *, at_key: bool = False) -> None:
        line, column = self.marks.key(path) if at_key else self.marks.value(path)
        self.errors.append(ConfigError(self.source, line, column, message))

    @staticmethod
    def name(path: KeyPath) -> str:
        out = ""
        for part in path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "the configuration"

    def string(self, value: Any, path: KeyPath) -> str | None:  # noqa: ANN401
        if isinstance(value, str):
            return value
        self.error(path, f"'{self.name(path)}' must be a string, not {_type_name(value)}")
        return None

    def boolean(self, value: Any, path: KeyPath) -> bool | None:  # noqa: ANN401
        if isinstance(value, bool):
            return value
        self.error(path, f"'{self.name(path)}' must be true or false, not {_type_name(value)}")
        return None

    def strings(self, value: Any, path: KeyPath) -> list[str] | None:  # noqa: ANN401
        if not isinstance(value, list):
            self.error(
                path, f"'{self.name(path)}' must be a list of strings, not {_type_name(value)}"
            )
            return None
        out: list[str] = []
        ok = True
        for index, item in enumerate(value):
            text = self.string(item, (*path, index))
            if text is None:
                ok = False
            else:
                out.append(text)
        return out if ok else None

    def integer(self, value: Any, path: KeyPath) -> int | None:  # noqa: ANN401
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.error(path, f"'{self.name(path)}' must be a whole number, not {_type_name(value)}")
        return None

    def simple(self, setting: Setting, value: Any) -> Any:  # noqa: ANN401
        """*value* of a setting validated from its description alone (``None``: invalid)."""
        path: KeyPath = (setting.name,)
        checked: Any
        if setting.json_type == "array":
            checked = self.strings(value, path)
        elif setting.json_type == "boolean":
            checked = self.boolean(value, path)
        elif setting.json_type == "integer":
            checked = self.integer(value, path)
        else:
            checked = self.string(value, path)
        if isinstance(checked, str) and setting.enum and checked not in setting.enum:
            self.error(
                path, f"'{setting.name}' must be one of {', '.join(setting.enum)}, not '{checked}'"
            )
            return None
        if isinstance(checked, list) and setting.workspace_globs:
            outside = [i for i, glob in enumerate(checked) if not is_workspace_relative(glob)]
            for index in outside:
                self.error(
                    (setting.name, index),
                    f"'{setting.name}[{index}]' must be a glob inside the workspace (relative, "
                    f"without '..'), not '{checked[index]}'",
                )
            if outside:
                return None
        if isinstance(checked, str) and setting.workspace_path and checked:
            if not is_workspace_relative(checked):
                self.error(
                    path, f"'{setting.name}' must be a path inside the workspace, not '{checked}'"
                )
                return None
        return checked

    def mapping(self, value: Any, path: KeyPath) -> dict[str, Any] | None:  # noqa: ANN401
        if isinstance(value, dict):
            return value
        self.error(path, f"'{self.name(path)}' must be a mapping, not {_type_name(value)}")
        return None

    def unknown_keys(self, data: dict[Any, Any], allowed: tuple[str, ...], path: KeyPath) -> None:
        for key in data:
            if str(key) in allowed:
                continue
            where = (*path, str(key))
            hint = closest(str(key), allowed)
            also = (
                f"; did you mean '{hint}'?" if hint else f"; expected one of: {', '.join(allowed)}"
            )
            self.error(where, f"unknown key '{self.name(where)}'{also}", at_key=True)


def _type_name(value: Any) -> str:  # noqa: ANN401
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def config_from_data(
    data: object,
    source: str | None = None,
    *,
    base: Config | None = None,
    _marks: _Marks | None = None,
) -> tuple[Config, list[ConfigError]]:
    """Validate settings *data* (the keys of ``.featuredoc.yaml``) into a Config.

    Invalid entries are reported and skipped (the base value stays); the
    result is always usable. *base* defaults to the built-in defaults.
    """
    config = copy.deepcopy(base) if base is not None else Config()
    config._tier_set = None
    v = _Validator(source or "<settings>", _marks or _Marks())
    if data is None:
        return config, []
    if not isinstance(data, dict):
        v.error((), f"the configuration must be a mapping of settings, not {_type_name(data)}")
        return config, v.errors
    v.unknown_keys(data, tuple(KEYS), ())
    if source is not None:
        config.source = source

    for setting in settings_for(Where.FILE):
        if setting.generic and setting.name in data:
            value = v.simple(setting, data[setting.name])
            if value is not None:
                setattr(config, setting.name, value)
    if "tiers" in data:
        _tiers(v, data["tiers"], config, "signoff_tiers" not in data)
    if "signoff_tiers" in data:
        _signoff_tiers(v, data["signoff_tiers"], config)
    if "sections" in data:
        _sections(v, data["sections"], config)
    if "known_keys" in data:
        _known_keys(v, data["known_keys"], config)
    if "signoff" in data:
        _signoff(v, data["signoff"], config)
    if "rules" in data:
        _rules(v, data["rules"], config)
    if "max_document_size" in data:
        _max_document_size(v, data["max_document_size"], config)
    if "covers" in data:
        _covers(v, data["covers"], config)
    config._tier_set = None
    return config, sorted(v.errors, key=lambda e: (e.line, e.column))


def _signoff_tiers(v: _Validator, value: Any, config: Config) -> None:  # noqa: ANN401
    names = v.strings(value, ("signoff_tiers",))
    if names is None:
        return
    known = TierSet(tuple(config.tiers))
    good = []
    for index, name in enumerate(names):
        if known.lookup(name) is None:
            v.error(
                ("signoff_tiers", index),
                f"'{name}' in 'signoff_tiers' is not one of the tiers: "
                + ", ".join(t.name for t in config.tiers),
            )
        else:
            good.append(name)
    config.signoff_tiers = good


def _max_document_size(v: _Validator, size: Any, config: Config) -> None:  # noqa: ANN401
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        shown = size if type(size) in (int, float) else _type_name(size)
        v.error(
            ("max_document_size",),
            f"'max_document_size' must be a positive whole number of bytes, not {shown}",
        )
    else:
        config.max_document_size = size


def _tiers(v: _Validator, value: Any, config: Config, derive_signoff: bool) -> None:  # noqa: ANN401
    if not isinstance(value, list) or not value:
        v.error(("tiers",), "'tiers' must be a non-empty list of tier names or mappings")
        return
    defaults = {t.name: t for t in DEFAULT_TIERS}
    tiers: list[Tier] = []
    signoff: list[str] = []
    for index, item in enumerate(value):
        path: KeyPath = ("tiers", index)
        name: str | None
        secure: bool | None = None
        needs: bool | None = None
        description = ""
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            v.unknown_keys(item, TIER_KEYS, path)
            if "name" not in item:
                v.error(path, f"'{v.name(path)}' needs a 'name'")
                continue
            name = v.string(item["name"], (*path, "name"))
            if "security_supported" in item:
                secure = v.boolean(item["security_supported"], (*path, "security_supported"))
            if "signoff" in item:
                needs = v.boolean(item["signoff"], (*path, "signoff"))
            if "description" in item:
                description = v.string(item["description"], (*path, "description")) or ""
        else:
            v.error(path, f"'{v.name(path)}' must be a tier name or a mapping")
            continue
        if not name or not name.strip():
            if name is not None:
                v.error(path, f"'{v.name(path)}' has an empty name")
            continue
        known = defaults.get(name)
        if secure is None:
            secure = known.security_supported if known else False
        if needs is None:
            needs = name in DEFAULT_SIGNOFF_TIERS if known else secure
        tier = (
            dataclasses.replace(known, security_supported=secure)
            if known
            else Tier(name, secure, description)
        )
        if description and known:
            tier = dataclasses.replace(tier, description=description)
        tiers.append(tier)
        if needs:
            signoff.append(name)
    if tiers:
        config.tiers = tiers
        if derive_signoff:
            config.signoff_tiers = signoff


def _sections(v: _Validator, value: Any, config: Config) -> None:  # noqa: ANN401
    if not isinstance(value, list):
        v.error(("sections",), f"'sections' must be a list, not {_type_name(value)}")
        return
    guidance = dict(DEFAULT_SECTIONS) | config.section_guidance
    names: list[str] = []
    for index, item in enumerate(value):
        path: KeyPath = ("sections", index)
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            v.unknown_keys(item, SECTION_KEYS, path)
            name = v.string(item.get("name"), (*path, "name")) if "name" in item else None
            if name is None:
                if "name" not in item:
                    v.error(path, f"'{v.name(path)}' needs a 'name'")
                continue
            names.append(name)
            if "guidance" in item:
                text = v.string(item["guidance"], (*path, "guidance"))
                if text is not None:
                    guidance[name] = text
        else:
            v.error(path, f"'{v.name(path)}' must be a section name or a mapping")
    config.sections = names
    config.section_guidance = guidance


def _known_keys(v: _Validator, value: Any, config: Config) -> None:  # noqa: ANN401
    data = v.mapping(value, ("known_keys",))
    if data is None:
        return
    merged = {k: list(a) for k, a in config.known_keys.items()}
    for key, aliases in data.items():
        path: KeyPath = ("known_keys", str(key))
        if aliases is None:
            merged[str(key)] = []
            continue
        names = v.strings(aliases, path)
        if names is not None:
            merged[str(key)] = names
    config.known_keys = merged


def _signoff(v: _Validator, value: Any, config: Config) -> None:  # noqa: ANN401
    data = v.mapping(value, ("signoff",))
    if data is None:
        return
    v.unknown_keys(data, SIGNOFF_KEYS, ("signoff",))
    settings = dataclasses.replace(config.signoff, team=list(config.signoff.team))
    for key in ("field", "metadata_key"):
        if key in data:
            text = v.string(data[key], ("signoff", key))
            if text is not None and text.strip():
                setattr(settings, key, text.strip())
            elif text is not None:
                v.error(("signoff", key), f"'signoff.{key}' must not be empty")
    if "team" in data:
        team = v.strings(data["team"], ("signoff", "team"))
        if team is not None:
            for index, entry in enumerate(team):
                if team_address(entry) is None:
                    v.error(
                        ("signoff", "team", index),
                        f"'{entry}' in 'signoff.team' is not 'Name <email>' or an ASCII "
                        "e-mail address",
                    )
            settings.team = team
    config.signoff = settings


_GLOB_CHARACTERS = frozenset("*?[")


def _covers(v: _Validator, value: Any, config: Config) -> None:  # noqa: ANN401
    """``covers``: feature document (path or glob) → globs of the code it covers."""
    data: dict[Any, Any] | None = v.mapping(value, ("covers",))  # keys: any YAML scalar
    if data is None:
        return
    merged = {k: list(g) for k, g in config.covers.items()}
    for key, globs in data.items():
        path: KeyPath = ("covers", str(key))
        if not isinstance(key, str) or not key.strip() or not is_workspace_relative(key):
            v.error(
                path,
                f"'covers' key '{key}' must be a feature document's path or glob inside the "
                "workspace (relative, without '..')",
                at_key=True,
            )
            continue
        if not _GLOB_CHARACTERS & set(key) and config.classify(key) is not DocumentKind.FEATURE:
            v.error(
                path,
                f"'covers' key '{key}' is not a feature document (the 'include' globs "
                f"{', '.join(config.include) or '(none)'} do not select it, or 'exclude' does)",
                at_key=True,
            )
            continue
        checked = _cover_globs(v, globs, path)
        if checked is not None:
            merged[key] = checked
    config.covers = merged


def _cover_globs(v: _Validator, value: Any, path: KeyPath) -> list[str] | None:  # noqa: ANN401
    """The globs of one ``covers`` entry (``None``: invalid, each problem reported)."""
    if isinstance(value, str):
        v.error(path, f"'{v.name(path)}' must be a list of globs: write [{value}]")
        return None
    globs = v.strings(value, path)
    if globs is None:
        return None
    ok = True
    for index, glob in enumerate(globs):
        if not glob.strip() or not is_workspace_relative(glob):
            v.error(
                (*path, index),
                f"'{v.name(path)}[{index}]' must be a glob inside the workspace (relative, "
                f"without '..'), not '{glob}'",
            )
            ok = False
    return globs if ok else None


def _rules(v: _Validator, value: Any, config: Config) -> None:  # noqa: ANN401
    data = v.mapping(value, ("rules",))
    if data is None:
        return
    from featuredoc.engine import rule_codes  # the rules load only when 'rules:' is used

    rules = dict(config.rules)
    codes = rule_codes()
    for code, setting in data.items():
        path: KeyPath = ("rules", str(code))
        code_text = str(code).strip().upper()
        problem = code_problem(str(code), codes, where=" in 'rules'")
        if problem is not None:
            v.error(path, problem, at_key=True)
            continue
        if setting is False:  # YAML 1.1 reads a bare `off` as false
            setting = "off"
        if not isinstance(setting, str) or setting.strip().lower() not in SEVERITY_NAMES:
            shown = setting if isinstance(setting, str) else _type_name(setting)
            v.error(
                path,
                f"'rules.{code}' must be one of {', '.join(SEVERITY_NAMES)}, not '{shown}'",
            )
            continue
        rules[code_text] = setting.strip().lower()
    config.rules = rules


# ---- files ------------------------------------------------------------------


def config_file_at(root: Path) -> Path | None:
    """The ``.featuredoc.yaml`` of the workspace *root*: in that folder, never above it.

    Configuration is read only at the root (:func:`featuredoc.workspace.files.find_root`),
    so a file in a parent folder (``/tmp``, a home folder) never applies to
    the project below it.
    """
    candidate = root / CONFIG_FILE_NAME
    try:
        return candidate if candidate.is_file() else None
    except OSError:
        return None


def find_config_file(start: Path, *, cwd: Path | None = None) -> Path | None:
    """The configuration file of *start*'s workspace root: the one decision of both.

    The root is :func:`featuredoc.workspace.files.find_root`'s (the nearest
    folder with ``.featuredoc.yaml``, ``.git``, ``SUPPORT.md`` or
    ``docs/features``; else the current directory *cwd*), and the file is
    the one in that folder, if any (:func:`config_file_at`).
    """
    return config_file_at(find_root(start, cwd=cwd))


def load_config_text(
    text: str, source: str, *, base: Config | None = None
) -> tuple[Config, list[ConfigError]]:
    """Validate the text of a configuration file; on any error the result is *base*."""
    result = load_yaml(text)
    if result.error is not None:
        error = ConfigError(
            source, result.line or 0, result.column or 0, f"invalid YAML: {result.error}"
        )
        return (copy.deepcopy(base) if base else Config()), [error]
    try:
        config, errors = config_from_data(result.data, source, base=base, _marks=_marks_of(text))
    except Exception as exc:  # noqa: BLE001 - a configuration problem is FD901, never a crash
        reason = str(exc).split(";")[0].strip() or exc.__class__.__name__
        errors = [ConfigError(source, 0, 0, f"the configuration cannot be read ({reason})")]
    if errors:
        return (copy.deepcopy(base) if base else Config()), errors
    return config, []


def load_config_file(path: Path, *, base: Config | None = None) -> tuple[Config, list[ConfigError]]:
    """Read and validate *path*. On any error the returned Config is *base* (or the defaults)."""
    source = os.fspath(path)
    try:
        raw = read_bytes(path)  # a regular file only: never blocks on a FIFO
    except UnreadableFile as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        return (copy.deepcopy(base) if base else Config()), [
            ConfigError(source, 0, 0, f"cannot read the configuration file: {reason}")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return (copy.deepcopy(base) if base else Config()), [
            ConfigError(source, 0, 0, f"the configuration file is not UTF-8 ({exc.reason})")
        ]
    return load_config_text(text, source, base=base)


class ConfigProblem(Exception):
    """An invalid settings file; ``str()`` is one ``path:line:col: message`` line per error."""

    def __init__(self, errors: list[ConfigError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def load_for_run(root: Path, explicit: Path | None = None, *, use_file: bool = True) -> Config:
    """The settings of a command-line run whose workspace root is *root*.

    *explicit* (``--config``) when given, else the ``.featuredoc.yaml`` in
    *root* itself (:func:`config_file_at`: never one in a folder above it),
    else the defaults. Raises :class:`ConfigProblem` when the file cannot be
    read or is invalid.
    """
    if not use_file:
        return Config()
    path = explicit if explicit is not None else config_file_at(root)
    if path is None:
        return Config()
    config, errors = load_config_file(path)
    if errors:
        raise ConfigProblem(errors)
    return config


def error_findings(errors: list[ConfigError], lines: list[str] | None = None) -> list[Finding]:
    """FD901 findings for the configuration file the errors point into.

    With the file's *lines*, each range runs from the error to the end of
    its line's text (so editors underline the offending entry).
    """
    findings = []
    for e in errors:
        end = e.column
        if lines is not None and 0 <= e.line < len(lines):
            end = max(e.column, len(lines[e.line].rstrip()))
        findings.append(
            Finding(CONFIG_ERROR, Severity.ERROR, e.message, Span.on_line(e.line, e.column, end))
        )
    return findings


__all__ = [
    "CONFIG_FILE_NAME",
    "ConfigError",
    "ConfigProblem",
    "config_from_data",
    "config_file_at",
    "error_findings",
    "find_config_file",
    "load_config_file",
    "load_config_text",
    "load_for_run",
]
