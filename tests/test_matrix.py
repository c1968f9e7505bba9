"""The support matrix (``featuredoc matrix``): cells, agreement, and the three renderings."""

from __future__ import annotations

import html.parser
import json
import shutil
from pathlib import Path

import pytest

from featuredoc.cli import command as cli
from featuredoc.cli.matrix import Matrix, build, render_html, render_json, render_markdown
from featuredoc.workspace.config_file import config_from_data
from featuredoc.workspace.index import WorkspaceIndex


def corpus_matrix(corpus: Path, tmp_path: Path) -> Matrix:
    for path in corpus.iterdir():
        shutil.copy(path, tmp_path / path.name)
    config, errors = config_from_data({"include": ["*.pandoc"], "exclude": ["template.pandoc"]})
    assert not errors
    index = WorkspaceIndex(tmp_path, config)
    index.scan()
    return build(index, config)


def rows(matrix: Matrix, title: str) -> dict[str, tuple[str | None, str | None, str]]:
    feature = next(f for f in matrix.features if f.title == title)
    return {r.architecture: (r.doc_status, r.support_status, r.agreement) for r in feature.rows}


def test_corpus_cells(corpus: Path, tmp_path: Path) -> None:
    matrix = corpus_matrix(corpus, tmp_path)
    assert rows(matrix, "Live Patching") == {
        "x86": ("Supported", "Supported", "agree"),
        "ARM": ("Tech Preview/Experimental", "Experimental", "disagree"),
    }
    assert rows(matrix, "Credit2 Scheduler") == {"all": ("Supported", "Supported", "agree")}
    # linked by inference, with no Support entry row
    rtds = next(f for f in matrix.features if f.title == "RTDS Scheduler")
    assert rtds.entry == "RTDS based Scheduler"
    assert rows(matrix, "RTDS Scheduler") == {"all": ("Experimental", "Experimental", "agree")}
    hypfs = next(f for f in matrix.features if f.title == "Hypervisor FS")
    assert hypfs.entry == "Hypervisor file system"
    livepatch = next(f for f in matrix.features if f.title == "Live Patching")
    assert "FD602" in livepatch.problems.codes and livepatch.problems.errors >= 2
    assert livepatch.path == "livepatch.pandoc"
    assert matrix.disagreements == 1
    # SUPPORT.md entries that no document stands for are listed too, with their group
    memory = next(s for s in matrix.support_only if s.title == "Physical Memory")
    assert memory.group == "Host hardware support"
    assert memory.rows[0][:2] == (
        "x86",
        "Supported up to 12 TiB. Hosts with more memory are supported, but not security supported.",
    )
    assert all(s.title != "Live Patching" for s in matrix.support_only)
    assert all(s.title != "RTDS based Scheduler" for s in matrix.support_only)


class _Page(html.parser.HTMLParser):
    """Collects rows of cell texts, and anything that would load a resource."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.classes: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr":
            self.rows.append([])
            self.classes.append(values.get("class") or "")
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            value = values.get(name) or ""
            if value.startswith(("http:", "https:", "//")) or (tag == "link" and value):
                self.external.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_corpus_html_is_one_self_contained_page(corpus: Path, tmp_path: Path) -> None:
    page = _Page()
    text = render_html(corpus_matrix(corpus, tmp_path))
    page.feed(text)
    assert page.scripts == 0 and page.external == []
    assert "<style>" in text
    arm = [
        (row, cls)
        for row, cls in zip(page.rows, page.classes, strict=True)
        if row[:1] == ["ARM"] and "Tech Preview/Experimental" in row
    ]
    assert len(arm) == 1
    row, cls = arm[0]
    assert row[1:3] == ["Tech Preview/Experimental", "Experimental"]
    assert row[3].startswith("✗ disagree")
    assert cls == "disagree"
    credit2 = next(r for r in page.rows if r and r[0].startswith("Credit2 Scheduler"))
    assert credit2[1:4] == ["all", "Supported", "Supported"]
    assert credit2[4].startswith("✓ agree")
    assert 'href="./livepatch.pandoc"' in text
    assert "Legend" in text and "security team issues advisories" in text


def test_corpus_markdown_and_json(corpus: Path, tmp_path: Path) -> None:
    matrix = corpus_matrix(corpus, tmp_path)
    markdown = render_markdown(matrix)
    assert "|  | ARM | Tech Preview/Experimental | Experimental | **DISAGREE** |  |  |" in markdown
    data = json.loads(render_json(matrix))
    livepatch = next(f for f in data["features"] if f["title"] == "Live Patching")
    assert [r["agreement"] for r in livepatch["rows"]] == ["agree", "disagree"]
    assert data["disagreements"] == 1


def test_matrix_command_writes_the_format_its_output_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    features = tmp_path / "docs" / "features"
    features.mkdir(parents=True)
    (tmp_path / "SUPPORT.md").write_text(
        "# Support\n\n## Features\n\n### Widget\n\n    Status, x86: Supported\n"
        "    Status, ARM: Tech Preview\n\n### Gadget\n\n    Status: Experimental\n",
        encoding="utf-8",
    )
    (features / "widget.pandoc").write_text(
        "% Widget\n% Revision 1\n\n# Basics\n"
        "---------------- ----------------------------------------------------\n"
        "         Status: **Supported**\n\n"
        "Security sign-off: Jane Doe <jane.doe@example.org>, 2025-03-04\n"
        "---------------- ----------------------------------------------------\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "site" / "matrix.html"
    out.parent.mkdir()
    assert cli.main(["matrix", "--output", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'href="../docs/features/widget.pandoc"' in page  # relative to the page
    assert cli.main(["matrix", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (widget,) = data["features"]
    # one unqualified status against two architectures: one row per SUPPORT.md line
    assert [(r["architecture"], r["agreement"]) for r in widget["rows"]] == [
        ("x86", "agree"),
        ("ARM", "disagree"),
    ]
    assert widget["signoffs"] == [["Jane Doe", "2025-03-04"]]
    assert [s["title"] for s in data["support_only"]] == ["Gadget"]
    assert cli.main(["matrix"]) == 0
    assert capsys.readouterr().out.startswith("# Support matrix")
    (features / "other.pandoc").write_text("% Gadget\n", encoding="utf-8")
    assert cli.main(["matrix", "docs/features/other.pandoc", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["title"] for f in data["features"]] == ["Gadget"]  # only the PATHS given
    assert data["support_only"] == [
        {
            "group": "Features",
            "title": "Widget",
            "rows": [["x86", "Supported", 7], ["ARM", "Tech Preview", 8]],
        }
    ]
