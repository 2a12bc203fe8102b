"""A new year is a data drop.

A 2024 export is made here from the 2023 one (other respondents, other answers, another
invited list; Windows-1252 with CRLF line ends, no synthetic.json) and dropped into the
raw folder of a fresh copy of the repository's data and notebooks. The commands a user
runs then build it with no code or codebook change: the data step, the report chapters
and factsheets. The numbers are checked against counts made here from the export itself.

A second copy, in a folder of another depth, gets a broken 2025 folder beside the new
year: the 2024 report builds there all the same (its data step included), the build
without a year says why it cannot, and the 2024 tables, report and factsheets, built
there with the year given, one kernel and one factsheet thread, have the same bytes as
those of the first copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import paths
from helpers.data import codebook, registers

pytestmark = pytest.mark.slow
YEAR = 2024
COPIED = ["data/raw", "notebooks", "quarto", "_quarto.yml", "pyproject.toml", "requirements.lock"]


def make_export(raw: Path) -> dict:
    """Write raw/2024/ from raw/2023/; return what the test expects of it."""
    cb = codebook.load()
    read = dict(sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    export = pd.read_csv(raw / "2023" / cb.export_file(2023), **read)
    invited = pd.read_csv(raw / "2023" / cb.invited_file(2023), **read)
    register = registers.municipality_register(YEAR)

    # Another invited list: 3 non-respondents of 2023 no longer, 4 municipalities newly.
    non_respondents = invited[~invited["gemeentecode"].isin(export["gemeentecode"])]
    new = register[~register["gemeentecode"].isin(invited["gemeentecode"])].iloc[:4]
    invited = pd.concat(
        [invited.drop(non_respondents.index[:3]), new[["gemeentecode", "gemeentenaam"]]]
    )
    # Other respondents: every 15th drops out, 3 of the new ones answer (answers borrowed).
    export = export.drop(export.index[::15])
    joined = export.iloc[:3].copy()
    joined[["gemeentecode", "gemeentenaam"]] = new[["gemeentecode", "gemeentenaam"]].iloc[:3].values
    export = pd.concat([export, joined], ignore_index=True)
    # Other answers: every 7th municipality changes its answer on the Week tegen Eenzaamheid.
    flip = export.index % 7 == 0
    export.loc[flip, "week_deelname"] = export.loc[flip, "week_deelname"].replace(
        {"1": "2", "2": "1"}
    )
    export["ingevuld_op"] = export["ingevuld_op"].str.replace("2023-", "2024-", regex=False)

    folder = raw / str(YEAR)
    folder.mkdir()
    write = dict(sep=";", index=False, lineterminator="\r\n", encoding="cp1252")
    export.to_csv(folder / cb.export_file(YEAR), **write)
    invited.to_csv(folder / cb.invited_file(YEAR), **write)

    week = export["week_deelname"][export["week_deelname"] != ""]
    provinces = export["gemeentecode"].map(register.set_index("gemeentecode")["provincienaam"])
    return {
        "invited": len(invited),
        "responded": len(export),
        "week_yes": int((week == "1").sum()),
        "week_n": len(week),
        "respondents": export,
        "provinces": provinces.value_counts().to_dict(),
        "new": list(new["gemeentecode"].iloc[:3]),
    }


def make_root(root: Path) -> Path:
    """A copy of what a clone holds besides the code (the package is installed)."""
    for name in COPIED:
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


def run(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "EEN_ROOT": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=root, env=env, capture_output=True, text=True
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


BROKEN = YEAR + 1  # a year folder holding an .xls workbook (refused) and no invited list


@dataclass
class Built:
    first: Path  # built as a user does: no YEAR anywhere
    second: Path  # another depth, a broken year beside the new one, YEAR given, one worker
    expected: dict
    sample: list[str]
    steps: dict[str, subprocess.CompletedProcess]  # the second copy's commands


@pytest.fixture(scope="module")
def built(mirror, tmp_path_factory) -> Built:
    """The repository's data with the new year, built in two folders of different depth."""
    first = make_root(tmp_path_factory.mktemp("clone"))
    second = make_root(tmp_path_factory.mktemp("another") / "deeper" / "clone")
    expected = make_export(first / "data" / "raw")
    make_export(second / "data" / "raw")
    sample = expected["new"][:1] + list(expected["respondents"]["gemeentecode"].iloc[[5, 60]])

    run(first, "helpers.data.process")
    run(first, "helpers.pipeline", "--no-render", "--quiet")  # no YEAR: the latest in data/raw
    run(first, "helpers.factsheets", "--only", *sample, "--no-progress")  # no --year either

    broken = second / "data" / "raw" / str(BROKEN)
    broken.mkdir()
    (broken / f"benchmark_{BROKEN}.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    steps = {  # the report's data step processes the years up to 2024, beside the broken one
        "report": run(second, "helpers.pipeline", str(YEAR), "--no-render", "--jobs", "1"),
        "latest": run(second, "helpers.pipeline", "--no-render", check=False),
    }
    steps["factsheets"] = run(
        second, "helpers.factsheets", "--year", str(YEAR), "--only", *sample, "--workers", "1"
    )
    return Built(first, second, expected, sample, steps)


