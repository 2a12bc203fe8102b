"""The monitor in a real browser: Debian's headless Chromium driven by selenium.

Opens monitors from file:// (as a municipality would, offline): the overview it opens on,
recounted from the processed tables, and its tips against `tips.of`; from a row of the
overview to its question with the keyboard; chooses a theme and a question with the
keyboard and the mouse, and checks that the chart and the table show the numbers of the
processed tables; no console errors; the CSV download; screenshots.
Without chromium and chromedriver these tests skip, except under CI (CI=true), where
.ci/run installs them and a missing browser is a failure.
"""

import csv
import io
import itertools
import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import disclosure
from helpers.data import codebook
from helpers.monitor import batch, data
from helpers.municipality import model, tips
from helpers.report import fmt

pytestmark = [pytest.mark.synthetic_data, pytest.mark.slow]
YEAR = 2023
LARGE = "GM0743"  # Asten, Noord-Brabant: the largest province
SUPPRESSED = "GM0034"  # Almere, Flevoland: too few others, no provincial figure
STADSKANAAL = "GM0037"  # Groningen: 4 respondents, no provincial figure; weinig stedelijk
AMSTERDAM = "GM0363"  # Noord-Holland: province and class figures, some suppressed
SCREENSHOTS = os.environ.get("EEN_SCREENSHOTS")  # a folder to keep the screenshots in


@pytest.fixture(scope="module")
def folder(processed, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("monitor")
    only = [LARGE, SUPPRESSED, STADSKANAAL, AMSTERDAM, _without_tips(processed)]
    only += [_with_a_gap(processed)]
    result = batch.run_batch(
        YEAR, target=target, processed_root=processed, only=only, progress=False
    )
    assert not result.failures
    return target


def _without_tips(processed) -> str:
    """The first respondent (by code) whose answers give no tip at all."""
    respondents = pd.read_parquet(processed / str(YEAR) / "responses.parquet")["gemeentecode"]
    return next(c for c in sorted(respondents) if not tips.of(model.build(c, YEAR, processed)).tips)


def _first_respondent(processed, which, what: str) -> str:
    """The first respondent (by code) whose years taken part pass `which`."""
    respondents = pd.read_parquet(processed / str(YEAR) / "responses.parquet")["gemeentecode"]
    for code in sorted(respondents):
        if which(data.years_taken_part(code, YEAR, processed)):
            return code
    raise AssertionError(f"no respondent {what}: the trend test has nothing to check")


def _with_a_gap(processed) -> str:
    """The first respondent that skipped a year between its first and this one."""
    return _first_respondent(
        processed, lambda years: years != list(range(years[0], YEAR + 1)), "skipped a year"
    )


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    # Debian's chromium (.ci/run installs it), or the Chrome that GitHub's runners ship
    # with its driver in $CHROMEWEBDRIVER (the test workflow)
    chromium = shutil.which("chromium") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver") or shutil.which(
        "chromedriver", path=os.environ.get("CHROMEWEBDRIVER", "")
    )
    if not (chromium and driver):
        message = "headless Chromium not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    options.add_argument("--window-size=1100,1600")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(driver), options=options)
    try:
        d.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        yield d
    finally:
        d.quit()


def _open(browser, folder: Path, code: str):
    (path,) = folder.glob(f"{code}-*.html")
    browser.get(path.as_uri())
    _wait(browser)
    return path


def _wait(browser, timeout: float = 20) -> None:
    """Until the page has drawn its charts (monitor.js sets window.monitorReady); asked
    every 20 ms, not selenium's default 500 ms (a chart takes a few ms to draw)."""
    from selenium.webdriver.support.ui import WebDriverWait

    ready = WebDriverWait(browser, timeout, poll_frequency=0.02)
    ready.until(lambda d: d.execute_script("return window.monitorReady"))


def _choose(browser, select_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, select_id)).select_by_value(value)
    _wait(browser)


def _table(browser, table_id: str) -> list[list[str]]:
    rows = browser.execute_script(
        "return [...document.getElementById(arguments[0]).rows].map("
        "r => [...r.cells].map(c => c.textContent))",
        table_id,
    )
    return rows


def _chart_labels(browser, chart_id: str) -> list[str]:
    """The value labels the chart drew (its text marks), in drawing order."""
    return browser.execute_script(
        "return [...document.querySelectorAll('#' + arguments[0] + ' g.mark-text.role-mark text')]"
        ".map(t => t.textContent)",
        chart_id,
    )


