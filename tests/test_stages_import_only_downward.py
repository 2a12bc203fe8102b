"""The import contract of pyproject.toml ([tool.importlinter]) catches a stage that imports
from a later one, and a module that the contract does not list. `make lint` (and so `make
test`) runs lint-imports on src/helpers itself; here it runs on a copy that is then
broken."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import paths

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """lint-imports on the helpers package in root/src, with root/pyproject.toml."""
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", "--config", root / "pyproject.toml"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root / "src")},  # before the installed helpers
        capture_output=True,
        text=True,
    )


def test_the_contract_catches_an_upward_import_and_an_unlisted_module(tmp_path):
    shutil.copy(paths.ROOT / "pyproject.toml", tmp_path)
    helpers = tmp_path / "src" / "helpers"
    shutil.copytree(
        paths.ROOT / "src" / "helpers", helpers, ignore=shutil.ignore_patterns("__pycache__")
    )
    kept = lint_imports(tmp_path)
    assert kept.returncode == 0, kept.stdout + kept.stderr

    codebook = helpers / "data" / "codebook.py"
    codebook.write_text(codebook.read_text("utf-8") + "\nfrom helpers import publish\n", "utf-8")
    (helpers / "extra.py").write_text('"""A module the contract does not list."""\n', "utf-8")
    broken = lint_imports(tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "helpers.data is not allowed to import helpers.publish" in broken.stdout
    assert "helpers.data.codebook -> helpers.publish" in broken.stdout
    assert "- helpers.extra\n" in broken.stdout
