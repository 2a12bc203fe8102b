"""The factsheet as a summary (issue 20, item 5): the overview per actielijn and pijler
(`helpers.municipality.overview`) against a recount of the responses, and every PDF of 2023
read back: two A4 pages, the overview and the tips on page 1, no text under 8 pt.

The recount is made here from responses.parquet (and the year before), independently of
the model's counts; which group figures the rules allow is the model's decision
(`<scope>_shown`), tested against the rules in test_factsheet.py and
test_peer_group*.py. Each check is a function that returns its problems, so the tests
that prove they can fail feed them a wrong overview or a wrong PDF.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
import typst
from pdfs import read_back

from helpers.data import codebook
from helpers.disclosure import SUPPRESSED
from helpers.factsheets import content, page
from helpers.municipality import model, overview, respondents, summary, tips
from helpers.report import fmt

pytestmark = pytest.mark.synthetic_data

YEAR = 2023
MIN_PT = 8  # the smallest text allowed on a factsheet (issue 20)
A4 = (595, 842)  # points


# --- the overview against a recount --------------------------------------------------------


@pytest.fixture(scope="module")
def responses(processed) -> pd.DataFrame:
    return pd.read_parquet(processed / str(YEAR) / "responses.parquet")


@pytest.fixture(scope="module")
def previous(processed) -> pd.DataFrame:
    frame = pd.read_parquet(processed / str(YEAR - 1) / "responses.parquet")
    return frame.set_index("gemeentecode")


def _headline(question: str) -> tuple:
    q = codebook.load().questions[question]
    return tuple(q.positive) or (1,)


def _has(value, question: str) -> bool | None:
    """None where not answered, or answered "Weet niet" (neither had nor lacked)."""
    if pd.isna(value):
        return None
    labels = dict(codebook.load().answers(codebook.load().questions[question]))
    unknown = codebook.label_key(labels.get(int(value), "")) in tips.load().unknown_answers
    return None if unknown else int(value) in _headline(question)


def recount(fs, responses, previous) -> dict[str, dict]:
    """Per topic id: what its row of the overview should say, counted from the answers."""
    cb = codebook.load()
    me = responses.set_index("gemeentecode").loc[fs.gemeente]
    before = previous.loc[fs.gemeente] if fs.gemeente in previous.index else None
    shown = {r["column"]: r for r in fs.row_records}
    groups = {
        "class": responses[responses["stedelijkheid"] == fs.klasse],
        "province": responses[responses["provincienaam"] == fs.provincie],
        "nation": responses,
    }
    out = {}
    for topic in fs.topics:
        practices = [
            p
            for p in tips.load().practices
            if p.column in responses and cb.questions[p.question].topic == topic["id"]
        ]
        if not practices:
            continue
        answered = [p for p in practices if _has(me[p.column], p.question) is not None]
        has = sum(_has(me[p.column], p.question) for p in answered)
        row = {
            "own": fmt.pct(100 * has / len(answered)) if answered else fmt.MISSING,
            "own_count": f"{has} van {len(answered)}" if answered else fmt.MISSING,
        }
        over = answered or practices
        for scope, group in groups.items():
            if scope != "nation" and not all(shown[p.column][f"{scope}_shown"] for p in over):
                row[scope] = SUPPRESSED
                continue
            shares = []
            for p in over:
                answers = group[p.column].dropna().astype(int)
                if len(answers):
                    shares.append(100 * answers.isin(_headline(p.question)).mean())
            row[scope] = fmt.pct(sum(shares) / len(shares)) if shares else fmt.MISSING
        both = [
            (then, _has(me[p.column], p.question))
            for p in answered
            if before is not None
            and p.column in before
            and (then := _has(before[p.column], p.question)) is not None
        ]
        row["change"] = ""
        if both:
            then = f"{sum(b for b, _ in both)} van {len(both)}"
            now = f"{sum(n for _, n in both)} van {len(both)}"
            row["change"] = "gelijk" if then == now else f"{then} → {now}"
        out[topic["id"]] = row
    return out


def overview_problems(ov: overview.Overview, expected: dict[str, dict]) -> list[str]:
    """Where the overview differs from the recount."""
    problems = []
    if [p.topic for p in ov.pillars] != list(expected):
        problems.append(f"topics {[p.topic for p in ov.pillars]} != {list(expected)}")
    # a group without a single figure shown has no column at all (no column of daggers)
    dropped = {s for s in ("class", "province") if s not in ov.scopes}
    for scope in dropped:
        if any(want.get(scope, SUPPRESSED) != SUPPRESSED for want in expected.values()):
            problems.append(f"{scope}: no column, though the recount shows a figure")
    for p in ov.pillars:
        want = {k: v for k, v in expected.get(p.topic, {}).items() if k not in dropped}
        got = {"own": p.own.text, "own_count": p.own_count, "change": p.change}
        got |= {scope: cell.text for scope, cell in p.groups.items()}
        for key, value in want.items():
            if got.get(key) != value:
                problems.append(f"{p.topic} {key}: {got.get(key)!r}, recount {value!r}")
    return problems


@pytest.fixture(scope="module")
def chosen(responses, processed) -> dict[str, str]:
    """A municipality in the largest province, one in a province whose figures are all
    suppressed, and one whose class average is suppressed in a pillar (a †)."""
    sizes = responses["provincienaam"].value_counts()
    first = responses.sort_values("gemeentecode")
    pick = {
        "large_province": first[first["provincienaam"] == sizes.index[0]].iloc[0]["gemeentecode"],
        "small_province": first[first["provincienaam"] == sizes.index[-1]].iloc[0]["gemeentecode"],
    }
    for code in first["gemeentecode"]:
        fs = model.build(code, YEAR, processed)
        ov = overview.build(fs, tips.of(fs, processed))
        if any(
            p.groups.get("class", None) and p.groups["class"].text == SUPPRESSED for p in ov.pillars
        ):
            pick["class_suppressed"] = code
            break
    return pick


@pytest.mark.parametrize("which", ["large_province", "small_province", "class_suppressed"])
def test_overview_matches_a_recount(processed, responses, previous, chosen, which):
    fs = model.build(chosen[which], YEAR, processed)
    ov = overview.build(fs, tips.of(fs, processed))
    expected = recount(fs, responses, previous)
    assert not overview_problems(ov, expected)
    # what the cases are there for
    cells = [c.text for p in ov.pillars for c in p.groups.values()]
    if which == "small_province":
        assert "province" not in ov.scopes  # every figure suppressed: no column
        assert any(c not in (SUPPRESSED, fmt.MISSING) for c in cells)  # class and country
    if which == "class_suppressed":
        assert SUPPRESSED in cells
    assert any(p.change for p in ov.pillars) == fs.in_panel


def test_overview_marks_tips_and_strong_points(processed, chosen):
    fs = model.build(chosen["large_province"], YEAR, processed)
    advice = tips.of(fs, processed)
    ov = overview.build(fs, advice)
    for p in ov.pillars:
        n_tips = sum(t.topic == p.topic for t in advice.tips)
        n_strong = sum(s.topic == p.topic for s in advice.strong_points)
        parts = [f"{n_tips} {'kans' if n_tips == 1 else 'kansen'}"] if n_tips else []
        parts += [f"{n_strong} sterk{' punt' if n_strong == 1 else 'e punten'}"] if n_strong else []
        assert p.flag == " · ".join(parts)


def test_the_overview_check_can_fail(processed, responses, previous, chosen):
    """A wrong score, a group average shown where a figure is suppressed, and a wrong
    change are each found."""
    fs = model.build(chosen["class_suppressed"], YEAR, processed)
    ov = overview.build(fs, tips.of(fs, processed))
    expected = recount(fs, responses, previous)
    hidden = next(p for p in ov.pillars if p.groups["class"].text == SUPPRESSED)
    wrong = [
        dataclasses.replace(ov.pillars[0], own=overview.Cell("99%", 99.0)),
        dataclasses.replace(hidden, groups=hidden.groups | {"class": overview.Cell("50%", 50.0)}),
        dataclasses.replace(ov.pillars[0], change="0 van 1 → 1 van 1"),
    ]
    for pillar in wrong:
        pillars = [pillar if p.topic == pillar.topic else p for p in ov.pillars]
        assert overview_problems(dataclasses.replace(ov, pillars=pillars), expected)


# --- every PDF of 2023, read back ----------------------------------------------------------


def _words(text: str) -> str:
    """`text` with its white space as one space, and the hyphen that Typst maps to a soft
    hyphen in the PDF's text ("75-plussers") as a hyphen."""
    return " ".join(text.replace("\u00ad", "-").split())


