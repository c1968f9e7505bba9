"""The release: ``scripts/release.py`` builds the sdist, the wheel and the .vsix and verifies them.

The script is run once, for real (into a temporary folder, never this tree's
dist/): it builds the sdist and the wheel with ``python -m build``, installs
each into a fresh virtual environment and runs both console scripts there,
and runs the .vsix's bundled server with a Python that has no pip. The
tests below read what it built, and feed its checks broken artefacts to see
them fail.
"""

from __future__ import annotations

import importlib.util
import io
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
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "server" / "featuredoc"
SCRIPT = REPO / "scripts" / "release.py"
VSCODE = REPO / "editors" / "vscode"
VERSION = re.search(r'(?m)^version = "([^"]+)"', (REPO / "pyproject.toml").read_text()).group(1)
EXTENSION_VERSION = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))["version"]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("featuredoc_release_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release_script = _script()


def _vsix_arguments() -> list[str]:
    """Reuse the .vsix build.sh made (CI builds it first), else let the script build it."""
    built = VSCODE / f"featuredoc-{EXTENSION_VERSION}.vsix"
    if built.is_file():
        return ["--vsix", str(built)]
    if shutil.which("npm") and shutil.which("node"):
        return []
    return ["--no-vsix"]


@pytest.fixture(scope="module")
def release(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The script's run (its output) and the folder it built into."""
    try:
        import build  # noqa: F401
    except ImportError:
        pytest.fail("the `build` package is missing: pip install -e '.[test]'")
    out = tmp_path_factory.mktemp("release") / "dist"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *_vsix_arguments()],
        capture_output=True,
        text=True,
        timeout=1800,
        env=release_script.clean_env(),
        check=False,
    )
    assert done.returncode == 0, f"release.py failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done, out


def _one(out: Path, pattern: str) -> Path:
    (found,) = out.glob(pattern)
    return found


def test_release_builds_and_verifies_every_artefact_and_names_what_publishing_needs(
    release: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, out = release
    log = done.stdout
    for step in (
        "installing featuredoc-{v}-py3-none-any.whl in a fresh environment and running it",
        "installing featuredoc-{v}.tar.gz in a fresh environment and running it",
    ):
        assert f"release: {step.format(v=VERSION)}" in log
    built = sorted(p.name for p in out.iterdir())
    expected = [f"featuredoc-{VERSION}-py3-none-any.whl", f"featuredoc-{VERSION}.tar.gz"]
    for name in expected:
        assert re.search(rf"{re.escape(str(out / name))}  sha256 [0-9a-f]{{64}}", log), name
    assert "twine upload" in log and f"git tag -a v{VERSION}" in log
    if "--no-vsix" in _vsix_arguments():
        assert built == sorted(expected)
        return
    vsix = f"featuredoc-{EXTENSION_VERSION}.vsix"
    assert built == sorted([*expected, vsix])
    assert f"release: running {vsix}'s bundled server with a Python that has no pip" in log
    assert "vsce publish" in log and "ovsx publish" in log


def test_sdist_holds_the_package_and_no_tests(
    release: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    sdist = _one(release[1], "featuredoc-*.tar.gz")
    top = f"featuredoc-{VERSION}"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
        pkg_info = archive.extractfile(f"{top}/PKG-INFO")
        assert pkg_info is not None
        metadata = HeaderParser().parsestr(pkg_info.read().decode("utf-8"))
        license_text = archive.extractfile(f"{top}/LICENSE")
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
    # The tests need the docs, the examples, the editors' files and git: they run
    # from a checkout, and the sdist carries none of them.
    assert [n for n in names if n.startswith(f"{top}/tests")] == []
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_wheel_carries_every_module_the_data_and_the_license(
    release: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    wheel = _one(release[1], "featuredoc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"featuredoc-{VERSION}.dist-info"
        metadata = HeaderParser().parsestr(archive.read(f"{info}/METADATA").decode("utf-8"))
        entry_points = archive.read(f"{info}/entry_points.txt").decode("utf-8")
        shipped_license = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
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


# ---- the checks fail on broken artefacts ------------------------------------------


def _tar(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return path


def test_an_sdist_with_tests_or_without_the_package_is_refused(tmp_path: Path) -> None:
    top = "featuredoc-9.9/"
    good = {
        f"{top}{name}": b"x"
        for name in (
            "LICENSE",
            "README.md",
            "pyproject.toml",
            "PKG-INFO",
            "server/featuredoc/__init__.py",
        )
    }
    release_script.check_sdist(_tar(tmp_path / "good.tar.gz", good), "9.9")
    with_tests = {**good, f"{top}tests/test_x.py": b"x"}
    with pytest.raises(release_script.ReleaseError, match=r"tests/test_x\.py"):
        release_script.check_sdist(_tar(tmp_path / "tests.tar.gz", with_tests), "9.9")
    without_package = {k: v for k, v in good.items() if "server/" not in k}
    with pytest.raises(release_script.ReleaseError, match=r"lacks server/featuredoc/__init__\.py"):
        release_script.check_sdist(_tar(tmp_path / "empty.tar.gz", without_package), "9.9")


def test_a_vsix_bundling_another_server_than_the_wheel_is_refused(
    release: tuple[subprocess.CompletedProcess[str], Path], tmp_path: Path
) -> None:
    out = release[1]
    vsix = next(out.glob("featuredoc-*.vsix"), None)
    if vsix is None:
        if os.environ.get("FEATUREDOC_REQUIRE_EDITORS"):
            pytest.fail("no .vsix was built (npm and node are needed)")
        pytest.skip("no .vsix was built (npm and node are needed)")
    stale = tmp_path / "stale.vsix"
    changed = "extension/bundled/libs/featuredoc/engine.py"
    with zipfile.ZipFile(vsix) as source, zipfile.ZipFile(stale, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data + b"\n# older\n" if item.filename == changed else data)
    wheel = _one(out, "featuredoc-*.whl")
    with pytest.raises(
        release_script.ReleaseError, match=r"another server than the wheel.*engine\.py"
    ):
        release_script.check_vsix(stale, wheel, tmp_path / "env", tmp_path, VERSION)


def test_a_server_that_does_not_answer_is_refused(tmp_path: Path) -> None:
    quits = [sys.executable, "-c", "import sys; sys.stdin.read(1)"]
    with pytest.raises(release_script.ReleaseError, match="ended before answering"):
        release_script.answer_over_stdio(quits, tmp_path, release_script.clean_env(), VERSION)
