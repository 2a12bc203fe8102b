"""The report build (helpers.pipeline.book): chapter list, papermill runs in parallel, incremental
rebuilds, failures, the generated Quarto project, and the real report once the chapter
notebooks exist."""

import datetime
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pikepdf
import pytest
import yaml

from helpers import paths
from helpers.data import codebook, stamp
from helpers.factsheets import batch
from helpers.pipeline import __main__ as cli
from helpers.pipeline import book, errors, execute, quarto, stamps
from helpers.report import chapters

N_FIGURES = len(codebook.load().figures)
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg", "application/pdf")


# --- the chapter list and the Quarto project -----------------------------------------


def test_the_chapters_are_those_of_the_quarto_template():
    config = {
        "book": {
            "chapters": [
                "index.qmd",
                "een.ipynb",
                {"part": "Deel", "chapters": ["twee.ipynb", "drie.ipynb"]},
                "bijlage.qmd",
            ]
        }
    }
    assert chapters.chapters_of(config) == (
        chapters.Chapter("een"),
        chapters.Chapter("twee", part="Deel"),
        chapters.Chapter("drie", part="Deel"),
    )
    # the committed template: every chapter has its notebook
    assert [c.name for c in chapters.CHAPTERS][:2] == ["inleiding", "samenvatting"]
    assert all((chapters.NOTEBOOKS / c.notebook).exists() for c in chapters.CHAPTERS)


def test_chapter_list_is_validated():
    with pytest.raises(ValueError, match="twice"):
        chapters.validate_chapters([chapters.Chapter("a"), chapters.Chapter("a")])
    with pytest.raises(ValueError):
        chapters.Chapter("Hoofdstuk 1")


def test_generated_quarto_project_for_a_new_year_needs_no_edits(tmp_path):
    files = quarto.quarto_files(2031)
    config = yaml.safe_load(files["_quarto.yml"])
    assert "{year}" not in files["_quarto.yml"]
    assert config["book"]["title"] == "Benchmark Eén tegen eenzaamheid 2031"
    # orange-book (the Typst PDF) needs the author as text, not a list or nothing
    assert isinstance(config["book"]["author"], str) and config["book"]["author"].strip()
    assert "2031" in config["book"]["output-file"]
    assert config["project"]["type"] == "book"
    assert config["lang"] == "nl"
    assert config["number-sections"] is True
    assert config["execute"]["enabled"] is False  # papermill executed the notebooks
    assert config["execute"]["echo"] is False  # no code in the report (no cell repeats it)
    assert config["ipynb-filters"] == ["lab_view_filter.py"] and "lab_view_filter.py" in files
    assert set(config["format"]) == {"html", "typst"}
    assert "!factsheets/" in config["project"]["render"]  # never part of the site
    variables = yaml.safe_load(files["_variables.yml"])
    assert variables["year"] == 2031 and variables["pdf"].endswith("2031.pdf")
    assert "index.qmd" in files
    quarto.write_quarto_files(tmp_path, files)
    mtime = (tmp_path / "_quarto.yml").stat().st_mtime_ns
    quarto.write_quarto_files(tmp_path, files)  # unchanged files are not rewritten
    assert (tmp_path / "_quarto.yml").stat().st_mtime_ns == mtime


def test_the_colophon_names_the_code_that_made_the_report(tmp_path, caplog):
    """The commit, with -dirty where the code differs from it, but not where a year's
    export was replaced (the report workflow puts the real one in its place);
    "onbekend", with a warning, for a copy without git history."""

    def git(*args, cwd=tmp_path / "clone"):
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)

    variables = yaml.safe_load(quarto.quarto_files(2023)["_variables.yml"])
    assert variables["code_version"] == quarto.code_version()
    assert "{{< var code_version >}}" in (paths.ROOT / "quarto" / "index.qmd").read_text("utf-8")
    git("clone", "-q", "--no-local", str(paths.ROOT), "clone", cwd=tmp_path)
    clone = tmp_path / "clone"
    commit = git("rev-parse", "--short=12", "HEAD").stdout.strip()
    assert quarto.code_version(clone) == commit
    shutil.rmtree(clone / "data" / "raw" / "2023")  # the export replaced: still the code
    assert quarto.code_version(clone) == commit
    with open(clone / "data" / "raw" / "rapport.yaml", "a", encoding="utf-8") as f:
        f.write("# edited\n")
    assert quarto.code_version(clone) == f"{commit}-dirty"
    (tmp_path / "copy").mkdir()
    assert quarto.code_version(tmp_path / "copy") == quarto.UNKNOWN_VERSION == "onbekend"
    assert "code version is 'onbekend'" in caplog.text


def test_every_variable_the_project_uses_is_defined():
    """{{< var x >}} in the Quarto files (colophon, footer, PDF link) must be in
    _variables.yml: Quarto prints "?var:x" for an unknown one and carries on."""
    files = quarto.quarto_files(2023)
    variables = yaml.safe_load(files["_variables.yml"])
    used = {
        name
        for text in files.values()
        for name in re.findall(r"\{\{<\s*var\s+([\w.-]+)\s*>\}\}", text)
    }
    assert {"year", "pdf_link", "author", "map_credit"} <= used
    assert used <= set(variables)
    assert variables["map_credit"] == "Bron kaartgrenzen: CBS/PDOK (CC BY 4.0)"
    assert variables["author"] == yaml.safe_load(files["_quarto.yml"])["book"]["author"]