def pdf_problems(pdf, fs: model.Factsheet, processed) -> list[str]:
    """Where a factsheet PDF (a path or bytes) is not two A4 pages with the overview and
    the tips on page 1 and no text under MIN_PT."""
    pages, sizes, first = read_back(pdf)
    problems = [f"{len(pages)} pages"] if len(pages) != 2 else []
    for i, size in enumerate(pages, 1):
        if tuple(round(x) for x in size) != A4:
            problems.append(f"page {i}: {size}, not A4")
    first = _words(first)
    advice = tips.of(fs, processed)
    ov = overview.build(fs, advice)
    wanted = [tips.TITLE, *(_words(p.heading) for p in ov.pillars)]
    wanted += [_words(t.action) for t in advice.tips[: tips.load().tips_on_factsheet]]
    wanted += [] if advice.tips else [_words(advice.message)]
    problems += [f"page 1 lacks {w!r}" for w in wanted if w not in first]
    small = [(round(s, 2), t) for s, t in sizes if s < MIN_PT - 0.01]
    if small:
        problems.append(f"{len(small)} characters under {MIN_PT} pt, e.g. {min(small)}")
    return problems


@pytest.mark.slow
def test_every_pdf_of_2023_is_a_two_page_summary(written, processed):
    stems = respondents.tasks(YEAR, processed)
    assert len(stems) == len(pd.read_parquet(processed / str(YEAR) / "responses.parquet"))
    problems = {}
    for code, stem in stems:
        fs = model.build(code, YEAR, processed)
        if found := pdf_problems(written.factsheets.out_dir / f"{stem}.pdf", fs, processed):
            problems[code] = found
    assert not problems, problems


