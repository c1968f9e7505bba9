"""Hostile configuration and files: bounded, refused cleanly, never executed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from featuredoc.cli.command import main as cli_main
from featuredoc.model.config import Config
from featuredoc.parser import parse_document, yamlsafe
from featuredoc.workspace import config_file as config_loader
from featuredoc.workspace import files
from featuredoc.workspace import template_file as template
from featuredoc.workspace.config_file import load_config_file, load_config_text
from featuredoc.workspace.files import UnreadableFile, inside_workspace, read_text
from robustness.invariants import assert_sound

FIXTURE = Path(__file__).parent.parent / "fixtures" / "rules" / "FD201" / "misspelled.pandoc"

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
            for i in range(8)
        ),
        "rules: *i",
    ]
)
DEEP_FLOW = "rules: " + "[" * 5000 + "]" * 5000
DEEP_BLOCK = "".join(f"{'  ' * i}k{i}:\n" for i in range(200)) + "  " * 200 + "x: 1\n"
PYTHON_TAGS = [
    "rules: !!python/object/apply:os.system ['touch {marker}']",
    "rules: !!python/object/new:os.system ['touch {marker}']",
    "rules: !!python/name:os.system",
    "rules: !!python/module:os",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
]


# ---- YAML ---------------------------------------------------------------------


def test_alias_bomb_is_refused() -> None:
    result = yamlsafe.load_yaml(BILLION_LAUGHS)
    assert result.data is None
    assert result.error is not None and "alias" in result.error


@pytest.mark.parametrize("text", [DEEP_FLOW, DEEP_BLOCK], ids=["flow", "block"])
def test_deep_nesting_is_refused(text: str) -> None:
    result = yamlsafe.load_yaml(text)
    assert result.data is None
    assert result.error is not None


def test_oversized_yaml_is_refused() -> None:
    result = yamlsafe.load_yaml("a: " + "x" * (yamlsafe.MAX_YAML_BYTES + 1))
    assert result.error is not None and result.data is None


@pytest.mark.parametrize("template_text", PYTHON_TAGS, ids=range(len(PYTHON_TAGS)))
def test_python_tags_construct_nothing(tmp_path: Path, template_text: str) -> None:
    marker = tmp_path / "executed"
    text = template_text.format(marker=marker)
    result = yamlsafe.load_yaml(text)
    assert result.error is not None
    config, errors = load_config_text(text, ".featuredoc.yaml")
    assert errors and config == Config()
    doc = parse_document(f"---\nsecurity-signoff:\n  by: {text}\n---\n\n# Basics\n")
    assert doc.metadata is not None and doc.metadata.error is not None
    assert not marker.exists()


@pytest.mark.parametrize(
    "text", [BILLION_LAUGHS, DEEP_FLOW, DEEP_BLOCK], ids=["aliases", "deep-flow", "deep-block"]
)
def test_config_loader_reads_yaml_through_yamlsafe(text: str) -> None:
    config, errors = load_config_text(text, ".featuredoc.yaml")
    assert errors, "a hostile configuration must be reported"
    assert config == Config()  # the defaults, nothing of the file applied
    assert config_loader.load_yaml is yamlsafe.load_yaml


@pytest.mark.parametrize(
    "yaml_text",
    [BILLION_LAUGHS, DEEP_FLOW, "security-signoff: !!python/name:os.system"],
    ids=["aliases", "deep-flow", "python-tag"],
)
def test_hostile_metadata_block_in_a_document(yaml_text: str) -> None:
    base = FIXTURE.read_text(encoding="utf-8")
    text = base.replace("% Revision 2\n", f"% Revision 2\n\n---\n{yaml_text}\n---\n", 1)
    doc = parse_document(text)
    assert doc.metadata is not None and doc.metadata.error is not None
    assert doc.metadata.data is None
    assert_sound(text)


# ---- paths named by the configuration ------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["../../etc/passwd", "/etc/passwd", "docs/../../outside.md", "C:\\Windows\\win.ini", "~/x"],
)
@pytest.mark.parametrize("key", ["support_file", "template"])
def test_config_paths_must_stay_in_the_workspace(key: str, value: str) -> None:
    config, errors = load_config_text(f"{key}: '{value}'\n", ".featuredoc.yaml")
    assert errors and "inside the workspace" in str(errors[0])
    assert getattr(config, key) == getattr(Config(), key)


def test_inside_workspace_refuses_symlinks_out(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "docs").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (root / "docs" / "t.pandoc").symlink_to(secret)
    (root / "docs" / "ok.pandoc").write_text("ok", encoding="utf-8")
    assert inside_workspace(root, "docs/ok.pandoc") == (root / "docs" / "ok.pandoc").resolve()
    assert inside_workspace(root, "docs/t.pandoc") is None
    assert inside_workspace(root, "../secret.txt") is None
    assert inside_workspace(root, str(secret)) is None


def test_template_outside_the_workspace_is_never_read(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "docs").mkdir(parents=True)
    secret = tmp_path / "secret.pandoc"
    secret.write_text("% secret\n", encoding="utf-8")
    (root / "docs" / "template.pandoc").symlink_to(secret)
    config = Config()
    config.template = "docs/template.pandoc"
    assert template.load_for(root, config) is None
    config.template = str(secret)  # set programmatically, past the loader's check
    assert template.load_for(root, config) is None
    (root / "docs" / "template.pandoc").unlink()
    (root / "docs" / "template.pandoc").write_text("% inside\n", encoding="utf-8")
    config.template = "docs/template.pandoc"
    assert template.load_for(root, config) == "% inside\n"


def test_a_template_too_large_or_not_a_file_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "docs").mkdir(parents=True)
    config = Config()
    config.template = "docs/template.pandoc"
    config.max_document_size = 64
    path = root / "docs" / "template.pandoc"
    path.write_text("% Größe 😀\n" + "# Overview\n" * 10, encoding="utf-8")
    assert template.load_for(root, config) is None  # over max_document_size
    path.write_text("% Größe 😀\n", encoding="utf-8")
    assert template.load_for(root, config) == "% Größe 😀\n"
    path.unlink()
    os.mkfifo(path)  # nobody writes to it: reading would wait for ever
    assert template.load_for(root, config) is None


# ---- files ----------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    features = root / "docs" / "features"
    features.mkdir(parents=True)
    (root / ".git").mkdir()
    (features / "good.pandoc").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _run(args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = cli_main(args)
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    return code, out, err


def test_symlink_loops_are_not_followed(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    features = workspace / "docs" / "features"
    (features / "loop").symlink_to(workspace)
    (features / "self").symlink_to(features)
    (workspace / "docs" / "up").symlink_to(workspace / "docs")
    found, problems = files.discover([workspace], workspace, Config())
    assert [d.path.name for d in found] == ["good.pandoc"]
    code, out, err = _run(["check", "--format", "json", "."], workspace, capsys)
    assert code == 1
    assert out.count("good.pandoc") == 1
    assert "Traceback" not in err


def test_binary_files_get_one_clear_error_invalid_utf8_a_finding(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    features = workspace / "docs" / "features"
    (features / "binary.pandoc").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (features / "latin1.pandoc").write_bytes("% Caf\u00e9\n".encode("latin-1"))
    (features / "utf16.pandoc").write_bytes("% Title\n".encode("utf-16"))
    code, out, err = _run(["check", "."], workspace, capsys)
    assert code == 2
    lines = [line for line in err.splitlines() if "featuredoc: error" in line]
    for name in ("binary.pandoc", "utf16.pandoc"):
        assert sum(name in line for line in lines) == 1, err
    assert "not a text file" in err
    assert "Traceback" not in err
    assert "good.pandoc" in out  # the readable file is still checked
    # bytes that are not UTF-8 do not make a file unreadable: they are a finding
    assert not any("latin1.pandoc" in line for line in lines), err
    assert "docs/features/latin1.pandoc:1:6: error FD904 Byte 0xE9" in out


def test_unreadable_file_is_skipped_with_a_message(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = workspace / "docs" / "features" / "locked.pandoc"
    locked.write_text("% Locked\n", encoding="utf-8")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root reads a mode-000 file anyway: make opening it fail instead
        real_open = os.open

        def deny(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if Path(str(path)).name == "locked.pandoc":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(files.os, "open", deny)
    else:
        locked.chmod(0)
    try:
        code, out, err = _run(["check", "--jobs", "1", "."], workspace, capsys)
    finally:
        locked.chmod(0o644)
    assert code == 2
    assert "locked.pandoc: cannot read (Permission denied)" in err
    assert "good.pandoc" in out
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_fifos_and_devices_are_not_read(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = workspace / "docs" / "features" / "pipe.pandoc"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_text(fifo)
    code, out, err = _run(["check", "."], workspace, capsys)
    assert code == 2 and "pipe.pandoc: not a regular file" in err
    if Path("/dev/zero").exists():
        code, out, err = _run(["check", "/dev/zero"], workspace, capsys)
        assert code == 2 and "not a regular file" in err
        config, errors = load_config_file(Path("/dev/zero"))
        assert errors and config == Config()


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.pandoc"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024)
    with pytest.raises(UnreadableFile, match="larger than"):
        read_text(big)


def test_cli_garbage_bytes_in_a_subprocess_are_located_findings(workspace: Path) -> None:
    target = workspace / "docs" / "features" / "bad.pandoc"
    target.write_bytes(b"\xff\xfe\xfd garbage \xc3\x28")
    proc = subprocess.run(
        [sys.executable, "-m", "featuredoc.cli.command", "check", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # bytes that are not UTF-8 are findings at their place, not a failure of the run
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    assert "docs/features/bad.pandoc:1:1: error FD904 3 bytes 0xFF 0xFE 0xFD" in proc.stdout
    assert "docs/features/bad.pandoc:1:13: error FD904 Byte 0xC3" in proc.stdout
