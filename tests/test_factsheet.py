"""Factsheet per municipality: helpers.factsheets and notebooks/factsheet.ipynb.

Expected numbers are computed here from responses.parquet (counts of answer codes),
independently of helpers.factsheets, and compared with the factsheet's data, its
document (overview and detail tables), the HTML pages and PDFs that the batch writes
(the PDF's text read back with PDFium), and what the notebook shows. The disclosure rules
are written out again here; their own tests, on groups made up, are in
test_disclosure.py.
"""

from __future__ import annotations

import fnmatch
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import rules
import yaml
from a11y import embedded, open_pdf
from pdfs import page_texts

from helpers import disclosure, paths
from helpers.data import codebook, process
from helpers.factsheets import batch, content, page
from helpers.factsheets.__main__ import main
from helpers.municipality import model, respondents, summary
from helpers.report import fmt

pytestmark = pytest.mark.synthetic_data  # numbers of the shipped synthetic exports

YEAR = 2023
NOTEBOOK = paths.ROOT / "notebooks" / "factsheet.ipynb"


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


def expected(
    responses, column: str, code: int, province: str | None = None, by: str = "provincienaam"
) -> tuple[int, int]:
    """(count giving `code`, count answering) among all respondents or one province (or
    the group `province` of another column `by`: a class of stedelijkheid)."""
    answered = responses[column]  # the column first: selecting whole rows is slow
    answered = (answered if province is None else answered[responses[by] == province]).dropna()
    return int((answered == code).sum()), len(answered)


def test_sample_has_a_small_province(responses):
    """The data hold a province with fewer than MIN_OTHERS + 1 respondents (suppressed)."""
    sizes = _by_province(responses)
    assert sizes.min() <= disclosure.MIN_OTHERS, sizes.to_dict()
    assert sizes.max() > disclosure.MIN_OTHERS + 1


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
    neighbours = responses[
        (responses["provincienaam"] == province) & (responses["gemeentecode"] != code)
    ]
    for s in fs.shares.itertuples():
        count, n = expected(responses, s.column, s.code)
        assert (s.count_nation, s.n_nation) == (count, n), s
        assert s.pct_nation == pytest.approx(100 * count / n)
        own_answered = pd.notna(me[s.column])
        assert s.own == (own_answered and int(me[s.column]) == s.code)
        count_p, n_p = expected(responses, s.column, s.code, province)
        others = n_p - own_answered
        answers = neighbours[s.column].dropna().astype(int)
        q = codebook.load().questions[rows.loc[s.column, "question"]]
        yes = int(answers.isin(tuple(q.positive) or (1,)).sum())
        shown = _disclosable(answers.value_counts()) and _disclosable([yes, len(answers) - yes])
        if q.asked_if:  # a follow-up: the split of the question it follows must pass too
            before = neighbours[q.asked_if["question"]].dropna().astype(int)
            asked = int(before.isin(q.asked_if["codes"]).sum())
            shown = shown and _disclosable([asked, len(before) - asked])
        shown = shown and _plausible(responses, fs, q, s.column)
        # rule 5: allowed, but hidden beside the suppressed class figure it would give away
        hidden_by_class = shown and not rows.loc[s.column, "class_shown"]
        assert bool(rows.loc[s.column, "province_shown"]) == shown or hidden_by_class, s
        shown = bool(rows.loc[s.column, "province_shown"])
        base = rows.loc[s.column, "others_province"]
        assert base == others if shown else pd.isna(base)  # no base of a suppressed figure
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
    detail = ~fs.rows["question"].isin(summary.MONITOR_ONLY)  # the parts page 2 shows
    n_changed = int(fs.rows.loc[detail, "changed"].sum())
    assert any(
        f"veranderde uw antwoord bij {n_changed} van de" in line for line in summary.sentences(fs)
    )


@pytest.fixture(scope="module")
def every_factsheet(processed, responses) -> dict:
    """The factsheet of every respondent, built in-process once for the tests that need all."""
    return {code: model.build(code, YEAR, processed) for code in responses["gemeentecode"]}


@pytest.mark.slow
def test_no_change_from_an_answer_to_itself(every_factsheet):
    """Every respondent: a change 'a → b' has a != b (e.g. not 'niet van toepassing' twice)."""
    for code, fs in every_factsheet.items():
        for r in fs.rows[fs.rows["changed"]].itertuples():
            assert r.previous != r.own, (code, r.column)


