"""Documentation coverage: which code a feature document covers, and the reviewer's prompts.

The pure part (paths a text names, globs, the prompt) is tested directly;
the git part and :func:`featuredoc.workspace.coverage.prompts` on small
repositories made in ``tmp_path``, with file names that are not ASCII.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from featuredoc.analysis.coverage import describe, explicit_globs, find_gap, mentions
from featuredoc.engine import check
from featuredoc.model.changes import ChangeKind, Changes, FileChange
from featuredoc.model.config import Config
from featuredoc.model.inputs import BaseRevision, Inputs
from featuredoc.model.text import split_lines
from featuredoc.workspace.config_file import config_from_data, load_config_text
from featuredoc.workspace.coverage import changed_files, gaps, parse_name_status, prompts
from featuredoc.workspace.gitbase import GitError
from git_support import git

DOC = "docs/features/sched_credit2.pandoc"
FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "FD604" / "unchanged.pandoc"


def document(technical: str) -> str:
    """A complete feature document whose Technical details say *technical*."""
    body = FIXTURE.read_text(encoding="utf-8").split("<!--")[0]
    return body.replace("The code lives in `xen/common/feature.c`.", technical)


def modified(*paths: str) -> tuple[FileChange, ...]:
    return tuple(FileChange(p) for p in paths)


# ---- the paths a text names ---------------------------------------------------


def test_mentions_in_code_prose_and_links_with_columns_in_code_points() -> None:
    lines = [
        "Ré: `xen/common/sched/crédit2.c`, tools/xl/... and [doc](docs/misc/xl.txt).",
        "See https://xenbits.xen.org/docs/unstable/x.html and /etc/xen/xl.conf.",
        "Also ./tools/libs/light/ and xen/include/public/sysctl.h.",
    ]
    found = [
        (m.path, m.span.start.line, m.span.start.column, m.span.end.column) for m in mentions(lines)
    ]
    assert found == [
        ("xen/common/sched/crédit2.c", 0, 5, 31),
        ("tools/xl", 0, 34, 42),
        ("docs/misc/xl.txt", 0, 57, 73),
        ("tools/libs/light", 2, 7, 23),
        ("xen/include/public/sysctl.h", 2, 29, 56),
    ]


def test_mentions_skip_html_comments_and_crlf_reads_like_lf() -> None:
    text = "a/b.c <!-- c/d.c\nx/y.c --> e/f.c\n<!-- g/h.c --> i/j.c\n"
    paths = [m.path for m in mentions(split_lines(text))]
    assert paths == ["a/b.c", "e/f.c", "i/j.c"]
    crlf = [(m.path, m.span) for m in mentions(split_lines(text.replace("\n", "\r\n")))]
    assert crlf == [(m.path, m.span) for m in mentions(split_lines(text))]


def test_single_names_and_dot_segments_are_not_paths() -> None:
    assert mentions(["credit2.c, xen/, ../x/y, a//b, .../..."]) == []


# ---- what a document covers, and the gap --------------------------------------


def test_inferred_coverage_names_the_file_and_points_at_the_mention() -> None:
    lines = ["% Credit2", "", "Code: `xen/common/sched/credit2.c`."]
    gap = find_gap(lines, DOC, Config(), modified("xen/common/sched/credit2.c", "README"))
    assert gap is not None
    assert gap.prompt == (
        "this change modifies xen/common/sched/credit2.c; "
        "docs/features/sched_credit2.pandoc was not updated"
    )
    mention = gap.first_mention
    assert mention is not None and (mention.span.start.line, mention.span.start.column) == (2, 7)


def test_a_folder_covers_what_is_below_it_only() -> None:
    lines = ["The tools: tools/xl/... and `xen/common/sched/credit`."]
    files = modified("tools/xl/xl_cmdimpl.c", "tools/xlu/a.c", "xen/common/sched/credit2.c")
    gap = find_gap(lines, DOC, Config(), files)
    assert gap is not None
    assert [c.change.path for c in gap.covered] == ["tools/xl/xl_cmdimpl.c"]


def test_a_changed_document_gets_no_prompt() -> None:
    lines = ["Code: `xen/common/sched/credit2.c`."]
    files = modified("xen/common/sched/credit2.c", DOC)
    assert find_gap(lines, DOC, Config(), files) is None


def test_rename_and_deletion_of_covered_files() -> None:
    lines = ["`xen/common/sched/credit2.c` and `xen/common/sched/old.c`."]
    files = (
        FileChange("xen/common/sched/credit3.c", ChangeKind.RENAMED, "xen/common/sched/credit2.c"),
        FileChange("xen/common/sched/old.c", ChangeKind.DELETED),
    )
    gap = find_gap(lines, DOC, Config(), files)
    assert gap is not None
    assert gap.prompt == (
        "this change deletes xen/common/sched/old.c and renames xen/common/sched/credit2.c "
        f"to xen/common/sched/credit3.c; {DOC} was not updated"
    )


def test_explicit_globs_with_a_glob_key_and_a_folder_glob() -> None:
    config = Config(
        covers={
            "docs/features/sched_*.pandoc": ["xen/common/sched/*"],
            DOC: ["tools/xl/"],
            "docs/features/other.pandoc": ["xen/arch/**"],
        }
    )
    assert explicit_globs(config, DOC) == ["xen/common/sched/*", "tools/xl/"]
    files = modified(
        "xen/common/sched/sub/credit2.c", "tools/xl/a.c", "tools/xlu/b.c", "xen/arch/x"
    )
    gap = find_gap(["No paths named."], DOC, config, files)
    assert gap is not None
    assert {c.change.path: c.glob for c in gap.covered} == {
        "xen/common/sched/sub/credit2.c": "xen/common/sched/*",
        "tools/xl/a.c": "tools/xl/",
    }


def test_inference_can_be_turned_off() -> None:
    lines = ["Code: `xen/common/sched/credit2.c`."]
    files = modified("xen/common/sched/credit2.c")
    assert find_gap(lines, DOC, Config(infer_covers=False), files) is None
    config = Config(infer_covers=False, covers={DOC: ["xen/common/sched/credit2.c"]})
    gap = find_gap(lines, DOC, config, files)
    assert gap is not None and gap.first_mention is None  # covered by the glob, not the text


def test_other_documents_are_not_covered_by_naming_them() -> None:
    lines = ["See docs/features/credit.pandoc and SUPPORT.md/x, and docs/misc/x.txt."]
    files = modified("docs/features/credit.pandoc", "docs/misc/x.txt")
    gap = find_gap(lines, DOC, Config(), files)
    assert gap is not None and [c.change.path for c in gap.covered] == ["docs/misc/x.txt"]


def test_long_prompts_count_the_files_they_do_not_name() -> None:
    files = [FileChange(f"xen/a{i}.c") for i in range(10)] + [
        FileChange("xen/new.c", ChangeKind.ADDED)
    ]
    text = describe(files)
    assert text.startswith("modifies xen/a0.c, xen/a1.c,")
    assert text.endswith("(and 3 more covered files)")
    assert describe([FileChange("a/b", ChangeKind.ADDED)]) == "adds a/b"


# ---- the rule ------------------------------------------------------------------


def fd610(text: str, changes: Changes | None, base: BaseRevision | None = None) -> list[str]:
    inputs = Inputs(changes=changes, base=base)
    return [f.message for f in check(text, DOC, Config(), inputs=inputs) if f.code == "FD610"]


def test_rule_reports_only_with_changes_and_not_after_an_edit_of_the_document() -> None:
    from featuredoc.engine import parse

    text = document("Code: `xen/common/sched/crédit2.c`.")
    changes = Changes("main", modified("xen/common/sched/crédit2.c"), document=DOC)
    expected = f"this change modifies xen/common/sched/crédit2.c; {DOC} was not updated"
    assert fd610(text, changes) == [expected]
    assert fd610(text, None) == []
    assert fd610(text, Changes("main", modified("xen/common/sched/crédit2.c"))) == []
    same = BaseRevision("main", parse(text, DOC, Config()))
    assert fd610(text, changes, same) == [expected]
    edited = BaseRevision("main", parse(text.replace("Code:", "The code:"), DOC, Config()))
    assert fd610(text, changes, edited) == []  # the editor's text differs from the base
    assert fd610(text, changes, BaseRevision("main", None)) == []  # a new document


# ---- settings ----------------------------------------------------------------


def test_covers_and_infer_covers_are_read() -> None:
    text = f"covers:\n  {DOC}: [xen/common/sched/credit2.c]\ninfer_covers: false\n"
    config, errors = load_config_text(text, ".featuredoc.yaml")
    assert errors == []
    assert config.covers == {DOC: ["xen/common/sched/credit2.c"]}
    assert config.infer_covers is False
    assert Config().infer_covers is True and Config().covers == {}


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("covers: [a]\n", 0, 8, "'covers' must be a mapping, not a list"),
        ("covers:\n  /etc/x.pandoc: [a]\n", 1, 2, "inside the workspace"),
        ("covers:\n  ../x.pandoc: [a]\n", 1, 2, "inside the workspace"),
        ("covers:\n  README.md: [a]\n", 1, 2, "'README.md' is not a feature document"),
        (f"covers:\n  {DOC}: xen/a.c\n", 1, 38, "must be a list of globs: write [xen/a.c]"),
        (f"covers:\n  {DOC}:\n    - ok\n    - 3\n", 3, 6, "must be a string, not a number"),
        (f"covers:\n  {DOC}: [a, ../b]\n", 1, 42, f"'covers.{DOC}[1]' must be a glob inside"),
        (f"covers:\n  {DOC}: ['']\n", 1, 39, "must be a glob inside the workspace"),
        ("infer_covers: maybe\n", 0, 14, "'infer_covers' must be true or false"),
        ("cover:\n  x: [a]\n", 0, 0, "did you mean 'covers'?"),
    ],
)
def test_bad_covers_values_are_located(text: str, line: int, column: int, words: str) -> None:
    config, errors = load_config_text(text, "p/.featuredoc.yaml")
    assert len(errors) == 1, errors
    assert (errors[0].line, errors[0].column) == (line, column), errors[0]
    assert words in errors[0].message
    assert config.covers == {} and config.infer_covers is True


def test_a_glob_key_is_not_held_to_include_and_layers_merge_entries() -> None:
    editor, errors = config_from_data({"covers": {"docs/features/sched_*.pandoc": ["x/*"]}})
    assert errors == []
    config, errors = config_from_data({"covers": {DOC: ["y/"]}}, base=editor)
    assert errors == []
    assert config.covers == {"docs/features/sched_*.pandoc": ["x/*"], DOC: ["y/"]}


# ---- git and prompts() on real repositories ----------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main``: a scheduler document naming its code (non-ASCII names), and that code."""
    write(tmp_path, DOC, document("`xen/common/sched/crédit2.c`; the tools in tools/xl/..."))
    write(tmp_path, "docs/features/other.pandoc", document("Nothing named here."))
    write(tmp_path, "xen/common/sched/crédit2.c", "int credit2;\n")
    write(tmp_path, "xen/common/sched/ñ_old.c", "int old;\n")
    write(tmp_path, "tools/xl/xl_sched.c", "int xl;\n")
    write(tmp_path, "README", "Xen\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Credit2")
    return tmp_path


