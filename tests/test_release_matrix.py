"""The support matrix of the releases (``featuredoc matrix --releases``), against Xen's generator.

Every release in ``../shared/corpus/xen-releases.bundle`` (cloned here) is a
column; each column is what master's ``docs/parse-support-md`` makes of that
release's SUPPORT.md alone, and the whole table is what it makes of all of
them at once (``tests/oracle.py``; skipped without the bundle, pandoc or
perl, except where the oracle is required). Columns built from texts
(no git) cover the merging and the change marks.
"""

from __future__ import annotations

import html.parser
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from featuredoc.analysis.support_reading import pandoc_blocks, plain_text
from featuredoc.cli.release_matrix import (
    MISSING,
    READS,
    STOPS,
    ReleaseMatrix,
    Source,
    build_releases,
    release_sources,
)
from featuredoc.cli.release_matrix_render import render_html, render_json, render_markdown
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.parser.document import parse_document
from oracle import BUNDLE, Oracle, oracle, text_of

# ---- the Xen releases ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def xen_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not BUNDLE.is_file():
        pytest.skip(f"no {BUNDLE}")
    clone = tmp_path_factory.mktemp("release-matrix") / "xen"
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", str(BUNDLE), str(clone)],
        check=True,
        capture_output=True,
    )
    return clone


@pytest.fixture(scope="module")
def xen(xen_repo: Path) -> tuple[ReleaseMatrix, list[Source], int]:
    sources, requests = release_sources(xen_repo, Config(), [], "RELEASE-*")
    return build_releases(sources, Config()), sources, requests


@pytest.fixture(scope="module")
def generator(tmp_path_factory: pytest.TempPathFactory) -> Oracle:
    return oracle(tmp_path_factory.mktemp("release-oracle"))


def test_every_release_with_support_md_is_a_column(
    xen: tuple[ReleaseMatrix, list[Source], int],
) -> None:
    matrix, sources, requests = xen
    names = [c.name for c in matrix.columns]
    # 4.7 to 4.9 have no SUPPORT.md; oldest first (4.9 < 4.10), then HEAD (master)
    assert names == [f"RELEASE-4.{n}.0" for n in range(10, 23)] + ["HEAD"]
    by_name = {c.name: c for c in matrix.columns}
    assert by_name["RELEASE-4.10.0"].state == STOPS
    assert [(f.code, f.line) for f in by_name["RELEASE-4.10.0"].findings] == [("FD502", 360)]
    assert [(f.code, f.line) for f in by_name["RELEASE-4.15.0"].findings] == [("FD508", 433)]
    assert all(c.state == READS for c in matrix.columns[1:])
    assert by_name["RELEASE-4.22.0"].version == "4.22"
    assert all(row.cells[0].value is None for row in matrix.rows)  # the column 4.10 is empty
    # one git process answered: per tag its SUPPORT.md (16 tags), per release its
    # commit (13), HEAD's commit and SUPPORT.md; nothing asked twice
    assert requests == 16 + 13 + 2
    assert len({s.commit for s in sources}) == len(sources)


def test_a_change_is_marked_where_it_happens(xen: tuple[ReleaseMatrix, list[Source], int]) -> None:
    matrix, _, _ = xen
    names = [c.name for c in matrix.columns]
    xeon_phi = next(r for r in matrix.rows if r.qualifier == "Xeon Phi")
    changed = [names[i] for i, cell in enumerate(xeon_phi.cells) if cell.changed]
    first = names.index(changed[0])
    assert xeon_phi.cells[first - 1].value is None and xeon_phi.cells[first].value
    assert xeon_phi.cells[first].since == names[first - 1]
    version = next(r for r in matrix.rows if r.key == "release-support--xen-version")
    # 4.11 is compared with nothing (4.10 is not read); every later release changes it
    assert [c.changed for c in version.cells] == [False, False] + [True] * 12