def test_unitless_image_sizes_get_a_unit_for_typst():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"image/png": "iVBOR"},
            metadata={"image/png": {"width": 640, "height": "480"}},
        ),
        nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBOR"}, metadata={"image/png": {"width": "50%"}}
        ),
    ]
    nb.cells = [cell]
    quarto.quarto_safe(nb)
    assert cell.outputs[0].metadata["image/png"] == {"width": "6.67in", "height": "5.00in"}
    assert cell.outputs[1].metadata["image/png"] == {"width": "50%"}


# --- Quarto present, missing, too old --------------------------------------------------


def _fake_quarto(folder: Path, version: str) -> None:
    exe = folder / "quarto"
    exe.write_text(f"#!/bin/sh\necho {version}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


def test_without_quarto_the_build_says_how_to_install_it(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("PATH", str(tmp_path))  # no quarto here
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))  # nor beside Python
    caplog.set_level("INFO", logger="helpers")
    assert quarto.render(tmp_path, "x", datetime.date(2023, 6, 30)) == "quarto missing"
    out = caplog.text
    assert "Quarto is not installed" in out
    assert "environment.yml" in out and "quarto-cli" in out


def test_a_quarto_installed_into_the_venv_is_found(tmp_path, monkeypatch):
    """`.venv/bin/pip install quarto-cli`, one of the ways the build's message offers, puts
    `quarto` beside the Python, which is not on PATH under `make`."""
    venv = tmp_path / "venv"
    venv.mkdir()
    _fake_quarto(venv, "1.9.38")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    assert quarto.quarto_exe() == str(venv / "quarto")


@pytest.mark.parametrize("version", ["1.8.27", "1.7", "no version here"])
def test_an_old_quarto_is_skipped_like_a_missing_one(tmp_path, monkeypatch, caplog, version):
    """One rule (README): a Quarto that cannot make the book skips the render, says why."""
    _fake_quarto(tmp_path, version)
    monkeypatch.setenv("PATH", str(tmp_path))
    caplog.set_level("INFO", logger="helpers")
    assert quarto.render(tmp_path, "x", datetime.date(2023, 6, 30)) == "quarto too old"
    exe = tmp_path / "quarto"
    if version[0].isdigit():
        assert f"Quarto {version} at {exe} is older than 1.9" in caplog.text
    else:
        assert f"The version of Quarto at {exe} could not be read" in caplog.text
    assert "environment.yml" in caplog.text


