"""The rule registry: every rule, in the order findings are produced.

Add a rule by writing one module (its docstring is its documentation) and
listing its ``RULE`` here. Codes are a public contract: a retired code stays
listed in a comment and is never reused.
"""

from __future__ import annotations

from featuredoc.rules import (
    fd101_missing_section,
    fd102_misspelled_section,
    fd103_section_order,
    fd104_duplicate_section,
    fd105_empty_section,
    fd106_template_placeholder,
    fd107_no_known_issues,
    fd110_missing_title,
    fd111_bad_revision,
    fd120_missing_basics_table,
    fd121_missing_basics_field,
    fd122_unknown_basics_key,
    fd201_unknown_status,
    fd202_multiple_tiers,
    fd203_status_not_bold,
    fd204_missing_status,
    fd301_missing_signoff,
    fd302_signoff_not_on_team,
    fd303_malformed_signoff,
    fd304_unneeded_signoff,
    fd401_missing_history,
    fd402_bad_history_date,
    fd403_history_order,
    fd404_history_revisions,
    fd405_title_revision_mismatch,
    fd501_unknown_support_status,
    fd502_malformed_fragment_line,
    fd503_heading_skips_level,
    fd504_block_before_status_block,
    fd505_suppression_breaks_build,
    fd506_status_before_heading,
    fd507_malformed_definition_list,
    fd508_status_row_overridden,
    fd509_status_in_list,
    fd520_release_version_mismatch,
    fd521_bad_release_date,
    fd522_release_dates_out_of_order,
    fd523_release_notes_version_mismatch,
    fd524_development_placeholder_in_release,
    fd601_no_support_entry,
    fd602_status_disagrees_with_support,
    fd603_status_raised_without_signoff,
    fd604_status_changed,
    fd605_support_raised_without_signoff,
    fd606_support_status_changed,
    fd610_covered_code_changed,
    fd901_invalid_config,
    fd902_internal_error,
    fd903_unknown_suppression,
    fd904_invalid_encoding,
    fd905_document_too_large,
)
from featuredoc.rules.base import Context, Fixability, Rule

RULES: tuple[Rule, ...] = (
    # FD1xx sections and structure
    fd101_missing_section.RULE,
    fd102_misspelled_section.RULE,
    fd103_section_order.RULE,
    fd104_duplicate_section.RULE,
    fd105_empty_section.RULE,
    fd106_template_placeholder.RULE,
    fd107_no_known_issues.RULE,
    fd110_missing_title.RULE,
    fd111_bad_revision.RULE,
    fd120_missing_basics_table.RULE,
    fd121_missing_basics_field.RULE,
    fd122_unknown_basics_key.RULE,
    # FD2xx status
    fd201_unknown_status.RULE,
    fd202_multiple_tiers.RULE,
    fd203_status_not_bold.RULE,
    fd204_missing_status.RULE,
    # FD3xx security sign-off
    fd301_missing_signoff.RULE,
    fd302_signoff_not_on_team.RULE,
    fd303_malformed_signoff.RULE,
    fd304_unneeded_signoff.RULE,
    # FD4xx revision and History
    fd401_missing_history.RULE,
    fd402_bad_history_date.RULE,
    fd403_history_order.RULE,
    fd404_history_revisions.RULE,
    fd405_title_revision_mismatch.RULE,
    # FD5xx SUPPORT.md
    fd501_unknown_support_status.RULE,
    fd502_malformed_fragment_line.RULE,
    fd503_heading_skips_level.RULE,
    fd504_block_before_status_block.RULE,
    fd505_suppression_breaks_build.RULE,
    fd506_status_before_heading.RULE,
    fd507_malformed_definition_list.RULE,
    fd508_status_row_overridden.RULE,
    fd509_status_in_list.RULE,
    # FD52x SUPPORT.md's Release Support block
    fd520_release_version_mismatch.RULE,
    fd521_bad_release_date.RULE,
    fd522_release_dates_out_of_order.RULE,
    fd523_release_notes_version_mismatch.RULE,
    fd524_development_placeholder_in_release.RULE,
    # FD6xx feature documents against SUPPORT.md and history
    fd601_no_support_entry.RULE,
    fd602_status_disagrees_with_support.RULE,
    fd603_status_raised_without_signoff.RULE,
    fd604_status_changed.RULE,
    fd605_support_raised_without_signoff.RULE,
    fd606_support_status_changed.RULE,
    fd610_covered_code_changed.RULE,
    # FD9xx the project itself
    fd901_invalid_config.RULE,
    fd902_internal_error.RULE,
    fd903_unknown_suppression.RULE,
    fd904_invalid_encoding.RULE,
    fd905_document_too_large.RULE,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = [
    "BY_CODE",
    "RULES",
    "Context",
    "Fixability",
    "Rule",
]
