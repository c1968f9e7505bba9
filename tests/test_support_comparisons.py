"""FD602 on SUPPORT.md remembers its comparisons: every result must equal a fresh computation.

Random edit sequences in SUPPORT.md (entries renamed, added and removed,
status values changed, lines added above entries, CRLF, non-ASCII text) and
changes to the feature documents, each checked against the comparison
computed from scratch (:func:`support_disagreements`).
"""

from __future__ import annotations

import random
from pathlib import Path

from featuredoc.analysis.crossdoc import support_disagreements, support_entries
from featuredoc.engine import check, parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.findings import Finding, Severity
from featuredoc.rules.base import Inputs
from featuredoc.rules.fd602_status_disagrees_with_support import support_reports
from featuredoc.workspace.index import WorkspaceIndex

CONFIG = Config()
TIERS = ("Supported", "Experimental", "Tech Preview", "Supported, Not security supported")
NAMES = ("Live Patching", "Größenänderung", "Cache Allocation", "Credit 2", "Vertex 😀 Trap")


def feature_text(title: str, tier: str, arch: str | None = None) -> str:
    rows = [f"         Status: **{tier}**"]
    if arch:
        rows.append(f"   Architecture: {arch}")
    return (
        f"% {title}\n% Revision 1\n\n# Basics\n"
        "---------------- ----------------------------------------------------\n"
        + "\n".join(rows)
        + "\n---------------- ----------------------------------------------------\n"
    )


def support_text(rng: random.Random, names: list[str]) -> list[str]:
    lines = ["# Support", "", "Préambule ünïcode 😀.", ""]
    for name in names:
        lines += [f"### {name}", ""]
        for qualifier in rng.sample(["", ", x86", ", ARM"], rng.randint(1, 2)):
            lines.append(f"    Status{qualifier}: {rng.choice(TIERS)}")
        lines.append("")
    return lines


def reference(index: WorkspaceIndex, text: str, path: str) -> list[tuple[object, ...]]:
    """FD602's findings on SUPPORT.md computed from scratch, ordered as the engine orders them."""
    document = parse(text, path, CONFIG, DocumentKind.SUPPORT)
    reports = support_reports(
        CONFIG,
        [
            (feature, d)
            for feature, found in support_disagreements(
                list(index.features()), support_entries(document), CONFIG
            )
            for d in found
        ],
    )
    findings = [Finding("FD602", Severity.ERROR, r.message, r.span, [], r.related) for r in reports]
    findings.sort(key=Finding.sort_key)
    return [_shape(f) for f in findings]


def _shape(f: Finding) -> tuple[object, ...]:
    return (f.span, f.message, [(r.path, r.span, r.message) for r in f.related])


def edit(rng: random.Random, lines: list[str], names: list[str]) -> None:
    """One random edit of SUPPORT.md's lines, as a writer would make it."""
    status = [i for i, line in enumerate(lines) if line.lstrip().startswith("Status")]
    headings = [i for i, line in enumerate(lines) if line.startswith("### ")]
    choice = rng.randrange(8)
    if choice == 0 and status:  # a status value changes
        i = rng.choice(status)
        key = lines[i].split(":")[0]
        lines[i] = f"{key}: {rng.choice(TIERS)}"
    elif choice == 1:  # a line above the entries (every entry moves down)
        lines.insert(rng.randrange(1, 4), rng.choice(["Ünïcode prose 😀.", ""]))
    elif choice == 2 and headings:  # an entry is renamed
        i = rng.choice(headings)
        lines[i] = f"### {rng.choice(names + ['Ein ganz neuer Name'])}"
    elif choice == 3:  # an entry is added
        at = rng.choice(headings) if headings else len(lines)
        lines[at:at] = [f"### {rng.choice(names)}", "", f"    Status: {rng.choice(TIERS)}", ""]
    elif choice == 4 and headings:  # an entry is removed
        i = rng.choice(headings)
        j = next((h for h in headings if h > i), len(lines))
        del lines[i:j]
    elif choice == 5 and status:  # a status line is typed into, one character
        i = rng.choice(status)
        lines[i] = lines[i] + rng.choice("xé😀 ")
    elif choice == 6 and status:  # a status line is qualified
        i = rng.choice(status)
        value = lines[i].split(":", 1)[1]
        lines[i] = f"    Status, {rng.choice(['x86', 'ARM'])}:{value}"
    else:  # a character typed in prose
        lines[2] = lines[2] + rng.choice("aß😀")


def test_random_edits_give_what_a_fresh_comparison_gives(tmp_path: Path) -> None:
    rng = random.Random(7)
    folder = tmp_path / "docs" / "features"
    folder.mkdir(parents=True)
    features: list[Path] = []
    for number in range(24):
        name = NAMES[number % len(NAMES)]
        arch = rng.choice([None, "x86", "ARM"])
        path = folder / f"doc{number:02d}.pandoc"
        path.write_text(feature_text(name, rng.choice(TIERS), arch), encoding="utf-8")
        features.append(path)
    names = list(NAMES)
    lines = support_text(rng, names)
    support_path = tmp_path / "SUPPORT.md"
    support_path.write_text("\n".join(lines), encoding="utf-8")
    index = WorkspaceIndex(tmp_path, CONFIG)
    index.scan()
    inputs = Inputs(workspace=index)
    path = str(support_path)
    compared = grouped = 0
    for step in range(300):
        edit(rng, lines, names)
        if step % 25 == 24:  # a feature document changes in the editor (status or title)
            target = rng.choice(features)
            index.set_text(
                target,
                feature_text(rng.choice(NAMES), rng.choice(TIERS), rng.choice([None, "ARM"])),
            )
        crlf = step % 3 == 0
        text = ("\r\n" if crlf else "\n").join(lines)
        found = check(text, path, CONFIG, kind=DocumentKind.SUPPORT, inputs=inputs)
        got = [_shape(f) for f in found if f.code == "FD602"]
        assert got == reference(index, text, path), f"step {step}"
        compared += len(got)
        grouped += sum(1 for _, _, related in got if len(related) > 1)
    assert compared > 300  # the sequence did produce disagreements to compare
    assert grouped > 50  # and documents reported together on one status line


def test_features_is_the_same_sequence_until_a_feature_document_changes(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "features"
    folder.mkdir(parents=True)
    (folder / "a.pandoc").write_text(feature_text("Live Patching", "Supported"), encoding="utf-8")
    (folder / "b.pandoc").write_text(feature_text("Größe", "Experimental"), encoding="utf-8")
    (tmp_path / "SUPPORT.md").write_text("# Support\n", encoding="utf-8")
    index = WorkspaceIndex(tmp_path, CONFIG)
    index.scan()
    first = index.features()
    assert [d.title for d in first] == ["Live Patching", "Größe"]
    # SUPPORT.md changing does not change the feature documents
    support = parse("# Support\n\nÜ\n", str(tmp_path / "SUPPORT.md"), CONFIG, DocumentKind.SUPPORT)
    index.set_document(tmp_path / "SUPPORT.md", support)
    assert index.features() is first
    # a feature document changing does
    index.set_text(folder / "b.pandoc", feature_text("Größe 2", "Experimental"))
    second = index.features()
    assert second is not first
    assert [d.title for d in second] == ["Live Patching", "Größe 2"]
    # one that cannot be read any more is gone from it
    index.file_changed(folder / "a.pandoc")
    (folder / "a.pandoc").unlink()
    index.file_changed(folder / "a.pandoc")
    assert [d.title for d in index.features()] == ["Größe 2"]
