"""Tips and strong points (helpers.municipality.tips) against answers recounted here.

Which practice a municipality has or lacks, and how common it is among a group, is
counted again from responses.parquet with the codebook's headline codes, independently
of the processed counts that `tips` reads. The municipalities are chosen by their
answers: the one that lacks the most practices, one that lacks the fewest, and (as no
municipality of the data lacks none) one made up from the latter that lacks nothing.
Whether a province figure may be shown is the factsheet's own decision
(`model.build(...).row_records`, helpers.disclosure), which the tips must follow.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import disclosure, paths
from helpers.data import codebook
from helpers.factsheets import __main__ as factsheets_cli
from helpers.monitor import __main__ as monitor_cli
from helpers.municipality import model, tips
from helpers.report import fmt

YEAR = 2023


@pytest.fixture(scope="module")
def data(processed) -> model.YearData:
    return model.year_data(YEAR, processed)


@pytest.fixture(scope="module")
def responses(processed) -> pd.DataFrame:
    return pd.read_parquet(processed / str(YEAR) / "responses.parquet").set_index("gemeentecode")


@pytest.fixture(scope="module")
def editorial() -> tips.Editorial:
    return tips.load()


@pytest.fixture(scope="module")
def held(responses, editorial) -> pd.DataFrame:
    """Per municipality and practice: has it (True), lacks it (False), neither (NA: not
    answered or not asked), from the headline codes of the codebook; as a group's share
    counts them. `attrs["unknown"]`: where it answered that it does not know ("Weet
    niet"), which its own advice counts as neither."""
    cb = codebook.load()
    frame = pd.DataFrame(
        {
            p.column: responses[p.column]
            .isin(cb.questions[p.question].headline)
            .astype("boolean")
            .mask(responses[p.column].isna())
            for p in editorial.practices
        }
    )
    frame.attrs["unknown"] = pd.DataFrame(
        {p.column: responses[p.column].isin(unknown(p)) for p in editorial.practices}
    )
    return frame


def unknown(p: tips.Practice) -> list:
    """The codes of the practice's question that say "Weet niet"."""
    return [
        c
        for c, label in codebook.load().answers(codebook.load().questions[p.question])
        if codebook.label_key(label) in tips.load().unknown_answers
    ]


def pct(held: pd.DataFrame, column: str) -> float:
    """% of the municipalities in `held` that answered `column` and have the practice."""
    answered = held[column].dropna()
    return 100 * answered.sum() / len(answered)


def lacking(held, editorial, gemeente) -> list[tips.Practice]:
    row, unsure = held.loc[gemeente], held.attrs["unknown"].loc[gemeente]
    return [
        p
        for p in editorial.practices
        if row[p.column] is not pd.NA and not row[p.column] and not unsure[p.column]
    ]


@pytest.fixture(scope="module")
def sample(held, editorial) -> dict[str, str]:
    """The municipality lacking the most practices and the one lacking the fewest (first
    by code on a tie)."""
    counts = (held.eq(False) & ~held.attrs["unknown"]).sort_index().sum(axis=1)  # NA: neither
    return {"most": counts.idxmax(), "fewest": counts.idxmin()}


def everything(data, held, editorial, gemeente) -> dict:
    """`gemeente`'s answers with every practice it lacks given the headline answer."""
    answers = dict(data.answers[gemeente])
    for p in lacking(held, editorial, gemeente):
        answers[p.column] = codebook.load().questions[p.question].headline[0]
    return answers


# --- tips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["most", "fewest"])
def test_each_tip_is_a_practice_it_lacks_that_most_of_its_peers_have(
    which, sample, held, responses, editorial, processed
):
    """The peers of a practice are the municipality's urbanity class where its factsheet
    shows the class figure, else the country: every tip is a practice the municipality
    lacks that at least `tip_from`% of those peers have, recounted, and every such
    practice is a tip, most common first."""
    gemeente = sample[which]
    advice = tips.build(gemeente, YEAR, processed)
    fs = model.build(gemeente, YEAR, processed)
    class_shown = {r["column"]: r["class_shown"] for r in fs.row_records}
    in_class = held[responses["stedelijkheid"] == responses.at[gemeente, "stedelijkheid"]]
    lacks = lacking(held, editorial, gemeente)
    assert lacks, f"{which}: the sample should lack something"

    def peers(column):
        if class_shown[column]:
            return in_class, model.klasse_name(fs)
        return held, f"gemeenten in {model.NATIONAL}"

    expected = [
        p
        for p in lacks
        if fmt.round_half_up(pct(peers(p.column)[0], p.column)) >= editorial.tip_from
    ]
    assert {t.column for t in advice.tips} == {p.column for p in expected}
    assert advice.message is None if expected else advice.message
    by_column = {p.column: p for p in editorial.practices}
    for tip in advice.tips:
        p = by_column[tip.column]
        group, words = peers(p.column)
        share = pct(group, p.column)
        assert tip.share == fmt.pct(share) and tip.pct == fmt.round_half_up(share)
        assert tip.pct >= editorial.tip_from
        assert tip.group == " ".join(filter(None, [words, p.among]))
        answered = group[p.column].dropna()
        of = f"({fmt.number(int(answered.sum()))} van {fmt.number(len(answered))})"
        assert tip.reason == f"{tip.share} van de {tip.group} doet dit al {of}."
        assert tip.action == p.action and tip.name == p.name
    if which == "most":  # the path through the class is taken
        assert any(class_shown[t.column] for t in advice.tips), "no tip cites the class"
    exact = [pct(peers(t.column)[0], t.column) for t in advice.tips]
    assert exact == sorted(exact, reverse=True), "tips are ranked by how common they are"


def test_each_tip_names_its_support_from_the_codebook(sample, editorial, processed):
    cb = codebook.load()
    rows = {r.code: r.label for r in cb.questions["producten_diensten"].rows}
    advice = tips.build(sample["most"], YEAR, processed)
    assert advice.tips
    raw = yaml.safe_load(paths.ADVICE.read_text("utf-8"))
    linked = {}
    for entry in raw["practices"]:
        for item in entry.get("items", [""]):
            linked[f"{entry['question']}_{item}" if item else entry["question"]] = entry["support"]
    for tip in advice.tips:
        assert tip.support, tip.column
        assert [(s.code, s.label) for s in tip.support] == [
            (c, rows[c]) for c in linked[tip.column]
        ]


def test_a_follow_up_that_does_not_apply_is_no_tip(responses, processed):
    """Without a coalition, who is in it was not asked: no tip about its members."""
    without = responses.index[responses["lokale_coalitie"] == 4]
    assert len(without)
    for gemeente in without:
        advice = tips.build(gemeente, YEAR, processed)
        assert not [t for t in advice.tips if t.question == "samenstelling_coalitie"]


def test_weet_niet_is_neither_had_nor_lacked(responses, editorial, processed):
    """A municipality that does not know whether it has a signaalpunt gets no tip to set
    one up; the overview shows its answer, counts it nowhere and says so."""
    from helpers.municipality import overview

    (p,) = [p for p in editorial.practices if p.column == "signaalpunt"]
    gemeente = responses.index[responses["signaalpunt"].isin(unknown(p))][0]
    advice = tips.build(gemeente, YEAR, processed)
    assert "signaalpunt" not in [t.column for t in advice.tips]
    ov = overview.build(model.build(gemeente, YEAR, processed), advice)
    (row,) = [x for pillar in ov.pillars for x in pillar.practices if x.column == "signaalpunt"]
    assert (row.own, row.has, row.flag) == ("weet niet", None, "")
    assert (
        "Een werkwijze waarop uw gemeente ‘weet niet’ antwoordde, telt niet mee: niet als "
        "toegepast en niet als kans."
    ) in ov.notes


def test_the_overview_says_why_actielijn_2_is_not_in_it(sample, processed):
    """The programme's own support (the codebook's support question) is no practice; and
    how many practices the municipality has in all (not only its few strong points)."""
    from helpers.municipality import overview

    fs = model.build(sample["most"], YEAR, processed)
    ov = overview.build(fs, tips.of(fs))
    assert "actielijn2" not in [p.topic for p in ov.pillars]
    practices = [p for pillar in ov.pillars for p in pillar.practices if p.has is not None]
    has = sum(p.has for p in practices)
    assert ov.notes[0] == (
        f"In totaal past uw gemeente {has} van de {len(practices)} werkwijzen toe waarop zij "
        "een antwoord gaf."
    )
    assert ov.notes[1].startswith(
        "Actielijn 2 (doorbreken en duurzaam aanpakken) staat er niet in: die gaat over de "
        "producten en diensten van het programma zelf"
    )


def test_a_municipality_that_does_everything_gets_a_sentence(
    sample, data, held, editorial, processed
):
    gemeente = sample["fewest"]
    answers = everything(data, held, editorial, gemeente)
    advice = tips.advise(
        gemeente, answers, data, tips.peer_groups(data, model.build(gemeente, YEAR, processed))
    )
    assert advice.tips == ()
    answered = sum(
        p.column in data.responses and pd.notna(answers.get(p.column)) for p in editorial.practices
    )
    assert advice.message.startswith("Uw gemeente doet alles al")
    assert f" {fmt.number(answered)} onderdelen " in advice.message
    nothing = tips.advise(gemeente, {}, data, [tips.national(data)]).message
    assert nothing and nothing != advice.message  # answered none of the questions


@pytest.mark.slow  # every factsheet of the year
def test_a_suppressed_group_figure_is_never_used(data, responses, held, editorial, processed):
    """With the province as the preferred peers (a group under disclosure control, as the
    urbanity class will be), a tip cites the province exactly where the factsheet shows
    that province figure, with the share recounted there, and the country elsewhere."""
    cited = {"province": 0, "nation": 0, "too_small": 0}
    for gemeente in sorted(responses.index):
        province = responses.at[gemeente, "provincienaam"]
        fs = model.build(gemeente, YEAR, processed)
        peers = [
            tips.Peers(
                f"gemeenten in {province}", data.counts[province], tips.shown(fs, "province")
            ),
            tips.national(data),
        ]
        advice = tips.advise(gemeente, data.answers[gemeente], data, peers)
        shown = {r["column"]: r["province_shown"] for r in fs.row_records}
        got = {t.column: t for t in advice.tips}
        in_province = held[responses["provincienaam"] == province]
        if len(in_province) - 1 < disclosure.MIN_OTHERS:  # as Groningen and Flevoland in 2023
            assert not [t for t in advice.tips if t.group.startswith(peers[0].words)]
            cited["too_small"] += 1
        for p in lacking(held, editorial, gemeente):
            scope = in_province if shown[p.column] else held
            is_tip = fmt.round_half_up(pct(scope, p.column)) >= editorial.tip_from
            assert (p.column in got) == is_tip, (gemeente, p.column)
            if is_tip:
                assert got[p.column].group.startswith(peers[not shown[p.column]].words)
                assert got[p.column].share == fmt.pct(pct(scope, p.column))
                cited["province" if shown[p.column] else "nation"] += 1
    assert all(cited.values()), cited  # every path was taken


# --- strong points ------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["most", "fewest"])
def test_strong_points_are_practices_it_has_that_few_have(
    which, sample, held, editorial, processed
):
    gemeente = sample[which]
    advice = tips.build(gemeente, YEAR, processed)
    row = held.loc[gemeente]
    holds = [p.column for p in editorial.practices if row[p.column] is not pd.NA and row[p.column]]
    expected = {c for c in holds if fmt.round_half_up(pct(held, c)) <= editorial.strong_up_to}
    assert {s.column for s in advice.strong_points} == expected
    shares = [s.pct for s in advice.strong_points]
    assert shares == sorted(shares), "rarest first"
    assert all(s.group == f"gemeenten in {model.NATIONAL}" for s in advice.strong_points)
    for s in advice.strong_points:  # the share, and the count beside it, recounted
        answered = held[s.column].dropna()
        of = f"({fmt.number(int(answered.sum()))} van {fmt.number(len(answered))})"
        assert s.reason == f"Dat geldt voor {s.share} van de {s.group} {of}."


def test_some_municipality_has_a_strong_point(responses, processed):
    assert any(tips.build(g, YEAR, processed).strong_points for g in responses.index)


# --- the interface ------------------------------------------------------------------------


def test_advice_is_plain_json_ready_dutch(sample, processed):
    advice = tips.build(sample["most"], YEAR, processed).as_dict()
    text = json.dumps(advice, ensure_ascii=False)
    assert json.loads(text) == json.loads(json.dumps(advice))
    assert not re.search(r"<[a-z/]", text), "no markup"
    assert set(advice) == {"gemeente", "year", "tips", "strong_points", "message"}


def test_a_year_without_some_questions(processed):
    """2020 asked no doelgroepen, best_practices or coalition members: no tips on them."""
    data = model.year_data(2020, processed)
    asked = {u.column for u in data.units}
    for gemeente in sorted(data.responses.index)[:20]:
        advice = tips.build(gemeente, 2020, processed)
        assert {t.column for t in advice.tips} | {s.column for s in advice.strong_points} <= asked


# --- the editorial data -------------------------------------------------------------------


def test_the_editorial_data_hold_practices_only(editorial):
    for p in editorial.practices:
        assert p.item not in ("geen", "anders"), p.column
        assert p.question not in ("uitdagingen", "producten_diensten"), p.column


def test_assumptions_list_every_link_and_threshold(editorial):
    doc = (paths.RAW / "ASSUMPTIONS.md").read_text("utf-8")
    rows = {
        m[1]: m[2]
        for m in re.finditer(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", doc, flags=re.MULTILINE)
    }
    stale = [
        f"`{p.column}`: the row says {rows.get(p.column, '').strip()!r}, advies.yaml {want!r}"
        for p in editorial.practices
        if rows.get(p.column, "").strip() != (want := "; ".join(s.label for s in p.support))
    ]
    stale += [
        f"unknown_answers: {label!r} is not named in the advice section"
        for label in editorial.unknown_answers
        if f'"{label.capitalize()}"' not in doc
    ]
    stale += [
        f"`{key}`: no row '| `{key}` | {value} |'"
        for keys, shown in ((tips.PERCENTAGES, fmt.pct), (tips.COUNTS, fmt.number))
        for key in keys
        if f"| `{key}` | {(value := shown(getattr(editorial, key)))} |" not in doc
    ]
    assert not stale, "update data/raw/ASSUMPTIONS.md (tips): " + "; ".join(stale)


def _raw() -> dict:
    return yaml.safe_load(paths.ADVICE.read_text("utf-8"))


def _entry(raw, question):
    return next(e for e in raw["practices"] if e["question"] == question)


def _set(path, value):
    def edit(raw):
        *keys, last = path
        target = raw
        for k in keys:
            target = target[k]
        target[last] = value

    return edit


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda r: _entry(r, "kartrekker").update(question="kartrekkers"),
            "practice {kartrekker}: question: unknown question 'kartrekkers'",
        ),
        (
            lambda r: _entry(r, "financiering").update(items=["structureell"]),
            "practice {financiering} (financiering): items: unknown code 'structureell'",
        ),
        (
            lambda r: _entry(r, "kartrekker").update(support=["adviseurs", "toolkit_x"]),
            "practice {kartrekker} (kartrekker): support: unknown producten_diensten row "
            "'toolkit_x'",
        ),
        (
            lambda r: _entry(r, "kartrekker").update(items=["ja"]),
            "practice {kartrekker} (kartrekker): items: ['ja'], but kartrekker is a single "
            "question",
        ),
        (
            lambda r: _entry(r, "doelgroepen").pop("items"),
            "(doelgroepen): items: doelgroepen is matrix; name its rows or options",
        ),
        (
            lambda r: r["practices"].append(
                {
                    "question": "producten_diensten",
                    "items": ["adviseurs"],
                    "action": "a",
                    "name": "b",
                    "support": ["adviseurs"],
                }
            ),
            "(producten_diensten): question: 'producten_diensten' is the support",
        ),
        (
            lambda r: r["among"].clear(),
            "(samenstelling_coalitie): question: 'samenstelling_coalitie' is a follow-up",
        ),
        (
            lambda r: _entry(r, "doelgroepen").update(action="Doe iets voor {groep}."),
            "(doelgroepen): action: placeholders ['groep']",
        ),
        (
            lambda r: r["practices"].append(copy.deepcopy(_entry(r, "kartrekker"))),
            "answer column 'kartrekker' is a practice twice",
        ),
        (_set(["thresholds", "tip_from"], 150), "thresholds: tip_from: 150 is not a whole %"),
        (
            _set(["unknown_answers"], ["Weet nie"]),
            "unknown_answers: 'Weet nie' is no answer label of a scale",
        ),
        (_set(["thresholds", "tip"], 50), "thresholds: unknown key 'tip'"),
        (
            _set(["thresholds", "tips_on_factsheet"], 0),
            "thresholds: tips_on_factsheet: 0 is not a whole number (1 or more)",
        ),
    ],
)
def test_the_editorial_data_are_checked(edit, message, tmp_path):
    """Each mistake a line naming the entry ("practice {question}": its position in the
    file, which moves when a practice is added above it)."""
    raw = _raw()
    position = {}
    for i, entry in enumerate(raw["practices"], 1):
        position.setdefault(entry["question"], i)
    message = message.format(**position) if "practice {" in message else message
    edit(raw)
    path = tmp_path / "advies.yaml"
    with pytest.raises(ValueError) as err:
        tips.parse(raw, path)
    assert str(path) in str(err.value) and message in str(err.value), str(err.value)