def test_the_count_of_changes_is_that_of_the_factsheet_s_own_arrows(processed, sample):
    """The summary counts the changed answers that page 2 marks 'Nee → Ja', and says it
    counts those of the factsheet (the monitor's list also has the challenges)."""
    fs = model.build(sample["large_province"], YEAR, processed)
    assert fs.in_panel
    sections = content.document(fs).as_dict()["details"]
    arrows = sum(
        "→" in "".join(run["text"] for run in row["own"])
        for section in sections
        for group in section["groups"]
        for row in group["rows"]
    )
    (line,) = [x for x in summary.sentences(fs) if x.startswith(f"Sinds {YEAR - 1}")]
    assert f"veranderde uw antwoord bij {arrows} van de " in line
    assert " onderdelen van deze factsheet die uw gemeente in beide jaren beantwoordde" in line


def test_the_challenge_in_its_own_words_is_named(processed, responses):
    """'Anders' among the challenges comes with what the municipality wrote beside it."""
    wrote = responses[responses["uitdagingen_anders"] == 1].dropna(
        subset=["uitdagingen_anders_tekst"]
    )
    row = wrote.iloc[0]
    fs = model.build(row["gemeentecode"], YEAR, processed)
    (line,) = [x for x in summary.sentences(fs) if x.startswith("Grootste uitdaging")]
    assert line.endswith(f"anders (‘{row['uitdagingen_anders_tekst'].strip()}’).")


def test_own_words_are_quoted_as_a_pdf_can_hold_them(processed, responses):
    """What a municipality typed may hold what Typst refuses (Word's list bullet U+F0B7,
    DEL, a noncharacter): such a factsheet failed, and a public log named its
    municipality. The pages quote the words without those, on one line, cut at
    OWN_TEXT_MAX; beside an option it did not choose, not at all."""
    wrote = responses[responses["uitdagingen_anders"] == 1].iloc[0]
    fs = model.build(wrote["gemeentecode"], YEAR, processed)
    (unit,) = [u for u in model.units(YEAR) if u.column == "uitdagingen_anders"]
    hostile = "Samenwerking\uf0b7met\x7fhuisartsen\n\n" + "x" * 500 + "\ufffe"
    quoted = model._own_text(unit, {"uitdagingen_anders_tekst": hostile}, 1)
    assert quoted.startswith("Samenwerkingmethuisartsen xxx") and quoted.endswith("x…")
    assert len(quoted) == model.OWN_TEXT_MAX
    assert model._own_text(unit, {"uitdagingen_anders_tekst": hostile}, 0) is None
    (row,) = [r for r in fs.row_records if r["column"] == "uitdagingen_anders"]
    row["own_text"] = quoted
    document = content.document(fs).as_dict()
    assert quoted in json.dumps(document, ensure_ascii=False)
    assert page.pdf(document).startswith(b"%PDF")  # Typst takes it
    row["own_text"] = hostile
    with pytest.raises(Exception, match="PDF"):  # as it was: Typst refuses it
        page.pdf(content.document(fs).as_dict())


def test_not_in_panel_says_so(processed, sample):
    fs = model.build(sample["not_panel"], YEAR, processed)
    assert not fs.in_panel
    assert not fs.rows["changed"].any()
    assert any(f"in {YEAR - 1} niet mee" in line for line in summary.sentences(fs))
    assert "→" not in json.dumps(content.document(fs).as_dict(), ensure_ascii=False)


def test_summary_counts(processed, responses, sample):
    code = sample["large_province"]
    fs = model.build(code, YEAR, processed)
    province = fs.provincie
    others = int((responses["provincienaam"] == province).sum()) - 1
    peers = int((responses["stedelijkheid"] == fs.klasse).sum()) - 1
    assert summary.sentences(fs)[0] == (
        f"Uw gemeente deed in {YEAR} mee aan de benchmark, samen met "
        f"{len(responses) - 1} andere gemeenten ({others} in {province}). Volgens het CBS is "
        f"uw gemeente {fs.klasse_label}, net als {peers} andere deelnemers: die {peers + 1} "
        "gemeenten heten hier vergelijkbare gemeenten. Uw gemeente telt mee in hun cijfers, "
        f"en in die van {province} en heel Nederland."
    )
    # the n of a class figure is that group, the municipality itself counted
    document = json.dumps(content.document(fs).as_dict(), ensure_ascii=False)
    assert f" van {peers + 1})" in document


def test_a_class_of_one_or_two_is_said_in_words_that_fit(processed, sample):
    import dataclasses

    fs = model.build(sample["large_province"], YEAR, processed)
    alone = summary.sentences(dataclasses.replace(fs, respondents_class=1))[0]
    assert f"uw gemeente {fs.klasse_label}, als enige deelnemer; uw gemeente telt mee" in alone
    two = summary.sentences(dataclasses.replace(fs, respondents_class=2))[0]
    assert "net als 1 andere deelnemer: die 2 gemeenten heten" in two


# --- the document: every share against the responses ---------------------------------------


