"""Factsheet per municipality: helpers.factsheets and notebooks/factsheet.ipynb.

Expected numbers are computed here from responses.parquet (counts of answer codes),
independently of helpers.factsheets, and compared with the factsheet's tables, its
markdown and the executed notebooks that the batch writes.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from helpers import paths
from helpers.data import codebook, process
from helpers.factsheets import batch, markdown, model, quarto, summary
from helpers.factsheets.__main__ import main
from helpers.report import fmt

pytestmark = pytest.mark.synthetic_data  # numbers of the shipped synthetic exports

YEAR = 2023


# --- data and the sample of municipalities ------------------------------------------------


@pytest.fixture(scope="module")
def responses(processed) -> pd.DataFrame:
    return pd.read_parquet(processed / str(YEAR) / "responses.parquet")


@pytest.fixture(scope="module")
def previous(processed) -> pd.DataFrame:
    return pd.read_parquet(processed / str(YEAR - 1) / "responses.parquet").set_index(
        "gemeentecode"
    )


def _by_province(responses) -> pd.Series:
    return responses["provincienaam"].value_counts()


@pytest.fixture(scope="module")
def sample(responses) -> dict[str, str]:
    """Named municipalities: in the largest and the smallest province, in and out of panel."""
    sizes = _by_province(responses)
    first = responses.sort_values("gemeentecode")
    pick = {
        "large_province": first[first["provincienaam"] == sizes.index[0]].iloc[0],
        "small_province": first[first["provincienaam"] == sizes.index[-1]].iloc[0],
        "panel": first[first["in_panel"]].iloc[-1],
        "not_panel": first[~first["in_panel"]].iloc[-1],
    }
    return {k: row["gemeentecode"] for k, row in pick.items()}


def expected(responses, column: str, code: int, province: str | None = None) -> tuple[int, int]:
    """(count giving `code`, count answering) among all respondents or one province."""
    sel = responses if province is None else responses[responses["provincienaam"] == province]
    answered = sel[column].dropna()
    return int((answered == code).sum()), len(answered)


def test_sample_has_a_small_province(responses):
    """The data hold a province with fewer than MIN_OTHERS + 1 respondents (suppressed)."""
    sizes = _by_province(responses)
    assert sizes.min() <= model.MIN_OTHERS, sizes.to_dict()
    assert sizes.max() > model.MIN_OTHERS + 1


# --- the tables of one factsheet ------------------------------------------------------------


@pytest.mark.parametrize("which", ["large_province", "small_province", "panel", "not_panel"])
def test_shares_and_disclosure_match_responses(processed, responses, sample, which):
    code = sample[which]
    fs = model.build(code, YEAR, processed)
    me = responses.set_index("gemeentecode").loc[code]
    province = me["provincienaam"]
    assert (fs.naam, fs.provincie, fs.in_panel) == (me["gemeentenaam"], province, me["in_panel"])
    assert fs.respondents == len(responses)
    assert fs.respondents_province == int((responses["provincienaam"] == province).sum())
    rows = fs.rows.set_index("column")
    for s in fs.shares.itertuples():
        count, n = expected(responses, s.column, s.code)
        assert (s.count_nation, s.n_nation) == (count, n), s
        assert s.pct_nation == pytest.approx(100 * count / n)
        own_answered = pd.notna(me[s.column])
        assert s.own == (own_answered and int(me[s.column]) == s.code)
        count_p, n_p = expected(responses, s.column, s.code, province)
        others = n_p - own_answered
        neighbours = responses[
            (responses["provincienaam"] == province) & (responses["gemeentecode"] != code)
        ]
        distinct = neighbours[s.column].dropna().nunique()
        shown = others >= model.MIN_OTHERS and distinct >= model.MIN_DISTINCT
        assert bool(rows.loc[s.column, "province_shown"]) == shown, s
        assert rows.loc[s.column, "others_province"] == others
        if shown:
            assert (s.count_province, s.n_province) == (count_p, n_p)
            assert s.pct_province == pytest.approx(100 * count_p / n_p)
        else:  # suppressed figures are not even kept
            assert pd.isna(s.count_province) and pd.isna(s.pct_province)


def test_own_answers_and_changes(processed, responses, previous, sample):
    code = sample["panel"]
    fs = model.build(code, YEAR, processed)
    now = responses.set_index("gemeentecode").loc[code]
    before = previous.loc[code]
    assert fs.in_panel
    for r in fs.rows.itertuples():
        value = now[r.column]
        assert (pd.isna(r.own_code) and pd.isna(value)) or r.own_code == value
        old = before.get(r.column, pd.NA)
        assert (pd.isna(r.previous_code) and pd.isna(old)) or r.previous_code == old
        both = pd.notna(value) and pd.notna(old)
        assert r.changed == (both and int(value) != int(old))
        if r.changed:
            assert r.change == f"{r.previous} → {r.own}"
    n_changed = int(fs.rows["changed"].sum())
    assert any(
        f"veranderde uw antwoord bij {n_changed} van de" in line for line in summary.sentences(fs)
    )


@pytest.fixture(scope="module")
def every_factsheet(processed, responses) -> dict:
    """The factsheet of every respondent, built in-process once for the tests that need all."""
    return {code: model.build(code, YEAR, processed) for code in responses["gemeentecode"]}


def test_no_change_from_an_answer_to_itself(every_factsheet):
    """Every respondent: a change 'a → b' has a != b (e.g. not 'niet van toepassing' twice)."""
    for code, fs in every_factsheet.items():
        for change in fs.rows["change"]:
            if "→" in change:
                before, after = change.split(" → ")
                assert before != after, (code, change)


def test_not_in_panel_says_so(processed, sample):
    fs = model.build(sample["not_panel"], YEAR, processed)
    assert not fs.in_panel
    assert (fs.rows["change"] == "").all()
    assert any(f"in {YEAR - 1} niet mee" in line for line in summary.sentences(fs))
    assert "→" not in "\n".join(markdown.topic(fs, t) for t in fs.topic_ids())


def test_summary_counts(processed, responses, sample):
    code = sample["large_province"]
    fs = model.build(code, YEAR, processed)
    province = fs.provincie
    others = int((responses["provincienaam"] == province).sum()) - 1
    assert summary.sentences(fs)[0] == (
        f"Uw gemeente deed in {YEAR} mee aan de benchmark, samen met "
        f"{len(responses) - 1} andere gemeenten ({others} in {province})."
    )


# --- the markdown tables: every cell against the responses ---------------------------------


def _parse_tables(text: str) -> dict[str, list[str]]:
    """{row label: [own answer, option cells...]} of the pipe tables in `text`."""
    lines = text.splitlines()
    out, chunks = {}, [slice(0, None)]
    for i, line in enumerate(lines):
        if not line.startswith("| "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if i + 1 < len(lines) and lines[i + 1].startswith("|:-"):  # a header row
            paired = len(cells) == 6 and cells[3].startswith("*")
            chunks = [slice(0, 3), slice(3, 6)] if paired else [slice(0, None)]
            continue
        for chunk in chunks:
            part = cells[chunk]
            if part and part[0]:
                out[part[0].removesuffix(" †")] = part[1:]
    return out


def _expected_cells(fs, responses, unit_row, cb) -> list[str]:
    q = cb.questions[unit_row.question]
    own = f"**{unit_row.own}**" if pd.notna(unit_row.own_code) else unit_row.own
    if "→" in unit_row.change:
        own = f"{unit_row.previous} → {own}"
    codes = [1] if q.type == "multiple" else [o.code for o in q.options]
    cells = [own]
    for code in codes:
        count, n = expected(responses, unit_row.column, code)
        nation = fmt.pct(100 * count / n)
        if not fs.province_any:
            text = nation
        elif unit_row.province_shown:
            c, m = expected(responses, unit_row.column, code, fs.provincie)
            text = f"{fmt.pct(100 * c / m)}\u00a0({nation})"
        else:
            text = f"–\u00a0({nation})"
        own_code = unit_row.own_code
        cells.append(f"**{text}**" if pd.notna(own_code) and own_code == code else text)
    return cells


@pytest.mark.parametrize("which", ["large_province", "small_province", "panel"])
def test_markdown_tables_show_the_expected_numbers(processed, responses, sample, which):
    fs = model.build(sample[which], YEAR, processed)
    cb = codebook.load()
    for topic in fs.topic_ids(exclude=["uitdagingen"]):
        table = _parse_tables(markdown.topic(fs, topic))
        rows = fs.rows[fs.rows["topic"] == topic]
        assert len(table) == len(rows), topic
        for r in rows.itertuples():
            assert table[r.label.replace("|", "\\|")] == _expected_cells(fs, responses, r, cb), (
                topic,
                r.label,
            )


def test_small_province_shows_only_national_figures(processed, responses, sample):
    fs = model.build(sample["small_province"], YEAR, processed)
    assert not fs.province_any
    assert fs.shares["pct_province"].isna().all()
    text = "\n".join(markdown.topic(fs, t) for t in fs.topic_ids())
    assert fs.provincie not in text  # no province column at all
    assert any("te weinig andere gemeenten" in line for line in summary.sentences(fs))
    assert f"heel {model.NATIONAL}" in markdown.legend(fs)


@pytest.fixture
def thinned(processed, responses, tmp_path):
    """Processed tables of an export where, in one province, two questions lose answers so
    that exactly MIN_OTHERS - 1 (kartrekker) and exactly MIN_OTHERS (betrekken_beleid)
    other municipalities answered them: the first is suppressed, the second just shown."""
    sizes = _by_province(responses)
    province = sizes[sizes >= model.MIN_OTHERS + 2].index[-1]
    members = responses[responses["provincienaam"] == province].sort_values("gemeentecode")
    target = members["gemeentecode"].iloc[0]
    exports = {year: process.load_export(year) for year in (YEAR - 1, YEAR)}
    for column, keep in (
        ("kartrekker", model.MIN_OTHERS - 1),
        ("betrekken_beleid", model.MIN_OTHERS),
    ):
        others = members[members["gemeentecode"] != target]
        answered = others.loc[others[column].notna(), "gemeentecode"]
        assert len(answered) >= keep and pd.notna(members[column].iloc[0])
        exports[YEAR].loc[answered.iloc[keep:], column] = pd.NA
    root = tmp_path / "processed"
    shutil.copytree(processed / str(YEAR - 1), root / str(YEAR - 1))
    process.write(YEAR, process.build(YEAR, paths.RAW, exports), root)
    return root, target, pd.read_parquet(root / str(YEAR) / "responses.parquet")


def test_partial_suppression_at_the_boundary(thinned):
    root, target, data = thinned
    fs = model.build(target, YEAR, root)
    rows = fs.rows.set_index("column")
    assert rows.loc["kartrekker", "others_province"] == model.MIN_OTHERS - 1
    assert not rows.loc["kartrekker", "province_shown"]
    assert rows.loc["betrekken_beleid", "others_province"] == model.MIN_OTHERS
    assert rows.loc["betrekken_beleid", "province_shown"]
    assert fs.province_any
    hidden = fs.shares[fs.shares["column"] == "kartrekker"]
    assert hidden["pct_province"].isna().all() and hidden["count_province"].isna().all()
    for s in fs.shares[fs.shares["column"] == "betrekken_beleid"].itertuples():
        shown = expected(data, s.column, s.code, fs.provincie)
        assert (s.count_province, s.n_province) == shown
        assert s.n_province == model.MIN_OTHERS + 1  # the municipality and 5 others
    text = markdown.topic(fs, "pijler2")
    label = rows.loc["kartrekker", "label"]
    line = next(x for x in text.splitlines() if x.startswith(f"| {label}"))
    assert line.startswith(f"| {label} † |") and "| –\u00a0(" in line
    count, n = expected(data, "kartrekker", 1)
    assert f"–\u00a0({fmt.pct(100 * count / n)})" in line
    assert any("aantal te klein" in x for x in summary.sentences(fs))
    assert f"†: {model.TOO_SMALL}" in markdown.legend(fs)


@pytest.fixture
def alike(processed, responses, tmp_path):
    """Processed tables of an export where, in a province with enough respondents, every
    other municipality gave the same answer to kartrekker, and all but one the same
    answer to betrekken_beleid: the group-disclosure rule at its boundary."""
    sizes = _by_province(responses)
    province = sizes[sizes >= model.MIN_OTHERS + 2].index[-1]
    members = responses[responses["provincienaam"] == province].sort_values("gemeentecode")
    target = members["gemeentecode"].iloc[0]
    others = members.loc[members["gemeentecode"] != target, "gemeentecode"]
    exports = {year: process.load_export(year) for year in (YEAR - 1, YEAR)}
    now = exports[YEAR]  # indexed by gemeentecode
    now.loc[others, ["kartrekker", "betrekken_beleid"]] = 1
    now.loc[others.iloc[0], "betrekken_beleid"] = 2
    root = tmp_path / "processed"
    shutil.copytree(processed / str(YEAR - 1), root / str(YEAR - 1))
    process.write(YEAR, process.build(YEAR, paths.RAW, exports), root)
    return root, target


def test_group_disclosure_at_the_boundary(alike):
    """Enough neighbours answered both, but all gave the same answer to one of them: a
    province share of 0% or 100% would tell every neighbour's answer, so it is not shown."""
    root, target = alike
    fs = model.build(target, YEAR, root)
    rows = fs.rows.set_index("column")
    for column, distinct, shown in (("kartrekker", 1, False), ("betrekken_beleid", 2, True)):
        assert rows.loc[column, "others_province"] >= model.MIN_OTHERS
        assert rows.loc[column, "others_distinct"] == distinct
        assert rows.loc[column, "province_shown"] == shown
    hidden = fs.shares[fs.shares["column"] == "kartrekker"]
    assert hidden["pct_province"].isna().all() and hidden["count_province"].isna().all()
    text = markdown.topic(fs, "pijler2")
    line = next(
        x for x in text.splitlines() if x.startswith(f"| {rows.loc['kartrekker', 'label']}")
    )
    assert " † |" in line and "100%" not in line.split("|", 3)[3].split("(")[0]
    assert model.MIN_DISTINCT == 2  # what markdown.ALL_ALIKE says in words
    assert f"of omdat {markdown.ALL_ALIKE}" in " ".join(summary.sentences(fs))
    assert f"niet als {markdown.ALL_ALIKE} (†: {model.TOO_SMALL})" in markdown.legend(fs)


