"""Fixes and the formatter never corrupt a document's tables.

Pandoc reads the Basics and History tables by column position, and so does
featuredoc's parser. For every fix offered on every rule fixture, every
example and every corpus document (when ``../shared`` is present), each
fix applied alone and the ``--fix`` loop as a whole, the document is parsed
again with featuredoc's own parser and must keep:

- as many tables, each with as many columns;
- the cells of the Basics and History tables: a fix changes only the cell
  its finding points at, and a fix that adds rows keeps the others as they
  were (in order, unchanged);
- its structure: no table vanishes (a fix that inserts a missing section
  may bring one), and the engine does not fail (FD902) where it did not
  before; a table that is still there but reads differently shows in its
  cells or columns.

The formatter keeps every cell and every count, whatever it re-aligns.
Generated History tables (Hypothesis; more with ``-m fuzz``) go through
the same checks, with columns too narrow for the padded date.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from featuredoc.analysis.fixes import apply_edits, fix_repeatedly
from featuredoc.analysis.table_cells import MAX_RELAYOUT_LINES
from featuredoc.cli import command as cli
from featuredoc.editing.formatting import format_document
from featuredoc.engine import check, parse
from featuredoc.model.config import Config
from featuredoc.model.document import Document, DocumentKind
from featuredoc.model.findings import Finding, Fix
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import Span
from rule_fixtures import all_fixtures, load, prepare

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
CORPUS = REPO.parent / "shared" / "corpus" / "xen"
TODAY = dt.date(2026, 1, 1)
#: Findings that say the engine failed on the document.
STRUCTURE = {"FD902"}


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    path: str
    kind: DocumentKind
    check: Callable[[str], list[Finding]]

    def parse(self, text: str) -> Document:
        return parse(text, self.path, Config(), self.kind)


def _fixture_cases() -> list[Case]:
    cases = []
    for path in all_fixtures():
        prepared = prepare(load(path))
        name = str(path.relative_to(path.parents[1]))
        cases.append(
            Case(name, prepared.fixture.text, prepared.path, prepared.kind, prepared.check)
        )
    return cases


def _plain_case(name: str, path: Path) -> Case:
    kind = DocumentKind.SUPPORT if path.name.startswith("SUPPORT") else DocumentKind.FEATURE
    config = Config()

    def checker(text: str) -> list[Finding]:
        return check(text, path.name, config, kind=kind, inputs=Inputs(today=TODAY))

    return Case(name, path.read_text(encoding="utf-8"), path.name, kind, checker)


def _example_cases() -> list[Case]:
    paths = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".pandoc", ".md"))
    return [_plain_case(str(p.relative_to(REPO)), p) for p in paths]


def _corpus_cases() -> list[Case]:
    if not CORPUS.is_dir():
        return []
    paths = sorted(p for p in CORPUS.iterdir() if p.suffix in (".pandoc", ".md"))
    return [_plain_case(f"corpus/{p.name}", p) for p in paths]


CASES = _fixture_cases() + _example_cases()


def _ids(cases: list[Case]) -> list[str]:
    return [case.name for case in cases]


# ---- what a document's tables hold ----------------------------------------------------

Rows = list[tuple[str, ...]]
Places = list[tuple[Span, ...]]


@dataclass
class Tables:
    columns: list[int]  # the number of columns of each table, in order
    basics: tuple[Rows, Places] | None
    history: tuple[Rows, Places] | None
    #: the History rows cut at the column starts, as pandoc cuts them (first lines only)
    positions: tuple[Rows, Places] | None


def _cut_at_columns(doc: Document) -> tuple[Rows, Places] | None:
    """Each History row's first line cut where the columns start, as pandoc reads it.

    featuredoc's parser reads a row whose date overflows its column by its
    words; pandoc does not, so fixes are held to this reading too.
    """
    if doc.history is None:
        return None
    starts = [start for start, _ in doc.history.table.columns][1:]
    rows: Rows = []
    places: Places = []
    for row in doc.history.rows:
        number = row.span.start.line
        line = doc.lines[number]
        bounds = [0, *starts, max(len(line), *starts)]
        cells = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
        rows.append(tuple(line[a:b].strip() for a, b in cells))
        places.append(tuple(Span.on_line(number, a, b) for a, b in cells))
    return rows, places


def tables(doc: Document) -> Tables:
    basics = history = None
    if doc.basics is not None:
        fields = doc.basics.fields
        basics = (
            [(f.key, f.value) for f in fields],
            [(f.key_span, f.value_span) for f in fields],
        )
    if doc.history is not None:
        rows = doc.history.rows
        history = (
            [(r.date, r.revision, r.version, r.notes) for r in rows],
            [(r.date_span, r.revision_span, r.version_span, r.notes_span) for r in rows],
        )
    return Tables([len(t.columns) for t in doc.tables], basics, history, _cut_at_columns(doc))


def _touches(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def assert_rows_kept(
    name: str,
    before: tuple[Rows, Places] | None,
    after: tuple[Rows, Places] | None,
    targets: list[Span],
    *,
    inserts: bool = True,
) -> None:
    """*after* holds *before*'s rows; a cell differs only where one of *targets* points."""
    assert after is not None or before is None, f"{name}: the table vanished"
    if before is None or after is None:
        return  # no table before: a fix may insert a section that holds one
    old, places = before
    new, _ = after
    if len(new) == len(old):
        for row, (was, now, where) in enumerate(zip(old, new, places, strict=True)):
            assert len(was) == len(now)
            for column, (a, b) in enumerate(zip(was, now, strict=True)):
                if a != b:
                    intended = any(_touches(where[column], t) for t in targets)
                    assert intended, (
                        f"{name}: row {row} column {column} changed from {a!r} to {b!r}, "
                        "a cell the fix does not point at"
                    )
        return
    assert inserts and len(new) > len(old), f"{name}: {len(old)} rows became {len(new)}"
    remaining = iter(new)
    assert all(row in remaining for row in old), f"{name}: rows were changed around an insertion"