def _text(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(
        out.get("data", {}).get("text/markdown", "")
        for cell in nb.cells
        for out in cell.get("outputs", [])
    )


def _pct(count: int, n: int) -> int:
    return int(Decimal(100 * count / n).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_the_new_year_is_processed_from_the_export(built):
    root, expected = built.first, built.expected
    processed = root / "data" / "processed" / str(YEAR)
    rates = pd.read_parquet(processed / "response_rates.parquet").set_index("year")
    assert rates.loc[YEAR, "invited"] == expected["invited"]
    assert rates.loc[YEAR, "responded"] == expected["responded"]
    week = pd.read_parquet(processed / "question_week_deelname.parquet")
    row = week.query("year == @YEAR and population == 'alle' and code == 1").iloc[0]
    assert (row["count"], row["n"]) == (expected["week_yes"], expected["week_n"])
    responses = pd.read_parquet(processed / "responses.parquet")
    assert set(responses["gemeentecode"]) == set(expected["respondents"]["gemeentecode"])


def test_the_report_states_the_new_numbers(built):
    root, expected = built.first, built.expected
    report = root / "reports" / str(YEAR)
    respons = _text(report / "respons.ipynb")
    invited, responded = expected["invited"], expected["responded"]
    assert f"Van de {invited} gemeenten die in {YEAR} zijn uitgenodigd" in respons
    assert f"hebben {responded} respondenten de vragenlijst ingevuld" in respons
    yes, n = expected["week_yes"], expected["week_n"]
    assert f"{yes} gemeenten ({_pct(yes, n)}%) in {YEAR}" in _text(report / "actielijnen.ipynb")
    # a real export is never called synthetic; the comparison years still are
    assert f"de cijfers van {YEAR} zijn synthetisch" not in respons
    assert "de vergelijkingsjaren 2019, 2020, 2021, 2022 en 2023 zijn synthetisch" in respons


def test_the_factsheets_name_the_municipality_from_the_register(built):
    root, expected, sample = built.first, built.expected, built.sample
    register = registers.municipality_register(YEAR).set_index("gemeentecode")
    folder = root / "reports" / str(YEAR) / "factsheets"
    written = sorted(p.name for p in folder.glob("*.pdf"))
    assert len(written) == len(sample)
    total = expected["responded"]
    for code in sample:
        name = register.loc[code, "gemeentenaam"]
        province = register.loc[code, "provincienaam"]
        (html,) = folder.glob(f"{code}-*.html")
        text = html.read_text("utf-8")
        assert f"<h1>Factsheet {name}</h1>" in text
        others = expected["provinces"][province] - 1
        assert f"samen met {total - 1} andere gemeenten ({others} in {province})" in text


def test_two_folders_give_the_same_bytes(built):
    trees = []
    for root in (built.first, built.second):
        outputs = sorted(
            p
            for base in ("data/processed", "reports")
            for p in (root / base).rglob("*")
            if p.is_file() and ".build" not in p.parts and "logs" not in p.parts  # diagnostics
        )
        trees.append({p.relative_to(root).as_posix(): p.read_bytes() for p in outputs})
        for rel, data in trees[-1].items():
            assert str(root).encode() not in data, f"{rel} holds the machine path {root}"
    assert sorted(trees[0]) == sorted(trees[1])
    different = [rel for rel in trees[0] if trees[0][rel] != trees[1][rel]]
    assert different == []
    assert any(rel.endswith(".png") or rel.endswith(".ipynb") for rel in trees[0])


def test_a_broken_year_folder_holds_back_only_itself(built):
    root, steps = built.second, built.steps
    # the report of the year before builds, its data step included (the bytes of both:
    # test_two_folders_give_the_same_bytes)
    assert f"data: processing 2019, 2020, 2021, 2022, 2023, {YEAR}" in steps["report"].stdout
    assert f"report {YEAR}: executed 6, 0 up to date" in steps["report"].stdout
    # without a year the build takes the latest, and says why it cannot
    latest = steps["latest"]
    workbook = f"data/raw/{BROKEN}/benchmark_{BROKEN}.xls"  # relative to the repository
    assert latest.returncode == 1
    assert f"error: {workbook}: an Excel 97-2003 workbook (.xls) is not accepted" in latest.stderr
    assert f"error: not processed: {BROKEN}" in latest.stderr
    assert f"uitgenodigd_{BROKEN}.csv: missing file" in (root / "reports/logs/data.log").read_text()
    assert "error: data step failed" in latest.stderr
