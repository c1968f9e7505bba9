"""``featuredoc check``: exit codes, selection, stdin, unreadable input, summaries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import BROKEN, SUPPORT_MD, Runner, feature_doc, run_process

from featuredoc.cli.output import use_colour
from featuredoc.cli.runner import is_selected


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "docs" / "features" / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# ---- exit status ----------------------------------------------------------------


def test_clean_document_exits_0(workspace: Path, run: Runner) -> None:
    write(workspace, "ok.pandoc", feature_doc())
    result = run("check", "docs/features/ok.pandoc", cwd=workspace)
    assert result.code == 0
    assert "No findings in 1 file." in result.out


def test_error_exits_1_and_prints_path_line_column(workspace: Path, run: Runner) -> None:
    write(workspace, "bad.pandoc", BROKEN)
    result = run("check", "docs/features/bad.pandoc", cwd=workspace)
    assert result.code == 1
    lines = result.out.splitlines()
    assert (
        "docs/features/bad.pandoc:6:20: error FD201 "
        "'Supperted' is not a support status; did you mean 'Supported'?"
    ) in lines
    assert any(line.startswith("docs/features/bad.pandoc:51:1: warning FD402 ") for line in lines)


@pytest.mark.parametrize(
    ("fail_on", "status", "expected"),
    [
        ("error", "Supported", 0),
        ("error", "Supperted", 1),
        ("never", "Supperted", 0),
        ("warning", "Supported", 0),
        ("hint", "Supported", 0),
    ],
)
def test_fail_on(workspace: Path, run: Runner, fail_on: str, status: str, expected: int) -> None:
    write(workspace, "x.pandoc", feature_doc(status))
    assert run("check", "--fail-on", fail_on, "docs/features", cwd=workspace).code == expected


def test_fail_on_warning_counts_warnings(workspace: Path, run: Runner) -> None:
    write(workspace, "x.pandoc", feature_doc(date="2025-3-04"))  # FD402, a warning only
    assert run("check", "docs/features", cwd=workspace).code == 0
    assert run("check", "--fail-on", "warning", "docs/features", cwd=workspace).code == 1
    assert run("check", "--fail-on", "hint", "docs/features", cwd=workspace).code == 1


def test_missing_path_exits_2(workspace: Path, run: Runner) -> None:
    result = run("check", "docs/features/nope.pandoc", cwd=workspace)
    assert result.code == 2
    assert "nope.pandoc: no such file or directory" in result.err


@pytest.mark.parametrize("extra", [[], ["--fix"], ["--diff"]])
def test_nothing_checked_but_an_error_is_the_error_alone(
    workspace: Path, run: Runner, extra: list[str]
) -> None:
    """No "No findings in 0 files." (or "Nothing to fix") after the error: it reads as a result."""
    missing = workspace / "nonexistent"
    result = run("check", *extra, str(missing), cwd=workspace)
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"featuredoc: error: {missing}: no such file or directory\n"


def test_an_error_beside_checked_files_keeps_the_summary(workspace: Path, run: Runner) -> None:
    write(workspace, "x.pandoc", feature_doc())
    result = run("check", "docs/features/x.pandoc", "nope.pandoc", cwd=workspace)
    assert result.code == 2
    assert result.out == "No findings in 1 file.\n"
    assert result.err == "featuredoc: error: nope.pandoc: no such file or directory\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--select", "E501"],
        ["check", "--ignore", "FD20x"],
        ["check", "--format", "xml"],
        ["check", "--statistics", "--format", "sarif"],
        ["check", "-", "other.pandoc"],
        ["check", "--stdin-filename", "x.pandoc", "other.pandoc"],
        ["check", "--jobs", "0"],
        [],
    ],
)
def test_usage_errors_exit_2(workspace: Path, run: Runner, argv: list[str]) -> None:
    try:
        code = run(*argv, cwd=workspace).code
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    assert code == 2


def test_folder_scan_uses_the_includes(workspace: Path, run: Runner) -> None:
    write(workspace, "a.pandoc", BROKEN)
    write(workspace, "template.pandoc", BROKEN)  # excluded by default
    (workspace / "notes.txt").write_text("Status: Supperted\n", encoding="utf-8")
    result = run("check", "--format", "json", cwd=workspace)
    paths = {item["path"] for item in json.loads(result.out)}
    assert paths == {"docs/features/a.pandoc"}


def test_no_files_warns(workspace: Path, run: Runner) -> None:
    result = run("check", cwd=workspace)
    assert result.code == 0
    assert "no files to check" in result.err
    assert run("check", "-q", cwd=workspace).err == ""


# ---- unreadable input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file")],
)
def test_unreadable_file_one_line_no_traceback(workspace: Path, data: bytes, reason: str) -> None:
    (workspace / "docs" / "features" / "bad.pandoc").write_bytes(data)
    write(workspace, "good.pandoc", BROKEN)
    proc = run_process("check", "docs/features", cwd=workspace)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err
    problem = [line for line in err.splitlines() if "bad.pandoc" in line]
    assert len(problem) == 1 and reason in problem[0]
    # the readable file is still checked
    assert "good.pandoc:6:20: error FD201" in proc.stdout.decode()


def test_binary_on_stdin(workspace: Path, run: Runner) -> None:
    result = run("check", "-", cwd=workspace, stdin=b"\xff\xfe\x00bad")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "-: not a text file" in result.err


# ---- stdin --------------------------------------------------------------------------


def test_stdin_with_filename(workspace: Path, run: Runner) -> None:
    result = run(
        "check",
        "-",
        "--stdin-filename",
        "docs/features/x.pandoc",
        "--format",
        "json",
        cwd=workspace,
        stdin=BROKEN.encode(),
    )
    assert result.code == 1
    items = json.loads(result.out)
    assert {(i["path"], i["code"]) for i in items} == {
        ("docs/features/x.pandoc", "FD201"),
        ("docs/features/x.pandoc", "FD402"),
    }


def test_stdin_filename_decides_the_kind(workspace: Path, run: Runner) -> None:
    result = run(
        "check", "--stdin-filename", "SUPPORT.md", cwd=workspace, stdin=SUPPORT_MD.encode()
    )
    assert result.code == 1
    assert "SUPPORT.md:12:20: error FD501" in result.out


def test_stdin_without_filename_is_dash(workspace: Path, run: Runner) -> None:
    result = run("check", "-", cwd=workspace, stdin=BROKEN.encode())
    assert result.out.startswith("-:6:20: error FD201")


def test_stdin_in_a_real_process(workspace: Path) -> None:
    proc = run_process(
        "check",
        "-",
        "--stdin-filename",
        "docs/features/y.pandoc",
        cwd=workspace,
        stdin=BROKEN.encode(),
    )
    assert proc.returncode == 1
    assert b"docs/features/y.pandoc:6:20: error FD201" in proc.stdout


# ---- --select / --ignore ----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--select", "FD999"],
            "argument --select: unknown rule code or prefix 'FD999'; "
            "did you mean one of FD9, FD901, FD902, FD903, FD904, FD905?",
        ),
        (
            ["--select", "FD21"],
            "argument --select: unknown rule code or prefix 'FD21'; did you mean one of FD2, FD201?",
        ),
        (
            ["--ignore", "FD999"],
            "argument --ignore: unknown rule code or prefix 'FD999'; "
            "did you mean one of FD9, FD901, FD902, FD903, FD904, FD905?",
        ),
        (
            ["--select", "FD201,fd210"],
            "argument --select: unknown rule code or prefix 'fd210'; did you mean 'FD201'?",
        ),
        (
            ["--ignore", "FD2", "--ignore", "FD8"],
            "argument --ignore: unknown rule code or prefix 'FD8'",
        ),
    ],
)
def test_codes_no_rule_has_are_refused(
    workspace: Path, run: Runner, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A typo in CI would select (or ignore) nothing, and the job would pass, checking nothing:
    refused as ``.featuredoc.yaml`` refuses it."""
    write(workspace, "x.pandoc", BROKEN)
    with pytest.raises(SystemExit) as exited:
        run("check", *argv, "docs/features", cwd=workspace)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"featuredoc check: error: {message}" in err


