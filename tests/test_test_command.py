"""The README's test command is the one `.ci/run` runs, and it shows why tests were skipped."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _pytest_arguments(line: str) -> list[str]:
    words = shlex.split(line.split("&&")[-1])
    start = words.index("pytest")
    assert words[start - 1] == "-m" and words[start - 2] in ("python", "python3"), line
    return words[start + 1 :]


def readme_command() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Run the tests", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    (line,) = [line for line in block.splitlines() if "pytest" in line]
    return _pytest_arguments(line)


def ci_command() -> list[str]:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    (line,) = [line for line in script.splitlines() if re.match(r"\s*python3? -m pytest", line)]
    return _pytest_arguments(line)


def test_ci_runs_the_readme_command() -> None:
    assert ci_command() == readme_command()


def test_the_command_lists_the_skipped_tests_and_the_readme_says_what_they_need() -> None:
    assert "-rs" in readme_command()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Run the tests", 1)[1].split("\n## ", 1)[0]
    for needed in ("../shared/corpus/xen", "libkrb5-dev"):
        assert needed in section, needed
