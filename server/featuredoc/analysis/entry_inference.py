"""Which SUPPORT.md entry a feature document stands for, when no row names it.

A feature document names its entry with a Basics row ``Support entry:``
(see :mod:`featuredoc.analysis.crossdoc`). Without one, the entry is
inferred, by the first of these routes that finds any candidate:

1. **Title**: a heading equal to the document's title (its name, see
   :func:`~featuredoc.analysis.crossdoc.document_name`), compared
   case-insensitively.
2. **Close title**: the headings the title most likely means
   (:func:`~featuredoc.analysis.title_similarity.title_candidates`: the
   same title misspelled, or the same things in other words, inflected or
   abbreviated: ``RTDS Scheduler`` → ``RTDS based Scheduler``, ``Hypervisor
   FS`` → ``Hypervisor file system``).
3. **Vocabulary**: the headings whose words the document's own vocabulary
   covers. The vocabulary is the words of the title and of the file name
   (``intel_psr_cat_cdp``), the words the document spells out for an
   acronym it uses (``PSR  Intel Platform Shared Resource`` in a
   terminology list) and its ``Architecture`` values. A heading is a
   candidate when three quarters of its words are covered (three fifths
   when that is three words or more), at least two words, and either two
   of them by the title or the file name themselves or three in all (one
   word of the title and one borrowed from a spelled-out acronym are not
   enough: ``Memory`` and ``Shared`` do not make ``Memory Sharing``):
   ``x86/Intel Platform QoS Technologies``
   for both ``Intel Cache Allocation Technology and Code and Data
   Prioritization Features`` and ``Intel Memory Bandwidth Allocation (MBA)
   Feature``.

Within a route only the best candidates are kept (in route 3, those with
the most words covered, then the largest share of their words); one
candidate is a link, several are ambiguous and none are linked. One shared word is never a link (``Migration`` is
not ``Live Migration of Memory``; ``Scheduler`` is none of the
schedulers).

The result depends only on what :func:`link_key` returns for the document
and on the SUPPORT.md headings, and is cached on both: typing in a
document's body re-reads its acronyms, not the SUPPORT.md headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from featuredoc.analysis.title_similarity import match_words, same_word, title_candidates, words
from featuredoc.model.text import fold

#: Acronyms spelled out in a document are looked for only this long.
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]{1,5}\b")
#: How much of a heading's words the vocabulary must cover...
COVERAGE = 0.75
#: ... or, when it covers three or more, this much.
MANY_WORDS_COVERAGE = 0.6
#: Words borrowed from a document's other acronyms at most (bounds the work per heading).
MAX_BORROWED = 200


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words a feature document identifies itself by (see the module's route 3)."""

    own: tuple[str, ...]  # title and file name, and the acronyms they use spelled out
    extra: tuple[str, ...]  # other acronyms spelled out, architecture values


@dataclass(frozen=True, slots=True)
class Inference:
    """The headings a document may stand for: one is a link, several are ambiguous."""

    candidates: tuple[str, ...]
    route: str  # "title", "close title", "vocabulary" or "" (no candidate)


NO_CANDIDATE = Inference((), "")


def stem_words(path: str) -> list[str]:
    """The words of a file name without its suffix: ``intel_psr_cat_cdp`` → intel psr cat cdp."""
    stem = PurePath(path).stem
    return words(stem.replace("_", " ").replace("-", " "))


def spelled_out(lines: Sequence[str], acronyms: Iterable[str] | None) -> dict[str, list[str]]:
    """Acronym → the words that spell it out on one line (``PSR  Intel Platform Shared Resource``).

    *acronyms*: only these (lower case); ``None``: every capitalised word
    of two to six letters that a run of words after it on its line spells.
    The first spelling found wins. Linear in the size of the text.
    """
    wanted = None if acronyms is None else {a for a in acronyms if 2 <= len(a) <= 6}
    if wanted is not None and not wanted:
        return {}
    found: dict[str, list[str]] = {}
    for line in lines:
        for m in _ACRONYM.finditer(line):
            acronym = m.group(0).casefold()
            if acronym in found or (wanted is not None and acronym not in wanted):
                continue
            if wanted is None and not m.group(0).isupper():
                continue
            after = words(line[m.end() : m.end() + 120])
            n = len(acronym)
            for start in range(min(len(after) - n + 1, 4)):
                run = after[start : start + n]
                if "".join(w[0] for w in run) == acronym:
                    found[acronym] = run
                    break
    return found


def vocabulary(
    title: str | None, path: str, lines: Sequence[str], architectures: Iterable[str]
) -> Vocabulary:
    """The :class:`Vocabulary` of a document titled *title* at *path*."""
    own = words(title or "") + stem_words(path)
    defined = spelled_out(lines, None)
    expanded = [w for word in own for w in defined.get(word, ())]
    extra = [w for key, run in defined.items() if key not in own for w in run]
    for value in architectures:
        extra.extend(words(value))
    borrowed = tuple(dict.fromkeys(extra))[:MAX_BORROWED]
    return Vocabulary(tuple(dict.fromkeys(own + expanded)), borrowed)


def _covered(heading: list[str], vocab: Vocabulary) -> tuple[int, int]:
    """How many of *heading*'s words the vocabulary covers, and how many of them ``own`` does."""
    own, extra = list(vocab.own), list(vocab.extra)
    count = direct = 0
    for word in heading:
        if any(same_word(word, w) for w in own):
            count, direct = count + 1, direct + 1
        elif any(same_word(word, w) for w in extra):
            count += 1
    # an acronym of the heading written out in the title, or the other way round
    if count < len(heading):
        found = match_words(list(own), heading)
        if found.right > count:
            count, direct = found.right, max(direct, found.right)
    return count, direct


def _candidate(count: int, direct: int, total: int) -> bool:
    """Enough of a heading's words covered, and enough of them by the title and file name."""
    if direct < 1 or count < 2:
        return False
    if direct < 2 and count < 3:
        return False  # one own word and one borrowed: "Memory" + "Shared" is not "Memory Sharing"
    share = count / total
    return share >= COVERAGE or (count >= 3 and share >= MANY_WORDS_COVERAGE)


def by_vocabulary(vocab: Vocabulary, titles: Sequence[str]) -> tuple[str, ...]:
    """The headings of *titles* the vocabulary covers best (route 3)."""
    if not vocab.own:
        return ()
    best: list[str] = []
    best_score = (0, 0.0)
    for title in titles:
        heading = words(title)
        if len(heading) < 2:
            continue
        count, direct = _covered(heading, vocab)
        if not _candidate(count, direct, len(heading)):
            continue
        score = (count, count / len(heading))
        if score > best_score:
            best, best_score = [title], score
        elif score == best_score:
            best.append(title)
    return tuple(best)


def infer(name: str | None, vocab: Vocabulary, titles: Sequence[str]) -> Inference:
    """The candidates for a document named *name* (routes 1 to 3, the first that finds any)."""
    if name:
        wanted = fold(name)
        exact = tuple(t for t in titles if fold(t) == wanted)
        if exact:
            return Inference(exact[:1], "title")
        close = title_candidates(name, titles)
        if close:
            return Inference(tuple(close), "close title")
    found = by_vocabulary(vocab, titles)
    return Inference(found, "vocabulary") if found else NO_CANDIDATE
