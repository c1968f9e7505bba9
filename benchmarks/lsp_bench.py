#!/usr/bin/env python3
"""Keystroke-to-diagnostics benchmark for featuredoc-ls, read against two reference servers.

A raw JSON-RPC client over the server's stdio, the way an editor talks to it; it needs
nothing beyond the standard library (the reference servers need pygls and mistune).

    python benchmarks/lsp_bench.py                  # all servers, SUPPORT.md, 200 edits
    python benchmarks/lsp_bench.py --big            # plus the 10 MB document mode
    python benchmarks/lsp_bench.py --json > r.json  # machine-readable
    python benchmarks/lsp_bench.py --servers floor --edits 5 --mem-edits 0   # quick check
    python benchmarks/lsp_bench.py --profile out/   # plus a cProfile of featuredoc's loop
    python benchmarks/lsp_bench.py --goals --server parent='PYTHONPATH=/other/server python -m featuredoc'
                                                    # the performance goals, one table

Every server is started and measured in the same run, so the ratios against the floor
(a bare pygls server that publishes a constant diagnostic) are what to compare between
machines, not the milliseconds.

Measured, per server:
  start-up   spawn -> `initialize` response; --startup-reps fresh processes, the median.
  open       didOpen -> the diagnostics of version 1.
  keystroke  --edits single-character didChange notifications (incremental unless the
             server asks for full sync), typed at the end of a prose line in the middle
             of the document, with Enter after about 72 columns, as a writer would; each
             time the client waits for the publishDiagnostics of *that* version (or, with
             --mode pull, the answer to textDocument/diagnostic). p50/p95/p99/max, and
             the server's own CPU time per keystroke (/proc/PID/stat), which tells
             work from waiting and holds when other work shares the cores.
             All servers are open at once and typed into in turn, keystroke by
             keystroke, so a passing load falls on all of them alike. --pause adds a
             typing cadence (default: the next key as soon as the diagnostics arrive).
  memory     RSS of the server process (/proc/PID/status) after the timed edits, and at
             every 100 edits up to --mem-edits (the typing goes on untimed-for-latency):
             "flat" when RSS at the end is within --flat-mib of RSS at edit 100.
  big        (--big) a ~10 MB synthetic feature document is opened; then, --big-reps
             times, one character is typed and a completion request (and, separately, a
             hover request) is sent right behind it, while the server re-analyses. The
             request's latency is read against that version's change -> diagnostics time.

The client never announces pull diagnostics unless --mode pull is given (--mode push, the
default, is a push-only client: no textDocument.diagnostic capability, so the server must
publish).

--goals (instead of the above) measures the performance goals in one run, each as a ratio
of figures taken in that run (see GOAL_TARGETS):
  1  keystroke p50 and p99 on a 100,000-line over a 10,000-line document
     (docgen.many_sections_doc: sched_credit2.pandoc and ~25,000 short sections);
  2  keystroke p50 and p99 in SUPPORT.md over the floor's;
  3  start-up over the floor's; spawn -> first diagnostics of a feature document over
     that of a parent server (--server parent=CMD; a command may begin with NAME=value
     settings, e.g. PYTHONPATH=/other/checkout/server python -m featuredoc, and a bare
     `python` program is this interpreter);
  4  p99 of completion, and of hover, sent right behind a keystroke at the cursor, on the
     100,000-line over the 10,000-line document;
  5  RSS at edit 4,000 over RSS at edit 500 of the 100,000-line document.
Goals 1, 2, 4 and 5 run in one set of sessions stepped round by round; goal 3 in spawns
that take turns. --goals-quick shrinks the counts; --goal-* options set each one.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import math
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docgen  # noqa: E402

HERE = Path(__file__).resolve().parent
TYPING = "lorem ipsum dolor sit amet "
WRAP_COLUMN = 72

BUILTIN_SERVERS: dict[str, list[str]] = {
    "floor": [sys.executable, str(HERE / "floor_server.py")],
    "mistune": [sys.executable, str(HERE / "mistune_server.py")],
    "featuredoc": [sys.executable, "-m", "featuredoc"],
}

# Targets from the product's performance requirements, each read in the same run.
TARGETS = {
    "p50_ms": 2.0,
    "p99_ms": 5.0,
    "p50_x_floor": 2.0,
    "startup_x_floor": 1.1,
    "rss_mib": 60.0,
    # --scaling: p50 per line of the largest document over that of the smallest
    "per_line_x": 2.0,
    # --scaling: p50 in the largest workspace over that in the smallest
    "workspace_x": 2.0,
}
# completion/hover latency over the analysis time of the change it followed: ~1 means the
# request waited for the whole analysis (what a synchronous server does; the floor shows
# it too, as pygls re-splits a 10 MB text on every change); the margin absorbs scheduling
# noise on 2 cores; well under 1 means it was answered while the analysis ran.
BIG_RATIO_MAX = 1.25


# ----------------------------------------------------------------------------------------
# helpers


def pct(sorted_vals: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_vals:
        return float("nan")
    k = max(1, math.ceil(q / 100.0 * len(sorted_vals)))
    return sorted_vals[k - 1]


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def rss_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB, from /proc; (nan, nan) when gone."""
    vals = {"VmRSS": float("nan"), "VmHWM": float("nan")}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in vals:
                vals[key] = int(rest.split()[0]) / 1024.0
    except OSError:
        pass
    return vals["VmRSS"], vals["VmHWM"]


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in ms, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def r2(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(x, nd)


def pick_edit_line(lines: list[str]) -> int:
    """A prose line nearest the middle: starts with a letter, long, not a table row."""
    mid = len(lines) // 2
    for off in range(len(lines)):
        for i in (mid + off, mid - off):
            if 0 <= i < len(lines):
                s = lines[i]
                if len(s) > 20 and s[0].isalpha() and "|" not in s and ":" not in s[:20]:
                    return i
    return mid


def split_env(cmd: list[str]) -> tuple[dict[str, str] | None, list[str]]:
    """A command's leading ``NAME=value`` words (as a shell reads them) and the rest.

    ``PYTHONPATH=/other/checkout/server python -m featuredoc`` runs another checkout's
    featuredoc-ls without an ``env`` process in between (which start-up would count).
    Returns the environment to run with (None: this one) and the argument vector.
    """
    n = 0
    while n < len(cmd) - 1 and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", cmd[n], re.S):
        n += 1
    if not n:
        return None, cmd
    env = dict(os.environ)
    for word in cmd[:n]:
        key, _, value = word.partition("=")
        env[key] = value
    return env, cmd[n:]


def with_cprofile(cmd: list[str], out: Path) -> list[str]:
    """The same server command run under cProfile, imports done before profiling starts."""
    _, argv = split_env(cmd)
    if not Path(argv[0]).name.startswith("python"):
        raise ValueError(f"cannot profile a non-Python command: {cmd}")
    prefix = cmd[: len(cmd) - len(argv)]
    return [*prefix, argv[0], str(HERE / "profile_run.py"), str(out), *argv[1:]]


# ----------------------------------------------------------------------------------------
# the client


class Client:
    """One server process and the JSON-RPC conversation with it."""

    def __init__(self, cmd: list[str], timeout: float, cwd: Path | None = None) -> None:
        self.cmd = cmd
        self.timeout = timeout
        self.cwd = cwd
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[tuple[float, dict[str, Any]]]] = {}
        self.diags: dict[str, list[tuple[float, int | None, int]]] = {}
        self.diag_event = asyncio.Event()
        self.progress_ended = 0
        #: work-done progress tokens created or begun and not yet ended
        self.progress_open: set[Any] = set()
        self.stderr_tail = b""
        self.server_requests: dict[str, int] = {}
        self.proc: asyncio.subprocess.Process | None = None
        self.t_spawn = 0.0
        self.tasks: list[asyncio.Task[None]] = []
        #: the capabilities the client announced in ``initialize``
        self.sent_capabilities: dict[str, Any] = {}

    async def start(self) -> None:
        env, argv = split_env(self.cmd)
        self.t_spawn = time.perf_counter()
        self.proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=self.cwd,
            env=env,
            limit=1 << 28,
        )
        self.tasks = [asyncio.create_task(self._reader()), asyncio.create_task(self._stderr())]

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def _stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while chunk := await self.proc.stderr.read(65536):
            self.stderr_tail = (self.stderr_tail + chunk)[-4000:]

    async def _send(self, msg: dict[str, Any]) -> float:
        """Write one message; returns the time just before the write (encoding excluded)."""
        assert self.proc is not None and self.proc.stdin is not None
        body = json.dumps(msg, separators=(",", ":")).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        t = time.perf_counter()
        self.proc.stdin.write(data)
        await self.proc.stdin.drain()
        return t

    async def _reader(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        r = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = await r.readline()
                    if not line:
                        raise EOFError
                    line = line.strip()
                    if not line:
                        break
                    k, _, v = line.partition(b":")
                    if k.lower() == b"content-length":
                        length = int(v)
                if length is None:
                    raise EOFError("message without Content-Length")
                self._dispatch(json.loads(await r.readexactly(length)))
        except (EOFError, asyncio.IncompleteReadError):
            for f in self.pending.values():
                if not f.done():
                    f.set_exception(EOFError("server closed its stdout"))
            self.diag_event.set()

    def _dispatch(self, msg: dict[str, Any]) -> None:
        now = time.perf_counter()
        if "method" in msg and "id" in msg:
            m = msg["method"]
            self.server_requests[m] = self.server_requests.get(m, 0) + 1
            if m == "window/workDoneProgress/create":
                self.progress_open.add((msg.get("params") or {}).get("token"))
            self.tasks.append(asyncio.create_task(self._answer(msg)))
        elif "method" in msg:
            if msg["method"] == "$/progress":
                p = msg.get("params") or {}
                kind = p.get("value", {}).get("kind")
                if kind == "begin":
                    self.progress_open.add(p.get("token"))
                elif kind == "end":
                    self.progress_ended += 1
                    self.progress_open.discard(p.get("token"))
                    self.diag_event.set()
            elif msg["method"] == "textDocument/publishDiagnostics":
                p = msg["params"]
                self.diags.setdefault(p["uri"], []).append(
                    (now, p.get("version"), len(p.get("diagnostics") or []))
                )
                self.diag_event.set()
        else:
            f = self.pending.pop(msg.get("id"), None)  # type: ignore[arg-type]
            if f is not None and not f.done():
                f.set_result((now, msg))

    async def _answer(self, msg: dict[str, Any]) -> None:
        """Server -> client requests: plain, editor-like answers."""
        m, p = msg["method"], msg.get("params") or {}
        result: Any = None
        if m == "workspace/configuration":
            result = [None for _ in p.get("items", [])]
        elif m == "workspace/workspaceFolders":
            result = []
        await self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    async def request(self, method: str, params: Any) -> tuple[float, float, Any]:
        """Returns (sent, answered, result)."""
        self.next_id += 1
        rid = self.next_id
        fut: asyncio.Future[tuple[float, dict[str, Any]]] = (
            asyncio.get_running_loop().create_future()
        )
        self.pending[rid] = fut
        t_sent = await self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        now, msg = await asyncio.wait_for(fut, self.timeout)
        if "error" in msg:
            raise RuntimeError(f"{method} -> error {msg['error']}")
        return t_sent, now, msg.get("result")

    async def notify(self, method: str, params: Any) -> float:
        return await self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def initialize(
        self, root: Path, pull: bool = False, progress: bool = False
    ) -> dict[str, Any]:
        """Editor-like capabilities. Pull diagnostics are announced only with ``pull``;
        without it (``--mode push``, and always with ``--goals``) the client is one that
        cannot pull at all: no ``textDocument.diagnostic`` and no ``workspace.diagnostics``
        capability, so the server must publish, as it must for most editors (Vim, Emacs,
        Neovim before 0.10). ``progress`` announces work-done progress (see
        :meth:`wait_indexed`)."""
        caps: dict[str, Any] = {
            "workspace": {"configuration": True, "workspaceFolders": True},
            "textDocument": {
                "synchronization": {"didSave": True, "dynamicRegistration": False},
                "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                "completion": {"completionItem": {"snippetSupport": False}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
            },
            "window": {"workDoneProgress": progress},
            "general": {"positionEncodings": ["utf-16"]},
        }
        if pull:
            caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
        self.sent_capabilities = caps
        params = {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "rootPath": str(root),
            "capabilities": caps,
            "clientInfo": {"name": "featuredoc-bench", "version": "1"},
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
        }
        _, _, res = await self.request("initialize", params)
        await self.notify("initialized", {})
        return res or {}

    async def wait_push(self, uri: str, version: int, t_after: float) -> tuple[float, int]:
        """Arrival time and item count of the first publish for ``version`` (or later)."""
        deadline = time.perf_counter() + self.timeout
        while True:
            for t, v, n in self.diags.get(uri, []):
                if t >= t_after and (v is None or v >= version):
                    return t, n
            if self.proc is not None and self.proc.returncode is not None:
                raise EOFError(f"server exited ({self.proc.returncode})")
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no publishDiagnostics for version {version}")
            self.diag_event.clear()
            try:
                await asyncio.wait_for(self.diag_event.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def wait_indexed(self, uri: str, quiet: float = 0.5) -> None:
        """Until a work-done progress (the workspace index) has ended and *uri*'s
        diagnostics have been quiet for *quiet* seconds (the re-check that follows)."""
        deadline = time.perf_counter() + self.timeout
        while self.progress_ended == 0:
            if time.perf_counter() > deadline:
                raise TimeoutError("the workspace index was never reported built")
            self.diag_event.clear()
            try:
                await asyncio.wait_for(self.diag_event.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
        while True:
            seen = len(self.diags.get(uri, []))
            await asyncio.sleep(quiet)
            if len(self.diags.get(uri, [])) == seen:
                return
            if time.perf_counter() > deadline:
                raise TimeoutError("diagnostics never settled after indexing")

    async def wait_settled(self, uri: str, quiet: float = 0.5) -> None:
        """Until no work-done progress is under way and neither *uri*'s diagnostics nor
        any progress has changed for *quiet* seconds: the work that follows opening a
        document (a workspace index, its re-check) is over, whether or not the server
        reports progress."""
        deadline = time.perf_counter() + self.timeout
        while True:
            seen = (len(self.diags.get(uri, [])), self.progress_ended, len(self.progress_open))
            await asyncio.sleep(quiet)
            now = (len(self.diags.get(uri, [])), self.progress_ended, len(self.progress_open))
            if not self.progress_open and now == seen:
                return
            if self.proc is not None and self.proc.returncode is not None:
                raise EOFError(f"server exited ({self.proc.returncode})")
            if time.perf_counter() > deadline:
                raise TimeoutError("the server never settled after the document was opened")

    async def stop(self) -> None:
        assert self.proc is not None
        try:
            await self.request("shutdown", None)
            await self.notify("exit", None)
            await asyncio.wait_for(self.proc.wait(), 10)
        except Exception:  # noqa: BLE001 - a server that will not stop is killed
            if self.proc.returncode is None:
                self.proc.kill()
                await self.proc.wait()
        for t in self.tasks:
            t.cancel()


# ----------------------------------------------------------------------------------------
# typing


@dataclass
class Typist:
    """The document as the client holds it, and a cursor that types at one place."""

    lines: list[str]
    line: int
    col: int = field(init=False)
    typed: int = 0

    def __post_init__(self) -> None:
        self.col = len(self.lines[self.line])

    def cursor(self) -> dict[str, int]:
        """The cursor as an LSP position (UTF-16 column)."""
        return {"line": self.line, "character": utf16_len(self.lines[self.line][: self.col])}

    def next_change(self, full: bool) -> dict[str, Any]:
        ch = TYPING[self.typed % len(TYPING)]
        if ch == " " and self.col >= WRAP_COLUMN:
            ch = "\n"
        self.typed += 1
        cur = self.lines[self.line]
        pos = {"line": self.line, "character": utf16_len(cur[: self.col])}
        if ch == "\n":
            self.lines[self.line : self.line + 1] = [cur[: self.col], cur[self.col :]]
            self.line += 1
            self.col = 0
        else:
            self.lines[self.line] = cur[: self.col] + ch + cur[self.col :]
            self.col += 1
        if full:
            return {"text": "\n".join(self.lines)}
        return {"range": {"start": pos, "end": pos}, "text": ch}


def sync_kind(caps: dict[str, Any]) -> int:
    tds = caps.get("textDocumentSync")
    kind = tds.get("change") if isinstance(tds, dict) else tds
    return 2 if kind in (None, 0) else int(kind)


async def measure_change(
    c: Client, uri: str, version: int, change: dict[str, Any], mode: str
) -> tuple[float, int]:
    """didChange -> diagnostics for that version; (ms, number of diagnostics)."""
    t0 = await c.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
    )
    if mode == "pull":
        _, t, res = await c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        n = len(res.get("items") or []) if isinstance(res, dict) else -1
        return (t - t0) * 1000.0, n
    t, n = await c.wait_push(uri, version, t0)
    return (t - t0) * 1000.0, n


async def open_doc(c: Client, uri: str, text: str, mode: str, lang: str) -> tuple[float, int]:
    t0 = await c.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}},
    )
    if mode == "pull":
        _, t, res = await c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        return (t - t0) * 1000.0, len(res.get("items") or []) if isinstance(res, dict) else -1
    t, n = await c.wait_push(uri, 1, t0)
    return (t - t0) * 1000.0, n


