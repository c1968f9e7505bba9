"""A raw JSON-RPC client that talks to ``python -m featuredoc`` over stdio.

Unlike a full LSP client library it lets the tests send anything: malformed
ranges, unknown methods, thousands of notifications without waiting, or an
``exit`` without ``shutdown``.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT = 60.0


class LspClient:
    def __init__(
        self,
        cwd: Path | None = None,
        command: list[str] | None = None,
        *,
        env: dict[str, str] | None = None,
    ) -> None:
        """Start *command* (default: this Python's ``-m featuredoc``) with *env* (default: ours)."""
        env = dict(os.environ if env is None else env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "featuredoc"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self._next_id = 0
        self._lock = threading.Lock()
        self.responses: dict[int | str, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._cond = threading.Condition()
        self.stderr_lines: list[str] = []
        #: How requests from the server are answered (default: a null result).
        self.answer: Callable[[dict[str, Any]], Any] = lambda _request: None
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # ---- wire ----------------------------------------------------------

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self._cond:
                        self._cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            body = out.read(length)
            message = json.loads(body)
            with self._cond:
                if "id" in message and ("result" in message or "error" in message):
                    self.responses[message["id"]] = message
                elif "id" in message and "method" in message:
                    # a request from the server: answer it so it never waits
                    answer = self.answer(message)
                    self._write({"jsonrpc": "2.0", "id": message["id"], "result": answer})
                else:
                    self.notifications.append(message)
                self._cond.notify_all()

    def _read_stderr(self) -> None:
        err = self.proc.stderr
        assert err is not None
        for raw in err:
            self.stderr_lines.append(raw.decode("utf-8", "replace"))

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        data = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        stdin = self.proc.stdin
        assert stdin is not None
        with self._lock:
            stdin.write(data)
            stdin.flush()

    def send_raw(self, data: bytes) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        with self._lock:
            stdin.write(data)
            stdin.flush()

    # ---- API -----------------------------------------------------------

    def notify(self, method: str, params: Any = None) -> None:  # noqa: ANN401
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self._write(message)

    def request_async(self, method: str, params: Any = None) -> int:  # noqa: ANN401
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": ident, "method": method}
        if params is not None:
            message["params"] = params
        self._write(message)
        return ident

    def response(self, ident: int, timeout: float = TIMEOUT) -> dict[str, Any]:
        with self._cond:
            ok = self._cond.wait_for(
                lambda: ident in self.responses or self.proc.poll() is not None, timeout
            )
            if ident in self.responses:
                return self.responses[ident]
        raise AssertionError(
            f"no response to request {ident} ({'timeout' if not ok else 'server exited'})\n"
            + "".join(self.stderr_lines[-30:])
        )

    def request(self, method: str, params: Any = None, timeout: float = TIMEOUT) -> Any:  # noqa: ANN401
        reply = self.response(self.request_async(method, params), timeout)
        assert "error" not in reply, reply
        return reply.get("result")

    def wait_for(
        self, predicate: Callable[[], bool], timeout: float = TIMEOUT, what: str = "condition"
    ) -> None:
        with self._cond:
            if not self._cond.wait_for(predicate, timeout):
                raise AssertionError(
                    f"timed out waiting for {what}\n" + "".join(self.stderr_lines[-30:])
                )

    def diagnostics_for(self, uri: str) -> list[dict[str, Any]]:
        """Every publishDiagnostics params received for *uri*, in order."""
        with self._cond:
            return [
                n["params"]
                for n in self.notifications
                if n.get("method") == "textDocument/publishDiagnostics"
                and n["params"]["uri"] == uri
            ]

    def wait_for_version(self, uri: str, version: int, timeout: float = TIMEOUT) -> dict[str, Any]:
        def seen() -> bool:
            return any(p.get("version") == version for p in self.diagnostics_for(uri))

        self.wait_for(seen, timeout, f"diagnostics of {uri} version {version}")
        return [p for p in self.diagnostics_for(uri) if p.get("version") == version][-1]

    def initialize(
        self, root: Path | None = None, encodings: list[str] | None = None, *, pull: bool = False
    ) -> Any:  # noqa: ANN401
        params: dict[str, Any] = {
            "processId": os.getpid(),
            "rootUri": root.as_uri() if root else None,
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"versionSupport": True},
                    "completion": {"completionItem": {"snippetSupport": False}},
                },
                "general": {"positionEncodings": encodings or ["utf-16"]},
            },
        }
        if pull:
            params["capabilities"]["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
        result = self.request("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1, language: str = "markdown") -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language,
                    "version": version,
                    "text": text,
                }
            },
        )

    def change(self, uri: str, version: int, changes: list[dict[str, Any]]) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes},
        )

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def shutdown_and_exit(self, timeout: float = TIMEOUT) -> int:
        self.request("shutdown")
        self.notify("exit")
        return self.wait_exit(timeout)

    def wait_exit(self, timeout: float = TIMEOUT) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("the server did not exit") from None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass


def lsp_range(sl: int, sc: int, el: int, ec: int) -> dict[str, Any]:
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def supperted_document(folder: Path, name: str) -> tuple[Path, str, int, int]:
    """The example feature document with a non-ASCII title, written under *folder*.

    Returns its path, its text, and the line and column where its misspelled
    status ``Supperted`` (FD201) starts.
    """
    repo = Path(__file__).resolve().parents[2]
    doc = folder / "docs" / "features" / name
    doc.parent.mkdir(parents=True)
    text = (
        (repo / "examples" / "docs" / "features" / "grant-table-v3.pandoc")
        .read_text(encoding="utf-8")
        .replace("% Grant Table v3", "% Grant-Tabelle für Gäste — v3")
    )
    doc.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines) if "**Supperted**" in t)
    return doc, text, line, lines[line].index("Supperted")
