"""Documents for the benchmarks: where the real ones are, and deterministic synthetic ones.

Shared by ``lsp_bench.py`` (the default document and the 10 MB big document) and
``cli_bench.py`` (the ~1,610-file set). Everything generated here is a pure function of
the source documents and a seed, so two runs on two machines measure the same bytes.
"""

from __future__ import annotations

import datetime
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The real Xen documents: ``../shared/corpus/xen`` beside the repository, or the
#: directory named by the ``FEATUREDOC_CORPUS`` environment variable.
DEFAULT_CORPUS = Path(
    os.environ.get("FEATUREDOC_CORPUS") or REPO.parent / "shared" / "corpus" / "xen"
)

TIERS = ("Supported", "Tech Preview", "Experimental", "Deprecated")
# Mistakes that real history holds: typos, two tiers at once, lower case.
BAD_TIERS = ("Supperted", "Tech Preview/Experimental", "supported", "Experimantal")
SUPPORT_VALUES = (
    "Supported",
    "Tech Preview",
    "Experimental",
    "Supported, not security supported",
    "Supported, with caveats",
    "Not supported",
    "Deprecated",
)

LOREM = (
    "The scheduler keeps per-CPU run queues and balances them when a vCPU wakes up. "
    "Parameters are read at boot and can be changed later through the toolstack. "
    "Guests that pin their vCPUs are not affected by the balancing described here. "
    "Known limitations are listed below together with the releases that lifted them."
)


@dataclass(frozen=True)
class Sources:
    """The documents a benchmark starts from, and a sentence saying where they came from."""

    features: list[Path]
    support: Path | None
    origin: str


def _show(path: Path) -> str:
    """A path as the repository sees it (``../shared/corpus/xen``), for the reports."""
    try:
        return os.path.relpath(path, REPO)
    except ValueError:
        return str(path)


def find_sources(corpus: Path | None = None) -> Sources:
    """The real corpus when present, else the project's own test fixtures."""
    corpus = corpus or DEFAULT_CORPUS
    if corpus.is_dir():
        feats = sorted(corpus.glob("*.pandoc"))
        sup = corpus / "SUPPORT.md"
        if feats or sup.is_file():
            return Sources(feats, sup if sup.is_file() else None, f"real corpus {_show(corpus)}")
    tests = REPO / "tests"
    feats = sorted(p for p in tests.rglob("*.pandoc") if p.is_file())
    sups = sorted(p for p in tests.rglob("SUPPORT.md") if p.is_file())
    return Sources(
        feats,
        sups[0] if sups else None,
        f"corpus absent ({_show(corpus)}); the project's own fixtures under {_show(tests)}",
    )


def default_document() -> Path:
    """The keystroke benchmark's document: the real SUPPORT.md, else the largest source."""
    src = find_sources()
    if src.support is not None:
        return src.support
    if src.features:
        return max(src.features, key=lambda p: p.stat().st_size)
    raise FileNotFoundError("no corpus and no fixtures: pass --file")


# ----------------------------------------------------------------------------------------
# The big document


def _prose_paragraphs(texts: list[str]) -> list[str]:
    paras: list[str] = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text):
            lines = block.strip("\n").split("\n")
            if len(lines) >= 2 and all(ln[:1].isalpha() for ln in lines):
                paras.append("\n".join(lines))
    return paras or [LOREM]