@pytest.mark.slow
def test_the_pdf_checks_can_fail(processed, chosen, tmp_path):
    """A third page, a page 1 without the tips, and text of 6.2 pt are each found."""
    fs = model.build(chosen["large_province"], YEAR, processed)
    doc = json.loads(json.dumps(content.document(fs).as_dict()))
    assert not pdf_problems(page.pdf(doc), fs, processed)

    longer = doc | {"details": doc["details"] * 2}
    found = pdf_problems(page.pdf(longer), fs, processed)
    assert "3 pages" in found

    untitled = doc | {"tips_heading": "Tips", "tips": []}
    found = pdf_problems(page.pdf(untitled), fs, processed)
    assert any(tips.TITLE in p for p in found), found

    template = (page.TEMPLATES / "factsheet.typ").read_text("utf-8")
    tiny = template.replace("#let small = 8pt", "#let small = 6.2pt")
    assert tiny != template
    source = tmp_path / "factsheet.typ"
    source.write_text(tiny, "utf-8")
    pdf = typst.compile(
        source,
        font_paths=[page.fonts()],
        ignore_system_fonts=True,
        sys_inputs={"doc": json.dumps(doc)},
    )
    found = pdf_problems(pdf, fs, processed)
    assert any(f"under {MIN_PT} pt" in p and "6.2" in p for p in found), found


@pytest.mark.slow  # every respondent
def test_a_change_is_one_thing_on_both_pages_and_in_the_monitor(processed):
    """A changed answer is one given in both years and different, wherever it is shown:
    the summary's count of the detail's parts, the detail's ‘oud → nieuw’ rows, and the
    monitor's "ja" (which lists the challenges too, that the detail leaves out). An answer
    that became (or was) "n.v.t." or none is no change; the monitor says it cannot be
    compared (None) instead of "nee". Over every respondent of 2023."""
    from helpers.monitor import data as monitor

    seen_not_comparable = 0
    for code in respondents.respondents(YEAR, processed)["gemeentecode"]:
        fs = model.build(code, YEAR, processed)
        if not fs.in_panel:
            continue
        doc = content.document(fs)
        arrows = sum(
            "→" in "".join(run.text for run in row.own)
            for section in doc.details
            for group in section.groups
            for row in group.rows
        )
        (said,) = [s for s in doc.summary if s.startswith(f"Sinds {fs.previous_year}")]
        counted = int(said.split(" bij ")[1].split(" van ")[0])
        units = monitor.monitor(code, YEAR, processed)["by_year"][str(YEAR)]["units"]
        assert arrows == counted, code
        changed = {r["column"] for r in fs.row_records if r["changed"]}
        assert {c for c, u in units.items() if u["changed"]} == changed, code
        detail = {r["column"] for r in fs.row_records if r["question"] not in summary.MONITOR_ONLY}
        assert len(changed & detail) == counted, code
        for row in fs.row_records:
            both = row["own_code"] is not None and row["previous_code"] is not None
            if not both:
                assert units[row["column"]]["changed"] is None, (code, row["column"])
                seen_not_comparable += row["own"] != row["previous"]
    assert seen_not_comparable  # the case the rule is about: "Actieve rol" -> "n.v.t."
