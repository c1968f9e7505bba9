"""SUPPORT.md as Xen's generator reads it: featuredoc against the generator itself.

The oracle (``tests/oracle.py``) is ``docs/parse-support-md`` from the
newest commit of ``../shared/corpus/xen-releases.bundle``, run on
``pandoc -t json`` with the pandoc Debian installs (2.17.1.1 when this was
written). Every variant below, hand-written or random (fixed seed), is run
through both, and:

* pandoc's top-level blocks and :func:`pandoc_blocks`'s agree kind by kind;
* where the generator dies, featuredoc's first "build fails" finding is in
  the block it died on;
* where it reads the file, featuredoc's rows are its rows (ids and status
  text, in order), and featuredoc reports no build failure;
* every status line gets a value of its own, so the generator's output
  tells which lines it lost: featuredoc reports each lost line as dropped
  or overridden (by the line whose value the generator kept), and no other.

The same holds for SUPPORT.md of every release in the bundle.
"""

from __future__ import annotations

import html.parser
import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from featuredoc.analysis.support_reading import PandocBlock, pandoc_blocks, read_support
from featuredoc.cli.matrix import build, render_html, render_markdown, xen_table
from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding
from featuredoc.parser.document import parse_document
from featuredoc.workspace.config_file import config_from_data
from featuredoc.workspace.index import WorkspaceIndex
from oracle import PANDOC_VERSION, Oracle, Result, oracle, pandoc_version, text_of

LAYOUT = {f"FD5{n:02d}" for n in range(2, 20)}
_KINDS = {k.value for k in PandocBlock}
_TOKEN = re.compile(r"\bV(\d+)\b")


def _kind(block: dict[str, object]) -> str:
    t = str(block["t"])
    return t if t in _KINDS else "other"


def _findings(text: str) -> list[Finding]:
    return [
        f
        for f in check(text, "SUPPORT.md", Config(), kind=DocumentKind.SUPPORT)
        if f.code in LAYOUT
    ]


def _fails(f: Finding) -> bool:
    return "build fails here" in f.message


def compare(text: str, result: Result) -> list[str]:
    """How featuredoc's reading of *text* differs from the generator's *result*."""
    problems: list[str] = []
    doc = parse_document(text, "SUPPORT.md", DocumentKind.SUPPORT, incremental=False)
    blocks = pandoc_blocks(doc)
    theirs = [_kind(b) for b in result.blocks]
    mine = [b.kind.value for b in blocks]
    if theirs != mine:
        problems.append(f"blocks differ: pandoc {theirs} featuredoc {mine}")
        return problems
    findings = _findings(text)
    failing = sorted((f for f in findings if _fails(f)), key=Finding.sort_key)
    if result.died:
        assert result.block is not None, result.message
        block = blocks[result.block]
        if not failing:
            problems.append(f"the generator dies at line {block.first + 1}, no finding")
        elif not block.first <= failing[0].span.start.line <= block.last:
            problems.append(
                f"the generator dies in lines {block.first + 1}-{block.last + 1}, the first "
                f"finding is at {failing[0].span.start.line + 1}: {failing[0].message}"
            )
        return problems
    if failing:
        problems.append(f"the generator reads it, featuredoc says: {failing[0].message}")
    rows = [(row.key, text_of(row.value)) for row in read_support(doc).rows]
    if rows != result.rows:
        problems.append(f"rows differ:\n generator  {result.rows}\n featuredoc {rows}")
    # Which numbered values did the generator lose, and which did it keep where?
    lines = text.split("\n")
    where = {m.group(1): n for n, line in enumerate(lines) for m in _TOKEN.finditer(line)}
    kept = {m.group(1): key for key, value in result.rows for m in _TOKEN.finditer(value)}
    reported = {f.span.start.line: f for f in findings if not _fails(f)}
    for token, line in where.items():
        finding = reported.get(line)
        if token in kept:
            if finding is not None:
                problems.append(f"line {line + 1} is read, featuredoc says: {finding.message}")
        elif finding is None:
            problems.append(f"the generator loses line {line + 1}, no finding")
        elif finding.code == "FD508":
            later = int(re.search(r"overridden by line (\d+)", finding.message).group(1))  # type: ignore[union-attr]
            tokens = _TOKEN.findall(lines[later - 1])
            if not tokens or tokens[0] not in kept:
                problems.append(f"line {line + 1}: the generator keeps no value of line {later}")
    return problems


# ---- hand-written variants ---------------------------------------------------------------