def big_feature_doc(
    target_bytes: int, feature_texts: list[str], *, target_lines: int | None = None
) -> str:
    """A valid-looking feature document of about ``target_bytes`` bytes (or lines).

    Title block, Basics table, every template section; "Technical details" holds as many
    ``###`` subsections of real prose (cycled from the corpus) as it takes to reach the
    size, and History a row per hundred subsections. With *target_lines* the size is
    counted in lines instead of bytes.
    """
    paras = _prose_paragraphs(feature_texts)
    head = (
        "% Synthetic Large Feature\n% Revision 1\n\n\\clearpage\n\n# Basics\n"
        "---------------- ----------------------------------------------------\n"
        "         Status: **Supported**\n\n"
        "      Component: Hypervisor\n\n"
        "Security sign-off: Jane Doe <jane.doe@example.org>, 2020-01-15\n"
        "---------------- ----------------------------------------------------\n\n"
        "# Overview\n\n" + paras[0] + "\n\n# User details\n\n" + paras[1 % len(paras)] + "\n\n"
        "# Technical details\n\n"
    )
    tail_sections = "".join(
        f"# {name}\n\n{paras[i % len(paras)]}\n\n"
        for i, name in enumerate(
            ("Limitations", "Testing", "Areas for improvement", "Known issues", "References"),
            start=2,
        )
    )
    parts = [head]

    def measure(piece: str) -> int:
        return piece.count("\n") if target_lines is not None else len(piece.encode())

    size = measure(head) + measure(tail_sections)
    target = target_lines if target_lines is not None else target_bytes - 4096
    n = 0
    while size < target:
        chunk = f"### Part {n + 1}\n\n{paras[n % len(paras)]}\n\n"
        parts.append(chunk)
        size += measure(chunk)
        if target_lines is not None and n % 100 == 0:
            size += 1  # the History row added for every hundred parts
        n += 1
    rows = max(1, n // 100)
    history = [
        "# History\n\n"
        "------------------------------------------------------------------------\n"
        "Date       Revision Version  Notes\n"
        "---------- -------- -------- -------------------------------------------\n"
    ]
    history.append("2020-01-15 1        Xen 4.14 Document written\n")
    for r in range(2, rows + 1):
        day = datetime.date(2020, 1, 15) + datetime.timedelta(days=r)
        history.append(f"{day.isoformat()} {r:<8} Xen 4.14 Part {r * 100} added\n")
    history.append("---------- -------- -------- -------------------------------------------\n")
    text = "".join(parts) + tail_sections + "".join(history)
    # the title revision matches the last History row, as the template asks
    return text.replace("% Revision 1\n", f"% Revision {rows}\n", 1)


#: featuredoc's default ``max_document_size`` (2 MiB): a larger document is not analysed.
SIZE_CAP = 2 * 1024 * 1024
#: Room left under the cap for what a benchmark types into a generated document.
TYPING_HEADROOM = 16 * 1024


def many_sections_doc(base_text: str, lines: int, *, headroom: int = TYPING_HEADROOM) -> str:
    """*base_text* followed by short sections, cut to exactly *lines* lines.

    After the base text (the real ``sched_credit2.pandoc`` in the benchmarks) and one blank
    line comes the group ``## Detail i``, a blank line, a one-line paragraph, a blank line,
    for i = 1, 2, ...; the text ends with a newline and has exactly *lines* lines (the last
    group may be cut short). 100,000 lines hold about 25,000 sections. Raises
    ``ValueError`` when the base text alone is longer than *lines*, or when the result
    plus *headroom* bytes would exceed :data:`SIZE_CAP` (the document would then not be
    analysed at all, and nothing would be measured).
    """
    head = base_text.rstrip("\n").split("\n") + [""]
    if len(head) > lines:
        raise ValueError(f"the base text has {len(head)} lines, more than {lines}")
    out = head
    i = 0
    while len(out) < lines:
        i += 1
        out += [
            f"## Detail {i}",
            "",
            f"Detail {i} tells how one more run queue is balanced.",
            "",
        ]
    text = "\n".join(out[:lines]) + "\n"
    size = len(text.encode("utf-8"))
    if size + headroom > SIZE_CAP:
        raise ValueError(
            f"{lines:,} lines make {size:,} bytes: with {headroom:,} bytes of headroom for "
            f"typing that is over the {SIZE_CAP:,}-byte cap"
        )
    return text


def sched_credit2_path() -> Path:
    """The base of :func:`many_sections_doc`: the real ``sched_credit2.pandoc``, else (no
    corpus) the largest feature document among the sources."""
    src = find_sources()
    for path in src.features:
        if path.name == "sched_credit2.pandoc":
            return path
    if not src.features:
        raise FileNotFoundError(f"no feature document among the sources ({src.origin})")
    return max(src.features, key=lambda p: p.stat().st_size)


# ----------------------------------------------------------------------------------------
# Variants: stand-ins for the history that is not available here

_REV = re.compile(r"^% Revision .*$", re.M)
_BOLD_TIER = re.compile(r"(Status: )\*\*([^*\n]+)\*\*")
_HEADING = re.compile(r"^# ", re.M)
_SUPPORT_STATUS = re.compile(r"^(    Status[^:\n]*: )(.*)$", re.M)
_SUPPORT_SECTION = re.compile(r"^### ", re.M)


def feature_variant(text: str, rng: random.Random, k: int) -> str:
    """One plausible earlier or later revision of a feature document.

    Applies 1-3 of: a revision change, a status change (now and then a real-world mistake
    such as a typo), the later top-level sections cut (an earlier draft), a History row
    added; and always adds a sentence to one paragraph.
    """
    ops = rng.sample(["rev", "status", "truncate", "history"], rng.randint(1, 3))
    if "truncate" in ops:
        starts = [m.start() for m in _HEADING.finditer(text)]
        if len(starts) > 4:
            cut = starts[rng.randint(max(3, len(starts) - 4), len(starts) - 1)]
            text = text[:cut]
    if "rev" in ops:
        text = _REV.sub(f"% Revision {rng.choice(['1', '2', '3', '4', '1.2', '10'])}", text, 1)
    if "status" in ops:
        pool = TIERS + BAD_TIERS if rng.random() < 0.3 else TIERS
        text = _BOLD_TIER.sub(lambda m: f"{m.group(1)}**{rng.choice(pool)}**", text, 1)
    if "history" in ops and "\n---------- -------- " in text:
        idx = text.rfind("\n---------- -------- ")
        row = f"\n20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-{rng.randint(10, 28)} {k + 2:<8} "
        text = text[:idx] + row + "Xen 4.1" + str(rng.randint(0, 9)) + " Revised" + text[idx:]
    # every variant also gets a sentence of its own, so that no two are identical, like
    # any two real revisions
    paras = [m.end() for m in re.finditer(r"[a-z]\.\n\n", text)]
    at = paras[rng.randrange(len(paras))] - 2 if paras else len(text)
    text = text[:at] + f" (Revised in change {k}.)" + text[at:]
    return text


def support_variant(text: str, rng: random.Random, k: int) -> str:
    """One plausible revision of SUPPORT.md.

    Drops up to a fifth of the ``###`` sections (earlier revisions listed fewer features),
    changes a few Status values (promotions, demotions, now and then a typo) and bumps
    the Xen-Version line.
    """
    starts = [m.start() for m in _SUPPORT_SECTION.finditer(text)]
    if len(starts) > 10:
        drop = set(rng.sample(range(len(starts) - 1), rng.randint(0, len(starts) // 5)))
        pieces = [text[: starts[0]]]
        for i, s in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            if i not in drop:
                pieces.append(text[s:end])
        text = "".join(pieces)
    statuses = list(_SUPPORT_STATUS.finditer(text))
    chosen = rng.sample(statuses, min(len(statuses), rng.randint(1, 5)))
    for m in sorted(chosen, key=lambda m: m.start(), reverse=True):
        value = rng.choice(SUPPORT_VALUES + (("Supperted",) if rng.random() < 0.2 else ()))
        text = text[: m.start()] + m.group(1) + value + text[m.end() :]
    text = re.sub(
        r"^(    Xen-Version: ).*$", lambda m: f"{m.group(1)}4.{k % 22}", text, count=1, flags=re.M
    )
    return text + f"\n<!-- revision {k} -->\n"


# ----------------------------------------------------------------------------------------
# Workspaces


def workspace(root: Path, documents: int, seed: int = 1) -> Path:
    """A Xen-like tree under *root* holding *documents* documents; returns its SUPPORT.md.

    SUPPORT.md (the real one when present) and, in ``docs/features``, the original feature
    documents followed by variants of them (:func:`feature_variant`: revised statuses,
    truncated drafts, ...) until there are ``documents - 1`` of them. Variants keep their
    original's title, so each matches a SUPPORT.md entry, as revisions of one feature do.
    """
    src = find_sources()
    if src.support is None:
        raise FileNotFoundError("no SUPPORT.md among the sources")
    features = [(p.stem, p.read_text(encoding="utf-8")) for p in src.features]
    folder = root / "docs" / "features"
    folder.mkdir(parents=True, exist_ok=True)
    support = root / "SUPPORT.md"
    support.write_text(src.support.read_text(encoding="utf-8"), encoding="utf-8")
    rng = random.Random(seed)
    for k in range(documents - 1):
        name, text = features[k % len(features)]
        if k < len(features):
            (folder / f"{name}.pandoc").write_text(text, encoding="utf-8")
        else:
            variant = feature_variant(text, rng, k)
            (folder / f"{name}-v{k // len(features) + 1}.pandoc").write_text(
                variant, encoding="utf-8"
            )
    return support