def _errors(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _screenshot(browser, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a page, not a blank
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / path.name)
    return path


def _expected(
    processed: Path, year: int, question: str, province: str | None, klasse: int | None = None
) -> pd.Series:
    """The shares (text, in the codebook's answer order) of one single question of the
    processed tables: the indicator table (national), answers_by_province or, given a
    `klasse`, answers_by_class."""
    folder = processed / str(year)
    if klasse is not None:
        table = pd.read_parquet(folder / "answers_by_class.parquet")
        table = table[(table["question"] == question) & (table["stedelijkheid"] == klasse)]
    elif province is None:
        table = pd.read_parquet(folder / f"question_{question}.parquet")
        table = table[(table["year"] == year) & (table["population"] == "alle")]
    else:
        table = pd.read_parquet(folder / "answers_by_province.parquet")
        table = table[(table["question"] == question) & (table["provincienaam"] == province)]
    (unit,) = [u for u in model.units(year) if u.column == question]
    return table[table["item"] == ""].set_index("code")["pct"].reindex(unit.codes).map(fmt.pct)


def test_choose_theme_and_question_shows_the_processed_numbers(
    browser, folder, processed, tmp_path
):
    """Asten (Noord-Brabant): pick Pijler 2 and its coalition question; the table and the
    chart show the shares of the processed tables, for the municipalities of its urbanity
    class, the province and the country: the overview's order, in the legend too."""
    from selenium.webdriver.common.by import By

    _open(browser, folder, LARGE)
    assert not _errors(browser)
    _choose(browser, "thema", "pijler2")
    _choose(browser, "vraag", "lokale_coalitie")
    fs = model.build(LARGE, YEAR, processed)
    row = fs.rows.set_index("column").loc["lokale_coalitie"]
    nation = _expected(processed, YEAR, "lokale_coalitie", None)
    province = _expected(processed, YEAR, "lokale_coalitie", fs.provincie)
    peers = _expected(processed, YEAR, "lokale_coalitie", None, fs.klasse)
    table = _table(browser, "tabel-antwoord")
    header, body, base = table[0], table[1:-1], table[-1]
    groups = [_class_name(fs), fs.provincie, model.NATIONAL]
    assert header[1:] == groups
    assert [r[3] for r in body] == list(nation)
    assert base[1:] == [str(row["n_class"]), str(row["n_province"]), str(row["n_nation"])]
    labels = _chart_labels(browser, "grafiek-antwoord")
    assert row["province_shown"] and row["class_shown"]  # the suppressed case: Almere
    assert [r[1] for r in body] == list(peers)
    assert [r[2] for r in body] == list(province)
    assert sorted(labels) == sorted([*province, *peers, *nation])
    assert browser.find_element(By.ID, "legenda-provincie").is_displayed()
    assert browser.find_element(By.ID, "legenda-klasse").is_displayed()
    assert browser.find_element(By.ID, "legenda").text == " ".join(groups)
    axis = browser.execute_script(
        "return [...document.querySelectorAll('#grafiek-antwoord g.role-axis-label text')]"
        ".map(t => t.textContent).filter(t => !t.endsWith('%'))"
    )
    assert axis == [r[0] for r in body]  # the chart's answers in the table's order
    own = [r[0] for r in body if r[0].endswith(data.WORDS["own_marker"])]
    assert own == [f"{row['own']} {data.WORDS['own_marker']}"]
    # the trend: one row per year Asten took part, the national shares of that year
    trend = _table(browser, "tabel-trend")[1:]
    years = data.years_taken_part(LARGE, YEAR, processed)
    asked = [y for y in years if "lokale_coalitie" in model.year_data(y, processed).responses]
    assert [int(r[0]) for r in trend] == asked
    for r in trend:
        assert r[2:-1] == list(_expected(processed, int(r[0]), "lokale_coalitie", None))
    assert len(_chart_labels(browser, "grafiek-trend")) == 0  # lines, no value labels
    lines = "return document.querySelectorAll('#grafiek-trend g.mark-line path').length"
    assert browser.execute_script(lines) == len(nation)
    assert not _errors(browser)
    _screenshot(browser, tmp_path, "monitor-asten-pijler2")


def test_keyboard_changes_theme_and_question(browser, folder):
    """With the keyboard only: Tab to the theme, arrow down, Tab to the question, arrow
    down; the question list follows the theme and the chart follows the question."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, folder, LARGE)
    browser.execute_script("document.getElementById('jaar').focus()")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "thema"
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    _wait(browser)
    assert browser.find_element(By.ID, "thema").get_attribute("value") == "actielijn2"
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "vraag"
    first = browser.find_element(By.ID, "vraag").get_attribute("value")
    assert first.startswith("producten_diensten")
    before = _table(browser, "tabel-antwoord"), _chart_labels(browser, "grafiek-antwoord")
    text = browser.find_element(By.ID, "vraagtekst").text
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    _wait(browser)
    second = browser.find_element(By.ID, "vraag").get_attribute("value")
    assert second != first and second.startswith("producten_diensten")
    table, labels = _table(browser, "tabel-antwoord"), _chart_labels(browser, "grafiek-antwoord")
    assert (table, labels) != before  # the table and the chart followed
    assert sorted(labels) == sorted(c for r in table[1:-1] for c in r[1:] if c != fmt.MISSING)
    assert browser.find_element(By.ID, "vraagtekst").text != text
    assert not _errors(browser)


def test_suppressed_province_in_the_browser(browser, folder, processed, tmp_path):
    """Almere (Flevoland): the table says the provincial figure is too small, the chart
    has the class's and the national bars only, and the legend does not name the
    province; in its first year it did not take part the year before, and the changes
    say so."""
    from selenium.webdriver.common.by import By

    _open(browser, folder, SUPPRESSED)
    _choose(browser, "thema", "pijler3")
    _choose(browser, "vraag", "huisbezoek_75plus")
    nation = _expected(processed, YEAR, "huisbezoek_75plus", None)
    fs = model.build(SUPPRESSED, YEAR, processed)
    assert fs.rows.set_index("column").loc["huisbezoek_75plus", "class_shown"]
    peers = _expected(processed, YEAR, "huisbezoek_75plus", None, fs.klasse)
    table = _table(browser, "tabel-antwoord")
    assert disclosure.NOT_SHOWN in table[0][2]
    assert [r[3] for r in table[1:-1]] == list(nation)
    assert [r[1] for r in table[1:-1]] == list(peers)
    assert sorted(_chart_labels(browser, "grafiek-antwoord")) == sorted([*peers, *nation])
    assert not browser.find_element(By.ID, "legenda-provincie").is_displayed()
    assert not _errors(browser)
    _screenshot(browser, tmp_path, "monitor-almere-pijler3")
    first = min(data.years_taken_part(SUPPRESSED, YEAR, processed))
    previous = model.year_data(first, processed).meta["previous_year"]
    assert previous and SUPPRESSED not in model.year_data(previous, processed).responses.index
    _choose(browser, "jaar", str(first))
    empty = browser.find_element(By.ID, "veranderingen-leeg").text
    assert empty == data.WORDS["no_previous"].format(previous=previous)
    assert not browser.find_element(By.ID, "tabel-veranderingen").is_displayed()
    assert not _errors(browser)


def test_year_and_changes(browser, folder, processed):
    """The changes since last year list every changed answer; unticking the box lists all;
    the first year has nothing to compare with, and says so."""
    from selenium.webdriver.common.by import By

    _open(browser, folder, LARGE)
    fs = model.build(LARGE, YEAR, processed)
    changed = _table(browser, "tabel-veranderingen")[1:]
    assert len(changed) == int(fs.rows["changed"].sum())
    assert {r[-1] for r in changed} == {data.WORDS["yes"]}
    browser.execute_script("document.getElementById('alleen-veranderd').click()")
    everything = _table(browser, "tabel-veranderingen")[1:]
    assert len(everything) == len(fs.rows)
    # yes, no, or "–" where one year has no answer to compare (n.v.t. or none)
    flags = [r[-1] for r in everything]
    words = [
        data.WORDS["yes"]
        if r.changed
        else data.WORDS["no"]
        if r.comparable
        else data.WORDS["missing"]
        for r in fs.rows.itertuples()
    ]
    assert flags == words and data.WORDS["missing"] in flags
    first = min(data.years_taken_part(LARGE, YEAR, processed))
    _choose(browser, "jaar", str(first))
    text = "return document.getElementById(arguments[0]).textContent"
    assert browser.execute_script(text, "antwoord-kop").endswith(str(first))
    if first == min(data.processed_years(YEAR, processed)):  # no year before it
        assert (
            browser.execute_script(text, "veranderingen-kop") == data.WORDS["changes_heading_first"]
        )
        assert browser.execute_script(text, "veranderingen-leeg") == data.WORDS["first_year"]
        assert not browser.find_element(By.ID, "csv-veranderingen").is_displayed()
    assert not _errors(browser)


def test_csv_download(browser, folder, downloads):
    """Each button downloads the table shown, as CSV for a Dutch spreadsheet: the answers,
    the trend and the changes (texts with commas kept whole: quoted)."""
    _open(browser, folder, LARGE)
    _choose(browser, "thema", "pijler5")
    name, rows = _download(browser, downloads, "csv-antwoord")
    assert name == f"eenzaamheidsmonitor-{LARGE}-monitoring_evaluatie-{YEAR}.csv"
    assert [r[3:] for r in rows] == _table(browser, "tabel-antwoord")
    assert rows[0][0] == data.WORDS["municipality"]
    assert {r[0] for r in rows[1:]} == {f"Asten ({LARGE})"}
    name, rows = _download(browser, downloads, "csv-trend")
    assert name.endswith(f"-monitoring_evaluatie-{data.WORDS['csv_trend']}.csv")
    assert [r[2:] for r in rows] == _table(browser, "tabel-trend")
    browser.execute_script("document.getElementById('alleen-veranderd').click()")
    name, rows = _download(browser, downloads, "csv-veranderingen")
    assert name.endswith(f"-{data.WORDS['csv_changes']}-{YEAR}.csv")
    assert [r[1:] for r in rows] == _table(browser, "tabel-veranderingen")
    assert any("," in cell for r in rows for cell in r)  # quoting was needed, and held
    assert not _errors(browser)


def _trend(browser, folder, processed, code: str) -> tuple[list[int], list, list]:
    """The years `code` took part, the trend's year labels ([label, x]) and the x of its
    points, for a question asked every year."""
    years = data.years_taken_part(code, YEAR, processed)
    column = "lokale_coalitie"  # asked every year
    _open(browser, folder, code)
    _choose(browser, "thema", next(u.topic for u in model.units(YEAR) if u.column == column))
    _choose(browser, "vraag", column)
    assert [int(r[0]) for r in _table(browser, "tabel-trend")[1:]] == years
    ticks, points = browser.execute_script(
        "const c = document.getElementById('grafiek-trend');"
        "const x = (e) => Math.round(e.transform.baseVal[0].matrix.e);"
        "return [[...c.querySelectorAll('g.role-axis-label text')]"
        "          .filter((t) => !t.textContent.endsWith('%')).map((t) => [t.textContent, x(t)]),"
        "        [...c.querySelectorAll('g.mark-symbol.role-mark path')].map(x)]"
    )
    return years, ticks, points


def test_two_years_have_a_tick_each_and_none_between(browser, folder, processed):
    """Vega's own ticks for 2022-2023 put one on 2022.5, labelled "2023" a second time."""
    code = _first_respondent(
        processed, lambda years: years == [YEAR - 1, YEAR], "took part only this year and the last"
    )
    years, ticks, points = _trend(browser, folder, processed, code)
    ticks_at = {int(label): x for label, x in ticks}
    assert list(ticks_at) == years and len(ticks) == len(years)
    assert set(points) == set(ticks_at.values())
    assert not _errors(browser)


def test_the_trend_spaces_years_as_years(browser, folder, processed):
    """A municipality that skipped a year: the trend has a tick for every year from its
    first to this one, each point stands at its own year's tick, and no line crosses the
    skipped year, so it shows as a gap instead of two years drawn side by side."""
    years, ticks, points = _trend(browser, folder, processed, _with_a_gap(processed))
    assert [int(label) for label, _ in ticks] == list(range(years[0], YEAR + 1))
    at = dict(ticks)
    steps = {b - a for a, b in itertools.pairwise(at.values())}
    assert max(steps) - min(steps) <= 1  # evenly spaced years
    assert set(points) == {at[str(y)] for y in years}  # a point at each year taken part
    runs = 1 + sum(b != a + 1 for a, b in itertools.pairwise(years))  # of consecutive years
    answers = len(_table(browser, "tabel-trend")[0]) - 3  # year, own answer, n
    lines = "return document.querySelectorAll('#grafiek-trend g.mark-line path').length"
    assert runs > 1 and browser.execute_script(lines) == answers * runs
    assert not _errors(browser)


@pytest.fixture
def phone(browser):
    """The browser with a phone's screen: `phone.width(px)` sets its width."""

    def width(px: int) -> None:
        metrics = {"width": px, "height": 640, "deviceScaleFactor": 1, "mobile": False}
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)

    browser.width = width
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_on_a_phone_the_charts_fit_and_the_years_stay_years(phone, folder, processed):
    """From 320 px (WCAG 1.4.10) to common phone widths the answers' labels break in lines
    and the plots narrow, so that neither chart of the question with the longest answers
    scrolls sideways; the trend still has a tick on each year from the first taken part
    and none beyond (a narrow plot's padding spans more than a year)."""
    longest = max(model.units(YEAR), key=lambda u: max(map(len, u.labels)))
    for width in (320, 360, 414):
        phone.width(width)
        _open(phone, folder, LARGE)
        _choose(phone, "thema", longest.topic)
        _choose(phone, "vraag", longest.column)
        boxes = phone.execute_script(
            "return ['grafiek-antwoord', 'grafiek-trend'].map((id) => {"
            "  const box = document.getElementById(id).parentElement;"
            "  return [id, box.scrollWidth - box.clientWidth,"
            "          box.querySelectorAll('text tspan').length]})"
        )
        assert [(id, over) for id, over, _ in boxes] == [
            ("grafiek-antwoord", 0),
            ("grafiek-trend", 0),
        ], width
        assert all(lines for *_, lines in boxes)  # labels in lines: Vega draws a line a tspan
    phone.width(320)
    years, ticks, _ = _trend(phone, folder, processed, _with_a_gap(processed))
    assert [int(label) for label, _ in ticks] == list(range(years[0], YEAR + 1))
    assert not _errors(phone)


