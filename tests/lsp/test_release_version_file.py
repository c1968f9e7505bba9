"""End to end: SUPPORT.md is checked again when the version file (xen/Makefile) changes."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp.lsp_support import diagnostics_for, next_publish, open_doc

SUPPORT = """\
# Release Support

    Xen-Version: 4.22-unstable
    Initial-Release: n/a
    Supported-Until: TBD
    Security-Support-Until: Unreleased - not yet security-supported

Release Notes
: <a href="https://wiki.xenproject.org/wiki/Xen_Project_X.YY_Release_Notes">RN</a>

# Feature Support

## Widget

    Status: Supported
"""


def makefile(extra: str) -> str:
    return (
        f"export XEN_VERSION = 4\nexport XEN_SUBVERSION = 22\nexport XEN_EXTRAVERSION ?= {extra}\n"
    )


def fd524(diagnostics: list[types.Diagnostic]) -> list[int]:
    return [d.range.start.line for d in diagnostics if d.code == "FD524"]


async def test_a_released_makefile_rechecks_the_open_support_md(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    version_file = root / "xen" / "Makefile"
    version_file.write_text(makefile("-unstable"), encoding="utf-8")
    uri = (root / "SUPPORT.md").as_uri()
    open_doc(client, uri, SUPPORT)
    assert fd524(await diagnostics_for(client, uri, 1)) == []  # a development tree

    for _ in range(100):  # the watcher is registered once the server is initialised
        globs = [
            w["globPattern"]
            for r in client.registrations  # type: ignore[attr-defined]
            for w in r.register_options["watchers"]
        ]
        if globs:
            break
        await asyncio.sleep(0.05)
    assert "**/xen/Makefile" in globs

    version_file.write_text(makefile(".0"), encoding="utf-8")
    stat = version_file.stat()  # a new modification time even on a coarse clock
    os.utime(version_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    seen = client.publish_counts[uri]  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=version_file.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    diagnostics = await next_publish(client, uri, seen)
    while fd524(diagnostics) != [2, 3, 4, 5, 8]:  # a publish from the index may come first
        seen = client.publish_counts[uri]  # type: ignore[attr-defined]
        diagnostics = await next_publish(client, uri, seen)