HEAD = "% Support statement\n\n# Feature Support\n\n## Widget\n\n"
READS, DIES, DROPS, OVERRIDES = "reads", "dies", "drops", "overrides"


@dataclass(frozen=True)
class Case:
    name: str
    outcome: str
    body: str  # after HEAD

    @property
    def text(self) -> str:
        return HEAD + self.body


CASES = [
    Case("plain", READS, "    Status: Supported V1\n    Status, x86: Supported V2\n"),
    Case("supported key", READS, "    Supported, x86: bzImage, ELF V1\n"),
    Case("fenced block", READS, "```\nStatus, x86: Supported V1\n```\n"),
    Case("tilde fence", READS, "~~~\nStatus: Supported V1\n~~~\n"),
    Case("tab indent", READS, "\tStatus: Supported V1\n"),
    Case("comment ending a paragraph", READS, "Text.\n<!-- c -->\n\n    Status: Supported V1\n"),
    Case(
        "directive ending a paragraph",
        READS,
        "Text.\n<!-- featuredoc: disable FD501 -->\n\n    Status: Supported V1\n",
    ),
    Case("comment after the last block", READS, "    Status: Supported V1\n\n<!-- c -->\n"),
    Case("heading after a paragraph line", READS, "Text\n### Part\n\n    Status: Supported V1\n"),
    Case("bullet list", READS, "- one\n- two\n\nText.\n\n    Status: Supported V1\n"),
    Case(
        "release support",
        READS,
        "# Release Support\n\n    Xen-Version: 4.23 V1\n    Initial-Release: n/a V2\n\n"
        "Release Notes\n: RN V3\n",
    ),
    Case("definition block skipped", READS, "    Functional completeness: No\n    prose\n"),
    Case("explicit id", READS, "### Part {#my-id}\n\n    Status: Supported V1\n"),
    Case("colon in value", READS, "    Status, x86: Supported: yes V1\n"),
    Case("no blank after comma", READS, "    Status,x86: Supported V1\n"),
    Case("blank before the qualifier's colon", READS, "    Status, x86 : Supported V1\n"),
    Case("html comment before", DIES, "<!-- c -->\n\n    Status: Supported V1\n"),
    Case(
        "directive before",
        DIES,
        "<!-- featuredoc: disable FD501 -->\n\n    Status: Supported V1\n",
    ),
    Case("html comment right before", DIES, "<!-- c -->\n    Status: Supported V1\n"),
    Case("empty status", DIES, "    Status:\n"),
    Case("empty status with blanks", DIES, "    Status, x86:   \n"),
    Case("lower-case key", DIES, "    status: Supported V1\n"),
    Case("no comma", DIES, "    Status x86: Supported V1\n"),
    Case("blank before colon", DIES, "    Status : Supported V1\n"),
    Case("no blank after colon", DIES, "    Status:Supported V1\n"),
    Case("second key", DIES, "    Status: Supported V1\n    Note: something\n"),
    Case("key block of its own", DIES, "    Note: something\n"),
    Case("prose line", DIES, "    Status: Supported V1\n    only on x86\n"),
    Case("deeper line", DIES, "    Status: Supported V1\n      Status, x86: Supported V2\n"),
    Case("fenced prose", DIES, "```\nmake install\n```\n"),
    Case("pipe table", DIES, "| a | b |\n|---|---|\n| 1 | 2 |\n\n    Status: Supported V1\n"),
    Case("grid table", DIES, "+---+---+\n| a | b |\n+---+---+\n\n    Status: Supported V1\n"),
    Case(
        "simple table",
        DIES,
        "----------- -----------\nA           B\nC           D\n----------- -----------\n\n"
        "    Status: Supported V1\n",
    ),
    Case("numbered list", DIES, "1. one\n2. two\n\nText.\n\n    Status: Supported V1\n"),
    Case("letter list", DIES, "a. one\n\nText.\n\n    Status: Supported V1\n"),
    Case("rule", DIES, "* * *\n\n    Status: Supported V1\n"),
    Case("dash rule", DIES, "---\n\n    Status: Supported V1\n"),
    Case("block quote", DIES, "> quoted\n\n    Status: Supported V1\n"),
    Case("line block", DIES, "| a line\n| another\n\n    Status: Supported V1\n"),
    Case("div", DIES, "<div>\nx\n</div>\n\n    Status: Supported V1\n"),
    Case("unknown far before", DIES, "* * *\n\n## Other\n\nText.\n\n    Status: Supported V1\n"),
    Case("heading skips", DIES, "#### Deep\n\n    Status: Supported V1\n"),
    Case("definition loose", DIES, "Release Notes\n\n: RN V1\n"),
    Case("definition twice", DIES, "Release Notes\n: RN V1\n: again\n"),
    Case("definition paragraphs", DIES, "Release Notes\n: RN V1\n\n    more\n"),
    Case("status in a paragraph", DROPS, "Text.\nStatus: Supported V1\n"),
    Case("status indented 3", DROPS, "   Status: Supported V1\n"),
    Case("status continuing a paragraph", DROPS, "Text.\n    Status: Supported V1\n"),
    Case("status under a bullet", DROPS, "- item\n\n    Status: Supported V1\n"),
    Case("status under a bullet, no blank", DROPS, "- item\n    Status: Supported V1\n"),
    Case(
        "same qualifier twice",
        OVERRIDES,
        "    Status, x86: Supported V1\n    Status, x86: Experimental V2\n",
    ),
    Case(
        "same key after folding",
        OVERRIDES,
        "    Status, x86 PV: Supported V1\n    Status, X86-pv: Experimental V2\n",
    ),
    Case(
        "two blocks",
        OVERRIDES,
        "    Status: Supported V1\n\nText.\n\n    Status: Experimental V2\n",
    ),
    Case(
        "same explicit id",
        OVERRIDES,
        "### A {#same}\n\n    Status: Supported V1\n\n### B {#same}\n\n    Status: Experimental V2\n",
    ),
]