def test_every_column_is_the_generators_reading_of_that_release(
    generator: Oracle, xen: tuple[ReleaseMatrix, list[Source], int]
) -> None:
    matrix, sources, _ = xen
    texts = [s.text or "" for s in sources]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(generator.run, texts, [f"r{n}" for n in range(len(texts))]))
    died = []
    for index, (column, result) in enumerate(zip(matrix.columns, results, strict=True)):
        if result.died:
            died.append(column.name)
            assert column.state == STOPS
            assert all(row.cells[index].value is None for row in matrix.rows)
            doc = parse_document(texts[index], "SUPPORT.md", DocumentKind.SUPPORT)
            block = pandoc_blocks(doc)[result.block or 0]
            fails = [f for f in column.findings if "build fails here" in f.message]
            assert fails and block.first < fails[0].line <= block.last + 1, column.name
            continue
        assert column.state == READS
        cells = [
            (row.key, text_of(row.cells[index].value or ""))
            for row in matrix.rows
            if row.cells[index].value is not None
        ]
        assert sorted(cells) == sorted(result.rows), column.name
        assert column.rows == len(result.rows)
    assert died == ["RELEASE-4.10.0"]


def test_the_table_is_the_generators_given_every_release(
    generator: Oracle, xen: tuple[ReleaseMatrix, list[Source], int]
) -> None:
    """Rows in the generator's order, every cell its cell, when given the newest first."""
    matrix, sources, _ = xen
    read = [i for i, c in enumerate(matrix.columns) if c.state == READS]
    theirs = generator.run_columns([sources[i].text or "" for i in reversed(read)])
    expected = [(key, cells[::-1]) for key, cells in theirs]
    mine = [
        (
            row.key,
            [
                "-" if row.cells[i].value is None else text_of(row.cells[i].value or "")
                for i in read
            ],
        )
        for row in matrix.rows
    ]
    assert len(mine) > 200
    assert mine == expected


class _Cells(html.parser.HTMLParser):
    """Each release row's cells: (row id, [(class, title, text), ...])."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[tuple[str, str, str]]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr":
            self.rows.append(((values.get("id") or "").removeprefix("rel-"), []))
        elif tag == "td":
            self.rows[-1][1].append((values.get("class") or "", values.get("title") or "", ""))
            self._open = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            cls, title, text = self.rows[-1][1][-1]
            self.rows[-1][1][-1] = (cls, title, text + data)


def test_the_pages_show_every_cell_and_every_change(
    xen: tuple[ReleaseMatrix, list[Source], int],
) -> None:
    matrix, _, _ = xen
    page = _Cells()
    page.feed(render_html(matrix))
    rows = [r for r in page.rows if r[0] and r[1]]
    assert [key for key, _ in rows] == [row.key for row in matrix.rows]
    for (_, cells), row in zip(rows, matrix.rows, strict=True):
        shown = cells[2:]  # after the entry and the architecture
        assert len(shown) == len(matrix.columns)
        for (cls, title, text), cell in zip(shown, row.cells, strict=True):
            assert ("changed" in cls.split()) == cell.changed
            if cell.changed:
                assert cell.since is not None and cell.since in title
            if cell.value is not None and row.sections == ["Release Support"]:
                assert text == plain_text(cell.value)  # a date, a version, a link's text
            elif cell.value is not None:
                assert text == cell.value
    markdown = render_markdown(matrix)
    assert markdown.count("| Δ ") == matrix.changes
    assert "Δ: the status differs from the column to its left" in markdown
    assert "### RELEASE-4.10.0" in markdown and "FD502" in markdown
    data = json.loads(render_json(matrix))
    assert (
        data["changes"]
        == matrix.changes
        == sum(cell["changed"] for row in data["rows"] for cell in row["cells"])
    )
    assert [c["state"] for c in data["columns"]][:2] == [STOPS, READS]


# ---- columns from texts -------------------------------------------------------------------

HEAD = "% Support statement\n\n# Feature Support\n\n"


def _source(name: str, text: str | None) -> Source:
    return Source(name, None, None, text)


def test_rows_merge_as_the_generator_merges_its_inputs() -> None:
    """The newest (rightmost) column's layout; a row only older columns have stays in its place."""
    old = (
        HEAD
        + "## Größe ✓\n\n    Status, x86: Tech Preview\n    Status, Arm: Experimental\n\n"
        + ("## Gone\n\n    Status: Supported\n")
    )
    new = HEAD + "## Neu\n\n    Status: Experimental\n\n## Größe ✓\n\n    Status, x86: Supported\n"
    matrix = build_releases([_source("v1", old), _source("v2", new)], Config())
    assert [(r.entry, r.qualifier) for r in matrix.rows] == [
        ("Neu", None),
        ("Größe ✓", "x86"),
        ("Größe ✓", "Arm"),
        ("Gone", None),
    ]
    assert all(r.sections == ["Feature Support"] for r in matrix.rows)
    cells = {(r.entry, r.qualifier): r.cells for r in matrix.rows}
    arm = cells[("Größe ✓", "Arm")]
    assert (arm[0].value, arm[1].value, arm[1].changed, arm[1].was) == (
        "Experimental",
        None,
        True,
        "Experimental",
    )
    x86 = cells[("Größe ✓", "x86")]
    assert (x86[0].changed, x86[1].changed, x86[1].was, x86[1].since) == (
        False,
        True,
        "Tech Preview",
        "v1",
    )
    assert cells[("Neu", None)][1].changed and cells[("Neu", None)][1].was is None
    assert matrix.changes == 4