# ----------------------------------------------------------------------------------------
# the three measurements


async def measure_startup(cmd: list[str], root: Path, timeout: float) -> float:
    """One spawn -> initialize response, in ms."""
    c = Client(cmd, timeout, cwd=root)
    await c.start()
    try:
        _, t_init, _ = await c.request(
            "initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}}
        )
        await c.notify("initialized", {})
    finally:
        await c.stop()
    return (t_init - c.t_spawn) * 1000.0


class KeystrokeSession:
    """One server, one open document, typed into one keystroke at a time."""

    def __init__(
        self,
        cmd: list[str],
        path: Path,
        args: argparse.Namespace,
        *,
        root: Path | None = None,
        wait_index: bool = False,
        timeout: float | None = None,
    ) -> None:
        self.args = args
        self.path = path
        self.root = root or path.parent
        self.wait_index = wait_index
        self.announce_progress = wait_index
        self.edits, self.mem_edits = args.edits, args.mem_edits
        self.uri = path.resolve().as_uri()
        self.client = Client(cmd, timeout or args.timeout, cwd=self.root)
        self.caps: dict[str, Any] = {}
        self.full = False
        self.lat: list[float] = []
        self.rss_at: dict[int, float] = {}
        self.rss_after = float("nan")
        self.open_ms = 0.0
        self.items = 0
        self.typist: Typist | None = None
        self.edit_line = -1
        self.cpu_open = self.cpu_per_edit = float("nan")

    def _fail(self, e: Exception) -> RuntimeError:
        hint = ""
        if isinstance(e, TimeoutError) and self.caps.get("diagnosticProvider"):
            hint = " (the server advertises pull diagnostics: try --mode pull)"
        tail = self.client.stderr_tail.decode(errors="replace")
        return RuntimeError(f"{e}{hint}; server stderr tail:\n{tail}")

    async def open(self) -> None:
        text = self.path.read_text(encoding="utf-8")
        await self.client.start()
        try:
            pull = self.args.mode == "pull"
            init = await self.client.initialize(
                self.root, pull=pull, progress=self.announce_progress
            )
            self.caps = init.get("capabilities", {})
            self.full = sync_kind(self.caps) == 1
            self.open_ms, self.items = await open_doc(
                self.client, self.uri, text, self.args.mode, self.args.language_id
            )
            if self.wait_index:
                await self.client.wait_indexed(self.uri)
                self.items = self.client.diags[self.uri][-1][2]
        except (TimeoutError, EOFError) as e:
            raise self._fail(e) from e
        lines = text.split("\n")
        self.typist = Typist(lines, pick_edit_line(lines))
        self.edit_line = self.typist.line
        self.cpu_open = cpu_ms(self.client.pid)

    async def step(self, i: int) -> None:
        """Keystroke number ``i`` (1-based; the document is then at version i + 1)."""
        assert self.typist is not None
        change = self.typist.next_change(self.full)
        try:
            ms, self.items = await measure_change(
                self.client, self.uri, i + 1, change, self.args.mode
            )
        except (TimeoutError, EOFError) as e:
            raise self._fail(e) from e
        if i <= self.edits:
            self.lat.append(ms)
        if i == self.edits:
            self.cpu_per_edit = (cpu_ms(self.client.pid) - self.cpu_open) / i
            await asyncio.sleep(0.05)
            self.rss_after = rss_mib(self.client.pid)[0]
        if self.mem_edits and i % 100 == 0:
            self.rss_at[i] = rss_mib(self.client.pid)[0]

    async def close(self) -> None:
        if self.client.proc is not None:
            await self.client.stop()

    def result(self) -> dict[str, Any]:
        s = sorted(self.lat)
        res: dict[str, Any] = {
            "mode": self.args.mode,
            "sync": "full" if self.full else "incremental",
            "edit_line": self.edit_line,
            "open_ms": r2(self.open_ms, 1),
            "edits": len(self.lat),
            "p50_ms": r2(pct(s, 50)),
            "p95_ms": r2(pct(s, 95)),
            "p99_ms": r2(pct(s, 99)),
            "max_ms": r2(s[-1]) if s else None,
            "mean_ms": r2(statistics.fmean(s)) if s else None,
            # the server's own CPU per timed keystroke: what it works, whatever it waits
            "cpu_per_edit_ms": r2(self.cpu_per_edit),
            "items_last": self.items,
            "rss_mib": r2(self.rss_after, 1),
            "server_requests": self.client.server_requests,
        }
        if len(self.rss_at) >= 2:
            first, last = min(self.rss_at), max(self.rss_at)
            growth = self.rss_at[last] - self.rss_at[first]
            res.update(
                {
                    "mem_edits": last,
                    "rss_by_edit": {k: r2(v, 1) for k, v in sorted(self.rss_at.items())},
                    "rss_first_mib": r2(self.rss_at[first], 1),
                    "rss_last_mib": r2(self.rss_at[last], 1),
                    "rss_growth_mib": r2(growth, 1),
                    "rss_flat": growth <= self.args.flat_mib,
                }
            )
        return res


