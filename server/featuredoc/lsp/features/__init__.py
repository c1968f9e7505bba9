"""The language server's features, one module each, registered from :data:`FEATURES`.

Each module holds its handlers and their capability registration (a
:class:`featuredoc.lsp.features.base.Feature`); adding a feature is one new
module and one line here (see ``docs/architecture.md``). The modules
import their helpers (the parser, the rules, :mod:`featuredoc.editing`)
inside the handlers, so registering them loads none of those.
"""

from __future__ import annotations

from featuredoc.lsp.features import (
    code_actions,
    code_lens,
    completion,
    diagnostics,
    folding,
    formatting,
    hover,
    lifecycle,
    links,
    navigation,
    rename,
    symbols,
    workspace_symbols,
)
from featuredoc.lsp.features.base import Feature

FEATURES: list[Feature] = [
    lifecycle.FEATURE,
    diagnostics.FEATURE,
    completion.FEATURE,
    hover.FEATURE,
    code_actions.FEATURE,
    symbols.FEATURE,
    folding.FEATURE,
    links.FEATURE,
    formatting.FEATURE,
    navigation.FEATURE,
    rename.FEATURE,
    workspace_symbols.FEATURE,
    code_lens.FEATURE,
]
