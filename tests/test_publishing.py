"""The publishing end, read as files: the GitHub workflows (schema, and their shell steps
run here), the citation file and the licence. The site itself: test_publish.py."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from test_environment import quarto_pin

from helpers import paths

WORKFLOWS = paths.ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def steps(name: str) -> list[dict]:
    return [s for job in workflow(name)["jobs"].values() for s in job["steps"]]


def step(name: str, title: str) -> dict:
    (found,) = [s for s in steps(name) if s.get("name") == title]
    return found


def run_step(script: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    """A `run:` script as GitHub runs it on ubuntu (bash -e), with GITHUB_OUTPUT."""
    out = cwd / "github_output"
    out.touch()
    env = {"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(out), **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_workflows_are_valid_github_actions():
    """Against the GitHub workflow schema vendored in check-jsonschema (no network)."""
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["report.yml", "test.yml"]
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_test_workflow_runs_the_readme_test_command_on_push_and_pull_request():
    readme = (paths.ROOT / "README.md").read_text("utf-8")
    (command,) = re.findall(r"^(make \w+)\s+# lint and run every test", readme, re.M)
    config = workflow("test.yml")
    assert {"push", "pull_request"} <= set(config[True])  # YAML 1.1 reads `on` as True
    assert [s["run"] for s in steps("test.yml") if "run" in s] == [command]


@pytest.mark.parametrize(
    "year, ok",
    [
        ("2024", True),
        ("", True),
        ("24", False),
        ("2024; rm -rf ~", False),
        ("$(id)", False),
        ("2024\n::warning::injected", False),
    ],
)
def test_the_year_of_a_manual_run_is_checked(tmp_path, year, ok):
    done = run_step(step("report.yml", "Check the year")["run"], tmp_path, YEAR_INPUT=year)
    assert (done.returncode == 0) == ok
    if not ok:
        assert done.stdout.startswith("::error::The year must be four digits")
        assert done.stdout.count("\n") == 1  # the input is never echoed into the log


def test_the_report_workflow_installs_the_quarto_of_environment_yml(tmp_path):
    (tmp_path / "environment.yml").write_bytes((paths.ROOT / "environment.yml").read_bytes())
    version = step("report.yml", "Quarto version (pinned in environment.yml)")
    assert run_step(version["run"], tmp_path).returncode == 0
    assert (tmp_path / "github_output").read_text() == f"version={quarto_pin()}\n"
    (setup,) = [s for s in steps("report.yml") if s.get("uses", "").startswith("quarto-dev/")]
    assert setup["with"]["version"] == "${{ steps." + version["id"] + ".outputs.version }}"


def test_the_exports_replace_every_synthetic_year(tmp_path):
    raw = tmp_path / "data" / "raw"
    for year in ("2022", "2023"):
        (raw / year).mkdir(parents=True)
        (raw / year / "synthetic.json").write_text("{}")
    (raw / "codebook.yaml").write_text("kept")
    for year in ("2023", "2024"):
        (tmp_path / ".exports" / year).mkdir(parents=True)
        (tmp_path / ".exports" / year / f"benchmark_{year}.csv").write_text("real")
    script = step("report.yml", "The exports replace the synthetic data (in this runner only)")
    assert run_step(script["run"], tmp_path).returncode == 0
    assert sorted(p.name for p in raw.iterdir()) == ["2023", "2024", "codebook.yaml"]
    assert not list(raw.rglob("synthetic.json")) and not (tmp_path / ".exports").exists()

    (tmp_path / ".exports").mkdir()
    done = run_step(script["run"], tmp_path)
    assert done.returncode == 1 and "no <year>/ folders" in done.stdout
    assert sorted(p.name for p in raw.iterdir()) == ["2023", "2024", "codebook.yaml"]


def test_synthetic_data_only_when_asked_and_never_published():
    config = workflow("report.yml")
    synthetic = config[True]["workflow_dispatch"]["inputs"]["synthetic"]
    assert synthetic["type"] == "boolean" and synthetic["default"] is False
    assert config["env"]["SYNTHETIC"] == "${{ inputs.synthetic && 'true' || 'false' }}"
    by_name = {s.get("name", s.get("uses")): s for s in steps("report.yml")}
    real_only = [
        "Check that the confidential exports are configured",
        "Fetch the confidential exports (private repository, read-only deploy key)",
        "The exports replace the synthetic data (in this runner only)",
        "Publish (push gh-pages)",
    ]
    assert all(by_name[n]["if"] == "env.SYNTHETIC != 'true'" for n in real_only)
    fetch = by_name[real_only[1]]["with"]
    assert fetch["persist-credentials"] is False and fetch["path"] == ".exports"


def test_only_the_site_is_committed_or_uploaded():
    for s in steps("report.yml"):
        script = s.get("run", "")
        if re.search(r"\bgit (add|commit|push)\b", script):
            assert s["working-directory"] == "_site", s["name"]
        if s.get("uses", "").startswith("actions/upload-"):
            assert s["with"]["path"] == "_site" and s["if"] == "env.SYNTHETIC == 'true'"
    site = step("report.yml", "Build the report and add it to the site")
    assert site["run"].startswith("make site SITE=_site ")


def test_citation_file_is_valid_and_agrees_with_the_repository():
    cff = paths.ROOT / "CITATION.cff"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.citation-file-format",
            str(cff),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    citation = yaml.safe_load(cff.read_text("utf-8"))
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert citation["version"] == project["version"]
    assert citation["license"] == "EUPL-1.2"
    licence = (paths.ROOT / "LICENSE").read_text("utf-8")
    assert licence.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    publisher = yaml.safe_load((paths.ROOT / "_quarto.yml").read_text("utf-8"))["book"]["author"]
    assert all(publisher.startswith(a["name"]) for a in citation["authors"])
