"""Navigation between feature documents and SUPPORT.md: definitions, references, rename,
workspace symbols and lens text (code-point positions; CRLF texts read as LF ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from featuredoc.analysis.crossdoc import explicit_entry, match_entry, support_entries
from featuredoc.analysis.fixes import apply_edits
from featuredoc.editing.entry_links import Location
from featuredoc.editing.lens import lenses
from featuredoc.editing.navigation import definition, references
from featuredoc.editing.rename import (
    Refusal,
    RenameKind,
    RenamePlan,
    RenameTarget,
    prepare_rename,
    rename,
)
from featuredoc.editing.tier_sites import ConfigText
from featuredoc.editing.workspace_symbols import WorkspaceSymbolKind, fuzzy_score, workspace_symbols
from featuredoc.engine import check
from featuredoc.model.document import Document
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Position, Span, split_lines
from featuredoc.model.tree import TreeListing
from featuredoc.workspace.config_file import load_config_text
from featuredoc.workspace.index import WorkspaceIndex

ENTRY = "Crédit2 🚀 Scheduler"

SUPPORT = f"""\
# Support statement for this release

## Definition of Status labels

### Tech Preview

    Functional completeness: Yes
    Security supported: No

### Bêta

    Security supported: No

# Feature Support

## Scheduling

### {ENTRY}

    Status, x86: Supported
    Status, ARM: Tech Preview

### RTDS based Scheduler

    Status: Bêta
"""

CONFIG = """\
tiers:
  - Supported
  - Tech Preview
  - Experimental
  - name: Bêta
    security_supported: false
