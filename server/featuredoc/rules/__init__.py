"""The rule registry: every rule, in the order findings are produced.

Add a rule by writing one module (its docstring is its documentation) and
listing its ``RULE`` here. Codes are a public contract: a retired code stays
listed in a comment and is never reused.
"""

from __future__ import annotations

from featuredoc.rules import (
    fd101_missing_section,
    fd201_unknown_status,
    fd202_multiple_tiers,
    fd203_status_not_bold,
    fd204_missing_status,
    fd301_missing_signoff,
    fd302_signoff_not_on_team,
    fd303_malformed_signoff,
    fd304_unneeded_signoff,
    fd501_unknown_support_status,
    fd502_malformed_fragment_line,
    fd901_invalid_config,
    fd902_internal_error,
    fd903_unknown_suppression,
)
from featuredoc.rules.base import Context, Rule

RULES: tuple[Rule, ...] = (
    # FD1xx sections and structure
    fd101_missing_section.RULE,
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
    # FD5xx SUPPORT.md
    fd501_unknown_support_status.RULE,
    fd502_malformed_fragment_line.RULE,
    # FD9xx the project itself
    fd901_invalid_config.RULE,
    fd902_internal_error.RULE,
    fd903_unknown_suppression.RULE,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = ["BY_CODE", "RULES", "Context", "Rule"]
