"""YAML reading that untrusted input cannot abuse.

``yaml.safe_load`` already refuses to build Python objects from tags; on top
of that, aliases are refused (so an "alias bomb" cannot expand into a huge
structure when the data is walked), nesting depth is bounded, and the input
size is capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_YAML_BYTES = 256 * 1024
MAX_DEPTH = 64


class _NoAliasLoader(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]  # as above
                raise yaml.composer.ComposerError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass(slots=True)
class YamlResult:
    data: Any = None
    error: str | None = None
    line: int | None = None  # 0-based line of the error, relative to the text
    column: int | None = None


def load_yaml(text: str) -> YamlResult:
    """Parse *text* as YAML; errors are returned, never raised."""
    if len(text) > MAX_YAML_BYTES:
        return YamlResult(error=f"YAML larger than {MAX_YAML_BYTES} bytes", line=0, column=0)
    try:
        loader = _NoAliasLoader(text)
        try:
            return YamlResult(data=loader.get_single_data())
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return YamlResult(
            error=str(problem),
            line=mark.line if mark else 0,
            column=mark.column if mark else 0,
        )
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return YamlResult(error=f"invalid YAML: {exc.__class__.__name__}", line=0, column=0)
