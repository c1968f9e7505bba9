"""The package type-checks: mypy, configured in pyproject.toml ``[tool.mypy]``, finds nothing.

Run it by hand with ``python -m mypy`` from the repository root.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors() -> None:
    assert importlib.util.find_spec("mypy") is not None, (
        "mypy is not installed: pip install -e '.[test]'"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "Success" not in result.stdout:
        pytest.fail(f"mypy found type errors:\n{report}", pytrace=False)
