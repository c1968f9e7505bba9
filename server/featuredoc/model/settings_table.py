"""Every setting, described once: ``.featuredoc.yaml`` keys and editor settings.

The configuration loader (:mod:`featuredoc.workspace.config_file`) takes the
keys and their types from :data:`SETTINGS`, the language server
(:mod:`featuredoc.lsp.settings`) which keys are its own and which are
merged entry by entry, ``docs/configuration.md`` is generated from it
(:mod:`featuredoc.cli.docs_gen`), and a test holds
``editors/vscode/package.json`` to it.

Adding a setting is one entry here; a ``.featuredoc.yaml`` key also needs
the :class:`~featuredoc.model.config.Config` field it fills (same name).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from featuredoc.model.config import Config

#: The values of ``rules:`` entries: ``off`` or a severity.
SEVERITY_NAMES: tuple[str, ...] = ("off", "error", "warning", "information", "hint")


class Where(enum.Enum):
    """Who reads a setting."""

    #: A key of ``.featuredoc.yaml``; the language server also takes it from
    #: the editor's settings (the file wins).
    FILE = "file"
    #: Read by the language server from the editor's settings only.
    SERVER = "server"
    #: Read by the VS Code extension itself (never sent to the server).
    EXTENSION = "extension"


#: A JSON type (as VS Code's ``package.json`` and JSON Schema write it).
JsonType = str


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name, type, default, meaning and who reads it."""

    name: str
    where: Where
    #: The type as written in messages and the documentation.
    kind: str
    #: What it means (Markdown; the documentation shows it).
    description: str
    #: Its JSON type: ``string``, ``boolean``, ``integer``, ``array`` or ``object``.
    json_type: JsonType
    #: For an array, the JSON type of its items (``string``: validated generically).
    items: JsonType | None = None
    #: The default of a setting that is not a Config field (Config's otherwise).
    default: Any = None
    #: The values a string may take (empty: any).
    enum: tuple[str, ...] = ()
    #: A path that must stay inside the workspace.
    workspace_path: bool = False
    #: Globs that must stay inside the workspace (relative, without ``..``).
    workspace_globs: bool = False
    #: Checked by a validator of its own even though its type is simple.
    own_validator: bool = False
    #: Contributed by the VS Code extension as ``featuredoc.<name>``, with this scope.
    vscode_scope: str | None = None

    @property
    def merged(self) -> bool:
        """Layers merge a mapping entry by entry (an object) instead of replacing it."""
        return self.json_type == "object"

    @property
    def generic(self) -> bool:
        """Validated from this description alone (no dedicated validator)."""
        if self.own_validator:
            return False
        if self.json_type == "array":
            return self.items == "string"
        return self.json_type in ("string", "boolean", "integer")