def test_the_book_pdf_carries_the_date_of_the_factsheets(tmp_path, monkeypatch, processed):
    """Two renders of one commit give the same PDF bytes: Quarto's Typst takes its
    document date from SOURCE_DATE_EPOCH, set to the date the factsheet PDFs carry: the
    day of the year's last answer (it was 1 January, before anyone had answered)."""
    exe = tmp_path / "bin" / "quarto"  # answers --version, records what render was given
    exe.parent.mkdir()
    exe.write_text(
        '#!/bin/sh\nif [ "$1" = --version ]; then echo 1.9.38; exit 0; fi\n'
        'mkdir -p "$2/_book" && echo "$SOURCE_DATE_EPOCH" > "$2/epoch"\n'
    )
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{exe.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the build's own, not the caller's
    report = tmp_path / "2023"
    report.mkdir()
    responses = pd.read_parquet(processed / "2023" / "responses.parquet")
    last = responses["ingevuld_op"].max()  # the last answer: the data's date
    assert quarto.render(report, "x", last.date()) == "rendered"
    epoch = int((report / "epoch").read_text())
    _, factsheet = batch.factsheet("GM0034", 2023, processed)
    with pikepdf.open(io.BytesIO(factsheet)) as pdf:
        created = str(pdf.docinfo["/CreationDate"])
    day = time.strftime("D:%Y%m%d000000Z", time.gmtime(epoch))
    assert created == day == last.strftime("D:%Y%m%d000000Z")


# How orange-book (Quarto 1.9's Typst book template) heads an even page: its level-1
# headings' supplement, set by a show rule inside `book` from its `supplement-chapter`
# argument, which Quarto 1.9 never passes (so "Chapter").
ORANGE_BOOK_HEAD = """#let book(body, supplement-chapter: "Chapter") = {
  set heading(numbering: "1.")
  set page(paper: "a7", header: context {
    let before = query(selector(heading.where(level: 1)).before(here()))
    let n = counter(heading).at(here()).first()
    if before != () and n > 0 {
      before.last().supplement + " " + str(n) + ". " + before.last().body
    }
  })
  show heading.where(level: 1): set heading(supplement: supplement-chapter)
  body
}
#show: book.with()
"""


def test_the_book_pdf_names_its_chapters_in_dutch():
    """_quarto.yml's include-before-body, placed by Quarto after the template's show
    rule, turns the running head's "Chapter 1." into "Hoofdstuk 1."."""
    import typst
    from pdfs import page_texts

    (include,) = chapters.load_quarto_template()["format"]["typst"]["include-before-body"]
    heads = {}
    for rule in ("", include["text"]):
        source = f"{ORANGE_BOOK_HEAD}{rule}\n= Inleiding\n#lorem(300)\n"
        text = " ".join(page_texts(typst.compile(source.encode())))
        heads[rule] = {w for w in ("Chapter", "Hoofdstuk") if f"{w} 1. Inleiding" in text}
    assert heads == {"": {"Chapter"}, include["text"]: {"Hoofdstuk"}}


def test_the_quarto_floor_is_read_from_quarto_required():
    assert quarto.required_quarto({"quarto-required": ">= 1.9.38"}) == (1, 9, 38)
    for bad in ("1.9", "^1.9", None):
        with pytest.raises(ValueError, match="quarto-required"):
            quarto.required_quarto({"quarto-required": bad} if bad else {})


# --- what is out of date: content digests ----------------------------------------------


def test_the_data_step_runs_when_its_inputs_changed_and_only_then(tmp_path, monkeypatch):
    """The digest of data/raw and helpers.data decides, not a file's time; the data step
    stamps what it writes, so tables made by `make data` count as up to date."""
    runs = []

    def process(cmd, **kw):  # stands in for `python -m helpers.data.process YEAR...`
        runs.append(cmd[cmd.index("helpers.data.process") + 1 : cmd.index("--processed")])
        for y in runs[-1]:
            (tmp_path / y).mkdir(exist_ok=True)
            (tmp_path / y / "meta.json").write_text("{}")
            stamp.write(int(y), tmp_path, stamp.inputs())
        return book.subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(book.subprocess, "run", process)
    with pytest.raises(errors.BuildError, match=r"^no raw data for 2031 \(years in data/raw: "):
        book.ensure_processed(2031, tmp_path)  # one line, before any processing
    assert book.ensure_processed(2023, tmp_path) and runs == [["2023"]]
    assert not book.ensure_processed(2023, tmp_path) and len(runs) == 1  # up to date
    inputs = stamp.inputs()
    assert not stamp.is_stale(2023, tmp_path, inputs)
    assert stamp.is_stale(2023, tmp_path, "other inputs")
    (tmp_path / "2023" / "meta.json").unlink()  # tables gone: run again
    assert stamp.is_stale(2023, tmp_path, inputs)


# --- orchestration on tiny notebooks -----------------------------------------------------


def _notebook(path: Path, *cells: str) -> None:
    """A chapter-like notebook: a papermill `parameters` cell, then `cells`."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = 2023\nprevious_year = None\nprocessed_root = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"), params]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {
        "name": execute.KERNEL_NAME,
        "display_name": "x",
        "language": "python",
    }
    nbformat.write(nb, path)


READ_DATA = (
    "import os, time\n"
    "from pathlib import Path\n"
    "start = time.time()\n"
    "value = Path(processed_root, str(year), 'value.txt').read_text()\n"
    "time.sleep(SLEEP)\n"
    "print(year, value, os.getpid(), start, time.time())"
)


def _meet(folder: Path) -> str:
    """A cell that waits (up to a minute) until another chapter has started too: the first
    two of the chapters that run side by side meet, and the third finds them started. No
    timing is assumed, so a busy machine cannot make two chapters seem one at a time."""
    return (
        "import os, time\n"
        f"meet = Path({str(folder)!r})\n"
        "(meet / f'{os.getpid()}.started').touch()\n"
        "deadline = time.time() + 60\n"
        "while len(list(meet.glob('*.started'))) < 2 and time.time() < deadline:\n"
        "    time.sleep(0.01)\n"
        "print('met another chapter:', len(list(meet.glob('*.started'))) >= 2)"
    )


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Three tiny chapters (enough for two to run side by side, or to fail beside a good
    one), a processed folder and a reports root, all in tmp_path."""
    # The code the chapters depend on: a stand-in, so that edits to src/helpers made
    # while the tests run do not make these chapters stale.
    helpers = tmp_path / "helpers"
    helpers.mkdir()
    (helpers / "report").mkdir()
    (helpers / "report" / "style.py").write_text("WIDTH = 16\n")
    monkeypatch.setattr(stamps, "HELPERS", helpers)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    three = tuple(chapters.Chapter(n) for n in ("een", "twee", "drie"))
    for c in three:
        _notebook(notebooks / c.notebook, "SLEEP = 0", READ_DATA)
    processed = tmp_path / "processed"
    (processed / "2023").mkdir(parents=True)
    (processed / "2023" / "value.txt").write_text("42")

    def arguments(**kw) -> dict:
        return {
            "chapters": three,
            "notebooks": notebooks,
            "reports_root": tmp_path / "reports",
            "processed_root": processed,
            "data_step": False,
            "quarto": False,
            "quiet": True,
            "jobs": 1,  # one process per build; two where a test is about parallel runs
            **kw,
        }

    def run(**kw):
        return book.build(2023, **arguments(**kw))

    run.arguments = arguments  # of book.build, for a build in a process of its own
    run.chapters, run.notebooks, run.processed = three, notebooks, processed
    run.helpers = helpers
    run.report = tmp_path / "reports" / "2023"
    return run


def _printed(nb_path: Path) -> list[str]:
    """The lines a notebook printed. A cell's stdout can arrive as several stream outputs
    (the kernel flushes on a timer, mid-line under load), so they are joined first."""
    nb = nbformat.read(nb_path, as_version=4)
    cells = ["".join(o.get("text", "") for o in c.get("outputs", [])) for c in nb.cells]
    return [line for text in cells for line in text.splitlines()]


@pytest.mark.slow
def test_chapters_run_on_two_kernels_at_once_with_injected_parameters(tiny):
    meet = tiny.processed.parent / "meet"  # where the chapters say they have started
    meet.mkdir()
    for c in tiny.chapters:  # the first two wait for each other; the third finds them
        _notebook(tiny.notebooks / c.notebook, "SLEEP = 0", READ_DATA, _meet(meet))
    res = tiny(jobs=2)
    assert sorted(res.executed) == sorted(c.name for c in tiny.chapters)
    runs = []
    for c in tiny.chapters:
        (line,) = [t for t in _printed(tiny.report / c.notebook) if t.startswith("2023 42")]
        _, _, pid, start, end = line.split()
        runs.append((int(pid), float(start), float(end)))
        nb = nbformat.read(tiny.report / c.notebook, as_version=4)
        injected = [x for x in nb.cells if "injected-parameters" in x.metadata.get("tags", [])]
        # relative to the notebooks' folder, the kernel's working directory: no machine path
        (rel,) = re.findall(r'^processed_root = "(.+)"$', injected[0].source, re.M)
        assert not Path(rel).is_absolute()
        assert (tiny.notebooks / rel).resolve() == tiny.processed.resolve()
        assert injected[0].id == "injected-parameters"
        # of what papermill records only the parameters: no times, durations or paths
        assert nb.metadata.papermill == {"parameters": {"processed_root": rel, "year": 2023}}
        assert not [x for x in nb.cells if {"papermill", "execution"} & set(x.metadata)]
    assert len({pid for pid, _, _ in runs}) == len(tiny.chapters)  # a kernel per chapter
    for c in tiny.chapters:  # each met another one (one at a time, the first waits alone)
        assert "met another chapter: True" in _printed(tiny.report / c.notebook), c.name


@pytest.mark.slow
def test_every_chapter_runs_in_a_fresh_kernel(tiny):
    """Nothing of another chapter is left in a chapter's kernel, execution counts
    start at 1."""
    two = tiny.chapters[:2]  # enough to tell two kernels apart
    probe = (
        "import os\nprint('pid', os.getpid(), 'leak' in globals(), 'value' in globals())\nleak = 1"
    )
    for c in two:
        _notebook(tiny.notebooks / c.notebook, "SLEEP = 0", READ_DATA, probe)
    tiny(chapters=two)  # one process
    pids = set()
    for c in two:
        nb = nbformat.read(tiny.report / c.notebook, as_version=4)
        (line,) = [t for t in _printed(tiny.report / c.notebook) if t.startswith("pid")]
        _, pid, leak, value = line.split()
        assert (leak, value) == ("False", "True")  # `value` is this chapter's own
        pids.add(pid)
        counts = [x.execution_count for x in nb.cells if x.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))
    assert len(pids) == len(two)


