"""``featuredoc matrix --releases``: columns from git revisions, formats and exit codes.

A synthetic repository (``git init``) with non-ASCII tag and entry names, a
release without SUPPORT.md and one Xen's generator cannot read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import Runner
from test_base import git

from featuredoc.cli.release_matrix import MISSING, READS, STOPS, release_sources
from featuredoc.model.config import Config

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = "% Support statement\n\n# Feature Support\n\n"
V9 = HEAD + "## Größenänderung\n\n    Status, x86: Tech Preview\n    Status, Arm: Experimental\n"
V10 = HEAD + "## Größenänderung\n\n    Status, x86: Supported\n    Status, Arm: Experimental\n"
BROKEN = HEAD + "## Größenänderung\n\n    States, x86: Supported\n"
V11 = (
    HEAD
    + "## Größenänderung\n\n    Status, x86: Supported\n\n## 新機能\n\n    Status: Experimental\n"
)


def _commit(repo: Path, text: str | None, tag: str | None, message: str) -> None:
    support = repo / "SUPPORT.md"
    if text is None:
        support.unlink(missing_ok=True)
        (repo / "README").write_text(message, encoding="utf-8")
    else:
        support.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag is not None:
        git(repo, "tag", "-a", "-m", tag, tag)  # an annotated tag: peeled to its commit


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Tags RELEASE-4.8 (no SUPPORT.md), 4.9, 4.10, 4.10.1-ü (unreadable); HEAD after them."""
    repo = tmp_path / "projekt-ä"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, None, "RELEASE-4.8", "before SUPPORT.md")
    _commit(repo, V10, "RELEASE-4.10", "4.10")  # tagged before 4.9: the order is by version
    _commit(repo, V9, "RELEASE-4.9", "4.9")
    _commit(repo, BROKEN, "RELEASE-4.10.1-ü", "a broken point release")
    _commit(repo, V11, None, "development")
    git(repo, "tag", "other-1.0")
    return repo