async def measure_keystrokes(
    servers: dict[str, list[str]], path: Path, args: argparse.Namespace
) -> dict[str, dict[str, Any]]:
    """All servers typed into in turn, keystroke by keystroke (the order rotates).

    Interleaving puts every server under the same background load at the same moment, so
    the ratios between them hold on a busy machine where sequential runs would not.
    """
    return await measure_sessions(
        {
            name: KeystrokeSession(
                cmd,
                path,
                args,
                wait_index=args.wait_index and name.startswith("featuredoc"),
                timeout=max(args.timeout, 600.0) if args.wait_index else None,
            )
            for name, cmd in servers.items()
        },
        args,
    )


async def measure_sessions(
    pending: dict[str, KeystrokeSession],
    args: argparse.Namespace,
    edits: int | None = None,
    mem_edits: int | None = None,
) -> dict[str, dict[str, Any]]:
    """:func:`measure_keystrokes` for sessions on documents of their own."""
    sessions: dict[str, KeystrokeSession] = {}
    out: dict[str, dict[str, Any]] = {}
    edits = args.edits if edits is None else edits
    mem_edits = args.mem_edits if mem_edits is None else mem_edits
    try:
        for name, sess in pending.items():
            sess.edits, sess.mem_edits = edits, mem_edits
            try:
                await sess.open()
                sessions[name] = sess
            except Exception as e:  # noqa: BLE001 - report it, measure the others
                out[name] = {"error": f"{type(e).__name__}: {e}"}
                await sess.close()
        total = max(edits, mem_edits)
        for i in range(1, total + 1):
            names = list(sessions)
            k = i % len(names) if names else 0
            for name in names[k:] + names[:k]:
                try:
                    await sessions[name].step(i)
                except Exception as e:  # noqa: BLE001 - drop this server, go on
                    out[name] = {"error": f"{type(e).__name__}: {e}"}
                    await sessions.pop(name).close()
            if args.pause:
                await asyncio.sleep(args.pause / 1000.0)
        for name, sess in sessions.items():
            out[name] = sess.result()
    finally:
        for sess in sessions.values():
            await sess.close()
    return out


