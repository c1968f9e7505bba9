"""The shape of the code: no function in the package is longer than a screen.

A function over :data:`MAX_LINES` lines (from its ``def`` to its last line,
docstring included, decorators not) is split into named steps. There are no
exceptions: a generated table is data at module level, not a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import featuredoc

PACKAGE = Path(featuredoc.__file__).parent
MAX_LINES = 60


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """``(qualified name, first line, length in lines)`` of every function in *source*.

    Nested functions and methods count on their own (``Class.method``,
    ``outer.inner``) and as part of what holds them.
    """
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                end = child.end_lineno if child.end_lineno is not None else child.lineno
                found.append((name, child.lineno, end - child.lineno + 1))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_the_measure_sees_every_function() -> None:
    body = "\n".join(f"    x = {i}" for i in range(3))
    source = (
        "import functools\n"
        "@functools.cache\n"
        "def top() -> None:\n"
        '    """Doc."""\n'
        f"{body}\n"
        "class A:\n"
        "    async def method(self) -> None:\n"
        "        def inner() -> None:\n"
        "            pass\n"
        "        if True:\n"
        "            def hidden() -> None:\n"
        "                pass\n"
    )
    assert function_lengths(source) == [
        ("top", 3, 5),
        ("A.method", 9, 6),
        ("A.method.inner", 10, 2),
        ("A.method.hidden", 13, 2),
    ]


def test_no_function_is_longer_than_the_limit() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for name, line, length in function_lengths(source):
            if length > MAX_LINES:
                where = path.relative_to(PACKAGE).as_posix()
                long.append(f"{where}:{line} {name} ({length} lines)")
    assert long == [], f"split these into named steps (at most {MAX_LINES} lines):\n" + "\n".join(
        long
    )