signoff_tiers: [Supported, "Bêta"]
"""


def feature(title: str, rows: list[str], body: str = "") -> str:
    table = "---------------- ----------------------------------------------------"
    return (
        f"% {title}\n% Revision 1\n\n# Basics\n{table}\n" + "\n".join(rows) + f"\n{table}\n{body}"
    )


CREDIT2 = feature(
    ENTRY,
    [
        "    Status, x86: **Supported**",
        "    Status, ARM: **Tech Preview**",
        "",
        "      Component: Hypervisor",
    ],
    "\nSee `docs/misc/crédit2-notes.txt` and [RTDS](rtds.pandoc#basics).\n",
)
RTDS = feature(
    "RTDS Scheduler",
    ["         Status: **Bêta**", "", "  Support entry: RTDS based Scheduler"],
)
GRANT = feature("Grant Tables", ["         Status: **Experimental**"])


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.fixture(params=["lf", "crlf"])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Workspace:
    return Workspace(tmp_path, request.param == "crlf")


class Workspace:
    def __init__(self, root: Path, as_crlf: bool) -> None:
        write = crlf if as_crlf else (lambda t: t)
        self.config_file = ConfigText(str(root / ".featuredoc.yaml"), write(CONFIG))
        config, errors = load_config_text(self.config_file.text, self.config_file.path)
        assert not errors
        self.config = config
        self.index = WorkspaceIndex(root, config)
        self.texts: dict[str, str] = {}
        self.support = self.put(root / "SUPPORT.md", write(SUPPORT))
        self.credit2 = self.put(root / "docs/features/crédit2.pandoc", write(CREDIT2))
        self.rtds = self.put(root / "docs/features/rtds.pandoc", write(RTDS))
        self.grant = self.put(root / "docs/features/grant.pandoc", write(GRANT))
        self.tree = TreeListing.of(
            str(root), ["docs/misc/crédit2-notes.txt", *(p for p in self.rel_paths())]
        )

    def put(self, path: Path, text: str) -> Document:
        doc = self.index.set_text(path, text)
        self.texts[doc.path] = text
        return doc

    def rel_paths(self) -> list[str]:
        return [str(Path(p).relative_to(self.index.root)) for p in self.texts]

    def at(
        self, doc: Document, needle: str, line_has: str | None = None, offset: int = 0
    ) -> Position:
        for number, line in enumerate(doc.lines):
            if needle in line and (line_has or needle) in line:
                return Position(number, line.index(needle) + offset)
        raise AssertionError(needle)

    def span(self, doc: Document, needle: str, line_has: str | None = None) -> Span:
        pos = self.at(doc, needle, line_has)
        return Span.on_line(pos.line, pos.column, pos.column + len(needle))

    def define(self, doc: Document, pos: Position) -> list[Location]:
        return definition(
            doc, self.config, pos, self.index, tree=self.tree, config_file=self.config_file
        )

    def config_span(self, needle: str) -> Span:
        for number, line in enumerate(split_lines(self.config_file.text)):
            if needle in line:
                column = line.index(needle)
                return Span.on_line(number, column, column + len(needle))
        raise AssertionError(needle)


# ---- definition ------------------------------------------------------------------------


def test_title_goes_to_the_entry_and_its_lines(ws: Workspace) -> None:
    s = ws.support.path
    got = ws.define(ws.credit2, ws.at(ws.credit2, "🚀"))
    assert got == [
        Location(s, ws.span(ws.support, ENTRY)),
        Location(s, ws.span(ws.support, "Supported", "Status, x86")),
        Location(s, ws.span(ws.support, "Tech Preview", "Status, ARM")),
    ]


def test_status_key_goes_to_the_line_of_its_architecture(ws: Workspace) -> None:
    got = ws.define(ws.credit2, ws.at(ws.credit2, "ARM", "Status, ARM"))
    assert got == [
        Location(ws.support.path, ws.span(ws.support, ENTRY)),
        Location(ws.support.path, ws.span(ws.support, "Tech Preview", "Status, ARM")),
    ]


def test_support_entry_row_goes_to_its_entry(ws: Workspace) -> None:
    got = ws.define(ws.rtds, ws.at(ws.rtds, "based", "Support entry"))
    assert got[0] == Location(ws.support.path, ws.span(ws.support, "RTDS based Scheduler"))


def test_entry_heading_and_line_go_to_the_documents(ws: Workspace) -> None:
    heading = ws.define(ws.support, ws.at(ws.support, "🚀"))
    assert heading == [Location(ws.credit2.path, ws.span(ws.credit2, ENTRY))]
    line = ws.define(ws.support, ws.at(ws.support, "Status, ARM"))
    assert line == [Location(ws.credit2.path, ws.span(ws.credit2, "Tech Preview", "ARM"))]


def test_tier_goes_to_the_configuration_and_the_support_definition(ws: Workspace) -> None:
    got = ws.define(ws.rtds, ws.at(ws.rtds, "Bêta", offset=2))
    assert got == [
        Location(ws.config_file.path, ws.config_span("Bêta")),
        Location(ws.support.path, ws.span(ws.support, "Bêta", "###")),
    ]
    no_file = definition(ws.credit2, ws.config, ws.at(ws.credit2, "Tech Preview"), ws.index)
    assert no_file == [Location(ws.support.path, ws.span(ws.support, "Tech Preview", "###"))]


def test_paths_and_anchors_go_to_the_file_and_heading(ws: Workspace) -> None:
    file = ws.define(ws.credit2, ws.at(ws.credit2, "crédit2-notes.txt"))
    assert file == [
        Location(str(ws.index.root / "docs/misc/crédit2-notes.txt"), Span.on_line(0, 0, 0))
    ]
    anchor = ws.define(ws.credit2, ws.at(ws.credit2, "basics)"))
    assert anchor == [Location(ws.rtds.path, ws.span(ws.rtds, "Basics"))]
    assert ws.define(ws.credit2, Position(1, 3)) == []


# ---- references --------------------------------------------------------------------------


def test_tier_references_across_the_workspace(ws: Workspace) -> None:
    got = references(
        ws.support,
        ws.config,
        ws.at(ws.support, "Bêta", "Status:"),
        ws.index,
        config_file=ws.config_file,
    )
    assert got == [
        Location(ws.config_file.path, ws.config_span("Bêta")),
        Location(ws.support.path, ws.span(ws.support, "Bêta", "###")),
        Location(ws.support.path, ws.span(ws.support, "Bêta", "Status:")),
        Location(ws.rtds.path, ws.span(ws.rtds, "Bêta")),
    ]


def test_entry_references_explicit_and_inferred(ws: Workspace) -> None:
    got = references(ws.support, ws.config, ws.at(ws.support, "RTDS based"), ws.index)
    assert got == [
        Location(ws.support.path, ws.span(ws.support, "RTDS based Scheduler")),
        Location(ws.rtds.path, ws.span(ws.rtds, "RTDS based Scheduler")),
    ]
    inferred = references(
        ws.credit2, ws.config, ws.at(ws.credit2, ENTRY), ws.index, include_declaration=False
    )
    assert inferred == [Location(ws.credit2.path, ws.span(ws.credit2, ENTRY))]


# ---- rename ----------------------------------------------------------------------------


def _applied(ws: Workspace, plan: RenamePlan | Refusal) -> dict[str, str]:
    assert isinstance(plan, RenamePlan), plan
    texts = dict(ws.texts)
    texts[ws.config_file.path] = ws.config_file.text
    return {f.path: apply_edits(texts[f.path], f.edits) for f in plan.files}


def test_renaming_an_entry_writes_the_inferred_link(ws: Workspace) -> None:
    pos = ws.at(ws.support, "🚀")
    target = prepare_rename(ws.support, ws.config, pos, ws.index)
    assert target == RenameTarget(RenameKind.ENTRY, ws.span(ws.support, ENTRY), ENTRY)
    new = "Crédit2 🚀 Ordonnanceur"
    after = _applied(ws, rename(ws.support, ws.config, pos, new, ws.index))
    assert set(after) == {ws.support.path, ws.credit2.path}
    assert ("\r\n" in after[ws.credit2.path]) == ("\r\n" in ws.texts[ws.credit2.path])
    new_support = WorkspaceIndex(ws.index.root, ws.config).set_text(
        ws.support.path, after[ws.support.path]
    )
    doc = WorkspaceIndex(ws.index.root, ws.config).set_text(ws.credit2.path, after[ws.credit2.path])
    name, row = explicit_entry(doc, ws.config)
    assert name == new and row is not None
    assert row.key_span.end.column == 15  # right-aligned to the key column like the others
    match = match_entry(doc, support_entries(new_support), ws.config)
    assert match.entry is not None and match.entry.title == new


def test_renaming_from_the_row_changes_the_row(ws: Workspace) -> None:
    plan = rename(ws.rtds, ws.config, ws.at(ws.rtds, "based"), "RTDS Schéduleur", ws.index)
    after = _applied(ws, plan)
    assert "  Support entry: RTDS Schéduleur" in after[ws.rtds.path]
    assert "### RTDS Schéduleur" in after[ws.support.path]


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("  ", "one line"),
        ("a\nb", "one line"),
        ("rtds BASED   scheduler", "already has a heading 'RTDS based Scheduler'"),
        ("Scheduling", "already has a heading 'Scheduling'"),
        ("Grant Tables", "would be inferred as the entry of"),
    ],
)
def test_entry_rename_refusals(ws: Workspace, new: str, reason: str) -> None:
    got = rename(ws.support, ws.config, ws.at(ws.support, "🚀"), new, ws.index)
    assert isinstance(got, Refusal) and reason in got.reason


def test_a_document_without_a_basics_table_refuses(ws: Workspace) -> None:
    ws.put(ws.index.root / "docs/features/bare.pandoc", f"% {ENTRY}\n\n# Overview\n\nText.\n")
    got = rename(ws.support, ws.config, ws.at(ws.support, "🚀"), "New name", ws.index)
    assert isinstance(got, Refusal) and "bare.pandoc cannot take" in got.reason


def test_renaming_a_declared_tier(ws: Workspace) -> None:
    pos = ws.at(ws.rtds, "Bêta")
    target = prepare_rename(ws.rtds, ws.config, pos, ws.index, ws.config_file)
    assert target == RenameTarget(RenameKind.TIER, ws.span(ws.rtds, "Bêta"), "Bêta")
    plan = rename(ws.rtds, ws.config, pos, "Gamma ✨", ws.index, ws.config_file)
    after = _applied(ws, plan)
    config, errors = load_config_text(after[ws.config_file.path], ws.config_file.path)
    assert not errors and config.tier_set().lookup("Gamma ✨") is not None
    assert "Gamma ✨" in config.signoff_tiers and "Bêta" not in config.signoff_tiers
    assert "### Gamma ✨" in after[ws.support.path]
    assert "    Status: Gamma ✨" in after[ws.support.path]
    assert "         Status: **Gamma ✨**" in after[ws.rtds.path]


def test_tier_rename_refusals(ws: Workspace) -> None:
    pos = ws.at(ws.rtds, "Bêta")
    clash = rename(ws.rtds, ws.config, pos, "Tech Preview", ws.index, ws.config_file)
    assert isinstance(clash, Refusal) and "'Tech Preview' is already" in clash.reason
    builtin = prepare_rename(ws.rtds, ws.config, pos, ws.index, None)
    assert isinstance(builtin, Refusal) and "built-in tier" in builtin.reason
    key = prepare_rename(ws.credit2, ws.config, ws.at(ws.credit2, "Status, ARM"), ws.index)
    assert isinstance(key, Refusal) and "can be renamed" in key.reason


# ---- workspace symbols and lenses --------------------------------------------------------


def test_fuzzy_scores() -> None:
    assert fuzzy_score("cr2sch", ENTRY) is not None
    assert fuzzy_score("CRÉDIT", ENTRY) is not None
    assert fuzzy_score("🚀", ENTRY) is not None
    assert fuzzy_score("zz", ENTRY) is None
    assert (fuzzy_score("rtds", "RTDS Scheduler") or 0) > (fuzzy_score("rtds", "r t d s") or 0)


def test_workspace_symbols(ws: Workspace) -> None:
    got = workspace_symbols(ws.index, ws.config, "cr2 sch")
    # the same name and score: by path, SUPPORT.md ("/…/SUPPORT.md") before "/…/docs/…"
    assert [(s.name, s.kind, s.path) for s in got] == [
        (ENTRY, WorkspaceSymbolKind.ENTRY, ws.support.path),
        (ENTRY, WorkspaceSymbolKind.DOCUMENT, ws.credit2.path),
    ]
    entry = next(s for s in got if s.kind is WorkspaceSymbolKind.ENTRY)
    assert entry.span == ws.span(ws.support, ENTRY)
    assert entry.detail == "SUPPORT.md entry · x86: Supported; ARM: Tech Preview"
    doc = next(s for s in got if s.kind is WorkspaceSymbolKind.DOCUMENT)
    assert doc.detail == "feature document · Supported (x86), Tech Preview (ARM)"
    assert len(workspace_symbols(ws.index, ws.config, "")) == 3 + 2 + 1  # docs, entries, group
    assert workspace_symbols(ws.index, ws.config, "qqq") == []


def test_lenses_agree_with_fd602(ws: Workspace) -> None:
    status = lenses(ws.credit2, ws.config, ws.index)
    assert [(lens.span, lens.agrees) for lens in status] == [
        (ws.span(ws.credit2, "Supported"), True),
        (ws.span(ws.credit2, "Tech Preview"), True),
    ]
    assert status[1].text == f"SUPPORT.md '{ENTRY}': ARM: Tech Preview — agrees"
    text = ws.texts[ws.credit2.path].replace("**Tech Preview**", "**Experimental**")
    doc = ws.put(Path(ws.credit2.path), text)
    changed = lenses(doc, ws.config, ws.index)
    assert [lens.agrees for lens in changed] == [True, False]
    assert changed[1].text.endswith("ARM: Tech Preview (differs) — disagrees")
    fd602 = [
        f.span
        for f in check(text, doc.path, ws.config, inputs=Inputs(workspace=ws.index))
        if f.code == "FD602"
    ]
    assert fd602 == [changed[1].span]
    on_support = lenses(ws.support, ws.config, ws.index)
    texts = {lens.span: lens.text for lens in on_support}
    assert texts[ws.span(ws.support, ENTRY)] == "1 feature document: crédit2.pandoc (disagrees)"
    assert texts[ws.span(ws.support, "RTDS based Scheduler")] == (
        "1 feature document: rtds.pandoc (agrees)"
    )


def test_metadata_link_is_renamed_in_the_metadata(ws: Workspace) -> None:
    text = "---\nsupport-entry: RTDS based Scheduler\n---\n\n" + RTDS.replace(
        "\n\n  Support entry: RTDS based Scheduler", ""
    )
    doc = ws.put(Path(ws.rtds.path), crlf(text) if "\r\n" in ws.texts[ws.support.path] else text)
    plan = rename(ws.support, ws.config, ws.at(ws.support, "RTDS based"), "RTDS « neu »", ws.index)
    after = _applied(ws, plan)
    assert 'support-entry: "RTDS « neu »"' in after[doc.path]
    assert "Support entry" not in after[doc.path]


def test_group_heading_and_definition_heading(ws: Workspace) -> None:
    group = ws.define(ws.support, ws.at(ws.support, "Scheduling"))
    assert group == []  # no document stands for the whole group
    tier = ws.define(ws.support, ws.at(ws.support, "Tech Preview", "###"))
    assert tier == [
        Location(ws.config_file.path, ws.config_span("Tech Preview")),
        Location(ws.support.path, ws.span(ws.support, "Tech Preview", "###")),
    ]


def test_a_document_linked_to_nothing(ws: Workspace) -> None:
    (lens,) = lenses(ws.grant, ws.config, ws.index)
    assert (lens.text, lens.agrees, lens.span) == (
        "SUPPORT.md: no entry linked",
        None,
        ws.span(ws.grant, "Experimental"),
    )
    assert ws.define(ws.grant, ws.at(ws.grant, "Grant")) == []