# --- errors ---------------------------------------------------------------------------------


def test_not_a_municipality(processed):
    with pytest.raises(ValueError, match=r"GM9999 is not a municipality in 2023"):
        model.build("GM9999", YEAR, processed)
    with pytest.raises(ValueError, match=r"'Amsterdam' is not a municipality code.*2023"):
        model.build("Amsterdam", YEAR, processed)


def test_municipality_that_did_not_respond(processed, responses, mirror):
    from helpers.data import geo

    register = geo.municipality_register(YEAR)
    silent = register[~register["gemeentecode"].isin(responses["gemeentecode"])].iloc[0]
    code = silent["gemeentecode"]
    with pytest.raises(ValueError, match=rf"{code} \(.+\) did not respond to the 2023 benchmark"):
        model.build(code, YEAR, processed)
    with pytest.raises(ValueError, match=code):
        batch.run_batch(YEAR, target=Path("/nonexistent"), processed_root=processed, only=[code])


def test_year_without_processed_tables(tmp_path):
    with pytest.raises(FileNotFoundError, match="make data"):
        model.build("GM0363", YEAR, tmp_path)


def test_slug():
    assert batch.slug("Súdwest-Fryslân") == "sudwest-fryslan"
    assert batch.slug("'s-Hertogenbosch") == "s-hertogenbosch"
    assert batch.slug("Bergen (NH.)") == "bergen-nh"


