"""``featuredoc review PATCH...``: only what a patch series introduces, as a reply.

The real Xen patches of ``../shared/corpus/xen-patches`` on the releases of
``../shared/corpus/xen-releases.bundle`` (cloned here; skipped when absent),
and synthetic repositories made with ``git init`` and ``git format-patch``:
non-ASCII file and trailer names, mailboxes, standard input, malformed
input, and the user's repository left exactly as it was.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import Runner, feature_doc
from test_base import git

import featuredoc
from featuredoc.cli import review as review_module

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TESTS = Path(__file__).resolve().parent.parent
SHARED = TESTS.parent.parent / "shared" / "corpus"
BUNDLE = SHARED / "xen-releases.bundle"
PATCHES = SHARED / "xen-patches"


def _patch(prefix: str) -> str:
    found = sorted(PATCHES.glob(f"{prefix}-*.patch"))
    if not found:
        pytest.skip(f"{PATCHES} has no {prefix} patch")
    return str(found[0])


def _state(repo: Path) -> list[str]:
    """Everything of the user's repository a review must leave alone."""
    return [
        git(repo, "status", "--porcelain=v1", "--untracked-files=all", "--ignored"),
        git(repo, "stash", "list"),
        git(repo, "worktree", "list", "--porcelain"),
        git(repo, "for-each-ref"),
        git(repo, "ls-files", "-s"),
        git(repo, "rev-parse", "HEAD"),
        "".join(sorted(p.name for p in (repo / ".git").iterdir())),
    ]


# ---- the real Xen patches -------------------------------------------------------------------


@pytest.fixture(scope="module")
def xen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not BUNDLE.is_file() or not PATCHES.is_dir():
        pytest.skip(f"{BUNDLE} or {PATCHES} is absent")
    clone = tmp_path_factory.mktemp("xen-review") / "xen"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(clone)], check=True)
    yield clone


def test_three_space_status_lines_are_flagged_under_their_plus_lines(
    xen: Path, run: Runner
) -> None:
    result = run("review", "--base", "RELEASE-4.20.0", _patch("7fc5a47322"), cwd=xen)
    assert result.code == 0, result.err  # warnings only: below --fail-on error
    text = result.out
    for status in ("Mandatory: Supported", "MIGRATE_INFO_TYPE: Supported"):
        quoted = f"> +   Status, {status}\n\nFD502 (warning): Row dropped"
        assert quoted in text
    assert text.index("> @@ -956,6 +956,15 @@") < text.index("> +   Status, Mandatory")
    data = json.loads(
        run(
            "review", "--base", "RELEASE-4.20.0", "--format", "json", _patch("7fc5a47322"), cwd=xen
        ).out
    )
    assert [(f["code"], f["quoted"], f["added_line"]) for f in data["findings"]] == [
        ("FD502", "+   Status, Mandatory: Supported", True),
        ("FD502", "+   Status, MIGRATE_INFO_TYPE: Supported", True),
    ]
    # The hunk applies 12 lines above where it was written: the line in the applied tree.
    base = git(xen, "show", "RELEASE-4.20.0:SUPPORT.md").splitlines()
    heading = base.index("## Virtual Hardware, QEMU")
    assert data["findings"][0]["range"]["start"]["line"] == heading + 6


def test_the_fix_of_the_three_space_lines_is_not_flagged_and_resolves_them(
    xen: Path, run: Runner
) -> None:
    result = run(
        "review", "--base", "RELEASE-4.21.0", "--format", "json", _patch("174896b7c1"), cwd=xen
    )
    data = json.loads(result.out)
    assert not [f for f in data["findings"] if f["code"] == "FD502"]
    assert [f["code"] for f in data["resolved"]] == ["FD502", "FD502"]
    suspend = [c for c in data["changes"] if c["qualifier"] == "SYSTEM_SUSPEND"]
    assert [(c["kind"], c["new"]) for c in suspend] == [("added", "Tech Preview")]
    text = run("review", "--base", "RELEASE-4.21.0", _patch("174896b7c1"), cwd=xen).out
    assert "FD502 (warning)" not in text