async def measure_big(
    cmd: list[str], path: Path, root: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """Completion and hover, sent right behind a keystroke on a ~10 MB document.

    *root*: the workspace, whose ``.featuredoc.yaml`` raises ``max_document_size``
    above the document's size (featuredoc would otherwise report FD905 and not
    analyse it)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    uri = path.resolve().as_uri()
    status_line = next(i for i, ln in enumerate(lines) if "Status:" in ln)
    where = {"line": status_line, "character": lines[status_line].index("Status:") + 10}
    c = Client(cmd, args.big_timeout, cwd=root)
    await c.start()
    try:
        caps = (await c.initialize(root)).get("capabilities", {})
        full = sync_kind(caps) == 1
        open_ms, _ = await open_doc(c, uri, text, "push", args.language_id)
        typist = Typist(lines, pick_edit_line(lines))
        version = 1
        offered = {"completion": "completionProvider", "hover": "hoverProvider"}
        rows: dict[str, list[tuple[float, float]]] = {
            m: [] for m in offered if caps.get(offered[m]) not in (None, False)
        }
        not_offered = [m for m in offered if m not in rows]
        for _ in range(args.big_reps):
            for method in rows:
                version += 1
                t0 = await c.notify(
                    "textDocument/didChange",
                    {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [typist.next_change(full)],
                    },
                )
                if args.big_delay_ms:
                    await asyncio.sleep(args.big_delay_ms / 1000.0)
                params = {"textDocument": {"uri": uri}, "position": where}
                t_req, t_ans, _ = await c.request(f"textDocument/{method}", params)
                t_diag, _ = await c.wait_push(uri, version, t0)
                rows[method].append(((t_ans - t_req) * 1000.0, (t_diag - t0) * 1000.0))
        rss, _ = rss_mib(c.pid)
    except (TimeoutError, EOFError) as e:
        raise RuntimeError(f"{e}; stderr tail:\n{c.stderr_tail.decode(errors='replace')}") from e
    finally:
        await c.stop()
    res: dict[str, Any] = {
        "doc_mib": r2(len(text.encode()) / 2**20, 1),
        "open_ms": r2(open_ms, 1),
        "rss_mib": r2(rss, 1),
        "not_offered": not_offered,
    }
    analysis = [a for m in rows for _, a in rows[m]]
    res["analysis_ms"] = r2(statistics.median(analysis), 1) if analysis else None
    worst = 0.0
    for m in not_offered:
        res[f"{m}_ms"] = res[f"{m}_max_ms"] = None
    for m, vals in rows.items():
        res[f"{m}_ms"] = r2(statistics.median(v for v, _ in vals), 1)
        res[f"{m}_max_ms"] = r2(max(v for v, _ in vals), 1)
        worst = max(worst, max(v / a for v, a in vals if a > 0))
    # > 1 means some request waited longer than the analysis of the change it followed
    res["worst_request_over_analysis"] = r2(worst, 2) if rows else None
    return res


# ----------------------------------------------------------------------------------------
# driver and report


def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for mod in ("pygls", "lsprotocol", "mistune", "featuredoc"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001 - not installed
            versions[mod] = None
    try:
        commit = subprocess.run(
            ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "loadavg_at_start": load_average(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "versions": versions,
        "commit": commit,
    }


def load_average() -> float | None:
    """The 1-minute load average: above about half the cores, expect noisy figures."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def server_available(name: str, cmd: list[str]) -> str | None:
    """None when the server can be started, else why not."""
    if name == "featuredoc" and cmd == BUILTIN_SERVERS["featuredoc"]:
        probe = subprocess.run(
            [sys.executable, "-c", "import featuredoc.__main__"],
            capture_output=True,
            text=True,
            input="",
            timeout=30,
        )
        if probe.returncode != 0:
            return "python -m featuredoc not importable: " + probe.stderr.strip()[-200:]
    return None


def parse_servers(args: argparse.Namespace) -> dict[str, list[str]]:
    servers: dict[str, list[str]] = {}
    for name in [s for s in args.servers.split(",") if s]:
        if name not in BUILTIN_SERVERS:
            raise SystemExit(f"unknown server {name!r}; built in: {', '.join(BUILTIN_SERVERS)}")
        servers[name] = BUILTIN_SERVERS[name]
    for spec in args.server or []:
        name, _, cmd = spec.partition("=")
        servers[name] = this_python(shlex.split(cmd))
    return servers


def this_python(cmd: list[str]) -> list[str]:
    """*cmd* with a bare ``python`` (or ``python3``) program word made this interpreter.

    Start-up is compared between servers: a wrapper found on PATH instead (a pyenv shim,
    a virtualenv's other Python) would add its own start-up to one side only."""
    _, argv = split_env(cmd)
    if argv and argv[0] in ("python", "python3"):
        return [*cmd[: len(cmd) - len(argv)], sys.executable, *argv[1:]]
    return cmd


async def run_all(args: argparse.Namespace) -> dict[str, Any]:
    path = Path(args.file).resolve() if args.file else docgen.default_document()
    text = path.read_text(encoding="utf-8")
    out: dict[str, Any] = {
        "machine": machine_info(),
        "document": {
            "path": str(path),
            "lines": text.count("\n") + (not text.endswith("\n")),
            "bytes": len(text.encode()),
        },
        "params": {
            "edits": args.edits,
            "mem_edits": args.mem_edits,
            "startup_reps": args.startup_reps,
            "mode": args.mode,
            "pause_ms": args.pause,
        },
        "servers": {},
    }
    servers = parse_servers(args)
    big_path: Path | None = None
    tmp = tempfile.TemporaryDirectory(prefix="featuredoc-bench-")
    if args.big:
        src = docgen.find_sources()
        big_text = docgen.big_feature_doc(
            int(args.big_mb * 2**20), [p.read_text(encoding="utf-8") for p in src.features]
        )
        feat_dir = Path(tmp.name) / "docs" / "features"
        feat_dir.mkdir(parents=True)
        big_path = feat_dir / "large.pandoc"
        big_path.write_text(big_text, encoding="utf-8")
        limit = 2 * len(big_text.encode("utf-8")) + 2**20
        (Path(tmp.name) / ".featuredoc.yaml").write_text(
            f"max_document_size: {limit}\n", encoding="utf-8"
        )
    try:
        ok: dict[str, list[str]] = {}
        for name, cmd in servers.items():
            out["servers"][name] = {"command": cmd}
            why = server_available(name, cmd)
            if why:
                out["servers"][name]["unavailable"] = why
                log(args, f"{name}: skipped ({why})")
            else:
                ok[name] = cmd
        starts: dict[str, list[float]] = {} if args.scaling_only else {name: [] for name in ok}
        if starts:
            log(args, f"start-up x{args.startup_reps}, interleaved: {', '.join(ok)}")
            compile_servers(ok)
        for _ in range(args.startup_reps):
            for name in list(starts):
                try:
                    starts[name].append(await measure_startup(ok[name], path.parent, args.timeout))
                except Exception as e:  # noqa: BLE001 - report and go on with the others
                    out["servers"][name]["error"] = f"start-up: {type(e).__name__}: {e}"
                    del starts[name]
        for name, st in starts.items():
            out["servers"][name]["startup_ms"] = r2(statistics.median(st), 1)
            out["servers"][name]["startup_all_ms"] = [r2(x, 1) for x in st]
        typing = {n: ok[n] for n in starts}
        log(
            args,
            f"{args.edits} edits (memory to {args.mem_edits}), interleaved: {', '.join(typing)}",
        )
        if args.scaling_only:
            typing = {}
        for name, res in (await measure_keystrokes(typing, path, args)).items():
            out["servers"][name].update(res)
            if "error" in res:
                log(args, f"{name}: FAILED {res['error']}")
        for name in typing:
            if big_path is None or "error" in out["servers"][name]:
                continue
            log(args, f"{name}: big document")
            try:
                out["servers"][name]["big"] = await measure_big(
                    ok[name], big_path, Path(tmp.name), args
                )
            except Exception as e:  # noqa: BLE001 - the other figures still stand
                out["servers"][name]["big_error"] = f"{type(e).__name__}: {e}"
                log(args, f"{name}: big document FAILED {out['servers'][name]['big_error']}")
        if args.scaling:
            out["scaling"] = await measure_scaling(args, Path(tmp.name))
        if args.profile:
            out["profiles"] = {}
            for name in [s for s in args.profile_servers.split(",") if s]:
                if name not in servers or out["servers"][name].get("unavailable"):
                    continue
                prof = Path(args.profile) / f"{name}-keystrokes.prof"
                prof.parent.mkdir(parents=True, exist_ok=True)
                log(args, f"{name}: profiled run -> {prof}")
                res = await measure_keystrokes(
                    {name: with_cprofile(servers[name], prof)}, path, args
                )
                if "error" in res[name]:
                    log(args, f"{name}: profiled run FAILED {res[name]['error']}")
                    continue
                out["profiles"][name] = {"file": str(prof), "top": profile_top(prof, args.top)}
    finally:
        tmp.cleanup()
    if args.scaling_only:
        out["servers"] = {}
    out["machine"]["loadavg_at_end"] = load_average()
    out["ratios"] = ratios(out["servers"])
    return out


async def measure_scaling(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Keystroke cost against document size and against workspace size.

    Two interleaved runs of ``--scaling-edits`` keystrokes each. *lines*: a synthetic
    feature document of each size in ``--scaling-lines`` (its own workspace), featuredoc
    and the floor on each. *docs*: SUPPORT.md typed into in workspaces of each size in
    ``--scaling-docs`` (SUPPORT.md and feature documents, see ``docgen.workspace``),
    featuredoc in each, waiting for its workspace index before typing, and the floor.
    """
    featuredoc = BUILTIN_SERVERS["featuredoc"]
    floor = BUILTIN_SERVERS["floor"]
    long_timeout = max(args.timeout, 600.0)
    result: dict[str, Any] = {"edits": args.scaling_edits}
    kinds = {"lines", "docs"} if args.scaling == "all" else {args.scaling}
    if "lines" in kinds:
        src = docgen.find_sources()
        texts = [p.read_text(encoding="utf-8") for p in src.features]
        sessions: dict[str, KeystrokeSession] = {}
        sizes = [int(n) for n in args.scaling_lines.split(",") if n]
        for n in sizes:
            root = tmp / f"lines-{n}"
            doc = root / "docs" / "features" / "long.pandoc"
            doc.parent.mkdir(parents=True)
            doc.write_text(docgen.big_feature_doc(0, texts, target_lines=n), encoding="utf-8")
            sessions[f"floor@{n}"] = KeystrokeSession(floor, doc, args, root=root)
            sessions[f"featuredoc@{n}"] = KeystrokeSession(
                featuredoc, doc, args, root=root, wait_index=True, timeout=long_timeout
            )
        log(args, f"scaling by lines {sizes}: {args.scaling_edits} edits, interleaved")
        runs = await measure_sessions(sessions, args, args.scaling_edits, 0)
        small, large = min(sizes), max(sizes)
        verdict: dict[str, Any] = {}
        a, b = runs.get(f"featuredoc@{small}", {}), runs.get(f"featuredoc@{large}", {})
        if "p50_ms" in a and "p50_ms" in b:
            per_line = (b["p50_ms"] / large) / (a["p50_ms"] / small)
            verdict = {
                "per_line_x": round(per_line, 2),
                "meets": per_line <= TARGETS["per_line_x"],
            }
        result["lines"] = {"runs": runs, "sizes": sizes, "verdict": verdict}
    if "docs" in kinds:
        sessions = {}
        counts = [int(n) for n in args.scaling_docs.split(",") if n]
        first: Path | None = None
        for n in counts:
            support = docgen.workspace(tmp / f"docs-{n}", n)
            first = first or support
            sessions[f"featuredoc@{n} docs"] = KeystrokeSession(
                featuredoc, support, args, wait_index=True, timeout=long_timeout
            )
        assert first is not None
        sessions["floor"] = KeystrokeSession(floor, first, args)
        log(args, f"scaling by workspace {counts}: {args.scaling_edits} edits, interleaved")
        runs = await measure_sessions(sessions, args, args.scaling_edits, 0)
        small, large = min(counts), max(counts)
        a, b = runs.get(f"featuredoc@{small} docs", {}), runs.get(f"featuredoc@{large} docs", {})
        verdict = {}
        if "p50_ms" in a and "p50_ms" in b:
            x = b["p50_ms"] / a["p50_ms"]
            verdict = {"x_small": round(x, 2), "meets": x <= TARGETS["workspace_x"]}
        result["docs"] = {"runs": runs, "counts": counts, "verdict": verdict}
    return result


def profile_top(prof: Path, n: int) -> list[str]:
    import io
    import pstats

    for _ in range(50):  # the server writes the file as it exits
        if prof.exists() and prof.stat().st_size:
            break
        time.sleep(0.1)
    buf = io.StringIO()
    st = pstats.Stats(str(prof), stream=buf)
    st.sort_stats("tottime").print_stats(n)
    st.sort_stats("cumulative").print_stats(n)
    return shorten_paths(buf.getvalue()).splitlines()


def shorten_paths(text: str) -> str:
    """Profile lines without the site-packages / stdlib / repository prefixes."""
    import sysconfig

    for key in ("purelib", "platlib", "stdlib"):
        text = text.replace(sysconfig.get_paths()[key] + "/", "")
    return text.replace(str(HERE.parent) + "/", "")


def ratios(servers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    floor = servers.get("floor", {})
    out: dict[str, dict[str, Any]] = {}
    if "p50_ms" not in floor:
        return out
    for name, res in servers.items():
        if name == "floor" or "p50_ms" not in res:
            continue
        r: dict[str, Any] = {}
        for key in ("startup_ms", "p50_ms", "p95_ms", "p99_ms", "cpu_per_edit_ms", "rss_mib"):
            if res.get(key) and floor.get(key):
                r[key.replace("_ms", "").replace("_mib", "") + "_x_floor"] = round(
                    res[key] / floor[key], 2
                )
        r["meets"] = {
            "p50 <= 2 ms": res["p50_ms"] <= TARGETS["p50_ms"],
            "p99 <= 5 ms": res["p99_ms"] <= TARGETS["p99_ms"],
            "p50 <= 2x floor": r.get("p50_x_floor", 99) <= TARGETS["p50_x_floor"],
            "start-up <= 1.1x floor": r.get("startup_x_floor", 99) <= TARGETS["startup_x_floor"],
        }
        if "rss_last_mib" in res:
            r["meets"][f"RSS after {res['mem_edits']:,} edits <= 60 MiB"] = (
                res["rss_last_mib"] <= TARGETS["rss_mib"]
            )
            r["meets"]["RSS flat"] = res["rss_flat"]
        if "big" in res:
            worst = res["big"]["worst_request_over_analysis"]
            r["meets"]["big doc: requests not blocked beyond analysis"] = (
                worst is not None and worst <= BIG_RATIO_MAX
            )
        out[name] = r
    return out


def fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "–"
    return f"{v:g}{unit}" if isinstance(v, (int, float)) else str(v)


def report(out: dict[str, Any]) -> str:
    m, d = out["machine"], out["document"]
    p = out["params"]
    lines = [
        f"## LSP benchmark — {m['date']}",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
        + (f"; featuredoc at {m['commit']}" if m["commit"] else ""),
        f"Document: `{Path(d['path']).name}` ({d['lines']} lines, {d['bytes']:,} bytes); "
        f"{p['edits']} single-character edits, memory over {p['mem_edits']}; "
        f"start-up = median of {p['startup_reps']} spawns; servers interleaved"
        + (f"; {p['pause_ms']:g} ms pause between keystrokes." if p["pause_ms"] else "."),
        f"Load average (1 min) at start {m['loadavg_at_start']}, at end {m['loadavg_at_end']}"
        + (
            " — the machine was busy: read the ratios, not the milliseconds."
            if max(m["loadavg_at_start"] or 0, m["loadavg_at_end"] or 0) > (m["cores"] or 2) / 2
            else "."
        ),
        "",
        "| server | start-up | open → diag | p50 | p95 | p99 | max | CPU/edit "
        "| RSS after edits | RSS @100 → @end (edits) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for name, r in out["servers"].items():
        if "unavailable" in r or "error" in r:
            lines.append(f"| {name} | " + " | ".join(["–"] * 9) + " |")
            notes.append(f"- {name}: {r.get('unavailable') or r.get('error')}")
            continue
        mem = "–"
        if "rss_last_mib" in r:
            flat = "flat" if r["rss_flat"] else "GROWS"
            mem = (
                f"{r['rss_first_mib']} → {r['rss_last_mib']} MiB ({r['mem_edits']}; "
                f"{r['rss_growth_mib']:+g}, {flat})"
            )
        lines.append(
            f"| {name} | {fmt(r['startup_ms'], ' ms')} | {fmt(r['open_ms'], ' ms')} "
            f"| {fmt(r['p50_ms'], ' ms')} | {fmt(r['p95_ms'], ' ms')} | {fmt(r['p99_ms'], ' ms')} "
            f"| {fmt(r['max_ms'], ' ms')} | {fmt(r.get('cpu_per_edit_ms'), ' ms')} "
            f"| {fmt(r['rss_mib'], ' MiB')} | {mem} |"
        )
    if out["ratios"]:
        lines += ["", "Against the floor, same run:", ""]
        lines += [
            "| server | start-up | p50 | p95 | p99 | CPU/edit | RSS | targets met |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, r in out["ratios"].items():
            met = [k for k, v in r["meets"].items() if v]
            missed = [k for k, v in r["meets"].items() if not v]
            verdict = (("missed: " + "; ".join(missed)) if missed else "all") + (
                f" (met: {'; '.join(met)})" if missed and met else ""
            )
            lines.append(
                f"| {name} | {fmt(r.get('startup_x_floor'), '×')}"
                f" | {fmt(r.get('p50_x_floor'), '×')}"
                f" | {fmt(r.get('p95_x_floor'), '×')} | {fmt(r.get('p99_x_floor'), '×')}"
                f" | {fmt(r.get('cpu_per_edit_x_floor'), '×')}"
                f" | {fmt(r.get('rss_x_floor'), '×')} | {verdict} |"
            )
    bigs = {n: r["big"] for n, r in out["servers"].items() if "big" in r}
    if bigs:
        lines += [
            "",
            "Big document (completion / hover sent right behind a keystroke, medians; "
            "ratio = worst request latency / that change's analysis time):",
            "",
            "| server | size | open → diag | change → diag | completion (max) | hover (max) "
            "| worst ratio | RSS |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, b in bigs.items():
            lines.append(
                f"| {name} | {b['doc_mib']} MiB | {fmt(b['open_ms'], ' ms')} "
                f"| {fmt(b['analysis_ms'], ' ms')} "
                f"| {fmt(b['completion_ms'], ' ms')} ({fmt(b['completion_max_ms'])}) "
                f"| {fmt(b['hover_ms'], ' ms')} ({fmt(b['hover_max_ms'])}) "
                f"| {fmt(b['worst_request_over_analysis'])} | {fmt(b['rss_mib'], ' MiB')} |"
            )
    curves = {n: r["rss_by_edit"] for n, r in out["servers"].items() if r.get("rss_by_edit")}
    if curves:
        lines += ["", "RSS (MiB) every 100 edits:", ""]
        for name, curve in curves.items():
            lines.append(f"- {name}: " + ", ".join(f"{v:g}" for v in curve.values()))
    for name, r in out["servers"].items():
        if r.get("big_error"):
            notes.append(f"- {name}, big document: {r['big_error'][:300]}")
        elif r.get("big", {}).get("not_offered"):
            notes.append(
                f"- {name}, big document: not offered: {', '.join(r['big']['not_offered'])}"
            )
    if notes:
        lines += ["", *notes]
    lines += scaling_report(out.get("scaling"))
    for name, prof in out.get("profiles", {}).items():
        lines += ["", f"Profile of {name} over the keystroke loop ({prof['file']}):", "```"]
        lines += prof["top"]
        lines += ["```"]
    return "\n".join(lines)


def scaling_report(scaling: dict[str, Any] | None) -> list[str]:
    if not scaling:
        return []
    lines: list[str] = []
    for kind, title, target in (
        ("lines", "document size", "p50 per line ≤ 2× the smallest document's"),
        ("docs", "workspace size (typing in SUPPORT.md)", "p50 ≤ 2× the smallest workspace's"),
    ):
        part = scaling.get(kind)
        if not part:
            continue
        lines += [
            "",
            f"Keystroke cost by {title}, {scaling['edits']} edits, interleaved:",
            "",
            "| session | open → diag | diagnostics | p50 | p95 | p99 | max | CPU/edit |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, r in part["runs"].items():
            if "error" in r:
                lines.append(f"| {name} | " + " | ".join(["–"] * 7) + " |")
                continue
            lines.append(
                f"| {name} | {fmt(r['open_ms'], ' ms')} | {r['items_last']} "
                f"| {fmt(r['p50_ms'], ' ms')} | {fmt(r['p95_ms'], ' ms')} "
                f"| {fmt(r['p99_ms'], ' ms')} | {fmt(r['max_ms'], ' ms')} "
                f"| {fmt(r.get('cpu_per_edit_ms'), ' ms')} |"
            )
        v = part["verdict"]
        if v:
            ratio = v.get("per_line_x", v.get("x_small"))
            lines += ["", f"Ratio {ratio}× (target: {target}): {'met' if v['meets'] else 'MISSED'}"]
        for name, r in part["runs"].items():
            if "error" in r:
                lines.append(f"- {name}: {r['error'][:300]}")
    return lines


# ----------------------------------------------------------------------------------------
# --goals: every performance goal measured in one run

#: Counts for ``--goals`` and, shrunk, for ``--goals-quick`` (a smoke run of a minute or
#: two). Each can be set on its own with the ``--goal-*`` options.
GOAL_COUNTS: dict[str, dict[str, Any]] = {
    "full": {
        "lines": "10000,100000",
        "edits": 100,
        "support_edits": 200,
        "startup_reps": 31,  # start-up varies by a tenth from one spawn to the next
        "requests": 100,
        "rss_edits": "500,4000",
    },
    "quick": {
        "lines": "2000,20000",
        "edits": 20,
        "support_edits": 40,
        "startup_reps": 3,
        "requests": 20,
        "rss_edits": "100,300",
    },
}
GOAL_TARGETS = {
    "lines_x": 3.0,  # goals 1 and 4: large document over small document
    "support_x_floor": 2.0,  # goal 2
    "startup_x_floor": 1.1,  # goal 3
    "first_diag_x_parent": 1.05,  # goal 3
    "rss_x": 1.1,  # goal 5
}


def goal_counts(args: argparse.Namespace) -> dict[str, Any]:
    """The counts of a ``--goals`` run: the ``--goal-*`` options over the preset's."""
    preset = GOAL_COUNTS["quick" if args.goals_quick else "full"]
    counts = {k: getattr(args, f"goal_{k}") for k in preset}
    counts = {k: preset[k] if v is None else v for k, v in counts.items()}
    sizes = [int(n) for n in str(counts["lines"]).split(",") if n]
    marks = [int(n) for n in str(counts["rss_edits"]).split(",") if n]
    if len(sizes) != 2 or sizes[0] >= sizes[1]:
        raise ValueError("--goal-lines takes two sizes, the smaller first (e.g. 10000,100000)")
    if len(marks) != 2 or not 0 < marks[0] < marks[1]:
        raise ValueError("--goal-rss-edits takes two edit counts, the smaller first")
    counts["lines"], counts["rss_edits"] = sizes, marks
    return counts


class GoalSession(KeystrokeSession):
    """A keystroke session that follows a plan, one step per round.

    Steps: ``edit`` (a timed keystroke: didChange -> its diagnostics), ``completion`` and
    ``hover`` (a keystroke with that request sent right behind it at the cursor; the
    request is timed, then the diagnostics of that version are awaited), ``type`` (a
    keystroke, its diagnostics awaited, not timed). The server's RSS is read once the
    diagnostics of every edit number in ``rss_marks`` have arrived. The client is push
    only (no pull diagnostics capability): the server must publish. Typing starts once
    the server has settled after the open (:meth:`Client.wait_settled`).
    """

    def __init__(
        self,
        cmd: list[str],
        path: Path,
        args: argparse.Namespace,
        plan: list[str],
        *,
        root: Path | None = None,
        timeout: float | None = None,
        rss_marks: tuple[int, ...] = (),
        rss_limit_mib: float = 0.0,
    ) -> None:
        super().__init__(cmd, path, args, root=root, timeout=timeout)
        self.announce_progress = True
        self.plan = plan
        self.rss_marks = rss_marks
        self.rss_limit_mib = rss_limit_mib
        self.rss_curve: dict[int, float] = {}
        self.stopped: str | None = None
        self.requests: dict[str, list[float]] = {"completion": [], "hover": []}

    async def open(self) -> None:
        await super().open()
        if "diagnostic" in self.client.sent_capabilities.get("textDocument", {}):
            raise RuntimeError("the client announced pull diagnostics in a push-only run")
        try:
            await self.client.wait_settled(self.uri)
        except (TimeoutError, EOFError) as e:
            raise self._fail(e) from e
        if self.client.diags.get(self.uri):
            self.items = self.client.diags[self.uri][-1][2]

    async def step(self, i: int) -> None:
        assert self.typist is not None
        kind, c, version = self.plan[i - 1], self.client, i + 1
        change = self.typist.next_change(self.full)
        try:
            if kind in self.requests:
                t0 = await c.notify(
                    "textDocument/didChange",
                    {
                        "textDocument": {"uri": self.uri, "version": version},
                        "contentChanges": [change],
                    },
                )
                params = {"textDocument": {"uri": self.uri}, "position": self.typist.cursor()}
                t_req, t_ans, _ = await c.request(f"textDocument/{kind}", params)
                self.requests[kind].append((t_ans - t_req) * 1000.0)
                _, self.items = await c.wait_push(self.uri, version, t0)
            else:
                ms, self.items = await measure_change(c, self.uri, version, change, "push")
                if kind == "edit":
                    self.lat.append(ms)
        except (TimeoutError, EOFError) as e:
            raise self._fail(e) from e
        if i in self.rss_marks:
            await asyncio.sleep(0.05)
            self.rss_at[i] = rss_mib(c.pid)[0]
        if self.rss_marks and (i % 100 == 0 or i in self.rss_marks):
            rss = self.rss_curve[i] = rss_mib(c.pid)[0]
            if self.rss_limit_mib and rss > self.rss_limit_mib and i < len(self.plan):
                # the machine is shared: stop typing rather than take all its memory
                self.stopped = (
                    f"typing stopped at edit {i:,}: RSS {rss:,.0f} MiB is over the "
                    f"{self.rss_limit_mib:,.0f} MiB limit (--goal-rss-limit)"
                )
                del self.plan[i:]

    def result(self) -> dict[str, Any]:
        s = sorted(self.lat)
        res: dict[str, Any] = {
            "sync": "full" if self.full else "incremental",
            "client_pulls_diagnostics": "diagnostic"
            in self.client.sent_capabilities.get("textDocument", {}),
            "edit_line": self.edit_line,
            "open_ms": r2(self.open_ms, 1),
            "items_last": self.items,
            "steps": len(self.plan),
        }
        if s:
            res.update(edits=len(s), p50_ms=r2(pct(s, 50)), p99_ms=r2(pct(s, 99)))
            res["max_ms"] = r2(s[-1])
        for kind, vals in self.requests.items():
            if vals:
                v = sorted(vals)
                res[kind] = {"n": len(v), "p50_ms": r2(pct(v, 50)), "p99_ms": r2(pct(v, 99))}
        if self.rss_at:
            res["rss_at_edit_mib"] = {k: r2(v, 1) for k, v in sorted(self.rss_at.items())}
        if self.rss_curve:
            res["rss_by_edit_mib"] = {k: r2(v, 1) for k, v in sorted(self.rss_curve.items())}
        if self.stopped:
            res["stopped"] = self.stopped
        return res


async def run_rounds(
    sessions: dict[str, GoalSession], args: argparse.Namespace
) -> dict[str, dict[str, Any]]:
    """Open every session, then step them in rounds, round *i* doing each one's step *i*.

    The order rotates from round to round, so a passing load falls on all sessions alike;
    a session whose plan is done drops out. A session that fails is reported and dropped.
    """
    live: dict[str, GoalSession] = {}
    out: dict[str, dict[str, Any]] = {}
    try:
        for name, sess in sessions.items():
            t = time.perf_counter()
            try:
                await sess.open()
                live[name] = sess
                log(args, f"  {name}: open in {time.perf_counter() - t:.1f} s")
            except Exception as e:  # noqa: BLE001 - report it, measure the others
                out[name] = {"error": f"{type(e).__name__}: {e}"}
                log(args, f"  {name}: FAILED {out[name]['error'][:300]}")
                await sess.close()
        total = max((len(s.plan) for s in live.values()), default=0)
        t_start = time.perf_counter()
        for i in range(1, total + 1):
            names = [n for n, s in live.items() if len(s.plan) >= i]
            k = i % len(names) if names else 0
            for name in names[k:] + names[:k]:
                try:
                    await live[name].step(i)
                except Exception as e:  # noqa: BLE001 - drop this session, go on
                    out[name] = {"error": f"{type(e).__name__}: {e}"}
                    log(args, f"  {name}: FAILED at step {i}: {out[name]['error'][:300]}")
                    await live.pop(name).close()
            if i % 500 == 0:
                log(args, f"  round {i}/{total}, {time.perf_counter() - t_start:.0f} s")
        for name, sess in live.items():
            out[name] = sess.result()
    finally:
        for sess in live.values():
            await sess.close()
    return out


async def spawn_to_diagnostics(
    cmd: list[str], root: Path, doc: Path, args: argparse.Namespace
) -> float:
    """Spawn -> initialize -> initialized -> didOpen of *doc* -> its diagnostics, in ms."""
    c = Client(cmd, args.timeout, cwd=root)
    uri = doc.resolve().as_uri()
    await c.start()
    try:
        await c.initialize(root)
        await c.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": args.language_id,
                    "version": 1,
                    "text": doc.read_text(encoding="utf-8"),
                }
            },
        )
        t, _ = await c.wait_push(uri, 1, c.t_spawn)
    except (TimeoutError, EOFError) as e:
        raise RuntimeError(f"{e}; stderr tail:\n{c.stderr_tail.decode(errors='replace')}") from e
    finally:
        await c.stop()
    return (t - c.t_spawn) * 1000.0


