"""End to end: cross-document diagnostics in the real server, on a copy of the Xen corpus.

Feature documents are compared with SUPPORT.md (FD601/FD602); a
disagreement is reported on the feature document, with
``relatedInformation`` pointing at SUPPORT.md, the source of truth, which
is re-checked against as it is edited; documents that
are not open are reported through ``workspace/diagnostic`` (pull clients)
or pushed when the ``workspaceDiagnostics`` setting asks.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from git_support import git
from lsp.lsp_support import change_doc, diagnostics_for, next_publish, open_doc

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "xen"
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "featuredoc"])
CONFIG = 'include: ["*.pandoc"]\nexclude: ["template.pandoc"]\n'


def corpus_workspace(tmp_path: Path) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus/xen) is not present")
    root = tmp_path / "xen"
    root.mkdir()
    for path in CORPUS.iterdir():
        shutil.copy(path, root / path.name)
    (root / ".featuredoc.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def capabilities(*, pull: bool) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, version_support=True
            ),
            diagnostic=types.DiagnosticClientCapabilities(related_document_support=True)
            if pull
            else None,
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
            if pull
            else None,
        ),
        window=types.WindowClientCapabilities(work_done_progress=True),
    )


async def start(
    client: LanguageClient, root: Path, *, pull: bool, options: dict | None = None
) -> None:
    client.root = root  # type: ignore[attr-defined]
    versions: dict[str, int | None] = {}
    counts: dict[str, int] = {}
    client.diagnostic_versions = versions  # type: ignore[attr-defined]
    client.publish_counts = counts  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]

    def publish(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        versions[params.uri] = params.version
        counts[params.uri] = counts.get(params.uri, 0) + 1

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(pull=pull),
            root_uri=root.as_uri(),
            initialization_options=options,
        )
    )


@pytest_lsp.fixture(config=SERVER)
async def push_client(lsp_client: LanguageClient, tmp_path: Path):
    root = corpus_workspace(tmp_path)
    await start(
        lsp_client, root, pull=False, options={"featuredoc": {"workspaceDiagnostics": True}}
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def pull_client(lsp_client: LanguageClient, tmp_path: Path):
    root = corpus_workspace(tmp_path)
    await start(lsp_client, root, pull=True)
    yield
    await lsp_client.shutdown_session()


def uri_of(client: LanguageClient, name: str) -> str:
    return (client.root / name).as_uri()  # type: ignore[attr-defined]


def text_of(client: LanguageClient, name: str) -> str:
    return (client.root / name).read_text(encoding="utf-8")  # type: ignore[attr-defined]


def find_line(text: str, line: str, after: str | None = None) -> int:
    lines = text.splitlines()
    return lines.index(line, lines.index(after) if after else 0)


def fd602(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == "FD602"]


async def open_and_wait(client: LanguageClient, name: str, predicate, timeout: float = 30.0):  # noqa: ANN001, ANN201
    """Open *name*; the first push (of version 1) that satisfies *predicate*."""
    uri = uri_of(client, name)
    open_doc(client, uri, text_of(client, name))
    diagnostics = await diagnostics_for(client, uri, 1)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate(diagnostics):  # the index may still be building: it re-publishes
        seen = client.publish_counts[uri]  # type: ignore[attr-defined]
        diagnostics = await next_publish(
            client, uri, seen, timeout=max(deadline - loop.time(), 0.1)
        )
    return diagnostics


async def test_livepatch_points_at_support_md_which_rechecks_it_as_it_changes(
    push_client: LanguageClient,
) -> None:
    client = push_client
    support_uri = uri_of(client, "SUPPORT.md")
    support_text = text_of(client, "SUPPORT.md")
    livepatch_text = text_of(client, "livepatch.pandoc")

    diagnostics = await open_and_wait(client, "livepatch.pandoc", lambda d: fd602(d))
    (finding,) = fd602(diagnostics)
    arm_row = find_line(livepatch_text, "         Status: **Tech Preview/Experimental**")
    assert finding.range.start.line == arm_row
    assert finding.range.start.character == 19  # after the bold markers
    assert "Tech Preview/Experimental" in finding.message and "ARM" in finding.message
    (related,) = finding.related_information or []
    assert related.location.uri == support_uri
    support_row = find_line(support_text, "    Status, ARM: Experimental", "### Live Patching")
    assert related.location.range == types.Range(
        start=types.Position(line=support_row, character=17),
        end=types.Position(line=support_row, character=29),
    )

    # SUPPORT.md, the source of truth, is not flagged for it
    back = await open_and_wait(client, "SUPPORT.md", lambda d: True)
    assert fd602(back) == []

    # Raising RTDS in SUPPORT.md re-checks the open feature document as you type.
    rtds_uri = uri_of(client, "sched_rtds.pandoc")
    rtds = await open_and_wait(client, "sched_rtds.pandoc", lambda d: True)
    assert fd602(rtds) == []
    seen = client.publish_counts[rtds_uri]  # type: ignore[attr-defined]
    head, rtds_heading, tail = support_text.partition("### RTDS based Scheduler")
    raised = head + rtds_heading + tail.replace("Status: Experimental", "Status: Supported", 1)
    change_doc(client, support_uri, raised, 2)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    rtds_now = client.diagnostics[rtds_uri]
    while not fd602(rtds_now):
        rtds_now = await next_publish(client, rtds_uri, seen, deadline - loop.time())
        seen = client.publish_counts[rtds_uri]  # type: ignore[attr-defined]
    (finding,) = fd602(rtds_now)
    assert "('RTDS based Scheduler': Supported)" in finding.message


async def test_enter_in_support_md_prose_moves_the_related_place(
    push_client: LanguageClient,
) -> None:
    """Enter in a paragraph of SUPPORT.md above an entry: the SUPPORT.md analysis reuses
    the previous one, and the open feature document's related place moves a line down."""
    client = push_client
    support_uri = uri_of(client, "SUPPORT.md")
    support_text = text_of(client, "SUPPORT.md")
    livepatch_uri = uri_of(client, "livepatch.pandoc")
    await open_and_wait(client, "livepatch.pandoc", lambda d: fd602(d))
    await open_and_wait(client, "SUPPORT.md", lambda d: True)
    support_row = find_line(support_text, "    Status, ARM: Experimental", "### Live Patching")
    seen = client.publish_counts[livepatch_uri]  # type: ignore[attr-defined]
    lines = support_text.split("\n")
    prose = find_line(support_text, "Linux frontend currently trusts the backend;")
    assert prose < support_row
    lines[prose : prose + 1] = ["Linux frontend currently", "trusts the backend;"]
    change_doc(client, support_uri, "\n".join(lines), 2)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while True:
        now = await next_publish(client, livepatch_uri, seen, deadline - loop.time())
        seen = client.publish_counts[livepatch_uri]  # type: ignore[attr-defined]
        (related,) = fd602(now)[0].related_information or []
        if related.location.range.start.line == support_row + 1:
            break
    assert related.location.uri == support_uri
    assert related.location.range.start.character == 17


