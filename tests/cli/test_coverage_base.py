"""``featuredoc check --base REV``: covered code changed, its document not (FD610)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import Runner, feature_doc
from test_base import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DOC = "docs/features/gnttab.pandoc"
CODE = "xen/common/grant_table.c"  # the document names it in its Technical details
PROMPT = f"this change modifies {CODE}; {DOC} was not updated"


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main`` with the document and its code; the branch ``work`` checked out."""
    write(tmp_path, DOC, feature_doc().replace("The code lives", "🙂 The code lives"))
    write(tmp_path, CODE, "int grant;\n")
    write(tmp_path, "xen/common/sched/crédit2.c", "int credit2;\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Grant tables")
    git(tmp_path, "checkout", "-q", "-b", "work")
    return tmp_path


def test_a_change_to_covered_code_prompts_on_the_document(repo: Path, run: Runner) -> None:
    write(repo, CODE, "int grant = 3;\n")
    git(repo, "commit", "-q", "-am", "Grant tables v3")
    result = run("check", "--base", "main", "--format", "json", cwd=repo)
    assert result.code == 0, result.err  # information: the reviewer decides
    (finding,) = [f for f in json.loads(result.out) if f["code"] == "FD610"]
    assert finding["message"] == PROMPT
    assert finding["path"] == DOC
    line = (
        (repo / DOC)
        .read_text(encoding="utf-8")
        .splitlines()
        .index("🙂 The code lives in `xen/common/grant_table.c`.")
    )
    # after the emoji (two UTF-16 units) and " The code lives in `"
    assert finding["range"]["start"] == {"line": line, "character": 2 + 20}
    assert finding["range"]["end"] == {"line": line, "character": 2 + 20 + len(CODE)}
    gate = run("check", "--base", "main", "--fail-on", "information", cwd=repo)
    assert gate.code == 1 and PROMPT in gate.out


def test_no_prompt_without_base_or_when_the_document_changed_too(repo: Path, run: Runner) -> None:
    write(repo, CODE, "int grant = 3;\n")
    assert "FD610" not in run("check", cwd=repo).out
    text = (repo / DOC).read_text(encoding="utf-8")
    write(repo, DOC, text.replace("Grant tables let", "Grant tables (now v3) let"))
    result = run("check", "--base", "main", cwd=repo)
    assert result.code == 0 and "FD610" not in result.out, result.out


def test_explicit_coverage_from_the_settings_file(repo: Path, run: Runner) -> None:
    write(repo, ".featuredoc.yaml", f"covers:\n  {DOC}: [xen/common/sched/]\ninfer_covers: false\n")
    git(repo, "add", ".featuredoc.yaml")
    git(repo, "commit", "-q", "-m", "Coverage")
    write(repo, CODE, "int grant = 3;\n")  # named by the text: not covered without inference
    git(repo, "mv", "xen/common/sched/crédit2.c", "xen/common/sched/crédit3.c")
    result = run("check", "--base", "work", "-q", cwd=repo)
    expected = (
        "this change renames xen/common/sched/crédit2.c to xen/common/sched/crédit3.c; "
        f"{DOC} was not updated"
    )
    assert f"{DOC}:1:3: information FD610 {expected}" in result.out, result.out


def test_bad_coverage_setting_is_a_located_error(repo: Path, run: Runner) -> None:
    write(repo, ".featuredoc.yaml", f"covers:\n  {DOC}: [../outside.c]\n")
    result = run("check", "--base", "main", cwd=repo)
    assert result.code == 2
    assert (
        ".featuredoc.yaml:2:" in result.err and "must be a glob inside the workspace" in result.err
    )


def test_worker_processes_get_the_changes(repo: Path, run: Runner) -> None:
    for name in ("a", "b", "c"):
        write(repo, f"docs/features/{name}.pandoc", feature_doc())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "More documents")
    write(repo, CODE, "int grant = 3;\n")
    result = run("check", "--base", "HEAD", "--jobs", "2", "--select", "FD610", cwd=repo)
    prompts = [line for line in result.out.splitlines() if "FD610" in line]
    assert len(prompts) == 4, result.out
