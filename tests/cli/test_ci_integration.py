"""The pre-commit hook definition and the CI snippets of docs/ci.md work as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from cli_support import BROKEN, SUPPORT_MD, feature_doc

from featuredoc.cli.command import build_parser

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / ".pre-commit-hooks.yaml"
CI_DOC = REPO / "docs" / "ci.md"
SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


def require_pre_commit() -> Any:
    try:
        import pre_commit.clientlib as clientlib
    except ImportError:
        if os.environ.get("FEATUREDOC_REQUIRE_EDITORS"):
            pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed")
    return clientlib


def hook() -> dict[str, Any]:
    (definition,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return definition


def yaml_blocks() -> list[Any]:
    text = CI_DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)]


def featuredoc_commands() -> list[str]:
    """Every `featuredoc ...` command line in the YAML snippets."""
    commands: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "name":  # a step's title, not a command
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)
        elif isinstance(node, str) and node.startswith("featuredoc "):
            commands.append(node)

    for block in yaml_blocks():
        visit(block)
    return commands


# ---- the hook definition ------------------------------------------------------------


def test_manifest_is_valid_for_pre_commit() -> None:
    clientlib = require_pre_commit()
    (definition,) = clientlib.load_manifest(str(HOOKS))
    assert definition["id"] == "featuredoc"
    assert definition["entry"] == "featuredoc check"
    assert definition["language"] == "python"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("docs/features/sched_credit2.pandoc", True),
        ("docs/features/new-thing.md", True),
        ("xen/docs/features/livepatch.pandoc", True),
        ("docs/features/sub/dir.pandoc", True),
        ("SUPPORT.md", True),
        ("xen/SUPPORT.md", True),
        ("docs/features/notes.txt", False),
        ("docs/misc/livepatch.pandoc", False),
        ("NOT_SUPPORT.md", False),
        ("SUPPORT.md.orig", False),
    ],
)
def test_files_pattern(path: str, matches: bool) -> None:
    assert (re.search(hook()["files"], path) is not None) is matches


def test_entry_and_args_parse() -> None:
    definition = hook()
    argv = [*shlex.split(definition["entry"])[1:], *definition.get("args", []), "x.pandoc"]
    args = build_parser().parse_args(argv)
    assert args.command == "check" and args.force_exclude


def git(cwd: Path, *argv: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *argv],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    """A real `pre-commit run` of the hook as defined (installed locally, no download)."""
    require_pre_commit()
    repo = tmp_path / "repo"
    (repo / "docs" / "features").mkdir(parents=True)
    (repo / "docs" / "features" / "bad.pandoc").write_text(BROKEN, encoding="utf-8")
    (repo / "docs" / "features" / "template.pandoc").write_text(BROKEN, encoding="utf-8")
    (repo / "docs" / "notes.pandoc").write_text(BROKEN, encoding="utf-8")
    (repo / "SUPPORT.md").write_text(SUPPORT_MD, encoding="utf-8")
    local = dict(hook(), language="system")  # the installed featuredoc, not a new virtualenv
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    git(repo, "add", ".")
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    env.pop("FORCE_COLOR", None)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docs/features/bad.pandoc:6:20: error FD201" in failed.stdout
    assert "SUPPORT.md:12:20: error FD501" in failed.stdout
    assert "template.pandoc" not in failed.stdout  # excluded by the configuration
    assert "notes.pandoc" not in failed.stdout  # not a feature document

    (repo / "docs" / "features" / "bad.pandoc").write_text(feature_doc(), encoding="utf-8")
    (repo / "SUPPORT.md").write_text(SUPPORT_MD.replace("Suported", "Supported"), encoding="utf-8")
    git(repo, "add", ".")
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr


# ---- docs/ci.md ---------------------------------------------------------------------


def pre_commit_configs() -> list[dict[str, Any]]:
    return [b for b in yaml_blocks() if isinstance(b, dict) and "repos" in b]


def test_pre_commit_snippets_are_valid_configs(tmp_path: Path) -> None:
    clientlib = require_pre_commit()
    configs = pre_commit_configs()
    assert len(configs) == 3
    for number, config in enumerate(configs):
        path = tmp_path / f"config{number}.yaml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        loaded = clientlib.load_config(str(path))
        (repo,) = loaded["repos"]
        (documented,) = repo["hooks"]
        assert documented["id"] == "featuredoc"
        if repo["repo"] == "local":
            # The hook definition, run from wherever featuredoc is installed.
            definition = hook()
            assert documented["entry"] == " ".join([definition["entry"], *definition["args"]])
            assert documented["files"] == definition["files"]
            # `system` (pre-commit 4.4 reads it as `unsupported`, which 3.x does not know)
            assert config["repos"][0]["hooks"][0]["language"] == "system"
            args = shlex.split(documented["entry"])[1:]
        else:
            assert repo["repo"] == "https://github.com/featuredoc/featuredoc"
            # No release tag yet: a commit, which `pre-commit autoupdate` fills in.
            assert repo["rev"] == "COMMIT"
            args = ["check", *documented.get("args", [])]
        build_parser().parse_args([*args, "x.pandoc"])


def _project(root: Path, config: dict[str, Any]) -> Path:
    """A git repository with a broken feature document, the template and *config*."""
    (root / "docs" / "features").mkdir(parents=True)
    (root / "docs" / "features" / "bad.pandoc").write_text(BROKEN, encoding="utf-8")
    (root / "docs" / "features" / "template.pandoc").write_text(BROKEN, encoding="utf-8")
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    git(root, "add", ".")
    return root


def _pre_commit(cwd: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_documented_local_hook_runs(tmp_path: Path) -> None:
    """docs/ci.md's `repo: local` hook as written, with featuredoc installed (here: this tree)."""
    require_pre_commit()
    (config,) = [c for c in pre_commit_configs() if c["repos"][0]["repo"] == "local"]
    project = _project(tmp_path / "project", config)
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    env.pop("FORCE_COLOR", None)
    failed = _pre_commit(project, env, "run", "--all-files", "--color", "never")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docs/features/bad.pandoc:6:20: error FD201" in failed.stdout
    assert "template.pandoc" not in failed.stdout


