"""Completion and hover on a long document read only the chunks they need, and answer
exactly as on the whole document.

After an edit of prose, the server gives completion and hover a document of
the chunks they read (:func:`featuredoc.incremental.cursor_document`: all but
the prose sections below the top heading level), not the whole document. On
random documents and edits, every line and a few columns of each are asked
both ways: the candidates and the hovers must be equal.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from featuredoc import engine, incremental
from featuredoc.editing.completion import Workspace, complete
from featuredoc.editing.hover import hover_at
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Position
from featuredoc.model.tiers import Tier
from test_incremental_analysis import PATH, TREE, _document, _edit

TODAY = dt.date(2026, 12, 7)
DEFINITIONS: dict[str, Tier] = {}


def _answers(doc: Document, config: Config, line: int, column: int) -> tuple[object, object]:
    workspace = Workspace(TODAY, {}, DEFINITIONS)
    found = complete(doc, doc.lines, line, column, DocumentKind.FEATURE, config, workspace)
    return found, hover_at(doc, config, Position(line, column), DEFINITIONS)


def _compare(whole: Document, cursor: Document, config: Config, rng: random.Random) -> int:
    asked = 0
    for line, text in enumerate(whole.lines):
        for column in {0, len(text), rng.randint(0, len(text))}:
            assert _answers(cursor, config, line, column) == _answers(
                whole, config, line, column
            ), (line, column, text)
            asked += 1
    return asked


@pytest.mark.parametrize("seed", range(6))
def test_completion_and_hover_on_the_cursor_document_equal_the_whole_documents(
    seed: int,
) -> None:
    rng = random.Random(seed)
    config = Config()
    inputs = Inputs(tree=TREE)
    text = _document(rng, config)
    compared = smaller = 0
    for _ in range(30):
        analysis = incremental.analyse_edit(
            text, PATH, config, kind=DocumentKind.FEATURE, inputs=inputs
        )
        if not analysis.built:
            cursor = analysis.cursor_document()
            assert cursor is not None and not analysis.built  # the whole one is not built
            whole = engine.parse(text, PATH, config, DocumentKind.FEATURE, cached=False)
            _compare(whole, cursor, config, rng)
            compared += 1
            smaller += len(cursor.blocks) < len(whole.blocks)
        text = _edit(text, rng)
    assert compared >= 5 and smaller >= 3


def test_a_request_before_the_analysis_parses_only_what_the_edit_touched() -> None:
    config = Config()
    lines = _document(random.Random(3), config).split("\n")
    incremental.analyse_edit("\n".join(lines), PATH, config, kind=DocumentKind.FEATURE)
    at = lines.index("## Detail 2") + 1
    lines[at:at] = ["", "Typed just now."]
    text = "\n".join(lines)
    parsed = incremental.request_analysis(text, PATH, config, DocumentKind.FEATURE)
    assert not parsed.built
    cursor = parsed.cursor_document()
    assert cursor is not None and not parsed.built
    assert cursor.basics is not None and [s.title for s in cursor.top_sections()] == [
        s.title for s in engine.parse(text, "", config, DocumentKind.FEATURE).top_sections()
    ]
    # the whole document when something asks for it, and the next analysis still reuses
    assert parsed.document == engine.parse(text, PATH, config, DocumentKind.FEATURE, cached=False)
    reused = incremental.COUNTS.reused
    incremental.analyse_edit(text, PATH, config, kind=DocumentKind.FEATURE)
    assert incremental.COUNTS.reused == reused + 1