def test_stubdom_declared_supported_is_signed_off_by_a_listed_acker(xen: Path, run: Runner) -> None:
    config = xen / ".featuredoc.yaml"
    config.write_text("signoff:\n  team:\n    - Jan Beulich <jbeulich@suse.com>\n")
    try:
        result = run("review", "--base", "RELEASE-4.20.0", _patch("6b1da8110b"), cwd=xen)
        data = json.loads(
            run(
                "review",
                "--base",
                "RELEASE-4.20.0",
                "--format",
                "json",
                _patch("6b1da8110b"),
                cwd=xen,
            ).out
        )
    finally:
        config.unlink()
    assert result.code == 0, result.out + result.err
    assert "Signed off by the security team (signoff.team):" in result.out
    assert "Acked-by: Jan Beulich <jbeulich@suse.com>" in result.out
    assert "please get" not in result.out
    assert data["signoff"]["carried"] is True
    assert [n for n in data["signoff"]["needed"] if "stubdom" in n] == [
        "SUPPORT.md: C xenstore stubdom PV (new -> Supported)",
        "SUPPORT.md: C xenstore stubdom PVH (new -> Supported)",
    ]


def test_stubdom_declared_supported_without_a_team_asks_for_the_sign_off(
    xen: Path, run: Runner
) -> None:
    result = run("review", "--base", "RELEASE-4.20.0", _patch("6b1da8110b"), cwd=xen)
    assert result.code == 1
    assert "Security sign-off: needed" in result.out
    assert "please get the security team's sign-off" in " ".join(result.out.split())
    assert "Signed off by the security team" not in result.out


@pytest.mark.parametrize("prefix", ["75f920bd47", "dcc98a6352", "f2cac32029"])
def test_patches_that_do_not_apply_name_patch_file_and_base(
    xen: Path, run: Runner, prefix: str
) -> None:
    before = _state(xen)
    result = run("review", "--base", "RELEASE-4.22.0", _patch(prefix), cwd=xen)
    assert result.code == 2
    assert result.out == ""
    subject = Path(_patch(prefix)).read_text().split("Subject: ", 1)[1].splitlines()[0]
    assert f"'{subject}'" in result.err
    assert "does not apply on RELEASE-4.22.0: its hunk at SUPPORT.md:" in result.err
    assert _patch(prefix) in result.err
    assert _state(xen) == before
    data = json.loads(
        run("review", "--base", "RELEASE-4.22.0", "--format", "json", _patch(prefix), cwd=xen).out
    )
    assert data["error"]["file"] == "SUPPORT.md"
    assert data["error"]["base"] == "RELEASE-4.22.0"


def test_the_live_update_patch_does_not_apply_on_its_own_releases_either(
    xen: Path, run: Runner
) -> None:
    for base in ("RELEASE-4.20.0", "RELEASE-4.21.0"):
        result = run("review", "--base", base, _patch("dcc98a6352"), cwd=xen)
        assert result.code == 2
        assert f"does not apply on {base}" in result.err


def test_reviews_of_real_patches_leave_the_clone_as_it_was(xen: Path, run: Runner) -> None:
    before = _state(xen)
    run("review", "--base", "RELEASE-4.20.0", _patch("7fc5a47322"), _patch("6b1da8110b"), cwd=xen)
    assert _state(xen) == before


# ---- synthetic repositories -----------------------------------------------------------------

DOC = "docs/features/café-größe.pandoc"
SUPPORT = """\
# Support statement

## Features

### Café größe

    Status: Tech Preview
"""


