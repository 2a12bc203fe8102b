"""One command from a year's survey data to the national report: `make report YEAR=2023`.

    python -m helpers.build 2023             # data step if needed, chapters, quarto render
    python -m helpers.build 2023 --force     # re-execute every chapter
    python -m helpers.build 2023 --no-render # stop after the executed notebooks

Steps:

1. Data: `python -m helpers.data.process <year>` when data/processed/<year>/ is missing or
   older than anything in data/raw/ or helpers.data (the step is atomic and ~2 s).
2. Chapters: every notebook of `CHAPTERS` (book.chapters of _quarto.yml) is executed
   by the notebook engine (helpers.build.engine) into reports/<year>/<name>.ipynb, with
   `year` and `processed_root` injected the papermill way (relative to notebooks/, so
   no machine path is in the output). Stale chapters run on `--jobs` kernels side by
   side, each kernel reset and reused from one chapter to the next, into a staging
   folder.
   Only when every chapter succeeded are the new notebooks moved in; a failure leaves
   the previous report as it was and prints one line per failing chapter (notebook,
   cell, error). Failed notebooks are kept in reports/.failed/<year>/ for inspection.
3. Quarto: `_quarto.yml` (the committed template at the repository root, `{year}`
   filled in), `_variables.yml` and the files of quarto/ are written into
   reports/<year>/, which is then a Quarto book project: `quarto render` makes the
   website and the Typst PDF in reports/<year>/_book/. Quarto never executes the
   notebooks again (`execute: enabled: false`). Without Quarto on PATH the build says
   how to install it and still succeeds with the executed notebooks.

Incremental: each chapter's inputs (its notebook's cells without outputs, the
processed tables of the year, the code it runs: helpers.data and helpers.report, the
codebook, the injected parameters, the Python, pyproject.toml, requirements.lock and
every installed package version) are hashed and the
digest is stored in reports/<year>/.build/<name>.json. A chapter whose digest is
unchanged is not executed again, and the site is not rendered again when no chapter
and no Quarto file changed: a rebuild with no changes takes a fraction of a second.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from helpers import logs, paths
from helpers.build import engine
from helpers.data import codebook
from helpers.files import write_if_changed

logger = logging.getLogger(__name__)

# Bump when the build changes what it writes into an executed notebook: every chapter
# is executed again.
BUILD_VERSION = 2

MIN_QUARTO = (1, 9)  # Typst books (orange-book) arrived in Quarto 1.9

NOTEBOOKS = paths.ROOT / "notebooks"
QUARTO_TEMPLATE = paths.ROOT / "_quarto.yml"
QUARTO_FILES = paths.ROOT / "quarto"  # copied into the report folder as they are
HELPERS = Path(__file__).resolve().parents[1]
# The code a chapter runs (what the notebooks import) and the code of the data step;
# the build and factsheet packages are neither, so editing them executes nothing again.
DATA_CODE = ("__init__.py", "paths.py", "data")
CHAPTER_CODE = (*DATA_CODE, "report")
STAMPS = ".build"
FAILED = ".failed"  # reports/.failed/<year>/: outside the Quarto project of the year
SITE_STAMP = "site.json"

# --- the chapters: book.chapters of _quarto.yml, the one list ------------------------


@dataclass(frozen=True)
class Chapter:
    """One chapter of the report: notebooks/<name>.ipynb -> reports/<year>/<name>.ipynb."""

    name: str
    part: str | None = None  # the book part it belongs to (None: top level)

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", self.name):
            raise ValueError(f"chapter name {self.name!r}: lower-case letters, digits, - and _")

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"


def validate_chapters(chapters) -> tuple[Chapter, ...]:
    names = [c.name for c in chapters]
    if len(set(names)) != len(names):
        raise ValueError(f"chapter names appear twice: {names}")
    if "index" in names:
        raise ValueError("`index` is the book's preface (quarto/index.qmd), not a chapter")
    return tuple(chapters)


def load_quarto_template(path: Path = QUARTO_TEMPLATE) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def chapters_of(config: dict) -> tuple[Chapter, ...]:
    """The chapters in book order: every notebook in `book: chapters:` of a Quarto config
    (index.qmd is the preface), with the part it stands in."""
    out = []
    for entry in config["book"]["chapters"]:
        if isinstance(entry, dict):
            out += [Chapter(Path(n).stem, part=entry["part"]) for n in entry["chapters"]]
        elif Path(entry).suffix == ".ipynb":
            out.append(Chapter(Path(entry).stem))
    return validate_chapters(out)


# A new chapter: write notebooks/<name>.ipynb (a cell tagged `parameters` with `year`
# and `processed_root = None`, the kernel een-tegen-eenzaamheid) and list it in
# book.chapters of _quarto.yml.
CHAPTERS = chapters_of(load_quarto_template())


# --- errors ------------------------------------------------------------------------


class BuildError(Exception):
    """The build stopped; `lines` says why, one line per problem."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class Failure:
    chapter: str
    notebook: Path  # the source notebook
    cell: int | None  # 1-based index among the source notebook's cells
    exec_count: int | None
    error: str

    def line(self) -> str:
        where = f"cell {self.cell}" if self.cell else ""
        if self.exec_count is not None:
            where = f"{where or 'a cell'} [In {self.exec_count}]"
        where = f" in {where}" if where else ""
        return f"{_rel(self.notebook)}: chapter {self.chapter!r} failed{where}: {self.error}"


