"""``featuredoc-ls --help`` and ``--version`` answer without starting the server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from featuredoc import __version__


def featuredoc_ls(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run the server's entry point with *argv*, its standard input left open.

    A server that started would wait for LSP messages on the open pipe until
    the timeout: these options must answer and exit at once.
    """
    with subprocess.Popen(
        [sys.executable, "-c", "from featuredoc.lsp.server import main; main()", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"featuredoc-ls {' '.join(argv)} started the server instead of exiting")
        assert proc.stdout is not None and proc.stderr is not None
        return subprocess.CompletedProcess(proc.args, code, proc.stdout.read(), proc.stderr.read())


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help(option: str) -> None:
    result = featuredoc_ls(option)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: featuredoc-ls ")
    assert "Language Server Protocol over standard input and output" in result.stdout
    assert "--version" in result.stdout
    assert result.stderr == ""


def test_version() -> None:
    result = featuredoc_ls("--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"featuredoc-ls {__version__}\n",
        "",
    )


def test_unknown_option_is_a_usage_error() -> None:
    result = featuredoc_ls("--bogus")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "featuredoc-ls: error: unrecognized arguments: --bogus" in result.stderr


def _message(payload: str) -> bytes:
    body = payload.encode()
    return f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def test_stdio_flag_is_accepted_and_serves() -> None:
    """Clients that add ``--stdio`` get the server as without it."""
    requests = b"".join(
        _message(m)
        for m in (
            '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}',
            '{"jsonrpc":"2.0","method":"initialized","params":{}}',
            '{"jsonrpc":"2.0","id":2,"method":"shutdown"}',
            '{"jsonrpc":"2.0","method":"exit"}',
        )
    )
    proc = subprocess.run(
        [sys.executable, "-c", "from featuredoc.lsp.server import main; main()", "--stdio"],
        input=requests,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert b'"capabilities"' in proc.stdout
    assert b'"featuredoc"' in proc.stdout  # serverInfo