def _text(runs) -> str:
    return "".join(r.text for r in runs)


def _others(responses, fs, column: str) -> pd.Series:
    """The answers of the other municipalities of the province to `column`."""
    sel = responses[
        (responses["provincienaam"] == fs.provincie) & (responses["gemeentecode"] != fs.gemeente)
    ]
    return sel[column].dropna().astype(int)


def _disclosable(counts) -> bool:
    """The disclosure rules, written out again: >= 5 others, >= 2 different answers."""
    counts = list(counts)
    return sum(counts) >= 5 and sum(c > 0 for c in counts) >= 2


def _plausible(responses, fs, question, column) -> bool:
    """Rule 4 (`rules.plausible`) for the province figure of `column` on `fs`: against the
    national figure, the municipality's own answer not counted."""
    others = responses["gemeentecode"] != fs.gemeente
    answers = responses[column][others].dropna().astype(int)
    nation = (int(answers.isin(question.headline).sum()), len(answers))
    size = int((responses["provincienaam"][others] == fs.provincie).sum())
    return rules.plausible(question, nation, size, int(others.sum()) - size)


@pytest.mark.parametrize("which", ["large_province", "small_province", "panel"])
def test_page_2_shows_the_expected_shares(processed, responses, sample, which):
    """Every answer column but those left to the monitor, with the headline share of the
    class, the province (each where the rules allow it, else †) and the country, recounted."""
    fs = model.build(sample[which], YEAR, processed)
    doc = content.document(fs)
    cb = codebook.load()
    rows = [r for section in doc.details for g in section.groups for r in g.rows]
    units = [u for u in fs.rows.itertuples() if u.question not in content.MONITOR_ONLY]
    assert len(rows) == len(units) and len(units) < len(fs.rows)
    me = responses.set_index("gemeentecode").loc[fs.gemeente]
    groups = {"class": (fs.klasse, "stedelijkheid"), "province": (fs.provincie, "provincienaam")}
    columns = [s for s in ("class", "province") if getattr(fs, f"{s}_any")] + ["nation"]
    assert doc.details_header[2:] == [
        {"class": fs.klasse_label.capitalize(), "province": fs.provincie}.get(s, "Nederland")
        for s in columns
    ]
    for r, unit in zip(rows, units, strict=True):
        q = cb.questions[unit.question]
        yes = tuple(q.positive) or (1,)
        # the province shown where the rules (written out again) allow it; rule 5 may
        # hide an allowed one beside a suppressed class figure
        others = _others(responses, fs, unit.column)
        full = others.value_counts().reindex([c for c, _ in cb.answers(q)], fill_value=0)
        headline = [int(others.isin(yes).sum()), int((~others.isin(yes)).sum())]
        allowed = _disclosable(full) and _disclosable(headline)
        allowed = allowed and _plausible(responses, fs, q, unit.column)
        assert unit.province_shown == allowed or (allowed and not unit.class_shown), unit.column
        want = []
        for scope in columns:
            answers = responses[unit.column]
            if scope != "nation":
                if not getattr(unit, f"{scope}_shown"):
                    want.append(disclosure.SUPPRESSED)
                    continue
                group, by = groups[scope]
                answers = answers[responses[by] == group]
            want.append(fmt.pct(100 * answers.dropna().astype(int).isin(yes).mean()))
        assert r.shares == want, unit.column
        own = me[unit.column]
        bold = [run.text for run in r.own if run.strong]
        assert bold == ([unit.own] if pd.notna(own) and int(own) in yes else [])


def test_small_province_shows_only_national_figures(processed, responses, sample):
    fs = model.build(sample["small_province"], YEAR, processed)
    assert not fs.province_any
    assert fs.shares["pct_province"].isna().all()
    doc = content.document(fs)
    # no province column, on either page
    assert fs.provincie not in doc.details_header + doc.overview_header
    assert all(len(r.shares) == len(doc.details_header) - 2 for r in _detail_rows(doc).values())
    assert any("te weinig andere gemeenten" in line for line in summary.sentences(fs))
    assert model.NATIONAL in doc.overview_intro and fs.provincie not in doc.overview_intro


def _earlier_years(processed: Path, root: Path) -> Path:
    """`root` with the processed tables of every year before YEAR: a factsheet's disclosure
    control looks back at the figures of the municipality's earlier years (its monitor)."""
    for year in model.processed_years(YEAR - 1, processed):
        shutil.copytree(processed / str(year), root / str(year))
    return root