async def test_documents_that_are_not_open_are_pushed_when_asked(
    push_client: LanguageClient,
) -> None:
    client = push_client
    migration = uri_of(client, "migration.pandoc")
    counts: dict[str, int] = client.publish_counts  # type: ignore[attr-defined]
    if counts.get(migration, 0) == 0:
        await next_publish(client, migration, 0, timeout=30)
    diagnostics = list(client.diagnostics[migration])
    fd601 = [d for d in diagnostics if d.code == "FD601"]
    assert len(fd601) == 1 and "No SUPPORT.md entry stands for 'Migration'" in fd601[0].message
    # the index reported its progress (pytest-lsp checks the token was created first)
    (values,) = [v for t, v in client.progress_reports.items() if "index" in str(t)]
    kinds = [type(v).__name__ for v in values]
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
    # a watcher covers the feature documents and SUPPORT.md
    registrations = client.registrations  # type: ignore[attr-defined]
    globs = [w["globPattern"] for r in registrations for w in r.register_options["watchers"]]
    assert "**/*.{pandoc,md}" in globs


async def test_support_md_changed_on_disk_rechecks_the_open_document(
    push_client: LanguageClient,
) -> None:
    client = push_client
    livepatch_uri = uri_of(client, "livepatch.pandoc")
    await open_and_wait(client, "livepatch.pandoc", lambda d: fd602(d))
    support = client.root / "SUPPORT.md"  # type: ignore[attr-defined]
    support.write_text(
        support.read_text(encoding="utf-8").replace(
            "    Status, ARM: Experimental\n", "    Status, ARM: Tech Preview\n"
        ),
        encoding="utf-8",
    )
    seen = client.publish_counts[livepatch_uri]  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=support.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    diagnostics = await next_publish(client, livepatch_uri, seen)
    (finding,) = fd602(diagnostics)
    assert "Tech Preview" in finding.message.split("SUPPORT.md", 1)[1]


