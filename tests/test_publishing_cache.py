"""Diagnostics are converted and serialised from caches: each must equal the uncached result."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from lsprotocol import types
from pygls import uris
from pygls.protocol import LanguageServerProtocol, default_converter

from featuredoc.lsp import publishing
from featuredoc.lsp.convert import Converter
from featuredoc.lsp.protocol import ServerProtocol
from featuredoc.lsp.publishing import to_diagnostics
from featuredoc.lsp.server import FeaturedocServer
from featuredoc.model.findings import Finding, Related, Severity
from featuredoc.model.text import Position, Span, column_to_units

OTHER = "/ws/docs/features/größe.pandoc"


def fresh(
    lines: list[str], findings: list[Finding], encoding: str, others: dict[str, list[str]]
) -> list[types.Diagnostic]:
    """The diagnostics built from scratch, without any cache."""
    result = []
    for finding in findings:
        convert = Converter(lines, encoding)
        related = []
        for item in finding.related:
            other = list(item.lines) if item.lines is not None else others.get(item.path)
            if other is None:
                start = end = types.Position(line=item.span.start.line, character=0)
            else:

                def at(pos: Position, text: list[str] = other) -> types.Position:
                    line = text[pos.line] if 0 <= pos.line < len(text) else ""
                    return types.Position(
                        line=pos.line, character=column_to_units(line, pos.column, encoding)
                    )

                start, end = at(item.span.start), at(item.span.end)
            related.append(
                types.DiagnosticRelatedInformation(
                    location=types.Location(
                        uri=uris.from_fs_path(item.path) or item.path,
                        range=types.Range(start=start, end=end),
                    ),
                    message=item.message,
                )
            )
        result.append(
            types.Diagnostic(
                range=convert.range(finding.span),
                severity=types.DiagnosticSeverity(int(finding.severity)),
                code=finding.code,
                code_description=convert.diagnostic(finding).code_description,
                source="featuredoc",
                message=finding.message,
                related_information=related or None,
            )
        )
    return result


def test_related_ranges_follow_the_other_documents_text() -> None:
    """Same finding, same span: a non-BMP character before it moves its UTF-16 columns."""
    lines = ["    Status: Supported — ünï"]
    finding = Finding(
        "FD602",
        Severity.ERROR,
        "'Supported' disagrees",
        Span(Position(0, 12), Position(0, 21)),
        related=[Related(OTHER, Span(Position(1, 10), Position(1, 19)), "Größe: Status")],
    )
    for other in (
        ["% Größe", "  Status: Supported"],
        ["% Größe", "😀 Status: Supported"],  # same code points, one more UTF-16 unit
        ["% Größe", "😀😀Status: Supported"],
    ):
        for encoding in ("utf-16", "utf-8", "utf-32"):
            got = to_diagnostics(lines, [finding], encoding, {OTHER: other}.get)
            assert got == fresh(lines, [finding], encoding, {OTHER: other})
    got = to_diagnostics(lines, [finding], "utf-16", {OTHER: ["x", "😀 Status: Supported"]}.get)
    assert got[0].related_information is not None
    assert got[0].related_information[0].location.range.start.character == 11
    # the other document cannot be read: the start of the line
    got = to_diagnostics(lines, [finding], "utf-16", {}.get)
    assert got == fresh(lines, [finding], "utf-16", {})


def test_random_findings_and_edits_match_the_uncached_conversion() -> None:
    rng = random.Random(3)
    alphabet = "aé😀 \t—ß"
    others = {
        f"/ws/d{n}.pandoc": ["".join(rng.choice(alphabet) for _ in range(12))] * 3 for n in range(5)
    }
    lines = ["".join(rng.choice(alphabet) for _ in range(20)) for _ in range(10)]
    for _ in range(200):
        # edit a line of this document or of another one
        if rng.random() < 0.5:
            i = rng.randrange(len(lines))
            lines[i] = rng.choice(alphabet) + lines[i][:-1]
        else:
            path = rng.choice(list(others))
            text = list(others[path])
            text[rng.randrange(3)] = "".join(rng.choice(alphabet) for _ in range(12))
            others[path] = text
        findings = []
        for _ in range(rng.randint(1, 6)):
            line = rng.randrange(len(lines))
            related = [
                Related(
                    rng.choice(list(others) + ["/ws/gone.pandoc"]),
                    Span(
                        Position(r := rng.randrange(3), c := rng.randrange(10)), Position(r, c + 2)
                    ),
                    "über",
                )
                for _ in range(rng.randint(0, 2))
            ]
            findings.append(
                Finding(
                    "FD602",
                    Severity.ERROR,
                    "ß",
                    Span(Position(line, 2), Position(line, 9)),
                    related=related,
                )
            )
        got = to_diagnostics(lines, findings, "utf-16", others.get)
        assert got == fresh(lines, findings, "utf-16", others)


def test_places_that_carry_their_lines_match_the_uncached_conversion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """FD602 hands out the same related lists while nothing changes; a new one when it does.

    Each place is converted with the lines it carries (never the other
    document's current text), whether its list is new, seen before, or seen
    before in another encoding; a list with one place that carries no lines
    is converted the other way.
    """
    rng = random.Random(11)
    alphabet = "aé😀 \t—ß"
    others = {
        f"/ws/f{n}.pandoc": ["".join(rng.choice(alphabet) for _ in range(12))] * 3 for n in range(4)
    }
    lines = ["    Status: Supported 😀"] * 4
    pool: list[list[Related]] = []
    identity_hits = 0
    places = converted = 0
    original = publishing._related

    def counted(*args: Any) -> Any:  # noqa: ANN401
        nonlocal converted
        converted += 1
        return original(*args)

    monkeypatch.setattr(publishing, "_related", counted)
    for _ in range(300):
        if rng.random() < 0.3:  # a feature document changes: a new list of lines, as parsed
            path = rng.choice(list(others))
            text = list(others[path])
            text[rng.randrange(3)] = "".join(rng.choice(alphabet) for _ in range(12))
            others[path] = text
        findings = []
        for _ in range(rng.randint(1, 4)):
            if pool and rng.random() < 0.6:
                related = rng.choice(pool)  # the very list reported before
                identity_hits += 1
            else:
                related = []
                for _ in range(rng.randint(1, 3)):
                    path = rng.choice(list(others))
                    row, col = rng.randrange(3), rng.randrange(10)
                    carried = others[path] if rng.random() < 0.9 else None
                    related.append(
                        Related(
                            path, Span(Position(row, col), Position(row, col + 2)), "ü", carried
                        )
                    )
                pool.append(related)
            line = rng.randrange(len(lines))
            findings.append(
                Finding(
                    "FD602",
                    Severity.ERROR,
                    "ß",
                    Span(Position(line, 12), Position(line, 21)),
                    related=related,
                )
            )
        encoding = rng.choice(["utf-16", "utf-16", "utf-8"])
        places += sum(len(f.related) for f in findings)
        owner = rng.choice(["file:///ws/SUPPORT.md", "file:///ws/other/SUPPORT.md"])
        got = to_diagnostics(lines, findings, encoding, others.get, owner)
        assert got == fresh(lines, findings, encoding, others)
    assert identity_hits > 100
    # and the lists seen before were taken as converted, not converted again
    assert converted < places


class Capture:
    def __init__(self) -> None:
        self.data: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.data.append(data)

    def close(self) -> None:
        pass


def _message(data: bytes) -> dict[str, object]:
    header, _, body = data.partition(b"\r\n\r\n")
    length = int(header.split(b"\r\n")[0].split(b":")[1])
    assert length == len(body)
    decoded: dict[str, object] = json.loads(body)
    return decoded


def test_the_diagnostics_message_is_what_pygls_would_write() -> None:
    protocol = FeaturedocServer().protocol
    assert isinstance(protocol, ServerProtocol)
    capture = Capture()
    protocol.set_writer(capture)
    lines = ["Status: Supported 😀 ünï"]
    finding = Finding(
        "FD602",
        Severity.ERROR,
        'Größe "quoted" \\ 😀 "diagnostics": []',
        Span(Position(0, 8), Position(0, 17)),
        related=[Related(OTHER, Span(Position(0, 1), Position(0, 3)), "Größe: Status")],
    )
    plain = Finding("FD101", Severity.WARNING, "ünï", Span(Position(0, 0), Position(0, 1)))
    diagnostics = to_diagnostics(lines, [finding, plain], "utf-16", {OTHER: ["😀abc"]}.get)
    for version in (None, 7):
        for items in (diagnostics, []):
            params = types.PublishDiagnosticsParams(
                uri='file:///ws/SUPPORT%20ü"diagnostics": [].md', version=version, diagnostics=items
            )
            for _ in range(2):  # the second time from the cached JSON
                capture.data.clear()
                protocol.notify(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
                LanguageServerProtocol.notify(
                    protocol, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params
                )
                ours, pygls_own = capture.data
                assert _message(ours) == _message(pygls_own)
                assert _message(ours)["params"]["diagnostics"] == (  # type: ignore[index]
                    json.loads(json.dumps(default_converter().unstructure(items)))
                )
