#!/usr/bin/env python3
"""Floods under and over the size cap: wall time and peak memory of one process each.

    python benchmarks/flood_bench.py                  # 5 MB and 11 MB, default settings
    python benchmarks/flood_bench.py --mb 1 5 11      # other sizes
    python benchmarks/flood_bench.py --limit 0        # no max_document_size (slow!)
    python benchmarks/flood_bench.py --json
    python benchmarks/flood_bench.py --cases fixes headings message --before REV

A flood is a feature document made only of ``# Heading number N`` lines. With
the default ``max_document_size`` (2 MiB) a larger flood gets one FD905
finding and is not parsed; ``--limit BYTES`` writes a ``.featuredoc.yaml``
with that limit (0: high enough to analyse the flood, to see what the limit
saves). Each size runs in a fresh process; its peak resident set is that
process's own (``VmHWM``, read while it runs).

``--cases`` runs the floods that stay under the cap instead:

* ``fixes``: ``featuredoc check --diff`` on a document of N History rows, each
  with a date FD402 fixes (``--rows``, default 1,000, 10,000 and 30,000); and
  in the server, a "fix all" code action on a document of ``--action-rows``
  (10,000) rows followed by a hover: how long each took to be answered.
* ``headings``: ``featuredoc check`` on a document of headings just under
  2 MiB (``--heading-bytes``), for each heading length in
  ``--heading-lengths`` (default 4 bytes, ``# a``; 8 and 16 bytes, ``# `` and
  a number; 22 bytes; 200 bytes).
* ``message``: one JSON-RPC request of ``--message-mib`` MiB (default 28) of
  small objects (``{"a":1}``), then a request after it: the server's peak
  memory and whether both were answered.

``--before REV`` also runs each case on the code of git revision REV (checked
out in a temporary worktree) and prints both, before and after, in one table;
``--timeout`` bounds each run (a run cut short shows as ``>N``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HISTORY_FIXTURE = REPO / "tests" / "fixtures" / "rules" / "FD402" / "unpadded-day.pandoc"
UNDER_CAP = 2 * 1024 * 1024 - 1024


def flood(path: Path, megabytes: float) -> int:
    size = int(megabytes * 1_000_000)
    out: list[str] = []
    total = 0
    number = 0
    while total < size:
        line = f"# Heading number {number}\n"
        out.append(line)
        total += len(line)
        number += 1
    path.write_text("".join(out), encoding="utf-8")
    return number


def heading_flood(size: int, length: int) -> tuple[str, int]:
    """Headings of *length* bytes (line break included) filling at most *size* bytes.

    4 bytes or fewer: ``# a`` each time. Up to 17 bytes: ``# `` and N in
    base 36, zero-padded to the length (distinct titles while the digits
    last). Longer: ``# Heading number N`` padded with ``x`` to the length
    (never cut shorter than that).
    """
    out: list[str] = []
    total = number = 0
    while True:
        if length <= 4:
            line = "# a\n"
        elif length <= len("# Heading number \n"):
            line = "# " + _base36(number, length - 3) + "\n"
        else:
            base = f"# Heading number {number} "
            line = (base + "x" * max(0, length - 1 - len(base)))[
                : max(length - 1, len(base))
            ] + "\n"
        if total + len(line) > size:
            return "".join(out), number
        out.append(line)
        total += len(line)
        number += 1


def _base36(number: int, width: int) -> str:
    """*number* in base 36, the last *width* digits, zero-padded."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(width):
        number, digit = divmod(number, 36)
        out = digits[digit] + out
    return out


def history_flood(rows: int) -> str:
    """The FD402 fixture with *rows* History rows, each dated without zero-padding."""
    head, _, _ = HISTORY_FIXTURE.read_text(encoding="utf-8").partition("# History")
    rule = "---------- -------- -------- -------------------------------------------\n"
    out = [head, "# History\n\n", "-" * 72 + "\n", "Date       Revision Version  Notes\n", rule]
    out += [f"2025-03-{1 + i % 9}  {i + 1:<8} Xen 4.20 Row {i}\n" for i in range(rows)]
    out.append(rule)
    return "".join(out)


