"""SUPPORT.md texts and the typing the SUPPORT.md keystroke tests apply to them.

A SUPPORT.md with a finding of each rule that keeps state between versions,
what an author types into one (prose, paths, links, status lines, fences,
headings, the Release Support fields and the labels' definitions), and the
state those rules keep, to empty for an analysis that starts from nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from featuredoc.analysis import path_refs, release_block, support_defs, support_reading
from featuredoc.model.config import Config
from featuredoc.model.inputs import Inputs
from featuredoc.model.tree import TreeListing
from featuredoc.rules import fd501_unknown_support_status as fd501
from random_edits import random_edit

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xen"  # used when present
FIXTURES = Path(__file__).parent / "fixtures" / "rules"

SUPPORT = """\
% Support statement for this release

This document describes the support status of Xen, see `docs/misc/xen-command-line.pandoc`.

# Release Support

    Xen-Version: 4.22
    Initial-Release: 2026-07-30
    Supported-Until: 2029-07-30
    Security-Support-Until: 2031-07-30

Release Notes
: <a href="https://wiki.xenproject.org/wiki/Xen_Project_4.21_Release_Notes">RN</a>

# Feature Support

## Größe 😀 scheduler

See xen/common/sched/credit2.c and [the doc](features/sched_credit2.pandoc#basics).

    Status: Supported

## Toolstack

    Status, x86: Tech Preview
    Status, Arm: Experimentl

Not in a code block: docs/misc/missing.txt and `tools/libs/guest/xg_sr_*.[hc]`.

```
docs/misc/not/checked.txt
```

# Format and definitions

## Definition of Status labels

### Supported

Fully supported.

    Status: Supported, Not security supported

### Experimental

Might work.
"""

VERSION_FILE = "XEN_VERSION = 4\nXEN_SUBVERSION = 23\nXEN_EXTRAVERSION ?= .0$(XEN_VENDORVERSION)\n"

TREE = TreeListing(
    "/project",
    frozenset(
        {
            "docs/misc/xen-command-line.pandoc",
            "docs/misc/other.txt",
            "xen/common/sched/credit2.c",
            "docs/features/sched_credit2.pandoc",
            "tools/libs/guest/xg_sr_common.c",
        }
    ),
    frozenset(
        {
            "docs",
            "docs/misc",
            "docs/features",
            "xen",
            "xen/common",
            "xen/common/sched",
            "tools",
            "tools/libs",
            "tools/libs/guest",
        }
    ),
)

#: What an author types into SUPPORT.md: prose, paths, links, status lines, fences,
#: headings, the Release Support fields and the labels' definitions.
SNIPPETS = [
    "a",
    " ",
    "é",
    "😀",
    "\n",
    "\n\n",
    "/",
    "](",
    "xen/common/sched/credit1.c ",
    "`docs/misc/other.txt`",
    "[link](features/nope.pandoc) ",
    "```\n",
    "<!--",
    "-->",
    "    Status: Supported\n",
    "    Status, x86: Suported\n",
    "    Status: Security supported\n",
    "Status: Preview\n",
    "\n    Status: Experimental\n",
    "## New entry\n",
    "### Unstable\n\nNew label.\n",
    "    Xen-Version: 4.23\n",
    "Initial-Release: 2026-7-1",
    "X.YY",
    "4.22",
    ": ",
    "**",
    "\t",
]


def mutate(rng: random.Random, text: str) -> str:
    return random_edit(rng, text, SNIPPETS, insert_share=0.7, longest_cut=30)


def typed(text: str, rng: random.Random, count: int) -> Iterator[str]:
    """*count* versions of *text*, each a keystroke or a few characters from the last:
    typing at one place, with Enter now and then, and sometimes an edit elsewhere."""
    at = rng.randint(0, len(text))
    for _ in range(count):
        roll = rng.random()
        if roll < 0.6:
            char = rng.choice("abc é/`\n")
            text, at = text[:at] + char + text[at:], at + 1
        elif roll < 0.7 and at > 0:
            text, at = text[: at - 1] + text[at:], at - 1
        else:
            text = mutate(rng, text)
            at = min(at, len(text))
        yield text


@contextmanager
def nothing_kept() -> Iterator[None]:
    """Everything the SUPPORT.md rules keep between versions, empty while inside."""
    kept: list[tuple[Any, str, Any]] = [
        (path_refs, "_LINES", path_refs.LruCache(8)),
        (fd501, "_KNOWN", {}),
        (release_block, "_last", []),
        (support_defs, "_SECTION_TITLES", {}),
        (support_reading, "_last", []),
        (support_reading, "_SHAPES", {}),
        (support_reading, "_FINGERPRINTS", {}),
    ]
    before = [(module, name, getattr(module, name)) for module, name, _ in kept]
    for module, name, empty in kept:
        setattr(module, name, empty)
    try:
        yield
    finally:
        for module, name, value in before:
            setattr(module, name, value)


def inputs() -> Inputs:
    return Inputs(today=dt.date(2026, 9, 1), version_text=VERSION_FILE, tree=TREE)


#: The settings, the same object for every version (as the language server's are).
CONFIG = Config()


def sources() -> list[str]:
    found = [SUPPORT, SUPPORT.replace("\n", "\r\n")]
    found += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("FD5*/*.md"))][:4]
    if (CORPUS / "SUPPORT.md").is_file():
        found.append((CORPUS / "SUPPORT.md").read_text(encoding="utf-8"))
    return found


def corpus_typed_like_a_writer(words: str) -> tuple[str, list[str]] | None:
    """The corpus SUPPORT.md (None when absent), and its versions as the benchmark types
    *words* into it: at the end of a prose line mid-document, Enter at column 72."""
    corpus = CORPUS / "SUPPORT.md"
    if not corpus.is_file():
        return None
    text = corpus.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(
        n
        for n in range(len(lines) // 2, len(lines))
        if len(lines[n]) > 20 and lines[n][0].isalpha() and ":" not in lines[n][:20]
    )
    versions = []
    column = len(lines[number])
    for char in words:
        if char == " " and column >= 72:
            lines[number : number + 1] = [lines[number][:column], lines[number][column:]]
            number, column = number + 1, 0
        else:
            lines[number] = lines[number][:column] + char + lines[number][column:]
            column += 1
        versions.append("\n".join(lines))
    return text, versions
