"""The server's LSP-side helpers, without a client: conversions, actions, the index."""

from __future__ import annotations

import os
from pathlib import Path

from lsprotocol import types

from featuredoc.editing.completion import Candidate, CandidateKind
from featuredoc.editing.symbols import Fold, FoldKind
from featuredoc.engine import analyse
from featuredoc.lsp.actions import FIX_ALL, SUPPRESS, code_actions, wanted
from featuredoc.lsp.convert import Converter
from featuredoc.lsp.editing_index import EditingIndex
from featuredoc.model.config import Config
from featuredoc.model.text import Span, split_lines

OTHER = """\
% Other 🚀
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Supperted**

      Component: Toolstack, libxl
---------------- ----------------------------------------------------
"""


def test_completion_item_converts_columns_and_snippets() -> None:
    lines = ["% Title 🚀 x"]
    convert = Converter(lines)
    candidate = Candidate(
        "X", "doc", 10, 11, "${1:Y}", "detail", 3, CandidateKind.SNIPPET, snippet=True
    )
    item = convert.completion_item(candidate, 0, snippets=True)
    assert item.text_edit == types.TextEdit(
        range=types.Range(
            start=types.Position(line=0, character=11), end=types.Position(line=0, character=12)
        ),
        new_text="${1:Y}",
    )
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    assert item.sort_text == "003" and item.kind == types.CompletionItemKind.Snippet
    plain = convert.completion_item(candidate, 0, snippets=False, markdown=False)
    assert plain.insert_text_format is None
    assert plain.text_edit is not None and plain.text_edit.new_text == "Y"
    assert plain.documentation == types.MarkupContent(kind=types.MarkupKind.PlainText, value="doc")


def test_utf8_encoding_counts_bytes() -> None:
    convert = Converter(["é🚀x"], "utf-8")
    assert convert.range(Span.on_line(0, 2, 3)).start.character == 6
    assert convert.from_position(types.Position(line=0, character=6)).column == 2


def test_folding_range_kinds() -> None:
    assert Converter.folding_range(Fold(1, 3, FoldKind.COMMENT)) == types.FoldingRange(
        start_line=1, end_line=3, kind=types.FoldingRangeKind.Comment
    )


def actions_for(text: str, at: Span, only: list[str] | None = None) -> list[types.CodeAction]:
    analysis = analyse(text, "docs/features/other.pandoc", Config())
    convert = Converter(split_lines(text))
    return code_actions("file:///o", analysis.document, analysis.findings, convert, at, only)


def test_actions_at_the_status() -> None:
    actions = actions_for(OTHER, Span.on_line(5, 20, 20))
    assert [(a.title, a.kind) for a in actions] == [
        ("Replace with 'Supported'", types.CodeActionKind.QuickFix),
        ("Suppress FD201 for this block", SUPPRESS),
        ("Fix all auto-fixable featuredoc problems", FIX_ALL),
    ]
    assert actions[0].is_preferred is True


def test_missing_sections_are_one_quick_fix_in_template_order() -> None:
    actions = actions_for(OTHER, Span.on_line(0, 3, 3), [types.CodeActionKind.QuickFix])
    (insert_all,) = [a for a in actions if a.title.startswith("Insert ")]
    assert insert_all.title == "Insert the 9 missing sections"
    assert insert_all.edit is not None and insert_all.edit.changes is not None
    edits = insert_all.edit.changes["file:///o"]
    headings = [line for e in edits for line in e.new_text.split("\n") if line.startswith("# ")]
    assert headings[:2] == ["# Overview", "# User details"] and len(headings) == 9
    assert len(insert_all.diagnostics or []) == 1


def test_only_kinds() -> None:
    assert wanted("quickfix.featuredoc.suppress", ["quickfix"])
    assert wanted("source.fixAll.featuredoc", ["source"])
    assert not wanted("source.fixAll.featuredoc", ["quickfix"])
    assert not wanted("source", ["source.fixAll"])
    assert wanted("anything", None)
    kinds = [a.kind for a in actions_for(OTHER, Span.on_line(5, 20, 20), ["source.fixAll"])]
    assert kinds == [FIX_ALL]


def test_index_values_cache_and_open_documents(tmp_path: Path) -> None:
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    (features / "other.pandoc").write_text(OTHER)
    (features / "template.pandoc").write_text(OTHER.replace("Toolstack", "Excluded"))
    index = EditingIndex()
    config = Config()
    assert index.values(tmp_path, config, {}) == {"Component": {"Toolstack", "libxl"}}
    (features / "new.pandoc").write_text(OTHER.replace("Toolstack", "Hypervisor"))
    assert "Hypervisor" not in index.values(tmp_path, config, {})["Component"]  # cached
    index.invalidate()
    assert index.values(tmp_path, config, {})["Component"] == {"Toolstack", "libxl", "Hypervisor"}
    # an open document counts with its current text, in place of its file
    edited = analyse(OTHER.replace("Toolstack, libxl", "Xen"), "x", config).document
    assert edited is not None
    values = index.values(tmp_path, config, {(features / "other.pandoc").resolve(): edited})
    assert values["Component"] == {"Xen", "Hypervisor", "libxl"}


SUPPORT = """\
## Definition of Status labels

### Tech Preview

    Functional completeness: {word}
    Security supported: No
"""


def test_index_definitions_follow_the_file(tmp_path: Path) -> None:
    index = EditingIndex()
    config = Config()
    assert index.definitions(tmp_path, config) == {}
    support = tmp_path / "SUPPORT.md"
    support.write_text(SUPPORT.format(word="Mostly"))
    first = index.definitions(tmp_path, config)
    assert first["Tech Preview"].properties == (("Functional completeness", "Mostly"),)
    support.write_text(SUPPORT.format(word="Entirely"))
    stat = support.stat()
    os.utime(support, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = index.definitions(tmp_path, config)
    assert second["Tech Preview"].properties == (("Functional completeness", "Entirely"),)
    open_text = SUPPORT.format(word="Unsaved")
    third = index.definitions(tmp_path, config, open_text)
    assert third["Tech Preview"].properties == (("Functional completeness", "Unsaved"),)


ENTRY = """\
# Support statement

## Scheduling

### Crédit2 🚀 Scheduler

    Status: {status}
"""


def test_support_entries_are_known_before_the_index_is_built(tmp_path: Path) -> None:
    """Hover and completion right after start-up read SUPPORT.md itself."""
    from featuredoc.analysis.crossdoc import support_entries

    index = EditingIndex()
    config = Config()
    assert index.support_document(tmp_path, config) is None  # no SUPPORT.md
    support = tmp_path / "SUPPORT.md"
    support.write_text(ENTRY.format(status="Tech Preview"), encoding="utf-8")

    def statuses(text: str | None = None) -> list[str]:
        document = index.support_document(tmp_path, config, text)
        assert document is not None
        entry = support_entries(document).get("crédit2 🚀 scheduler")
        assert entry is not None
        return [line.value for line in entry.lines]

    assert statuses() == ["Tech Preview"]
    support.write_text(ENTRY.format(status="Supported"), encoding="utf-8")
    stat = support.stat()
    os.utime(support, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert statuses() == ["Supported"]
    assert statuses(ENTRY.format(status="Experimental")) == ["Experimental"]  # the editor's text
    outside = Config(support_file="../SUPPORT.md")
    assert index.support_document(tmp_path / "sub", outside) is None
