"""The writer of ``.featuredoc.yaml``: one more list entry, every other byte kept."""

from __future__ import annotations

import dataclasses

import pytest

from featuredoc.editing.config_edit import ConfigEditError, add_to_list, scalar
from featuredoc.model.config import Config
from featuredoc.model.text import replace_range
from featuredoc.parser.yamlsafe import load_yaml
from featuredoc.workspace.config_file import load_config_text

LABEL = "Größtenteils gepflegt"
SIGNER = "Jürgen Groß <jgross@example.org>"
DEFAULT_LABELS = Config().support_labels


def _config(text: str) -> Config:
    config, errors = load_config_text(text, ".featuredoc.yaml")
    assert errors == []
    return dataclasses.replace(config, source=None)


def _expected(**changes: object) -> Config:
    return dataclasses.replace(Config(), **changes)


def _applied(text: str, path: tuple[str, ...], value: str, initial: tuple[str, ...] = ()) -> str:
    edit = add_to_list(text, path, value, initial=initial)
    assert edit is not None and not edit.create
    result = text
    for e in sorted(
        edit.edits, key=lambda e: (e.span.start.line, e.span.start.column), reverse=True
    ):
        result = replace_range(result, e.span.start, e.span.end, e.new_text)
    assert result == edit.text
    return result


def test_a_block_list_gets_one_more_line_and_keeps_its_comments() -> None:
    text = (
        "# Projekt-Einstellungen (größe)\n"
        "support_labels:\n"
        "  - Supported   # the tier\n"
        "  # more below\n"
        "  - Not supported\n"
        "\n"
        "rules:\n"
        "  FD103: off  # noisy\n"
    )
    result = _applied(text, ("support_labels",), LABEL)
    assert result == text.replace("  - Not supported\n", f"  - Not supported\n  - {LABEL}\n")
    assert _config(result).support_labels == ["Supported", "Not supported", LABEL]


def test_an_indentless_block_list() -> None:
    text = "signoff:\n  team:\n  - a@example.org\n  field: Sign-off\n"
    result = _applied(text, ("signoff", "team"), SIGNER)
    assert result == f"signoff:\n  team:\n  - a@example.org\n  - {SIGNER}\n  field: Sign-off\n"
    assert _config(result).signoff.team == ["a@example.org", SIGNER]


def test_a_flow_list_gets_the_entry_before_its_bracket() -> None:
    text = "support_labels: [Supported, 'Not supported']  # kept\nexclude: []\n"
    result = _applied(text, ("support_labels",), LABEL)
    assert result == f"support_labels: [Supported, 'Not supported', {LABEL}]  # kept\nexclude: []\n"
    assert _config(result).support_labels == ["Supported", "Not supported", LABEL]


def test_an_empty_flow_list_and_one_over_several_lines() -> None:
    result = _applied("signoff:\n  team: []\n", ("signoff", "team"), SIGNER)
    assert result == f"signoff:\n  team: [{SIGNER}]\n"
    text = "signoff:\n  team: [\n    a@example.org,\n  ]\n"
    result = _applied(text, ("signoff", "team"), SIGNER)
    assert _config(result).signoff.team == ["a@example.org", SIGNER]
    assert result.startswith("signoff:\n  team: [\n    a@example.org,\n  ")


def test_a_missing_key_is_added_with_the_default_it_replaces() -> None:
    text = "# only rules here\nrules:\n  FD103: off\n"
    result = _applied(text, ("support_labels",), LABEL, DEFAULT_LABELS)
    assert result.startswith(text)
    assert _config(result) == _expected(
        rules=_config(text).rules, support_labels=[*DEFAULT_LABELS, LABEL]
    )


def test_a_missing_nested_key_goes_at_the_end_of_its_parent() -> None:
    text = "signoff:\n  field: Sign-off  # ours\n# a comment\nrules:\n  FD103: off\n"
    result = _applied(text, ("signoff", "team"), SIGNER)
    assert result == (
        f"signoff:\n  field: Sign-off  # ours\n  team:\n    - {SIGNER}\n"
        "# a comment\nrules:\n  FD103: off\n"
    )
    assert _config(result).signoff.team == [SIGNER]


