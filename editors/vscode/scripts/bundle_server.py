"""Installs the featuredoc server and its dependencies into the extension's ``bundled/libs``.

The result runs on any CPython from 3.10 on, on any operating system:

- packages are chosen for Python 3.10 (the oldest the server supports), and
  the dependencies that only some Python versions or systems need (a
  backport such as ``exceptiongroup`` on 3.10) are added too, since pip
  itself evaluates those conditions for the Python running it only;
- compiled extension modules are removed: PyYAML then uses its pure-Python
  implementation (featuredoc never asks for the C loader);
- nothing is byte-compiled, and no console scripts are kept.

    python3 scripts/bundle_server.py REPO TARGET
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from email.parser import HeaderParser
from pathlib import Path

try:
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
except ImportError:  # pip always carries a copy
    from pip._vendor.packaging.markers import default_environment
    from pip._vendor.packaging.requirements import Requirement

OLDEST = "3.10"
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
SYSTEMS = (
    {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
)
COMPILED = ("*.so", "*.pyd", "*.dylib", "*.dll")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_install(target: Path, args: list[str], *, deps: bool) -> None:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--target",
        str(target),
        "--only-binary=:all:",
        "--python-version",
        OLDEST,
        *([] if deps else ["--no-deps"]),
        *args,
    ]
    subprocess.run(cmd, check=True)


def installed(target: Path) -> dict[str, Path]:
    """Canonical name → dist-info folder of every distribution in target."""
    out = {}
    for info in target.glob("*.dist-info"):
        metadata = HeaderParser().parsestr((info / "METADATA").read_text(encoding="utf-8"))
        out[canonical(metadata["Name"])] = info
    return out


def needed_somewhere(requirement: Requirement) -> bool:
    """Whether some supported Python on some system needs it (never for an extra)."""
    if requirement.marker is None:
        return True
    for version in PYTHONS:
        for system in SYSTEMS:
            env = {
                **default_environment(),
                **system,
                "python_version": version,
                "python_full_version": f"{version}.0",
                "extra": "",
            }
            if requirement.marker.evaluate(env):
                return True
    return False


def missing_requirements(target: Path) -> list[str]:
    have = installed(target)
    missing: dict[str, str] = {}
    for info in have.values():
        metadata = HeaderParser().parsestr((info / "METADATA").read_text(encoding="utf-8"))
        for line in metadata.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            name = canonical(requirement.name)
            if name in have or not needed_somewhere(requirement):
                continue
            missing[name] = f"{requirement.name}{requirement.specifier}"
    return sorted(missing.values())


def strip(target: Path) -> None:
    for pattern in COMPILED:
        for file in target.rglob(pattern):
            file.unlink()
    for extra in ("bin", "_yaml"):
        shutil.rmtree(target / extra, ignore_errors=True)
    for cache in list(target.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def bundle(repo: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--wheel-dir",
                tmp,
                str(repo),
            ],
            check=True,
        )
        wheels = list(Path(tmp).glob("featuredoc-*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"bundle_server.py: expected one featuredoc wheel, got {wheels}")
        pip_install(target, [str(wheels[0])], deps=True)
    for _ in range(10):
        missing = missing_requirements(target)
        if not missing:
            break
        print(f"bundle_server.py: adding what other Pythons or systems need: {', '.join(missing)}")
        pip_install(target, missing, deps=False)
    else:
        raise SystemExit(f"bundle_server.py: requirements still missing: {missing}")
    strip(target)
    left = [p for pattern in COMPILED for p in target.rglob(pattern)]
    if left:
        raise SystemExit(f"bundle_server.py: compiled files left: {left}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="the featuredoc source tree")
    parser.add_argument("target", type=Path, help="where to install (bundled/libs)")
    args = parser.parse_args()
    bundle(args.repo.resolve(), args.target.resolve())
    print(f"bundle_server.py: {len(installed(args.target))} distributions in {args.target}")


if __name__ == "__main__":
    main()