@pytest.fixture(scope="module")
def generator(tmp_path_factory: pytest.TempPathFactory) -> Oracle:
    return oracle(tmp_path_factory.mktemp("oracle"))


def test_the_pandoc_named_in_the_tests(generator: Oracle) -> None:
    """The pandoc these tests were written against (2.17.1.1, Debian's) is the one run."""
    version = pandoc_version()
    if version != PANDOC_VERSION:
        pytest.skip(f"pandoc {version} here, the tests were checked with {PANDOC_VERSION}")
    assert version == PANDOC_VERSION


def _outcome(text: str, result: Result) -> str:
    if result.died:
        return DIES
    values = set(_TOKEN.findall(text))
    kept = {t for _, value in result.rows for t in _TOKEN.findall(value)}
    if values == kept:
        return READS
    doc = parse_document(text, "SUPPORT.md", DocumentKind.SUPPORT)
    return OVERRIDES if read_support(doc).overrides else DROPS


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hand_written_variant(generator: Oracle, case: Case) -> None:
    result = generator.run(case.text, "case")
    assert _outcome(case.text, result) == case.outcome, result.message
    assert compare(case.text, result) == []
    findings = _findings(case.text)
    if case.outcome == DIES:
        assert any(f.message.startswith("Xen's support-matrix build fails here") for f in findings)
    elif case.outcome == DROPS:
        assert [f.message.split(":")[0] for f in findings] == ["Row dropped"]
    elif case.outcome == OVERRIDES:
        [finding] = findings
        assert re.match(r"Row overridden by line \d+", finding.message)
    else:
        assert findings == []


# ---- random variants ---------------------------------------------------------------------

TITLES = ["Widget", "Widget", "x86-64", "Größe ✓", "1.5 Foo_bar", "ARM/GICv3", "`xl` *tool*", "..."]
QUALIFIERS = ["x86", "x86 PV", "X86-pv", "Arm64", "ARM", "Größe", "a, b"]
GOOD = [
    "Status: {v}",
    "Status, {q}: {v}",
    "Supported, {q}: {v}",
    "Supported: {v}",
    "Status,{q}: {v}",
]
BAD = [
    "status: {v}",
    "Status {q}: {v}",
    "Status : {v}",
    "Status:",
    "Note: {v}",
    "only on hosts",
    "  Status: {v}",
    "Status:{v}",
]


