"""Build the release artefacts into dist/, verify each as a user would get it, and say
what publishing them needs.

    python scripts/release.py [--out DIR] [--vsix FILE | --no-vsix]

1. The sdist and the wheel (``python -m build``: the sdist, then the wheel
   from the sdist), from a copy of the files git knows in this tree (the
   commit and any uncommitted change, nothing git ignores).
2. The VS Code extension (``editors/vscode/build.sh``), copied next to them;
   ``--vsix FILE`` takes one built already, ``--no-vsix`` leaves it out.
3. Verification, with nothing of this tree on ``sys.path``:

   - the sdist holds the package, README.md, LICENSE and pyproject.toml and
     no tests (they run from a checkout: they need the docs, the editors'
     files and git);
   - the wheel, and then the sdist, each installed with pip in a fresh
     virtual environment (dependencies from the package index):
     ``featuredoc --version``, ``featuredoc check`` of the examples (FD201
     found, exit status 1) and ``featuredoc-ls`` answering over stdio (FD201
     published for the example);
   - the ``.vsix``: its bundled server is the wheel's (same files), and it
     answers over stdio when run, as the extension runs it, by the Python of
     a virtual environment made without pip (nothing installed at all).

4. What publishing needs: the tag, the PyPI upload, the VS Code Marketplace
   and Open VSX. This script publishes nothing.

Exit status 0 when every artefact was built and verified, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
VSCODE = REPO / "editors" / "vscode"
EXAMPLE = "docs/features/grant-table-v3.pandoc"  # examples/: 'Supperted' on line 8
#: What the sdist may hold besides the package: it builds the wheel, nothing else.
SDIST_FILES = ("LICENSE", "MANIFEST.in", "PKG-INFO", "README.md", "pyproject.toml", "setup.cfg")
TIMEOUT = 600


class ReleaseError(Exception):
    """A step failed; the message says which and why."""


def version() -> str:
    found = re.search(r'(?m)^version = "([^"]+)"', (REPO / "pyproject.toml").read_text("utf-8"))
    if found is None:
        raise ReleaseError("pyproject.toml has no version")
    return found.group(1)


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without what would put this tree (or another Python) on sys.path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
        and not k.startswith("PYTEST")
    }
    env.update(extra)
    return env


def run(
    cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """*cmd*; a :class:`ReleaseError` with the end of its output when it fails."""
    done = subprocess.run(
        cmd,
        cwd=cwd,
        env=clean_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise ReleaseError(
            f"`{' '.join(cmd)}` failed (exit status {done.returncode}):\n"
            f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return done


def say(text: str) -> None:
    print(f"release: {text}", flush=True)


# ---- building ---------------------------------------------------------------------


def source_copy(target: Path) -> Path:
    """The files git knows in this tree (tracked, or new and not ignored), copied to *target*."""
    listed = run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    )
    for rel in sorted(filter(None, listed.stdout.split("\0"))):
        origin = REPO / rel
        if not origin.is_file():  # deleted in the work tree
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, target / rel)
    return target


def build_python(out: Path, scratch: Path) -> tuple[Path, Path]:
    source = source_copy(scratch / "source")
    built = scratch / "built"
    run([sys.executable, "-m", "build", "--outdir", str(built), str(source)])
    sdists = list(built.glob("featuredoc-*.tar.gz"))
    wheels = list(built.glob("featuredoc-*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise ReleaseError(f"python -m build made {sorted(p.name for p in built.iterdir())}")
    return Path(shutil.copy2(sdists[0], out)), Path(shutil.copy2(wheels[0], out))


def build_vsix(out: Path, given: Path | None) -> Path:
    if given is None:
        run(["bash", str(VSCODE / "build.sh")], env=clean_env(PYTHON=sys.executable))
        manifest = json.loads((VSCODE / "package.json").read_text("utf-8"))
        given = VSCODE / f"featuredoc-{manifest['version']}.vsix"
    if not given.is_file():
        raise ReleaseError(f"no .vsix at {given}")
    return Path(shutil.copy2(given, out))


# ---- verifying --------------------------------------------------------------------


def check_sdist(sdist: Path, release: str) -> None:
    top = f"featuredoc-{release}/"
    with tarfile.open(sdist) as archive:
        names = [n for n in archive.getnames() if n.startswith(top)]
    rels = {n[len(top) :] for n in names}
    extra = sorted(
        rel
        for rel in rels
        if rel
        and rel not in SDIST_FILES
        and not rel.startswith(("server/featuredoc/", "server/featuredoc.egg-info/"))
        and rel not in ("server", "server/featuredoc", "server/featuredoc.egg-info")
    )
    if extra:
        raise ReleaseError(f"{sdist.name} holds files that are not the package's: {extra[:10]}")
    for needed in ("LICENSE", "README.md", "pyproject.toml", "server/featuredoc/__init__.py"):
        if needed not in rels:
            raise ReleaseError(f"{sdist.name} lacks {needed}")


def make_venv(home: Path, *, pip: bool = True) -> Path:
    """A fresh virtual environment; its Python."""
    run([sys.executable, "-m", "venv", *([] if pip else ["--without-pip"]), str(home)])
    return home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def check_installed(artefact: Path, home: Path, examples: Path, release: str) -> None:
    """*artefact* (a wheel or an sdist) installed by pip in a fresh environment, then run."""
    python = make_venv(home)
    run([str(python), "-m", "pip", "install", "--disable-pip-version-check", str(artefact)])
    bindir = python.parent
    env = clean_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    featuredoc = shutil.which("featuredoc", path=str(bindir))
    server = shutil.which("featuredoc-ls", path=str(bindir))
    if featuredoc is None or server is None:
        raise ReleaseError(f"{artefact.name} installed no featuredoc/featuredoc-ls scripts")
    shown = run([featuredoc, "--version"], env=env).stdout.strip()
    if shown != f"featuredoc {release}":
        raise ReleaseError(f"{artefact.name}: `featuredoc --version` says {shown!r}")
    where = run(
        [str(python), "-c", "import featuredoc; print(featuredoc.__file__)"], cwd=examples, env=env
    )
    imported = Path(where.stdout.strip()).resolve()
    if not imported.is_relative_to(home.resolve()) or "site-packages" not in imported.parts:
        raise ReleaseError(f"{artefact.name}: featuredoc was imported from {imported}")
    checked = subprocess.run(
        [featuredoc, "check", "--format", "json", "."],
        cwd=examples,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    try:
        codes = {f["code"] for f in json.loads(checked.stdout)}
    except (ValueError, TypeError, KeyError):
        codes = set()
    if checked.returncode != 1 or "FD201" not in codes:
        raise ReleaseError(
            f"{artefact.name}: `featuredoc check` of the examples exited "
            f"{checked.returncode} with {sorted(codes)} (expected 1, FD201)\n{checked.stderr}"
        )
    answer_over_stdio([server], examples, env, release)


def check_vsix(vsix: Path, wheel: Path, home: Path, examples: Path, release: str) -> None:
    """The .vsix's bundled server: the wheel's files, run by a Python with no pip."""
    extracted = home / "vsix"
    with zipfile.ZipFile(vsix) as archive:
        archive.extractall(extracted)
    libs = extracted / "extension" / "bundled" / "libs"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n: archive.read(n) for n in archive.namelist() if n.startswith("featuredoc/")}
    different = sorted(
        name
        for name, data in shipped.items()
        if not (libs / name).is_file() or (libs / name).read_bytes() != data
    )
    if different:
        raise ReleaseError(
            f"{vsix.name} bundles another server than the wheel (rebuild it): {different[:10]}"
        )
    python = make_venv(home / "nopip", pip=False)
    has_pip = subprocess.run(
        [str(python), "-c", "import pip"], capture_output=True, env=clean_env(), check=False
    )
    if has_pip.returncode == 0:
        raise ReleaseError(f"{python} can import pip: not the bare Python this check needs")
    launcher = extracted / "extension" / "bundled" / "tool" / "server.py"
    env = clean_env(PYTHONDONTWRITEBYTECODE="1")
    shown = run([str(python), str(launcher), "--version"], env=env).stdout.strip()
    if shown != f"featuredoc {release}":
        raise ReleaseError(f"{vsix.name}: the bundled server says {shown!r}")
    answer_over_stdio([str(python), str(launcher)], examples, env, release)


def answer_over_stdio(
    command: list[str], examples: Path, env: dict[str, str], release: str
) -> None:
    """The language server of *command*: initialize, FD201 for the example, shutdown, exit 0."""
    proc = subprocess.Popen(
        command,
        cwd=examples,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    stdin, stdout, stderr = proc.stdin, proc.stdout, proc.stderr
    inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
    log: list[str] = []  # its standard error, read as it comes so that it never blocks

    def read_log() -> None:
        for raw in stderr:
            log.append(raw.decode("utf-8", "replace"))

    def gone() -> ReleaseError:
        return ReleaseError(f"`{command[-1]}` ended before answering:\n{''.join(log[-20:])}")

    def read() -> None:
        while True:
            length = None
            while True:
                line = stdout.readline()
                if not line:
                    inbox.put(None)
                    return
                if not line.strip():
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is not None:
                inbox.put(json.loads(stdout.read(length)))

    def send(message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        try:
            stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            stdin.flush()
        except OSError:  # it has gone away
            raise gone() from None

    def until(wanted: Any) -> dict[str, Any]:  # noqa: ANN401
        while True:
            try:
                message = inbox.get(timeout=120)
            except queue.Empty:
                raise ReleaseError(f"`{command[-1]}` did not answer within 120 s") from None
            if message is None:
                raise gone()
            if "id" in message and "method" in message:  # a request of the server's
                send({"id": message["id"], "result": None})
            elif wanted(message):
                return message

    readers = [threading.Thread(target=f, daemon=True) for f in (read, read_log)]
    for reader in readers:
        reader.start()
    try:
        uri = (examples / EXAMPLE).resolve().as_uri()
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": None,
                    "rootUri": examples.resolve().as_uri(),
                    "capabilities": {},
                },
            }
        )
        info = until(lambda m: m.get("id") == 1).get("result", {}).get("serverInfo", {})
        if info.get("version") != release:
            raise ReleaseError(f"`{command[-1]}` says it is {info}, not version {release}")
        send({"method": "initialized", "params": {}})
        text = (examples / EXAMPLE).read_text("utf-8")
        send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "featuredoc",
                        "version": 1,
                        "text": text,
                    }
                },
            }
        )
        published = until(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        codes = [d.get("code") for d in published["params"]["diagnostics"]]
        if "FD201" not in codes:
            raise ReleaseError(f"`{command[-1]}` published {codes} for the example, not FD201")
        send({"id": 2, "method": "shutdown"})
        until(lambda m: m.get("id") == 2)
        send({"method": "exit"})
        if proc.wait(timeout=60) != 0:
            raise ReleaseError(f"`{command[-1]}` exited {proc.returncode} after shutdown")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for reader in readers:  # they end at the end of its output
            reader.join(timeout=10)
        with contextlib.suppress(OSError):
            stdin.close()


# ---- publishing -------------------------------------------------------------------


def publishing(artefacts: list[Path], release: str) -> str:
    tag = f"v{release}"
    tagged = subprocess.run(
        ["git", "-C", str(REPO), "tag", "--list", tag], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    lines = ["Built and verified:"]
    for path in artefacts:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"  {path}  sha256 {digest}")
    wheel = next((p for p in artefacts if p.suffix == ".whl"), None)
    sdist = next((p for p in artefacts if p.name.endswith(".tar.gz")), None)
    vsix = next((p for p in artefacts if p.suffix == ".vsix"), None)
    lines += [
        "",
        "Publishing is not done here. It needs:",
        f"- the tag {tag} on the commit these were built from "
        + ("(it exists already)" if tagged else "(there is none yet)")
        + ": git tag -a "
        + f"{tag} -m 'featuredoc {release}' && git push origin {tag}"
        + (
            "; the tree has uncommitted changes: commit them and build again first" if dirty else ""
        ),
        "  (then pre-commit's `rev:` and pip's `@` can name the tag, as docs/ci.md says)",
        "- PyPI: an account that owns the name 'featuredoc' and an API token for it;",
        f"  python -m twine check {sdist} {wheel}",
        f"  TWINE_USERNAME=__token__ TWINE_PASSWORD=<token> python -m twine upload {sdist} {wheel}",
    ]
    if vsix is not None:
        lines += [
            "- VS Code Marketplace: the publisher 'featuredoc' (editors/vscode/package.json) and an",
            "  Azure DevOps personal access token with the Marketplace (Manage) scope;",
            "  (package.json has no `repository`: add one, or pass --allow-missing-repository)",
            f"  cd editors/vscode && VSCE_PAT=<token> npx vsce publish --packagePath {vsix}",
            "- Open VSX (VSCodium, code-server): the namespace 'featuredoc' and an access token;",
            f"  npx ovsx publish {vsix} -p <token>",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="default: dist/")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--vsix", type=Path, help="a .vsix built already (default: build it)")
    chosen.add_argument("--no-vsix", action="store_true", help="leave the VS Code extension out")
    args = parser.parse_args(argv)
    release = version()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("featuredoc-*"):
        old.unlink()
    try:
        with tempfile.TemporaryDirectory(prefix="featuredoc-release-") as temp:
            scratch = Path(temp)
            say("building the sdist and the wheel")
            sdist, wheel = build_python(out, scratch)
            artefacts = [wheel, sdist]
            vsix = None
            if not args.no_vsix:
                say("building the VS Code extension" if args.vsix is None else "taking the .vsix")
                vsix = build_vsix(out, args.vsix)
                artefacts.append(vsix)
            examples = shutil.copytree(REPO / "examples", scratch / "examples")
            say(f"checking {sdist.name}'s contents")
            check_sdist(sdist, release)
            say(f"installing {wheel.name} in a fresh environment and running it")
            check_installed(wheel, scratch / "wheel-env", examples, release)
            say(f"installing {sdist.name} in a fresh environment and running it")
            check_installed(sdist, scratch / "sdist-env", examples, release)
            if vsix is not None:
                say(f"running {vsix.name}'s bundled server with a Python that has no pip")
                check_vsix(vsix, wheel, scratch / "vsix-env", examples, release)
    except (ReleaseError, subprocess.TimeoutExpired, OSError) as exc:
        print(f"release: error: {exc}", file=sys.stderr)
        return 1
    print(publishing(artefacts, release))
    return 0


if __name__ == "__main__":
    sys.exit(main())
