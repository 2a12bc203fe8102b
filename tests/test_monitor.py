"""The online monitor as files: one page per respondent, its data checked against the
responses (disclosure control on the files themselves), offline, contrast, errors.
The browser tests are in test_monitor_browser.py."""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import rules

from helpers import disclosure, logs, paths, templates
from helpers.data import classes, codebook
from helpers.monitor import __main__ as cli
from helpers.monitor import batch, charts, data, page
from helpers.municipality import model, respondents
from helpers.municipality.model import NOT_ASKED_NOTE
from helpers.municipality.overview import SINCE
from helpers.report import fmt

pytestmark = pytest.mark.synthetic_data
YEAR = 2023
DATA = re.compile(r'<script type="application/json" id="monitor-data">(.*?)</script>', re.S)
PAGE_KEYS = {
    "gemeente",
    "naam",
    "provincie",
    "klasse_label",
    "scopes",
    "year",
    "answered_until",
    "years",
    "skipped",
    "synthetic",
    "themes",
    "questions",
    "units",
    "by_year",
    "overview",
    "province_missing",
    "advice",
    "words",
}
YEAR_KEYS = {"previous", "in_panel", "klasse", "units"}
UNIT_KEYS = {
    "own",
    "own_label",
    "previous_label",
    "changed",
    "n_nation",
    "nation",
    "n_province",
    "province",
    "n_class",
    "class",
}


@pytest.fixture(scope="module")
def monitors(written) -> batch.BatchResult:
    """Every monitor of YEAR (conftest's `written`)."""
    return written.monitors


def page_data(path: Path) -> dict:
    """The data a page holds (its inline JSON)."""
    return json.loads(DATA.search(path.read_text("utf-8")).group(1))


@pytest.fixture(scope="module")
def responses(processed) -> dict[int, pd.DataFrame]:
    """Every processed year's responses, by year."""
    return {
        y: pd.read_parquet(processed / str(y) / "responses.parquet")
        for y in data.processed_years(YEAR, processed)
    }


@pytest.mark.slow
def test_every_respondent_has_a_monitor(monitors, processed, responses):
    assert monitors.out_dir.stat().st_mode & 0o077 == 0  # its owner's only: answers inside
    stems = respondents.respondents(YEAR, processed)["stem"]
    assert len(stems) == len(responses[YEAR]) == len(monitors.pages)
    assert sorted(p.stem for p in monitors.pages) == sorted(stems)
    assert sorted(p.name for p in (monitors.out_dir / page.LIB).iterdir()) == [
        "NOTICE.txt",
        "charts.js",
        "monitor.css",
        "monitor.js",
        "vega.js",
    ]


@pytest.fixture(scope="module")
def counts(responses) -> dict:
    """{(year, scope, column): {code: count}}: how many municipalities (of the country,
    scope NATIONAL, or of a province) gave each answer, counted here from the responses."""
    out = {}
    for y, frame in responses.items():
        columns = [u.column for u in model.units(y)]
        for scope, sel in [(model.NATIONAL, frame), *frame.groupby("provincienaam")]:
            for column in columns:
                values = sel[column].dropna().astype(int).value_counts()
                out[(y, scope, column)] = values.to_dict()
    return out


def _expected(counts: dict, codes) -> tuple[int, list[list]]:
    """(n, [[pct rounded, its text], ...]) as the page should hold them."""
    n = sum(counts.values())
    pcts = [100 * counts.get(c, 0) / n for c in codes]
    return n, [[int(fmt.round_half_up(p)), fmt.pct(p)] for p in pcts]


def _disclosable(counts) -> bool:
    """The disclosure test (helpers.disclosure), written out again: >= 5 others, >= 2
    different answers."""
    counts = list(counts)
    return sum(counts) >= 5 and sum(c > 0 for c in counts) >= 2


