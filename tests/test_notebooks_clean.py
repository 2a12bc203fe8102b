"""Notebooks are committed without outputs (nbstripout).

Outputs belong in reports/<year>/ (executed by `make report`), never in notebooks/:
they bloat the history, leak numbers of a year into the source and make diffs
unreadable. `make nbstripout` (run by `make lab`) installs the git filter that
.gitattributes names for notebooks/; this test catches a notebook committed without it.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers import paths

NOTEBOOKS = sorted((paths.ROOT / "notebooks").glob("**/*.ipynb"))
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]


def _id(path: Path) -> str:
    return path.relative_to(paths.ROOT).as_posix()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text("utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"], 1)
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{_id(path)}: cells {dirty} have outputs or execution counts; "
        f"strip them (`.venv/bin/nbstripout {_id(path)}`; `make nbstripout` does it on commit)"
    )


def test_gitattributes_strip_notebooks_but_not_reports():
    def attrs(path: str) -> str:
        out = subprocess.run(
            ["git", "check-attr", "filter", "--", path],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            pytest.skip("not a git work tree")
        return out.stdout.strip().rsplit(": ", 1)[-1]

    assert attrs("notebooks/inleiding.ipynb") == "nbstripout"
    assert attrs("notebooks/sub/factsheet.ipynb") == "nbstripout"
    assert attrs("reports/2023/inleiding.ipynb") in ("unset", "unspecified")


def test_chapter_cells_repeat_no_option_that_the_quarto_project_sets():
    """`execute:` in _quarto.yml applies to every chapter (e.g. echo: false); the same
    option on a cell is noise that hides which cells really differ."""
    import yaml

    from helpers.report import chapters

    project = yaml.safe_load((paths.ROOT / "_quarto.yml").read_text("utf-8"))["execute"]
    redundant = []
    for c in chapters.CHAPTERS:
        nb = json.loads((chapters.NOTEBOOKS / c.notebook).read_text("utf-8"))
        for i, cell in enumerate(nb["cells"], 1):
            for line in "".join(cell["source"]).splitlines():
                option = re.fullmatch(r"#\|\s*([\w-]+):\s*(.+?)\s*", line)
                if option and yaml.safe_load(option[2]) == project.get(option[1], object()):
                    redundant.append(f"{c.notebook} cell {i}: {line}")
    assert redundant == []
