"""Sample documents and helpers for the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VALID = """\
% Grant Table v3
% Revision 2

# Basics
---------------- ----------------------------------------------------
         Status: **{status}**

      Component: Hypervisor

Security sign-off: Jane Doe <jane.doe@example.org>, 2025-03-04
---------------- ----------------------------------------------------

# Overview

Grant tables let domains share pages with each other.

# User details

Enabled by default; nothing to configure. Inspect with `xl info`.

# Technical details

The code lives in `xen/common/grant_table.c`.

# Limitations

None known beyond those of version 2.

# Testing

Boot a guest with PV drivers and run network and block I/O.

# Areas for improvement

* Larger frame counts.

# Known issues

* None.

# References

* `docs/misc/grant-tables.txt`

# History

------------------------------------------------------------------------
Date       Revision Version  Notes
---------- -------- -------- -------------------------------------------
2024-01-10 1        Xen 4.19 Document written
{date} 2        Xen 4.20 Declared supported
---------- -------- -------- -------------------------------------------
"""


def feature_doc(status: str = "Supported", date: str = "2025-03-04") -> str:
    """A complete feature document; change *status* or *date* to make findings."""
    return VALID.format(status=status, date=date.ljust(10))


#: Misspelled status (FD201 error, fixable) and an unpadded History date (FD402 warning, fixable).
BROKEN = feature_doc("Supperted", "2025-3-04")
#: BROKEN after ``--fix`` (the padded date takes the space after it: the columns stay).
FIXED = feature_doc("Supported", "2025-03-04")

SUPPORT_MD = """\
# Support statement

## Definition of Status labels

Labels are defined here.

## Features

### Widget

    Status, x86: Supported
    Status, \U0001f600 Arm: Suported
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


Runner = Callable[..., Result]


def run_process(
    *argv: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m featuredoc.cli.command`` in a new process."""
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "featuredoc.cli.command", *argv],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=environ,
        timeout=120,
        check=False,
    )