@pytest.fixture
def thinned(processed, responses, tmp_path):
    """Processed tables of an export where, in one province, two questions lose answers so
    that exactly MIN_OTHERS - 1 (kartrekker) and exactly MIN_OTHERS (betrekken_beleid)
    other municipalities answered them: the first is suppressed, the second just shown."""
    sizes = _by_province(responses)
    province = sizes[sizes >= disclosure.MIN_OTHERS + 2].index[-1]
    members = responses[responses["provincienaam"] == province].sort_values("gemeentecode")
    target = members["gemeentecode"].iloc[0]
    exports = {year: process.load_export(year) for year in (YEAR - 1, YEAR)}
    for column, keep in (
        ("kartrekker", disclosure.MIN_OTHERS - 1),
        ("betrekken_beleid", disclosure.MIN_OTHERS),
    ):
        others = members[members["gemeentecode"] != target]
        answered = others.loc[others[column].notna(), "gemeentecode"]
        assert len(answered) >= keep and pd.notna(members[column].iloc[0])
        exports[YEAR].loc[answered.iloc[keep:], column] = pd.NA
    root = _earlier_years(processed, tmp_path / "processed")
    process.write(YEAR, process.build(YEAR, paths.RAW, exports), root)
    return root, target, pd.read_parquet(root / str(YEAR) / "responses.parquet")


def test_partial_suppression_at_the_boundary(thinned):
    root, target, data = thinned
    fs = model.build(target, YEAR, root)
    rows = fs.rows.set_index("column")
    assert len(_others(data, fs, "kartrekker")) == disclosure.MIN_OTHERS - 1
    assert not rows.loc["kartrekker", "province_shown"]
    assert pd.isna(rows.loc["kartrekker", "others_province"])  # nor its base
    assert rows.loc["betrekken_beleid", "others_province"] == disclosure.MIN_OTHERS
    assert rows.loc["betrekken_beleid", "province_shown"]
    assert fs.province_any
    hidden = fs.shares[fs.shares["column"] == "kartrekker"]
    assert hidden["pct_province"].isna().all() and hidden["count_province"].isna().all()
    for s in fs.shares[fs.shares["column"] == "betrekken_beleid"].itertuples():
        shown = expected(data, s.column, s.code, fs.provincie)
        assert (s.count_province, s.n_province) == shown
        assert s.n_province == disclosure.MIN_OTHERS + 1  # the municipality and 5 others
    doc = content.document(fs)
    detail = _detail_rows(doc)
    count, n = expected(data, "kartrekker", 1)
    hidden_row = detail[rows.loc["kartrekker", "label"]]
    assert _province(doc, fs, hidden_row) == disclosure.SUPPRESSED
    assert hidden_row.shares[-1] == fmt.pct(100 * count / n)  # the national one, last
    shown_row = detail[rows.loc["betrekken_beleid", "label"]]
    assert _province(doc, fs, shown_row) != disclosure.SUPPRESSED
    assert any(n.startswith(f"† {disclosure.NOT_SHOWN}") for n in doc.footnotes)
    # page 2, where most daggers stand, points to the note on page 1
    pointer = (
        f" {disclosure.SUPPRESSED}: {disclosure.NOT_SHOWN} (de toelichting staat onder de tips)."
    )
    assert doc.details_intro.endswith(pointer)


@pytest.mark.synthetic_data
def test_one_note_for_both_groups(processed):
    """A factsheet with figures of both groups has one † note that names both, as the
    monitor does (the rules are the same)."""
    fs = model.build("GM0363", YEAR, processed)  # Amsterdam: province and class figures
    assert fs.province_any and fs.class_any
    notes = [n for n in content.document(fs).footnotes if "staat er alleen als" in n]
    assert notes == [disclosure.note(disclosure.PROVINCE, disclosure.CLASS)]


@pytest.fixture
def alike(processed, responses, tmp_path):
    """Processed tables of an export where, in a province with enough respondents, every
    other municipality gave the same answer to kartrekker, and all but one the same
    answer to betrekken_beleid: the group-disclosure rule at its boundary."""
    sizes = _by_province(responses)
    province = sizes[sizes >= disclosure.MIN_OTHERS + 2].index[-1]
    members = responses[responses["provincienaam"] == province].sort_values("gemeentecode")
    target = members["gemeentecode"].iloc[0]
    others = members.loc[members["gemeentecode"] != target, "gemeentecode"]
    exports = {year: process.load_export(year) for year in (YEAR - 1, YEAR)}
    now = exports[YEAR]  # indexed by gemeentecode
    now.loc[others, ["kartrekker", "betrekken_beleid"]] = 1
    now.loc[others.iloc[0], "betrekken_beleid"] = 2
    # every other one has home visits, and they differ in who makes them
    visits = [c for c in now.columns if c.startswith("huisbezoek_uitvoerders_")]
    now.loc[others, "huisbezoek_75plus"] = 1
    for i, other in enumerate(others):
        now.loc[other, visits] = [(i + j) % 2 for j in range(len(visits))]
    root = _earlier_years(processed, tmp_path / "processed")
    process.write(YEAR, process.build(YEAR, paths.RAW, exports), root)
    return root, target