def _may_show(counts: dict, y: int, province: str, own, unit, by_column: dict) -> bool:
    """May the province figure of `unit` be shown on the page of a municipality of
    `province` with answers `own` ({column: code or None}) in year `y`? The factsheets'
    rules written out again: the test holds for the others' answers, for the split
    between the headline answer (codebook `positive`, else 1) and the rest, and, for a
    follow-up question, for the split of the others' answers to the question it follows
    (helpers.disclosure)."""

    def others(column: str, codes) -> list[int]:
        mine = own[column]
        return [counts[(y, province, column)].get(c, 0) - (c == mine) for c in codes]

    by_answer = dict(zip(unit.codes, others(unit.column, unit.codes), strict=True))
    headline = tuple(unit.question.positive) or (1,)
    yes = sum(by_answer[c] for c in headline)
    rules = [by_answer.values(), [yes, sum(by_answer.values()) - yes]]
    if cond := unit.question.asked_if:
        first = by_column[cond["question"]]
        before = dict(zip(first.codes, others(first.column, first.codes), strict=True))
        asked = sum(before[c] for c in cond["codes"])
        rules.append([asked, sum(before.values()) - asked])
    return all(_disclosable(r) for r in rules)


def _plausible(counts: dict, y: int, provinces: dict, own, unit) -> bool:
    """Rule 4 of helpers.disclosure (`rules.plausible`) for the province figure of `unit`
    on the page of the municipality with answers `own` in year `y` (`provinces`: how many
    respondents of `y` each province has)."""
    mine = None if pd.isna(own[unit.column]) else int(own[unit.column])
    nation = counts[(y, model.NATIONAL, unit.column)]
    headline = tuple(unit.question.positive) or (1,)
    yes = sum(n for c, n in nation.items() if c in headline) - (mine in headline)
    answered = sum(nation.values()) - (mine is not None)
    size = provinces[own["provincienaam"]] - 1
    return rules.plausible(unit.question, (yes, answered), size, sum(provinces.values()) - 1 - size)


def _outside(counts: dict, y: int, province: str, unit, by_column: dict) -> bool:
    """Do the respondents outside the province (the country minus the province, which
    the reader can work out) pass the same rules? Rule 3 of helpers.disclosure."""

    def rest(column: str, codes) -> dict:
        inside = counts[(y, province, column)]
        return {c: counts[(y, model.NATIONAL, column)].get(c, 0) - inside.get(c, 0) for c in codes}

    by_answer = rest(unit.column, unit.codes)
    headline = tuple(unit.question.positive) or (1,)
    yes = sum(by_answer[c] for c in headline)
    splits = [by_answer.values(), [yes, sum(by_answer.values()) - yes]]
    if cond := unit.question.asked_if:
        first = by_column[cond["question"]]
        before = rest(first.column, first.codes)
        asked = sum(before[c] for c in cond["codes"])
        splits.append([asked, sum(before.values()) - asked])
    return all(_disclosable(s) for s in splits)


@pytest.mark.slow
def test_no_page_holds_another_municipalitys_answers(monitors, processed, responses, counts):
    """The disclosure test, on the files: a page holds nothing but its municipality's
    own answers and national and provincial shares (with their bases) that are what the
    responses give; a provincial one exactly where the rules, written out again here,
    allow it (and where its factsheet shows it); no other municipality's code or name."""
    names = set().union(*(set(r["gemeentenaam"]) for r in responses.values()))
    units = {u.column: u for u in model.units(YEAR)}
    indexed = {y: r.set_index("gemeentecode") for y, r in responses.items()}
    provinces = {y: r["provincienaam"].value_counts().to_dict() for y, r in responses.items()}
    shown = suppressed = by_years = 0
    for path in monitors.pages:
        text = path.read_text("utf-8")
        d = page_data(path)
        code = d["gemeente"]
        assert set(re.findall(r"GM\d{4}", text)) == {code}, path.name
        strings = set(re.findall(r'"((?:[^"\\]|\\.)*)"', DATA.search(text).group(1)))
        assert strings & names <= {d["naam"], d["provincie"]}, path.name
        assert set(d) == PAGE_KEYS and set(d["units"]) == set(units)
        assert d["years"] == [y for y, r in indexed.items() if code in r.index]
        for y in d["years"]:
            own = indexed[y].loc[code].to_dict()
            answers = {c: None if pd.isna(v) else int(v) for c, v in own.items() if c in units}
            by_column = {u.column: u for u in model.units(y)}
            assert set(d["by_year"][str(y)]) == YEAR_KEYS
            entries = d["by_year"][str(y)]["units"]
            assert set(entries) == {u.column for u in model.units(y)} & set(units), (path, y)
            fs = model.build(code, y, processed)
            rows = fs.rows.set_index("column")
            for column, e in entries.items():
                assert set(e) == UNIT_KEYS
                codes = units[column].codes
                answer = None if pd.isna(own[column]) else int(own[column])
                assert e["own"] == answer
                nation = counts[(y, model.NATIONAL, column)]
                assert (e["n_nation"], e["nation"]) == _expected(nation, codes)
                province = own["provincienaam"]
                allowed = _may_show(counts, y, province, answers, units[column], by_column)
                allowed = allowed and _outside(counts, y, province, units[column], by_column)
                allowed = allowed and _plausible(counts, y, provinces[y], own, units[column])
                shown_here = e["province"] is not None
                assert shown_here == bool(rows.loc[column, "province_shown"])
                # shown only where the rules allow; where they allow and it is not shown,
                # a figure of an earlier year gave it away (test_peer_group_differencing)
                # or it would tell what the suppressed class figure hides (rule 5), or
                # another option of a question with "geen" is suppressed (rule 6)
                assert allowed or not shown_here, (path.name, y, column)
                class_hidden = fs.klasse is not None and not rows.loc[column, "class_shown"]
                question = by_column[column].question
                options = [c for c, u in by_column.items() if u.question is question]
                with_geen = question.type == "multiple" and any(
                    o.exclusive for o in question.options
                )
                together = with_geen and not rows.loc[options, "province_shown"].any()
                if allowed and not shown_here and not class_hidden and not together:
                    assert [x for x in d["years"] if x < y], (path.name, y, column)
                    by_years += 1
                if e["province"] is None:
                    assert e["n_province"] is None
                    suppressed += 1
                    continue
                shown += 1
                province = counts[(y, own["provincienaam"], column)]
                assert (e["n_province"], e["province"]) == _expected(province, codes)
    assert shown and suppressed and by_years  # each case occurs in the shipped data