def measured(
    command: list[str], cwd: Path, pythonpath: Path, timeout: float, stdin: bytes | None = None
) -> dict[str, Any]:
    """Run *command*; its wall time, its own peak resident set, exit status and output."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        timed_out = False
        deadline = start + timeout
        peak = 0.0
        while True:
            peak = max(peak, _high_water_mib(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return {
            "seconds": round(elapsed, 2),
            "timed_out": timed_out,
            # a child's ru_maxrss starts from this process's size at the fork:
            # the child's own high-water mark, last read before it ended, unless
            # it ended before it could be read
            "peak_rss_mib": peak or round(usage.ru_maxrss / 1024, 1),
            "exit": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def _high_water_mib(pid: int) -> float:
    """The peak resident set of a running process (Linux), 0 when unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return 0.0


def run_one(root: Path, megabytes: float) -> dict[str, object]:
    doc = root / "docs" / "features" / f"flood-{megabytes:g}mb.pandoc"
    headings = flood(doc, megabytes)
    done = measured(
        [sys.executable, "-m", "featuredoc.cli.command", "check", "--format", "json", str(doc)],
        root,
        REPO / "server",
        3600,
    )
    size = doc.stat().st_size
    doc.unlink()
    try:
        codes = sorted({item["code"] for item in json.loads(done["stdout"])})
    except ValueError:
        codes = [f"exit {done['exit']}: {done['stderr'].strip()[-200:]}"]
    return {
        "megabytes": megabytes,
        "bytes": size,
        "headings": headings,
        "seconds": done["seconds"],
        "peak_rss_mib": done["peak_rss_mib"],
        "exit": done["exit"],
        "codes": codes,
    }


# ---- the floods under the cap ---------------------------------------------------------


def _workspace(tmp: Path) -> Path:
    root = tmp / "ws"
    (root / ".git").mkdir(parents=True)
    (root / "docs" / "features").mkdir(parents=True)
    return root


def case_fixes(
    code: Path, tmp: Path, rows: list[int], action_rows: int, timeout: float
) -> list[dict[str, Any]]:
    root = _workspace(tmp)
    results: list[dict[str, Any]] = []
    for count in rows:
        doc = root / "docs" / "features" / f"history-{count}.pandoc"
        doc.write_text(history_flood(count), encoding="utf-8")
        done = measured(
            [sys.executable, "-m", "featuredoc.cli.command", "check", "--diff", str(doc)],
            root,
            code,
            timeout,
        )
        output = (done["stdout"] + done["stderr"]).splitlines()
        summary = [ln for ln in output if ln.startswith("Would fix")]
        results.append(
            {
                "case": f"check --diff, {count:,} History rows",
                "bytes": doc.stat().st_size,
                **_figures(done, timeout),
                "result": summary[-1] if summary else f"exit {done['exit']}",
            }
        )
    results.append(_code_action(code, root, action_rows, timeout))
    return results


def _figures(done: dict[str, Any], timeout: float) -> dict[str, Any]:
    return {
        "seconds": f">{timeout:g}" if done["timed_out"] else done["seconds"],
        "peak_rss_mib": done["peak_rss_mib"],
    }


def case_headings(
    code: Path, tmp: Path, lengths: list[int], size: int, timeout: float
) -> list[dict[str, Any]]:
    root = _workspace(tmp)
    results: list[dict[str, Any]] = []
    for length in lengths:
        text, count = heading_flood(size, length)
        doc = root / "docs" / "features" / f"headings-{length}.pandoc"
        doc.write_text(text, encoding="utf-8")
        done = measured(
            [sys.executable, "-m", "featuredoc.cli.command", "check", "--format", "json", str(doc)],
            root,
            code,
            timeout,
        )
        try:
            codes = ",".join(sorted({f["code"] for f in json.loads(done["stdout"])}))
        except ValueError:
            codes = f"exit {done['exit']}"
        results.append(
            {
                "case": f"check, {count:,} headings of {length} bytes",
                "bytes": len(text.encode()),
                **_figures(done, timeout),
                "result": codes,
            }
        )
    return results