def test_on_a_phone_the_overview_keeps_what_a_row_is_in_view(phone, folder):
    """At 360 px the overview scrolls sideways; scrolled to its last column, each row's
    first cell (its actielijn or pijler, its toggle) is still at the left of the box."""
    phone.width(360)
    _open(phone, folder, LARGE)
    shift, lefts = phone.execute_script(
        "const box = document.querySelector('#overzicht .scroll');"
        "box.scrollLeft = box.scrollWidth;"
        "const x = box.getBoundingClientRect().left;"
        "return [box.scrollLeft, [...box.querySelectorAll('tr > :first-child')]"
        "  .filter((c) => c.offsetParent).map((c) => c.getBoundingClientRect().left - x)];"
    )
    assert shift > 0 and lefts and all(abs(left) < 1 for left in lefts), (shift, lefts)
    assert not _errors(phone)


def test_a_question_not_asked_that_year(browser, folder, processed):
    """Asten in its first year, on a question asked only later: said so, no chart, no
    provincial marker; the trend starts when the question was first asked."""
    from selenium.webdriver.common.by import By

    first = min(data.years_taken_part(LARGE, YEAR, processed))
    asked_then = {u.column for u in model.units(first)}
    column = next(u.column for u in model.units(YEAR) if u.column not in asked_then)
    topic = next(u.topic for u in model.units(YEAR) if u.column == column)
    _open(browser, folder, LARGE)
    _choose(browser, "jaar", str(first))
    _choose(browser, "thema", topic)
    _choose(browser, "vraag", column)
    own = browser.find_element(By.ID, "eigen").text
    assert own == data.WORDS["not_asked_year"].format(year=first)
    assert not browser.find_element(By.ID, "figuur-antwoord").is_displayed()
    assert not browser.find_element(By.ID, "legenda").is_displayed()
    assert not browser.find_element(By.ID, "csv-antwoord").is_displayed()
    assert not browser.find_element(By.ID, "blok-antwoord").is_displayed()  # its table
    table = _table(browser, "tabel-antwoord")
    assert table == [
        [data.WORDS["answer"], model.build(LARGE, YEAR, processed).provincie, model.NATIONAL]
    ]
    years = [int(r[0]) for r in _table(browser, "tabel-trend")[1:]]
    assert years and min(years) > first
    assert not _errors(browser)


