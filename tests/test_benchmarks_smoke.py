"""The benchmark harness still runs (no timing is asserted: benchmarks are not tests)."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "lsp_bench.py"


def _tiny_doc(tmp_path: Path) -> Path:
    doc = tmp_path / "SUPPORT.md"
    doc.write_text(
        "# Support statement\n\n"
        "This paragraph is long enough to be picked as the line the benchmark types into.\n\n"
        "### IOMMU\n\n    Status, AMD IOMMU: Supported\n",
        encoding="utf-8",
    )
    return doc


def test_lsp_bench_measures_the_floor_server(tmp_path: Path) -> None:
    doc = _tiny_doc(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--servers",
            "floor",
            "--file",
            str(doc),
            "--edits",
            "5",
            "--mem-edits",
            "0",
            "--startup-reps",
            "1",
            "--timeout",
            "20",
            "--json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    floor = out["servers"]["floor"]
    assert "error" not in floor, floor.get("error")
    assert floor["edits"] == 5
    for key in ("p50_ms", "p95_ms", "p99_ms", "startup_ms", "open_ms"):
        assert isinstance(floor[key], float) and floor[key] > 0, key
    assert floor["p50_ms"] <= floor["p99_ms"] <= floor["max_ms"]
    # the floor publishes exactly one constant diagnostic per version
    assert floor["items_last"] == 1
    assert floor["rss_mib"] > 0
    assert out["document"]["path"] == str(doc.resolve())

    # the readable table is built from the same result
    sys.path.insert(0, str(BENCH.parent))
    try:
        import lsp_bench
    finally:
        sys.path.remove(str(BENCH.parent))
    rows = [ln for ln in lsp_bench.report(out).splitlines() if ln.startswith("| floor |")]
    assert len(rows) == 1 and f"| {floor['p50_ms']:g} ms |" in rows[0]


def test_flood_bench_reports_fd905_for_a_flood_over_the_limit() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "flood_bench.py"),
            "--mb",
            "0.002",
            "--limit",
            "1000",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)
    assert row["bytes"] >= 2000 and row["exit"] == 1 and row["codes"] == ["FD905"]


def test_flood_bench_runs_the_floods_under_the_cap() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "flood_bench.py"),
            "--cases",
            "fixes",
            "headings",
            "message",
            "--rows",
            "30",
            "--action-rows",
            "20",
            "--heading-lengths",
            "4",
            "30",
            "--heading-bytes",
            "3000",
            "--message-mib",
            "0.01",
            "--timeout",
            "60",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = {row["case"]: row for row in json.loads(proc.stdout)}
    fixed = rows["check --diff, 30 History rows"]
    assert fixed["result"].startswith("Would fix 30 findings"), fixed
    action = rows["server: fix-all code action, then a hover, 20 rows"]
    assert action["result"].startswith("hover answered after"), action
    assert not str(action["seconds"]).startswith(">"), action
    headings = rows["check, 750 headings of 4 bytes"]
    assert headings["bytes"] == 3000 and "FD101" in headings["result"], headings
    assert any(case.endswith("headings of 30 bytes") for case in rows)
    (message,) = [row for case, row in rows.items() if "small objects" in case]
    assert message["result"].endswith("both requests answered"), message
    for row in rows.values():
        assert row["code"] == "after" and row["peak_rss_mib"] > 0, row


def _bench_modules() -> tuple[Any, Any]:
    sys.path.insert(0, str(BENCH.parent))
    try:
        import docgen
        import lsp_bench
    finally:
        sys.path.remove(str(BENCH.parent))
    return docgen, lsp_bench


def test_many_sections_doc_has_exact_lines_under_the_cap() -> None:
    docgen, _ = _bench_modules()
    base = docgen.sched_credit2_path().read_text(encoding="utf-8")
    for lines in (10_000, 100_000):
        text = docgen.many_sections_doc(base, lines)
        assert text.endswith("\n") and text.count("\n") == lines
        assert len(text.splitlines()) == lines
        size = len(text.encode("utf-8"))
        assert size + docgen.TYPING_HEADROOM <= docgen.SIZE_CAP == 2 * 1024 * 1024
        assert text.startswith(base.rstrip("\n") + "\n\n## Detail 1\n\n")
        assert text == docgen.many_sections_doc(base, lines)  # deterministic
    body = text[len(base.rstrip("\n")) + 2 :].split("\n")
    # the repeated group: heading, blank, one-line paragraph, blank
    assert body[:8] == [
        "## Detail 1",
        "",
        "Detail 1 tells how one more run queue is balanced.",
        "",
        "## Detail 2",
        "",
        "Detail 2 tells how one more run queue is balanced.",
        "",
    ]
    assert 24_000 < text.count("\n## Detail ") < 26_000


def test_many_sections_doc_refuses_what_would_not_be_analysed() -> None:
    docgen, _ = _bench_modules()
    base = "% Title\n\n# Basics\n\nText.\n"
    with pytest.raises(ValueError, match="cap"):
        docgen.many_sections_doc(base, 120_000)
    with pytest.raises(ValueError, match="base text has 6 lines"):
        docgen.many_sections_doc(base, 5)
    assert docgen.many_sections_doc(base, 6) == base + "\n"


def test_push_mode_client_announces_no_pull_diagnostics() -> None:
    _, lsp_bench = _bench_modules()
    sent: list[Any] = []

    async def fake_request(method: str, params: Any) -> tuple[float, float, Any]:
        sent.append(params)
        return 0.0, 0.0, {}

    async def fake_notify(method: str, params: Any) -> float:
        return 0.0

    async def caps(pull: bool) -> dict[str, Any]:
        client = lsp_bench.Client(["true"], 1.0)
        client.request = fake_request
        client.notify = fake_notify
        await client.initialize(Path("/tmp"), pull=pull)
        assert sent[-1]["capabilities"] is client.sent_capabilities
        return dict(client.sent_capabilities)

    push = asyncio.run(caps(False))
    assert "diagnostic" not in push["textDocument"]
    assert "diagnostics" not in push["workspace"]
    assert "publishDiagnostics" in push["textDocument"]
    assert "diagnostic" in asyncio.run(caps(True))["textDocument"]


def test_server_commands_may_set_the_environment() -> None:
    _, lsp_bench = _bench_modules()
    env, argv = lsp_bench.split_env(["PYTHONPATH=/other/server", "A=b=c", "python", "-m", "x"])
    assert argv == ["python", "-m", "x"]
    assert env is not None and env["PYTHONPATH"] == "/other/server" and env["A"] == "b=c"
    assert lsp_bench.split_env(["python", "X=1"]) == (None, ["python", "X=1"])
    # a bare `python` is this interpreter, not whatever PATH finds (a shim would count)
    assert lsp_bench.this_python(["P=1", "python", "-m", "x"]) == ["P=1", sys.executable, "-m", "x"]
    assert lsp_bench.this_python(["/opt/python", "-m", "x"]) == ["/opt/python", "-m", "x"]


def test_goal_counts_take_presets_and_overrides() -> None:
    _, lsp_bench = _bench_modules()
    with pytest.raises(SystemExit):
        lsp_bench.main(["--goals", "--goal-lines", "100000,10000"])
    with pytest.raises(SystemExit):
        lsp_bench.main(["--goals", "--mode", "pull"])
    ns = argparse.Namespace(
        goals_quick=True,
        goal_lines=None,
        goal_edits=7,
        goal_support_edits=None,
        goal_startup_reps=None,
        goal_requests=None,
        goal_rss_edits="30,90",
    )
    counts = lsp_bench.goal_counts(ns)
    quick = lsp_bench.GOAL_COUNTS["quick"]
    assert counts["edits"] == 7 and counts["rss_edits"] == [30, 90]
    assert counts["lines"] == [int(n) for n in quick["lines"].split(",")]
    assert counts["requests"] == quick["requests"]
    ns.goals_quick, ns.goal_edits = False, None
    assert lsp_bench.goal_counts(ns)["edits"] == lsp_bench.GOAL_COUNTS["full"]["edits"] == 100


def test_goals_run_measures_every_goal(tmp_path: Path) -> None:
    """A tiny --goals run with the floor standing in for every server (fast, and it
    publishes only to a client that does not pull: the run proves the client is push
    only)."""
    floor = f"{sys.executable} {REPO / 'benchmarks' / 'floor_server.py'}"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--goals-quick",
            "--goal-lines",
            "300,1000",
            "--goal-edits",
            "3",
            "--goal-support-edits",
            "4",
            "--goal-startup-reps",
            "1",
            "--goal-requests",
            "2",
            "--goal-rss-edits",
            "8,12",
            "--server",
            f"featuredoc={floor}",
            "--server",
            f"parent=X_UNUSED=1 {floor}",
            "--timeout",
            "20",
            "--json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    rows = out["goals"]
    assert [r["goal"] for r in rows] == ["1", "1", "2", "2", "3", "3", "4", "4", "5"]
    for r in rows:
        assert isinstance(r["ratio"], float) and r["ratio"] > 0, r
        assert r["met"] is (r["ratio"] <= r["limit"]), r
    sessions = out["sessions"]
    assert set(sessions) == {
        "featuredoc@300",
        "featuredoc@1000",
        "featuredoc SUPPORT.md",
        "floor SUPPORT.md",
    }
    for name, s in sessions.items():
        assert "error" not in s, (name, s)
        assert s["client_pulls_diagnostics"] is False and s["items_last"] == 1
    assert sessions["featuredoc@300"]["edits"] == 3
    assert sessions["featuredoc@300"]["completion"]["n"] == 2
    assert sessions["featuredoc@1000"]["hover"]["n"] == 2
    assert sessions["floor SUPPORT.md"]["edits"] == 4
    big = sessions["featuredoc@1000"]
    assert big["steps"] == 12 and set(big["rss_at_edit_mib"]) == {"8", "12"}
    assert set(out["spawns"]) == {"featuredoc", "floor", "parent"}
    for s in out["spawns"].values():
        assert s["startup_ms"] > 0 and s["first_diag_ms"] > 0
    assert out["documents"]["1000 lines"]["sections"] > 200
    _, lsp_bench = _bench_modules()
    table = lsp_bench.goals_report(out)
    goal_lines = [ln for ln in table.splitlines() if ln[:4] in {f"| {r['goal']} " for r in rows}]
    assert len(goal_lines) == len(rows)
    for ln, r in zip(goal_lines, rows, strict=True):
        assert ln.endswith("| met |" if r["met"] else "| NOT MET |"), ln