def test_parse_name_status_reads_renames_copies_and_non_ascii() -> None:
    out = "M\0a/é.c\0R087\0x/old.c\0x/new.c\0C100\0y/a.c\0y/b.c\0D\0z\0A\0n\0T\0t\0".encode()
    assert parse_name_status(out) == [
        FileChange("a/é.c"),
        FileChange("x/new.c", ChangeKind.RENAMED, "x/old.c"),
        FileChange("y/b.c", ChangeKind.ADDED),
        FileChange("z", ChangeKind.DELETED),
        FileChange("n", ChangeKind.ADDED),
        FileChange("t"),
    ]


@needs_git
def test_changed_files_since_a_revision(repo: Path) -> None:
    (repo / "xen/common/sched/crédit2.c").write_text("int credit2 = 2;\n", encoding="utf-8")
    git(repo, "mv", "xen/common/sched/ñ_old.c", "xen/common/sched/ñ_new.c")
    (repo / "tools/xl/xl_sched.c").unlink()
    write(repo, "tools/xl/ünt.c", "untracked\n")
    changes = changed_files(repo, "main", "origin/main")
    assert changes.rev == "origin/main"
    assert sorted(changes.files, key=lambda c: c.path) == [
        FileChange("tools/xl/xl_sched.c", ChangeKind.DELETED),
        FileChange("tools/xl/ünt.c", ChangeKind.ADDED),
        FileChange("xen/common/sched/crédit2.c"),
        FileChange("xen/common/sched/ñ_new.c", ChangeKind.RENAMED, "xen/common/sched/ñ_old.c"),
    ]
    with pytest.raises(GitError):
        changed_files(repo, "no-such-branch")