async def test_workspace_diagnostic_reports_documents_that_are_not_open(
    pull_client: LanguageClient,
) -> None:
    client = pull_client
    rtds = uri_of(client, "sched_rtds.pandoc")
    support = uri_of(client, "SUPPORT.md")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        report = await client.workspace_diagnostic_async(
            types.WorkspaceDiagnosticParams(previous_result_ids=[])
        )
        by_uri = {item.uri: item for item in report.items}
        if rtds in by_uri and support in by_uri:
            break
        assert loop.time() < deadline, "the index did not finish"
        await asyncio.sleep(0.2)
    rtds_report = by_uri[rtds]
    assert isinstance(rtds_report, types.WorkspaceFullDocumentDiagnosticReport)
    assert not any(d.code == "FD601" for d in rtds_report.items)  # linked by inference
    livepatch_report = by_uri[uri_of(client, "livepatch.pandoc")]
    assert isinstance(livepatch_report, types.WorkspaceFullDocumentDiagnosticReport)
    (finding,) = fd602(livepatch_report.items)
    (related,) = finding.related_information or []
    assert related.location.uri == support
    support_report = by_uri[support]
    assert isinstance(support_report, types.WorkspaceFullDocumentDiagnosticReport)
    assert fd602(support_report.items) == []

    # Open documents are pulled one by one, not in the workspace report.
    open_doc(client, rtds, text_of(client, "sched_rtds.pandoc"))
    previous = [
        types.PreviousResultId(uri=item.uri, value=item.result_id or "") for item in report.items
    ]
    again = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=previous)
    )
    assert rtds not in {item.uri for item in again.items}
    assert {type(item).__name__ for item in again.items} == {
        "WorkspaceUnchangedDocumentDiagnosticReport"
    }


EMOJI_SUPPORT = """\
# Support statement

## Features

### Widget

    Status, \U0001f600 ARM: Tech Preview
"""

WIDGET = """\
% Widget
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Experimental**

   Architecture: ARM

      Component: Hypervisor
---------------- ----------------------------------------------------
"""


@pytest_lsp.fixture(config=SERVER)
async def small_client(lsp_client: LanguageClient, tmp_path: Path):
    root = tmp_path / "ws"
    (root / "docs" / "features").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "SUPPORT.md").write_text(EMOJI_SUPPORT, encoding="utf-8")
    (root / "docs" / "features" / "widget.pandoc").write_text(WIDGET, encoding="utf-8")
    await start(lsp_client, root, pull=False)
    yield
    await lsp_client.shutdown_session()


async def test_related_information_counts_utf16_units_of_the_other_document(
    small_client: LanguageClient,
) -> None:
    client = small_client
    diagnostics = await open_and_wait(client, "docs/features/widget.pandoc", lambda d: fd602(d))
    (finding,) = fd602(diagnostics)
    (related,) = finding.related_information or []
    assert related.location.uri == uri_of(client, "SUPPORT.md")
    # "    Status, 😀 ARM: " is 19 code points but 20 UTF-16 units (the emoji is a pair)
    assert related.location.range == types.Range(
        start=types.Position(line=6, character=20), end=types.Position(line=6, character=32)
    )

    # a code action names the diagnostic as it was published, related place included
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(
                uri=uri_of(client, "docs/features/widget.pandoc")
            ),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    named = [d for a in actions or [] for d in a.diagnostics or [] if d.code == "FD602"]
    assert named and all(d == finding for d in named)


