"""Rule fixtures: documents that state the findings they must produce.

A fixture is a feature document (``*.pandoc``/``*.md``) or, when its name
starts with ``SUPPORT``, a SUPPORT.md. It states its expected findings in
HTML comments anywhere in the text::

    <!-- expect: FD201@6 FD101@1 -->

``CODE@LINE`` pairs use 1-based lines; a fixture expecting nothing says
``<!-- expect: none -->``. The check compares the *set* of (code, line)
pairs with what the engine reports, so every fixture is both a positive
and a negative test. An optional ``<!-- fixture-config: {json} -->`` gives
settings (the keys of ``.featuredoc.yaml``) and ``<!-- fixture-today:
YYYY-MM-DD -->`` fixes the date rules compare with.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
_EXPECT = re.compile(r"<!--\s*expect:\s*(.*?)\s*-->", re.S)
_CONFIG = re.compile(r"<!--\s*fixture-config:\s*(\{.*?\})\s*-->", re.S)
_TODAY = re.compile(r"<!--\s*fixture-today:\s*(\d{4}-\d{2}-\d{2})\s*-->")
_PAIR = re.compile(r"^(FD\d{3})@(\d+)$")


@dataclass
class Fixture:
    path: Path
    text: str
    expected: set[tuple[str, int]]
    settings: dict
    today: dt.date
    is_support: bool


def load(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    expected: set[tuple[str, int]] = set()
    found_marker = False
    for block in _EXPECT.findall(text):
        found_marker = True
        for token in block.split():
            if token == "none":
                continue
            m = _PAIR.match(token)
            if not m:
                raise ValueError(f"{path}: bad expectation {token!r}")
            expected.add((m.group(1), int(m.group(2))))
    if not found_marker:
        raise ValueError(f"{path}: no <!-- expect: ... --> marker")
    settings: dict = {}
    for raw in _CONFIG.findall(text):
        settings.update(json.loads(raw))
    m = _TODAY.search(text)
    today = dt.date.fromisoformat(m.group(1)) if m else dt.date(2026, 1, 1)
    return Fixture(path, text, expected, settings, today, path.name.startswith("SUPPORT"))


def all_fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".pandoc", ".md"))
