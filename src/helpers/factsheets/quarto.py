"""HTML and PDF of the executed factsheet notebooks, through Quarto (when installed).

    rendered, failures, note = quarto.render_all(notebooks)

Each notebook is rendered from a copy in a temporary folder, with the notebook's own
front matter: reports/<year>/ is the Quarto book project, whose _quarto.yml must not
apply to (nor pick up) a factsheet.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

FORMATS = {"html": ".html", "typst": ".pdf"}  # quarto --to -> the file it makes


def executable() -> str | None:
    return shutil.which("quarto")


def render_all(notebooks: list[Path], workers: int = 2) -> tuple[list[Path], dict, str]:
    """`quarto render <nb> --to html` and `--to typst` (PDF) for each notebook.

    Skipped, with a note, when quarto is not on PATH. Outputs newer than their
    notebook are kept (idempotent). Returns (rendered files, failures, note).
    """
    exe = executable()
    if exe is None:
        return [], {}, "quarto not on PATH: skipped HTML and PDF (only the notebooks were written)"

    jobs = []
    for nb in notebooks:
        for to, suffix in FORMATS.items():
            out = nb.with_suffix(suffix)
            if not out.exists() or out.stat().st_mtime < nb.stat().st_mtime:
                jobs.append((nb, to, out))

    def one(job):
        nb, to, out = job
        with tempfile.TemporaryDirectory(prefix="factsheet-") as tmp:
            copy_ = Path(tmp) / nb.name
            shutil.copyfile(nb, copy_)
            proc = subprocess.run(
                [exe, "render", copy_.name, "--to", to],
                cwd=tmp,
                capture_output=True,
                text=True,
            )
            produced = copy_.with_suffix(out.suffix)
            if proc.returncode == 0 and produced.exists():
                shutil.move(produced, out)
        return job, proc

    rendered, failures = [], {}
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for (nb, to, out), proc in pool.map(one, jobs):
            if proc.returncode == 0 and out.exists():
                rendered.append(out)
            else:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
                failures[f"{nb.stem} ({to})"] = f"quarto render failed: {tail[0]}"
    return rendered, failures, f"quarto: rendered {len(rendered)} of {len(jobs)} outputs"