GROUPS = ("class", "province")


@pytest.mark.slow
def test_every_monitor_holds_the_overview(monitors, processed):
    """Every page holds the overview of YEAR and its advice: a row per actielijn and pijler
    that has practices, each with all of them (data/raw/advies.yaml, asked that year),
    leading to a question of the page; its groups in the question view's names and
    order; a practice's group figure is "†" exactly where the question view has no figure
    of that group, and otherwise the share of its headline answer that view holds; a
    pillar's "†" exactly where one of its answered practices has one. Nothing else about
    other municipalities: the tips and strong points are `tips.of`'s, as text."""
    from helpers.municipality import tips

    cb = codebook.load()
    practices = tips.load().practices
    topic_of = {u.column: u.topic for u in model.units(YEAR)}
    question_of = {p.column: p.question for p in practices}
    daggers = 0
    for path in monitors.pages:
        d = page_data(path)
        ov, year = d["overview"], d["by_year"][str(YEAR)]
        # the column of changes only where it took part the year before
        previous = year["previous"] if year["in_panel"] else None
        assert ov["year"] == YEAR and ov["previous"] == previous, path.name
        # a group's column only where any of its figures is shown
        shown = {s: any(u[s] is not None for u in year["units"].values()) for s in GROUPS}
        scopes = [s for s in ("class", "province", "nation") if s == "nation" or shown[s]]
        names = {"class": year["klasse"], "province": d["provincie"], "nation": model.NATIONAL}
        assert ov["scopes"] == [names[s] for s in scopes]
        topics = [
            t["id"] for t in cb.topics if any(topic_of.get(p.column) == t["id"] for p in practices)
        ]
        assert [p["topic"] for p in ov["pillars"]] == topics, path.name
        for pillar in ov["pillars"]:
            assert [x["unit"] for x in pillar["practices"]] == [
                p.column for p in practices if topic_of.get(p.column) == pillar["topic"]
            ]
            assert pillar["unit"] == pillar["practices"][0]["unit"]
            answered = [x for x in pillar["practices"] if x["own"] != fmt.MISSING]
            for x in pillar["practices"]:
                e = year["units"][x["unit"]]
                q = cb.questions[question_of[x["unit"]]]
                codes = [c for c, _ in d["units"][x["unit"]]["answers"]]
                for scope, text in zip(scopes, x["groups"], strict=True):
                    if e[scope] is None:
                        assert text == disclosure.SUPPRESSED, (path.name, x["unit"], scope)
                        daggers += 1
                    elif len(q.headline) == 1:  # its text is the question view's
                        assert text == e[scope][codes.index(q.headline[0])][1]
            for k in range(len(scopes)):
                hidden = any(
                    x["groups"][k] == disclosure.SUPPRESSED for x in answered or pillar["practices"]
                )
                assert (pillar["groups"][k] == disclosure.SUPPRESSED) == hidden, (
                    path.name,
                    pillar["topic"],
                )
        advice = tips.build(d["gemeente"], YEAR, processed)
        assert [t["unit"] for t in d["advice"]["tips"]] == [t.column for t in advice.tips]
        assert [t["action"] for t in d["advice"]["tips"]] == [t.action for t in advice.tips]
        assert [s["unit"] for s in d["advice"]["strong_points"]] == [
            s.column for s in advice.strong_points
        ]
        assert d["advice"]["message"] == advice.message
    assert daggers


