"""Completion candidates (pure, code-point columns)."""

from __future__ import annotations

import datetime as dt

from featuredoc.editing.completion import (
    CandidateKind,
    Workspace,
    complete,
    next_revision,
    snippet_escape,
    snippet_text,
    status_candidates,
    workspace_values,
)
from featuredoc.engine import parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.tiers import Tier

TODAY = dt.date(2026, 3, 4)

DOC = """\
% Credit2
% Revision 1.9

# Basics
---------------- ----------------------------------------------------
         Status: **Supported**

      Component: Hypervisor
---------------- ----------------------------------------------------

# Overview

Text.

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2016-10-14 1.9      Xen 4.8  Document written
---------- -------- -------- -------------------------------------------
"""


def candidates(text: str, line: int, column: int, **kw):  # noqa: ANN201
    config = kw.pop("config", Config())
    workspace = Workspace(TODAY, kw.pop("values", {}), kw.pop("definitions", {}))
    doc = parse(text, "x.pandoc", config)
    lines = text.split("\n")
    return complete(doc, lines, line, column, DocumentKind.FEATURE, config, workspace)


def edit(text: str, line: int, new: str, insert: bool = False) -> str:
    lines = text.split("\n")
    if insert:
        lines.insert(line, new)
    else:
        lines[line] = new
    return "\n".join(lines)


def test_partial_bold_status_keeps_the_closing_marker() -> None:
    found = status_candidates("         Status: **Sup", 22, DocumentKind.FEATURE, Config())
    assert [(c.label, c.start, c.end, c.new_text) for c in found[:2]] == [
        ("Supported", 19, 22, "Supported**"),
        ("Tech Preview", 19, 22, "Tech Preview**"),
    ]


def test_status_documentation_uses_support_definitions() -> None:
    own = {"Experimental": Tier("Experimental", False, "", (("Functional completeness", "Nope"),))}
    found = status_candidates("Status: ", 8, DocumentKind.FEATURE, Config(), definitions=own)
    experimental = next(c for c in found if c.label == "Experimental")
    assert "- Functional completeness: Nope" in experimental.documentation
    assert experimental.documentation.startswith("**Experimental**\n\nIncomplete")


def test_keys_not_yet_present_right_aligned() -> None:
    text = edit(DOC, 6, "  Se")
    found = candidates(text, 6, 4)
    assert [(c.label, c.new_text, c.start, c.end, c.kind) for c in found] == [
        ("Architecture", "   Architecture: ", 0, 4, CandidateKind.KEY),
        ("Hardware", "       Hardware: ", 0, 4, CandidateKind.KEY),
        ("Security sign-off", "Security sign-off: ", 0, 4, CandidateKind.KEY),
        ("Support entry", "  Support entry: ", 0, 4, CandidateKind.KEY),
    ]


def test_alias_counts_as_present() -> None:
    text = edit(DOC, 6, "Architecture(s): x86\n")
    text = edit(text, 8, "", insert=True)
    found = candidates(text, 8, 0)
    assert "Architecture" not in [c.label for c in found]


def test_values_replace_the_item_under_the_cursor() -> None:
    text = edit(DOC, 7, "      Component: Hypervisor, to")
    values = {"Component": {"Hypervisor", "Toolstack", "libxl"}}
    found = candidates(text, 7, 31, values=values)
    assert [(c.label, c.start, c.end) for c in found] == [("libxl", 29, 31), ("Toolstack", 29, 31)]


def test_workspace_values_split_on_commas_and_skip_placeholders() -> None:
    docs = [
        parse(edit(DOC, 7, "      Component: Hypervisor, toolstack"), "a", Config()),
        parse(edit(DOC, 7, "      Component: e.g. Hypervisor"), "b", Config()),
    ]
    assert workspace_values(docs, Config()) == {"Component": {"Hypervisor", "toolstack"}}


def test_sections_not_present_in_template_order() -> None:
    text = edit(DOC, 13, "#", insert=True)
    found = candidates(text, 13, 1)
    assert [c.label for c in found] == [
        "User details",
        "Technical details",
        "Limitations",
        "Testing",
        "Areas for improvement",
        "Known issues",
        "References",
    ]
    assert found[0].new_text == (
        "# User details\n\n${1:How a user enables the feature (is it on by default?) and "
        "interacts with it (typically via `xl`).}"
    )
    assert found[0].snippet and (found[0].start, found[0].end) == (0, 1)


def test_subheadings_get_no_section_candidates() -> None:
    text = edit(DOC, 13, "## ", insert=True)
    assert candidates(text, 13, 3) == []


def test_history_row() -> None:
    lines = DOC.split("\n")
    bottom = len(lines) - 2
    text = edit(DOC, bottom, "", insert=True)
    (row,) = candidates(text, bottom, 0)
    assert row.label == "History row"
    assert row.new_text == "2026-03-04 1.10     Xen 4.8  ${1:Notes}"
    assert snippet_text(row.new_text) == "2026-03-04 1.10     Xen 4.8  Notes"


def test_empty_document_template_parses_cleanly() -> None:
    (template,) = candidates("", 0, 0)
    assert template.kind is CandidateKind.SNIPPET
    text = snippet_text(template.new_text)
    doc = parse(text, "x.pandoc", Config())
    assert doc.title == "Feature name" and doc.revision == "1"
    assert doc.basics is not None
    assert [f.key for f in doc.basics.fields] == ["Status", "Architecture", "Component"]
    assert doc.history is not None and [r.revision for r in doc.history.rows] == ["1"]
    assert [s.title for s in doc.top_sections()] == Config().sections


def test_next_revision() -> None:
    assert next_revision("3") == "4"
    assert next_revision("1.17") == "1.18"
    assert next_revision("N") == "N"


def test_snippet_escape_round_trips() -> None:
    text = "costs $5 {x} \\ y"
    assert snippet_text("${1:" + snippet_escape(text) + "}") == text
    assert snippet_text("${2|Experimental,Supported|} $0") == "Experimental "


def test_no_history_row_over_an_existing_row() -> None:
    lines = DOC.split("\n")
    row = len(lines) - 3
    assert lines[row].startswith("2016-10-14")
    assert candidates(DOC, row, 0) == []
    assert [c.label for c in candidates(edit(DOC, row, "2026-0"), row, 6)] == ["History row"]


def test_a_complete_heading_gets_no_section_candidates() -> None:
    assert candidates(DOC, 10, 10) == []  # "# Overview"
    text = edit(DOC, 10, "# Overv")
    assert [c.label for c in candidates(text, 10, 7)][0] == "Overview"


def test_key_completion_keeps_text_after_the_cursor() -> None:
    text = edit(DOC, 6, "   CAT support")
    found = candidates(text, 6, 0)
    assert found and all((c.start, c.end) == (0, 0) for c in found)
    renamed = candidates(
        text.replace("      Component: Hypervisor", "      Compo: Hypervisor"), 7, 3
    )
    assert [(c.label, c.start, c.end) for c in renamed][:1] == [("Architecture", 0, 13)]


def test_status_range_always_holds_the_cursor() -> None:
    line = "         Status: **Supported**"
    for column in range(19, len(line) + 1):
        for c in status_candidates(line, column, DocumentKind.FEATURE, Config()):
            assert c.start <= column <= c.end
            replaced = line[: c.start] + c.new_text + line[c.end :]
            assert replaced.endswith(f"**{c.label}**")


def test_template_on_a_blank_line_replaces_it() -> None:
    (template,) = candidates("   \n", 0, 3)
    assert (template.start, template.end) == (0, 3)
