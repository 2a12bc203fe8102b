"""`make bench`: how long the report build takes on this machine. Not a test.

    python benchmarks/report.py 2023 [--runs 3] [--jobs N]

Runs the build's command line (`python -m helpers.pipeline YEAR --no-render`) as a user
would, into a temporary reports folder (reports/ is left alone), `--runs` times each:

    cold    every chapter executed (--force): interpreter start, worker processes, kernels
    no-op   nothing changed: hashing the inputs, nothing executed

and samples the memory of the whole process tree (build, workers, kernels) every
50 ms: the peak of the summed resident set sizes. Prints the runs and their median,
the targets of the 2-core machine (cold <= 15 s, no-op <= 1 s), and the chapters'
own execution times of the last cold run. `quarto render` is not part of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from helpers import paths
from helpers.data import codebook
from helpers.pipeline import book, execute, stamps
from helpers.report import chapters

TARGETS = {"cold": 15.0, "no-op": 1.0}  # seconds, on the 2-core machine
SAMPLE_S = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and all its descendants (Linux /proc)."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
        todo += tree.get(p, [])
    return total


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes, process tree) of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=paths.ROOT)
    peak = 0
    measurable = os.path.isdir("/proc")

    def sample():
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    if measurable:
        sampler.start()
    code = proc.wait()
    seconds = time.perf_counter() - start
    if measurable:
        sampler.join()
    if code != 0:
        raise SystemExit(f"bench: {' '.join(cmd[2:])} failed (exit {code})")
    return seconds, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the report build (see `make bench`).")
    parser.add_argument("year", nargs="?", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    year = args.year or codebook.latest_year()
    book.ensure_processed(year, paths.PROCESSED)  # the data step is not what we time
    execute.ensure_kernel()

    reports = Path(tempfile.mkdtemp(prefix="een-bench-"))
    base = [sys.executable, "-m", "helpers.pipeline", str(year), "--reports", str(reports)]
    base += ["--no-render", "--quiet"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    runs: dict[str, list[float]] = {"cold": [], "no-op": []}
    peaks: list[int] = []
    for i in range(args.runs):
        print(f"run {i + 1}/{args.runs} ...", file=sys.stderr)
        seconds, peak = measure(base + ["--force"])
        runs["cold"].append(seconds)
        peaks.append(peak)
        runs["no-op"].append(measure(base)[0])

    jobs = args.jobs or book.default_jobs()
    setup = f"{len(chapters.CHAPTERS)} chapters, a process each, {jobs} side by side"
    print(f"\nbenchmark {year}: {setup}, {os.cpu_count()} cores, median of {args.runs}")
    head = ["measurement"] + [f"run {i + 1}" for i in range(args.runs)] + ["median", "target"]
    rows = []
    for name, values in runs.items():
        med = statistics.median(values)
        verdict = "within" if med <= TARGETS[name] else "OVER"
        rows.append(
            [f"{name} (s)"]
            + [f"{v:.2f}" for v in values]
            + [f"{med:.2f}", f"<= {TARGETS[name]:g} {verdict}"]
        )
    if any(peaks):
        mib = [p / 2**20 for p in peaks]
        median = statistics.median(mib)
        rows.append(["peak memory (MiB)"] + [f"{m:.0f}" for m in mib] + [f"{median:.0f}", ""])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())

    stamp_dir = reports / str(year) / stamps.STAMPS
    print("\nchapters, last cold run (s in the worker, kernel start included):")
    for c in chapters.CHAPTERS:
        seconds = stamps.read_stamp(stamp_dir / f"{c.name}.json").get("seconds")
        print(f"  {c.name:<14} {seconds if seconds is not None else '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