@pytest.mark.slow
def test_suppressed_province_has_no_figures(monitors):
    """In a province with too few others (the smallest), no provincial figure at all."""
    flevoland = [p for p in monitors.pages if page_data(p)["provincie"] == "Flevoland"]
    assert flevoland
    for path in flevoland:
        for year in page_data(path)["by_year"].values():
            assert all(e["province"] is None for e in year["units"].values())
        # and the overview says why, as the factsheet does
        said = page_data(path)["province_missing"]
        assert said.startswith("Uit Flevoland deden te weinig andere gemeenten mee")
        assert f"<p>{said}</p>" in path.read_text("utf-8")
    others = [p for p in monitors.pages if page_data(p)["provincie"] == "Noord-Holland"]
    assert others and all(page_data(p)["province_missing"] is None for p in others)


@pytest.mark.slow
def test_notes_and_intro_only_where_they_apply(monitors):
    """As on the factsheet: the † note only on a page with a suppressed provincial figure,
    the n.v.t. note only where an answer is n.v.t., the province in the introduction only
    where the page has a provincial figure, and the trend promised only over several years."""
    seen = set()
    for path in monitors.pages:
        text, d = path.read_text("utf-8"), page_data(path)
        entries = [e for y in d["by_year"].values() for e in y["units"].values()]
        suppressed = any(e["province"] is None for e in entries)
        class_hidden = any(
            e["class"] is None
            for y in d["by_year"].values()
            if y["klasse"]
            for e in y["units"].values()
        )
        province = any(e["province"] for e in entries)
        not_asked = any(model.NOT_ASKED in (e["own_label"], e["previous_label"]) for e in entries)
        # one note for both groups where both have a † (the rules are the same)
        groups = [disclosure.PROVINCE] * suppressed + [disclosure.CLASS] * class_hidden
        assert text.count("de vraag beantwoordden, en niet als") == bool(groups), path.name
        if groups:
            assert disclosure.note(*groups) in text, path.name
        assert (NOT_ASKED_NOTE in text) == not_asked, path.name
        assert (f"de gemeenten in {d['provincie']} en in heel" in text) == province, path.name
        assert ("hoe de antwoorden veranderden" in text) == (len(d["years"]) > 1)
        previous = d["overview"]["previous"]  # what "Sinds <year>" counts, where it stands
        assert (SINCE.split(":")[1] in text) == (previous is not None), path.name
        if previous is not None:
            assert SINCE.format(previous=previous) in text
        seen.add((suppressed, province, not_asked, len(d["years"]) > 1))
    # both cases occur (every page of 2023 has some suppressed figure, in some year)
    assert {s[1] for s in seen} == {s[3] for s in seen} == {True, False}


@pytest.mark.slow
def test_pages_open_offline(monitors):
    """No address outside the folder: the scripts come from lib/, the data are inline;
    the links to the factsheet lead to the factsheets beside the folder (reports/<year>/),
    and the footer's to the accessibility statement at the root of the site the page is
    published in (/<year>/gemeenten/)."""
    lib = monitors.out_dir / page.LIB
    for path in monitors.pages:
        text = path.read_text("utf-8")
        assert "http" not in text and "//" not in re.sub(r"<script.*?</script>", "", text)
        sources = re.findall(r'(?:src|href)="([^"]+)"', text)
        within = [s for s in sources if s.startswith("#")]  # the skip links: to headings
        assert within and all(f'id="{s[1:]}"' in text for s in within)
        sources = [s for s in sources if not s.startswith("#")]
        scripts = [f"{page.LIB}/{n}" for n in ("vega.js", "charts.js", "monitor.js")]
        factsheet = [page.factsheet_href(path.stem, s) for s in ("pdf", "html")]
        statement = "../../toegankelijkheid.html"
        assert sources == ["data:,", f"{page.LIB}/monitor.css", *factsheet, statement, *scripts]
        assert all((path.parent / s).is_file() for s in [sources[1], *scripts])
        assert all(f.startswith("../factsheets/") for f in factsheet)
    settings = (lib / "charts.js").read_text("utf-8")
    assert '"url"' not in settings  # the charts load no data file


