"""Applying every safe fix to each real document resolves what the fixes claim to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from featuredoc.analysis.fixes import apply_edits, apply_fixes, select_fixes
from featuredoc.engine import analyse
from featuredoc.model.config import Config
from featuredoc.model.inputs import Inputs
from featuredoc.model.text import LineIndex

TODAY = dt.date(2026, 1, 1)


def test_fix_all_then_recheck(corpus: Path) -> None:
    config = Config()
    fixed_some = 0
    for path in sorted(corpus.iterdir()):
        if path.suffix not in (".pandoc", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        before = analyse(text, path.name, config, inputs=Inputs(today=TODAY))
        fixes = select_fixes(before.findings)
        resolved = [
            (f.code, f.message)
            for f in before.findings
            if any(fix is chosen for fix in f.fixes for chosen in fixes)
        ]
        after = analyse(apply_fixes(text, fixes), path.name, config, inputs=Inputs(today=TODAY))
        assert after.document is not None, path.name
        assert "FD902" not in [f.code for f in after.findings], path.name
        remaining = {(f.code, f.message) for f in after.findings}
        assert not remaining & set(resolved), (path.name, remaining & set(resolved))
        fixed_some += bool(fixes)
    assert fixed_some  # the corpus has fixable findings (misspelled status, missing sections...)


def test_a_fix_changes_only_its_own_range(corpus: Path) -> None:
    config = Config()
    for path in sorted(corpus.glob("*.pandoc")):
        text = path.read_text(encoding="utf-8")
        index = LineIndex(text)
        for finding in analyse(text, path.name, config, inputs=Inputs(today=TODAY)).findings:
            for fix in finding.fixes:
                for edit in fix.edits:
                    start, end = index.offset(edit.span.start), index.offset(edit.span.end)
                    out = apply_edits(text, [edit])
                    assert out[:start] == text[:start], (path.name, fix.title)
                    tail = len(text) - end
                    assert out[len(out) - tail :] == text[end:], (path.name, fix.title)
                    assert out[start : len(out) - tail] == edit.new_text