def assert_tables_kept(
    name: str,
    before: Document,
    after: Document,
    targets: list[Span],
    *,
    inserts: bool = True,
    check_positions: bool = True,
) -> None:
    old, new = tables(before), tables(after)
    if len(new.columns) == len(old.columns):
        assert new.columns == old.columns, f"{name}: a table's columns changed"
    else:  # only an inserted section adds a table
        assert targets and len(new.columns) > len(old.columns), f"{name}: a table vanished"
    assert_rows_kept(f"{name} (Basics)", old.basics, new.basics, targets, inserts=inserts)
    assert_rows_kept(f"{name} (History)", old.history, new.history, targets, inserts=inserts)
    if check_positions:
        assert_rows_kept(
            f"{name} (History, cut at the columns)",
            old.positions,
            new.positions,
            targets,
            inserts=inserts,
        )


def assert_structure_kept(name: str, before: list[Finding], after: list[Finding]) -> None:
    had = {f.code for f in before}
    lost = {f.code for f in after if f.code in STRUCTURE and f.code not in had}
    assert not lost, f"{name}: the change brought {sorted(lost)}"


def _fixes(findings: list[Finding]) -> Iterator[tuple[Finding, Fix]]:
    for finding in findings:
        for fix in finding.fixes:
            yield finding, fix


# ---- every fix, alone -----------------------------------------------------------------


def assert_each_fix_keeps_tables(case: Case) -> None:
    findings = case.check(case.text)
    before = case.parse(case.text)
    for finding, fix in _fixes(findings):
        name = f"{case.name}: {finding.code} {fix.title!r}"
        text = apply_edits(case.text, fix.edits)
        assert_tables_kept(name, before, case.parse(text), [finding.span])
        assert_structure_kept(name, findings, case.check(text))


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_each_fix_keeps_the_tables(case: Case) -> None:
    assert_each_fix_keeps_tables(case)


def test_each_fix_keeps_the_tables_of_the_corpus() -> None:
    cases = _corpus_cases()
    if not cases:
        pytest.skip("the shared corpus (../shared/corpus/xen) is not present")
    for case in cases:
        assert_each_fix_keeps_tables(case)