@pytest.mark.slow
def test_the_same_bytes_again(monitors, processed, tmp_path):
    """Built again elsewhere, a monitor and lib/ are the same bytes (no dates, no ids)."""
    again = batch.run_batch(
        YEAR, target=tmp_path, processed_root=processed, only=["GM0034"], progress=False
    )
    (path,) = again.pages
    assert path.read_bytes() == (monitors.out_dir / path.name).read_bytes()
    for lib in (tmp_path / page.LIB).iterdir():
        assert lib.read_bytes() == (monitors.out_dir / page.LIB / lib.name).read_bytes()


@pytest.mark.parametrize("withheld", [False, True], ids=["message", "withheld"])
def test_a_failing_monitor_is_reported_and_the_others_are_written(
    withheld, processed, tmp_path, monkeypatch
):
    """One municipality's error is gathered, not raised; its stale page goes. Where values
    are withheld (the public workflow's log), only the kind of error: its message may
    quote an answer."""
    good, bad = "GM0034", "GM0363"
    stems = dict(respondents.tasks(YEAR, processed, [good, bad]))
    (tmp_path / f"{stems[bad]}.html").write_text("an old page")
    real = data.monitor

    def monitor(code, *args):
        if code == bad:
            raise KeyError("kapot")
        return real(code, *args)

    monkeypatch.setattr(data, "monitor", monitor)
    if withheld:
        monkeypatch.setenv(logs.WITHHOLD_ENV, "1")
    result = batch.run_batch(
        YEAR, target=tmp_path, processed_root=processed, only=[good, bad], progress=False
    )
    message = f"(message withheld: {logs.WITHHOLD_ENV} is set)" if withheld else ": 'kapot'"
    assert result.failures == {bad: f"KeyError{' ' * withheld}{message}"}
    assert result.pages == [tmp_path / f"{stems[good]}.html"]
    assert sorted(p.name for p in tmp_path.glob("GM*")) == [f"{stems[good]}.html"]


@pytest.mark.slow
def test_worker_processes_make_the_same_pages_and_gather_failures(monitors, processed, monkeypatch):
    """The pool that makes a whole year's pages (two processes) gives the bytes of one
    process; a municipality that fails in a worker is a failure like any other."""
    monkeypatch.setattr(batch, "POOL_FROM", 0)  # read in this process: a pool for two pages
    good = monitors.pages[0]
    todo = [(good.stem[:6], good.stem), ("GM9999", "GM9999-nergens")]
    made = {code: (page, ok) for code, page, ok in batch._outcomes(todo, YEAR, processed, 2)}
    assert made[good.stem[:6]] == (good.read_text("utf-8"), True)
    assert not made["GM9999"][1] and made["GM9999"][0].startswith("ValueError: ")


@pytest.mark.slow
@pytest.mark.parametrize("pool", [False, True], ids=["one process", "two processes"])
def test_unreadable_tables_are_one_error_that_quotes_no_value(
    pool, processed, tmp_path, monkeypatch, capfd
):
    """Tables not as the data step wrote them: one error naming the folder, said once
    (no traceback from each worker), its library's words left out where the log is
    public; no page made or removed."""
    import shutil

    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    table = root / str(YEAR) / "answers_by_class.parquet"
    frame = pd.read_parquet(table)
    frame[classes.COLUMN] = frame[classes.COLUMN].astype(str).where(frame.index > 0, "geheim6")
    frame.to_parquet(table)
    monkeypatch.setenv(logs.WITHHOLD_ENV, "1")
    monkeypatch.setattr(batch, "POOL_FROM", 0 if pool else 10**6)
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "GM0034-almere.html"
    earlier.write_text("an earlier page", "utf-8")
    with pytest.raises(ValueError) as err:
        batch.run_batch(YEAR, target=out, processed_root=root, workers=2, progress=False)
    unreadable = (
        f"{root / str(YEAR)}: the processed tables cannot be read (ValueError (message "
        f"withheld: {logs.WITHHOLD_ENV} is set)); `make data` writes them again"
    )
    assert str(err.value) == unreadable
    said = capfd.readouterr()
    assert "geheim6" not in said.out + said.err and "Traceback" not in said.err
    assert [p.name for p in out.glob("GM*")] == [earlier.name]
    assert earlier.read_text("utf-8") == "an earlier page"


