"""``--fix`` writes only what it read, only inside the workspace, and keeps the file's identity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_support import BROKEN, FIXED, Runner

from featuredoc.cli import runner

GUIDANCE = "Run `rm -rf ~` to test this feature."


def features(workspace: Path) -> Path:
    return workspace / "docs" / "features"


def without_testing(text: str) -> str:
    """*text* without its Testing section (FD101 inserts it with the configured guidance)."""
    start = text.index("# Testing")
    end = text.index("# Areas for improvement")
    return text[:start] + text[end:]


def test_fix_never_writes_through_a_link_out_of_the_workspace(
    workspace: Path, run: Runner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("home")
    bashrc = home / ".bashrc"
    original = without_testing(BROKEN)
    bashrc.write_text(original, encoding="utf-8")
    (workspace / ".featuredoc.yaml").write_text(
        f"sections:\n  - Basics\n  - name: Testing\n    guidance: '{GUIDANCE}'\n",
        encoding="utf-8",
    )
    (features(workspace) / "x.pandoc").symlink_to(bashrc)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert bashrc.read_text(encoding="utf-8") == original
    assert result.code == 2
    assert result.err == (
        "featuredoc: error: docs/features/x.pandoc: fixes not written: its real path "
        f"{bashrc.resolve()} is outside the workspace {workspace.resolve()}\n"
    )
    assert "Fixed" not in result.out and "error FD201" in result.out  # reported as it is
    assert sorted(p.name for p in home.iterdir()) == [".bashrc"]  # no temporary file left


def test_a_file_named_outside_the_root_may_not_lead_out_of_its_folder(
    workspace: Path, run: Runner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A second project on the command line is fixed, but not through a link out of it."""
    other = tmp_path_factory.mktemp("other-project")
    plain = other / "plain.pandoc"
    plain.write_text(BROKEN, encoding="utf-8")
    home = tmp_path_factory.mktemp("home")
    bashrc = home / ".bashrc"
    bashrc.write_text(BROKEN, encoding="utf-8")
    (other / "linked.pandoc").symlink_to(bashrc)
    result = run(
        "check", "--fix", "docs/features", str(plain), str(other / "linked.pandoc"), cwd=workspace
    )
    assert plain.read_text(encoding="utf-8") == FIXED  # outside the root, inside its own folder
    assert bashrc.read_text(encoding="utf-8") == BROKEN
    assert result.code == 2
    assert f"its real path {bashrc.resolve()} is outside its folder {other.resolve()}" in result.err


def test_fix_still_writes_through_a_link_inside_the_workspace(workspace: Path, run: Runner) -> None:
    real = workspace / "elsewhere" / "real.pandoc"
    real.parent.mkdir()
    real.write_text(BROKEN, encoding="utf-8")
    (features(workspace) / "x.pandoc").symlink_to(Path("../../elsewhere/real.pandoc"))
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 0, result.err
    assert real.read_text(encoding="utf-8") == FIXED


def test_an_edit_made_while_fixing_is_not_lost(
    workspace: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    edited = BROKEN.replace("Grant tables let", "Grant tables (édité pendant --fix) let")
    check_text = runner.process_text

    def slow_check(*args: object, **kwargs: object) -> object:
        result = check_text(*args, **kwargs)  # type: ignore[arg-type]
        doc.write_text(edited, encoding="utf-8")  # the user saves meanwhile
        return result

    monkeypatch.setattr(runner, "process_text", slow_check)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert doc.read_text(encoding="utf-8") == edited
    assert result.code == 2
    assert result.err == (
        "featuredoc: error: docs/features/x.pandoc: fixes not written: it changed since it "
        "was read; run the fixes again\n"
    )


def test_a_change_just_before_the_rename_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.pandoc"
    target.write_text("original", encoding="utf-8")
    read = runner.Stamp.of(target.stat())
    chmod = os.chmod

    def chmod_then_edit(path: str, mode: int) -> None:  # the last step before the rename
        chmod(path, mode)
        target.write_text("edited by someone else", encoding="utf-8")

    monkeypatch.setattr(runner.os, "chmod", chmod_then_edit)
    with pytest.raises(runner.WriteRefused, match="changed since it was read"):
        runner.write_atomically(target, b"fixed", root=str(tmp_path), read=read)
    assert target.read_text(encoding="utf-8") == "edited by someone else"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pandoc"]


def test_a_file_with_hard_links_is_refused(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    other = workspace / "copy-of-x.pandoc"
    os.link(doc, other)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 2
    assert "fixes not written: it has 2 hard links" in result.err
    assert doc.read_text(encoding="utf-8") == BROKEN
    assert os.path.samefile(doc, other)  # still one file


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_fix_keeps_the_owner(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    os.chown(doc, 4321, 8765)
    doc.chmod(0o604)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 0, result.err
    info = doc.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (4321, 8765, 0o604)
    assert doc.read_text(encoding="utf-8") == FIXED


def test_fix_refuses_when_the_owner_cannot_be_kept(
    workspace: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = features(workspace) / "x.pandoc"
    doc.write_text(BROKEN, encoding="utf-8")
    info = doc.stat()
    real_stat = os.stat

    def other_owner(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if os.path.basename(str(path)).endswith(".tmp"):  # the new file: someone else's
            fields = list(st)
            fields[4] = info.st_uid + 1
            return os.stat_result(fields)
        return st

    def refuse(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(runner.os, "stat", other_owner)
    monkeypatch.setattr(runner.os, "chown", refuse)
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 2
    assert f"fixes not written: its owner ({info.st_uid}:{info.st_gid}) cannot be kept" in (
        result.err
    )
    assert doc.read_text(encoding="utf-8") == BROKEN
    assert sorted(p.name for p in features(workspace).iterdir()) == ["x.pandoc"]


def test_fix_keeps_cr_only_line_endings(workspace: Path, run: Runner) -> None:
    doc = features(workspace) / "x.pandoc"
    text = without_testing(BROKEN).replace("Grant Table v3", "Grant Table v3 — été")
    doc.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    result = run("check", "--fix", "docs/features", cwd=workspace)
    assert result.code == 0, result.out + result.err
    data = doc.read_bytes()
    assert b"\n" not in data
    fixed = data.decode("utf-8").replace("\r", "\n")
    assert "\n# Testing\n" in fixed and "Supported" in fixed and "été" in fixed