_FILE = Where.FILE

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "include",
        _FILE,
        "list of glob strings",
        "Globs (relative to the workspace root) of the feature documents to check. "
        "A glob must stay inside the workspace: an absolute one or one with `..` is an "
        "error (FD901).",
        "array",
        items="string",
        workspace_globs=True,
        vscode_scope="resource",
    ),
    Setting(
        "exclude",
        _FILE,
        "list of glob strings",
        "Globs of files that match `include` but are not feature documents (the template itself).",
        "array",
        items="string",
    ),
    Setting(
        "support_file",
        _FILE,
        "string",
        "Path of SUPPORT.md, relative to the workspace root. A file with this "
        "name is checked with the SUPPORT.md rules (FD5xx).",
        "string",
        workspace_path=True,
    ),
    Setting(
        "template",
        _FILE,
        "string",
        "Path of the feature document template, relative to the workspace root "
        "(its placeholder text and guidance are what FD106 looks for).",
        "string",
        workspace_path=True,
    ),
    Setting(
        "version_file",
        _FILE,
        "string",
        "Path of the file that says which version the tree is, relative to the workspace "
        "root: a Makefile that sets `XEN_VERSION`, `XEN_SUBVERSION` and `XEN_EXTRAVERSION` "
        "(`export XEN_SUBVERSION = 22`; the first assignment counts, references such as "
        "`$(XEN_VENDORVERSION)` read as empty). SUPPORT.md's Release Support block is "
        "checked against it (FD520, FD523, FD524): an extra version holding `-unstable` or "
        "`-rc` is a development tree, any other (`.0`, `.3`, `.4-pre`) a release. When the file is "
        'absent (or the setting is `""`) those checks are off.',
        "string",
        workspace_path=True,
    ),
    Setting(
        "tiers",
        _FILE,
        "list of tier names or {name, security_supported, signoff, description}",
        "The allowed support tiers. An entry is a name, or a mapping with `name`, "
        "`security_supported` (true/false), `signoff` (whether the tier needs a security "
        "sign-off) and `description` (shown in completion and hover). A name of a built-in "
        "tier keeps its built-in properties. Tier names are case-sensitive; the qualifier "
        "of a diversion (`Supported, with caveats`) is compared case-insensitively.",
        "array",
    ),
    Setting(
        "signoff_tiers",
        _FILE,
        "list of tier names",
        "The tiers whose status needs a security sign-off (FD301, FD304). "
        "When absent and `tiers` is given, the tiers marked `signoff: true` (by default: the "
        "built-in ones that need it, and custom ones that are security supported).",
        "array",
    ),
    Setting(
        "support_labels",
        _FILE,
        "list of strings",
        "Labels a SUPPORT.md status value may start with besides the tiers "
        "and the labels SUPPORT.md itself defines (in its 'Definition of Status labels' "
        "section). The list **replaces** the built-in one: to add a label and keep the "
        "built-in ones, list them too.",
        "array",
        items="string",
    ),
    Setting(
        "sections",
        _FILE,
        "list of section names or {name, guidance}",
        "The mandatory top-level sections, in template order. An entry is a name "
        "or a mapping with `name` and `guidance` (the text the 'add missing section' fix "
        "inserts).",
        "array",
    ),
    Setting(
        "required_keys",
        _FILE,
        "list of strings",
        "Basics table keys every feature document must have (FD121).",
        "array",
        items="string",
    ),
    Setting(
        "known_keys",
        _FILE,
        "mapping of key → list of aliases",
        "Known Basics table keys, each with its alias spellings. Merged into "
        "the built-in keys: listing a key adds it or replaces its aliases.",
        "object",
    ),
    Setting(
        "signoff",
        _FILE,
        "mapping {field, metadata_key, team}",
        "Where sign-offs are written and who may give them: `field` (the Basics "
        "row), `metadata_key` (the YAML metadata key, with `by` and `date`) and `team` "
        "(entries `Name <email>` or bare addresses; when not empty, FD302 checks every "
        "sign-off's address against it).",
        "object",
    ),
    Setting(
        "rules",
        _FILE,
        "mapping of code → off|error|warning|information|hint",
        "Severity per rule code: `off`, `error`, `warning`, `information` or `hint`. "
        'Unknown codes are errors (FD901). Quote `"off"` or write it bare: YAML\'s bare '
        "`off` (false) is read as `off` too.",
        "object",
        enum=SEVERITY_NAMES,
        vscode_scope="resource",
    ),
    Setting(
        "max_document_size",
        _FILE,
        "number of bytes",
        "The largest document, in bytes (UTF-8), that is analysed. A "
        "larger one gets one FD905 finding at its first line instead of the other checks, "
        "in the command line and in the editor alike, so that a huge file cannot stall "
        "either. Real feature documents and SUPPORT.md are tens of kilobytes.",
        "integer",
        own_validator=True,
    ),
    Setting(
        "covers",
        _FILE,
        "mapping of feature document path or glob → list of path globs",
        "The code each feature document covers, for FD610 (covered code changed, the "
        "document not): `docs/features/sched_credit2.pandoc: [xen/common/sched/credit2.c]`. "
        "A key is a feature document's path or a glob matching several; the globs are "
        "relative to the workspace root (`*` also matches `/`; one ending in `/` covers "
        "everything below that folder). Added to what the documents' text names "
        "(`infer_covers`); see [coverage.md](coverage.md).",
        "object",
        own_validator=True,
    ),
    Setting(
        "infer_covers",
        _FILE,
        "boolean",
        "Whether a feature document also covers the in-tree paths its own text names "
        "(`xen/common/sched/credit2.c`, `tools/xl/...`), for FD610; `false`: only `covers`.",
        "boolean",
    ),
    Setting(
        "release_tags",
        _FILE,
        "glob string",
        "The git tags that name releases, for `featuredoc matrix --releases` without "
        "revisions: a glob (`*`, `?`, `[...]`) matched against the whole tag name. The "
        "matching tags that hold the support file are the matrix's columns, oldest version "
        "first (`4.9` before `4.10`), then `HEAD`. `--tags` overrides it for one run.",
        "string",
    ),
    Setting(
        "base",
        Where.SERVER,
        "string",
        "A git revision (`main`, `origin/main`) to compare statuses with, as "
        "`featuredoc check --base` does: enables FD603 to FD606 and FD610 in the editor. "
        "Empty: off.",
        "string",
        default="",
        vscode_scope="resource",
    ),
    Setting(
        "workspaceDiagnostics",
        Where.SERVER,
        "boolean",
        "Push the findings of documents that are not open, for clients without "
        "`workspace/diagnostic` (LSP 3.17 clients pull them anyway).",
        "boolean",
        default=False,
        vscode_scope="resource",
    ),
    Setting(
        "path",
        Where.EXTENSION,
        "string",
        "Path to the `featuredoc-ls` executable; when set, `interpreter` is ignored.",
        "string",
        default="",
        vscode_scope="machine-overridable",
    ),
    Setting(
        "interpreter",
        Where.EXTENSION,
        "string",
        "Python interpreter that has featuredoc installed (the server is started as "
        "`<interpreter> -m featuredoc`); empty: the Python extension's interpreter, "
        "else `featuredoc-ls` from `PATH`.",
        "string",
        default="",
        vscode_scope="machine-overridable",
    ),
    Setting(
        "importStrategy",
        Where.EXTENSION,
        "string",
        "Where the server's code comes from: `fromEnvironment` uses featuredoc where it is "
        "installed (the interpreter's, the Python extension's, `featuredoc-ls` on `PATH`) and "
        "the copy bundled with the extension when it is nowhere; `useBundled` always runs the "
        "bundled copy. `featuredoc.path`, when set, wins over both.",
        "string",
        default="fromEnvironment",
        enum=("fromEnvironment", "useBundled"),
        vscode_scope="machine-overridable",
    ),
    Setting(
        "trace.server",
        Where.EXTENSION,
        "string",
        "Trace the messages between VS Code and the server (the output channel "
        '"featuredoc trace").',
        "string",
        default="off",
        enum=("off", "messages", "verbose"),
        vscode_scope="window",
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def settings_for(where: Where) -> tuple[Setting, ...]:
    """The settings *where* reads, in the table's order."""
    return tuple(s for s in SETTINGS if s.where is where)


#: The keys of ``.featuredoc.yaml``.
FILE_KEYS: tuple[str, ...] = tuple(s.name for s in settings_for(Where.FILE))
#: The editor settings only the language server reads (not ``.featuredoc.yaml`` keys).
SERVER_KEYS: tuple[str, ...] = tuple(s.name for s in settings_for(Where.SERVER))
#: The mapping-valued keys that the layers merge entry by entry.
MERGED_KEYS: tuple[str, ...] = tuple(s.name for s in SETTINGS if s.merged and s.where is _FILE)


def default_of(setting: Setting, config: Config | None = None) -> Any:  # noqa: ANN401
    """The default value of *setting*, as it would be written in YAML or JSON."""
    if setting.where is not Where.FILE:
        return setting.default
    config = config or Config()
    if setting.name == "tiers":
        tiers = config.tier_set()
        return [
            {
                "name": t.name,
                "security_supported": t.security_supported,
                "signoff": tiers.needs_signoff(t),
            }
            for t in config.tiers
        ]
    if setting.name == "signoff":
        return {
            "field": config.signoff.field,
            "metadata_key": config.signoff.metadata_key,
            "team": list(config.signoff.team),
        }
    value = getattr(config, setting.name)
    if isinstance(value, dict):
        return {k: list(v) if isinstance(v, list) else v for k, v in value.items()}
    return list(value) if isinstance(value, list) else value