def test_unchanged_statuses_are_not_marked() -> None:
    text = HEAD + "## Widget\n\n    Status: Supported\n"
    spaced = HEAD + "## Widget\n\n    Status:   Supported\n"
    matrix = build_releases([_source("a", text), _source("b", spaced)], Config())
    assert matrix.changes == 0


def test_an_unreadable_and_a_missing_support_md_keep_their_columns() -> None:
    good = HEAD + "## Widget\n\n    Status: Supported\n"
    broken = HEAD + "## Widget\n\n    States: Supported\n"
    raised = HEAD + "## Widget\n\n    Status: Supported, with caveats\n"
    sources = [
        _source("1.0", good),
        _source("1.1", broken),
        _source("1.2", None),
        _source("1.3", raised),
    ]
    matrix = build_releases(sources, Config())
    assert [c.state for c in matrix.columns] == [READS, STOPS, MISSING, READS]
    assert [(f.code, f.line) for f in matrix.columns[1].findings] == [("FD502", 7)]
    assert "build fails here" in matrix.columns[1].findings[0].message
    [row] = matrix.rows
    assert [c.value for c in row.cells] == ["Supported", None, None, "Supported, with caveats"]
    # compared with the nearest column that is read: 1.3 against 1.0
    assert [c.changed for c in row.cells] == [False, False, False, True]
    assert row.cells[3].since == "1.0"
    markdown = render_markdown(matrix)
    assert "| Widget |  | Supported |  |  | Δ Supported, with caveats |" in markdown
    assert "### 1.1" in markdown
    page = render_html(matrix)
    assert '<td class="stops"></td>' in page and '<td class="missing-col"></td>' in page
    assert 'id="findings-1.1"' in page


def test_each_text_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same SUPPORT.md at two revisions is read once; its columns still differ by name."""
    from featuredoc.cli import release_matrix

    parsed: list[str] = []
    real = release_matrix.parse

    def counting(text: str, *args: object, **kwargs: object) -> object:
        parsed.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(release_matrix, "parse", counting)
    one = HEAD + "## Widget\n\n    Status: Supported\n"
    two = HEAD + "## Widget\n\n    Status: Experimental\n"
    sources = [_source("a", one), _source("b", one), _source("c", two), _source("d", one)]
    matrix = build_releases(sources, Config())
    assert parsed == [one, two]
    assert [c.name for c in matrix.columns] == ["a", "b", "c", "d"]
    assert [c.changed for c in matrix.rows[0].cells] == [False, False, True, True]
    assert matrix.columns[0].findings is not matrix.columns[1].findings