@needs_git
def test_prompts_for_a_patch(repo: Path) -> None:
    config = Config()
    expected = f"this change modifies xen/common/sched/crédit2.c; {DOC} was not updated"
    assert prompts(repo, config, ["xen/common/sched/crédit2.c", "README"]) == [expected]
    assert prompts(repo, config, ["xen/common/sched/crédit2.c", DOC]) == []
    assert prompts(repo, config, ["xen/common/sched/crédit2.c"], [DOC]) == []
    assert prompts(repo, config, ["README", "xen/common/sched/crédit2.h"]) == []
    deleted = FileChange("tools/xl/xl_sched.c", ChangeKind.DELETED)
    assert prompts(repo, config, [deleted]) == [
        f"this change deletes tools/xl/xl_sched.c; {DOC} was not updated"
    ]


@needs_git
def test_prompts_with_explicit_coverage_and_inference_off(repo: Path) -> None:
    config = Config(covers={"docs/features/other.pandoc": ["xen/common/**"]}, infer_covers=False)
    found = gaps(repo, config, ["xen/common/sched/crédit2.c", "tools/xl/xl_sched.c"])
    assert [(g.document, [c.change.path for c in g.covered]) for g in found] == [
        ("docs/features/other.pandoc", ["xen/common/sched/crédit2.c"])
    ]