class _Server:
    """featuredoc-ls over stdio, for the server cases."""

    def __init__(self, code: Path, cwd: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(code))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "featuredoc"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.answers: dict[int, float] = {}
        self.diagnostics = 0

    def send(self, message: dict[str, Any] | None = None, raw: bytes | None = None) -> None:
        body = raw if raw is not None else json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any] | None:
        out = self.proc.stdout
        assert out is not None
        length = None
        while True:
            line = out.readline()
            if not line:
                return None
            if not line.strip():
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(out.read(length or 0))
        if "id" in message and "method" not in message:
            self.answers[message["id"]] = time.perf_counter()
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics += 1
        return message

    def until(self, done: Any, timeout: float) -> bool:  # noqa: ANN401
        deadline = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > deadline or self.read() is None:
                return False
        return True

    def initialize(self, root: Path) -> None:
        self.send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
            }
        )
        self.until(lambda: 1 in self.answers, 120)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def peak_mib(self) -> float:
        return _high_water_mib(self.proc.pid)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def _code_action(code: Path, root: Path, rows: int, timeout: float) -> dict[str, Any]:
    text = history_flood(rows)
    doc = root / "docs" / "features" / "server.pandoc"
    doc.write_text(text, encoding="utf-8")
    uri = doc.as_uri()
    server = _Server(code, root)
    try:
        server.initialize(root)
        server.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": uri, "languageId": "pandoc", "version": 1, "text": text}
                },
            }
        )
        server.until(lambda: server.diagnostics > 0, timeout)
        lines = text.split("\n")
        status = next(n for n, line in enumerate(lines) if "**Supported**" in line)
        start = time.perf_counter()
        server.send(
            {
                "jsonrpc": "2.0",
                "id": 2,
                "method": "textDocument/codeAction",
                "params": {
                    "textDocument": {"uri": uri},
                    "range": {
                        "start": {"line": 0, "character": 0},
                        "end": {"line": 0, "character": 0},
                    },
                    "context": {"diagnostics": [], "only": ["source.fixAll"]},
                },
            }
        )
        server.send(
            {
                "jsonrpc": "2.0",
                "id": 3,
                "method": "textDocument/hover",
                "params": {
                    "textDocument": {"uri": uri},
                    "position": {"line": status, "character": lines[status].index("Supported")},
                },
            }
        )
        finished = server.until(lambda: {2, 3} <= server.answers.keys(), timeout)

        def after(ident: int) -> str:
            at = server.answers.get(ident)
            return f"{at - start:.2f} s" if at is not None else f">{timeout:g} s"

        return {
            "case": f"server: fix-all code action, then a hover, {rows:,} rows",
            "bytes": len(text.encode()),
            "seconds": after(2),
            "peak_rss_mib": server.peak_mib(),
            "result": f"hover answered after {after(3)}" + ("" if finished else " (timed out)"),
        }
    finally:
        server.close()


def case_message(code: Path, tmp: Path, mib: float, timeout: float) -> list[dict[str, Any]]:
    root = _workspace(tmp)
    count = int(mib * (1 << 20)) // len('{"a":1},')
    padding = ",".join(['{"a":1}'] * count)
    body = (
        '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":'
        '{"textDocument":{"uri":"file:///x.pandoc"},"position":{"line":0,"character":0},'
        f'"padding":[{padding}]}}}}'
    ).encode()
    server = _Server(code, root)
    try:
        server.initialize(root)
        before = server.peak_mib()
        start = time.perf_counter()
        server.send(raw=body)
        server.send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
        finished = server.until(lambda: {2, 3} <= server.answers.keys(), timeout)
        elapsed = time.perf_counter() - start
        return [
            {
                "case": f"server: one message of {len(body) / (1 << 20):.0f} MiB of small objects",
                "bytes": len(body),
                "seconds": round(elapsed, 2) if finished else f">{timeout:g}",
                "peak_rss_mib": server.peak_mib(),
                "result": f"{before:g} MiB before it; "
                + ("both requests answered" if finished else "not answered"),
            }
        ]
    finally:
        server.close()