def _download(browser, downloads: Path, button: str) -> tuple[str, list[list[str]]]:
    """Click a CSV button; the name and rows of the (new) file it downloads."""
    from selenium.webdriver.common.by import By

    for old in downloads.glob("*.csv"):
        old.unlink()
    browser.find_element(By.ID, button).click()
    # The name can appear before the content (Chromium reserves it with an empty file):
    # wait for both.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        files = list(downloads.glob("*.csv"))
        if files and all(f.stat().st_size for f in files):
            break
        time.sleep(0.1)
    (file,) = files
    raw = file.read_bytes()
    assert raw.startswith("\ufeff".encode())  # a byte-order mark: Excel reads UTF-8
    return file.name, list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


# --- the overview and the advice it opens on ----------------------------------------------


def _headline_pcts(processed: Path, code: str, fs: model.Factsheet) -> dict:
    """{(column, scope): exact share of the group that gave the headline answer}, from the
    processed tables: the national one (question_<id>), answers_by_class of its class and
    answers_by_province of its province."""
    folder = processed / str(YEAR)
    cb = codebook.load()
    tables = {
        "class": pd.read_parquet(folder / "answers_by_class.parquet").query(
            "stedelijkheid == @fs.klasse"
        ),
        "province": pd.read_parquet(folder / "answers_by_province.parquet").query(
            "provincienaam == @fs.provincie"
        ),
    }
    out = {}
    for p in tips.load().practices:
        q = cb.questions[p.question]
        national = pd.read_parquet(folder / f"question_{p.question}.parquet")
        tables["nation"] = national.query("year == @YEAR and population == 'alle'")
        for scope, table in tables.items():
            rows = table[(table["question"] == p.question) & (table["item"] == p.item)]
            out[(p.column, scope)] = rows[rows["code"].isin(q.headline)]["pct"].sum()
    return out


