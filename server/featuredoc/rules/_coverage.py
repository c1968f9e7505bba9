"""Which rule reports a problem: rules defer to a more precise one to avoid double reports."""

from __future__ import annotations

from featuredoc.rules.base import Context


def reported_by(code: str, ctx: Context) -> bool:
    """Whether rule *code* is registered and switched on, so it reports its finding."""
    rule = ctx.registry.get(code)
    return rule is not None and ctx.config.severity_for(code, rule.severity) is not None
