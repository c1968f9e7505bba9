"""Placeholder text read from a project's own template (FD106)."""

from __future__ import annotations

import os
from pathlib import Path

from featuredoc.analysis.template import (
    extract,
    is_placeholder_date,
    is_placeholder_revision,
    placeholders,
)
from featuredoc.engine import check
from featuredoc.model.config import Config
from featuredoc.model.inputs import Inputs
from featuredoc.workspace import template_file
from featuredoc.workspace.template_file import load_for

#: A template in a project's own words (not the Xen one).
TEMPLATE = """\
% Feature sheet template
% Revision $N

Copy this file and fill in every section below.

# Basics

---------------- ----------------------------------------------------
         Status: e.g. **Supported**

   Component(s): for instance Hypervisor or toolstack
---------------- ----------------------------------------------------

# Overview

Say in two or three sentences what the feature does for its users.

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
YYYY-MM-DD N        Xen X.Y  ...
---------- -------- -------- -------------------------------------------
"""

DOCUMENT = """\
% Grant Table v3
% Revision 1

# Basics
---------------- ----------------------------------------------------
         Status: **Tech Preview**

      Component: for instance Hypervisor or toolstack
---------------- ----------------------------------------------------

# Overview

Say in two or three sentences
what the feature does for its users.

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2024-01-10 1        Xen 4.19 Document written
---------- -------- -------- -------------------------------------------
"""


def fd106(text: str, template_text: str | None) -> set[int]:
    return {
        f.span.start.line + 1
        for f in check(text, "docs/features/x.pandoc", inputs=Inputs(template_text=template_text))
        if f.code == "FD106"
    }


def test_extract_reads_the_template_wording() -> None:
    found = extract(TEMPLATE, Config())
    assert found.from_template
    assert found.title == "feature sheet template"
    assert found.guidance_section("Copy this file and fill in every section below.") == ""
    assert (
        found.guidance_section(
            "say in two  or three\nsentences what the feature does for its users."
        )
        == "Overview"
    )
    assert found.is_placeholder_value("for instance Hypervisor or toolstack")
    # the configured guidance (what the missing-section fix inserts) is always known
    assert found.guidance_section(Config().section_guidance["Testing"]) == "Testing"


def test_template_guidance_found_only_with_the_template() -> None:
    # line 8: the template's example component; lines 13-14: its Overview guidance
    assert fd106(DOCUMENT, TEMPLATE) == {8, 13}
    assert fd106(DOCUMENT, None) == set()


def test_own_text_is_not_placeholder() -> None:
    own = DOCUMENT.replace("for instance Hypervisor or toolstack", "Hypervisor").replace(
        "Say in two or three sentences\nwhat the feature does for its users.",
        "Grant tables let domains share pages.",
    )
    assert fd106(own, TEMPLATE) == set()


def test_short_paragraphs_are_never_guidance() -> None:
    found = extract(TEMPLATE + "\n\\clearpage\n\nN/A\n", Config())
    assert found.guidance_section("\\clearpage") is None
    assert found.guidance_section("N/A") is None


def test_builtin_fallback() -> None:
    found = placeholders(None, Config())
    assert not found.from_template
    assert found.is_placeholder_value("e.g. x86, arm")
    assert found.is_placeholder_value("_where applicable_")
    assert not found.is_placeholder_value("x86")


def test_placeholder_patterns() -> None:
    assert is_placeholder_date("YYYY-MM-DD")
    assert not is_placeholder_date("2019-02-7")
    assert is_placeholder_revision("$N") and is_placeholder_revision("N")
    assert not is_placeholder_revision("1.17")


def test_load_for_reads_and_rereads_on_change(tmp_path: Path) -> None:
    config = Config()
    assert load_for(tmp_path, config) is None
    assert load_for(None, config) is None
    path = tmp_path / config.template
    path.parent.mkdir(parents=True)
    path.write_text("first version\n", encoding="utf-8")
    assert load_for(tmp_path, config) == "first version\n"
    path.write_text("second, longer version\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_for(tmp_path, config) == "second, longer version\n"
    path.unlink()
    assert load_for(tmp_path, config) is None
    assert str(path) not in template_file._cache
