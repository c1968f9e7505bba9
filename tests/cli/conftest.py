"""Fixtures for the command-line tests."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from cli_support import Result, Runner

from featuredoc.cli import command as cli

# Python imports this file and tests/conftest.py under one name, ``conftest``;
# whichever came last is what ``from conftest import ...`` finds. Keep the
# names other test modules take from tests/conftest.py.
TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
CORPUS = REPO.parent / "shared" / "corpus" / "xen"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder that is a workspace root (``.git``), with ``docs/features/``."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "features").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``featuredoc`` in this process: ``run("check", "x.pandoc", cwd=..., stdin=b"...")``."""

    def _run(*argv: str, cwd: Path | None = None, stdin: bytes | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return _run
