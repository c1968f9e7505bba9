"""The workspace index and the pure cross-document helpers (crossdoc, statuschange)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from featuredoc.analysis.crossdoc import (
    closest_title,
    disagreements,
    match_entry,
    support_entries,
    support_label,
)
from featuredoc.analysis.statuschange import new_history_rows, status_changes
from featuredoc.engine import check, parse
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.inputs import Inputs
from featuredoc.workspace.index import WorkspaceIndex

CONFIG = Config()


def feature(basics: str, title: str = "Live Patching", history: str = "") -> Document:
    text = (
        f"% {title}\n% Revision 1\n\n# Basics\n"
        "---------------- ----------------------------------------------------\n"
        f"{basics}\n"
        "---------------- ----------------------------------------------------\n"
    )
    if history:
        text += (
            "\n# History\n\n"
            "------------------------------------------------------------------------\n"
            "Date       Revision Version  Notes\n"
            "---------- -------- -------- -------------------------------------------\n"
            f"{history}\n"
            "---------- -------- -------- -------------------------------------------\n"
        )
    return parse(text, "doc.pandoc", CONFIG, DocumentKind.FEATURE)


def support(body: str) -> Document:
    return parse("# Support\n\n" + body, "SUPPORT.md", CONFIG, DocumentKind.SUPPORT)


LIVEPATCH_SUPPORT = support(
    "### Live Patching\n\n    Status, x86: Supported\n    Status, ARM: Experimental\n"
)


def entry(doc: Document, title: str = "Live Patching"):  # noqa: ANN201
    found = match_entry(doc, support_entries(LIVEPATCH_SUPPORT), CONFIG)
    assert found.entry is not None and found.entry.title == title
    return found.entry


# ---- crossdoc ----------------------------------------------------------------


def test_statuses_pair_with_support_lines_by_architecture() -> None:
    doc = feature(
        "         Status: **Supported**\n\n   Architecture: x86\n\n"
        "         Status: **Tech Preview**\n\n   Architecture: ARM"
    )
    found = disagreements(doc, entry(doc), CONFIG)
    assert [(d.architecture, d.status.text, d.support_value) for d in found] == [
        ("ARM", "Tech Preview", "Experimental")
    ]
    assert found[0].line.qualifier == "ARM"


def test_architecture_in_the_status_key_pairs_too() -> None:
    doc = feature("    Status, x86: **Experimental**\n\n    Status, ARM: **Experimental**")
    found = disagreements(doc, entry(doc), CONFIG)
    assert [(d.architecture, d.line.value) for d in found] == [("x86", "Supported")]


def test_one_unqualified_status_is_compared_with_every_architecture() -> None:
    doc = feature("         Status: **Supported**")
    found = disagreements(doc, entry(doc), CONFIG)
    assert [d.line.qualifier for d in found] == ["ARM"]


def test_architecture_names_pair_by_prefix() -> None:
    doc_support = support("### Host memory\n\n    Status, ARMv8: Tech Preview\n")
    doc = feature("         Status: **Experimental**\n\n   Architecture: ARM", title="Host memory")
    match = match_entry(doc, support_entries(doc_support), CONFIG)
    assert match.entry is not None
    assert [d.support_value for d in disagreements(doc, match.entry, CONFIG)] == ["Tech Preview"]


def test_support_values_are_read_by_their_label() -> None:
    assert support_label("Supported up to 12 TiB", CONFIG) == "Supported"
    assert support_label("Tech Preview, with limited support", CONFIG) == "Tech Preview"
    assert support_label("Supported, not security supported", CONFIG) == (
        "Supported, Not security supported"
    )
    assert support_label("Supportedish", CONFIG) is None  # a label must end at a word boundary
    assert support_label("Frobnicated", CONFIG) is None


def test_supported_up_to_agrees_with_supported() -> None:
    doc_support = support("### Host memory\n\n    Status, x86: Supported up to 12 TiB\n")
    doc = feature("         Status: **Supported**", title="Host memory")
    match = match_entry(doc, support_entries(doc_support), CONFIG)
    assert match.entry is not None
    assert disagreements(doc, match.entry, CONFIG) == []


def test_diversions_compare_case_insensitively() -> None:
    doc_support = support("### Nested\n\n    Status: Supported, not security supported\n")
    same = feature("         Status: **Supported, Not security supported**", title="Nested")
    other = feature("         Status: **Supported**", title="Nested")
    entries = support_entries(doc_support)
    match = match_entry(same, entries, CONFIG)
    assert match.entry is not None
    assert disagreements(same, match.entry, CONFIG) == []
    assert [d.support_value for d in disagreements(other, match.entry, CONFIG)] == [
        "Supported, Not security supported"
    ]


def test_placeholder_status_is_not_compared() -> None:
    doc = feature("         Status: e.g. **Supported**/**Tech Preview**")
    assert disagreements(doc, entry(doc), CONFIG) == []


def test_explicit_entry_wins_over_the_title() -> None:
    doc = feature(
        "         Status: **Supported**\n\n  Support entry: live  patching", title="Something else"
    )
    match = match_entry(doc, support_entries(LIVEPATCH_SUPPORT), CONFIG)
    assert match.entry is not None and match.explicit is not None
    assert match.explicit_name == "live  patching"


def test_closest_title() -> None:
    titles = ["RTDS based Scheduler", "Credit2 Scheduler", "Live Patching"]
    assert closest_title("RTDS Scheduler", titles) == "RTDS based Scheduler"
    assert closest_title("Live patchng", titles) == "Live Patching"
    assert closest_title("Page sharing", titles) is None


# ---- statuschange ------------------------------------------------------------


def test_status_changes_pair_by_architecture() -> None:
    before = feature(
        "         Status: **Tech Preview**\n\n   Architecture: x86\n\n"
        "         Status: **Experimental**\n\n   Architecture: ARM"
    )
    after = feature(  # the architectures swapped places: still paired by name
        "         Status: **Experimental**\n\n   Architecture: ARM\n\n"
        "         Status: **Supported**\n\n   Architecture: x86"
    )
    changes = status_changes(after, before, CONFIG)
    assert [(c.before.text if c.before else None, c.current.text) for c in changes] == [
        ("Tech Preview", "Supported")
    ]


def test_a_new_document_had_no_status() -> None:
    doc = feature("         Status: **Supported**")
    changes = status_changes(doc, None, CONFIG)
    assert len(changes) == 1 and changes[0].before is None


def test_an_unqualified_status_pairs_by_position() -> None:
    before = feature("         Status: **Tech Preview**")
    after = feature("         Status: **Supported**\n\n   Architecture: x86")
    changes = status_changes(after, before, CONFIG)
    assert [(c.before.text if c.before else None) for c in changes] == ["Tech Preview"]


def test_new_history_rows() -> None:
    row1 = "2024-01-10 1        Xen 4.19 Document written"
    row2 = "2025-03-04 2        Xen 4.20 Declared supported"
    before = feature("         Status: **Tech Preview**", history=row1)
    after = feature("         Status: **Supported**", history=f"{row1}\n{row2}")
    assert [r.revision for r in new_history_rows(after, before)] == ["2"]
    assert [r.revision for r in new_history_rows(after, None)] == ["1", "2"]


# ---- the index ---------------------------------------------------------------


def test_index_scans_editor_text_wins_and_forget_returns_to_disk(tmp_path: Path) -> None:
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    (tmp_path / "SUPPORT.md").write_text(
        "# Support\n\n### Live Patching\n\n    Status: Supported\n", encoding="utf-8"
    )
    doc_path = features / "livepatch.pandoc"
    doc_path.write_text("% Live Patching\n", encoding="utf-8")
    (features / "template.pandoc").write_text("% Template\n", encoding="utf-8")
    index = WorkspaceIndex(tmp_path, CONFIG)
    progress: list[tuple[int, int]] = []
    index.scan(lambda done, total, _path: progress.append((done, total)))
    assert progress == [(1, 2), (2, 2)]  # SUPPORT.md and one feature doc (not the template)
    support_doc = index.support()
    assert support_doc is not None and support_doc.kind is DocumentKind.SUPPORT
    assert [d.title for d in index.features()] == ["Live Patching"]

    index.set_text(doc_path, "% Live Patching v2\n")
    index.file_changed(doc_path)  # the editor's text still wins
    assert [d.title for d in index.features()] == ["Live Patching v2"]
    index.forget(doc_path)
    assert [d.title for d in index.features()] == ["Live Patching"]

    doc_path.write_text("% Live Patching v3\n", encoding="utf-8")
    os.utime(doc_path, ns=(1, 1))  # a different stamp even on a coarse clock
    index.file_changed(doc_path)
    assert [d.title for d in index.features()] == ["Live Patching v3"]
    doc_path.unlink()
    index.file_changed(doc_path)
    assert list(index.features()) == []


def test_corpus_livepatch_disagrees_once_on_the_feature_document(
    corpus: Path, tmp_path: Path
) -> None:
    for path in corpus.iterdir():
        shutil.copy(path, tmp_path / path.name)
    from featuredoc.workspace.config_file import config_from_data

    config, errors = config_from_data({"include": ["*.pandoc"]})
    assert not errors
    index = WorkspaceIndex(tmp_path, config)
    index.scan()
    inputs = Inputs(workspace=index)
    livepatch = tmp_path / "livepatch.pandoc"
    text = livepatch.read_text(encoding="utf-8")
    fd602 = [f for f in check(text, str(livepatch), config, inputs=inputs) if f.code == "FD602"]
    assert len(fd602) == 1
    assert "Tech Preview/Experimental" in fd602[0].message and "for ARM" in fd602[0].message
    assert fd602[0].related[0].path == str(tmp_path / "SUPPORT.md")

    support_path = tmp_path / "SUPPORT.md"
    findings = check(
        support_path.read_text(encoding="utf-8"),
        str(support_path),
        config,
        kind=DocumentKind.SUPPORT,
        inputs=inputs,
    )
    # SUPPORT.md is the source of truth: its line is the related place, not a finding
    assert [f for f in findings if f.code == "FD602"] == []
    line = fd602[0].related[0].span.start.line
    assert support_path.read_text(encoding="utf-8").splitlines()[line] == (
        "    Status, ARM: Experimental"
    )


def test_progress_line_only_on_a_terminal() -> None:
    import io

    from featuredoc.cli.runner import terminal_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert terminal_progress(io.StringIO()) is None
    stream = Terminal()
    show = terminal_progress(stream)
    assert show is not None
    show(1, 3, "a")
    show(2, 3, "b")
    assert stream.getvalue().endswith("\r\x1b[Kfeaturedoc: indexing the workspace 2/3")
    show(3, 3, "c")
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is cleared when done


def test_converted_diagnostics_follow_the_text_of_their_line() -> None:
    from featuredoc.lsp.convert import Converter
    from featuredoc.model.findings import Finding, Severity
    from featuredoc.model.text import Span

    finding = Finding("FD201", Severity.ERROR, "m", Span.on_line(0, 2, 4))
    ascii_range = Converter(["abcdef"]).diagnostic(finding).range
    assert (ascii_range.start.character, ascii_range.end.character) == (2, 4)
    # same finding, same columns in code points, but a character outside the BMP before it
    wide = Converter(["🚀bcdef"]).diagnostic(finding).range
    assert (wide.start.character, wide.end.character) == (3, 5)
    again = Converter(["abcdef"]).diagnostic(finding)
    assert (again.range.start.character, again.range.end.character) == (2, 4)
