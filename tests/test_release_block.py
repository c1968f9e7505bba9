"""SUPPORT.md's Release Support block against the tree's version (FD520-FD524).

Every release of ``../shared/corpus/xen-releases.bundle`` is built as a
tree (SUPPORT.md and xen/Makefile from the release's git objects) and
checked as the command line checks it; the findings are pinned per
release, each checked by hand against the release (the tests skip when the
bundle or git is absent). Synthetic documents cover the rest: CRLF,
non-ASCII text, no block, no version file, dates that are not dates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from featuredoc.analysis.fixes import fix_repeatedly
from featuredoc.analysis.release_block import release_block, tree_version
from featuredoc.engine import check, parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import column_to_units
from featuredoc.workspace.inputs import is_version_file, rule_inputs

BUNDLE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "xen-releases.bundle"
CONFIG = Config()
CODES = ("FD520", "FD521", "FD522", "FD523", "FD524")

#: release → its findings of FD520-FD524, (code, 1-based line); releases before
#: 4.10 have no SUPPORT.md.
EXPECTED: dict[str, set[tuple[str, int]]] = {
    # xen/Makefile says 4.10.0, but the block was never filled in for the
    # release: 4.10-unstable, n/a, TBD, "Unreleased - not yet security-supported"
    "RELEASE-4.10.0": {("FD524", 12), ("FD524", 13), ("FD524", 14), ("FD524", 15)},
    "RELEASE-4.11.0": set(),  # 2018-07-10 / 2020-01-10 / 2021-07-10, no link yet
    # the release-notes link still names X.YY in the released 4.12.0
    "RELEASE-4.12.0": {("FD524", 18)},
    **{f"RELEASE-4.{minor}.0": set() for minor in range(13, 23)},
    # the development tree: 4.23-unstable with its placeholders, which are right there
    "origin/main": set(),
}


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each release of the bundle with SUPPORT.md: a folder holding SUPPORT.md and xen/Makefile."""
    if not BUNDLE.is_file() or shutil.which("git") is None:
        pytest.skip("the releases bundle (../shared/corpus/xen-releases.bundle) or git is absent")
    root = tmp_path_factory.mktemp("xen-release-trees")
    clone = root / "clone"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(clone)], check=True)
    tags = _git("tag", cwd=clone).stdout.decode().split()
    found: dict[str, Path] = {}
    for rev in [*tags, "origin/main"]:
        support = _git("cat-file", "blob", f"{rev}:SUPPORT.md", cwd=clone)
        if support.returncode != 0:
            continue  # a release before SUPPORT.md
        where = root / rev.replace("/", "-")
        (where / "xen").mkdir(parents=True)
        (where / "SUPPORT.md").write_bytes(support.stdout)
        makefile = _git("cat-file", "blob", f"{rev}:xen/Makefile", cwd=clone)
        assert makefile.returncode == 0, f"{rev} has no xen/Makefile"
        (where / "xen" / "Makefile").write_bytes(makefile.stdout)
        found[rev] = where
    if not found:
        pytest.skip("the bundle holds no release with SUPPORT.md")
    yield found


def check_tree(tree: Path, text: str | None = None) -> list[Finding]:
    """SUPPORT.md of *tree* (or *text* in its place) checked as the command line checks it."""
    if text is None:
        text = (tree / "SUPPORT.md").read_text(encoding="utf-8")
    inputs = rule_inputs("SUPPORT.md", CONFIG, root=tree)
    findings = check(text, "SUPPORT.md", CONFIG, kind=DocumentKind.SUPPORT, inputs=inputs)
    return [f for f in findings if f.code in CODES]


def pairs(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(f.code, f.span.start.line + 1) for f in findings}


def test_every_release_gets_exactly_its_findings(trees: dict[str, Path]) -> None:
    assert set(trees) == set(EXPECTED)  # 4.10 .. 4.22 and main: the bundle was really read
    for rev, tree in trees.items():
        assert pairs(check_tree(tree)) == EXPECTED[rev], rev


def test_the_released_trees_are_fixed_as_the_release_meant(trees: dict[str, Path]) -> None:
    for rev, version in (("RELEASE-4.10.0", "4.10"), ("RELEASE-4.12.0", "4.12")):
        tree = trees[rev]
        text = (tree / "SUPPORT.md").read_text(encoding="utf-8")
        run = fix_repeatedly(text, check_tree(tree), lambda new, t=tree: check_tree(t, new))
        before, after = text.splitlines(), run.text.splitlines()
        changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        if rev == "RELEASE-4.10.0":  # the version; the dates are the release's to write
            assert changed == [
                (f"    Xen-Version: {version}-unstable", f"    Xen-Version: {version}")
            ]
            assert pairs(run.findings) == {("FD524", 13), ("FD524", 14), ("FD524", 15)}
        else:
            assert [b for _, b in changed] == [
                f': <a href="https://wiki.xenproject.org/wiki/Xen_Project_{version}_Release_Notes">RN</a>'
            ]
            assert run.findings == []