# ---- the --fix loop -------------------------------------------------------------------


def assert_fix_loop_keeps_tables(case: Case) -> str:
    findings = case.check(case.text)
    run = fix_repeatedly(case.text, findings, case.check)
    targets = [f.span for f in findings if any(fix.safe for fix in f.fixes)]
    before = case.parse(case.text)
    # --fix applies no fix that adds rows: every row stays where it is
    assert_tables_kept(case.name, before, case.parse(run.text), targets, inserts=False)
    assert_structure_kept(case.name, findings, run.findings)
    return run.text


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_the_fix_loop_keeps_the_tables(case: Case) -> None:
    assert_fix_loop_keeps_tables(case)


def test_the_fix_loop_keeps_the_tables_of_the_corpus() -> None:
    cases = _corpus_cases()
    if not cases:
        pytest.skip("the shared corpus (../shared/corpus/xen) is not present")
    for case in cases:
        assert_fix_loop_keeps_tables(case)


# ---- the formatter --------------------------------------------------------------------


def assert_formatting_keeps_cells(name: str, case: Case, text: str) -> None:
    before = case.parse(text)
    formatted = apply_edits(text, format_document(before))
    after = case.parse(formatted)
    # (aligning a row that ignores the columns changes where pandoc cuts it: that is the point)
    assert_tables_kept(name, before, after, [], inserts=False, check_positions=False)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_formatting_keeps_every_cell(case: Case) -> None:
    assert_formatting_keeps_cells(case.name, case, case.text)
    fixed = fix_repeatedly(case.text, case.check(case.text), case.check).text
    assert_formatting_keeps_cells(f"{case.name} (after --fix)", case, fixed)


def test_formatting_keeps_every_cell_of_the_corpus() -> None:
    cases = _corpus_cases()
    if not cases:
        pytest.skip("the shared corpus (../shared/corpus/xen) is not present")
    for case in cases:
        assert_formatting_keeps_cells(case.name, case, case.text)


# ---- the README's example -------------------------------------------------------------

README_ROW = "2025-03-04 2        Xen 4.20 Declared supported"


def test_fix_pads_the_readme_date_without_moving_a_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``featuredoc check --fix`` on the README's example: the row keeps its columns."""
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    cli.main(["check", "--fix", "."])
    capsys.readouterr()
    path = root / "docs" / "features" / "grant-table-v3.pandoc"
    text = path.read_text(encoding="utf-8")
    assert README_ROW in text.splitlines()
    doc = parse(text, str(path), Config())
    assert doc.history is not None
    row = doc.history.rows[-1]
    assert (row.date, row.revision, row.version, row.notes) == (
        "2025-03-04",
        "2",
        "Xen 4.20",
        "Declared supported",
    )
    # and formatting the fixed document changes nothing
    assert format_document(doc) == []


def _example() -> str:
    return (EXAMPLES / "docs" / "features" / "grant-table-v3.pandoc").read_text(encoding="utf-8")


def _fd402(text: str) -> list[Finding]:
    return [
        f
        for f in check(text, "x.pandoc", Config(), inputs=Inputs(today=TODAY))
        if f.code == "FD402"
    ]


def test_the_fd402_quick_fix_takes_the_padding_after_the_date() -> None:
    text = _example()
    (finding,) = _fd402(text)
    (fix,) = finding.fixes
    fixed = apply_edits(text, fix.edits)
    assert fixed.splitlines()[50] == README_ROW
    assert [line for n, line in enumerate(fixed.splitlines()) if n != 50] == [
        line for n, line in enumerate(text.splitlines()) if n != 50
    ]


NARROW = """\
------------------------------------------------------------------
Date     Rev Version  Notes
-------- --- -------- -------------------------------------------
2024-1-9 1   Xen 4.19 Document written
                      over two lines
2025-3-4 2   Xen 4.20 Declared supported
-------- --- -------- -------------------------------------------
"""

