"""Ctrl-C in the moment a process pool starts its workers (`helpers.workers.pool`): it is
held, not lost, and stops the command at once with one line (`cli.run`)."""

import os
import signal
import subprocess
import sys

import pytest

# Ctrl-C the moment the first worker is started (inside the pool's submits)
COMMAND = """
import os, signal, sys, time
from concurrent.futures import ProcessPoolExecutor

from helpers import cli, workers


def nap(seconds):
    time.sleep(seconds)


def main():
    submit = ProcessPoolExecutor.submit

    def interrupted(self, *args, **kwargs):
        ProcessPoolExecutor.submit = submit
        future = submit(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return future

    ProcessPoolExecutor.submit = interrupted
    with workers.pool(nap, [(600,)] * 4, 2, end_at_once=True) as futures:
        for future in futures:
            future.result()
    return 0


if __name__ == "__main__":  # not in the workers, which import this file again (spawn)
    sys.exit(cli.run(main))
"""


@pytest.mark.skipif(os.name != "posix", reason="signals as a terminal sends them")
def test_ctrl_c_as_the_workers_start_stops_the_command(tmp_path):
    """Held while the workers start, the Ctrl-C reaches the command once they have: the
    running calls (600 s each) end at once, no other starts, and the command ends as
    killed by SIGINT (exit status 130 in a shell) with one line. A Ctrl-C lost, or raised
    where the pool is not shut down, leaves the calls to run on."""
    script = tmp_path / "command.py"
    script.write_text(COMMAND)
    run = [sys.executable, str(script)]
    proc = subprocess.Popen(run, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, err.strip()) == (-signal.SIGINT, "stopped (Ctrl-C)")
