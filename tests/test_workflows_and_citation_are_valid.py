"""The publishing end, read as files: the GitHub workflows (schema, and their shell steps
run here), the citation file and the licence. The site itself:
test_site_holds_every_year_and_nothing_confidential.py."""

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
import yaml
from test_environment import quarto_pin

from helpers import paths
from helpers.data import synthetic

WORKFLOWS = paths.ROOT / ".github" / "workflows"
SETUP_QUARTO = paths.ROOT / ".github" / "actions" / "setup-quarto" / "action.yml"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def steps(name: str) -> list[dict]:
    return [s for job in workflow(name)["jobs"].values() for s in job["steps"]]


def step(name: str, title: str) -> dict:
    (found,) = [s for s in steps(name) if s.get("name") == title]
    return found


def run_step(script: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    """A `run:` script as GitHub runs it on ubuntu (bash -e); what it writes to
    GITHUB_OUTPUT is in the result's `.output`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "github_output"
        out.touch()
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=cwd,
            env={"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(out), **env},
            capture_output=True,
            text=True,
        )
        done.output = out.read_text()
    return done


def check_schema(schema: str, *files: Path) -> None:
    """Against a schema vendored in check-jsonschema (no network)."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_and_the_action_are_valid_github_actions():
    check_schema("vendor.github-workflows", *sorted(WORKFLOWS.glob("*.yml")))
    check_schema("vendor.github-actions", SETUP_QUARTO)


def test_the_test_workflow_runs_the_readme_test_command_on_push_and_pull_request():
    readme = (paths.ROOT / "README.md").read_text("utf-8")
    (command,) = re.findall(r"^(make \w+)\s+# lint and run every test", readme, re.M)
    config = workflow("test.yml")
    assert {"push", "pull_request"} <= set(config[True])  # YAML 1.1 reads `on` as True
    assert [s["run"] for s in steps("test.yml") if "run" in s] == [command]
    assert {"uses": "./.github/actions/setup-quarto"} in steps("test.yml")  # Quarto tests run


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


def test_both_workflows_install_the_quarto_of_environment_yml(tmp_path):
    (tmp_path / "environment.yml").write_bytes((paths.ROOT / "environment.yml").read_bytes())
    action = yaml.safe_load(SETUP_QUARTO.read_text("utf-8"))["runs"]["steps"]
    version, setup = action
    done = run_step(version["run"], tmp_path)
    assert done.returncode == 0 and done.output == f"version={quarto_pin()}\n"
    assert setup["uses"].startswith("quarto-dev/quarto-actions/setup@")
    assert setup["with"]["version"] == "${{ steps." + version["id"] + ".outputs.version }}"
    for name in ("test.yml", "report.yml"):
        uses = [s.get("uses", "") for s in steps(name)]
        assert "./.github/actions/setup-quarto" in uses
        assert not any(u.startswith("quarto-dev/") for u in uses)  # only through the action


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
    configured = by_name[real_only[0]]
    assert configured["env"]["HAS_KEY"] == "${{ secrets.EXPORT_DEPLOY_KEY != '' }}"
    assert configured["env"]["HAS_SECRET"] == "${{ secrets.DELIVERY_SECRET != '' }}"
    for missing in ({"EXPORT_REPOSITORY": "", "HAS_KEY": "true"}, {"EXPORT_REPOSITORY": "o/r"}):
        env = {"HAS_KEY": "false", "HAS_SECRET": "true", **missing}
        done = run_step(configured["run"], Path("."), **env)
        assert done.returncode == 1 and "EXPORT_DEPLOY_KEY" in done.stdout
    env = {"EXPORT_REPOSITORY": "o/r", "HAS_KEY": "true"}
    done = run_step(configured["run"], Path("."), **env, HAS_SECRET="false")
    assert done.returncode == 1 and "DELIVERY_SECRET" in done.stdout
    assert run_step(configured["run"], Path("."), **env, HAS_SECRET="true").returncode == 0
    assert all(by_name[n]["if"] == "env.SYNTHETIC != 'true'" for n in real_only)
    fetch = by_name[real_only[1]]["with"]
    assert fetch["persist-credentials"] is False and fetch["path"] == ".exports"


def test_only_the_site_is_committed_or_uploaded_and_values_stay_out_of_the_log():
    writes = r"\bgit\b(?:\s+(?:-c\s+\S+|\\))*\s+(add|commit|push)\b"
    writing = [s for s in steps("report.yml") if re.search(writes, s.get("run", ""))]
    assert [s["name"] for s in writing] == ["Publish (push gh-pages)"]
    assert set(re.findall(writes, writing[0]["run"])) == {"add", "commit", "push"}
    assert writing[0]["working-directory"] == "_site"
    (upload,) = [s for s in steps("report.yml") if s.get("uses", "").startswith("actions/upload-")]
    assert upload["with"]["path"] == "_site" and upload["if"] == "env.SYNTHETIC == 'true'"
    assert workflow("report.yml")["env"]["EEN_WITHHOLD_VALUES"] == "1"  # see test_validate
    checkout = [s for s in steps("report.yml") if s.get("uses", "").startswith("actions/checkout")]
    assert all(s["with"]["persist-credentials"] is False for s in checkout)


def test_the_secret_of_the_pages_reaches_only_the_build_and_a_trial_makes_its_own():
    build = step("report.yml", "Build the reports and add them to the site")
    assert build["env"] == {"EEN_DELIVERY_SECRET": "${{ secrets.DELIVERY_SECRET }}"}
    others = [s for s in steps("report.yml") if s.get("name") != build["name"]]
    assert not any("DELIVERY_SECRET }}" in str(s) for s in others)  # only checked for presence
    script = build["run"].replace(".venv/bin/python -m helpers.publish", "echo publish")
    script += '\necho "length ${#EEN_DELIVERY_SECRET}"'
    done = run_step(script, Path("."), SYNTHETIC="true", EEN_DELIVERY_SECRET="")
    assert done.returncode == 0 and "length 43" in done.stdout  # a throwaway secret
    assert done.stdout.count("::add-mask::") == 1


def git(*args, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def test_the_site_branch_is_made_once_and_then_added_to(tmp_path):
    """The gh-pages steps of report.yml against a local remote: the first run makes the
    branch with the site only; the next one finds last year's pages and adds its own."""
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    site_step = step("report.yml", "The published site (gh-pages branch; made on the first run)")
    publish = step("report.yml", "Publish (push gh-pages)")
    env = {"GH_TOKEN": "", "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}

    def run(name: str, year: str, page: str) -> None:
        work = tmp_path / name
        git("clone", "--quiet", str(remote), str(work), cwd=tmp_path)
        if name == "first":  # the repository's own files, which must stay off gh-pages
            (work / "README.md").write_text("code")
            git("add", "README.md", cwd=work)
            git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "code", cwd=work)
            git("push", "--quiet", "origin", "HEAD:main", cwd=work)
        done = run_step(site_step["run"], work, **env)
        assert done.returncode == 0, done.stdout + done.stderr
        (work / "_site" / year).mkdir()
        (work / "_site" / year / "index.html").write_text(page)
        done = run_step(publish["run"], work / "_site", YEAR_INPUT=year, **env)
        assert done.returncode == 0, done.stdout + done.stderr

    run("first", "2023", "report 2023")
    assert git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split() == [
        "2023/index.html"
    ]
    run("second", "2024", "report 2024")
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert files == ["2023/index.html", "2024/index.html"]
    assert git("show", "gh-pages:2023/index.html", cwd=remote) == "report 2023"
    assert git("rev-list", "--count", "gh-pages", cwd=remote).strip() == "2"


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


def test_every_committed_export_is_a_synthetic_one():
    """git holds in data/raw/<year>/ only the files its synthetic.json lists, with those
    bytes: a real export dropped there is ignored (.gitignore) and never committed."""
    listed = subprocess.run(
        ["git", "ls-files"], cwd=paths.RAW, capture_output=True, text=True, check=True
    ).stdout.split()
    assert listed, "data/raw is tracked by git"
    for rel in listed:
        folder, name = (paths.RAW / rel).parent, Path(rel).name
        if name == synthetic.MANIFEST or not folder.name.isdigit():
            continue
        manifest = json.loads((folder / synthetic.MANIFEST).read_text("utf-8"))
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert manifest["synthetic"] and manifest["sha256"].get(name) == digest, rel
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "2024/benchmark_2024.xlsx"], cwd=paths.RAW
    ).returncode
    assert ignored == 0  # a new export is not picked up by `git add`
