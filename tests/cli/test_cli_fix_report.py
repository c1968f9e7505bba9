"""What ``--fix`` applies and says, and ``--fix --diff`` as a patch, on documents
written like the Xen ones (pandoc title block, Basics table, History table)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import Runner, run_process

#: Modelled on docs/features/sched_rtds.pandoc: security supported without a
#: sign-off (FD301), title revision behind the History (FD405), a title that
#: could stand for two SUPPORT.md entries (FD601), an unpadded date (FD402)
#: and two mandatory sections missing (FD101). Non-ASCII on purpose.
RTDS = """\
% RTDS Scheduler
% Revision 1

\\clearpage

# Basics
---------------- ----------------------------------------------------
         Status: **Supported**

      Component: Hypervisor
---------------- ----------------------------------------------------

# Overview

RTDS is a real-time scheduler: each vCPU gets a budget per period — “a
reservation” — and unused budget is not carried over (Schedulers ✓).

# User details

Boot with `sched=rtds`, or create a cpupool:

    xl cpupool-create name=\\"rt\\" sched=\\"rtds\\" cpus=[4,8]

# Technical details

The code lives in `xen/common/sched/rt.c` (≈ 1600 lines).

# Limitations

No work conserving mode before Xen 4.10.

# Testing

OSSTest runs the RTDS jobs on x86 only.

# References