@pytest.mark.slow
def test_no_change_executes_nothing_and_a_change_what_depends_on_it(tiny):
    two = tiny.chapters[:2]  # one changed, one not

    def build(**kw):
        return tiny(chapters=two, **kw)

    build()
    # nothing changed: nothing executed, nothing written (how fast: `make bench`, not here)
    before = {c.name: (tiny.report / c.notebook).stat().st_mtime_ns for c in two}
    res = build()
    assert res.executed == [] and sorted(res.fresh) == sorted(before)
    after = {c.name: (tiny.report / c.notebook).stat().st_mtime_ns for c in two}
    assert after == before
    # an edited notebook: that chapter only
    _notebook(tiny.notebooks / "twee.ipynb", "SLEEP = 0", READ_DATA, "print('new cell')")
    res = build()
    assert res.executed == ["twee"] and res.reasons["twee"] == ["notebook"]
    # outputs saved into the source notebook (run in JupyterLab): nothing to do
    nb = nbformat.read(tiny.notebooks / "twee.ipynb", as_version=4)
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="new cell\n")]
    nb.cells[-1].execution_count = 3
    nbformat.write(nb, tiny.notebooks / "twee.ipynb")
    assert build().executed == []
    # the helpers code: every chapter
    (tiny.helpers / "report" / "style.py").write_text("WIDTH = 15\n")
    res = build()
    assert sorted(res.executed) == sorted(c.name for c in two)
    assert all(r == ["helpers"] for r in res.reasons.values())
    # processed data of the year: every chapter
    (tiny.processed / "2023" / "value.txt").write_text("43")
    res = build()
    assert sorted(res.executed) == sorted(c.name for c in two)
    assert all(r == ["processed"] for r in res.reasons.values())
    assert any(t.startswith("2023 43") for t in _printed(tiny.report / "een.ipynb"))
    # --force: everything again
    assert len(build(force=True).executed) == len(two)


