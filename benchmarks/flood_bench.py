#!/usr/bin/env python3
"""`featuredoc check` on heading floods: wall time and peak memory of one process each.

    python benchmarks/flood_bench.py                  # 5 MB and 11 MB, default settings
    python benchmarks/flood_bench.py --mb 1 5 11      # other sizes
    python benchmarks/flood_bench.py --limit 0        # no max_document_size (slow!)
    python benchmarks/flood_bench.py --json

A flood is a feature document made only of ``# Heading number N`` lines. With
the default ``max_document_size`` (2 MiB) a larger flood gets one FD905
finding and is not parsed; ``--limit BYTES`` writes a ``.featuredoc.yaml``
with that limit (0: high enough to analyse the flood, to see what the limit
saves). Each size runs in a fresh process under ``/usr/bin/time``-like
accounting (``resource.getrusage(RUSAGE_CHILDREN)``: the peak resident set
of the largest child so far, so sizes run in increasing order).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def flood(path: Path, megabytes: float) -> int:
    size = int(megabytes * 1_000_000)
    out: list[str] = []
    total = 0
    number = 0
    while total < size:
        line = f"# Heading number {number}\n"
        out.append(line)
        total += len(line)
        number += 1
    path.write_text("".join(out), encoding="utf-8")
    return number


def run_one(root: Path, megabytes: float) -> dict[str, object]:
    doc = root / "docs" / "features" / f"flood-{megabytes:g}mb.pandoc"
    headings = flood(doc, megabytes)
    env = dict(os.environ, PYTHONPATH=str(REPO / "server"))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "featuredoc.cli.command", "check", "--format", "json", str(doc)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = doc.stat().st_size
    doc.unlink()
    try:
        codes = sorted({item["code"] for item in json.loads(done.stdout)})
    except ValueError:
        codes = [f"exit {done.returncode}: {done.stderr.strip()[-200:]}"]
    return {
        "megabytes": megabytes,
        "bytes": size,
        "headings": headings,
        "seconds": round(elapsed, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "exit": done.returncode,
        "codes": codes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5, 11])
    parser.add_argument("--limit", type=int, default=None, help="max_document_size (0: no limit)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="featuredoc-flood-") as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        (root / "docs" / "features").mkdir(parents=True)
        if args.limit is not None:
            limit = args.limit or 1 << 40
            (root / ".featuredoc.yaml").write_text(f"max_document_size: {limit}\n")
        rows = [run_one(root, mb) for mb in sorted(args.mb)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'size':>8} {'headings':>9} {'seconds':>8} {'peak RSS':>10}  exit  codes")
    for row in rows:
        print(
            f"{row['megabytes']:>6g}MB {row['headings']:>9} {row['seconds']:>8} "
            f"{row['peak_rss_mib']:>7} MiB  {row['exit']:>4}  {', '.join(row['codes'])}"  # type: ignore[arg-type]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
