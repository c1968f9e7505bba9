"""The command-line tool never loads the language server's libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import BROKEN

PROBE = """
import sys
from featuredoc.cli import command as cli
code = cli.main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol", "cattrs"))
sys.stderr.write("LOADED=" + ",".join(loaded) + "\\n")
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "x.pandoc"],
        ["check", "--format", "sarif", "x.pandoc"],
        ["check", "--format", "github", "--fix", "x.pandoc"],
        ["check", "--jobs", "2", "x.pandoc", "y.pandoc"],
        ["rules"],
        ["explain", "FD201"],
    ],
)
def test_no_lsp_imports(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "y.pandoc").write_text(BROKEN, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "LOADED=\n" in proc.stderr, proc.stderr


def test_the_probe_sees_lsp_imports(tmp_path: Path) -> None:
    probe = PROBE.replace(
        "from featuredoc.cli import command as cli",
        "from featuredoc.cli import command as cli\nimport featuredoc.lsp.server",
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, "rules"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "pygls" in proc.stderr and "lsprotocol" in proc.stderr


def test_a_plain_check_loads_only_what_it_needs(tmp_path: Path) -> None:
    """Start-up time is most of a small run: no git, matrix, pool or SARIF code."""
    (tmp_path / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    probe = PROBE.replace(
        '("pygls", "lsprotocol", "cattrs")', '("pygls", "lsprotocol", "cattrs", "featuredoc")'
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, "check", "x.pandoc"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    loaded = set(proc.stderr.rsplit("LOADED=", 1)[1].strip().split(","))
    assert "featuredoc.engine" in loaded  # the probe works
    for lazy in (
        "featuredoc.workspace.gitbase",
        "featuredoc.cli.matrix",
        "featuredoc.cli.sarif",
        "featuredoc.rules.catalog",
        "featuredoc.lsp",
    ):
        assert lazy not in loaded
    heavy = {"concurrent.futures", "subprocess", "hashlib", "multiprocessing"}
    modules_probe = PROBE + "sys.stderr.write('MODS=' + ','.join(sorted(sys.modules)) + '\\n')\n"
    out = subprocess.run(
        [sys.executable, "-c", modules_probe, "check", "x.pandoc"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stderr
    modules = set(out.rsplit("MODS=", 1)[1].strip().split(","))
    assert not heavy & modules, heavy & modules
