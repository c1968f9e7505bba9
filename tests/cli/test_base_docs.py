"""The pull-request workflow of docs/workspace.md does what the page says."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from cli_support import Runner
from test_base import DOC, git, raise_to_supported, tech_preview

PAGE = Path(__file__).resolve().parents[2] / "docs" / "workspace.md"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def workflow() -> dict:
    blocks = re.findall(r"```yaml\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "featuredoc check --base" in b]
    return yaml.safe_load(block)


def test_the_workflow_fetches_history_and_checks_against_the_base() -> None:
    steps = workflow()["jobs"]["featuredoc"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[-1].startswith("featuredoc check --base origin/main")


def test_the_documented_command_fails_a_raise_without_signoff(tmp_path: Path, run: Runner) -> None:
    upstream = tmp_path / "upstream"
    (upstream / DOC.parent).mkdir(parents=True)
    (upstream / DOC).write_text(tech_preview(), encoding="utf-8")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "Grant table v3 as a tech preview")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))  # has origin/main, as in CI
    git(clone, "checkout", "-q", "-b", "pull-request")
    raise_to_supported(clone, signoff_date="2024-12-01")
    argv = shlex.split(workflow()["jobs"]["featuredoc"]["steps"][-1]["run"])
    assert argv[0] == "featuredoc"
    result = run(*argv[1:], cwd=clone)
    assert result.code == 1
    assert "title=FD603" in result.out  # an annotation on the pull request
    (clone / DOC).write_text(
        (clone / DOC).read_text(encoding="utf-8").replace(", 2024-12-01", ", 2025-06-01"),
        encoding="utf-8",
    )
    result = run(*argv[1:], cwd=clone)
    assert result.code == 0, result.out
    assert "title=FD604" in result.out  # the change, shown without failing