def fs_any(processed: Path, code: str, scope: str) -> bool:
    return getattr(model.build(code, YEAR, processed), f"{scope}_any")


def _recount(processed: Path, code: str) -> tuple[list[str], list[list[str]]]:
    """The overview's header and rows (a pillar, then its practices), recounted here: the
    score is the share of the practices (data/raw/advies.yaml) it answered that it has;
    a group's figure its share with the headline answer (the processed tables), shown
    where the model shows that column's figure (`class_shown`, `province_shown`: the rules
    of helpers.disclosure), a pillar's the mean over the practices it answered, "†" if
    any of those is suppressed; marks from `tips.of`; changes from last year's responses."""
    cb = codebook.load()
    fs = model.build(code, YEAR, processed)
    rows = fs.rows.set_index("column")
    pcts = _headline_pcts(processed, code, fs)
    advice = tips.of(fs, processed)
    marks = {t.column: "kans" for t in advice.tips}
    marks |= {s.column: "sterk punt" for s in advice.strong_points}
    # a group's column only where any figure of it is shown: no column of daggers alone
    scopes = ["nation"] + [s for s in ("province", "class") if any(rows[f"{s}_shown"])]
    scopes.sort(key=("class", "province", "nation").index)
    own = pd.read_parquet(processed / str(YEAR) / "responses.parquet").set_index("gemeentecode")
    before = pd.read_parquet(processed / str(fs.previous_year) / "responses.parquet")
    before = before.set_index("gemeentecode").loc[code]
    topic_of = {u.column: u.topic for u in model.units(YEAR)}

    def label(value, question) -> str | None:
        return None if pd.isna(value) else dict(cb.answers(cb.questions[question]))[int(value)]

    def has(value, question) -> bool | None:
        """None: not answered, or "Weet niet" (neither has nor lacks it)."""
        said = label(value, question)
        if said is None or codebook.label_key(said) in tips.load().unknown_answers:
            return None
        return int(value) in cb.questions[question].headline

    def shown(column: str, scope: str) -> bool:
        return scope == "nation" or bool(rows.loc[column, f"{scope}_shown"])

    count = lambda a, b: f"{a} van {b}"  # noqa: E731
    expected = []
    for topic in cb.topics:
        practices = [p for p in tips.load().practices if topic_of.get(p.column) == topic["id"]]
        if not practices:
            continue
        lines, answered, both = [], [], []
        for p in practices:
            now = has(own.loc[code, p.column], p.question)
            then = has(before.get(p.column), p.question)
            if now is not None:
                answered.append(p)
                if then is not None:
                    both.append((then, now))
            change = fmt.MISSING
            if now is not None and then is not None:
                change = (
                    "gelijk"
                    if now == then
                    else f"{'ja' if then else 'nee'} → " + ("ja" if now else "nee")
                )
            groups = [
                fmt.pct(pcts[(p.column, s)]) if shown(p.column, s) else disclosure.SUPPRESSED
                for s in scopes
            ]
            said = label(own.loc[code, p.column], p.question)
            unknown = said is not None and codebook.label_key(said) in tips.load().unknown_answers
            yes_no = said.lower() if unknown else fmt.MISSING
            yes_no = yes_no if now is None else ("ja" if now else "nee")
            lines.append([p.name, yes_no, *groups, marks.get(p.column, ""), change])
        over = answered or practices
        groups = []
        for s in scopes:
            if not all(shown(p.column, s) for p in over):
                groups.append(disclosure.SUPPRESSED)
            else:
                values = [pcts[(p.column, s)] for p in over]
                groups.append(fmt.pct(sum(values) / len(values)))
        n_has = sum(has(own.loc[code, p.column], p.question) for p in answered)
        score = f"{fmt.pct(100 * n_has / len(answered))} ({count(n_has, len(answered))})"
        tip_n = sum(marks.get(p.column) == "kans" for p in practices)
        strong_n = sum(marks.get(p.column) == "sterk punt" for p in practices)
        flag = " · ".join(
            [f"{tip_n} {'kans' if tip_n == 1 else 'kansen'}"] * bool(tip_n)
            + [f"{strong_n} {'sterk punt' if strong_n == 1 else 'sterke punten'}"] * bool(strong_n)
        )
        then, now = (count(sum(x), len(both)) for x in zip(*both, strict=True))
        change = "gelijk" if then == now else f"{then} → {now}"
        heading = f"{topic['label']} · {topic['title']}"
        expected += [[heading, score, *groups, flag, change], *lines]
    names = {"class": _class_name(fs), "province": fs.provincie, "nation": model.NATIONAL}
    header = ["Actielijn of pijler", "Uw gemeente", *(names[s] for s in scopes)]
    header += ["Valt op", f"Sinds {fs.previous_year}", "Naar de vraag"]
    return header, expected