# --- the notebook and the batch -----------------------------------------------------------


def test_notebook_parameters_cell():
    nb = nbformat.read(batch.NOTEBOOK, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    namespace: dict = {}
    exec(cells[0].source, namespace)
    # year None: the latest processed year
    assert (namespace["gemeente"], namespace["year"], namespace["processed_root"]) == (
        "GM0363",
        None,
        None,
    )


def _outputs(nb) -> list[tuple[str, object]]:
    """(cell id, outputs) of the code cells, without the parameters that differ by run."""
    return [
        (c.get("id"), [o.get("data", o.get("text")) for o in c.get("outputs", [])])
        for c in nb.cells
        if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])
    ]


def _markdown(nb) -> str:
    return "\n".join(
        o["data"]["text/markdown"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    )


@pytest.fixture(scope="module")
def subset_run(processed, sample, tmp_path_factory):
    codes = sorted(set(sample.values()))
    target = tmp_path_factory.mktemp("factsheets")
    result = batch.run_batch(
        YEAR,
        target=target,
        processed_root=processed,
        only=codes,
        workers=1,  # one kernel, reused for all
        render=False,
        progress=False,
    )
    return codes, result


def test_batch_subset_writes_one_executed_notebook_each(processed, subset_run):
    codes, result = subset_run
    assert not result.failures
    stems = batch.respondents(YEAR, processed).set_index("gemeentecode")["stem"]
    assert sorted(p.name for p in result.out_dir.glob("*.ipynb")) == sorted(
        f"{stems[c]}.ipynb" for c in codes
    )
    for code in codes:
        nb = nbformat.read(result.out_dir / f"{stems[code]}.ipynb", as_version=4)
        assert nb.metadata["papermill"]["parameters"]["gemeente"] == code
        assert not [
            o
            for c in nb.cells
            for o in c.get("outputs", [])
            if o.output_type in {"error", "stream"}
        ], "errors or printed warnings in the factsheet"
        fs = model.build(code, YEAR, processed)
        text = _markdown(nb)
        assert f"# Factsheet {fs.naam}" in text
        assert ("synthetische gegevens" in text) == fs.synthetic
        for topic in fs.topic_ids(exclude=["uitdagingen"]):
            assert markdown.topic(fs, topic) in text
        assert "\n".join(f"- {line}" for line in summary.sentences(fs)) in text
        pngs = [
            o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
        ]
        assert len(pngs) == 1


def test_batch_is_idempotent(processed, subset_run):
    codes, result = subset_run
    before = {p.name: p.read_bytes() for p in result.out_dir.glob("*.ipynb")}
    again = batch.run_batch(
        YEAR,
        target=result.out_dir,
        processed_root=processed,
        only=codes,
        render=False,
        progress=False,
    )
    assert not again.failures
    assert {p.name: p.read_bytes() for p in result.out_dir.glob("*.ipynb")} == before


def test_batch_equals_a_plain_papermill_run(processed, subset_run, tmp_path):
    """The kernel reuse changes nothing: same outputs as one papermill run per municipality."""
    codes, result = subset_run
    import papermill

    code = codes[-1]  # executed last in the batch's kernel, after the others
    naive = tmp_path / f"{code}.ipynb"
    papermill.execute_notebook(
        str(batch.NOTEBOOK),
        str(naive),
        parameters=batch.parameters(code, YEAR, processed),
        cwd=str(batch.NOTEBOOK.parent),
        progress_bar=False,
    )
    (written,) = result.out_dir.glob(f"{code}-*.ipynb")
    batched = nbformat.read(written, as_version=4)
    assert _outputs(nbformat.read(naive, as_version=4)) == _outputs(batched)


def test_every_respondent_gets_a_factsheet(every_factsheet, responses):
    """The factsheet content of all respondents (the notebooks run for a few, below)."""
    for code, name in zip(responses["gemeentecode"], responses["gemeentenaam"], strict=True):
        fs = every_factsheet[code]
        assert markdown.title(fs).startswith(f"# Factsheet {name}")


def test_batch_full_run_one_factsheet_per_respondent(processed, responses, tmp_path):
    """A full run writes one factsheet per respondent and removes those of non-respondents;
    on a year with five respondents, to keep it short."""
    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    few = responses.sort_values("gemeentecode").iloc[:5]
    few.to_parquet(root / str(YEAR) / "responses.parquet", index=False)
    out = tmp_path / "factsheets"
    out.mkdir()
    stale = out / "GM9998-weg.ipynb"
    stale.write_text("{}")
    result = batch.run_batch(YEAR, target=out, processed_root=root, render=False, progress=False)
    assert not result.failures
    expected_names = {f"{s}.ipynb" for s in batch.respondents(YEAR, root)["stem"]}
    assert len(expected_names) == 5
    assert {p.name for p in out.glob("*.ipynb")} == expected_names
    assert not stale.exists()


def test_batch_gathers_failures_and_goes_on(processed, responses, tmp_path, capsys):
    """A municipality whose factsheet fails (an answer code the codebook does not know)
    is reported at the end, with exit code 1; the others are written."""
    bad, good = responses.sort_values("gemeentecode")["gemeentecode"].iloc[:2]
    broken = responses.copy()
    broken.loc[broken["gemeentecode"] == bad, "week_deelname"] = 7
    root = tmp_path / "processed"
    for year in (YEAR - 1, YEAR):
        shutil.copytree(processed / str(year), root / str(year))
    broken.to_parquet(root / str(YEAR) / "responses.parquet", index=False)
    out = tmp_path / "out"
    argv = ["--year", str(YEAR), "--processed", str(root), "--out", str(out), "--no-progress"]
    assert main([*argv, "--only", bad, good]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: ValueError" in err and good not in err
    assert [p.name.split("-")[0] for p in out.glob("*.ipynb")] == [good]
    assert [p.name.split("-")[0] for p in (out / "failed").glob("*.ipynb")] == [bad]


def test_cli_reports_errors_with_nonzero_exit(processed, capsys):
    assert main(["--year", "2023", "--processed", str(processed), "--only", "GM9999"]) == 1
    assert "GM9999" in capsys.readouterr().err


@pytest.mark.skipif(
    shutil.which("quarto") is None, reason="quarto is not on PATH (not installable here)"
)
def test_quarto_renders_html_and_pdf(processed, subset_run):
    codes, result = subset_run
    rendered, failures, _ = quarto.render_all(result.notebooks[:1])
    assert not failures
    assert {p.suffix for p in rendered} == {".html", ".pdf"}


def test_render_is_skipped_without_quarto(monkeypatch, tmp_path):
    monkeypatch.setattr(quarto, "executable", lambda: None)
    rendered, failures, note = quarto.render_all([tmp_path / "x.ipynb"])
    assert (rendered, failures) == ([], {})
    assert "quarto not on PATH" in note


# --- factsheets are never part of the public site --------------------------------------------


def _quarto_configs() -> list[Path]:
    configs = [paths.ROOT / "_quarto.yml", *paths.REPORTS.glob("*/_quarto.yml")]
    return [p for p in configs if p.exists()]


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _matches(path: str, pattern: str) -> bool:
    pattern = pattern.lstrip("!").removeprefix("./")
    if pattern.endswith("/"):
        return path.startswith(pattern) or f"/{pattern}" in f"/{path}"
    return fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, f"*/{pattern}")


@pytest.mark.parametrize("config", _quarto_configs() or [None], ids=lambda p: str(p))
def test_public_site_contains_no_factsheet(config):
    if config is None:
        pytest.skip("no _quarto.yml yet")
    site = yaml.safe_load(config.read_text("utf-8"))
    # the book project lives in reports/<year>/: its factsheets are in factsheets/
    factsheet_file = (
        batch.out_dir(YEAR).relative_to(paths.REPORTS / str(YEAR)) / "GM0363-amsterdam.ipynb"
    ).as_posix()
    render = site.get("project", {}).get("render")
    assert render, f"{config}: no project.render list, so Quarto would render every notebook"
    excluded = any(p.startswith("!") and _matches(factsheet_file, p) for p in render)
    assert excluded, f"{config}: project.render does not exclude {factsheet_file}"
    listed = [s for s in _strings({k: v for k, v in site.items() if k != "project"})]
    assert not [s for s in listed if "factsheet" in s.lower()], f"{config} links a factsheet"