class Variants:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.value = 0

    def v(self) -> str:
        self.value += 1
        return f"Supported V{self.value}"

    def line(self, bad: float) -> str:
        pattern = self.rng.choice(BAD if self.rng.random() < bad else GOOD)
        return pattern.format(q=self.rng.choice(QUALIFIERS), v=self.v())

    def part(self) -> str:
        r = self.rng
        kind = r.choices(
            [
                "heading",
                "status",
                "fenced",
                "para",
                "para+status",
                "bullets",
                "bullets+status",
                "unknown",
                "comment+para",
                "definition",
                "definitions-block",
                "heading-after-para",
            ],
            weights=[8, 10, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1],
        )[0]
        if kind == "heading":
            title = r.choice(TITLES)
            if r.random() < 0.1:
                title += " {#fixed}"
            return "#" * r.choice([1, 2, 2, 3, 3, 3, 4]) + " " + title
        if kind == "status":
            bad = 0.02 if r.random() < 0.8 else 0.5
            return "\n".join("    " + self.line(bad) for _ in range(r.randint(1, 3)))
        if kind == "fenced":
            return "```\n" + self.line(0.1) + "\n```"
        if kind == "para":
            return r.choice(["Some text.", "Two\nlines.", "Status of it is fine."])
        if kind == "para+status":
            return r.choice(
                ["Text.\nStatus: {v}", "   Status: {v}", "Text.\n    Status: {v}"]
            ).format(v=self.v())
        if kind == "bullets":
            return "- one\n- two"
        if kind == "bullets+status":
            return r.choice(["- item\n\n    Status: {v}", "- item\n    Status: {v}"]).format(
                v=self.v()
            )
        if kind == "unknown":
            return r.choice(
                [
                    "<!-- a comment -->",
                    "<!-- featuredoc: disable FD501 -->",
                    "| a | b |\n|---|---|\n| 1 | 2 |",
                    "1. one",
                    "* * *",
                    "> quote",
                    "| line",
                ]
            )
        if kind == "comment+para":
            return "Text.\n<!-- featuredoc: disable FD501 -->"
        if kind == "definition":
            return r.choice(
                [
                    "Release Notes\n: RN {v}",
                    "Term\n: a {v}\n: b",
                    "Term\n\n: loose {v}",
                    "Notes\n:   first {v}\n    continued",
                ]
            ).format(v=self.v())
        if kind == "definitions-block":
            return "    Functional completeness: No\n    Functional stability: Quirky"
        return "Text\n### Merged heading"

    def document(self) -> str:
        parts = ["% Support statement", "# Feature Support"]
        parts += [self.part() for _ in range(self.rng.randint(2, 10))]
        return "\n\n".join(parts) + "\n"


def test_random_variants(generator: Oracle) -> None:
    variants = Variants(20261207)
    texts = [variants.document() for _ in range(240)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda it: generator.run(it[1], f"v{it[0]}"), enumerate(texts)))
    failures = []
    outcomes = {DIES: 0, READS: 0, DROPS: 0, OVERRIDES: 0}
    for text, result in zip(texts, results, strict=True):
        outcomes[_outcome(text, result)] += 1
        problems = compare(text, result)
        if problems:
            failures.append("\n".join([text, *problems]))
    assert not failures, "\n\n=====\n".join(failures[:5])
    # the variants exercise every outcome
    assert all(count >= 10 for count in outcomes.values()), outcomes


# ---- every release ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def releases(generator: Oracle) -> dict[str, tuple[str, Result]]:
    """Every release's SUPPORT.md (4.10 to master) and what the generator makes of it."""
    texts = {}
    for ref in [*generator.tags(), "main"]:
        try:
            texts[ref] = generator.support_md(ref)
        except Exception:  # noqa: BLE001 - releases before 4.10 have no SUPPORT.md
            continue
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(generator.run, texts.values(), texts)
    return {ref: (texts[ref], result) for ref, result in zip(texts, results, strict=True)}


def test_every_release(releases: dict[str, tuple[str, Result]]) -> None:
    assert len(releases) >= 14
    texts = {ref: text for ref, (text, _) in releases.items()}
    results = {ref: result for ref, (_, result) in releases.items()}
    died = [ref for ref, result in results.items() if result.died]
    assert died == ["RELEASE-4.10.0"]  # 'States, Windows'
    for ref, text in texts.items():
        assert compare(text, results[ref]) == [], ref
    found = {
        ref: sorted((f.code, f.span.start.line + 1) for f in _findings(text))
        for ref, text in texts.items()
    }
    # Everything featuredoc reports about the releases' layout, each confirmed below.
    assert {ref: f for ref, f in found.items() if f} == {
        "RELEASE-4.10.0": [("FD502", 360)],
        "RELEASE-4.15.0": [("FD508", 433)],
        "RELEASE-4.16.0": [("FD508", 436)],
        "RELEASE-4.21.0": [("FD502", 965), ("FD502", 966)],
    }
    # 4.15 and 4.16 write two 'Status, Linux' lines for the PV display frontend:
    # the generator shows the second one only.
    for ref, line in (("RELEASE-4.15.0", 434), ("RELEASE-4.16.0", 437)):
        shown = dict(results[ref].rows)["pv-display-frontend--linux"]
        assert shown == texts[ref].split("\n")[line - 1].split(": ", 1)[1]
    # 4.21's Arm PSCI lines are indented by three spaces: not in the generator's table.
    assert not [key for key, _ in results["RELEASE-4.21.0"].rows if "mandatory" in key]


