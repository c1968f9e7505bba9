"""Helpers for the real-editor tests (marker ``editors``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"
HERE = Path(__file__).resolve().parent


def editors_required() -> bool:
    """True when a missing editor must fail the test instead of skipping it."""
    return os.environ.get("FEATUREDOC_REQUIRE_EDITORS", "") not in ("", "0")


def missing(what: str) -> None:
    """Skip (or fail, under FEATUREDOC_REQUIRE_EDITORS) for a missing tool."""
    if editors_required():
        pytest.fail(f"{what} is not installed and FEATUREDOC_REQUIRE_EDITORS is set")
    pytest.skip(f"{what} is not installed")


def server_command() -> list[str]:
    """How an editor starts the installed server."""
    exe = shutil.which("featuredoc-ls")
    if exe:
        return [exe]
    return [sys.executable, "-m", "featuredoc"]


def editor_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of one editor run: HOME and XDG folders inside tmp_path."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "NVIM", "VIM"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        TERM="dumb",
    )
    env.update(extra)
    return env


TIERS = [
    "Supported",
    "Tech Preview",
    "Experimental",
    "Deprecated",
    "Supported, Not security supported",
    "Supported, Security support external",
    "Supported, with caveats",
]
FD201_MESSAGE = "'Supperted' is not a support status; did you mean 'Supported'?"


def fixture_text(name: str = "status_typo.pandoc") -> str:
    return (HERE / "fixtures" / name).read_text(encoding="utf-8")


class FeatureDoc:
    """A copy of the typo fixture inside a fresh project in tmp_path."""

    def __init__(
        self, root: Path, name: str = "status_typo.pandoc", text: str | None = None
    ) -> None:
        self.root = root
        (root / ".git").mkdir(parents=True)
        self.path = root / "docs" / "features" / "widget.pandoc"
        self.path.parent.mkdir(parents=True)
        if text is None:
            text = fixture_text(name)
        self.path.write_text(text, encoding="utf-8")
        lines = text.splitlines()
        self.line = next(i for i, line in enumerate(lines) if "Status: **Supperted**" in line)
        # 0-based UTF-16 columns of the word itself (the fixture is ASCII).
        self.start = lines[self.line].index("Supperted")
        self.end = self.start + len("Supperted")


def run_editor(cmd: list[str], cwd: Path, env: dict[str, str], out: Path, name: str) -> dict:
    """Run one editor to completion (bounded) and return the report it wrote.

    Editors exit 0 even when nothing arrived, so the report is what counts.
    """
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    detail = f"\nstdout={proc.stdout[-4000:]}\nstderr={proc.stderr[-4000:]}"
    assert proc.returncode == 0, f"{name} exited with {proc.returncode}{detail}"
    assert out.exists(), f"{name} wrote no report{detail}"
    return json.loads(out.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Python:
    path: str
    version: str  # "3.11"


def python_interpreters() -> list[Python]:
    """The CPython 3.10+ interpreters of this machine, one per minor version, this one first.

    Looks at this Python, ``python3`` and ``python3.N`` on PATH, and pyenv's
    versions (``$PYENV_ROOT``, else ``~/.pyenv``). A candidate that does not
    run (a pyenv shim of a version that is not selected) is left out.
    """
    candidates = [sys.executable, shutil.which("python3")]
    candidates += [shutil.which(f"python3.{minor}") for minor in range(10, 16)]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates += sorted(str(p) for p in pyenv.glob("versions/*/bin/python3"))
    found: dict[str, Python] = {}
    for candidate in candidates:
        if not candidate:
            continue
        try:
            result = subprocess.run(
                [
                    candidate,
                    "-S",
                    "-c",
                    "import sys; print(sys.implementation.name, *sys.version_info[:2])",
                ],
                capture_output=True,
                text=True,
                timeout=30,
                env={"PATH": os.environ.get("PATH", "")},
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        fields = result.stdout.split()
        if result.returncode != 0 or len(fields) != 3 or fields[0] != "cpython":
            continue
        major, minor = int(fields[1]), int(fields[2])
        version = f"{major}.{minor}"
        if (major, minor) >= (3, 10) and version not in found:
            found[version] = Python(candidate, version)
    return list(found.values())