def test_without_the_makefile_only_the_block_itself_is_checked(trees: dict[str, Path]) -> None:
    for rev, tree in trees.items():
        bare = tree.parent / f"{tree.name}-bare"
        bare.mkdir(exist_ok=True)
        shutil.copy(tree / "SUPPORT.md", bare / "SUPPORT.md")
        assert check_tree(bare) == [], rev  # no version file: FD520/FD524 have nothing to say


def test_main_holds_placeholders_a_released_makefile_rejects(trees: dict[str, Path]) -> None:
    main = trees["origin/main"]
    released = main.parent / "main-released"
    (released / "xen").mkdir(parents=True, exist_ok=True)
    shutil.copy(main / "SUPPORT.md", released / "SUPPORT.md")
    makefile = (main / "xen" / "Makefile").read_text(encoding="utf-8")
    assert "?= -unstable$(XEN_VENDORVERSION)" in makefile
    (released / "xen" / "Makefile").write_text(
        makefile.replace("?= -unstable$(XEN_VENDORVERSION)", "?= .0$(XEN_VENDORVERSION)"),
        encoding="utf-8",
    )
    assert pairs(check_tree(released)) == {
        ("FD524", 12),
        ("FD524", 13),
        ("FD524", 14),
        ("FD524", 15),
        ("FD524", 18),
    }


# ---- synthetic documents --------------------------------------------------------------

BLOCK = """\
% Support statement — Größe 🚀

# Release Support

    Xen-Version: {version}
    Initial-Release: {initial}
    Supported-Until: {supported}
    Security-Support-Until: {security}

Release Notes
: 🚀 Größe <a href="https://wiki.xenproject.org/wiki/Xen_Project_{link}_Release_Notes">RN</a>

# Feature Support

## Widget

    Status: Supported
"""

RELEASED = "export XEN_VERSION = 4\nexport XEN_SUBVERSION = 22\nexport XEN_EXTRAVERSION ?= .0\n"
UNSTABLE = (
    "export XEN_VERSION = 4\nexport XEN_SUBVERSION = 23\nexport XEN_EXTRAVERSION ?= -unstable\n"
)


def support(**values: str) -> str:
    fields = {
        "version": "4.22",
        "initial": "2026-07-30",
        "supported": "2029-07-30",
        "security": "2031-07-30",
        "link": "4.22",
    }
    return BLOCK.format(**{**fields, **values})


def run(text: str, version_text: str | None = RELEASED) -> list[Finding]:
    inputs = Inputs(version_text=version_text)
    findings = check(text, "SUPPORT.md", CONFIG, kind=DocumentKind.SUPPORT, inputs=inputs)
    return [f for f in findings if f.code in CODES]


def described(findings: list[Finding]) -> list[tuple[str, int, int, int]]:
    return [(f.code, f.span.start.line, f.span.start.column, f.span.end.column) for f in findings]


def test_a_consistent_block_has_no_finding() -> None:
    assert run(support()) == []


def test_crlf_reports_the_lines_and_columns_of_lf() -> None:
    text = support(version="4.21", initial="2026-7-30", link="X.YY")
    lf = run(text)
    crlf = run(text.replace("\n", "\r\n"))
    assert described(lf) == described(crlf)
    assert [f.code for f in lf] == ["FD520", "FD521", "FD524"]
    assert [fix.edits for f in lf for fix in f.fixes] == [
        fix.edits for f in crlf for fix in f.fixes
    ]


def test_non_ascii_before_the_link_counts_code_points_inside_utf16_outside() -> None:
    text = support(link="X.YY")
    (finding,) = run(text)
    line = text.splitlines()[finding.span.start.line]
    assert line[finding.span.start.column : finding.span.end.column] == "X.YY"
    # "🚀" is one code point and two UTF-16 units
    assert column_to_units(line, finding.span.start.column) == finding.span.start.column + 1


def test_no_block_and_no_version_file_give_no_finding() -> None:
    text = "# Feature Support\n\n## Widget\n\n    Status: Supported\n"
    assert run(text) == []
    assert release_block(parse(text, "SUPPORT.md", CONFIG, DocumentKind.SUPPORT)) is None
    placeholders = support(
        version="4.22-unstable",
        initial="n/a",
        supported="TBD",
        security="Unreleased - not yet security-supported",
        link="X.YY",
    )
    assert run(placeholders, None) == []  # released or not is not known
    assert run(placeholders, UNSTABLE.replace("23", "22")) == []
    assert len(run(placeholders)) == 5  # the same placeholders in a released tree