def test_the_chapters_depend_on_every_file_their_code_reads(tmp_path, monkeypatch):
    """The codebook, the report's editorial data and the house colours are read by
    helpers.report, not part of it: changing any changes the chapters' digest (an edited
    palette redraws the figures, an edited threshold rewrites the text)."""
    processed = tmp_path / "processed"
    (processed / "2023").mkdir(parents=True)
    files = ("CODEBOOK", "REPORT_TEXT", "BRAND")
    for name in files:
        source = getattr(paths, name)
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        monkeypatch.setattr(paths, name, copy)
    before = stamps.shared_inputs(2023, processed, {})
    for name in files:
        file = getattr(paths, name)
        file.write_text(file.read_text("utf-8") + "\n# edited\n", "utf-8")
        after = stamps.shared_inputs(2023, processed, {})
        assert {k for k in after if after[k] != before[k]} == {name.lower()}
        before = after
    # a chapter added or moved: the introduction names the chapters' numbers
    monkeypatch.setattr(stamps, "CHAPTERS", stamps.CHAPTERS[::-1])
    after = stamps.shared_inputs(2023, processed, {})
    assert {k for k in after if after[k] != before[k]} == {"chapters"}


@pytest.mark.slow
def test_failing_chapters_are_all_reported_and_the_previous_report_stays(tiny):
    tiny()
    old = {p.name: p.read_bytes() for p in tiny.report.glob("*.ipynb")}
    stamp_dir = tiny.report / stamp.STAMPS
    old_stamps = {p.name: p.read_bytes() for p in stamp_dir.glob("*.json")}
    _notebook(tiny.notebooks / "twee.ipynb", "SLEEP = 0", READ_DATA, "x = 1\nx / 0")
    _notebook(
        tiny.notebooks / "drie.ipynb",
        "def check():\n    raise ValueError('geen data voor dit jaar')",
        "y = 2\nz = y\ncheck()",
    )
    (tiny.processed / "2023" / "value.txt").write_text("44")  # een is stale too

    with pytest.raises(errors.BuildError) as err:
        tiny()
    lines = err.value.lines
    twee = next(line for line in lines if "twee.ipynb" in line)
    drie = next(line for line in lines if "drie.ipynb" in line)
    # notebook, 1-based cell of the source notebook (markdown, parameters, ...), the line
    # of that cell (where a function it calls raised: the call), and the error
    assert "cell 5, line 2 [In" in twee and "ZeroDivisionError" in twee and "\n" not in twee
    assert "cell 4, line 3 [In" in drie and "ValueError: geen data voor dit jaar" in drie
    assert "left as it was" in lines[-1]
    # the previous report, stamps included, is untouched; no staging folder left behind
    assert {p.name: p.read_bytes() for p in tiny.report.glob("*.ipynb")} == old
    assert {p.name: p.read_bytes() for p in stamp_dir.glob("*.json")} == old_stamps
    assert not list(tiny.report.parent.glob(".staging-*"))
    assert (book.failed_dir(tiny.report.parent, 2023) / "twee.ipynb").exists()
    # fixed: the build goes through and picks up the new data everywhere
    _notebook(tiny.notebooks / "twee.ipynb", "SLEEP = 0", READ_DATA)
    _notebook(tiny.notebooks / "drie.ipynb", "SLEEP = 0", READ_DATA)
    assert len(tiny().executed) == len(tiny.chapters)
    assert not (book.failed_dir(tiny.report.parent, 2023) / "twee.ipynb").exists()


def test_a_mistake_undone_runs_nothing_and_leaves_no_failed_copy(tiny):
    tiny()
    source = tiny.notebooks / "twee.ipynb"
    good = source.read_bytes()
    _notebook(source, "SLEEP = 0", READ_DATA, "1 / 0")
    with pytest.raises(errors.BuildError):
        tiny()
    failed = book.failed_dir(tiny.report.parent, 2023) / "twee.ipynb"
    assert failed.exists()
    source.write_bytes(good)  # the edit reverted: the report in place is up to date again
    assert tiny().executed == []
    assert not failed.exists()