def test_an_entry_goes_before_a_comment_that_introduces_the_next_key() -> None:
    text = "signoff:\n  team:\n    - a@example.org\n\n# severities\nrules:\n  FD103: off\n"
    result = _applied(text, ("signoff", "team"), SIGNER)
    assert result == text.replace("a@example.org\n", f"a@example.org\n    - {SIGNER}\n")
    text = "signoff:\n  field: Sign-off\n  metadata_key:\n    - odd\n# severities\nrules: {}\n"
    with_team = _applied(text, ("signoff", "team"), SIGNER)
    assert with_team == text.replace("- odd\n", f"- odd\n  team:\n    - {SIGNER}\n")


def test_a_missing_parent_is_added_at_the_end_without_a_final_line_break() -> None:
    result = _applied("rules:\n  FD103: off", ("signoff", "team"), SIGNER)
    assert result == f"rules:\n  FD103: off\nsignoff:\n  team:\n    - {SIGNER}"


def test_a_key_without_a_value_gets_its_list_below() -> None:
    result = _applied("signoff:\n  team:\nrules: {}\n", ("signoff", "team"), SIGNER)
    assert result == f"signoff:\n  team:\n    - {SIGNER}\nrules: {{}}\n"


def test_a_missing_or_empty_file_is_written_whole() -> None:
    edit = add_to_list(None, ("support_labels",), LABEL, initial=DEFAULT_LABELS)
    assert edit is not None and edit.create and edit.edits == []
    assert _config(edit.text) == _expected(support_labels=[*DEFAULT_LABELS, LABEL])
    assert _applied("\n", ("signoff", "team"), SIGNER) == f"signoff:\n  team:\n    - {SIGNER}\n"
    only_comments = "# nothing yet\n"
    assert _applied(only_comments, ("signoff", "team"), SIGNER).startswith(only_comments)


def test_crlf_files_stay_crlf() -> None:
    text = "support_labels:\r\n  - Supported\r\nrules:\r\n  FD103: off\r\n"
    result = _applied(text, ("support_labels",), LABEL)
    assert (
        result == f"support_labels:\r\n  - Supported\r\n  - {LABEL}\r\nrules:\r\n  FD103: off\r\n"
    )


def test_an_entry_already_there_is_no_edit() -> None:
    # a built-in label, with no support_labels key: accepted already
    assert (
        add_to_list("rules: {}\n", ("support_labels",), DEFAULT_LABELS[0], initial=DEFAULT_LABELS)
        is None
    )
    assert add_to_list(None, ("support_labels",), DEFAULT_LABELS[0], initial=DEFAULT_LABELS) is None
    assert (
        add_to_list(f"signoff: {{team: [{scalar(SIGNER)}]}}\n", ("signoff", "team"), SIGNER) is None
    )


@pytest.mark.parametrize(
    "value", ["off", "yes", "42", "a: b", "x # y", "[a]", "Ünïcode", " padded ", "it's", 'say "hi"']
)
def test_values_that_need_quotes_read_back_as_themselves(value: str) -> None:
    assert load_yaml(f"k: [{scalar(value)}]").data == {"k": [value]}
    assert load_yaml(f"k:\n  - {scalar(value)}\n").data == {"k": [value]}
    result = _applied("support_labels: [a]\n", ("support_labels",), value)
    assert load_yaml(result).data == {"support_labels": ["a", value]}


@pytest.mark.parametrize(
    "text",
    [
        "support_labels: Supported\n",  # not a list
        "signoff: {team: []}\n",  # parent in flow style: not touched
        "signoff: [a]\n",
        "- a\n",  # not a mapping
        "support_labels: [a\n",  # invalid YAML
    ],
)
def test_what_cannot_be_edited_safely_is_refused(text: str) -> None:
    path = ("signoff", "team") if text.startswith(("signoff", "-")) else ("support_labels",)
    value = "b@example.org" if path[0] == "signoff" else LABEL
    with pytest.raises(ConfigEditError):
        add_to_list(text, path, value)