NARROW_FIXED = """\
--------------------------------------------------------------------
Date       Rev Version  Notes
---------- --- -------- -------------------------------------------
2024-1-9   1   Xen 4.19 Document written
                        over two lines
2025-03-04 2   Xen 4.20 Declared supported
---------- --- -------- -------------------------------------------
"""


def test_a_date_too_wide_for_its_column_widens_the_column() -> None:
    text = _example().split("# History")[0] + "# History\n\n" + NARROW
    findings = _fd402(text)
    assert len(findings) == 2
    fix = findings[1].fixes[0]
    fixed = apply_edits(text, fix.edits)
    history = fixed.split("# History\n\n")[1]
    # every line of the table moves with the column, the borders too
    assert history == NARROW_FIXED
    doc = parse(fixed, "x.pandoc", Config())
    assert doc.history is not None
    assert [(r.date, r.revision, r.version, r.notes) for r in doc.history.rows] == [
        ("2024-1-9", "1", "Xen 4.19", "Document written over two lines"),
        ("2025-03-04", "2", "Xen 4.20", "Declared supported"),
    ]
    # the --fix loop pads both dates and keeps every other cell
    run = fix_repeatedly(text, findings, _fd402)
    assert not run.findings
    doc = parse(run.text, "x.pandoc", Config())
    assert doc.history is not None
    assert [(r.date, r.revision, r.version, r.notes) for r in doc.history.rows] == [
        ("2024-01-09", "1", "Xen 4.19", "Document written over two lines"),
        ("2025-03-04", "2", "Xen 4.20", "Declared supported"),
    ]


def test_a_table_too_long_to_lay_out_again_gets_no_fix() -> None:
    more = "                      more notes\n" * MAX_RELAYOUT_LINES
    head = "-" * 40 + "\nDate{} Rev Version  Notes\n{} --- -------- -------\n"
    bottom = "{} --- -------- -------\n"
    row = "2024-1-9{} 9   Xen 4.19 A long note\n"
    for width, fixed in ((8, False), (10, True)):
        pad = " " * (width - 8)
        table = (
            head.format(" " * (width - 4), "-" * width)
            + row.format(pad)
            + more
            + bottom.format("-" * width)
        )
        text = _example().split("# History")[0] + "# History\n\n" + table
        (finding,) = _fd402(text)
        assert "did you mean '2024-01-09'" in finding.message
        # in place, the table's length does not matter; laid out again, it does
        assert bool(finding.fixes) is fixed, width


BASICS = """\
% Grant Table v3
% Revision 2

# Basics
---------------- ----------------------------------------------------
         Status: **Supported**

       Compnent: Hypervisor
        Hardwar: x86 and Arm
                 boards
---------------- ----------------------------------------------------
"""


def test_a_renamed_key_keeps_its_colon_and_the_other_rows() -> None:
    findings = [f for f in check(BASICS, "x.pandoc", Config()) if f.code == "FD122"]
    assert len(findings) == 2
    fixed = apply_edits(BASICS, findings[0].fixes[0].edits)
    assert fixed.splitlines()[7] == "      Component: Hypervisor"
    assert fixed.splitlines()[:7] + fixed.splitlines()[8:] == (
        BASICS.splitlines()[:7] + BASICS.splitlines()[8:]
    )


def test_a_key_too_long_for_its_column_widens_the_column() -> None:
    config = Config(known_keys={**Config().known_keys, "Security support": []})
    text = BASICS.replace("        Hardwar:", "Secrity support:")
    (finding,) = [f for f in check(text, "x.pandoc", config) if "Secrity" in f.message]
    assert "did you mean 'Security support'" in finding.message
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert fixed.split("# Basics\n")[1] == (
        "----------------- ----------------------------------------------------\n"
        "          Status: **Supported**\n"
        "\n"
        "        Compnent: Hypervisor\n"
        "Security support: x86 and Arm\n"
        "                  boards\n"
        "----------------- ----------------------------------------------------\n"
    )