def compile_servers(servers: dict[str, list[str]]) -> None:
    """Compile the featuredoc package each Python server imports to bytecode, first.

    An installed package starts from bytecode (pip compiles it at install), and so does
    pygls under the floor; a checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as on the
    machine these figures come from) would compile featuredoc from source at every spawn
    and start-up would measure the compiler. Servers that do not import featuredoc, and
    commands that are not Python, are left as they are.
    """
    code = (
        "import compileall, importlib.util, os\n"
        "spec = importlib.util.find_spec('featuredoc')\n"
        "if spec and spec.origin: compileall.compile_dir(os.path.dirname(spec.origin), quiet=1)"
    )
    for cmd in servers.values():
        env, argv = split_env(cmd)
        if not Path(argv[0]).name.startswith("python"):
            continue
        subprocess.run([argv[0], "-c", code], env=env, check=False, capture_output=True)


async def measure_spawns(
    servers: dict[str, list[str]], root: Path, doc: Path, reps: int, args: argparse.Namespace
) -> dict[str, dict[str, Any]]:
    """Start-up and spawn-to-first-diagnostics, *reps* fresh processes of each server.

    The servers take turns spawn by spawn (the order rotating), so the medians of all of
    them are read under the same load; each starts from bytecode (:func:`compile_servers`)."""
    compile_servers(servers)
    runs: dict[str, dict[str, list[float]]] = {
        n: {"startup": [], "first_diag": []} for n in servers
    }
    errors: dict[str, str] = {}
    names = list(servers)
    for rep in range(reps):
        k = rep % len(names)
        for what in ("startup", "first_diag"):
            for name in names[k:] + names[:k]:
                if name in errors:
                    continue
                try:
                    if what == "startup":
                        ms = await measure_startup(servers[name], root, args.timeout)
                    else:
                        ms = await spawn_to_diagnostics(servers[name], root, doc, args)
                except Exception as e:  # noqa: BLE001 - report it, measure the others
                    errors[name] = f"{what}: {type(e).__name__}: {e}"
                    log(args, f"  {name}: FAILED {errors[name][:300]}")
                    continue
                runs[name][what].append(ms)
    out: dict[str, dict[str, Any]] = {}
    for name, r in runs.items():
        if name in errors:
            out[name] = {"error": errors[name]}
            continue
        out[name] = {
            "startup_ms": r2(statistics.median(r["startup"]), 1),
            "startup_all_ms": [r2(x, 1) for x in r["startup"]],
            "first_diag_ms": r2(statistics.median(r["first_diag"]), 1),
            "first_diag_all_ms": [r2(x, 1) for x in r["first_diag"]],
        }
    return out