TECH_PREVIEW = WIDGET.replace("**Experimental**", "**Tech Preview**")
SUPPORTED = WIDGET.replace("**Experimental**", "**Supported**")


@pytest_lsp.fixture(config=SERVER)
async def base_client(lsp_client: LanguageClient, tmp_path: Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "docs" / "features").mkdir(parents=True)
    (root / "docs" / "features" / "widget.pandoc").write_text(TECH_PREVIEW, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Widget")
    await start(lsp_client, root, pull=False, options={"featuredoc": {"base": "main"}})
    yield
    await lsp_client.shutdown_session()


async def test_base_setting_compares_with_the_revision(base_client: LanguageClient) -> None:
    client = base_client
    uri = uri_of(client, "docs/features/widget.pandoc")
    open_doc(client, uri, SUPPORTED)
    diagnostics = await diagnostics_for(client, uri, 1)
    found = {str(d.code): d.message for d in diagnostics if str(d.code) in ("FD603", "FD604")}
    assert found["FD604"] == "Status changed from 'Tech Preview' to 'Supported' since main"
    assert "without a new History row" in found["FD603"]
    assert not client.messages  # the setting is not reported as an invalid configuration key
    change_doc(client, uri, TECH_PREVIEW, 2)
    after = await diagnostics_for(client, uri, 2)
    assert not [d for d in after if str(d.code) in ("FD603", "FD604")]


async def pull(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    return list(report.items)


async def test_pull_client_is_asked_to_refresh_when_a_dependency_changes(
    pull_client: LanguageClient,
) -> None:
    client = pull_client
    support_uri = uri_of(client, "SUPPORT.md")
    livepatch_uri = uri_of(client, "livepatch.pandoc")
    support_text = text_of(client, "SUPPORT.md")
    open_doc(client, livepatch_uri, text_of(client, "livepatch.pandoc"))
    open_doc(client, support_uri, support_text)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not fd602(await pull(client, livepatch_uri)):
        assert loop.time() < deadline, "the index did not finish"
        await asyncio.sleep(0.2)
    refreshes = client.diagnostic_refresh_count
    # SUPPORT.md changes what it says about livepatch.pandoc's ARM status
    head, heading, tail = support_text.partition("### Live Patching")
    tail = tail.replace("    Status, ARM: Experimental", "    Status, ARM: Supported", 1)
    change_doc(client, support_uri, head + heading + tail, 2)
    await pull(client, support_uri)  # checking it updates the index
    while client.diagnostic_refresh_count == refreshes:
        assert loop.time() < deadline, "no workspace/diagnostic/refresh"
        await asyncio.sleep(0.05)
    after = fd602(await pull(client, livepatch_uri))
    assert all("'Live Patching': Supported)" in d.message for d in after)


async def test_new_settings_keep_cross_document_findings_while_reindexing(
    push_client: LanguageClient,
) -> None:
    client = push_client
    livepatch_uri = uri_of(client, "livepatch.pandoc")
    await open_and_wait(client, "livepatch.pandoc", lambda d: fd602(d))
    config = client.root / ".featuredoc.yaml"  # type: ignore[attr-defined]
    config.write_text(CONFIG + "rules:\n  FD203: off\n", encoding="utf-8")
    seen = client.publish_counts[livepatch_uri]  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    # the first push after the change already compares with SUPPORT.md (the previous
    # index serves until the new one is built), and so does every later one
    first = await next_publish(client, livepatch_uri, seen)
    assert len(fd602(first)) == 1
    await asyncio.sleep(1.0)
    assert len(fd602(client.diagnostics[livepatch_uri])) == 1