def _broken_advice(tmp_path) -> tuple[Path, str]:
    """A copy of advies.yaml with one unknown question, and the line that says so."""
    text = paths.ADVICE.read_text("utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "- question: kartrekker")
    lines[at] = lines[at].replace("kartrekker", "kartrekkerx")
    n = sum(line.lstrip().startswith("- question:") for line in lines[: at + 1])
    path = tmp_path / "advies.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, f"practice {n}, line {at + 1}: question: unknown question 'kartrekkerx'"


def test_a_mistake_in_the_file_names_its_line(tmp_path):
    path, message = _broken_advice(tmp_path)
    with pytest.raises(ValueError) as err:
        tips.load(path)
    assert str(err.value) == f"{paths.relative(path)}: {message}"


@pytest.mark.parametrize("step", [monitor_cli, factsheets_cli], ids=["monitor", "factsheets"])
def test_a_mistake_stops_the_batch_once_and_leaves_its_pages(
    step, processed, tmp_path, monkeypatch, capsys
):
    """One line before any page is made or removed, not the same line for every
    municipality with every page gone."""
    path, message = _broken_advice(tmp_path)
    monkeypatch.setattr(paths, "ADVICE", path)
    monkeypatch.setattr(tips, "load", functools.cache(tips.load.__wrapped__))  # not cached yet
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "GM0034-almere.html"
    earlier.write_text("an earlier page", "utf-8")
    argv = ["--year", "2023", "--only", "GM0034", "--out", str(out)]
    assert step.main([*argv, "--processed", str(processed), "--no-progress"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error")]
    assert errors == [f"error: {paths.relative(path)}: {message}"]
    assert [p.name for p in out.iterdir()] == [earlier.name]
    assert earlier.read_text("utf-8") == "an earlier page"


def test_the_advice_comes_from_the_data_its_factsheet_was_built_from(sample, processed, tmp_path):
    """Not from another processed folder: the tips would mix its counts with the
    factsheet's disclosure decisions."""
    fs = model.build(sample["most"], YEAR, processed)
    assert tips.of(fs) == tips.of(fs, processed) == tips.build(fs.gemeente, YEAR, processed)
    with pytest.raises(ValueError, match="was built from"):
        tips.of(fs, tmp_path)
