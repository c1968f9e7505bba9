"""Which rule reports a problem: rules defer to a more precise one to avoid double reports."""

from __future__ import annotations

from featuredoc.config import Config


def reported_by(code: str, config: Config) -> bool:
    """Whether rule *code* is registered and switched on, so it reports its finding."""
    from featuredoc.rules import BY_CODE  # the registry imports the rule modules

    rule = BY_CODE.get(code)
    return rule is not None and config.severity_for(code, rule.severity) is not None
