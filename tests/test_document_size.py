"""max_document_size (FD905): one limit for the command line, the index and the server.

And the parser stays linear on input built to make it quadratic.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from featuredoc.engine import analyse, oversize, parse
from featuredoc.model.config import DEFAULT_MAX_DOCUMENT_SIZE, Config
from featuredoc.model.document import DocumentKind
from featuredoc.parser import chunks
from featuredoc.parser.document import parse_document
from featuredoc.workspace.config_file import load_config_text
from featuredoc.workspace.index import WorkspaceIndex

REPO = Path(__file__).resolve().parent.parent

HEADINGS = "".join(f"# Überschrift {n}\n" for n in range(200))


def test_default_is_far_above_real_documents() -> None:
    assert Config().max_document_size == DEFAULT_MAX_DOCUMENT_SIZE == 2 * 1024 * 1024


def test_the_limit_counts_utf8_bytes_and_is_inclusive() -> None:
    text = "é" * 50  # 50 code points, 100 bytes
    assert oversize(text, Config(max_document_size=100)) is None
    assert oversize(text, Config(max_document_size=99)) == 100


def test_an_oversized_document_gets_only_fd905_at_its_first_line() -> None:
    config = Config(max_document_size=len(HEADINGS.encode()) - 1)
    analysis = analyse(HEADINGS, "docs/features/flood.pandoc", config)
    assert analysis.document is None
    assert [(f.code, f.span.start.line, f.span.start.column) for f in analysis.findings] == [
        ("FD905", 0, 0)
    ]
    message = analysis.findings[0].message
    assert f"{len(HEADINGS.encode()):,} bytes" in message
    assert "max_document_size" in message
    # one byte more room: analysed as usual (FD905 gone, the usual findings back)
    analysis = analyse(HEADINGS, "docs/features/flood.pandoc", Config(max_document_size=10**6))
    codes = {f.code for f in analysis.findings}
    assert analysis.document is not None and "FD905" not in codes and "FD101" in codes


def test_fd905_off_skips_the_document_silently() -> None:
    config = Config(max_document_size=10, rules={"FD905": "off"})
    analysis = analyse(HEADINGS, "docs/features/flood.pandoc", config)
    assert analysis.findings == [] and analysis.document is None


def test_parse_gives_an_empty_document_when_oversized() -> None:
    document = parse(HEADINGS, "docs/features/flood.pandoc", Config(max_document_size=100))
    assert document.headings == [] and document.sections == []
    assert len(parse(HEADINGS, "docs/features/flood.pandoc", Config()).headings) == 200


def test_the_workspace_index_does_not_parse_an_oversized_unopened_file(tmp_path: Path) -> None:
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    (features / "flood.pandoc").write_text(HEADINGS, encoding="utf-8")
    (features / "small.pandoc").write_text("% Klein\n\n# Basics\n", encoding="utf-8")
    index = WorkspaceIndex(tmp_path, Config(max_document_size=1000))
    index.scan()
    by_name = {Path(d.path).name: d for d in index.features()}
    assert set(by_name) == {"flood.pandoc", "small.pandoc"}
    assert by_name["flood.pandoc"].headings == []
    assert [h.title for h in by_name["small.pandoc"].headings] == ["Basics"]
    # the editor's text is held to the same limit
    opened = index.set_text(features / "small.pandoc", HEADINGS)
    assert opened.headings == []


def test_the_setting_is_validated_with_its_position() -> None:
    config, errors = load_config_text("max_document_size: 65536\n", "c.yaml")
    assert not errors and config.max_document_size == 65536
    for value, shown in (("0", "0"), ("-5", "-5"), ("1.5", "1.5"), ("true", "a boolean")):
        text = f"include: [docs/*.pandoc]\nmax_document_size: {value}\n"
        config, errors = load_config_text(text, "c.yaml")
        assert [(e.line, e.column) for e in errors] == [(1, 19)], errors
        assert f"positive whole number of bytes, not {shown}" in errors[0].message
        assert config.max_document_size == DEFAULT_MAX_DOCUMENT_SIZE


def test_check_reports_a_heading_flood_as_too_large(tmp_path: Path) -> None:
    """Through the command line, in a real process (the figures are in benchmarks/)."""
    (tmp_path / ".git").mkdir()
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    flood = features / "flood.pandoc"
    line = "# Heading number 1234567\n"
    flood.write_text(line * (DEFAULT_MAX_DOCUMENT_SIZE // len(line) + 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "featuredoc.cli.command", "check", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "server"), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert '"code": "FD905"' in result.stdout
    assert result.stdout.count('"code"') == 1


# ---- the parser stays linear -----------------------------------------------------


class _Counting:
    """A stand-in for a compiled pattern that counts ``match`` calls."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def match(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text)


@pytest.mark.parametrize("opener", ["---\f", "---\u00a0", "---\u2003"])
def test_unclosed_yaml_openers_are_scanned_once(
    opener: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines that open a YAML block but can never close one (``rstrip`` sees
    ``---``, the closing pattern does not): each line is looked at a bounded
    number of times, not once per opener before it."""
    counter = _Counting(chunks._YAML_END)
    monkeypatch.setattr(chunks, "_YAML_END", counter)
    n = 3000
    lines = [opener, "Überschrift"] * n
    chunks.chunk_starts(lines)
    assert counter.calls <= 2 * len(lines)


def test_chunking_around_unclosed_openers_matches_the_whole_document_parse() -> None:
    text = "% Titel\n\n" + "---\f\nwert: 1\n\n# Abschnitt ☃\n\nText.\n" * 40 + "---\n...\n"
    incremental = parse_document(text, "", DocumentKind.FEATURE)
    reference = parse_document(text, "", DocumentKind.FEATURE, incremental=False)
    assert [h.title for h in incremental.headings] == [h.title for h in reference.headings]
    assert incremental.blocks == reference.blocks
    assert sum(1 for h in incremental.headings if h.level == 1) == 40


def test_the_edit_distance_shortcut_never_changes_a_result() -> None:
    """The character-set lower bound only skips work: same answers as the full table."""
    import random

    from featuredoc.analysis.similarity import edit_distance

    rng = random.Random(7)
    alphabet = "abcdeéü ☃"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(300)]
    words += ["testing", "tsetign", "known issues", "knwon isues", "Überschrift 12"]
    for a in words:
        for b in rng.sample(words, 20):
            full = edit_distance(a, b)
            for limit in (0, 1, 2, 3):
                bounded = edit_distance(a, b, limit)
                assert bounded == full if full <= limit else bounded > limit, (a, b, limit)