def _class_name(fs: model.Factsheet) -> str:
    """The class as the monitor names it in a column header (capitalised there)."""
    return f"Vergelijkbare gemeenten ({fs.klasse_label})"


@pytest.mark.parametrize("code", [STADSKANAAL, AMSTERDAM])
def test_opens_on_the_overview_recounted(browser, folder, processed, tmp_path, code):
    """The first view is the overview of YEAR: its first heading, the table in sight,
    each pillar folded; every cell (pillars and practices) as recounted from the
    processed tables, with the model's disclosure decisions. Stadskanaal: Groningen's
    figures all "†", its class shown; Amsterdam: some class figures suppressed."""
    from selenium.webdriver.common.by import By

    _open(browser, folder, code)
    assert not _errors(browser)
    first = browser.execute_script("return document.querySelector('main h2').textContent")
    assert first == f"Overzicht {YEAR}"
    assert browser.execute_script("return window.scrollY") == 0
    table = browser.find_element(By.ID, "tabel-overzicht")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", table)
    assert 0 < top < browser.execute_script("return window.innerHeight")  # in the first view
    toggles = browser.find_elements(By.CSS_SELECTOR, "#tabel-overzicht button.toggle")
    assert {t.get_attribute("aria-expanded") for t in toggles} == {"false"}
    practices = browser.find_elements(By.CSS_SELECTOR, "#tabel-overzicht tbody.practices tr")
    assert practices and not any(r.is_displayed() for r in practices)
    caption = browser.execute_script("return arguments[0].caption.textContent", table)
    assert caption.startswith(f"Overzicht {YEAR}")
    header, expected = _recount(processed, code)
    cells = _table(browser, "tabel-overzicht")
    assert cells[0] == header
    assert [r[:-1] for r in cells[1:]] == expected  # the last column: the buttons
    suppressed = sum(c == disclosure.SUPPRESSED for r in expected for c in r)
    assert suppressed or code == STADSKANAAL  # Amsterdam has some
    if code == STADSKANAAL:  # every Groningen figure suppressed: no Groningen column
        assert "Groningen" not in header and not fs_any(processed, code, "province")
    if suppressed:  # the † is explained under the table
        notes = browser.find_element(By.ID, "overzicht-noten").text
        assert notes.startswith(f"{disclosure.SUPPRESSED} {disclosure.NOT_SHOWN}")
    toggles[1].click()
    assert toggles[1].get_attribute("aria-expanded") == "true"
    assert all(
        r.is_displayed()
        for r in toggles[1].find_elements(By.XPATH, "../../../following-sibling::tbody[1]/tr")
    )
    _screenshot(browser, tmp_path, f"monitor-{code}-overzicht")


