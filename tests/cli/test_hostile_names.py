"""File names and document text that try to break the outputs.

A name with a newline must not forge an output line (a GitHub ``::error``
command), escape sequences must not reach the terminal, a name that is not
UTF-8 must not crash any format, and a crash must never exit 1 (findings).
These run in a real process: the way standard output encodes is the point.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from cli_support import BROKEN, Runner, run_process

from featuredoc.cli import command as cli
from featuredoc.cli import runner

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"

#: A newline followed by a GitHub workflow command.
FORGED = "a\n::error file=evil.pandoc::forged.pandoc"
#: Latin-1 "café": not UTF-8 (Python keeps the byte as a lone surrogate).
LATIN1 = os.fsdecode(b"caf\xe9.pandoc")
#: A terminal title change and a bell.
TERMINAL = "\x1b]0;pwned\x07x.pandoc"
NAMES = (FORGED, LATIN1, TERMINAL)
QUOTED = {
    FORGED: '"docs/features/a\\n::error file=evil.pandoc::forged.pandoc"',
    LATIN1: '"docs/features/caf\\351.pandoc"',
    TERMINAL: '"docs/features/\\033]0;pwned\\ax.pandoc"',
}


@pytest.fixture
def hostile(workspace: Path) -> Path:
    """A workspace whose feature documents have hostile names and an escape sequence inside."""
    text = BROKEN.replace("Supperted", "Sup\x1b[2Jperted")
    for name in NAMES:
        (workspace / "docs" / "features" / name).write_text(text, encoding="utf-8")
    return workspace


def check(workspace: Path, *args: str) -> tuple[int, str, str]:
    done = run_process("check", "--select", "FD201", *args, cwd=workspace)
    # strict decoding: every output is valid UTF-8
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_text_quotes_names_and_escapes_control_characters(hostile: Path) -> None:
    code, out, err = check(hostile)
    assert code == 1, err
    findings = out.splitlines()[:-1]
    assert len(findings) == 3
    assert sorted(line.split(":6:20: ")[0] for line in findings) == sorted(QUOTED.values())
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\x1b" not in out and "\x07" not in out
    assert all("'Sup\\x1b[2Jperted' is not a support status" in line for line in findings)


def test_github_annotations_cannot_be_forged(hostile: Path) -> None:
    code, out, err = check(hostile, "--format", "github")
    assert code == 1, err
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error file=") for line in lines)
    assert "\x1b" not in out and "\x07" not in out
    files = sorted(line.split(",line=")[0].removeprefix("::error file=") for line in lines)
    assert '"docs/features/caf\\351.pandoc"' in files
    assert '"docs/features/a\\n%3A%3Aerror file=evil.pandoc%3A%3Aforged.pandoc"' in files


def test_json_and_gitlab_carry_names_validly(hostile: Path) -> None:
    expected = {
        "docs/features/" + FORGED,  # a JSON string holds a newline
        QUOTED[LATIN1],  # undecodable bytes: the quoted form
        "docs/features/" + TERMINAL,
    }
    code, out, err = check(hostile, "--format", "json")
    assert code == 1, err
    assert {item["path"] for item in json.loads(out)} == expected
    code, out, err = check(hostile, "--format", "gitlab")
    assert code == 1, err
    issues = json.loads(out)
    assert {issue["location"]["path"] for issue in issues} == expected
    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_sarif_percent_encodes_the_bytes_of_names(hostile: Path) -> None:
    code, out, err = check(hostile, "--format", "sarif")
    assert code == 1, err
    log: dict[str, Any] = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors(log))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {
        "docs/features/a%0A%3A%3Aerror%20file%3Devil.pandoc%3A%3Aforged.pandoc",
        "docs/features/caf%E9.pandoc",
        "docs/features/%1B%5D0%3Bpwned%07x.pandoc",
    }


def test_problems_on_standard_error_are_escaped(workspace: Path) -> None:
    (workspace / "docs" / "features" / FORGED).write_bytes(b"\xff\xfe binary\x00")
    code, out, err = check(workspace)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("featuredoc: error: docs/features/a\\n::error")


def test_a_crash_exits_2_with_one_line(
    workspace: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom \x1b[2J")

    monkeypatch.setattr(cli, "check_files", crash)
    result = run("check", "docs/features", cwd=workspace)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("featuredoc check: internal error: RuntimeError: boom \\x1b[2J")


# ---- the support matrix ---------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if tag == "a" and name == "href"]


@pytest.fixture
def scheme_named(workspace: Path) -> Path:
    """Feature documents at the root, one named like a script URL, one with raw HTML."""
    (workspace / ".featuredoc.yaml").write_text("include: ['*.pandoc']\n", encoding="utf-8")
    (workspace / "javascript:alert(document.domain).pandoc").write_text(
        "% Harmless\n", encoding="utf-8"
    )
    (workspace / "html.pandoc").write_text(
        "% Bad | title <img src=x onerror=alert(1)> *here*\n", encoding="utf-8"
    )
    return workspace


def test_matrix_html_links_are_relative_and_encoded(scheme_named: Path) -> None:
    done = run_process("matrix", "--format", "html", cwd=scheme_named)
    assert done.returncode == 0, done.stderr
    parser = _Links()
    parser.feed(done.stdout.decode("utf-8"))
    files = [h for h in parser.hrefs if not h.startswith("#")]
    assert sorted(files) == ["./html.pandoc", "./javascript%3Aalert%28document.domain%29.pandoc"]
    assert all(urlsplit(h).scheme == "" for h in parser.hrefs)
    assert "<img" not in done.stdout.decode("utf-8")


def test_matrix_markdown_escapes_cells_and_raw_html(scheme_named: Path) -> None:
    done = run_process("matrix", cwd=scheme_named)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert "<img" not in text.replace("\\<img", "")  # only as escaped text
    row = next(line for line in text.splitlines() if "Bad" in line)
    assert "[Bad \\| title \\<img src=x onerror=alert(1)\\> \\*here\\*](./html.pandoc)" in row
    unescaped_pipes = row.replace("\\|", "").count("|")
    assert unescaped_pipes == 8  # seven cells
    assert "(./javascript%3Aalert%28document.domain%29.pandoc)" in text


def test_matrix_output_is_written_atomically(
    workspace: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    page = workspace / "matrix.html"
    page.write_text("the previous page", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner.os, "replace", fail)
    result = run("matrix", "-o", str(page), cwd=workspace)
    assert result.code == 2
    assert "No space left on device" in result.err
    assert page.read_text(encoding="utf-8") == "the previous page"
    assert sorted(p.name for p in workspace.iterdir()) == [".git", "docs", "matrix.html"]


def test_matrix_output_with_a_name_that_is_not_utf8(workspace: Path) -> None:
    (workspace / "docs" / "features" / LATIN1).write_text(BROKEN, encoding="utf-8")
    for name, fmt in (("matrix.html", "html"), ("matrix.json", "json"), ("matrix.md", "md")):
        done = run_process("matrix", "-o", name, cwd=workspace)
        assert done.returncode == 0, done.stderr
        text = (workspace / name).read_bytes().decode("utf-8")
        if fmt == "json":
            (feature,) = json.loads(text)["features"]
            assert feature["path"] == QUOTED[LATIN1]
        else:
            assert "caf%E9.pandoc" in text  # the link, percent-encoded from the bytes