def _ratio_row(
    goal: str, what: str, num: tuple[str, Any], den: tuple[str, Any], limit: float, target: str
) -> dict[str, Any]:
    """One line of the goals table: *num* over *den*, against *limit*."""
    (num_name, a), (den_name, b) = num, den
    ratio = a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None
    return {
        "goal": goal,
        "what": what,
        "figures": {num_name: a, den_name: b},
        "ratio": r2(ratio),
        "target": target,
        "limit": limit,
        "met": None if ratio is None else ratio <= limit,
    }


def goal_rows(res: dict[str, Any], counts: dict[str, Any], parent: str) -> list[dict[str, Any]]:
    """The goals table: one row per ratio a goal sets a target on."""
    small, large = counts["lines"]
    sess, spawns = res["sessions"], res["spawns"]
    lo, hi = sess.get(f"featuredoc@{small}", {}), sess.get(f"featuredoc@{large}", {})
    fd, fl = sess.get("featuredoc SUPPORT.md", {}), sess.get("floor SUPPORT.md", {})
    lx = GOAL_TARGETS["lines_x"]
    rows = []
    for q in ("p50", "p99"):
        rows.append(
            _ratio_row(
                "1",
                f"keystroke {q}, {large:,} / {small:,} lines",
                (f"{large:,} lines", hi.get(f"{q}_ms")),
                (f"{small:,} lines", lo.get(f"{q}_ms")),
                lx,
                f"≤ {lx:g}×",
            )
        )
    sx = GOAL_TARGETS["support_x_floor"]
    for q in ("p50", "p99"):
        rows.append(
            _ratio_row(
                "2",
                f"SUPPORT.md keystroke {q}, featuredoc / floor",
                ("featuredoc", fd.get(f"{q}_ms")),
                ("floor", fl.get(f"{q}_ms")),
                sx,
                f"≤ {sx:g}× floor",
            )
        )
    ux, px = GOAL_TARGETS["startup_x_floor"], GOAL_TARGETS["first_diag_x_parent"]
    rows.append(
        _ratio_row(
            "3",
            "start-up (spawn → initialize answer), median",
            ("featuredoc", spawns.get("featuredoc", {}).get("startup_ms")),
            ("floor", spawns.get("floor", {}).get("startup_ms")),
            ux,
            f"≤ {ux:g}× floor",
        )
    )
    rows.append(
        _ratio_row(
            "3",
            "spawn → first diagnostics of a feature document, median",
            ("featuredoc", spawns.get("featuredoc", {}).get("first_diag_ms")),
            (parent, spawns.get(parent, {}).get("first_diag_ms")),
            px,
            f"≤ {px:g}× {parent}",
        )
    )
    for kind in ("completion", "hover"):
        rows.append(
            _ratio_row(
                "4",
                f"{kind} right behind a keystroke p99, {large:,} / {small:,} lines",
                (f"{large:,} lines", hi.get(kind, {}).get("p99_ms")),
                (f"{small:,} lines", lo.get(kind, {}).get("p99_ms")),
                lx,
                f"≤ {lx:g}×",
            )
        )
    first, last = counts["rss_edits"]
    rss = hi.get("rss_at_edit_mib", {})
    rx = GOAL_TARGETS["rss_x"]
    row = _ratio_row(
        "5",
        f"RSS at edit {last:,} / at edit {first:,}, {large:,} lines",
        (f"at edit {last:,}", rss.get(last)),
        (f"at edit {first:,}", rss.get(first)),
        rx,
        f"≤ {rx:g}×",
    )
    curve = hi.get("rss_by_edit_mib", {})
    if hi.get("stopped") and curve:
        # stopped short of the last mark: the RSS where it stopped, a lower bound
        at = max(curve)
        row["what"] += f" (stopped at edit {at:,})"
        row["figures"] = {f"at edit {at:,}": curve[at], f"at edit {first:,}": rss.get(first)}
        row["ratio"] = r2(curve[at] / rss[first]) if rss.get(first) else None
        row["met"] = False
    rows.append(row)
    return rows


