"""A link into a folder that cannot be read is a skipped file, not a crash.

Permissions do not stop root, so as root the processes run without the
capabilities that bypass them (``setpriv``); the folder is really unreadable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import BROKEN

REPO = Path(__file__).resolve().parent.parent.parent
INDEX_SCRIPT = """
import sys
from pathlib import Path
from featuredoc.model.config import Config
from featuredoc.workspace.index import WorkspaceIndex

index = WorkspaceIndex(Path(sys.argv[1]), Config())
index.scan()
for document in index.features():
    print("document", Path(document.path).name, len(document.headings))
for problem in index.problems:
    print("problem", problem)
"""


def _prefix() -> list[str]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("as root, a folder is unreadable only without CAP_DAC_*: needs setpriv")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def locked_link(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace with one good document and one linking into an unreadable folder."""
    features = workspace / "docs" / "features"
    (features / "gut.pandoc").write_text(BROKEN, encoding="utf-8")
    locked = tmp_path_factory.mktemp("verschlossen") / "ordner"
    locked.mkdir()
    (locked / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    (features / "link.pandoc").symlink_to(locked / "x.pandoc")
    locked.chmod(0)
    try:
        yield workspace
    finally:
        locked.chmod(0o755)


def run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    environ["PYTHONPATH"] = str(REPO / "server")
    return subprocess.run(
        [*_prefix(), sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def test_check_reports_the_link_and_checks_the_rest(locked_link: Path) -> None:
    done = run_unprivileged(
        "-m", "featuredoc.cli.command", "check", "--select", "FD201", cwd=locked_link
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr == (
        "featuredoc: error: docs/features/link.pandoc: cannot read (Permission denied)\n"
    )
    assert done.stdout.startswith("docs/features/gut.pandoc:6:20: error FD201 ")


LINK_ERROR = "featuredoc: error: docs/features/link.pandoc: cannot read (Permission denied)\n"


def test_check_of_the_link_named_reports_it_and_checks_the_rest(locked_link: Path) -> None:
    """As pre-commit names the files: the link first, then the good document."""
    done = run_unprivileged(
        "-m", "featuredoc.cli.command", "check", "--select", "FD201",
        "docs/features/link.pandoc", "docs/features/gut.pandoc", cwd=locked_link,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == LINK_ERROR
    assert done.stdout.startswith("docs/features/gut.pandoc:6:20: error FD201 ")
    assert "Found 1 finding (1 error) in 1 of 1 file.\n" in done.stdout


def test_check_of_the_link_alone_is_the_error_alone(locked_link: Path) -> None:
    for extra in ([], ["--fix"], ["--diff"], ["--format", "sarif"]):
        done = run_unprivileged(
            "-m", "featuredoc.cli.command", "check", *extra, "docs/features/link.pandoc",
            cwd=locked_link,
        )  # fmt: skip
        assert done.returncode == 2, (extra, done.stderr)
        assert done.stderr == LINK_ERROR, extra
        if extra[:1] != ["--format"]:
            assert done.stdout == "", extra  # no "No findings in 0 files."
        else:
            notifications = done.stdout.count("cannot read (Permission denied)")
            assert notifications == 1, done.stdout


def test_standard_input_named_as_the_link_is_checked(locked_link: Path) -> None:
    """The text comes from standard input: that the link cannot be read does not matter."""
    done = subprocess.run(
        [*_prefix(), sys.executable, "-m", "featuredoc.cli.command", "check", "--select",
         "FD201", "--stdin-filename", "docs/features/link.pandoc"],
        cwd=locked_link,
        input=BROKEN,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "server")},
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("docs/features/link.pandoc:6:20: error FD201 ")
    assert done.stderr == ""


def test_matrix_of_the_link_named_reports_it_and_renders_the_rest(locked_link: Path) -> None:
    done = run_unprivileged(
        "-m", "featuredoc.cli.command", "matrix", "--format", "json",
        "docs/features/link.pandoc", "docs/features/gut.pandoc", cwd=locked_link,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "link.pandoc: cannot read (Permission denied)" in done.stderr
    assert '"path": "docs/features/gut.pandoc"' in done.stdout


def test_matrix_reports_the_link_and_renders_the_rest(locked_link: Path) -> None:
    done = run_unprivileged(
        "-m", "featuredoc.cli.command", "matrix", "--format", "json", cwd=locked_link
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "link.pandoc: cannot read (Permission denied)" in done.stderr
    assert '"path": "docs/features/gut.pandoc"' in done.stdout
    assert "link.pandoc" not in done.stdout


def test_the_workspace_index_indexes_the_rest(locked_link: Path) -> None:
    """What the language server's index is built with."""
    done = run_unprivileged("-c", INDEX_SCRIPT, str(locked_link), cwd=locked_link)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "document gut.pandoc 10"
    assert lines[1:] == [
        f"problem {locked_link / 'docs' / 'features' / 'link.pandoc'}: cannot read "
        "(Permission denied)"
    ]
