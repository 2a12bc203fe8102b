"""The one notebook engine, for the report's chapters (nbclient).

A `Runner` owns one kernel, started once in the notebooks' folder, and executes one
notebook after another in it. Before each notebook the kernel is reset: every user
variable is deleted and every figure closed, while imported modules (and what they
cache, such as a year's tables) stay loaded; that is what makes a reused kernel fast.
The working directory is never changed: a notebook must not `os.chdir`. Parameters are
injected the papermill way (`papermill.parameterize`), in a cell tagged
`injected-parameters` after the `parameters` cell, with a fixed cell id. A failing
cell raises `NotebookError`, which names its position in the source notebook.

`run` executes many jobs on `workers` runners side by side: one asyncio loop, one
kernel process per runner. A runner whose kernel died starts a new one.
"""

from __future__ import annotations

import asyncio
import copy
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

KERNEL_NAME = "een-tegen-eenzaamheid"  # the project kernel: this environment's Python
KERNEL_DISPLAY_NAME = "Python (Eén tegen eenzaamheid)"
CELL_TIMEOUT_S = 600
INJECTED = "injected-parameters"
# Every user variable goes, modules stay imported; unlike `%reset -f` this skips a full
# garbage collection, which costs as much as a small notebook.
RESET = "import matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n%reset_selective -f .\n"


@dataclass
class Job:
    key: str  # a chapter name
    template: nbformat.NotebookNode  # the source notebook
    parameters: dict


@dataclass
class Outcome:
    key: str
    nb: nbformat.NotebookNode  # executed, or as far as it got
    seconds: float
    error: NotebookError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class NotebookError(Exception):
    """A notebook failed: in which source cell (1-based, None if not in a cell), and why."""

    def __init__(self, message: str, cell: int | None = None, exec_count: int | None = None):
        super().__init__(message)
        self.message, self.cell, self.exec_count = message, cell, exec_count


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


def parameterize(template: nbformat.NotebookNode, parameters: dict, kernel: str):
    """A copy of `template` with papermill's injected-parameters cell (fixed cell id)."""
    from papermill.parameterize import parameterize_notebook

    nb = copy.deepcopy(template)
    for cell in nb.cells:  # as papermill's load_notebook_node does
        cell.metadata.setdefault("tags", [])
    nb.metadata["papermill"] = nbformat.NotebookNode()  # parameters are recorded here
    nb = parameterize_notebook(nb, parameters, kernel_name=kernel)
    for cell in nb.cells:
        if INJECTED in cell.metadata.get("tags", []):
            cell["id"] = INJECTED
    return nb


def _source_cell(template: nbformat.NotebookNode, cell) -> int | None:
    """1-based position of an executed cell in the source notebook (by cell id)."""
    ids = [c.get("id") for c in template.cells]
    return ids.index(cell.get("id")) + 1 if cell.get("id") in ids else None


def _one_line(err: Exception) -> str:
    name = getattr(err, "ename", None) or type(err).__name__
    text = str(getattr(err, "evalue", None) or err).strip().splitlines()
    return f"{name}: {text[0] if text else ''}".rstrip(": ")


class Runner:
    """One kernel that executes notebooks in turn (see the module docstring)."""

    def __init__(self, kernel: str, cwd: Path, timeout: int = CELL_TIMEOUT_S):
        from nbclient import NotebookClient

        self.kernel = kernel
        self.client = NotebookClient(
            nbformat.v4.new_notebook(),
            kernel_name=kernel,
            timeout=timeout,
            record_timing=False,
            resources={"metadata": {"path": str(cwd)}},
            # the kernel's start-up warning (TCP without encryption) is noise
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        self._context = None
        self.language_info = None

    async def start(self) -> None:
        self._context = self.client.async_setup_kernel()
        await self._context.__aenter__()
        msg_id = await _maybe_await(self.client.kc.kernel_info())
        reply = await self.client.async_wait_for_reply(msg_id)
        self.language_info = reply["content"]["language_info"]

    async def stop(self) -> None:
        if self._context is not None:
            context, self._context = self._context, None
            await context.__aexit__(None, None, None)

    async def restart(self) -> None:
        try:
            await self.stop()
        finally:
            self.client.km = None
            self.client.kc = None
            await self.start()

    async def execute(self, job: Job) -> Outcome:
        """Reset the kernel, then run every cell of the job's notebook."""
        from nbclient.exceptions import CellExecutionError

        start = time.perf_counter()
        self.client.nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RESET)])
        await self.client.async_execute_cell(self.client.nb.cells[0], 0, store_history=False)
        nb = parameterize(job.template, job.parameters, self.kernel)
        nb.metadata["language_info"] = self.language_info
        self.client.nb = nb
        self.client.reset_execution_trackers()
        try:
            for index, cell in enumerate(nb.cells):
                try:
                    await self.client.async_execute_cell(
                        cell, index, execution_count=self.client.code_cells_executed + 1
                    )
                except CellExecutionError as err:
                    raise NotebookError(
                        _one_line(err), _source_cell(job.template, cell), cell.execution_count
                    ) from err
        except NotebookError as err:
            return Outcome(job.key, nb, time.perf_counter() - start, err)
        return Outcome(job.key, nb, time.perf_counter() - start)


async def _maybe_await(value):
    return await value if asyncio.iscoroutine(value) or asyncio.isfuture(value) else value


async def _run_all(jobs, kernel, cwd, workers, done) -> list[Outcome]:
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    outcomes: list[Outcome] = []

    def finish(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if done is not None:
            done(outcome)

    no_kernel: list[str] = []

    async def worker() -> None:
        runner = Runner(kernel, cwd)
        try:
            await runner.start()
        except Exception as err:  # no kernel: this worker's share goes to the others
            no_kernel.append(_one_line(err))
            return
        try:
            while not queue.empty():
                job = queue.get_nowait()
                try:
                    outcome = await runner.execute(job)
                except Exception as err:  # the kernel died or would not answer
                    error = NotebookError(_one_line(err))
                    outcome = Outcome(job.key, runner.client.nb, 0.0, error)
                    await runner.restart()
                finish(outcome)
        finally:
            await runner.stop()

    await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(jobs))))))
    while not queue.empty():  # every kernel failed to start
        job = queue.get_nowait()
        error = NotebookError(f"not run: no kernel could be started ({no_kernel[0]})")
        finish(Outcome(job.key, job.template, 0.0, error))
    return outcomes


def run(
    jobs: Iterable[Job],
    *,
    kernel: str,
    cwd: Path,
    workers: int = 2,
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Execute `jobs` on `workers` kernels; every outcome, failures included, in the order
    they finished (`done` is called with each as it finishes)."""
    jobs = list(jobs)
    if not jobs:
        return []
    return asyncio.run(_run_all(jobs, kernel, Path(cwd), workers, done))