* "RTDS" [on the Xen-Project wiki](https://wiki.xenproject.org/wiki/RTDS-Based-Scheduler)

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2019-01-23 1        Xen 4.12 Document written
2019-02-7  2        Xen 4.12 Work conserving mode documented
---------- -------- -------- -------------------------------------------
"""

SUPPORT = """\
# Support statement for this release

## Definition of Status labels

Labels are defined here.

## Scheduling

### RTDS based Scheduler

    Status: Supported

### RTDS Scheduler (deprecated)

    Status: Deprecated
"""


@pytest.fixture
def xen(workspace: Path) -> Path:
    """A workspace like xen.git: SUPPORT.md at the root, the document in docs/features."""
    (workspace / "SUPPORT.md").write_text(SUPPORT, encoding="utf-8")
    (workspace / "docs" / "features" / "sched_rtds.pandoc").write_text(RTDS, encoding="utf-8")
    return workspace


def patched_crlf(root: Path) -> bytes:
    return (root / "docs" / "features" / "sched_rtds_crlf.pandoc").read_bytes()


def _codes(out: str) -> list[str]:
    return [line.split()[2] for line in out.splitlines() if line.startswith("docs/features/")]


def test_fix_applies_automatic_fixes_and_leaves_editor_only_ones(xen: Path, run: Runner) -> None:
    doc = xen / "docs" / "features" / "sched_rtds.pandoc"
    before = run("check", "docs/features", cwd=xen)
    assert sorted(_codes(before.out)) == [
        "FD101",  # both missing sections, one finding
        "FD301",
        "FD402",
        "FD405",
        "FD601",
    ]
    # the quick fixes of FD301, FD405 and FD601 are for the editor: not counted here
    assert "2 findings can be fixed with `featuredoc check --fix`." in before.out

    result = run("check", "--fix", "docs/features", cwd=xen)
    text = doc.read_text(encoding="utf-8")
    assert "2019-02-07 2        Xen" in text  # FD402 applied, the columns kept
    assert "# Areas for improvement" in text and "# Known issues" in text  # FD101 applied
    # FD301 (a placeholder sign-off), FD405 (which side is stale?) and FD601 (a guessed
    # SUPPORT.md heading) are left to the author
    assert "Security sign-off" not in text
    assert "% Revision 1\n" in text
    assert "Support entry" not in text
    remaining = _codes(result.out)
    assert {"FD301", "FD405", "FD601"} <= set(remaining)
    assert "FD101" not in remaining and "FD402" not in remaining
    assert "Fixed 2 findings in 1 file" in result.out


def test_fix_summary_says_the_inserted_guidance_needs_writing(xen: Path, run: Runner) -> None:
    result = run("check", "--fix", "docs/features", cwd=xen)
    guidance = [
        line for line in result.out.splitlines() if line.startswith("docs/") and " FD106 " in line
    ]
    assert len(guidance) == 2, result.out  # one per inserted section
    assert (
        "Inserted the missing sections of 1 file with the template's guidance; fill them in: "
        "FD106 now reports the guidance left in (2 findings in 1 file).\n"
    ) in result.out
    # --diff says what --fix would do, on stderr
    again = xen / "again"
    shutil.copytree(xen, again, ignore=shutil.ignore_patterns("again"))
    (again / "docs" / "features" / "sched_rtds.pandoc").write_text(RTDS, encoding="utf-8")
    dry = run("check", "--diff", "docs/features", cwd=again)
    assert (
        "Would insert the missing sections of 1 file with the template's guidance; fill them in: "
        "FD106 would then report the guidance left in (2 findings in 1 file).\n"
    ) in dry.err


def test_fix_summary_is_silent_about_guidance_when_none_was_inserted(
    xen: Path, run: Runner
) -> None:
    doc = xen / "docs" / "features" / "sched_rtds.pandoc"
    complete = RTDS.replace(
        "# References",
        "# Areas for improvement\n\nNone.\n\n# Known issues\n\nNone.\n\n# References",
    )
    doc.write_text(complete, encoding="utf-8")
    result = run("check", "--fix", "docs/features", cwd=xen)
    assert "Fixed 1 finding in 1 file" in result.out
    assert "guidance" not in result.out


def test_fix_diff_is_a_pure_patch_that_git_applies(xen: Path, tmp_path: Path) -> None:
    """stdout holds the patch and nothing else; applied from the root it gives what --fix writes."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    features = xen / "docs" / "features"
    # a CRLF copy and one without a final line break, beside the LF original
    (features / "sched_rtds_crlf.pandoc").write_bytes(RTDS.replace("\n", "\r\n").encode())
    (features / "sched_rtds_open.pandoc").write_text(RTDS.rstrip("\n"), encoding="utf-8")
    pristine = tmp_path / "pristine"
    shutil.copytree(xen, pristine)

    proc = run_process("check", "--fix", "--diff", cwd=xen)
    assert proc.returncode == 1  # something to fix
    patch = proc.stdout.decode("utf-8")
    assert patch.startswith("--- a/docs/features/sched_rtds.pandoc\n")
    for line in patch.splitlines():
        assert line[:1] in ("-", "+", " ", "@", "\\"), f"not a patch line: {line!r}"
    assert "Would fix" in proc.stderr.decode()
    assert b"FD301" not in proc.stdout and b"FD301" not in proc.stderr  # no findings at all
    # --diff wrote nothing
    for path in features.iterdir():
        assert path.read_bytes() == (pristine / "docs" / "features" / path.name).read_bytes()

    subprocess.run(["git", "apply", "-"], input=proc.stdout, cwd=pristine, check=True)
    fixed = run_process("check", "--fix", "--fail-on", "never", cwd=xen)
    assert fixed.returncode == 0, fixed.stderr
    for path in sorted(features.iterdir()):
        patched = (pristine / "docs" / "features" / path.name).read_bytes()
        assert patched == path.read_bytes(), path.name
    # CRLF line ends survive the patch
    assert b"\n" not in patched_crlf(pristine).replace(b"\r\n", b"")


def test_fix_diff_prints_nothing_on_stdout_when_nothing_to_fix(xen: Path) -> None:
    (xen / "docs" / "features" / "sched_rtds.pandoc").write_text(
        RTDS.replace("2019-02-7 ", "2019-02-07").replace(
            "# References",
            "# Areas for improvement\n\nNone.\n\n# Known issues\n\nNone.\n\n# References",
        ),
        encoding="utf-8",
    )
    proc = run_process("check", "--fix", "--diff", "--format", "json", cwd=xen)
    assert proc.returncode == 0
    assert proc.stdout == b""
    assert b"Nothing to fix" in proc.stderr