def test_an_added_signoff_row_fits_the_key_column() -> None:
    text = _example().replace("Supperted", "Supported")
    (finding,) = [f for f in check(text, "x.pandoc", Config()) if f.code == "FD301"]
    fixed = apply_edits(text, finding.fixes[0].edits)
    basics = fixed.split("# Basics\n")[1].split("\n\n# ")[0].splitlines()
    assert basics[0] == "------------------ " + "-" * 52
    assert "Security sign-off: Name <email>, YYYY-MM-DD" in basics
    # every colon where the key column ends, every value where the value column starts
    for line in basics[1:-1]:
        if ":" in line:
            assert line.index(":") == 17 and line[19] != " ", line
    doc = parse(fixed, "x.pandoc", Config())
    assert doc.basics is not None and doc.basics.key_width == 18


def test_formatting_leaves_a_row_cut_by_a_column_alone() -> None:
    """What the old FD402 fix left: the formatter must not make it permanent."""
    text = _example().replace("2025-3-4   2", "2025-03-04   2")
    doc = parse(text, "x.pandoc", Config())
    assert doc.history is not None
    assert doc.history.rows[-1].version == "Xen 4.2"  # the column cuts "4.20"
    assert format_document(doc) == []


def test_formatting_leaves_a_table_alone_when_its_rows_would_read_differently() -> None:
    """Here the narrow key column makes 'Component' continue the row before it;
    aligned, it would become a row of its own."""
    text = (
        "# Basics\n"
        "----   ------------ ------------------\n"
        "        Status: **Experimental**\n"
        "\n"
        "Not a key\n"
        "      Component: Hypervisor\n"
        "---------------- ------------------\n"
    )
    doc = parse(text, "x.pandoc", Config())
    assert doc.basics is not None
    assert [f.key for f in doc.basics.fields] == ["Status", "Not a key"]
    assert format_document(doc) == []


# ---- generated History tables ---------------------------------------------------------


@st.composite
def history_tables(draw: st.DrawFn) -> str:
    """A History table laid out in columns of drawn widths, some dates unpadded."""
    count = draw(st.integers(1, 6))
    rows = []
    for number in range(count):
        year = draw(st.integers(2010, TODAY.year - 1))  # future dates get no fix
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        pad_month, pad_day = draw(st.booleans()), draw(st.booleans())
        date = f"{year}-{month:0{2 if pad_month else 1}d}-{day:0{2 if pad_day else 1}d}"
        version = f"Xen 4.{draw(st.integers(0, 30))}"
        notes = draw(st.sampled_from(["Document written", "Déclaré supporté", "Changes", ""]))
        more = draw(st.sampled_from([None, "continued here", "  1. nested item"]))
        rows.append((date, str(number + 1), version, notes, more))
    widths = [max(len(r[c]) for r in rows) + draw(st.integers(0, 3)) for c in range(3)] + [
        draw(st.integers(5, 30))
    ]
    widths = [max(w, 1) for w in widths]
    header = ["Date", "Rev", "Version", "Notes"]
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    total = sum(widths) + 3

    def join(cells: list[str]) -> str:
        return " ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    border = " ".join("-" * w for w in widths)
    lines = ["-" * total, join(header), border]
    for date, revision, version, notes, more in rows:
        lines.append(join([date, revision, version, notes or "x"]))
        if more is not None:
            lines.append(" " * (total - widths[3]) + more)
    lines.append(border)
    return "\n".join(lines) + "\n"


def _generated(table: str) -> None:
    text = _example().split("# History")[0] + "# History\n\n" + table
    case = Case("generated", text, "x.pandoc", DocumentKind.FEATURE, _fd402)
    assert_each_fix_keeps_tables(case)
    fixed = assert_fix_loop_keeps_tables(case)
    assert not _fd402(fixed), fixed
    assert_formatting_keeps_cells("generated", case, text)
    assert_formatting_keeps_cells("generated (after --fix)", case, fixed)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(history_tables())
def test_generated_tables(table: str) -> None:
    _generated(table)


@pytest.mark.fuzz
@settings(
    max_examples=int(os.environ.get("FEATUREDOC_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(history_tables())
def test_generated_tables_long(table: str) -> None:
    _generated(table)