@pytest.mark.slow
def test_command_line_reports_a_failure_in_one_line_and_exits_non_zero(tiny, monkeypatch, capsys):
    _notebook(tiny.notebooks / "een.ipynb", "1 / 0")
    original = book.build

    def no_quarto(year, **kw):  # and no data step: the tiny chapters read their own file
        return original(
            year,
            chapters=tiny.chapters[:1],
            notebooks=tiny.notebooks,
            quarto=False,
            data_step=False,
            **kw,
        )

    monkeypatch.setattr(book, "build", no_quarto)
    reports, processed = str(tiny.report.parent), str(tiny.processed)
    code = cli.main(["2023", "--reports", reports, "--processed", processed, "-q", "-j", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert re.match(
        r"error: .*een\.ipynb: chapter 'een' failed in cell 3, line 1 \[In \d+\]: Zero", err[0]
    )


# a build of the tiny chapters as its own command: argv[1] holds the stand-in for the code
# and book.build's arguments (`tiny.arguments`, as JSON)
TINY_BUILD = """
import json
import sys
from pathlib import Path

from helpers import cli
from helpers.pipeline import book, stamps
from helpers.report import chapters


def main():
    given = json.loads(Path(sys.argv[1]).read_text())
    stamps.HELPERS = Path(given.pop("helpers"))
    given["chapters"] = tuple(chapters.Chapter(name) for name in given["chapters"])
    for key in ("notebooks", "reports_root", "processed_root"):
        given[key] = Path(given[key])
    book.build(2023, **given)
    return 0


if __name__ == "__main__":  # not in the workers, which import this file again (spawn)
    sys.exit(cli.run(main))
"""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the kernels end")
def test_ctrl_c_stops_the_chapters_at_once_and_leaves_the_report_as_it_was(tiny, tmp_path):
    """Ctrl-C while two chapters run (SIGINT to every process of the command, as a
    terminal sends it): one line at once, ended as by SIGINT (exit status 130 in a shell),
    not when the chapters end
    (the workers once hung on it); the report as it was, no staging folder left, and the
    kernels end too."""
    tiny()  # the report to keep
    before = {p.name: p.read_bytes() for p in tiny.report.glob("*.ipynb")}
    started = tmp_path / "started"  # a file per kernel that runs its chapter, named by pid
    started.mkdir()
    sleep = f"import os, time\nPath({str(started)!r}, str(os.getpid())).touch()\ntime.sleep(600)"
    for c in tiny.chapters:
        _notebook(tiny.notebooks / c.notebook, "from pathlib import Path", sleep)
    script, given = tmp_path / "build.py", tmp_path / "build.json"
    script.write_text(TINY_BUILD)
    arguments = tiny.arguments(jobs=2, force=True)
    arguments["chapters"] = [c.name for c in arguments["chapters"]]
    given.write_text(json.dumps({**arguments, "helpers": tiny.helpers}, default=str))
    run = [sys.executable, str(script), str(given)]
    proc = subprocess.Popen(run, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(started.iterdir())) < 2:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the chapters did not start"
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)  # a chapter sleeps 600 s
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, err.strip()) == (-signal.SIGINT, "stopped (Ctrl-C)")
    assert {p.name: p.read_bytes() for p in tiny.report.glob("*.ipynb")} == before
    assert not list(tiny.report.parent.glob(".staging-*"))
    kernels = [int(p.name) for p in started.iterdir()]
    deadline = time.monotonic() + 30  # a kernel looks for its parent every second or so
    while any(map(_alive, kernels)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, kernels))


# --- the real report (once the chapter notebooks exist) -------------------------------------

MISSING = [c.notebook for c in chapters.CHAPTERS if not (chapters.NOTEBOOKS / c.notebook).exists()]
needs_chapters = pytest.mark.skipif(
    bool(MISSING), reason=f"chapter notebook(s) not written yet: {', '.join(MISSING)}"
)


@pytest.fixture(scope="module")
def report(processed, tmp_path_factory):
    """Every chapter executed for 2023 into a temporary reports folder, one after another
    in one process (two side by side: the tiny chapters above)."""
    import matplotlib.font_manager  # noqa: F401 -- font cache built here, not in a notebook

    reports = tmp_path_factory.mktemp("reports")
    book.build(
        2023,
        reports_root=reports,
        processed_root=processed,
        jobs=1,
        data_step=False,
        render_site=False,
        quiet=True,
    )
    return reports / "2023"


@needs_chapters
def test_chapter_notebooks_have_a_parameters_cell_that_jupyterlab_runs_as_is(
    processed, monkeypatch
):
    """One cell tagged `parameters` (papermill injects the build's values after it), whose
    values as committed are those a researcher runs in JupyterLab: no year and no
    folder, which `chapter.setup` takes as the latest year in data/processed."""
    from helpers.report import chapter

    for c in chapters.CHAPTERS:
        nb = nbformat.read(chapters.NOTEBOOKS / c.notebook, as_version=4)
        params = [x for x in nb.cells if "parameters" in x.metadata.get("tags", [])]
        assert len(params) == 1, f"{c.notebook}: one cell tagged `parameters`"
        values: dict = {}
        exec(params[0].source, {}, values)
        assert values == {"year": None, "processed_root": None}, c.notebook
    monkeypatch.setattr(paths, "PROCESSED", processed)
    monkeypatch.setattr(chapter, "show", lambda *a: None)  # the synthetic-data notice
    latest = max(int(p.parent.name) for p in processed.glob("[0-9]*/meta.json"))
    assert chapter.setup(None, None).folder == processed / str(latest)


# a figure shown as Markdown (helpers.report.figures.show): ![caption](image){#fig-label ...}
MARKDOWN_FIGURE = re.compile(
    r"!\[[^\]]*\]\((?:data:image/|[^)\s]+\.(?:png|svg))[^)]*\)\{#(fig-[\w-]+)"
)
# an image attribute width/height without a unit: Typst rejects it (quarto-cli#10217)
UNITLESS_SIZE = re.compile(r"\{#[^}]*\b(?:width|height)=\"?\d+(?:\.\d+)?\"?(?=[\s}])")