def _tab_to(browser, predicate, limit: int = 200):
    """Press Tab until the focused element satisfies `predicate`; that element."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        if predicate(active):
            return active
    raise AssertionError("not reached with Tab")


def test_a_row_leads_to_its_question_by_keyboard(browser, folder, processed):
    """Keyboard alone: with another year chosen, Tab to Pijler 2, Enter opens it, Tab to
    the 'Bekijk' of its second practice, Enter: the question view shows that question of
    YEAR (the overview's year), with the focus on its heading. The pillar's own button
    leads to its first practice."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, folder, AMSTERDAM)
    _choose(browser, "jaar", str(YEAR - 1))
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    practices = [p for p in tips.load().practices if p.column.startswith(("lokale", "kartrekker"))]
    toggle = _tab_to(browser, lambda e: e.text == "Pijler 2 · Sterk netwerk")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert toggle.get_attribute("aria-expanded") == "true"
    view = _tab_to(browser, lambda e: practices[1].name in e.get_attribute("textContent"))
    assert view.tag_name == "button" and view.text.startswith(data.WORDS["view"])
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    _wait(browser)
    state = "return [jaar.value, thema.value, vraag.value, document.activeElement.id]"
    assert browser.execute_script(state) == [str(YEAR), "pijler2", "kartrekker", "antwoord-kop"]
    row = model.build(AMSTERDAM, YEAR, processed).rows.set_index("column").loc["kartrekker"]
    assert browser.find_element("id", "eigen-antwoord").text == row["own"]
    assert browser.find_element("id", "antwoord-kop").text.endswith(str(YEAR))
    # and back to the overview by its link, the address (on the site: the key) unchanged
    address = browser.current_url
    _tab_to(browser, lambda e: e.text == "Terug naar het overzicht")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return document.activeElement.id") == "overzicht-kop"
    assert browser.current_url == address
    # back up to the pillar's own button (Shift+Tab), which leads to its first practice
    browser.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")
    _tab_to(browser, lambda e: e.text == "Pijler 2 · Sterk netwerk")
    _tab_to(browser, lambda e: e.tag_name == "button")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    _wait(browser)
    assert browser.execute_script(state) == [
        str(YEAR),
        "pijler2",
        practices[0].column,
        "antwoord-kop",
    ]
    assert not _errors(browser)


@pytest.mark.parametrize("case", ["Stadskanaal", "no tips"])
def test_the_advice_is_tips_of(browser, folder, processed, case):
    """'Wat uw gemeente nog meer kan doen' lists `tips.of`'s tips in its order, each with
    its action, reason and support, then its strong points; a municipality without tips
    gets its message instead of an empty list."""
    from selenium.webdriver.common.by import By

    code = STADSKANAAL if case == "Stadskanaal" else _without_tips(processed)
    _open(browser, folder, code)
    advice = tips.of(model.build(code, YEAR, processed), processed)
    assert browser.find_element(By.ID, "advies-kop").text == tips.TITLE
    items = browser.find_elements(By.CSS_SELECTOR, "#tips li")
    assert [i.find_element(By.TAG_NAME, "strong").text for i in items] == [
        t.action for t in advice.tips
    ]
    for item, tip in zip(items, advice.tips, strict=True):
        support = fmt.join([s.label for s in tip.support])  # as the factsheet lists it
        assert f"{tip.reason} {tips.SUPPORT_INTRO}: {support}." in item.text
    strong = browser.find_elements(By.CSS_SELECTOR, "#sterke-punten li")
    assert [s.text.split(f" {data.WORDS['view']}")[0] for s in strong] == [
        f"{s.name}. {s.reason}" for s in advice.strong_points
    ]
    message = browser.find_elements(By.ID, "advies-bericht")
    if advice.tips:
        assert items and not message
    else:
        assert not items and message[0].text == advice.message
    assert not _errors(browser)


@pytest.mark.synthetic_data
def test_a_year_without_classes_says_why_its_column_is_missing(browser, folder):
    """2022 has no CBS classes, 2023 has: in 2022 the view says so instead of dropping the
    similar municipalities' column without a word; group names head columns capitalised."""
    _open(browser, folder, LARGE)
    note = browser.find_element("id", "geen-klasse")
    assert not note.is_displayed()
    header = browser.execute_script(
        "return [...document.querySelectorAll('#tabel-antwoord thead th')].map(t => t.textContent)"
    )
    assert header[1].startswith("Vergelijkbare gemeenten (")
    _choose(browser, "jaar", str(YEAR - 1))
    assert note.is_displayed()
    assert note.text == data.WORDS["no_classes"].format(year=YEAR - 1)


def test_the_charts_are_drawn_again_for_a_wider_window(browser, folder):
    """Loaded on a phone (320 px) and then widened, the charts fill their new room."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        _open(browser, folder, LARGE)
        narrow = browser.execute_script(
            "return document.querySelector('#grafiek-antwoord svg').getBoundingClientRect().width"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    import time

    deadline = time.monotonic() + 10
    wide = narrow
    while wide <= narrow + 100 and time.monotonic() < deadline:
        time.sleep(0.1)
        if browser.execute_script("return window.monitorReady"):
            wide = browser.execute_script(
                "return document.querySelector('#grafiek-antwoord svg')"
                ".getBoundingClientRect().width"
            )
    assert narrow < 320 < wide