# --- hashing the inputs --------------------------------------------------------------


def _hash_files(files: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(base).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _tree(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _code(parts: tuple[str, ...]) -> list[Path]:
    """The files of these parts of the helpers package (modules or sub-packages)."""
    files = []
    for part in parts:
        path = HELPERS / part
        files += [path] if path.is_file() else _tree(path)
    return files


def notebook_digest(path: Path) -> str:
    """The cells of a notebook without outputs or execution counts: running it in
    JupyterLab and saving does not make the chapter stale, editing a cell does."""
    nb = json.loads(path.read_text("utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in ("execution",)}
        source = cell.get("source", "")
        cells.append([cell.get("cell_type"), "".join(source), meta])
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    payload = json.dumps([cells, kernel], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def installed_distributions() -> list[str]:
    """`name==version` of every distribution installed in this Python (the kernel's too:
    it is the same environment), names normalised as in PEP 503, sorted."""
    from importlib import metadata

    return sorted(
        {
            f"{re.sub(r'[-_.]+', '-', d.metadata['Name']).lower()}=={d.version}"
            for d in metadata.distributions()
        }
    )


def shared_inputs(year: int, processed_root: Path, parameters: dict) -> dict[str, str]:
    """Digests of the inputs every chapter of `year` shares. "environment" is the
    Python, pyproject.toml, requirements.lock and every installed package version: a
    package upgraded in .venv executes the chapters again, even with the lock unchanged."""
    processed = Path(processed_root) / str(year)
    env = f"{sys.version}|{engine.KERNEL_NAME}|build {BUILD_VERSION}"
    for name in ("pyproject.toml", "requirements.lock"):
        file = paths.ROOT / name
        if file.exists():
            env += f"|{name} " + hashlib.sha256(file.read_bytes()).hexdigest()
    env += "|" + " ".join(installed_distributions())
    return {
        "processed": _hash_files(_tree(processed), processed),
        "helpers": _hash_files(_code(CHAPTER_CODE), HELPERS),
        "codebook": hashlib.sha256(paths.CODEBOOK.read_bytes()).hexdigest(),
        "parameters": hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest(),
        "environment": hashlib.sha256(env.encode()).hexdigest(),
    }


def chapter_inputs(source: Path, shared: dict[str, str]) -> dict[str, str]:
    return {"notebook": notebook_digest(source), **shared}


def combined(inputs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def read_stamp(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    write_if_changed(path, json.dumps(data, indent=1, sort_keys=True) + "\n")


# --- step 1: the processed data --------------------------------------------------------


def processed_is_stale(year: int, processed_root: Path) -> bool:
    meta = Path(processed_root) / str(year) / "meta.json"
    if not meta.exists():
        return True
    built = meta.stat().st_mtime
    sources = _tree(paths.RAW) + _code(DATA_CODE)
    return any(p.stat().st_mtime > built for p in sources)


def ensure_processed(
    year: int, processed_root: Path, log=logger.info, earlier: bool = False
) -> bool:
    """Run the data step for `year` (with `earlier`: and every earlier raw year) where
    needed; True when it ran."""
    years = [y for y in codebook.available_years() if y < year] + [year] if earlier else [year]
    stale = [y for y in years if processed_is_stale(y, processed_root)]
    if not stale:
        return False
    log(f"data: processing {', '.join(map(str, stale))} into {_rel(Path(processed_root))}")
    cmd = [sys.executable, "-m", "helpers.data.process", *map(str, stale)]
    cmd += ["--processed", str(processed_root)]
    done = subprocess.run(cmd, cwd=paths.ROOT)
    if done.returncode != 0:
        raise BuildError([f"data step failed: {' '.join(cmd[1:])} (exit {done.returncode})"])
    return True


# --- step 2: executing the chapters ----------------------------------------------------


def run_chapters(jobs: list[engine.Job], cwd: Path, workers: int, quiet: bool = False):
    """Execute the chapters' jobs on `workers` kernels (helpers.build.engine), with a
    progress bar and one line per chapter; every outcome, failures included."""
    from tqdm import tqdm

    bar = tqdm(total=len(jobs), desc="chapters", unit="nb", disable=quiet or None, leave=False)

    def done(outcome: engine.Outcome) -> None:
        bar.update(1)
        state = "ok" if outcome.ok else "FAILED"
        line = f"  {outcome.key:<14} {state:<6} {outcome.seconds:5.1f} s"
        if not quiet:
            bar.write(line)  # above the progress bar
        logger.debug(line.strip())

    try:
        return engine.run(jobs, kernel=engine.KERNEL_NAME, cwd=cwd, workers=workers, done=done)
    finally:
        bar.close()


def _inches(value) -> str | None:
    """A unitless image size (pixels) as inches; None when it already has a unit."""
    unitless = isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value)
    if isinstance(value, int | float) or unitless:
        return f"{float(value) / 96:.2f}in"
    return None


def quarto_safe(nb) -> None:
    """Image sizes with a unit: Typst rejects unitless ones (quarto-cli#10217)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for meta in output.get("metadata", {}).values():
                if isinstance(meta, dict):
                    for key in ("width", "height"):
                        if key in meta and (inch := _inches(meta[key])) is not None:
                            meta[key] = inch


# --- step 3: the Quarto project ----------------------------------------------------------


def _fill_year(value, year: int):
    if isinstance(value, str):
        return value.replace("{year}", str(year))
    if isinstance(value, list):
        return [_fill_year(v, year) for v in value]
    if isinstance(value, dict):
        return {k: _fill_year(v, year) for k, v in value.items()}
    return value


def output_file(config: dict) -> str:
    return config.get("book", {}).get("output-file", "book")


def quarto_files(year: int, template: Path = QUARTO_TEMPLATE) -> dict:
    """Name -> text of every Quarto project file of the report folder of `year`."""
    config = _fill_year(load_quarto_template(template), year)
    header = (
        f"# Generated by helpers.build from {template.name} at the repository root "
        f"for {year}: edit that file, not this one.\n"
    )
    pdf = output_file(config) + ".pdf"
    variables = {
        "year": year,
        "previous_year": codebook.previous_year(year),
        "pdf": pdf,
        "pdf_link": f"[PDF]({pdf})",
    }
    files = {
        "_quarto.yml": header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        "_variables.yml": header + yaml.safe_dump(variables, allow_unicode=True, sort_keys=False),
    }
    for f in _tree(QUARTO_FILES):
        files[f.relative_to(QUARTO_FILES).as_posix()] = f.read_text("utf-8")
    return files


def write_quarto_files(report: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        write_if_changed(report / name, text)  # unchanged: mtime kept, nothing for Quarto to redo


def quarto_version(exe: str) -> tuple[int, ...] | None:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout)
    return tuple(int(x) for x in m.groups() if x is not None) if m else None


QUARTO_MISSING = """\
Quarto is not installed (no `quarto` on PATH): the executed chapters are in {report},
but the website and PDF were not made. Install Quarto >= {need} and run `make report` again:
  - conda:  conda env create -f environment.yml   (conda-forge `quarto`), then activate it
  - pip:    .venv/bin/pip install quarto-cli      (downloads Quarto from GitHub at install)
  - or a release from https://quarto.org/docs/download/"""


def render(report: Path, site_inputs: str, force: bool = False, log=logger.info) -> str:
    """`quarto render` of the report folder; returns what happened."""
    exe = shutil.which("quarto")
    need = ".".join(map(str, MIN_QUARTO))
    if exe is None:
        log(QUARTO_MISSING.format(report=_rel(report), need=need))
        return "quarto missing"
    version = quarto_version(exe)
    if version is None or version[:2] < MIN_QUARTO:
        found = ".".join(map(str, version)) if version else "of unknown version"
        raise BuildError(
            [
                f"Quarto {found} at {exe} is too old: the report needs Quarto >= {need} "
                "(Typst books). Update it (see README) and run `make report` again."
            ]
        )
    stamp = report / STAMPS / SITE_STAMP
    key = combined({"inputs": site_inputs, "quarto": ".".join(map(str, version))})
    if not force and read_stamp(stamp).get("hash") == key and (report / "_book").exists():
        return "site up to date"
    log(f"quarto: rendering {_rel(report)} (Quarto {'.'.join(map(str, version))})")
    env = {**os.environ, "QUARTO_PYTHON": sys.executable}
    done = subprocess.run([exe, "render", str(report)], env=env)
    if done.returncode != 0:
        raise BuildError([f"quarto render {_rel(report)} failed (exit {done.returncode})"])
    _write_json(stamp, {"hash": key})
    return "rendered"


# --- the build ------------------------------------------------------------------------


@dataclass
class BuildResult:
    year: int
    report: Path
    executed: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    site: str = "not rendered"


def failed_dir(reports_root: Path, year: int) -> Path:
    return Path(reports_root) / FAILED / str(year)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def build(
    year: int,
    *,
    chapters=CHAPTERS,
    notebooks: Path = NOTEBOOKS,
    reports_root: Path = paths.REPORTS,
    processed_root: Path = paths.PROCESSED,
    jobs: int | None = None,
    force: bool = False,
    data_step: bool = True,
    quarto: bool = True,
    render_site: bool = True,
    quiet: bool = False,
) -> BuildResult:
    """Build the report of `year`; raises BuildError (previous report untouched)."""
    start = time.perf_counter()
    log = logger.debug if quiet else logger.info
    chapters = validate_chapters(chapters)
    notebooks, reports_root = Path(notebooks), Path(reports_root)
    processed_root = Path(processed_root).resolve()
    report = reports_root / str(year)
    result = BuildResult(year=year, report=report)

    missing = [c.notebook for c in chapters if not (notebooks / c.notebook).exists()]
    if missing:
        raise BuildError([f"{_rel(notebooks)}: missing chapter notebook(s): {', '.join(missing)}"])
    files = quarto_files(year) if quarto else {}
    if data_step:  # earlier years too: the factsheets and a report of Y-1 need them
        ensure_processed(year, processed_root, log, earlier=True)
    if not (processed_root / str(year)).exists():
        raise BuildError([f"{_rel(processed_root / str(year))}: no processed tables for {year}"])

    # relative to the kernel's working directory (notebooks/): no machine path in the output
    parameters = {
        "year": year,
        "processed_root": os.path.relpath(processed_root, notebooks.resolve()),
    }
    shared = shared_inputs(year, processed_root, parameters)
    stamps = report / STAMPS
    stale = []
    for c in chapters:
        inputs = chapter_inputs(notebooks / c.notebook, shared)
        old = read_stamp(stamps / f"{c.name}.json")
        if not force and old.get("hash") == combined(inputs) and (report / c.notebook).exists():
            result.fresh.append(c.name)
            continue
        before = old.get("inputs")
        if not before or not (report / c.notebook).exists():
            result.reasons[c.name] = ["new"]
        else:
            result.reasons[c.name] = [k for k in inputs if before.get(k) != inputs[k]] or ["forced"]
        stale.append((c, inputs, old.get("seconds", float("inf"))))

    if stale:
        engine.ensure_kernel()
        report.mkdir(parents=True, exist_ok=True)
        # beside the report folder (same file system: moves are renames), not in it:
        # never part of the Quarto project, even when a build is killed
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{year}-", dir=reports_root))
        try:
            # longest first (durations of the last run), so the kernels finish together
            stale.sort(key=lambda s: -s[2])
            if not quiet:
                names = ", ".join(
                    f"{c.name} ({', '.join(result.reasons[c.name])})" for c, _, _ in stale
                )
                log(f"report {year}: executing {len(stale)} chapter(s): {names}")
            jobs_ = [
                engine.Job(c.name, nbformat.read(notebooks / c.notebook, as_version=4), parameters)
                for c, _, _ in stale
            ]
            workers = jobs or default_jobs()
            outcomes = {o.key: o for o in run_chapters(jobs_, notebooks.resolve(), workers, quiet)}
            for c, _, _ in stale:
                nb = outcomes[c.name].nb
                quarto_safe(nb)
                nbformat.write(nb, staging / c.notebook)
            failures = [
                Failure(
                    chapter=c.name,
                    notebook=notebooks / c.notebook,
                    cell=outcomes[c.name].error.cell,
                    exec_count=outcomes[c.name].error.exec_count,
                    error=outcomes[c.name].error.message,
                )
                for c, _, _ in stale
                if not outcomes[c.name].ok
            ]
            if failures:
                kept = failed_dir(reports_root, year)
                kept.mkdir(parents=True, exist_ok=True)
                for f in failures:
                    executed = staging / f"{f.chapter}.ipynb"
                    if executed.exists():
                        executed.replace(kept / executed.name)
                raise BuildError(
                    [f.line() for f in failures]
                    + [
                        f"report {year}: {len(failures)} of {len(stale)} chapter(s) failed; "
                        f"{_rel(report)} left as it was (failed notebooks in {_rel(kept)})"
                    ]
                )
            # all succeeded: swap in, notebook first, then its stamp (an interrupted swap
            # leaves a stamp that does not match, so that chapter runs again next time)
            for c, inputs, _ in stale:
                (staging / c.notebook).replace(report / c.notebook)
                stamp = {
                    "hash": combined(inputs),
                    "inputs": inputs,
                    "seconds": round(outcomes[c.name].seconds, 2),
                }
                _write_json(stamps / f"{c.name}.json", stamp)
                (failed_dir(reports_root, year) / c.notebook).unlink(missing_ok=True)
                result.executed.append(c.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    if quarto:
        report.mkdir(parents=True, exist_ok=True)
        write_quarto_files(report, files)
        if render_site:
            site = {c.name: read_stamp(stamps / f"{c.name}.json").get("hash", "") for c in chapters}
            site.update({n: hashlib.sha256(t.encode()).hexdigest() for n, t in files.items()})
            site_inputs = combined(site)
            result.site = render(report, site_inputs, force=force, log=log)
    result.seconds = time.perf_counter() - start
    return result


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the national report of one year (see `make report`)."
    )
    parser.add_argument("year", nargs="?", type=int, help="default: the latest in data/raw")
    parser.add_argument("-j", "--jobs", type=int, help="chapters in parallel (default: cores)")
    parser.add_argument("--force", action="store_true", help="execute every chapter again")
    parser.add_argument("--no-render", action="store_true", help="skip `quarto render`")
    parser.add_argument("--reports", type=Path, default=paths.REPORTS, help="reports root")
    parser.add_argument("--processed", type=Path, default=paths.PROCESSED, help="processed root")
    parser.add_argument(
        "--data-only",
        action="store_true",
        help="only the data step, for YEAR and every earlier year, where needed (make lab/test)",
    )
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        year = args.year or codebook.latest_year()
    except FileNotFoundError as err:
        logs.setup("report")
        logger.error(str(err))
        return 1
    logs.setup(f"report-{year}" if not args.data_only else f"data-up-to-{year}")
    if args.data_only:
        try:
            ensure_processed(year, args.processed, logger.info, earlier=True)
        except BuildError as err:
            logger.error(str(err))
            return 1
        return 0
    try:
        res = build(
            year,
            reports_root=args.reports,
            processed_root=args.processed,
            jobs=args.jobs,
            force=args.force,
            render_site=not args.no_render,
            quiet=args.quiet,
        )
    except BuildError as err:
        for line in err.lines:
            logger.error(line)
        return 1
    done = f"executed {len(res.executed)}" if res.executed else "nothing to execute"
    (logger.debug if args.quiet else logger.info)(
        f"report {year}: {done}, {len(res.fresh)} up to date, site: {res.site} "
        f"({res.seconds:.1f} s) -> {_rel(res.report)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