def test_group_disclosure_at_the_boundary(alike):
    """Enough neighbours answered both, but all gave the same answer to one of them: a
    province share of 0% or 100% would tell every neighbour's answer, so it is not shown."""
    root, target = alike
    fs = model.build(target, YEAR, root)
    rows = fs.rows.set_index("column")
    for column, distinct, shown in (("kartrekker", 1, False), ("betrekken_beleid", 2, True)):
        assert len(_others(_responses_of(root), fs, column)) >= disclosure.MIN_OTHERS
        assert _others(_responses_of(root), fs, column).nunique() == distinct
        assert rows.loc[column, "province_shown"] == shown
    hidden = fs.shares[fs.shares["column"] == "kartrekker"]
    assert hidden["pct_province"].isna().all() and hidden["count_province"].isna().all()
    doc = content.document(fs)
    hidden = _detail_rows(doc)[rows.loc["kartrekker", "label"]]
    assert _province(doc, fs, hidden) == disclosure.SUPPRESSED
    assert disclosure.MIN_DISTINCT == 2  # what disclosure.ALL_ALIKE says in words
    assert any(f"niet als {disclosure.ALL_ALIKE}." in n for n in doc.footnotes)


def test_a_follow_up_question_does_not_tell_the_answers_to_the_one_it_follows(alike):
    """All other municipalities have home visits (hidden: all alike). "Who visits" is asked
    only where there are visits; its province base would tell that all of them have them,
    so it is hidden too, though its own answers differ."""
    root, target = alike
    fs = model.build(target, YEAR, root)
    data = _responses_of(root)
    rows = fs.rows.set_index("column")
    assert not rows.loc["huisbezoek_75plus", "province_shown"]
    for column in rows.index[rows["question"] == "huisbezoek_uitvoerders"]:
        assert _others(data, fs, column).nunique() == 2 and len(_others(data, fs, column)) >= 5
        assert not rows.loc[column, "province_shown"], column
    shares = fs.shares[fs.shares["question"] == "huisbezoek_uitvoerders"]
    assert shares["pct_province"].isna().all() and shares["n_province"].isna().all()


def _responses_of(root: Path) -> pd.DataFrame:
    return pd.read_parquet(root / str(YEAR) / "responses.parquet")


def test_a_headline_share_of_0_or_100_percent_is_not_shown(processed, responses):
    """Where the others gave different answers but all did, or all did not, give the
    headline answer (e.g. every one has some role in the coalition), neither the overview's
    share nor the table's row of that column shows the province."""
    cb = codebook.load()
    found = 0
    for code in responses["gemeentecode"]:
        fs = model.build(code, YEAR, processed)
        doc = content.document(fs)
        for r in fs.rows.itertuples():
            others = _others(responses, fs, r.column)
            yes = int(others.isin(tuple(cb.questions[r.question].positive) or (1,)).sum())
            if len(others) < disclosure.MIN_OTHERS or others.nunique() < 2 or 0 < yes < len(others):
                continue
            found += 1
            assert not r.province_shown
            if r.question not in content.MONITOR_ONLY:
                assert _province(doc, fs, _detail_rows(doc)[r.label]) == disclosure.SUPPRESSED
        if found >= 3:
            break
    assert found >= 3, "the shipped data have such columns (samenstelling_coalitie)"


def _detail_rows(doc) -> dict:
    return {r.label: r for s in doc.details for g in s.groups for r in g.rows}


def _province(doc, fs, row) -> str:
    """The province's share of a row of page 2, as shown."""
    return row.shares[doc.details_header.index(fs.provincie) - 2]


# --- errors ---------------------------------------------------------------------------------


def test_not_a_municipality(processed):
    with pytest.raises(ValueError, match=r"GM9999 is not a municipality in 2023"):
        model.build("GM9999", YEAR, processed)
    with pytest.raises(ValueError, match=r"'amsterdam ' is not a municipality code") as err:
        model.build("amsterdam ", YEAR, processed)
    assert "Amsterdam is GM0363; no factsheet or monitor for 2023" in str(err.value)
    with pytest.raises(ValueError, match=r"'Amsterdm' is not a municipality code.*2023") as err:
        model.build("Amsterdm", YEAR, processed)
    assert " is GM" not in str(err.value)


def test_municipality_that_did_not_respond(processed, responses, mirror):
    from helpers.data import registers

    register = registers.municipality_register(YEAR)
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
    assert respondents.slug("Súdwest-Fryslân") == "sudwest-fryslan"
    assert respondents.slug("'s-Hertogenbosch") == "s-hertogenbosch"
    assert respondents.slug("Bergen (NH.)") == "bergen-nh"