@pytest.mark.parametrize("codes", ["FD201", "fd201", "FD2", "FD20", "FD", "ALL", "FD9,FD90"])
def test_codes_and_prefixes_of_registered_rules_are_taken(
    workspace: Path, run: Runner, codes: str
) -> None:
    write(workspace, "x.pandoc", feature_doc())
    assert (
        run("check", "--select", codes, "--ignore", codes, "docs/features", cwd=workspace).code == 0
    )


def codes(result_out: str) -> set[str]:
    return {item["code"] for item in json.loads(result_out)}


def test_select_code_and_prefix(workspace: Path, run: Runner) -> None:
    write(workspace, "x.pandoc", BROKEN)
    base = ("check", "--format", "json", "docs/features")
    assert codes(run(*base, cwd=workspace).out) == {"FD201", "FD402"}
    assert codes(run(*base, "--select", "FD201", cwd=workspace).out) == {"FD201"}
    assert codes(run(*base, "--select", "FD4", cwd=workspace).out) == {"FD402"}
    assert codes(run(*base, "--select", "fd4,FD201", cwd=workspace).out) == {"FD201", "FD402"}
    assert codes(run(*base, "--ignore", "FD2", cwd=workspace).out) == {"FD402"}
    assert codes(run(*base, "--ignore", "FD2", "--select", "FD201", cwd=workspace).out) == {"FD201"}