@pytest.mark.parametrize(
    ("date", "fixed"),
    [
        ("2026-7-30", "2026-07-30"),
        ("2026-02-30", None),
        ("30/07/2026", None),
        ("2026-07-30T00:00", None),
        ("２０２６-07-30", None),  # full-width digits
        ("soon", None),
    ],
)
def test_malformed_dates(date: str, fixed: str | None) -> None:
    (finding,) = run(support(initial=date))
    assert finding.code == "FD521" and date in finding.message
    assert [e.new_text for fix in finding.fixes for e in fix.edits] == ([fixed] if fixed else [])


def test_fixes_change_only_what_they_name() -> None:
    text = support(version="4.10-unstable", initial="2026-7-30", link="4.10").replace("\n", "\r\n")
    version = "export XEN_VERSION=4\nexport XEN_SUBVERSION:=11\nXEN_EXTRAVERSION ?= .0$(V)\n"
    done = fix_repeatedly(text, run(text, version), lambda new: run(new, version))
    expected = support(version="4.11", initial="2026-07-30", link="4.11").replace("\n", "\r\n")
    assert done.text == expected
    assert done.findings == []


@pytest.mark.parametrize(
    ("makefile", "read"),
    [
        (UNSTABLE, ("4.23", "-unstable", True)),
        (
            "export XEN_VERSION       = 4\nexport XEN_SUBVERSION    = 22\n"
            "export XEN_EXTRAVERSION ?= .0-rc$(XEN_VENDORVERSION)\n",
            ("4.22", ".0-rc", True),
        ),
        ("XEN_VERSION := 4 # major\nXEN_SUBVERSION ::= 9\n", ("4.9", "", False)),
        (  # a stable branch between point releases
            "XEN_VERSION = 4\nXEN_SUBVERSION = 20\nXEN_EXTRAVERSION ?= .4-pre$(XEN_VENDORVERSION)\n",
            ("4.20", ".4-pre", False),
        ),
        (
            "XEN_SUBVERSION = 20\nXEN_VERSION = 4\nXEN_SUBVERSION = 99\nXEN_EXTRAVERSION = .3\n",
            ("4.20", ".3", False),
        ),
    ],
)
def test_the_makefile_is_read_as_make_reads_these_lines(
    makefile: str, read: tuple[str, str, bool]
) -> None:
    tree = tree_version(makefile)
    assert tree is not None
    assert (tree.number, tree.extra, tree.development) == read


@pytest.mark.parametrize(
    "makefile",
    [
        "",
        "XEN_VERSION = 4\n",
        "XEN_VERSION = four\nXEN_SUBVERSION = 22\n",
        "# XEN_VERSION = 4\n",
        f"XEN_VERSION = 4\nXEN_SUBVERSION = {'9' * 5000}\n",  # more digits than int() reads
    ],
    ids=["empty", "no-subversion", "words", "comment", "huge"],
)
def test_a_makefile_without_a_version_is_reported_once(makefile: str) -> None:
    assert tree_version(makefile) is None
    (finding,) = run(support(), makefile)
    assert finding.code == "FD520" and "sets no whole-number" in finding.message


# ---- reading the version file -----------------------------------------------------------


def test_rule_inputs_read_the_version_file_for_support_md_only(tmp_path: Path) -> None:
    (tmp_path / "xen").mkdir()
    makefile = tmp_path / "xen" / "Makefile"
    makefile.write_text(RELEASED, encoding="utf-8")
    assert rule_inputs("SUPPORT.md", CONFIG, root=tmp_path).version_text == RELEASED
    assert rule_inputs("docs/features/a.pandoc", CONFIG, root=tmp_path).version_text is None
    assert rule_inputs("SUPPORT.md", CONFIG, root=None).version_text is None
    changed = RELEASED.replace("22", "23")
    makefile.write_text(changed, encoding="utf-8")
    stat = makefile.stat()
    os.utime(makefile, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert rule_inputs("SUPPORT.md", CONFIG, root=tmp_path).version_text == changed
    makefile.unlink()
    assert rule_inputs("SUPPORT.md", CONFIG, root=tmp_path).version_text is None


def test_the_version_file_setting_is_a_workspace_path(tmp_path: Path) -> None:
    from featuredoc.workspace.config_file import config_from_data

    (tmp_path / "VERSION.mk").write_text(RELEASED, encoding="utf-8")
    config, errors = config_from_data({"version_file": "VERSION.mk"}, source="test")
    assert not errors
    assert rule_inputs("SUPPORT.md", config, root=tmp_path).version_text == RELEASED
    assert is_version_file(tmp_path, str(tmp_path / "VERSION.mk"), config)
    assert not is_version_file(tmp_path, str(tmp_path / "SUPPORT.md"), config)
    off, errors = config_from_data({"version_file": ""}, source="test")
    assert not errors and rule_inputs("SUPPORT.md", off, root=tmp_path).version_text is None
    _, errors = config_from_data({"version_file": "../Makefile"}, source="test")
    assert errors  # never a file outside the workspace
