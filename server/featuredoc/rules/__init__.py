"""The rule registry: every rule, in the order findings are produced.

Add a rule by writing one module (its docstring is its documentation) and
listing its ``RULE`` here. Codes are a public contract: a retired code stays
listed in a comment and is never reused.
"""

from __future__ import annotations

from featuredoc.rules import (
    fd101_missing_section,
    fd201_unknown_status,
    fd301_missing_signoff,
    fd303_malformed_signoff,
)
from featuredoc.rules.base import Context, Rule

RULES: tuple[Rule, ...] = (
    # FD1xx sections and structure
    fd101_missing_section.RULE,
    # FD2xx status
    fd201_unknown_status.RULE,
    # FD3xx security sign-off
    fd301_missing_signoff.RULE,
    fd303_malformed_signoff.RULE,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = ["BY_CODE", "RULES", "Context", "Rule"]