def test_ignored_error_does_not_fail(workspace: Path, run: Runner) -> None:
    write(workspace, "x.pandoc", BROKEN)
    assert run("check", "--ignore", "FD201", "docs/features", cwd=workspace).code == 0


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("FD201", [], [], True),
        ("FD201", ["FD2"], [], True),
        ("FD201", ["FD3"], [], False),
        ("FD201", [], ["FD201"], False),
        ("FD201", ["FD201"], ["FD2"], True),  # the more specific wins
        ("FD201", ["FD2"], ["FD201"], False),
        ("FD201", ["FD2"], ["FD2"], False),  # a tie: ignore wins
        ("FD201", ["ALL"], ["FD4"], True),
        ("FD402", ["ALL"], ["FD4"], False),
        ("FD402", [], ["ALL"], False),
    ],
)
def test_is_selected(code: str, select: list[str], ignore: list[str], expected: bool) -> None:
    assert is_selected(code, select, ignore) is expected


# ---- summaries, quiet, statistics, colour -------------------------------------------


def test_summary_and_quiet(workspace: Path, run: Runner) -> None:
    write(workspace, "x.pandoc", BROKEN)
    loud = run("check", "docs/features", cwd=workspace)
    assert "Found 2 findings (1 error, 1 warning) in 1 of 1 file." in loud.out
    assert "2 findings can be fixed with `featuredoc check --fix`." in loud.out
    quiet = run("check", "-q", "docs/features", cwd=workspace)
    assert quiet.code == 1
    assert [line.split(":")[0] for line in quiet.out.splitlines()] == [
        "docs/features/x.pandoc",
        "docs/features/x.pandoc",
    ]


def test_machine_formats_have_no_summary(workspace: Path, run: Runner) -> None:
    write(workspace, "x.pandoc", BROKEN)
    out = run("check", "--format", "json", "docs/features", cwd=workspace).out
    assert isinstance(json.loads(out), list)  # nothing but the JSON


def test_statistics(workspace: Path, run: Runner) -> None:
    write(workspace, "a.pandoc", BROKEN)
    write(workspace, "b.pandoc", feature_doc("Supperted"))
    text = run("check", "--statistics", "docs/features", cwd=workspace)
    assert text.code == 1
    assert text.out.splitlines() == [
        "2  FD201  [*] unknown-status",
        "1  FD402  [*] bad-history-date",
    ]
    data = json.loads(run("check", "--statistics", "--format", "json", cwd=workspace).out)
    assert data == [
        {"code": "FD201", "name": "unknown-status", "count": 2, "fixable": 2},
        {"code": "FD402", "name": "bad-history-date", "count": 1, "fixable": 1},
    ]


def test_colour_only_when_asked_or_on_a_terminal(workspace: Path) -> None:
    write(workspace, "x.pandoc", BROKEN)
    plain = run_process("check", "docs/features", cwd=workspace).stdout
    assert b"\x1b[" not in plain
    forced = run_process("check", "docs/features", cwd=workspace, env={"FORCE_COLOR": "1"})
    assert b"\x1b[1;31merror\x1b[0m" in forced.stdout
    both = run_process(
        "check", "docs/features", cwd=workspace, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert b"\x1b[" not in both.stdout
    json_forced = run_process(
        "check", "--format", "json", "docs/features", cwd=workspace, env={"FORCE_COLOR": "1"}
    )
    assert b"\x1b[" not in json_forced.stdout


@pytest.mark.parametrize(
    ("tty", "env", "expected"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # empty means unset
        (False, {"FORCE_COLOR": "1"}, True),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (True, {"TERM": "dumb"}, False),
        (True, {"TERM": "dumb", "FORCE_COLOR": "1"}, True),
    ],
)
def test_use_colour(tty: bool, env: dict[str, str], expected: bool) -> None:
    assert use_colour(tty, env) is expected


def test_output_cut_short_is_quiet(workspace: Path) -> None:
    # more output than a pipe holds (64 KiB), so that writing meets a closed pipe
    for n in range(150):
        write(workspace, f"x{n:03}.pandoc", "x\n")
    proc = subprocess.run(
        f"'{sys.executable}' -m featuredoc.cli.command check --jobs 1 | head -n 1",
        shell=True,
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.stdout.startswith("docs/features/x000.pandoc:1:1: error FD101")
    assert proc.stderr == ""