def test_the_command_says_when_the_year_has_no_urbanity_classes(processed, tmp_path, capsys):
    """The data step says it only while it runs: on tables already made, the pages'
    step says it too (the pages leave out the comparison with similar municipalities)."""
    import shutil

    root = tmp_path / "processed"
    shutil.copytree(processed, root)
    meta = root / str(YEAR) / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text("utf-8")), "classes": None}))
    code = respondents.respondents(YEAR, root)["gemeentecode"].iloc[0]

    def run(tables: Path, out: str) -> str:
        args = ["--year", str(YEAR), "--only", code, "--processed", str(tables)]
        assert cli.main([*args, "--no-progress", "--out", str(tmp_path / out)]) == 0
        return capsys.readouterr().err

    assert f"warning: no CBS urbanity classes for {YEAR} " in run(root, "without")
    assert "urbanity classes" not in run(processed, "with")


# the monitor's command, its log in argv[1] (not the repository's reports/logs)
MONITOR_COMMAND = """
import sys
from pathlib import Path

from helpers import cli, paths
from helpers.monitor import __main__ as monitor

if __name__ == "__main__":  # not in the workers, which import this file again (spawn)
    paths.LOGS = Path(sys.argv[1])
    sys.exit(cli.run(lambda: monitor.main(sys.argv[2:])))
"""


def _workers(pid: int) -> list[str]:
    """The pool workers `pid` has started (not multiprocessing's resource tracker)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # a thread or a child that ended meanwhile
            for child in (task / "children").read_text().split():
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(child)
    return found


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="reads /proc/<pid>/task/<tid>/children to see the workers start",
)
def test_ctrl_c_as_the_workers_start_is_one_line(processed, tmp_path):
    """Ctrl-C (SIGINT to every process of the command, as a terminal sends it) while the
    worker processes start: one line, ended as by SIGINT, no traceback from each worker
    (they ignore Ctrl-C; the command stops them)."""
    script = tmp_path / "monitor.py"
    script.write_text(MONITOR_COMMAND)
    out = tmp_path / "out"
    run = [sys.executable, str(script), str(tmp_path), "--year", str(YEAR), "--out", str(out)]
    run += ["--processed", str(processed), "--no-progress", "--workers", "2"]
    proc = subprocess.Popen(run, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(_workers(proc.pid)) < 2:
            assert proc.poll() is None, f"it ended before its workers started: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.005)
        time.sleep(0.5)  # into their imports (about a second); the pages take seconds more
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, err.strip()) == (-signal.SIGINT, "error: stopped (Ctrl-C)")


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours."""
    hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast():
    """WCAG 2.1 AA: text 4.5:1 on every background it stands on; chart marks, the focus
    ring and control borders 3:1 against the page."""
    c = charts.COLORS
    for background in ("background", "panel", "notice"):
        assert contrast(c["text"], c[background]) >= 4.5, background
    for graphic in ("province", "nation", "own", "focus", "notice-edge", *charts.TREND):
        color = c.get(graphic, graphic)
        assert contrast(color, c["background"]) >= 3, graphic
    assert contrast(c["province"], c["nation"]) > 1.2  # the two bars tell apart


@pytest.mark.slow
def test_page_colours_come_from_charts_colors(monitors):
    """The page's styles use only the named colours (no colour typed elsewhere)."""
    css = (monitors.out_dir / page.LIB / "monitor.css").read_text("utf-8")
    assert not re.findall(r"#[0-9a-fA-F]{3,6}\b", css)
    text = monitors.pages[0].read_text("utf-8")
    for name, color in charts.COLORS.items():
        assert f"--{name}: {color};" in text


def test_cli_not_a_respondent(processed, tmp_path, caplog):
    assert (
        cli.main(
            [
                "--year",
                str(YEAR),
                "--processed",
                str(processed),
                "--out",
                str(tmp_path),
                "--only",
                "GM9999",
                "--no-progress",
            ]
        )
        == 1
    )
    assert "GM9999" in caplog.text
    assert not list(tmp_path.glob("*.html"))