async def run_goals(args: argparse.Namespace) -> dict[str, Any]:
    """Every goal in one run: goals 1, 2, 4 and 5 in one set of interleaved sessions,
    goal 3 in interleaved spawns. See :func:`goals_report` for what is compared."""
    t_run = time.perf_counter()
    counts = goal_counts(args)
    small, large = counts["lines"]
    rss_first, rss_last = counts["rss_edits"]
    servers = parse_servers(args)
    featuredoc = servers.get("featuredoc", BUILTIN_SERVERS["featuredoc"])
    floor = servers.get("floor", BUILTIN_SERVERS["floor"])
    parent = args.goals_parent
    long_timeout = max(args.timeout, 600.0)
    args.mode = "push"
    out: dict[str, Any] = {
        "machine": machine_info(),
        "params": {**counts, "parent": parent},
        "commands": {"featuredoc": featuredoc, "floor": floor},
        "documents": {},
        "seconds": {},
    }
    if parent in servers:
        out["commands"][parent] = servers[parent]
    src = docgen.find_sources()
    base_path = docgen.sched_credit2_path()
    base = base_path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="featuredoc-goals-") as tmp_name:
        tmp = Path(tmp_name)
        # a Xen-like tree with the real SUPPORT.md and feature documents
        support = docgen.workspace(tmp / "xen", len(src.features) + 1)
        feature = support.parent / "docs" / "features" / base_path.name
        out["documents"]["SUPPORT.md"] = {"origin": src.origin, "bytes": support.stat().st_size}
        out["documents"]["base"] = {"path": str(base_path), "bytes": len(base.encode("utf-8"))}
        sessions: dict[str, GoalSession] = {}
        rounds = counts["edits"] + 2 * counts["requests"]
        for n in (small, large):
            root = tmp / f"lines-{n}"
            doc = root / "docs" / "features" / "many-sections.pandoc"
            doc.parent.mkdir(parents=True)
            text = docgen.many_sections_doc(base, n)
            doc.write_text(text, encoding="utf-8")
            out["documents"][f"{n} lines"] = {
                "bytes": len(text.encode("utf-8")),
                "sections": text.count("\n## Detail "),
            }
            plan = ["edit"] * counts["edits"] + ["completion", "hover"] * counts["requests"]
            marks: tuple[int, ...] = ()
            if n == large:
                plan += ["type"] * max(0, rss_last - rounds)
                marks = (rss_first, rss_last)
            sessions[f"featuredoc@{n}"] = GoalSession(
                featuredoc,
                doc,
                args,
                plan,
                root=root,
                timeout=long_timeout,
                rss_marks=marks,
                rss_limit_mib=args.goal_rss_limit,
            )
        for name, cmd in (("featuredoc", featuredoc), ("floor", floor)):
            sessions[f"{name} SUPPORT.md"] = GoalSession(
                cmd,
                support,
                args,
                ["edit"] * counts["support_edits"],
                timeout=long_timeout,
            )
        log(
            args,
            f"goals 1, 2, 4, 5: {len(sessions)} sessions interleaved; {counts['edits']} edits, "
            f"{counts['requests']} completion + hover, typing to edit {rss_last:,} "
            f"on {large:,} lines; SUPPORT.md {counts['support_edits']} edits",
        )
        t = time.perf_counter()
        out["sessions"] = await run_rounds(sessions, args)
        out["seconds"]["sessions"] = r2(time.perf_counter() - t, 1)
        spawning = {"featuredoc": featuredoc, "floor": floor}
        if parent in servers:
            spawning[parent] = servers[parent]
        log(
            args,
            f"goal 3: {counts['startup_reps']} spawns each, interleaved: {', '.join(spawning)}",
        )
        t = time.perf_counter()
        out["spawns"] = await measure_spawns(
            spawning, support.parent, feature, counts["startup_reps"], args
        )
        out["seconds"]["spawns"] = r2(time.perf_counter() - t, 1)
    out["machine"]["loadavg_at_end"] = load_average()
    out["seconds"]["total"] = r2(time.perf_counter() - t_run, 1)
    out["goals"] = goal_rows(out, counts, parent)
    if parent not in servers:
        out["goals_note"] = (
            f"goal 3's parent server was not given (--server {parent}=CMD): "
            "spawn → first diagnostics not compared"
        )
    return out


