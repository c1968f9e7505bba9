"""The release artefacts: the sdist and the wheel built from this tree, installed for real.

Builds both with ``python -m build`` (the sdist first, then the wheel from the
sdist, so a file missing from the sdist breaks the wheel too), installs the
wheel into a fresh virtual environment (its dependencies come from the
package index) and runs the two console scripts there, with nothing of this
tree on ``sys.path``. The scripts are called by name, never by module path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

from robustness.lsp_client import LspClient, supperted_document

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "server" / "featuredoc"
VERSION = re.search(r'(?m)^version = "([^"]+)"', (REPO / "pyproject.toml").read_text()).group(1)
FD201_MESSAGE = "'Supperted' is not a support status; did you mean 'Supported'?"

# Build output, caches and the editors' own build trees: never part of a release.
_NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".cache",
    "node_modules",
    "__pycache__",
    "*.egg-info",
    "build",
    "dist",
    ".venv",
    "*.vsix",
    "bundled",
    "out",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
)


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that would put this tree on sys.path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
        and not k.startswith("PYTEST")
    }
    env.update(extra)
    return env


def _run(
    cmd: list[str], timeout: float = 300, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel, built from a copy of this tree (the tree is not written to)."""
    try:
        import build  # noqa: F401
    except ImportError:
        pytest.fail("the `build` package is missing: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("release")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCES)
    out = root / "dist"
    result = _run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)], env=_clean_env()
    )
    assert result.returncode == 0, (
        f"python -m build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    sdists = list(out.glob("featuredoc-*.tar.gz"))
    wheels = list(out.glob("featuredoc-*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in out.iterdir())
    return {"sdist": sdists[0], "wheel": wheels[0]}


@pytest.fixture(scope="module")
def venv(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the built wheel installed; its bin/ (Scripts\\)."""
    home = tmp_path_factory.mktemp("venv") / "venv"
    made = _run([sys.executable, "-m", "venv", str(home)], env=_clean_env())
    assert made.returncode == 0, made.stderr
    bindir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    installed = _run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(dists["wheel"])],
        env=_clean_env(),
    )
    assert installed.returncode == 0, (
        f"installing the wheel failed (the dependencies come from the package index):\n"
        f"{installed.stdout[-3000:]}\n{installed.stderr[-3000:]}"
    )
    return bindir


def _script(bindir: Path, name: str) -> str:
    found = shutil.which(name, path=str(bindir))
    assert found, (
        f"the wheel installed no `{name}` script in {bindir}: {sorted(os.listdir(bindir))}"
    )
    return found


def _venv_env(bindir: Path) -> dict[str, str]:
    return _clean_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")


def test_sdist_carries_the_license_the_readme_and_the_package(dists: dict[str, Path]) -> None:
    top = f"featuredoc-{VERSION}"
    with tarfile.open(dists["sdist"]) as sdist:
        names = set(sdist.getnames())
        pkg_info = sdist.extractfile(f"{top}/PKG-INFO")
        assert pkg_info is not None
        metadata = HeaderParser().parsestr(pkg_info.read().decode("utf-8"))
        license_text = sdist.extractfile(f"{top}/LICENSE")
        assert license_text is not None
        assert license_text.read().decode("utf-8") == (REPO / "LICENSE").read_text(encoding="utf-8")
    for needed in ("LICENSE", "README.md", "pyproject.toml", "server/featuredoc/__init__.py"):
        assert f"{top}/{needed}" in names, needed
    sources = {
        f"{top}/server/{p.relative_to(PACKAGE.parent).as_posix()}"
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert sources - names == set()
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_wheel_carries_every_module_the_data_and_the_license(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = set(wheel.namelist())
        info = f"featuredoc-{VERSION}.dist-info"
        metadata = HeaderParser().parsestr(wheel.read(f"{info}/METADATA").decode("utf-8"))
        entry_points = wheel.read(f"{info}/entry_points.txt").decode("utf-8")
        shipped_license = wheel.read(f"{info}/licenses/LICENSE").decode("utf-8")
    package_files = {
        p.relative_to(PACKAGE.parent).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert "featuredoc/py.typed" in package_files
    assert package_files - names == set()
    assert shipped_license == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Version"] == VERSION
    assert re.search(r"(?m)^featuredoc = ", entry_points)
    assert re.search(r"(?m)^featuredoc-ls = ", entry_points)


def test_installed_package_is_the_wheel_not_this_tree(venv: Path) -> None:
    python = shutil.which("python", path=str(venv))
    assert python
    shown = _run(
        [python, "-c", "import featuredoc; print(featuredoc.__file__, featuredoc.__version__)"],
        env=_venv_env(venv),
        cwd=str(venv.parent.parent),
    )
    assert shown.returncode == 0, shown.stderr
    where, version = shown.stdout.split()
    assert Path(where).resolve().is_relative_to(venv.parent.resolve())
    assert "site-packages" in Path(where).parts
    assert version == VERSION


def test_installed_checker_reports_the_planted_mistakes(venv: Path) -> None:
    featuredoc = _script(venv, "featuredoc")
    shown = _run([featuredoc, "--version"], env=_venv_env(venv))
    assert shown.returncode == 0 and shown.stdout.strip() == f"featuredoc {VERSION}", shown
    checked = _run([featuredoc, "check", "examples/"], env=_venv_env(venv), cwd=str(REPO))
    assert checked.returncode == 1, checked
    assert (
        f"examples/docs/features/grant-table-v3.pandoc:8:20: error FD201 {FD201_MESSAGE}"
        in checked.stdout
    ), checked.stdout
    as_json = _run(
        [featuredoc, "check", "--format", "json", "examples/"], env=_venv_env(venv), cwd=str(REPO)
    )
    assert as_json.returncode == 1, as_json
    codes = {f["code"] for f in json.loads(as_json.stdout)}
    assert {"FD201", "FD501"} <= codes


def test_installed_language_server_answers_over_stdio(venv: Path, tmp_path: Path) -> None:
    doc, text, line, start = supperted_document(tmp_path, "gäste.pandoc")

    client = LspClient(cwd=tmp_path, command=[_script(venv, "featuredoc-ls")], env=_venv_env(venv))
    try:
        result = client.initialize(tmp_path)
        assert result["serverInfo"] == {"name": "featuredoc", "version": VERSION}
        uri = doc.as_uri()
        client.open(uri, text, language="featuredoc")
        published = client.wait_for_version(uri, 1)
        fd201 = [d for d in published["diagnostics"] if d.get("code") == "FD201"]
        assert [d["message"] for d in fd201] == [FD201_MESSAGE]
        assert fd201[0]["range"] == {
            "start": {"line": line, "character": start},
            "end": {"line": line, "character": start + len("Supperted")},
        }
        assert client.shutdown_and_exit() == 0
    finally:
        client.kill()