def test_cli_without_year_logs_under_the_latest_year(processed, tmp_path):
    """The README's log name, monitor-<year>.log, also when the year is the default."""
    log = paths.LOGS / f"monitor-{codebook.latest_year()}.log"
    log.unlink(missing_ok=True)  # from another test's run
    argv = ["--processed", str(processed), "--out", str(tmp_path), "--no-progress"]
    assert cli.main([*argv, "--only", "GM0363"]) == 0
    assert "wrote 1 monitor" in log.read_text("utf-8")


def test_cli_year_without_tables(tmp_path, caplog):
    """One line that says why: a year data/raw lacks (which years it has), or one that
    has not been processed yet (what to run)."""
    assert cli.main(["--year", "2031", "--processed", str(tmp_path), "--no-progress"]) == 1
    raw_years = ", ".join(map(str, codebook.available_years()))
    assert f"no raw data for 2031, so no processed tables (years in data/raw: {raw_years})" in (
        caplog.text
    )
    assert cli.main(["--year", "2023", "--processed", str(tmp_path), "--no-progress"]) == 1
    assert f"{tmp_path / '2023'}: no processed tables for 2023; run `make data` first" in (
        caplog.text
    )


def test_the_advice_names_similar_municipalities_only_in_a_year_with_classes():
    with_classes = page._advice_words("vergelijkbare gemeenten (weinig stedelijk)")["intro"]
    assert "van de vergelijkbare gemeenten (weinig stedelijk) wel. Waar hun cijfer" in with_classes
    without = page._advice_words(None)["intro"]
    assert "vergelijkbare" not in without and f"gemeenten in {model.NATIONAL} wel" in without


def test_the_overview_note_says_where_a_dagger_stands_while_rows_are_folded():
    """The † note under the overview: none without a †; where only practices (folded
    away when the page opens) hold one, it says to open a pillar to see it."""
    dagger = disclosure.SUPPRESSED

    def overview(pillar: str, practice: str) -> dict:
        groups = {"pillars": [{"groups": [pillar], "practices": [{"groups": [practice]}]}]}
        return groups | {"notes": ["Actielijn 2 staat er niet in."]}

    assert page._overview_notes(overview("60%", "50%")) == ["Actielijn 2 staat er niet in."]
    shown, _ = page._overview_notes(overview(dagger, dagger))
    folded, last = page._overview_notes(overview("60%", dagger))
    assert shown.startswith(f"{dagger} {disclosure.NOT_SHOWN}: ") and "open een" not in shown
    hint = f"Het teken {dagger} staat dan alleen bij werkwijzen: open een actielijn of pijler"
    assert folded == f"{shown} {hint} om ze te zien." and last == "Actielijn 2 staat er niet in."


def test_a_municipality_s_own_words_are_on_its_page_and_cannot_break_it(processed):
    """What it wrote beside 'Anders' is its own answer there; no text, whatever it holds,
    can end the page's data element or open a comment in it."""
    responses = pd.read_parquet(processed / "2023" / "responses.parquet")
    wrote = responses.dropna(subset=["uitdagingen_anders_tekst"]).iloc[0]
    units = data.monitor(wrote["gemeentecode"], 2023, processed)["by_year"]["2023"]["units"]
    own = units["uitdagingen_anders"]["own_label"]
    assert own.endswith(f": ‘{wrote['uitdagingen_anders_tekst'].strip()}’")
    hostile = {"own_label": "Wel: ‘</script><!--<script>alert(1)</script>’"}
    text = templates.script_json(hostile)
    assert "<" not in text and json.loads(text) == hostile


def test_the_trend_says_where_it_breaks(monitors, processed):
    """A municipality that skipped a benchmark year between its first and last sees dots
    where the trend breaks: the text says which years it did not take part in, once."""
    held = sorted(int(p.name) for p in processed.iterdir() if p.name.isdigit())
    gaps = {}
    for path in monitors.pages:
        years = page_data(path)["years"]
        skipped = [y for y in held if years[0] < y < years[-1] and y not in years]
        gaps[path] = skipped
        text = path.read_text("utf-8")
        said = "deed uw gemeente niet mee: daar is de lijn onderbroken."
        assert (said in text) == bool(skipped), path.name
        if skipped:
            assert f"In {fmt.join([str(y) for y in skipped])} {said}" in text
    assert any(gaps.values()) and not all(gaps.values())