def goals_report(out: dict[str, Any]) -> str:
    """The goals table, the figures behind it, and where each session failed."""
    m, p = out["machine"], out["params"]
    small, large = p["lines"]
    lines = [
        f"## featuredoc-ls performance goals — {m['date']}",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}; Python {m['python']}"
        + (f"; featuredoc at {m['commit']}" if m["commit"] else "")
        + f". Load average (1 min) {m['loadavg_at_start']} → {m['loadavg_at_end']}.",
        f"Documents: {Path(out['documents']['base']['path']).name} + `## Detail i` sections, {small:,} lines "
        f"({out['documents'][f'{small} lines']['bytes']:,} bytes) and {large:,} lines "
        f"({out['documents'][f'{large} lines']['bytes']:,} bytes, "
        f"{out['documents'][f'{large} lines']['sections']:,} sections); SUPPORT.md "
        f"({out['documents']['SUPPORT.md']['origin']}). Push-only client. "
        f"Sessions interleaved round by round ({out['seconds'].get('sessions')} s); "
        f"{p['startup_reps']} interleaved spawns per server ({out['seconds'].get('spawns')} s); "
        f"{out['seconds'].get('total')} s in all.",
        "",
        "| goal | measure | figures | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in out["goals"]:
        unit = " MiB" if row["goal"] == "5" else " ms"
        figs = ", ".join(f"{k} {fmt(v, unit)}" for k, v in row["figures"].items())
        met = "–" if row["met"] is None else ("met" if row["met"] else "NOT MET")
        lines.append(
            f"| {row['goal']} | {row['what']} | {figs} | {fmt(row['ratio'], '×')} "
            f"| {row['target']} | {met} |"
        )
    lines += [
        "",
        "| session | open → diag | diagnostics | keystroke p50 | p99 | max "
        "| completion p50 / p99 | hover p50 / p99 | RSS by edit |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    curves: list[str] = []
    for name, r in out["sessions"].items():
        if "error" in r:
            lines.append(f"| {name} | " + " | ".join(["–"] * 8) + " |")
            notes.append(f"- {name}: {r['error'][:400]}")
            continue
        req = {
            k: f"{fmt(r[k]['p50_ms'], ' ms')} / {fmt(r[k]['p99_ms'], ' ms')}" if k in r else "–"
            for k in ("completion", "hover")
        }
        rss = ", ".join(f"@{k}: {v:g} MiB" for k, v in r.get("rss_at_edit_mib", {}).items())
        if r.get("stopped"):
            notes.append(f"- {name}: {r['stopped']}")
        if r.get("rss_by_edit_mib"):
            curves.append(
                f"- {name}: " + ", ".join(f"@{k}: {v:g}" for k, v in r["rss_by_edit_mib"].items())
            )
        lines.append(
            f"| {name} | {fmt(r['open_ms'], ' ms')} | {r['items_last']} "
            f"| {fmt(r.get('p50_ms'), ' ms')} | {fmt(r.get('p99_ms'), ' ms')} "
            f"| {fmt(r.get('max_ms'), ' ms')} | {req['completion']} | {req['hover']} "
            f"| {rss or '–'} |"
        )
    lines += [
        "",
        "| server | start-up, median | spawn → first diagnostics, median |",
        "|---|---|---|",
    ]
    for name, r in out["spawns"].items():
        if "error" in r:
            lines.append(f"| {name} | – | – |")
            notes.append(f"- {name}: {r['error'][:400]}")
            continue
        lines.append(
            f"| {name} | {fmt(r['startup_ms'], ' ms')} | {fmt(r['first_diag_ms'], ' ms')} |"
        )
    if curves:
        lines += ["", "RSS (MiB) by edit:", "", *curves]
    if out.get("goals_note"):
        notes.append(f"- {out['goals_note']}")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def log(args: argparse.Namespace, msg: str) -> None:
    if not args.quiet:
        print(f"[lsp_bench] {msg}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--servers",
        default="floor,mistune,featuredoc",
        help="comma-separated built-in servers: floor, mistune, featuredoc (default: all)",
    )
    ap.add_argument(
        "--server",
        action="append",
        metavar="NAME=CMD",
        help="an extra server, e.g. 'other=node /abs/server.js --stdio' (repeatable; it runs "
        "in the document's folder, so give absolute paths)",
    )
    ap.add_argument("--file", help="document to type into (default: the corpus's SUPPORT.md)")
    ap.add_argument("--edits", type=int, default=200, help="timed keystrokes (default 200)")
    ap.add_argument(
        "--mem-edits",
        type=int,
        default=1000,
        help="keep typing to this many edits, RSS every 100 (default 1000; 0: no check)",
    )
    ap.add_argument("--flat-mib", type=float, default=2.0, help="allowed RSS growth (MiB)")
    ap.add_argument("--startup-reps", type=int, default=5)
    ap.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="ms to wait after each round of keystrokes (default 0: type as soon as the "
        "diagnostics arrive, as the targets define it; ~150 is a fast typist)",
    )
    ap.add_argument("--mode", choices=["push", "pull"], default="push")
    ap.add_argument("--language-id", default="markdown")
    ap.add_argument("--timeout", type=float, default=30.0, help="per message (s)")
    ap.add_argument("--big", action="store_true", help="also run the big-document mode")
    ap.add_argument("--big-mb", type=float, default=10.0)
    ap.add_argument("--big-reps", type=int, default=3)
    ap.add_argument("--big-delay-ms", type=float, default=0.0, help="change -> request delay")
    ap.add_argument("--big-timeout", type=float, default=300.0)
    ap.add_argument(
        "--scaling",
        choices=["lines", "docs", "all"],
        help="also measure keystroke cost by document size (lines), by workspace size "
        "(docs), or both (all)",
    )
    ap.add_argument("--scaling-only", action="store_true", help="skip the main run")
    ap.add_argument(
        "--wait-index",
        action="store_true",
        help="type only once featuredoc has indexed the document's folder (a workspace)",
    )
    ap.add_argument("--scaling-lines", default="10000,100000", help="document sizes (lines)")
    ap.add_argument("--scaling-docs", default="13,1600", help="workspace sizes (documents)")
    ap.add_argument("--scaling-edits", type=int, default=100, help="keystrokes per session")
    ap.add_argument("--profile", metavar="DIR", help="also profile (cProfile) a keystroke run")
    ap.add_argument("--profile-servers", default="featuredoc")
    ap.add_argument("--top", type=int, default=25, help="profile lines to print")
    goals = ap.add_argument_group(
        "goals",
        "--goals measures every performance goal in one run (and nothing else): goals 1, 2, "
        "4 and 5 in interleaved sessions, goal 3 in interleaved spawns; the parent server "
        "of goal 3 is the one named 'parent' (--server parent=CMD). Counts default to the "
        "goals' own (full) or to a smoke run's (--goals-quick); each --goal-* option "
        "overrides one.",
    )
    goals.add_argument("--goals", action="store_true", help="measure the goals, print their table")
    goals.add_argument(
        "--goals-quick", action="store_true", help="--goals with small counts (a smoke run)"
    )
    goals.add_argument(
        "--goal-rss-limit",
        type=float,
        default=4096.0,
        metavar="MIB",
        help="stop typing into the large document when the server's RSS passes this "
        "(goal 5 is then not met; default 4096; 0: no limit)",
    )
    goals.add_argument(
        "--goals-parent",
        default="parent",
        metavar="NAME",
        help="the --server compared in goal 3 (default: parent)",
    )
    full, quick = GOAL_COUNTS["full"], GOAL_COUNTS["quick"]
    for key, kind, what in (
        ("lines", str, "two document sizes in lines, goals 1, 4 and 5"),
        ("edits", int, "timed keystrokes per document size, goal 1"),
        ("support_edits", int, "timed keystrokes in SUPPORT.md, goal 2"),
        ("startup_reps", int, "spawns per server, goal 3"),
        ("requests", int, "completion and hover requests per document size, goal 4"),
        ("rss_edits", str, "the two edits at which RSS is read, goal 5"),
    ):
        goals.add_argument(
            "--goal-" + key.replace("_", "-"),
            type=kind,
            metavar="N,N" if kind is str else "N",
            help=f"{what} (default {full[key]}; quick {quick[key]})",
        )
    ap.add_argument("--json", action="store_true", help="print JSON instead of the tables")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if args.mem_edits and args.mem_edits < 200:
        ap.error("--mem-edits must be 0 or at least 200 (RSS is read every 100 edits)")
    args.goals = args.goals or args.goals_quick
    if args.goals:
        if args.mode != "push":
            ap.error("--goals measures a push-only client: --mode pull does not apply")
        try:
            goal_counts(args)
        except ValueError as e:
            ap.error(str(e))
        res = asyncio.run(run_goals(args))
        print(json.dumps(res, indent=1) if args.json else goals_report(res))
        failed = [
            n for part in ("sessions", "spawns") for n, r in res[part].items() if "error" in r
        ]
        return 1 if failed else 0
    out = asyncio.run(run_all(args))
    print(json.dumps(out, indent=1) if args.json else report(out))
    return 1 if any("error" in r for r in out["servers"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
