"""YAML reading that untrusted input cannot abuse.

``yaml.safe_load`` already refuses to build Python objects from tags; on top
of that, aliases are refused (so an "alias bomb" cannot expand into a huge
structure when the data is walked), nesting depth is bounded, and the input
size is capped. A scalar that cannot be converted (a whole number of more
than :data:`MAX_INT_DIGITS` digits, such as ``1:1:1:…`` in base 60; a date
such as ``2019-02-30``; ``!!int ""``) is an error at its own line and
column, like a syntax error, never an exception for the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_YAML_BYTES = 256 * 1024
MAX_DEPTH = 64
#: Longest whole number accepted. Python refuses to convert one of more than
#: 4300 digits to or from text, so a larger one would fail wherever it is
#: shown; no setting or metadata needs a tenth of that.
MAX_INT_DIGITS = 1000
_INT_BOUND = 10**MAX_INT_DIGITS
_TOO_LARGE = f"a number of more than {MAX_INT_DIGITS} digits is not allowed"


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

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:  # noqa: ANN401
        """The value of *node*; a value that cannot be built is an error at the node."""
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # noqa: BLE001 - any conversion failure is the input's fault
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this {tag} value ({_reason(exc)})", node.start_mark
            ) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        # Measured before converting: base-60 numbers (1:2:3) take time quadratic
        # in their length to compute, and decimal ones over 4300 digits raise.
        text = str(node.value).replace("_", "").lstrip("+-")
        if len(text) > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, _TOO_LARGE, node.start_mark)
        value: int = super().construct_yaml_int(node)
        if abs(value) >= _INT_BOUND:
            raise yaml.constructor.ConstructorError(None, None, _TOO_LARGE, node.start_mark)
        return value


_NoAliasLoader.add_constructor("tag:yaml.org,2002:int", _NoAliasLoader.construct_yaml_int)


def _reason(exc: Exception) -> str:
    """One short line about *exc*, without Python's advice to programmers."""
    text = str(exc).split(";")[0].strip()
    if not text or len(text) > 120:
        return exc.__class__.__name__
    return text


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
        return YamlResult(error=_reason(exc), line=0, column=0)