def _commit(repo: Path, message: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def series(tmp_path: Path) -> tuple[Path, Path]:
    """A repository at its base (``main``), and a folder of two patches made from it.

    The base has a History date FD402 flags (the series leaves it); patch 1
    misspells a status (FD201 on an added line), patch 2 adds a row under
    it. Trailers hold non-ASCII names.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "core.quotePath", "true")
    _commit(repo, "base", {DOC: feature_doc("Tech Preview", "2025-3-04"), "SUPPORT.md": SUPPORT})
    git(repo, "checkout", "-q", "-b", "work")
    text = feature_doc("Supperted", "2025-3-04")
    _commit(
        repo,
        "Café: declare it supported\n\nAcked-by: Jürgen Groß <jgross@example.org>\n"
        "Reviewed-by: Zoë Ångström <zoe@example.org>",
        {DOC: text},
    )
    _commit(repo, "Café: say where", {DOC: text.replace("Hypervisor", "Hypervisor, Toolstack")})
    out = tmp_path / "patches"
    git(repo, "format-patch", "-q", "-o", str(out), "main..work")
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", "work")
    return repo, out


def _files(out: Path) -> list[str]:
    return [str(p) for p in sorted(out.glob("*.patch"))]


def test_only_what_the_series_introduces_is_reported(
    series: tuple[Path, Path], run: Runner
) -> None:
    repo, out = series
    result = run("review", "--format", "json", *_files(out), cwd=repo)
    data = json.loads(result.out)
    codes = [(f["code"], f["path"], f["patch"]) for f in data["findings"]]
    assert ("FD201", DOC, 0) in codes  # the misspelt status, from patch 1
    assert not [c for c in codes if c[0] == "FD402"]  # the base's own bad date
    assert result.code == 1  # FD201 is an error
    text = run("review", *_files(out), cwd=repo).out
    assert '> diff --git "a/docs/features/caf\\303\\251-gr\\303\\266\\303\\237e.pandoc"' in text
    assert "> +         Status: **Supperted**\n\nFD201 (error):" in text


def test_a_mailbox_of_several_patches_and_standard_input(
    series: tuple[Path, Path], run: Runner
) -> None:
    repo, out = series
    mbox = b"".join(Path(p).read_bytes() for p in _files(out))
    from_file = tmp = out / "series.mbox"
    tmp.write_bytes(mbox)
    by_file = json.loads(run("review", "--format", "json", str(from_file), cwd=repo).out)
    by_stdin = json.loads(run("review", "--format", "json", "-", cwd=repo, stdin=mbox).out)
    assert [p["subject"] for p in by_file["patches"]] == [
        "[PATCH 1/2] Café: declare it supported",
        "[PATCH 2/2] Café: say where",
    ]
    assert [p["line"] for p in by_file["patches"]][0] == 1
    assert by_stdin["findings"] == by_file["findings"]
    assert [p["source"] for p in by_stdin["patches"]] == ["-", "-"]


def test_trailer_names_fold_but_only_the_address_signs_off(
    series: tuple[Path, Path], run: Runner
) -> None:
    repo, out = series
    raise_text = SUPPORT.replace("Tech Preview", "Supported")
    git(repo, "checkout", "-q", "-b", "up")
    _commit(repo, "Raise\n\nAcked-by: Jürgen Groß <jgross@example.org>", {"SUPPORT.md": raise_text})
    git(repo, "format-patch", "-q", "-o", str(out / "up"), "main..up")
    git(repo, "checkout", "-q", "main")
    patch = _files(out / "up")
    (repo / ".featuredoc.yaml").write_text(
        "signoff:\n  team:\n    - JÜRGEN GROSS <jg@example.org>\n", encoding="utf-8"
    )
    data = json.loads(run("review", "--format", "json", *patch, cwd=repo).out)
    assert data["signoff"]["carried"] is False
    assert "the team lists this name with another address" in data["signoff"]["others"][0]
    (repo / ".featuredoc.yaml").write_text(
        "signoff:\n  team:\n    - Jürgen Groß <jgross@example.org>\n", encoding="utf-8"
    )
    data = json.loads(run("review", "--format", "json", *patch, cwd=repo).out)
    assert data["signoff"]["by"] == ["Acked-by: Jürgen Groß <jgross@example.org> ('Raise')"]


def test_a_file_that_is_no_patch_is_an_error_at_line_1(tmp_path: Path, run: Runner) -> None:
    git(tmp_path, "init", "-q")
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n")
    result = run("review", str(bad), cwd=tmp_path)
    assert result.code == 2
    assert f"{bad}:1: not a patch e-mail" in result.err


def test_a_bad_header_line_is_an_error_at_its_line(tmp_path: Path, run: Runner) -> None:
    git(tmp_path, "init", "-q")
    bad = tmp_path / "x.patch"
    bad.write_text("From 0000 Mon Sep 17 00:00:00 2001\nSubject: x\nnot a header\n\nbody\n")
    result = run("review", str(bad), cwd=tmp_path)
    assert result.code == 2
    assert f"{bad}:3: not a mail header line" in result.err


def test_a_corrupt_hunk_is_an_error_at_its_line_in_the_file(
    series: tuple[Path, Path], run: Runner
) -> None:
    repo, out = series
    first = Path(_files(out)[0])
    lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
    hunk = next(i for i, line in enumerate(lines) if line.startswith("@@"))
    lines.insert(hunk + 2, "garbage that is no diff line\n")
    first.write_text("".join(lines), encoding="utf-8")
    before = _state(repo)
    result = run("review", str(first), cwd=repo)
    assert result.code == 2
    assert f"{first}:{hunk + 3}: corrupt patch" in result.err
    assert _state(repo) == before


def test_the_users_tree_is_untouched_also_when_a_patch_fails(
    series: tuple[Path, Path], run: Runner
) -> None:
    repo, out = series
    (repo / "SUPPORT.md").write_text(SUPPORT + "\nlocal edit\n", encoding="utf-8")
    git(repo, "stash", "-q")
    (repo / DOC).write_text("staged\n", encoding="utf-8")
    git(repo, "add", DOC)
    (repo / "untracked.txt").write_text("mine\n")
    before = _state(repo)
    ok = run("review", "--base", "main", *_files(out), cwd=repo)
    assert ok.code == 1, ok.err
    assert _state(repo) == before
    stale = out / "stale.patch"  # a context line the base does not have
    stale.write_text(
        Path(_files(out)[0])
        .read_text(encoding="utf-8")
        .replace("Component: Hypervisor\n", "Component: Hypervisr\n"),
        encoding="utf-8",
    )
    failed = run("review", "--base", "main", str(stale), cwd=repo)
    assert failed.code == 2
    assert "does not apply on main: its hunk at docs/features/café-größe.pandoc:" in failed.err
    assert _state(repo) == before


def test_an_interrupt_removes_the_temporary_tree(
    series: tuple[Path, Path], run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, out = series
    made: list[str] = []
    real = tempfile.mkdtemp

    def recording(*args: str, **kwargs: str) -> str:
        made.append(real(*args, **kwargs))
        return made[-1]

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(tempfile, "mkdtemp", recording)
    monkeypatch.setattr(review_module, "check_tree", interrupted)
    before = _state(repo)
    assert run("review", *_files(out), cwd=repo).code == 130
    assert made and not Path(made[0]).exists()
    assert _state(repo) == before


def test_a_temporary_folder_inside_the_repository_is_refused(
    series: tuple[Path, Path], run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, out = series
    inside = repo / "tmp"
    inside.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(inside))
    before = _state(repo)
    result = run("review", *_files(out), cwd=repo)
    assert result.code == 2
    assert "is inside the repository" in result.err
    assert list(inside.iterdir()) == []
    assert _state(repo) == before


def test_further_prompts_end_the_reply(
    series: tuple[Path, Path], run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, out = series
    monkeypatch.setattr(
        review_module, "further_prompts", lambda *a: ["xen/common/x.c changed; is café up to date?"]
    )
    text = run("review", *_files(out), cwd=repo).out
    assert text.endswith("Also:\n  - xen/common/x.c changed; is café up to date?\n")
    data = json.loads(run("review", "--format", "json", *_files(out), cwd=repo).out)
    assert data["prompts"] == ["xen/common/x.c changed; is café up to date?"]


def test_an_unknown_base_is_exit_2(series: tuple[Path, Path], run: Runner) -> None:
    repo, out = series
    result = run("review", "--base", "nope", *_files(out), cwd=repo)
    assert result.code == 2
    assert "unknown revision 'nope'" in result.err


def test_no_function_of_the_review_is_over_60_lines() -> None:
    package = Path(featuredoc.__file__).parent
    modules = ["cli/review.py", "cli/review_reply.py", "parser/mail.py", "workspace/series.py"]
    long = []
    for module in modules:
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long.append(f"{module}:{node.name} ({length} lines)")
    assert long == []


def test_a_finding_in_a_file_the_series_does_not_change_is_listed_apart(
    tmp_path: Path, run: Runner
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    support = SUPPORT.replace("Café größe", "Grant Table v3")
    _commit(repo, "base", {DOC: feature_doc("Tech Preview"), "SUPPORT.md": support})
    git(repo, "checkout", "-q", "-b", "up")
    _commit(
        repo,
        "Raise in SUPPORT.md only",
        {"SUPPORT.md": support.replace("Tech Preview", "Supported")},
    )
    git(repo, "format-patch", "-q", "-o", str(tmp_path / "out"), "main..up")
    git(repo, "checkout", "-q", "main")
    patch = _files(tmp_path / "out")
    data = json.loads(run("review", "--format", "json", *patch, cwd=repo).out)
    apart = [f for f in data["findings"] if f["patch"] is None]
    assert [(f["code"], f["path"]) for f in apart] == [("FD602", DOC)]
    text = run("review", *patch, cwd=repo).out
    assert f"In files the series does not change:\n\n{DOC}:" in text


def test_code_a_document_names_changed_without_it_is_asked_about(
    tmp_path: Path, run: Runner
) -> None:
    """The coverage prompt (FD610's question) comes from the patches' own file list."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    code = "xen/common/sched/crédit.c"
    doc = feature_doc("Tech Preview", "2025-03-04") + f"\nThe scheduler is in `{code}`.\n"
    _commit(repo, "base", {DOC: doc, "SUPPORT.md": SUPPORT, code: "int x;\n"})
    git(repo, "checkout", "-q", "-b", "work")
    _commit(repo, "sched: change the code only", {code: "int y;\n"})
    out = tmp_path / "only-code"
    git(repo, "format-patch", "-q", "-o", str(out), "main..work")
    git(repo, "checkout", "-q", "main")
    result = run("review", "--format", "json", *_files(out), cwd=repo)
    data = json.loads(result.out)
    assert data["prompts"] == [f"this change modifies {code}; {DOC} was not updated"]
    assert not [f for f in data["findings"] if f["code"] == "FD610"]

    git(repo, "checkout", "-q", "-b", "both")
    _commit(repo, "sched: code and document", {code: "int z;\n", DOC: doc + "\nMore.\n"})
    both = tmp_path / "both"
    git(repo, "format-patch", "-q", "-o", str(both), "main..both")
    git(repo, "checkout", "-q", "main")
    data = json.loads(run("review", "--format", "json", *_files(both), cwd=repo).out)
    assert data["prompts"] == []


def test_a_mailbox_saved_with_crlf_line_ends_reads_as_git_am_reads_it(
    series: tuple[Path, Path], run: Runner
) -> None:
    repo, out = series
    first = Path(_files(out)[0])
    crlf = out / "crlf.eml"
    crlf.write_bytes(first.read_bytes().replace(b"\n", b"\r\n"))
    expected = json.loads(run("review", "--format", "json", str(first), cwd=repo).out)
    result = run("review", "--format", "json", str(crlf), cwd=repo)
    assert result.code == 1, result.err  # it applies: FD201 from patch 1
    data = json.loads(result.out)
    assert data["findings"] == expected["findings"]
    assert [p["subject"] for p in data["patches"]] == ["[PATCH 1/2] Café: declare it supported"]


class _Counted(str):
    """A diff line that counts how often it is compared."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_placing_the_findings_of_a_huge_patch_is_linear(
    tmp_path: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each finding is found under its ``+`` line without scanning every line of the patch."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, "base", {"SUPPORT.md": SUPPORT})
    git(repo, "checkout", "-q", "-b", "many")
    rows = 2000
    added = "".join(f"\n### Fëature {i}\n\n    Status: Supperted {i}\n" for i in range(rows))
    _commit(repo, "Many rows", {"SUPPORT.md": SUPPORT + added})
    git(repo, "format-patch", "-q", "-o", str(tmp_path / "out"), "main..many")
    git(repo, "checkout", "-q", "main")
    real = review_module.read_diff

    def counted(diff: bytes) -> list[review_module.FileDiff]:
        files = real(diff)
        for file in files:
            for hunk in file.hunks:
                hunk.lines = [_Counted(line) for line in hunk.lines]
        return files

    monkeypatch.setattr(review_module, "read_diff", counted)
    _Counted.compared = 0
    data = json.loads(run("review", "--format", "json", *_files(tmp_path / "out"), cwd=repo).out)
    quoted = [f for f in data["findings"] if f["quoted"] and "Supperted" in f["quoted"]]
    assert len(quoted) == rows
    assert quoted[-1]["quoted"] == f"+    Status: Supperted {rows - 1}"
    assert _Counted.compared < 10 * rows  # scanning the hunk per finding: rows * rows / 2


@pytest.mark.parametrize(
    ("line", "starts_a_mail"),
    [
        (b"From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n", True),
        (b"From j\xc3\xbcrgen@example.org Mon Jan  1 00:00:00 2024\r\n", True),
        (b"From x Mon Jan 1 00:00 +0100 2024 \t\n", True),
        (b"From x 2024 00:00\n", False),  # the year must end the line
        (b"From x 00:00 202\n", False),
        (b"From x00:00 2024\n", False),  # a sender, then blanks
    ],
)
def test_a_from_line_is_a_sender_then_a_time_then_a_year(line: bytes, starts_a_mail: bool) -> None:
    from featuredoc.parser import mail

    assert mail._is_from_line(line) is starts_a_mail


def test_a_long_line_of_times_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each byte of a candidate ``From `` line is looked at for a time at most once."""
    from featuredoc.parser import mail

    scanned: list[int] = []
    real = mail._TIME

    class Counting:
        def search(self, text: bytes, pos: int, endpos: int) -> re.Match[bytes] | None:
            scanned.append(endpos - pos)
            return real.search(text, pos, endpos)

    monkeypatch.setattr(mail, "_TIME", Counting())
    hostile = b"From x " + b"11:11 " * 200_000 + b"x\n"
    data = b"From: a <a@example.org>\nSubject: [PATCH] x\n\nbody\n\n" + hostile
    with pytest.raises(mail.MailError, match="holds no diff"):
        mail.read_mails(data, "hostile.mbox")
    assert sum(scanned) <= len(data)
