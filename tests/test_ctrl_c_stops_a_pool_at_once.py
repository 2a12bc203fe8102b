"""Ctrl-C and a process pool (`helpers.workers.pool`): held, not lost, in the moment the
workers start; the workers ended at once, also by a Ctrl-C that comes while the pool waits
for its running calls after another error; the command stops with one line (`cli.run`)
and leaves no worker behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

COMMAND = """
import os, signal, sys, threading, time
from concurrent.futures import ProcessPoolExecutor

from helpers import cli, workers


def nap(seconds):
    time.sleep(seconds)


def main():
    if sys.argv[1] == "as they start":  # Ctrl-C inside the pool's first submit
        submit = ProcessPoolExecutor.submit

        def interrupted(self, *args, **kwargs):
            ProcessPoolExecutor.submit = submit
            future = submit(self, *args, **kwargs)
            os.kill(os.getpid(), signal.SIGINT)
            return future

        ProcessPoolExecutor.submit = interrupted
    with workers.pool(nap, [(600,)] * 4, 2) as futures:
        if sys.argv[1] == "while it waits":  # an error, then Ctrl-C during the wait
            threading.Timer(1, os.kill, (os.getpid(), signal.SIGINT)).start()
            raise RuntimeError("the caller failed")
        for future in futures:
            future.result()
    return 0


if __name__ == "__main__":  # not in the workers, which import this file again (spawn)
    sys.exit(cli.run(main))
"""


def _left(group: int) -> list[int]:
    """Processes of the process group `group` that still run (not zombies)."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            left.append(int(stat.parent.name))
    return left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux: signals and /proc")
@pytest.mark.parametrize("when", ["as they start", "while it waits"])
def test_ctrl_c_ends_the_command_and_its_workers_at_once(when, tmp_path):
    """The calls (600 s each) end at once and no other starts; the command ends as killed
    by SIGINT (exit status 130 in a shell) with one line, and no worker outlives it. A
    Ctrl-C lost, or raised where the pool is not shut down, leaves the calls to run on."""
    script = tmp_path / "command.py"
    script.write_text(COMMAND)
    run = [sys.executable, str(script), when]
    proc = subprocess.Popen(run, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=60)
        deadline = time.monotonic() + 10  # a terminated worker may take a moment to go
        while _left(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _left(proc.pid), "workers outlived the command"
    finally:
        if _left(proc.pid) or proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, err.strip()) == (-signal.SIGINT, "stopped (Ctrl-C)")