def test_the_tags_in_version_order_then_head(repo: Path, run: Runner) -> None:
    result = run("matrix", str(repo), "--releases", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [c["name"] for c in data["columns"]] == [
        "RELEASE-4.9",
        "RELEASE-4.10",
        "RELEASE-4.10.1-ü",
        "HEAD",
    ]
    assert [c["state"] for c in data["columns"]] == [READS, READS, STOPS, READS]
    assert data["tags"] == "RELEASE-*"
    rows = {(r["entry"], r["qualifier"]): r["cells"] for r in data["rows"]}
    x86 = rows[("Größenänderung", "x86")]
    assert [c["value"] for c in x86] == ["Tech Preview", "Supported", None, "Supported"]
    assert [c["changed"] for c in x86] == [False, True, False, False]
    assert x86[1]["was"] == "Tech Preview" and x86[1]["since"] == "RELEASE-4.9"
    new = rows[("新機能", None)]
    assert [c["changed"] for c in new] == [False, False, False, True]
    [finding] = data["columns"][2]["findings"]
    assert (finding["code"], finding["line"]) == ("FD502", 7)
    assert all(len(c["commit"]) == 40 and c["date"] for c in data["columns"])


def test_head_is_left_out_when_it_is_a_release(repo: Path, run: Runner) -> None:
    git(repo, "tag", "RELEASE-4.11")
    data = json.loads(run("matrix", str(repo), "--releases", "--format", "json").out)
    assert [c["name"] for c in data["columns"]][-2:] == ["RELEASE-4.10.1-ü", "RELEASE-4.11"]


def test_the_pattern_from_the_settings_and_from_the_command_line(repo: Path, run: Runner) -> None:
    (repo / ".featuredoc.yaml").write_text('release_tags: "RELEASE-4.1*"\n', encoding="utf-8")
    data = json.loads(run("matrix", str(repo), "--releases", "--format", "json").out)
    assert [c["name"] for c in data["columns"]] == ["RELEASE-4.10", "RELEASE-4.10.1-ü", "HEAD"]
    data = json.loads(run("matrix", str(repo), "--tags", "RELEASE-4.[89]", "--format", "json").out)
    assert [c["name"] for c in data["columns"]] == ["RELEASE-4.9", "HEAD"]
    assert data["tags"] == "RELEASE-4.[89]"


def test_explicit_revisions_in_their_order(repo: Path, run: Runner) -> None:
    result = run(
        "matrix",
        str(repo),
        "--format",
        "json",
        "--releases",
        "HEAD",
        "RELEASE-4.8",
        "RELEASE-4.10.1-ü",
        "RELEASE-4.9",
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [c["name"] for c in data["columns"]] == [
        "HEAD",
        "RELEASE-4.8",
        "RELEASE-4.10.1-ü",
        "RELEASE-4.9",
    ]
    assert [c["state"] for c in data["columns"]] == [READS, MISSING, STOPS, READS]
    assert data["tags"] is None
    x86 = next(r for r in data["rows"] if r["qualifier"] == "x86")
    # RELEASE-4.9 is compared with HEAD, the nearest column to its left that is read
    assert x86["cells"][3]["changed"] and x86["cells"][3]["since"] == "HEAD"


def test_markdown_and_html(repo: Path, run: Runner, tmp_path: Path) -> None:
    markdown = run("matrix", str(repo), "--releases")
    assert markdown.code == 0, markdown.err
    assert (
        "| Feature Support | Größenänderung | x86 | Tech Preview | Δ Supported |  | Supported |"
        in markdown.out
    )
    assert "Δ: the status differs from the column to its left" in markdown.out
    assert "### RELEASE-4.10.1-ü" in markdown.out
    page = tmp_path / "releases.html"
    written = run("matrix", str(repo), "--releases", "--output", str(page))
    assert (written.code, written.out) == (0, "")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert 'class="changed" title="changed since RELEASE-4.9: was Tech Preview"' in text
    assert "<script" not in text and "新機能" in text


def test_one_git_process_and_each_object_once(repo: Path) -> None:
    sources, requests = release_sources(repo, Config(), [], "RELEASE-*")
    # SUPPORT.md of 4 tags (4.8 has none), the commits of the 3 others, HEAD's commit and SUPPORT.md
    assert requests == 4 + 3 + 2
    assert [s.name for s in sources] == ["RELEASE-4.9", "RELEASE-4.10", "RELEASE-4.10.1-ü", "HEAD"]


def test_a_support_md_that_is_a_link_is_read_where_it_leads(repo: Path, run: Runner) -> None:
    """Inside the tree, as a checkout shows it; out of the tree or nowhere, no SUPPORT.md;
    and the releases after a link are still read."""
    (repo / "docs").mkdir()
    (repo / "docs" / "SUPPORT.md").write_text(V9, encoding="utf-8")
    for tag, target in (("RELEASE-5.0", "docs/SUPPORT.md"), ("RELEASE-5.1", "../../x")):
        (repo / "SUPPORT.md").unlink()
        (repo / "SUPPORT.md").symlink_to(target)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", tag)
        git(repo, "tag", tag)
    (repo / "SUPPORT.md").unlink()
    _commit(repo, V11, "RELEASE-5.2", "a file again")
    data = json.loads(run("matrix", str(repo), "--releases", "--format", "json").out)
    names = [c["name"] for c in data["columns"]]
    assert names[-2:] == ["RELEASE-5.0", "RELEASE-5.2"]  # 5.1's link leads out: no SUPPORT.md
    x86 = next(r for r in data["rows"] if r["qualifier"] == "x86")
    assert [c["value"] for c in x86["cells"][-2:]] == ["Tech Preview", "Supported"]


def test_a_tag_on_a_tree_is_no_release(repo: Path, run: Runner) -> None:
    git(repo, "tag", "-a", "-m", "a tree", "RELEASE-4.11", "RELEASE-4.9^{tree}")
    data = json.loads(run("matrix", str(repo), "--releases", "--format", "json").out)
    assert "RELEASE-4.11" not in [c["name"] for c in data["columns"]]


def test_a_project_in_a_subfolder(repo: Path, run: Runner) -> None:
    sub = repo / "xen"
    sub.mkdir()
    (sub / "SUPPORT.md").write_text(V9, encoding="utf-8")
    (sub / ".featuredoc.yaml").write_text("{}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a nested project")
    data = json.loads(run("matrix", str(sub), "--releases", "HEAD", "--format", "json").out)
    x86 = next(r for r in data["rows"] if r["qualifier"] == "x86")
    assert x86["cells"][0]["value"] == "Tech Preview"  # xen/SUPPORT.md, not the top one


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--releases", "RELEASE-4.9", "nope"], "unknown revision 'nope'"),
        (["--releases", "RELEASE-4.9..HEAD"], "unknown revision 'RELEASE-4.9..HEAD'"),
        (["--releases", "RELEASE-4.9:SUPPORT.md"], "unknown revision 'RELEASE-4.9:SUPPORT.md'"),
        (["--releases", "RELEASE-4.9 commit 12"], "unknown revision 'RELEASE-4.9 commit 12'"),
        (["--releases", "x missing"], "unknown revision 'x missing'"),
        (["--tags", "v*"], "no tag matching 'v*' holds SUPPORT.md"),
        (["--releases", "RELEASE-4.9", "--tags", "RELEASE-*"], "--tags lists the releases itself"),
    ],
)
def test_errors(repo: Path, run: Runner, argv: list[str], message: str) -> None:
    result = run("matrix", str(repo), *argv)
    assert result.code == 2
    assert result.out == ""
    assert f"featuredoc matrix: error: {message}" in result.err


def test_outside_a_repository(tmp_path: Path, run: Runner) -> None:
    (tmp_path / ".featuredoc.yaml").write_text("{}\n", encoding="utf-8")
    result = run("matrix", str(tmp_path), "--releases")
    assert result.code == 2
    assert "not inside a git repository" in result.err


def test_two_paths_are_refused(repo: Path, run: Runner) -> None:
    result = run("matrix", str(repo), str(repo), "--releases")
    assert result.code == 2 and "at most one PATH" in result.err


def test_the_benchmark_runs(repo: Path) -> None:
    """``benchmarks/matrix_releases_bench.py`` still runs (its timings are not asserted)."""
    bench = Path(__file__).resolve().parents[2] / "benchmarks" / "matrix_releases_bench.py"
    done = subprocess.run(
        [sys.executable, str(bench), "--repo", str(repo), "--runs", "1", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["columns"] == ["RELEASE-4.9", "RELEASE-4.10", "RELEASE-4.10.1-ü", "HEAD"]
    assert result["git_objects"] == 4 + 3 + 2
    assert all(result[step]["cpu_ms"] >= 0 for step in ("read", "build", "whole", "command"))