def test_master_has_every_cell_of_the_generator(releases: dict[str, tuple[str, Result]]) -> None:
    """The Direct-boot kernel image format rows (``Supported, x86: ...``) included."""
    text, result = releases["main"]
    doc = parse_document(text, "SUPPORT.md", DocumentKind.SUPPORT)
    rows = {row.key: row.value for row in read_support(doc).rows}
    assert len(rows) == len(result.rows) > 200
    assert rows["direct-boot-kernel-image-format--x86"] == "bzImage, ELF"
    assert rows["release-support--xen-version"] == dict(result.rows)["release-support--xen-version"]


# ---- the matrix ---------------------------------------------------------------------------


class _XenCells(html.parser.HTMLParser):
    """(row id, status text) of each row of the page's table of Xen's matrix."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        self._row: str | None = None
        self._cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if tag == "tr" and ident.startswith("xen-"):
            self._row, self._cells = ident[4:], []
        elif tag == "td" and self._row is not None:
            self._cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append((self._row, " ".join(self._cells[-1].split())))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._cells:
            self._cells[-1] += data


def test_matrix_is_the_generators_for_every_release(
    releases: dict[str, tuple[str, Result]], tmp_path: Path
) -> None:
    """``featuredoc matrix``'s table of Xen's matrix equals the generator's, cell for cell."""
    checked = 0
    for ref, (text, result) in releases.items():
        doc = parse_document(text, "SUPPORT.md", DocumentKind.SUPPORT)
        table = xen_table(doc)
        if result.died:
            assert table.rows == table.release == [] and table.stops, ref
            block = pandoc_blocks(doc)[result.block or 0]
            assert block.first < table.stops[0][0] <= block.last + 1
            continue
        checked += 1
        assert table.stops == []
        release = [(r.key, text_of(r.value)) for r in table.release]
        rows = [(r.key, text_of(r.value)) for r in table.rows]
        assert release == [r for r in result.rows if r[0].startswith("release-support--")], ref
        assert rows == [r for r in result.rows if not r[0].startswith("release-support--")], ref
    assert checked >= 13
    # and the page shows exactly those cells (master)
    text, result = releases["main"]
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "SUPPORT.md").write_text(text, encoding="utf-8")
    config, errors = config_from_data({})
    assert not errors
    index = WorkspaceIndex(tmp_path / "ws", config)
    index.scan()
    matrix = build(index, config)
    assert matrix.xen is not None and [r.headings[-1] for r in matrix.xen.release][:2] == [
        "Xen-Version",
        "Initial-Release",
    ]
    page = _XenCells()
    page.feed(render_html(matrix))
    expected = [r for r in result.rows if not r[0].startswith("release-support--")]
    assert page.rows == [(key, text_of(value)) for key, value in expected]
    assert "| Xen-Version: " not in render_markdown(matrix)
    assert f"- Xen-Version: {dict(result.rows)['release-support--xen-version']}" in render_markdown(
        matrix
    ).replace("\\-", "-")


# ---- suppressions -------------------------------------------------------------------------

SUPPRESSIBLE = [
    # a paragraph before the block: the comment goes on the line after it
    HEAD + "Widgets.\n\n    Status: Supportedly V1\n\n## Gadget\n\n    Status: Supported V2\n",
    # none: a disable-file comment at the end
    HEAD + "    Status: Supportedly V1\n\n## Gadget\n\n    Status: Supported V2\n",
]


@pytest.mark.parametrize("text", SUPPRESSIBLE, ids=["after a paragraph", "for the file"])
def test_suppressing_in_support_md_keeps_the_build(generator: Oracle, text: str) -> None:
    """featuredoc's "suppress" fix silences the finding, and Xen's generator still reads it."""
    from featuredoc.analysis.fixes import apply_edits
    from featuredoc.analysis.suppressions import suppress_fix
    from featuredoc.engine import analyse

    analysis = analyse(text, "SUPPORT.md", Config(), kind=DocumentKind.SUPPORT)
    assert analysis.document is not None
    [finding] = [f for f in analysis.findings if f.code == "FD501"]
    fix = suppress_fix(analysis.document, finding)
    fixed = apply_edits(text, fix.edits)
    assert "featuredoc: disable" in fixed
    assert [f.code for f in check(fixed, "SUPPORT.md", Config(), kind=DocumentKind.SUPPORT)] == []
    before, after = generator.run(text, "before"), generator.run(fixed, "after")
    assert not after.died, after.message
    assert after.rows == before.rows
