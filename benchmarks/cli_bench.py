#!/usr/bin/env python3
"""`featuredoc check` on a ~1,610-file, ~35 MB document set, against floors and markdownlint.

    python benchmarks/cli_bench.py                 # build the set (once), time everything
    python benchmarks/cli_bench.py --json          # machine-readable
    python benchmarks/cli_bench.py --no-markdownlint --runs 1   # quick
    python benchmarks/cli_bench.py --profile out/  # plus a cProfile of one check of the set

The set. The product's figures were taken on the Xen feature documents and SUPPORT.md at
every revision in their history, ten times over (1,610 files, 35 MB). That history is not
available here, so the set is rebuilt from the corpus (``../shared/corpus/xen``, or the
project's own fixtures when it is absent, which the output says): the 12 ``.pandoc``
documents and SUPPORT.md, plus deterministic variants standing in for their revisions
(revision bumps, status changes and real-world status mistakes, later sections cut as in
earlier drafts, History rows added; SUPPORT.md with sections dropped and Status values
changed) to --distinct documents, as many of them SUPPORT.md revisions as it takes for the
ten copies to weigh --target-mb; then --copies copies. Same seed, same bytes.

Timed (wall clock, median of --runs; markdownlint-cli2 median of --mdl-runs):
  read        reading every file (Python, in process): the I/O floor
  regex       one Python regex (Status lines) over every file, in process
  featuredoc  `featuredoc check FILE...` over the set (every file named: folder scans
              follow the configured include globs, which a generated tree need not match)
  markdownlint-cli2 over the same files, when node can run it (installed once with npm
              into benchmarks/.cache/npm; the newest version whose engines accept the
              installed node is used)
  small       `featuredoc check` of one small feature document, and Python's own start-up
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docgen  # noqa: E402

HERE = Path(__file__).resolve().parent
NPM_DIR = HERE / ".cache" / "npm"
# the newest markdownlint-cli2 whose package.json accepts node 20 (0.23 needs node >= 22)
MDL_VERSION_NODE20 = "0.22.1"
STATUS_RE = re.compile(r"^[ \t]*Status(?:,[^:\n]*)?:[ \t]*(.+)$", re.M)
SET_FORMAT = 1  # bump when the generator changes, so a cached set is rebuilt

TARGET_RATIO_VS_MARKDOWNLINT = 0.1
TARGET_SMALL_MS = 150.0


# ----------------------------------------------------------------------------------------
# the document set


def build_set(out: Path, distinct: int, copies: int, target_mb: float, seed: int) -> dict[str, Any]:
    """Write the set under ``out`` (reused when already built with the same parameters)."""
    src = docgen.find_sources()
    stamp = json.dumps(
        {
            "format": SET_FORMAT,
            "distinct": distinct,
            "copies": copies,
            "target_mb": target_mb,
            "seed": seed,
            "origin": src.origin,
            "sources": hashlib.sha256(
                b"".join(
                    p.read_bytes() for p in [*src.features, *([src.support] if src.support else [])]
                )
            ).hexdigest(),
        },
        sort_keys=True,
    )
    manifest = out / "manifest.json"
    if manifest.is_file():
        info = json.loads(manifest.read_text())
        if info.get("stamp") == stamp:
            return info
        shutil.rmtree(out)
    rng = random.Random(seed)
    feats = [(p.stem, p.read_text(encoding="utf-8")) for p in src.features]
    docs: list[tuple[str, str]] = []  # (relative path within one copy, text)
    docs += [(f"docs/features/{name}.pandoc", text) for name, text in feats]
    avg_feat = statistics.fmean(len(t.encode()) for _, t in feats) if feats else 0.0
    per_copy = target_mb * 1e6 / copies
    if src.support is not None:
        sup = src.support.read_text(encoding="utf-8")
        docs.append(("support-000/SUPPORT.md", sup))
        size = sum(len(t.encode()) for _, t in docs)
        k = 1
        while len(docs) < distinct:
            # room left for the feature variants still to come?
            if size + (distinct - len(docs)) * avg_feat >= per_copy:
                break
            text = docgen.support_variant(sup, rng, k)
            docs.append((f"support-{k:03d}/SUPPORT.md", text))
            size += len(text.encode())
            k += 1
    k = 0
    while feats and len(docs) < distinct:
        name, text = feats[k % len(feats)]
        docs.append(
            (
                f"docs/features/{name}-v{k // len(feats) + 2}.pandoc",
                docgen.feature_variant(text, rng, k),
            )
        )
        k += 1
    if len({t for _, t in docs}) != len(docs):
        raise RuntimeError("generator produced duplicate documents")
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    files = []
    for c in range(copies):
        for rel, text in docs:
            p = tmp / f"copy-{c:02d}" / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
            files.append(str(out / f"copy-{c:02d}" / rel))
    n_support = sum(1 for rel, _ in docs if rel.endswith("SUPPORT.md"))
    info = {
        "stamp": stamp,
        "origin": src.origin,
        "distinct": len(docs),
        "distinct_support": n_support,
        "distinct_feature": len(docs) - n_support,
        "copies": copies,
        "files": len(files),
        "bytes": copies * sum(len(t.encode()) for _, t in docs),
        "how": (
            f"{len(docs)} distinct documents ({len(feats)} .pandoc originals + "
            f"{len(docs) - n_support - len(feats)} variants of them; SUPPORT.md + "
            f"{max(0, n_support - 1)} variants of it) x {copies} copies; seed {seed}"
        ),
    }
    (tmp / "files.txt").write_text("\n".join(files) + "\n")
    (tmp / "manifest.json").write_text(json.dumps(info, indent=1))
    tmp.rename(out)
    return info


def set_files(out: Path) -> list[str]:
    return (out / "files.txt").read_text().split()


# ----------------------------------------------------------------------------------------
# timing


#: CPU time (user + sys, ms, the command and its children) of every run of time_cmd, by
#: command name; steadier than wall time when other work shares the cores
CPU_MS: dict[str, list[float]] = {}


def time_cmd(
    cmd: list[str], runs: int, cwd: Path | None = None, key: str = ""
) -> tuple[list[float], str, int]:
    """Wall times (ms) of ``runs`` runs; stdout+stderr of the last one and its exit code."""
    times = []
    out = ""
    code = 0
    for _ in range(runs):
        with tempfile.TemporaryFile() as sink:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd)
            times.append((time.perf_counter() - t0) * 1000.0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
            CPU_MS.setdefault(key, []).append(cpu)
            sink.seek(0)
            out = sink.read().decode(errors="replace")
            code = proc.returncode
    return times, out, code


def time_in_process(fn: Any, runs: int) -> tuple[list[float], Any]:
    times = []
    res = None
    for _ in range(runs):
        t0 = time.perf_counter()
        res = fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times, res


def featuredoc_cmd() -> list[str] | None:
    exe = Path(sys.executable).with_name("featuredoc")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("featuredoc")
    if found:
        return [found]
    probe = subprocess.run(
        [sys.executable, "-c", "import featuredoc.cli.command"], capture_output=True
    )
    return [sys.executable, "-m", "featuredoc.cli.command"] if probe.returncode == 0 else None


def node_major() -> int | None:
    try:
        v = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"v(\d+)", v.stdout.strip())
    return int(m.group(1)) if m else None


def markdownlint_cmd(version: str | None, log: Any) -> tuple[list[str] | None, str]:
    """The markdownlint-cli2 binary (installed into benchmarks/.cache/npm) and its version."""
    major = node_major()
    if major is None:
        return None, "node not found"
    if version is None:
        version = MDL_VERSION_NODE20 if major < 22 else "0.24.1"
    binary = NPM_DIR / "node_modules" / ".bin" / "markdownlint-cli2"
    pkg = NPM_DIR / "node_modules" / "markdownlint-cli2" / "package.json"
    installed = json.loads(pkg.read_text()).get("version") if pkg.is_file() else None
    if installed != version:
        if not shutil.which("npm"):
            return None, "npm not found"
        log(f"installing markdownlint-cli2@{version} into {NPM_DIR}")
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NPM_DIR),
                f"markdownlint-cli2@{version}",
            ],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            return None, f"npm install failed: {r.stderr.strip()[-300:]}"
    return ["node", str(binary)], f"markdownlint-cli2 {version} on node {major}"


def machine_info() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    try:
        from importlib.metadata import version

        fd_version = version("featuredoc")
    except Exception:  # noqa: BLE001 - not installed
        fd_version = None
    commit = subprocess.run(
        ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "loadavg_at_start": load_average(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "featuredoc": fd_version,
        "commit": commit,
    }


def load_average() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def med(xs: list[float]) -> float:
    return round(statistics.median(xs), 1)


def run(args: argparse.Namespace) -> dict[str, Any]:
    def log(msg: str) -> None:
        if not args.quiet:
            print(f"[cli_bench] {msg}", file=sys.stderr, flush=True)

    out_dir = Path(args.set_dir).resolve()
    log(f"document set in {out_dir}")
    info = build_set(out_dir, args.distinct, args.copies, args.target_mb, args.seed)
    files = set_files(out_dir)
    res: dict[str, Any] = {"machine": machine_info(), "set": {**info, "path": str(out_dir)}}
    res["set"].pop("stamp", None)
    timings: dict[str, Any] = {}
    res["timings"] = timings

    def read_all() -> int:
        return sum(len(Path(f).read_text(encoding="utf-8")) for f in files)

    def regex_all() -> int:
        return sum(len(STATUS_RE.findall(Path(f).read_text(encoding="utf-8"))) for f in files)

    log("read / regex floors")
    t, _ = time_in_process(read_all, max(3, args.runs))
    timings["read"] = {"median_ms": med(t), "runs": len(t)}
    t, n = time_in_process(regex_all, max(3, args.runs))
    timings["regex"] = {
        "median_ms": med(t),
        "runs": len(t),
        "matches": n,
        "pattern": STATUS_RE.pattern,
    }

    fd = featuredoc_cmd()
    help_text = ""
    base: list[str] = []
    if fd is None:
        timings["featuredoc"] = {"unavailable": "featuredoc is not installed (pip install -e .)"}
    else:
        help_text = subprocess.run([*fd, "check", "--help"], capture_output=True, text=True).stdout
        # built-in defaults whatever .featuredoc.yaml lies above the set
        base = [*fd, "check", "--fail-on", "never"]
        if "--no-config" in help_text:
            base.append("--no-config")

    mdl: list[str] | None = None
    what = ""
    if args.no_markdownlint:
        timings["markdownlint"] = {"skipped": "--no-markdownlint"}
    else:
        mdl, what = markdownlint_cmd(args.mdl_version, log)
        if mdl is None:
            timings["markdownlint"] = {"unavailable": what}
    globs = ["copy-*/**/*.md", "copy-*/**/*.pandoc"]

    # featuredoc and markdownlint-cli2 runs alternate, so that a load that comes and goes
    # on the machine falls on both
    fd_t: list[float] = []
    mdl_t: list[float] = []
    fd_out = mdl_out = ""
    fd_code = 0
    for i in range(max(args.runs if fd else 0, args.mdl_runs if mdl else 0)):
        if fd and i < args.runs:
            log(f"featuredoc check, run {i + 1}/{args.runs} ({len(files)} files)")
            t, fd_out, fd_code = time_cmd([*base, *files], 1, key="featuredoc")
            fd_t += t
        if mdl and i < args.mdl_runs:
            log(f"{what}, run {i + 1}/{args.mdl_runs}")
            t, mdl_out, _ = time_cmd([*mdl, *globs], 1, cwd=out_dir, key="markdownlint")
            mdl_t += t
    if fd:
        timings["featuredoc"] = {
            "median_ms": med(fd_t),
            "all_ms": [round(x, 1) for x in fd_t],
            "exit": fd_code,
            "findings": sum(1 for ln in fd_out.splitlines() if re.search(r":\d+:\d+: ", ln)),
            "command": " ".join(base) + f" <{len(files)} files>",
        }
        if fd_code != 0:
            timings["featuredoc"]["error"] = fd_out.strip()[-500:]
        if "--jobs" in help_text and args.runs_1job:
            log(f"featuredoc check --jobs 1 x{args.runs_1job}")
            t, _, _ = time_cmd(
                [*base, "--jobs", "1", *files], args.runs_1job, key="featuredoc_1job"
            )
            timings["featuredoc_1job"] = {"median_ms": med(t), "all_ms": [round(x, 1) for x in t]}
    if mdl:
        m = re.search(r"Linting: (\d+) file", mdl_out)
        n = re.search(r"Summary: (\d+) error", mdl_out)
        timings["markdownlint"] = {
            "median_ms": med(mdl_t),
            "all_ms": [round(x, 1) for x in mdl_t],
            "version": what,
            "files_linted": int(m.group(1)) if m else None,
            "findings": int(n.group(1)) if n else None,
            "command": "markdownlint-cli2 " + " ".join(globs),
        }
        if not m:
            timings["markdownlint"]["error"] = mdl_out.strip()[-500:]

    if fd:
        small = Path(args.small_file) if args.small_file else smallest_feature()
        if small is not None:
            log("featuredoc check, one small file")
            t, _, code = time_cmd([*base, str(small)], args.small_runs, key="small")
            timings["small"] = {
                "median_ms": med(t),
                "runs": len(t),
                "min_ms": round(min(t), 1),
                "file": str(small),
                "bytes": small.stat().st_size,
                "exit": code,
            }
        t, _, _ = time_cmd([sys.executable, "-c", "pass"], args.small_runs, key="python_startup")
        timings["python_startup"] = {"median_ms": med(t), "runs": len(t)}
        t, _, _ = time_cmd(
            [sys.executable, "-c", "import featuredoc.cli.command"],
            args.small_runs,
            key="import_cli",
        )
        timings["import_cli"] = {"median_ms": med(t), "runs": len(t)}

    if args.profile and fd is not None:
        prof = Path(args.profile).resolve() / "featuredoc-check.prof"
        prof.parent.mkdir(parents=True, exist_ok=True)
        # one process, so that the profile sees the checking and not a pool waiting
        jobs = ["--jobs", "1"] if "--jobs" in help_text else []
        log(f"profiled featuredoc check {' '.join(jobs)} -> {prof}")
        entry = [sys.executable, str(HERE / "profile_run.py"), str(prof), "--entry"]
        subprocess.run(
            [*entry, "featuredoc.cli.command:main", *base[len(fd) :], *jobs, *files],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        res["profile"] = {"file": str(prof), "jobs": jobs, "top": profile_top(prof, args.top)}

    for key, cpu in CPU_MS.items():
        if key in timings and "median_ms" in timings[key]:
            timings[key]["cpu_median_ms"] = med(cpu)
    res["machine"]["loadavg_at_end"] = load_average()
    res["ratios"] = ratios(timings)
    return res


def smallest_feature() -> Path | None:
    src = docgen.find_sources()
    docs = [p for p in src.features if p.name != "template.pandoc"] or src.features
    return min(docs, key=lambda p: p.stat().st_size) if docs else None


def profile_top(prof: Path, n: int) -> list[str]:
    import io
    import pstats

    sys.path.insert(0, str(HERE))
    from lsp_bench import shorten_paths

    buf = io.StringIO()
    st = pstats.Stats(str(prof), stream=buf)
    st.sort_stats("tottime").print_stats(n)
    st.sort_stats("cumulative").print_stats(n)
    return shorten_paths(buf.getvalue()).splitlines()


def ratios(t: dict[str, Any]) -> dict[str, Any]:
    r: dict[str, Any] = {}
    fd = t.get("featuredoc", {}).get("median_ms")
    if fd:
        r["featuredoc_x_read"] = round(fd / t["read"]["median_ms"], 1)
        r["featuredoc_x_regex"] = round(fd / t["regex"]["median_ms"], 2)
        mdl = t.get("markdownlint", {}).get("median_ms")
        if mdl:
            r["featuredoc_x_markdownlint"] = round(fd / mdl, 3)
            fd_cpu = t["featuredoc"].get("cpu_median_ms")
            mdl_cpu = t["markdownlint"].get("cpu_median_ms")
            if fd_cpu and mdl_cpu:
                r["featuredoc_x_markdownlint_cpu"] = round(fd_cpu / mdl_cpu, 3)
            r["meets_0.1x_markdownlint"] = fd / mdl <= TARGET_RATIO_VS_MARKDOWNLINT
    if "small" in t:
        r["small_ms"] = t["small"]["median_ms"]
        r["meets_small_150ms"] = t["small"]["median_ms"] <= TARGET_SMALL_MS
        r["small_x_python_startup"] = round(
            t["small"]["median_ms"] / t["python_startup"]["median_ms"], 2
        )
    return r


def report(res: dict[str, Any]) -> str:
    m, s, t = res["machine"], res["set"], res["timings"]
    lines = [
        f"## CLI benchmark — {m['date']}",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}; Python {m['python']}; featuredoc "
        f"{m['featuredoc']} at {m['commit']}",
        f"Set: {s['files']:,} files, {s['bytes'] / 1e6:.1f} MB — {s['how']}; from the "
        f"{s['origin']}.",
        f"Load average (1 min) at start {m['loadavg_at_start']}, at end {m['loadavg_at_end']}"
        + (
            " — the machine was busy: read the ratios, not the milliseconds."
            if max(m["loadavg_at_start"] or 0, m["loadavg_at_end"] or 0) > (m["cores"] or 2) / 2
            else "."
        ),
        "",
        "| what | wall (median) | CPU user+sys (median) | runs | featuredoc ÷ this (wall) | note |",
        "|---|---|---|---|---|---|",
    ]
    fd = t.get("featuredoc", {}).get("median_ms")

    def row(label: str, key: str, note: str = "", compare: bool = True) -> None:
        e = t.get(key, {})
        if "median_ms" not in e:
            lines.append(
                f"| {label} | – | – | – | – | {e.get('unavailable') or e.get('skipped', '')} |"
            )
            return
        x = fd / e["median_ms"] if fd and compare else None
        vs = "–" if x is None else (f"{x:,.0f}×" if x >= 100 else f"{x:.3g}×")
        cpu = f"{e['cpu_median_ms']:,.1f} ms" if "cpu_median_ms" in e else "(in process)"
        lines.append(
            f"| {label} | {e['median_ms']:,.1f} ms | {cpu} "
            f"| {e.get('runs', len(e.get('all_ms', [])))} | {vs} | {note} |"
        )

    row("read every file (Python)", "read")
    row("one regex over every file", "regex", f"{t['regex']['matches']:,} Status lines")
    fdn = t.get("featuredoc", {})
    row(
        "`featuredoc check` (the set)",
        "featuredoc",
        f"{fdn.get('findings', 0):,} findings, exit {fdn.get('exit')}"
        + (f"; ERROR: {fdn['error'][:200]}" if fdn.get("error") else ""),
    )
    if "featuredoc_1job" in t:
        row("`featuredoc check --jobs 1` (the set)", "featuredoc_1job", "one process")
    mdl = t.get("markdownlint", {})
    row(
        "markdownlint-cli2 (the set)",
        "markdownlint",
        f"{mdl.get('version', '')}; {mdl.get('files_linted')} files linted, "
        f"{mdl.get('findings')} findings"
        if "median_ms" in mdl
        else "",
    )
    if "small" in t:
        sm = t["small"]
        row(
            "`featuredoc check` one small file",
            "small",
            f"{Path(sm['file']).name}, {sm['bytes']:,} bytes; min {sm['min_ms']} ms",
            compare=False,
        )
        row("`python -c pass`", "python_startup", "the floor of any Python CLI", compare=False)
        row("`python -c 'import featuredoc.cli.command'`", "import_cli", compare=False)
    r = res["ratios"]
    if r:
        lines += ["", "Ratios (same run):", ""]
        if "featuredoc_x_markdownlint" in r:
            ok = "met" if r["meets_0.1x_markdownlint"] else "MISSED"
            lines.append(
                f"- featuredoc / markdownlint-cli2: {r['featuredoc_x_markdownlint']}× wall "
                f"(target ≤ 0.1×: {ok}); "
                f"{r.get('featuredoc_x_markdownlint_cpu', '–')}× in CPU time"
            )
        if "featuredoc_x_read" in r:
            lines.append(
                f"- featuredoc / reading the files: {r['featuredoc_x_read']}×; "
                f"/ one regex: {r['featuredoc_x_regex']}×"
            )
        if "small_ms" in r:
            ok = "met" if r["meets_small_150ms"] else "MISSED"
            lines.append(
                f"- one small file: {r['small_ms']} ms (target ≤ 150 ms: {ok}); "
                f"{r['small_x_python_startup']}× Python's own start-up"
            )
    if "profile" in res:
        pr = res["profile"]
        lines += [
            "",
            f"Profile of one `featuredoc check {' '.join(pr['jobs'])}` of the set ({pr['file']}):",
        ]
        lines += ["```", *res["profile"]["top"], "```"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--set-dir",
        default=str(Path(tempfile.gettempdir()) / "featuredoc-cli-bench-set"),
        help="where the document set is built and kept (default: in the temp folder)",
    )
    ap.add_argument("--distinct", type=int, default=161)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--target-mb", type=float, default=35.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="featuredoc runs over the set")
    ap.add_argument("--runs-1job", type=int, default=1, help="featuredoc --jobs 1 runs (0: none)")
    ap.add_argument("--mdl-runs", type=int, default=1, help="markdownlint-cli2 runs")
    ap.add_argument("--mdl-version", help="markdownlint-cli2 version (default: by node version)")
    ap.add_argument("--no-markdownlint", action="store_true")
    ap.add_argument("--small-file", help="the single small file (default: smallest corpus doc)")
    ap.add_argument("--small-runs", type=int, default=10)
    ap.add_argument("--profile", metavar="DIR", help="also profile one check of the set")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    res = run(args)
    print(json.dumps(res, indent=1) if args.json else report(res))
    return 1 if res["timings"].get("featuredoc", {}).get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