def figure_labels(nb) -> list[str]:
    """Labels of the cross-referenceable figures among a notebook's outputs: Markdown
    figures (`![..](..){#fig-..}`) and image outputs of cells with `#| label: fig-..`."""
    labels = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        for out in outputs:
            labels += MARKDOWN_FIGURE.findall(out.get("data", {}).get("text/markdown", ""))
        label = re.search(r"^#\|\s*label:\s*(fig-\S+)", cell.source, re.M)
        if label and any(set(o.get("data", {})) & set(IMAGE_TYPES) for o in outputs):
            labels.append(label.group(1))
    return labels


def test_figure_labels_are_found_in_markdown_and_image_outputs():
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_code_cell('figures.show(t, "week_deelname")')
    md.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/markdown": '![Week](data:image/png;base64,iVBO=){#fig-week width="100%"}'},
        )
    ]
    img = nbformat.v4.new_code_cell("#| label: fig-kaart\n#| fig-cap: Kaart\nplot()")
    img.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBO="})]
    nb.cells = [md, img, nbformat.v4.new_code_cell("#| label: fig-leeg\nx = 1")]
    assert figure_labels(nb) == ["fig-week", "fig-kaart"]
    assert not UNITLESS_SIZE.search(md.outputs[0].data["text/markdown"])
    assert UNITLESS_SIZE.search('![a](b.png){#fig-a width="640"}')
    assert UNITLESS_SIZE.search("![a](b.png){#fig-a height=480 fig-alt='x'}")


@pytest.mark.slow
@needs_chapters
def test_executed_report_has_all_figures_and_no_errors_or_warnings(report):
    labels, problems = [], []
    for c in chapters.CHAPTERS:
        nb = nbformat.read(report / c.notebook, as_version=4)
        for i, cell in enumerate(nb.cells, 1):
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    problems.append(f"{c.notebook} cell {i}: {out.ename}: {out.evalue}")
                if out.output_type == "stream" and out.name == "stderr":
                    problems.append(f"{c.notebook} cell {i}: stderr: {out.text[:200]}")
                if UNITLESS_SIZE.search(out.get("data", {}).get("text/markdown", "")):
                    problems.append(f"{c.notebook} cell {i}: Markdown image size without unit")
                for mime, meta in out.get("metadata", {}).items():
                    for key in ("width", "height"):
                        if isinstance(meta, dict) and quarto._inches(meta.get(key)) is not None:
                            problems.append(f"{c.notebook} cell {i}: unitless {mime} {key}")
        labels += figure_labels(nb)
    assert problems == []
    assert len(labels) == len(set(labels)), "figure labels must be unique for cross-references"
    assert len(labels) == N_FIGURES, f"{len(labels)} labelled figures: {labels}"


@pytest.mark.slow
@needs_chapters
def test_executed_chapters_read_without_quarto_markup_in_jupyterlab(report):
    """JupyterLab shows text/html first: every Markdown output has one, free of Quarto
    syntax, and Quarto (after quarto/lab_view_filter.py) gets the Markdown alone."""
    from test_display import QUARTO_MARKUP, _filter

    bare, markup = [], []
    for c in chapters.CHAPTERS:
        nb = json.loads((report / c.notebook).read_text("utf-8"))
        for i, cell in enumerate(nb["cells"], 1):
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/markdown" not in data:
                    continue
                if "text/html" not in data:
                    bare.append(f"{c.notebook} cell {i}")
                elif any(m in data["text/html"] for m in QUARTO_MARKUP):
                    markup.append(f"{c.notebook} cell {i}")
        filtered = _filter().markdown_only(nb)
        assert not any(
            "text/html" in o.get("data", {}) and "text/markdown" in o.get("data", {})
            for cell in filtered["cells"]
            for o in cell.get("outputs", [])
        )
    assert bare == [] and markup == []


@pytest.mark.slow
@needs_chapters
@pytest.mark.skipif(quarto.quarto_exe() is None, reason="Quarto not installed")
def test_quarto_renders_website_and_pdf(report, processed):
    (report / "factsheets").mkdir(exist_ok=True)
    (report / "factsheets" / "GM0000.qmd").write_text("# Factsheet\n")
    res = book.build(
        2023,
        reports_root=report.parent,
        processed_root=processed,
        data_step=False,
        quiet=True,
    )
    assert res.executed == [] and res.site == "rendered"
    site = report / "_book"
    assert (site / "index.html").exists()
    for c in chapters.CHAPTERS:
        assert (site / f"{c.name}.html").exists()
    assert (site / "benchmark-een-tegen-eenzaamheid-2023.pdf").exists()
    assert not list(site.rglob("GM0000*")), "factsheets must never be on the site"
    again = book.build(
        2023, reports_root=report.parent, processed_root=processed, data_step=False, quiet=True
    )
    assert again.site == "site up to date"


