"""Feature documents linked to their SUPPORT.md entries, over every Xen release.

The real pairs, as Xen's maintainers mean them: every one must link
without a ``Support entry`` row in every release that has both the
document and the entry, and the documents that have no entry must link to
nothing (an inferred link that is wrong is worse than none). The releases
come from ``../shared/corpus/xen-releases.bundle``, cloned once per session;
the tests skip when it (or git) is absent.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from featuredoc.analysis.crossdoc import match_entry, support_entries
from featuredoc.engine import parse
from featuredoc.model.config import Config
from featuredoc.model.document import DocumentKind
from featuredoc.model.text import fold

BUNDLE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "xen-releases.bundle"
CONFIG = Config()

#: file stem → the SUPPORT.md heading that stands for it (None: no entry does)
TRUTH: dict[str, str | None] = {
    "livepatch": "Live Patching",
    "sched_credit": "Credit Scheduler",
    "sched_credit2": "Credit2 Scheduler",
    "dom0less": "Dom0less",
    "sched_rtds": "RTDS based Scheduler",
    "qemu-deprivilege": "Device Model Deprivileging",
    "intel_psr_cat_cdp": "x86/Intel Platform QoS Technologies",
    "intel_psr_mba": "x86/Intel Platform QoS Technologies",
    "hypervisorfs": "Hypervisor file system",
    "migration": None,
    "feature-levelling": None,
}


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each release of the bundle (and ``main``) checked out in its own folder."""
    if not BUNDLE.is_file() or shutil.which("git") is None:
        pytest.skip("the releases bundle (../shared/corpus/xen-releases.bundle) or git is absent")
    root = tmp_path_factory.mktemp("xen-releases")
    clone = root / "clone"
    subprocess.run(["git", "clone", "-q", str(BUNDLE), str(clone)], check=True)
    tags = subprocess.run(
        ["git", "-C", str(clone), "tag"], capture_output=True, text=True, check=True
    ).stdout.split()
    found: dict[str, Path] = {}
    for rev in [*tags, "origin/main"]:
        where = root / rev.replace("/", "-")
        where.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(clone), "archive", rev, "SUPPORT.md", "docs/features"],
            capture_output=True,
        )
        if archive.returncode != 0:
            continue  # a release before SUPPORT.md
        subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
        found[rev] = where
    if not found:
        pytest.skip("the bundle holds no release with SUPPORT.md")
    yield found


def links(
    release: Path, features: Path | None = None
) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """file stem → (linked heading, candidates) for each feature document of *release*."""
    support = parse(
        (release / "SUPPORT.md").read_text(encoding="utf-8"),
        str(release / "SUPPORT.md"),
        CONFIG,
        DocumentKind.SUPPORT,
    )
    entries = support_entries(support)
    found = {}
    for path in sorted((features or release / "docs" / "features").iterdir()):
        if path.stem in ("template", "SUPPORT") or path.suffix not in (".pandoc", ".markdown"):
            continue
        doc = parse(path.read_text(encoding="utf-8"), str(path), CONFIG, DocumentKind.FEATURE)
        match = match_entry(doc, entries, CONFIG)
        assert match.explicit_name is None, f"{path.name} names its entry; the test is moot"
        found[path.stem] = (
            match.entry.title if match.entry else None,
            match.inference.candidates,
        )
    return found


def headings(release: Path) -> set[str]:
    text = (release / "SUPPORT.md").read_text(encoding="utf-8")
    support = parse(text, "SUPPORT.md", CONFIG, DocumentKind.SUPPORT)
    return {fold(h.title) for h in support.headings}


def test_every_real_pair_links_in_every_release(releases: dict[str, Path]) -> None:
    checked = 0
    for rev, release in releases.items():
        present = headings(release)
        for stem, (linked, candidates) in links(release).items():
            assert stem in TRUTH, f"{rev}: {stem} is new; add it to TRUTH"
            wanted = TRUTH[stem]
            if wanted is not None and fold(wanted) in present:
                assert linked == wanted, f"{rev}: {stem} links to {linked!r}, not {wanted!r}"
                checked += 1
            else:  # no entry stands for it in this release: no link, and no candidate
                assert (linked, candidates) == (None, ()), f"{rev}: {stem} → {linked!r}"
    # 4.10 .. 4.22 and main, at least the schedulers in each: the bundle was really read
    assert checked >= 3 * len(releases)


def test_main_links_all_nine_documents_that_have_an_entry(releases: dict[str, Path]) -> None:
    found = links(releases["origin/main"])
    assert {stem: linked for stem, (linked, _) in found.items()} == TRUTH


def test_the_corpus_links_as_main_does(corpus: Path) -> None:
    found = links(corpus, corpus)
    assert {stem: linked for stem, (linked, _) in found.items()} == TRUTH