# --- the notebook and the batch -----------------------------------------------------------


def test_notebook_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
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


def _html(nb) -> str:
    return "\n".join(
        o["data"]["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    )


def _stems(processed):
    return respondents.respondents(YEAR, processed).set_index("gemeentecode")["stem"]


@pytest.fixture(scope="module")
def subset_run(processed, sample, tmp_path_factory):
    codes = sorted(set(sample.values()))
    target = tmp_path_factory.mktemp("factsheets")
    result = batch.run_batch(
        YEAR,
        target=target,
        processed_root=processed,
        only=codes,
        workers=2,  # two threads (`rendered` makes some of them again on one)
        progress=False,
    )
    return codes, result


@pytest.mark.slow
def test_batch_subset_writes_one_factsheet_each(processed, subset_run):
    """An HTML page and a PDF each, made from the municipality's document; no notebook."""
    codes, result = subset_run
    assert not result.failures
    stems = _stems(processed)
    assert sorted(p.name for p in result.out_dir.iterdir()) == sorted(
        f"{stems[c]}{suffix}" for c in codes for suffix in (".html", ".pdf")
    )
    assert result.rendered == [
        result.out_dir / f"{stems[c]}{suffix}" for c in codes for suffix in (".html", ".pdf")
    ]
    for code in codes:
        fs = model.build(code, YEAR, processed)
        doc = json.loads(json.dumps(content.document(fs).as_dict()))  # as Typst reads it
        text = (result.out_dir / f"{stems[code]}.html").read_text("utf-8")
        assert text == page.html_page(doc)
        assert (result.out_dir / f"{stems[code]}.pdf").read_bytes() == page.pdf(doc)
        assert f"<h1>Factsheet {fs.naam}</h1>" in text
        assert ("synthetische gegevens" in text) == fs.synthetic


@pytest.mark.slow
def test_batch_is_idempotent(processed, subset_run):
    codes, result = subset_run
    assert result.out_dir.stat().st_mode & 0o077 == 0  # its owner's only: answers inside
    before = {p.name: p.read_bytes() for p in result.out_dir.iterdir()}
    again = batch.run_batch(
        YEAR,
        target=result.out_dir,
        processed_root=processed,
        only=codes,
        progress=False,
    )
    assert not again.failures
    assert {p.name: p.read_bytes() for p in result.out_dir.iterdir()} == before


@pytest.mark.slow
def test_the_notebook_shows_what_the_batch_writes(processed, subset_run, tmp_path):
    """notebooks/factsheet.ipynb, run as a researcher runs it (papermill parameters, one
    fresh kernel), shows the body of the batch's HTML page, with no error or warning."""
    codes, result = subset_run
    import papermill

    code = codes[-1]
    executed = tmp_path / f"{code}.ipynb"
    parameters = {"gemeente": code, "year": YEAR, "processed_root": str(processed)}
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(executed),
        parameters=parameters,
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata["papermill"]["parameters"]["gemeente"] == code
    assert not [
        o for c in nb.cells for o in c.get("outputs", []) if o.output_type in {"error", "stream"}
    ], "errors or printed warnings in the factsheet"
    doc = content.document(model.build(code, YEAR, processed)).as_dict()
    shown = _html(nb)
    assert shown == page.html(doc)
    assert shown in (result.out_dir / f"{_stems(processed)[code]}.html").read_text("utf-8")


@pytest.mark.slow
def test_every_respondent_gets_a_factsheet(every_factsheet, responses, processed):
    """The factsheet content of all respondents (the batch runs for a few, below)."""
    for code, name in zip(responses["gemeentecode"], responses["gemeentenaam"], strict=True):
        fs = every_factsheet[code]
        assert content.document(fs).title == f"Factsheet {name}"


@pytest.mark.slow
def test_batch_full_run_one_factsheet_per_respondent(processed, responses, tmp_path):
    """A full run writes one factsheet per respondent and removes those of non-respondents,
    and the executed notebooks that earlier versions wrote; on a year with five
    respondents, to keep it short."""
    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    few = responses.sort_values("gemeentecode").iloc[:5]
    few.to_parquet(root / str(YEAR) / "responses.parquet", index=False)
    out = tmp_path / "factsheets"
    (out / "failed").mkdir(parents=True)
    stems = respondents.respondents(YEAR, root)["stem"]
    stale = [out / "GM9998-weg.pdf", out / "GM9998-weg.html", out / f"{stems[0]}.ipynb"]
    stale.append(out / "failed" / f"{stems[1]}.ipynb")
    for path in stale:
        path.write_text("{}")
    result = batch.run_batch(YEAR, target=out, processed_root=root, progress=False)
    assert not result.failures
    expected_names = {f"{s}{suffix}" for s in stems for suffix in (".html", ".pdf")}
    assert len(expected_names) == 10
    assert {p.name for p in out.iterdir()} == expected_names
    assert not any(path.exists() for path in stale)


@pytest.mark.slow
def test_batch_gathers_failures_and_goes_on(processed, responses, tmp_path, capsys):
    """A municipality whose factsheet fails (an answer code the codebook does not know)
    is reported at the end, with exit code 1, and leaves no file; the others are written."""
    bad, good = responses.sort_values("gemeentecode")["gemeentecode"].iloc[:2]
    broken = responses.copy()
    broken.loc[broken["gemeentecode"] == bad, "week_deelname"] = 7
    root = _earlier_years(processed, tmp_path / "processed")
    shutil.copytree(processed / str(YEAR), root / str(YEAR))
    broken.to_parquet(root / str(YEAR) / "responses.parquet", index=False)
    out = tmp_path / "out"
    out.mkdir()
    stem = _stems(root)[bad]
    (out / f"{stem}.pdf").write_text("an older factsheet")  # must not look current
    argv = ["--year", str(YEAR), "--processed", str(root), "--out", str(out), "--no-progress"]
    assert main([*argv, "--only", bad, good]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: ValueError" in err and good not in err
    assert sorted(p.name.split("-")[0] + p.suffix for p in out.iterdir()) == [
        f"{good}.html",
        f"{good}.pdf",
    ]


def test_ctrl_c_stops_the_batch(processed, responses, tmp_path, monkeypatch):
    """Ctrl-C is no municipality's failure: it stops the batch (one thread or two), and
    what was written is whole."""
    codes = list(responses.sort_values("gemeentecode")["gemeentecode"].iloc[:6])

    def factsheet(code, year, processed_root=None):
        if code == codes[1]:
            raise KeyboardInterrupt
        return f"<p>{code}</p>", code.encode()

    monkeypatch.setattr(batch, "factsheet", factsheet)
    for workers in (1, 2):
        out = tmp_path / str(workers)
        with pytest.raises(KeyboardInterrupt):
            batch.run_batch(
                YEAR,
                target=out,
                processed_root=processed,
                only=codes,
                workers=workers,
                progress=False,
            )
        for path in out.iterdir():
            assert path.suffix in {".html", ".pdf"}, path.name  # no temporary file left
            code = path.name.split("-")[0]
            assert path.read_text() == (code if path.suffix == ".pdf" else f"<p>{code}</p>")
    one = sorted(p.name.split("-")[0] for p in (tmp_path / "1").glob("*.pdf"))
    assert one == codes[:1]  # one thread: stopped where it was interrupted


def test_cli_reports_errors_with_nonzero_exit(processed, capsys):
    assert main(["--year", "2023", "--processed", str(processed), "--only", "GM9999"]) == 1
    assert "GM9999" in capsys.readouterr().err


# --- the PDF and the HTML page that users get -----------------------------------------------


@pytest.fixture(scope="module")
def rendered(processed, sample, tmp_path_factory):
    """The batch with its HTML pages and PDFs, for a municipality in the largest province
    and one in the smallest (no province figures)."""
    codes = [sample["large_province"], sample["small_province"]]
    target = tmp_path_factory.mktemp("rendered")
    result = batch.run_batch(
        YEAR, target=target, processed_root=processed, only=codes, workers=1, progress=False
    )
    assert not result.failures
    assert [p.suffix for p in result.rendered] == [".html", ".pdf"] * 2
    return {code: model.build(code, YEAR, processed) for code in codes}, result


def _pdf(result, code) -> Path:
    (path,) = result.out_dir.glob(f"{code}-*.pdf")
    return path


@pytest.mark.slow
def test_the_pdf_is_two_a4_pages_with_its_fonts_embedded(rendered):
    factsheets, result = rendered
    for code in factsheets:
        with open_pdf(_pdf(result, code)) as pdf:
            assert len(pdf.pages) == 2
            for pdf_page in pdf.pages:
                x0, y0, x1, y1 = (float(v) for v in pdf_page.mediabox)
                assert (round(x1 - x0), round(y1 - y0)) == (595, 842)  # A4
                fonts = pdf_page.Resources.Font
                assert fonts
                for font in fonts.values():
                    assert embedded(font), font.get("/BaseFont")


@pytest.mark.slow
def test_the_pdf_states_the_name_and_the_numbers(rendered, responses, processed):
    """Read back from the PDF's text and compared with counts made here from the
    processed responses: the name, and the shares of the headline answers on page 2."""
    factsheets, result = rendered
    cb = codebook.load()
    for code, fs in factsheets.items():
        first, second = page_texts(_pdf(result, code))
        text = f"{first} {second}"
        assert f"Factsheet {fs.naam}" in text and fs.gemeente in text
        doc = content.document(fs)
        for cells in doc.overview:  # page 1: the overview, a row per actielijn and pijler
            assert cells[0] in first, cells[0]
        for section in doc.details:  # page 2: every answer, per actielijn and pijler
            assert section.heading in second
        for column in ("week_deelname", "huisbezoek_75plus", "betrekken_beleid"):
            yes = cb.questions[column].positive
            nation = 100 * responses[column].dropna().astype(int).isin(yes).mean()
            unit = fs.rows.set_index("column").loc[column]
            groups = []  # class, province, nation: each group where the page has any
            for scope, group, by in (
                ("class", fs.klasse, "stedelijkheid"),
                ("province", fs.provincie, "provincienaam"),
            ):
                if getattr(fs, f"{scope}_any"):
                    mine = responses[responses[by] == group][column].dropna()
                    share = fmt.pct(100 * mine.astype(int).isin(yes).mean())
                    groups.append(share if getattr(unit, f"{scope}_shown") else "†")
            want = " ".join([*groups, fmt.pct(nation)])
            assert want in second, column


@pytest.mark.slow
def test_the_pdf_is_the_same_bytes_every_time(rendered, processed):
    """No date or path in it: the same document gives the same PDF on any machine."""
    factsheets, result = rendered
    code = next(iter(factsheets))
    path = _pdf(result, code)
    doc = json.loads(json.dumps(content.document(factsheets[code]).as_dict()))
    assert page.pdf(doc) == path.read_bytes()
    assert str(paths.ROOT).encode() not in path.read_bytes()


@pytest.mark.slow
def test_the_html_page_is_small_and_self_contained(rendered):
    factsheets, result = rendered
    for code, fs in factsheets.items():
        (path,) = result.out_dir.glob(f"{code}-*.html")
        html = path.read_text("utf-8")
        assert len(html.encode()) < 100_000  # was 1.3 MB through Quarto
        assert "<script" not in html and " src=" not in html and "http" not in html
        assert f"<title>Factsheet {fs.naam} · {YEAR}</title>" in html


@pytest.mark.slow
def test_one_thread_or_two_give_the_same_bytes(rendered, subset_run):
    """`rendered` was made on one thread, `subset_run` on two: the same files."""
    _, one = rendered
    _, two = subset_run
    assert one.rendered
    for path in one.rendered:
        assert path.read_bytes() == (two.out_dir / path.name).read_bytes(), path.name


# --- factsheets are never part of the public site --------------------------------------------


def _quarto_configs() -> list[Path]:
    """The committed template, and the project of each year built here."""
    return [paths.ROOT / "_quarto.yml", *paths.REPORTS.glob("*/_quarto.yml")]


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


@pytest.mark.parametrize("config", _quarto_configs(), ids=lambda p: str(p))
def test_public_site_contains_no_factsheet(config):
    site = yaml.safe_load(config.read_text("utf-8"))
    # the book project lives in reports/<year>/: its factsheets are in factsheets/
    factsheet_file = (
        batch.out_dir(YEAR).relative_to(paths.REPORTS / str(YEAR)) / "GM0363-amsterdam.html"
    ).as_posix()
    render = site.get("project", {}).get("render")
    assert render, f"{config}: no project.render list, so Quarto would render every notebook"
    excluded = any(p.startswith("!") and _matches(factsheet_file, p) for p in render)
    assert excluded, f"{config}: project.render does not exclude {factsheet_file}"
    listed = [s for s in _strings({k: v for k, v in site.items() if k != "project"})]
    assert not [s for s in listed if "factsheet" in s.lower()], f"{config} links a factsheet"


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_unreadable_tables_stop_the_factsheets_before_any_page_goes(workers, processed, tmp_path):
    """One error, said once; the factsheets made before stay (with one thread, every
    municipality used to fail on its own and lose its page)."""
    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    table = root / str(YEAR) / "answers_by_class.parquet"
    frame = pd.read_parquet(table)
    frame["stedelijkheid"] = frame["stedelijkheid"].astype(str).where(frame.index > 0, "x")
    frame.to_parquet(table)
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "GM0034-almere.pdf"
    earlier.write_bytes(b"an earlier factsheet")
    with pytest.raises(ValueError, match="the processed tables cannot be read"):
        batch.run_batch(YEAR, target=out, processed_root=root, workers=workers, progress=False)
    assert [p.name for p in out.iterdir()] == [earlier.name]