def test_the_project_kernel_is_this_environment():
    """The kernel papermill starts (and `make lab` registers) runs this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager

    execute.ensure_kernel()
    spec = KernelSpecManager().get_kernel_spec(execute.KERNEL_NAME)
    assert spec.argv[0] == sys.executable


def _markdown_text(report: Path) -> str:
    """The computed prose of the executed chapters (Markdown outputs) without what restates
    every count: images, figure attributes (alt text) and tables."""
    text = []
    for c in chapters.CHAPTERS:
        nb = nbformat.read(report / c.notebook, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                md = out.get("data", {}).get("text/markdown", "")
                md = re.sub(r"!\[[^\]]*\]\([^)]*\)|\{#fig-[^}]*\}", "", md)
                text += [line for line in md.splitlines() if not line.lstrip().startswith("|")]
    return "\n".join(text)


# Numbers of the published 2023 report, each in the words of the chapter that states it
# (a bare "13%" would be found somewhere in any report).
PUBLISHED_PHRASES = [
    "Dit jaar hebben 174 gemeenten meegedaan aan de benchmark (66% response rate)",
    "Van de 262 gemeenten die in 2023 zijn uitgenodigd",
    "waren er 162 gemeenten die de vragenlijst hadden ingevuld (62%)",
    "153 gemeenten (89%) in 2023 meedoen aan de landelijke Week tegen Eenzaamheid",
    "de 118 gemeenten die zowel in 2022 als 2023",
    "In 2023 zijn dat 46% van de gemeenten",
    "dan valt het op dat 6%-punt meer gemeenten een signaalpunt",
    "79% van de gemeenten maakt gebruik van de adviseurs",
    "allebei met 11%-punt is gestegen",
    "al weinig bekendheid (33% onbekend)",
    "ongeveer gelijk gebleven in 2023 (35% onbekend)",
    "18% van de gemeenten heeft het thema eenzaamheid",
    "In 2023 heeft 37% van de gemeenten een wethouder",
    "voor de aanpak van eenzaamheid (was 34% in 2022)",
    "Van de gemeenten heeft 43% in 2023 een door B&W geaccordeerd uitvoeringsplan",
    "een structureel budget voor eenzaamheid iets gedaald (34%; was 37% in 2022)",
    "dit wordt door 91% van de gemeenten gedaan",
    "In 2023 heeft 83% van de gemeenten een lokale coalitie",
    "vergelijkbaar met 2022 (82%)",
    "14% van de gemeenten is de samenwerking aan het",
    "71% van de gemeenten heeft een kartrekker",
    "maar in 2021 had nog 82% van de gemeenten een kartrekker aangewezen",
    "89% van de gemeenten legt bijvoorbeeld huisbezoeken af",
    "Toch worden bij 61% van de gemeenten eenzame mensen",
    "best practices ‘uit andere gemeente’ (47%)",
    "‘uit onderzoeken van ZonMw’ (13% in 2023, 34% in 2022)",
    "68% van de gemeenten evalueert en monitort",
    "“werken aan een duurzame aanpak” (70% in 2022, 57% in 2023)",
    "(49% in 2022, 71% in 2023)",
    "bij 13 van de 35 keer",
]


@pytest.mark.slow
@needs_chapters
@pytest.mark.synthetic_data
def test_executed_report_states_the_published_numbers(report):
    prose = _markdown_text(report)
    missing = [p for p in PUBLISHED_PHRASES if p not in prose]
    assert missing == []


@pytest.mark.slow
@needs_chapters
def test_an_earlier_year_builds_and_says_what_was_not_asked(processed, tmp_path):
    reports = tmp_path / "reports"
    book.build(
        2022,
        reports_root=reports,
        processed_root=processed,
        jobs=1,
        data_step=False,
        render_site=False,
        quiet=True,
    )
    errors = [
        (c.notebook, out.get("ename"))
        for c in chapters.CHAPTERS
        for cell in nbformat.read(reports / "2022" / c.notebook, as_version=4).cells
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    ]
    assert errors == []
    prose = _markdown_text(reports / "2022")
    # the doelgroepen question started in 2023: a sentence instead of Figuur 16
    assert "doelgroepen?” maakt pas sinds 2023 deel uit van de vragenlijst" in prose
    assert "162 gemeenten" in prose


@pytest.mark.parametrize(
    "module, run_as",
    [
        ("helpers.pipeline.__main__", "helpers.pipeline"),
        ("helpers.data.process", "helpers.data.process"),
        ("helpers.data.synthetic", "helpers.data.synthetic"),
        ("helpers.factsheets.__main__", "helpers.factsheets"),
        ("helpers.monitor.__main__", "helpers.monitor"),
        ("helpers.delivery.__main__", "helpers.delivery"),
        ("helpers.publish.__main__", "helpers.publish"),
        ("helpers.report.figures.previews", "helpers.report.figures"),
    ],
)
def test_every_step_names_itself_in_its_help(module, run_as, capsys):
    """`--help` says how to run the step, not "__main__.py" (argparse before 3.14)."""
    import importlib

    with pytest.raises(SystemExit) as done:
        importlib.import_module(module).main(["--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m {run_as} ")


def test_the_makefile_reads_the_kernel_name_from_the_code():
    """The Makefile's kernel (for nbval and its target) is execute.KERNEL_NAME, read with
    sed: a line written otherwise stops make with a message, not an empty name."""
    done = subprocess.run(
        ["make", "-pn", "help"], cwd=paths.ROOT, capture_output=True, text=True, check=True
    )
    (name,) = re.findall(r"^KERNEL_NAME := (.*)$", done.stdout, re.M)
    assert name == execute.KERNEL_NAME