def test_the_documented_hook_at_a_commit_runs(tmp_path: Path) -> None:
    """docs/ci.md's hook with `rev:` a commit, filled in by `pre-commit autoupdate` as the page
    says, from a copy of this repository (its files as they are, in one commit): pre-commit
    installs featuredoc from that commit into an environment of its own and runs it."""
    require_pre_commit()
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    upstream = tmp_path / "featuredoc"
    for rel in filter(None, listed.stdout.decode().split("\0")):
        if (REPO / rel).is_file():
            (upstream / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, upstream / rel)
    subprocess.run(["git", "init", "-q"], cwd=upstream, check=True)
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "featuredoc")
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=upstream, capture_output=True, text=True, check=True
    ).stdout.strip()

    (config,) = [
        c
        for c in pre_commit_configs()
        if c["repos"][0]["repo"] != "local" and "args" not in c["repos"][0]["hooks"][0]
    ]
    documented_url = config["repos"][0]["repo"]
    config["repos"][0]["repo"] = str(upstream)
    project = _project(tmp_path / "project", config)
    # Nothing of this tree: pre-commit's own environment has featuredoc or nothing.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FORCE_COLOR")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "cache")

    updated = _pre_commit(project, env, "autoupdate", "--repo", str(upstream))
    assert updated.returncode == 0, updated.stdout + updated.stderr
    written = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert written["repos"][0]["rev"] == commit
    assert documented_url.endswith("/featuredoc")

    git(project, "add", ".")
    failed = _pre_commit(project, env, "run", "--all-files", "--color", "never")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docs/features/bad.pandoc:6:20: error FD201" in failed.stdout
    assert "template.pandoc" not in failed.stdout


def test_github_workflow_snippet() -> None:
    (workflow,) = [b for b in yaml_blocks() if isinstance(b, dict) and "jobs" in b]
    job = workflow["jobs"]["featuredoc"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    )
    writes_sarif = next(s for s in steps if "--format sarif" in s.get("run", ""))
    assert steps.index(writes_sarif) < steps.index(upload)
    assert writes_sarif["run"].endswith("> " + upload["with"]["sarif_file"])
    assert any("--format github" in s.get("run", "") for s in steps[steps.index(upload) :])


def test_gitlab_snippet() -> None:
    (job,) = [b["featuredoc"] for b in yaml_blocks() if isinstance(b, dict) and "featuredoc" in b]
    report = job["artifacts"]["reports"]["codequality"]
    assert any(line.endswith("> " + report) for line in job["script"])
    assert job["artifacts"]["when"] == "always"


def test_every_documented_command_parses() -> None:
    commands = featuredoc_commands()
    assert len(commands) >= 4
    parser = build_parser()
    for command in commands:
        argv = shlex.split(command.split(">")[0])[1:]
        args = parser.parse_args(argv)
        assert args.command == "check", command


def test_documented_commands_run(tmp_path: Path) -> None:
    """Run each documented command in a repository with findings; check what it writes."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "features").mkdir(parents=True)
    (tmp_path / "docs" / "features" / "x.pandoc").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "SUPPORT.md").write_text(SUPPORT_MD, encoding="utf-8")
    env = dict(
        os.environ,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    schema = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for command in featuredoc_commands():
        proc = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in proc.stderr, command
        never = "--fail-on never" in command
        assert proc.returncode == (0 if never else 1), (command, proc.stderr)
        if "> featuredoc.sarif" in command:
            log = json.loads((tmp_path / "featuredoc.sarif").read_text(encoding="utf-8"))
            assert not list(schema.iter_errors(log))
            found = {r["ruleId"] for r in log["runs"][0]["results"]}
            assert {"FD201", "FD402", "FD501"} <= found
        if "> gl-code-quality-report.json" in command:
            issues = json.loads((tmp_path / "gl-code-quality-report.json").read_text())
            assert {i["location"]["path"] for i in issues} == {
                "docs/features/x.pandoc",
                "SUPPORT.md",
            }
        if "--format github" in command:
            assert proc.stdout.startswith("::error file=SUPPORT.md,line=12,")
