"""The process pool gives exactly the results of the sequential path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_support import BROKEN, run_process

from featuredoc.cli.output import format_github, format_json, format_text
from featuredoc.cli.runner import Options, Task, available_cpus, check_files, default_jobs
from featuredoc.cli.sarif import format_sarif
from featuredoc.model.config import Config


def many_files(corpus: Path, folder: Path, copies: int = 3) -> list[Path]:
    (folder / ".git").mkdir()
    target = folder / "docs" / "features"
    target.mkdir(parents=True)
    paths = []
    for n in range(copies):
        for source in sorted(corpus.glob("*.pandoc")):
            if source.name == "template.pandoc":
                continue
            path = target / f"{source.stem}-{n}.pandoc"
            shutil.copyfile(source, path)
            paths.append(path)
    (target / "broken.pandoc").write_text(BROKEN, encoding="utf-8")
    (target / "binary.pandoc").write_bytes(b"\x00\x01\x02")
    shutil.copyfile(corpus / "SUPPORT.md", folder / "SUPPORT.md")
    return sorted(target.iterdir()) + [folder / "SUPPORT.md"]


def test_pool_equals_sequential(corpus: Path, tmp_path: Path) -> None:
    paths = many_files(corpus, tmp_path)
    assert default_jobs(len(paths)) >= 1
    tasks = [Task(str(p), p.name, p.relative_to(tmp_path).as_posix()) for p in paths]
    config = Config()
    options = Options(ignore=("FD107",))
    sequential = check_files(tasks, config, options, jobs=1)
    pooled = check_files(tasks, config, options, jobs=2)
    assert [r.path for r in pooled] == [t.display for t in tasks]
    assert format_json(pooled) == format_json(sequential)
    assert format_text(pooled) == format_text(sequential)
    assert format_github(pooled) == format_github(sequential)
    # SARIF converts the columns of findings, related places and fixes
    assert format_sarif(pooled, config, tmp_path) == format_sarif(sequential, config, tmp_path)
    assert [r.errors for r in pooled] == [r.errors for r in sequential]
    assert any(r.errors for r in pooled)  # the binary file
    assert sum(len(r.findings) for r in pooled) > 20


def test_pool_fixes_like_sequential(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    paths_one = many_files(corpus, one, copies=2)
    paths_two = many_files(corpus, two, copies=2)
    config = Config()
    fix = Options(fix=True, write=True)
    seq = check_files([Task(str(p), p.name, p.name) for p in paths_one], config, fix, jobs=1)
    par = check_files([Task(str(p), p.name, p.name) for p in paths_two], config, fix, jobs=2)
    assert [r.fixed for r in par] == [r.fixed for r in seq]
    assert sum(r.fixed for r in par) > 0
    assert format_json(par) == format_json(seq)
    for a, b in zip(paths_one, paths_two, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_cli_output_is_the_same_with_any_jobs(corpus: Path, tmp_path: Path) -> None:
    many_files(corpus, tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        proc = run_process("check", "--format", "json", "--jobs", jobs, cwd=tmp_path)
        assert proc.returncode == 2  # the binary file
        outputs.append(json.loads(proc.stdout))
    auto = run_process("check", "--format", "json", cwd=tmp_path)
    assert outputs[0] == outputs[1] == json.loads(auto.stdout)
    assert len(outputs[0]) > 20


def test_few_files_use_no_pool() -> None:
    assert default_jobs(1) == 1
    assert default_jobs(8) == 1
    assert default_jobs(8, 100 * 1024 * 1024) == 1
    assert default_jobs(500, 500 * 1024) == 1  # little text: no pool
    assert default_jobs(500, 2 * 1024 * 1024) == min(available_cpus(), 500)


def test_slim_keeps_every_line_the_output_reads(tmp_path: Path) -> None:
    import copy

    from featuredoc.cli.output import FileResult
    from featuredoc.cli.runner import slim
    from featuredoc.model.findings import Finding, Fix, Related, Severity, TextEdit
    from featuredoc.model.text import Span

    lines = [f"\U0001f600 line {n} \U0001f600 end" for n in range(8)]
    finding = Finding(
        "FD405",
        Severity.WARNING,
        "m",
        Span.on_line(1, 3, 7),
        fixes=[Fix("f", [TextEdit(Span.on_line(4, 3, 5), "x"), TextEdit(Span.of(5, 2, 6, 4), "")])],
        related=[Related("x.pandoc", Span.on_line(2, 3, 4), "r")],
    )
    # FD602 on a feature document: places in SUPPORT.md, carrying all of its lines
    support = [f"    Status \U0001f600 {n}: Supported" for n in range(40)]
    other = Finding(
        "FD602",
        Severity.ERROR,
        "m",
        Span.on_line(3, 0, 2),
        related=[
            Related(str(tmp_path / "SUPPORT.md"), Span.on_line(7, 16, 25), "s", support),
            Related(str(tmp_path / "SUPPORT.md"), Span.of(30, 16, 31, 2), "s", support),
        ],
    )
    full = FileResult("x.pandoc", lines, [finding, other], rel="x.pandoc")
    slimmed = slim(copy.deepcopy(full))
    assert [n for n, line in enumerate(slimmed.lines) if line] == [1, 2, 3, 4, 5, 6, 7]
    carried = [r.lines for r in slimmed.findings[1].related]
    assert carried[0] is carried[1]  # one slimmed copy for the places that shared one list
    assert carried[0] is not None
    assert [n for n, line in enumerate(carried[0]) if line] == [7, 30, 31]
    assert support[7].startswith("    Status")  # the rule's own list is left as it was
    config = Config()
    assert format_sarif([slimmed], config, tmp_path) == format_sarif([full], config, tmp_path)
    assert format_json([slimmed]) == format_json([full])
