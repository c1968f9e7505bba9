"""One cause, one finding: missing sections, documents not written from the template, History dates."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from featuredoc.analysis.fixes import apply_edits
from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.inputs import Inputs
from featuredoc.rules.fd403_history_order import in_order

TEMPLATE = """\
% Template for feature documents
% Revision $N

# Basics

An overview table.

---------------- ----------------------------------------------------
         Status: e.g. **Supported**/**Tech Preview**/**Experimental**

   Component(s): e.g. Hypervisor, toolstack, guest
---------------- ----------------------------------------------------

# Overview

What it is, in a few sentences.

# History

A table of changes.

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
YYYY-MM-DD N        Xen X.Y  ...
---------- -------- -------- -------------------------------------------
"""

CONFIG = Config(sections=["Basics", "Overview", "History"])

NO_TEMPLATE = """\
Dom0less — «sans» dom0
======================

Some text about booting domains from the device tree.

Configuration
-------------

More text.
"""


def _codes(text: str, config: Config = CONFIG, template: str | None = TEMPLATE) -> list[str]:
    return [
        f.code
        for f in check(
            text, "docs/features/x.pandoc", config, inputs=Inputs(template_text=template)
        )
    ]


def test_a_document_without_the_template_is_one_finding_with_the_skeleton() -> None:
    findings = check(
        NO_TEMPLATE, "docs/features/x.pandoc", CONFIG, inputs=Inputs(template_text=TEMPLATE)
    )
    assert [f.code for f in findings] == ["FD101"]  # no FD110 besides
    (finding,) = findings
    assert "'Basics', 'Overview' and 'History'" in finding.message
    assert "no title block" in finding.message
    (fix,) = finding.fixes
    assert fix.safe and fix.title == "Insert the template's skeleton"
    fixed = apply_edits(NO_TEMPLATE, fix.edits)
    # the title block first (titled with the first heading), the template's text under
    # each heading, and the author's text after it, byte for byte
    assert fixed.startswith(
        "% Dom0less — «sans» dom0\n% Revision 1\n\n# Basics\n\nAn overview table.\n"
    )
    assert "         Status: e.g. **Supported**" in fixed
    assert "YYYY-MM-DD N        Xen X.Y  ..." in fixed
    assert fixed.endswith("\n" + NO_TEMPLATE)
    # what is left is the template's text to replace (FD106), no section or title finding
    left = set(_codes(fixed))
    assert not left & {"FD101", "FD110", "FD102", "FD103"}, left


def test_the_skeleton_goes_after_an_existing_title_block() -> None:
    text = "% Dom0less\n% Revision 2\n\nSome text.\n"
    (finding,) = check(text, "docs/features/x.pandoc", CONFIG, inputs=Inputs())
    assert "no title block" not in finding.message
    fixed = apply_edits(text, finding.fixes[0].edits)
    assert fixed.startswith("% Dom0less\n% Revision 2\n\n# Basics\n")
    assert fixed.endswith("\n\nSome text.\n")


def test_a_missing_title_block_is_still_reported_when_the_template_was_used() -> None:
    text = "# Basics\n\n# Overview\n\nText.\n"
    codes = _codes(text, template=None)
    assert "FD110" in codes and codes.count("FD101") == 1


def test_several_missing_sections_are_one_finding_and_one_fix() -> None:
    text = "% X\n% Revision 1\n\n# Overview\n\nText.\n"
    findings = [f for f in check(text, "docs/features/x.pandoc", CONFIG) if f.code == "FD101"]
    (finding,) = findings
    assert finding.message == "2 mandatory sections are missing: 'Basics' and 'History'"
    (fix,) = finding.fixes
    fixed = apply_edits(text, fix.edits)
    headings = [line for line in fixed.split("\n") if line.startswith("# ")]
    assert headings == ["# Basics", "# Overview", "# History"]  # each at its template place
    assert "FD101" not in [f.code for f in check(fixed, "docs/features/x.pandoc", CONFIG)]


def _history(*dates: str) -> str:
    rows = "".join(f"{d:<10} {i + 1:<8} Xen 4.{i:<3} Row {i + 1}\n" for i, d in enumerate(dates))
    return (
        "% X\n% Revision 1\n\n# History\n\n"
        "------------------------------------------------------------------------\n"
        "Date       Revision Version  Notes\n"
        "---------- -------- -------- -------------------------------------------\n"
        + rows
        + "---------- -------- -------- -------------------------------------------\n"
    )


def _history_findings(*dates: str, today: dt.date = dt.date(2026, 1, 1)) -> list[tuple[str, int]]:
    config = Config(sections=["History"])
    found = check(_history(*dates), "docs/features/x.pandoc", config, inputs=Inputs(today=today))
    return [(f.code, f.span.start.line) for f in found if f.code in ("FD402", "FD403")]


def test_a_future_date_is_fd402_on_its_row_only() -> None:
    dates = ["2016-10-14", "2099-08-31", "2018-02-01", "2019-02-07", "2020-07-24", "2021-04-08"]
    assert _history_findings(*dates) == [("FD402", 9)]
    # not in the future any more: then it is simply out of order, on that row
    assert _history_findings(*dates, today=dt.date(2100, 1, 1)) == [("FD403", 9)]


def test_a_date_out_of_order_is_reported_on_that_row_only() -> None:
    found = _history_findings("2016-10-14", "2022-08-31", "2018-02-01", "2019-02-07", "2020-07-24")
    assert found == [("FD403", 9)]
    found = _history_findings("2016-10-14", "2017-01-01", "2012-02-01", "2019-02-07")
    assert found == [("FD403", 10)]


def _brute(values: list[int]) -> list[bool]:
    for size in range(len(values), -1, -1):
        for chosen in itertools.combinations(range(len(values)), size):  # earliest first
            if all(values[a] <= values[b] for a, b in itertools.pairwise(chosen)):
                return [i in chosen for i in range(len(values))]
    return []


def test_in_order_is_the_earliest_longest_non_decreasing_run() -> None:
    rng = random.Random(7)
    for _ in range(500):
        values = [rng.randint(0, 5) for _ in range(rng.randint(0, 8))]
        assert in_order(values) == _brute(values), values
