"""environment.yml and pyproject.toml must not drift apart."""

import re
import tomllib

import yaml

from helpers import paths


def load():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text("utf-8"))
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return env, project


def test_python_packages_come_from_pyproject_only():
    env, _ = load()
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."], "Python packages are pinned in pyproject.toml, not here"
    names = {re.split(r"[=<>! ]", d)[0] for d in conda}
    assert names == {"python", "pip", "make", "quarto"}


def test_python_version_agrees():
    env, project = load()
    conda_python = next(d for d in env["dependencies"] if str(d).startswith("python="))
    assert conda_python == "python=3.11"
    assert project["requires-python"] == ">=3.11,<3.12"


def test_quarto_at_least_1_9():
    env, _ = load()
    assert "quarto>=1.9" in env["dependencies"]


def test_pyproject_pins_every_dependency():
    _, project = load()
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", d) for d in project["dependencies"])
