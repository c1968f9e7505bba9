"""``featuredoc check`` over the real Xen documents, one of them saved in Latin-1.

Reads ``../shared/corpus/xen`` and skips when it is absent. The documents
are copied to a temporary tree laid out as in Xen (``SUPPORT.md`` at the top,
``docs/features/*.pandoc``, no ``.git``) and, separately, as the corpus keeps
them (one flat folder).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import Runner, run_process

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "xen"
LATIN1_DOC = "intel_psr_mba.pandoc"
TITLE = "% Intel Memory Bandwidth Allocation (MBA) Feature"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus/xen) is not present")
    return CORPUS


def save_in_latin1(path: Path) -> None:
    """The document as an editor set to Latin-1 saves it, with a "®" in the title."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith(TITLE + "\n")
    path.write_bytes(text.replace("% Intel ", "% Intel\u00ae ", 1).encode("latin-1"))


def xen_layout(corpus: Path, root: Path) -> Path:
    features = root / "docs" / "features"
    features.mkdir(parents=True)
    for path in corpus.iterdir():
        target = root / path.name if path.name == "SUPPORT.md" else features / path.name
        shutil.copy(path, target)
    return root


def test_the_corpus_checks_without_exit_status_2(corpus: Path, tmp_path: Path) -> None:
    root = xen_layout(corpus, tmp_path / "xen")
    clean = run_process("check", "--format", "json", cwd=root)
    assert clean.returncode == 1, clean.stderr.decode()
    save_in_latin1(root / "docs" / "features" / LATIN1_DOC)
    proc = run_process("check", "--format", "json", cwd=root)
    assert proc.returncode == 1, proc.stderr.decode()
    assert proc.stderr == b""
    found = json.loads(proc.stdout)
    rel = f"docs/features/{LATIN1_DOC}"
    (fd904,) = [f for f in found if f["code"] == "FD904"]
    assert fd904["path"] == rel
    assert fd904["range"] == {
        "start": {"line": 0, "character": 7},
        "end": {"line": 0, "character": 8},
    }
    # everything else about that document is still reported, as before the re-encoding
    before = {(f["code"], f["range"]["start"]["line"]) for f in json.loads(clean.stdout)}
    after = {(f["code"], f["range"]["start"]["line"]) for f in found}
    assert {c for c in before if c[0] != "FD601"} <= after
    assert {f["path"] for f in found} == {f["path"] for f in json.loads(clean.stdout)}


def test_every_corpus_file_named_alone_never_exits_2(
    corpus: Path, tmp_path: Path, run: Runner
) -> None:
    flat = tmp_path / "corpus"
    shutil.copytree(corpus, flat)
    save_in_latin1(flat / LATIN1_DOC)
    for path in sorted(flat.iterdir()):
        result = run("check", path.name, cwd=flat)
        assert result.code != 2, (path.name, result.err)
        assert "error:" not in result.err, (path.name, result.err)
    text = run("check", LATIN1_DOC, cwd=flat).out
    assert f"{LATIN1_DOC}:1:8: error FD904 Byte 0xAE is not valid UTF-8" in text
    every = run("check", *sorted(p.name for p in flat.iterdir()), cwd=flat)
    assert every.code == 1 and "error:" not in every.err
