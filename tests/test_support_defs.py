"""Status-label definitions read from SUPPORT.md."""

from __future__ import annotations

from pathlib import Path

from featuredoc.analysis.support_defs import merge_definitions, read_definitions
from featuredoc.model.text import split_lines
from featuredoc.model.tiers import DEFAULT_TIERS, Tier

SUPPORT = """\
# Support statement

## Definition of Status labels

Each Status value corresponds to levels of security support:

### Experimental

    Functional completeness: No
    Functional stability: Here be dragons
    Interface stability: Not stable
    Security supported: No

#### Supported

    Functional completeness: Yes
    Functional stability: Normal
    Interface stability: Yes
    Security supported: Yes

## Definition of the status label interpretation tags

### Functionally complete

    Ignored: this is not a label
"""


def test_reads_each_label_under_the_definitions_section() -> None:
    found = read_definitions(split_lines(SUPPORT))
    assert list(found) == ["Experimental", "Supported"]
    assert found["Experimental"] == Tier(
        "Experimental",
        False,
        "",
        (
            ("Functional completeness", "No"),
            ("Functional stability", "Here be dragons"),
            ("Interface stability", "Not stable"),
        ),
    )
    assert found["Supported"].security_supported is True


def test_no_definitions_section_means_none() -> None:
    assert read_definitions(["# Features", "", "    Status: Supported"]) == {}


def test_project_wording_wins_and_keeps_the_description() -> None:
    own = Tier("Tech Preview", False, "", (("Functional completeness", "Mostly"),))
    merged = merge_definitions(DEFAULT_TIERS, {"Tech Preview": own, "Beta": Tier("Beta", False)})
    tech = merged["Tech Preview"]
    assert tech.properties == (("Functional completeness", "Mostly"),)
    assert tech.description.startswith("Complete but quirky")
    assert merged["Supported"] == DEFAULT_TIERS[0]
    assert list(merged)[-1] == "Beta"


def test_reads_the_real_support_md(corpus: Path) -> None:
    found = read_definitions(split_lines((corpus / "SUPPORT.md").read_text(encoding="utf-8")))
    assert list(found) == ["Experimental", "Tech Preview", "Supported", "Deprecated"]
    assert found["Deprecated"].properties[2] == (
        "Interface stability",
        "No (as in, may disappear the next release)",
    )
    assert [t.security_supported for t in found.values()] == [False, False, True, True]


def test_definitions_of_a_parsed_document_equal_reading_every_line(corpus: Path) -> None:
    """definitions_in reads only the section (cached); the result is the whole-text reading."""
    from featuredoc.analysis.support_defs import definitions_in
    from featuredoc.engine import parse
    from featuredoc.model.config import Config
    from featuredoc.model.document import DocumentKind

    real = (corpus / "SUPPORT.md").read_text(encoding="utf-8")
    variants = [
        SUPPORT,
        real,
        real.replace("Security supported: Yes", "Security supported: No", 1),
        SUPPORT.replace("#### Supported", "## Supported"),  # leaves the section early
        SUPPORT + "\n## Definition of Status labels\n\n### Later\n\n    Security supported: Yes\n",
        "# Support statement\n\nNo definitions here.\n",
    ]
    for text in variants:
        document = parse(text, "SUPPORT.md", Config(), DocumentKind.SUPPORT)
        assert dict(definitions_in(document)) == read_definitions(split_lines(text))