@contextlib.contextmanager
def code_of(revision: str | None, tmp: Path) -> Iterator[Path]:
    """The ``server`` folder of *revision* (a temporary worktree), or of this tree."""
    if revision is None:
        yield REPO / "server"
        return
    where = tmp / "before"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(where), revision],
        check=True,
    )
    try:
        yield where / "server"
    finally:
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(where)], check=False
        )


def run_cases(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    versions: list[tuple[str, str | None]] = [("after", None)]
    if args.before:
        versions.insert(0, ("before", args.before))
    for label, revision in versions:
        with tempfile.TemporaryDirectory(prefix="featuredoc-flood-") as tmp_name:
            tmp = Path(tmp_name)
            with code_of(revision, tmp) as code:
                for case in args.cases:
                    with tempfile.TemporaryDirectory(dir=tmp) as work:
                        if case == "fixes":
                            found = case_fixes(
                                code, Path(work), args.rows, args.action_rows, args.timeout
                            )
                        elif case == "headings":
                            found = case_headings(
                                code,
                                Path(work),
                                args.heading_lengths,
                                args.heading_bytes,
                                args.timeout,
                            )
                        else:
                            found = case_message(code, Path(work), args.message_mib, args.timeout)
                    for row in found:
                        row["code"] = label
                        rows.append(row)
    return rows


def case_table(rows: list[dict[str, Any]]) -> str:
    labels = list(dict.fromkeys(r["code"] for r in rows))
    cases = list(dict.fromkeys(r["case"] for r in rows))
    header = "| case | " + " | ".join(f"{c} time | {c} peak RSS | {c} result" for c in labels)
    lines = [header + " |", "|---" * (1 + 3 * len(labels)) + "|"]
    for case in cases:
        cells = [case]
        for label in labels:
            row = next((r for r in rows if r["case"] == case and r["code"] == label), None)
            if row is None:
                cells += ["", "", ""]
                continue
            seconds = row["seconds"]
            cells += [
                seconds if isinstance(seconds, str) and seconds.endswith("s") else f"{seconds} s",
                f"{row['peak_rss_mib']} MiB",
                str(row["result"]),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5, 11])
    parser.add_argument("--limit", type=int, default=None, help="max_document_size (0: no limit)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--cases", nargs="+", choices=["fixes", "headings", "message"], help="floods under the cap"
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 30_000])
    parser.add_argument("--action-rows", type=int, default=10_000, help="rows (server case)")
    parser.add_argument("--heading-lengths", type=int, nargs="+", default=[4, 8, 16, 22, 200])
    parser.add_argument("--heading-bytes", type=int, default=UNDER_CAP, help="size of a flood")
    parser.add_argument("--message-mib", type=float, default=28)
    parser.add_argument("--before", metavar="REV", help="also run the code of git revision REV")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a run may take")
    args = parser.parse_args()
    if args.cases:
        results = run_cases(args)
        if args.json:
            print(json.dumps(results, indent=2))
        else:
            print(case_table(results))
        return 0
    with tempfile.TemporaryDirectory(prefix="featuredoc-flood-") as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        (root / "docs" / "features").mkdir(parents=True)
        if args.limit is not None:
            limit = args.limit or 1 << 40
            (root / ".featuredoc.yaml").write_text(f"max_document_size: {limit}\n")
        rows = [run_one(root, mb) for mb in sorted(args.mb)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'size':>8} {'headings':>9} {'seconds':>8} {'peak RSS':>10}  exit  codes")
    for row in rows:
        print(
            f"{row['megabytes']:>6g}MB {row['headings']:>9} {row['seconds']:>8} "
            f"{row['peak_rss_mib']:>7} MiB  {row['exit']:>4}  {', '.join(row['codes'])}"  # type: ignore[arg-type]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
