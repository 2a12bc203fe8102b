"""The chapters executed by papermill, one notebook per process.

Each chapter is one `papermill.execute_notebook` call in a worker process of a process
pool (`run`, `workers` side by side): a fresh kernel of the project kernel
een-tegen-eenzaamheid (this environment's Python), started in the notebooks' folder,
with the chapter's parameters injected by papermill after its `parameters` cell. What
papermill records about the run itself (times, durations, paths, a random cell id) is
taken out of the executed notebook, so the same inputs give the same bytes. A failing
chapter is reported with the 1-based position of its failing cell in the source
notebook, and its error in one line.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from helpers.logs import one_line
from helpers.workers import pool

KERNEL_NAME = "een-tegen-eenzaamheid"  # the project kernel: this environment's Python
KERNEL_DISPLAY_NAME = "Python (Eén tegen eenzaamheid)"
CELL_TIMEOUT_S = 600
INJECTED = "injected-parameters"  # papermill's tag, and the cell's fixed id


@dataclass
class Job:
    name: str  # a chapter name
    source: Path  # notebooks/<name>.ipynb
    output: Path  # the executed notebook (as far as it got, when it failed)
    parameters: dict
    cwd: Path  # the kernel's working directory


@dataclass
class Outcome:
    name: str
    seconds: float
    error: str | None = None  # "ZeroDivisionError: division by zero"
    cell: int | None = None  # 1-based position of the failing cell in the source notebook
    exec_count: int | None = None
    line: int | None = None  # of the failing cell's code, as IPython's traceback says

    @property
    def ok(self) -> bool:
        return self.error is None


def ensure_kernel() -> None:
    """The project kernel (what `make kernel` installs) in this environment."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    try:
        if json.loads(spec.read_text("utf-8"))["argv"][0] == sys.executable:
            return
    except (OSError, ValueError, KeyError, IndexError):
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cell_line(traceback: list[str], exec_count: int | None) -> int | None:
    """The line of the cell's own code where its error happened: IPython's traceback
    names the cell's frame "Cell In[<n>], line <k>" (colours stripped)."""
    if exec_count is None:
        return None
    frame = re.compile(rf"Cell In\[{exec_count}\], line (\d+)")
    for text in traceback or []:
        if found := frame.search(_ANSI.sub("", text)):
            return int(found.group(1))
    return None


def source_cell(source, executed_index: int) -> int | None:
    """1-based position in the source notebook of the cell at `executed_index` of the
    executed one, where papermill put its injected cell after the `parameters` cell (at
    the top without one); None for the injected cell itself."""
    tags = [c.get("metadata", {}).get("tags", []) for c in source.cells]
    injected = next((i + 1 for i, t in enumerate(tags) if "parameters" in t), 0)
    if executed_index == injected:
        return None
    return executed_index + 1 if executed_index < injected else executed_index


def normalise(nb, parameters: dict) -> None:
    """Only the parameters are left of what papermill records: no times, durations,
    paths or random ids, so an executed notebook depends on its inputs alone."""
    nb.metadata["papermill"] = {"parameters": parameters}
    for cell in nb.cells:
        for key in ("papermill", "execution"):
            cell.metadata.pop(key, None)
        if INJECTED in cell.metadata.get("tags", []):
            cell["id"] = INJECTED


def execute(job: Job) -> Outcome:
    """Execute one chapter (in a worker process); never raises."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    try:
        nb = papermill.execute_notebook(
            job.source,
            job.output,
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            cwd=job.cwd,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT_S,
            record_timing=False,
            # noise in the build's output: the kernel's start-up warning (TCP without
            # encryption), and the KeyboardInterrupt it logs when the interrupt that
            # jupyter_client sends before every shutdown finds it busy. A cell's own
            # errors are in its outputs.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as err:
        source = nbformat.read(job.source, as_version=4)
        cell = source_cell(source, err.cell_index)
        line = cell_line(err.traceback, err.exec_count)
        seconds = time.perf_counter() - start
        return Outcome(job.name, seconds, one_line(err), cell, err.exec_count, line)
    except Exception as err:  # no kernel, or it died
        return Outcome(job.name, time.perf_counter() - start, one_line(err))
    normalise(nb, job.parameters)
    nbformat.write(nb, job.output)
    return Outcome(job.name, time.perf_counter() - start)


def run(
    jobs: Iterable[Job], workers: int = 2, done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Execute `jobs`, `workers` processes side by side; every outcome, failures included,
    in the order they finished (`done` is called with each as it finishes)."""
    jobs = list(jobs)
    outcomes: list[Outcome] = []
    if not jobs:
        return outcomes
    calls, workers = [(job,) for job in jobs], min(workers, len(jobs))
    # Ctrl-C ends the workers at once, and their kernels with them; the kernels'
    # connection files are in `scratch`, which goes too
    with tempfile.TemporaryDirectory(prefix="kernels-") as scratch:
        with pool(execute, calls, workers, scratch=Path(scratch)) as futures:
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception as err:  # the worker process itself died
                    outcome = Outcome(futures[future][0].name, 0.0, one_line(err))
                outcomes.append(outcome)
                if done is not None:
                    done(outcome)
    return outcomes
