"""What the benchmarks of the per-municipality batches share: their options, the load
average (the machine may be shared), and the median of timed runs."""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Callable
from pathlib import Path

from helpers.municipality import respondents


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on Linux
        return "n/a"


def parser(doc: str) -> argparse.ArgumentParser:
    """--year, --runs and --processed; add the benchmark's own options."""
    out = argparse.ArgumentParser(description=doc.splitlines()[0])
    out.add_argument("--year", type=int, help="default: the latest year in data/raw")
    out.add_argument("--runs", type=int, default=3)
    out.add_argument("--processed", type=Path, help="processed tables (default data/processed)")
    return out


def n_respondents(year: int, processed_root) -> int:
    return len(respondents.respondents(year, processed_root))


def median_of(runs: int, once: Callable[[], float], digits: int = 1) -> float:
    """The median wall time of `runs` calls of `once`, each printed, with the load after."""
    times = []
    for run in range(1, runs + 1):
        times.append(once())
        print(f"  run {run}: {times[-1]:5.{digits}f} s")
    print(f"load average after: {load()}")
    return statistics.median(times)
