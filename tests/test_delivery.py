"""The municipalities' encrypted pages (helpers.delivery), read as files.

Every respondent's page of 2023 is sealed from its monitor and factsheets; then the
whole site (a stand-in book, the landing page and the pages) is searched for what must
not be in it: any municipality's code or name, its answers as its monitor holds them,
its factsheet, the secret, any key. Two builds give the same bytes; another secret gives
other pages that the old links do not open. The pages in a browser:
test_delivery_browser.py.
"""

import base64
import csv
import json
import os
import random
import re
import secrets
import shutil
import stat
import subprocess
from pathlib import Path

import ahocorasick_rs
import pytest
from cryptography.exceptions import InvalidTag
from test_site_holds_every_year_and_nothing_confidential import rendered

from helpers import paths
from helpers.delivery import __main__ as cli
from helpers.delivery import handout, pages, seal
from helpers.factsheets import batch as factsheets
from helpers.monitor import batch as monitors
from helpers.municipality import respondents as who
from helpers.publish import __main__ as publish
from helpers.publish import site

YEAR = 2023
# in the form of a secret made at random (seal.SECRET_FORM), and plainly for tests only
# Secrets for these tests only, in the form seal.MAKE_ONE gives (32 bytes, base64url), from
# a seeded generator so that every run has the same ones; never a real deployment's.
SECRET, OTHER = (
    base64.urlsafe_b64encode(random.Random(f"test only {n}").randbytes(32)).rstrip(b"=")
    for n in (1, 2)
)
URL = "https://bureau.example/benchmark"
pytestmark = pytest.mark.slow  # every monitor and factsheet of a year


@pytest.fixture(scope="module")
def reports(written, tmp_path_factory) -> Path:
    """Every respondent's monitor and factsheet of YEAR, as `make monitor factsheets` leave
    them (conftest's `written`, linked into a reports root of this module's own)."""
    root = tmp_path_factory.mktemp("reports")
    for batch in (monitors, factsheets):
        batch.out_dir(YEAR, root).parent.mkdir(exist_ok=True)
        batch.out_dir(YEAR, root).symlink_to(batch.out_dir(YEAR, written.root))
    return root


@pytest.fixture(scope="module")
def respondents(processed):
    return who.respondents(YEAR, processed)


@pytest.fixture(scope="module")
def www(reports, processed, tmp_path_factory) -> Path:
    """The site as `make site` makes it: the (stand-in) book of YEAR and its pages."""
    folder = tmp_path_factory.mktemp("site")
    rendered(reports, YEAR)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(seal.SECRET_ENV, SECRET.decode())
        args = [str(YEAR), "--no-build", "--site", str(folder), "--reports", str(reports)]
        assert publish.main([*args, "--processed", str(processed)]) == 0
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_every_respondent_has_one_page_and_nothing_says_whose(www, respondents):
    folder = www / str(YEAR) / pages.GEMEENTEN
    names = {f"{seal.page_name(SECRET, YEAR, c)}.html" for c in respondents["gemeentecode"]}
    assert {p.name for p in folder.glob("*.html")} == names
    sizes = {p.stat().st_size for p in folder.glob("*.html")}
    assert len(sizes) == 1  # padded alike: the size tells nothing either
    assert (www / str(YEAR) / "index.html").is_file()  # the book beside them


def test_the_site_holds_no_answers_secret_or_key_in_plain_text(www, reports, respondents):
    """Searched in every file of the site: each respondent's code and name, the data of
    its monitor (as the plain page holds them) and pieces of it, its factsheet (the HTML
    text and the PDF's bytes as the page embeds them), the secret, and every key."""
    site_text = b"\n".join(_files(www).values())
    # codes and names outside the ciphertexts (where any short string turns up by chance)
    readable = re.sub(rb'"ct":"[A-Za-z0-9+/=]+"', b'"ct":""', site_text).decode("utf-8")
    assert readable.count('"ct"') == len(respondents)
    assert not re.search(r"GM\d{4}", readable)
    any_name = "|".join(re.escape(n) for n in respondents["gemeentenaam"])
    # in one pass; not within a word ("'s-Gravenhage" starts with no word character)
    assert not re.findall(rf"(?<!\w)(?:{any_name})(?!\w)", readable)
    forbidden = [SECRET, base64.b64encode(SECRET)]
    for row in respondents.itertuples():
        code, stem = row.gemeentecode, row.stem
        monitor = (monitors.out_dir(YEAR, reports) / f"{stem}.html").read_text("utf-8")
        data = re.search(r'id="monitor-data">(.*?)</script>', monitor).group(1)
        units = json.loads(data)["by_year"][str(YEAR)]["units"]
        forbidden += [
            data.encode(),
            json.dumps(units, ensure_ascii=False, separators=(",", ":")).encode()[:200],
        ]
        for suffix in ("pdf", "html"):
            raw = (factsheets.out_dir(YEAR, reports) / f"{stem}.{suffix}").read_bytes()
            forbidden += [raw[-300:], base64.b64encode(raw)[1000:1200]]
        key = seal.page_key(SECRET, YEAR, code)
        forbidden += [key, key.hex().encode(), seal.key_text(key).encode()]
    # and inside the ciphertexts, decoded: a cipher that let the plaintext through fails here
    sealed = [
        pages.read_payload(p.read_text("utf-8"))[1]
        for p in (www / str(YEAR) / pages.GEMEENTEN).glob("*.html")
    ]
    haystack = b"\n".join([site_text, *sealed])
    # every pattern in one pass (Aho-Corasick): 1,500 `in` searches of 130 MB took 40 s
    search = ahocorasick_rs.BytesAhoCorasick(forbidden)
    found = {forbidden[i][:60] for i, _, _ in search.find_matches_as_indexes(haystack, True)}
    assert not found


def test_a_page_holds_its_monitor_and_factsheet_for_its_key_only(www, reports, respondents):
    first, second = list(respondents.itertuples())[:2]
    html = (www / pages.page_path(SECRET, YEAR, first.gemeentecode)).read_text("utf-8")
    nonce, ciphertext = pages.read_payload(html)
    plain = seal.decrypt(seal.page_key(SECRET, YEAR, first.gemeentecode), nonce, ciphertext)
    assert plain.rstrip(b" ") == pages.plaintext(YEAR, first.stem, reports)
    pdf = (factsheets.out_dir(YEAR, reports) / f"{first.stem}.pdf").read_bytes()
    assert b"data:application/pdf;base64," + base64.b64encode(pdf) in plain
    for wrong in (
        seal.page_key(SECRET, YEAR, second.gemeentecode),
        seal.page_key(OTHER, YEAR, first.gemeentecode),
        seal.page_key(SECRET, YEAR - 1, first.gemeentecode),
    ):
        with pytest.raises(InvalidTag):
            seal.decrypt(wrong, nonce, ciphertext)
    changed = bytearray(ciphertext)
    changed[0] ^= 1
    with pytest.raises(InvalidTag):
        seal.decrypt(seal.page_key(SECRET, YEAR, first.gemeentecode), nonce, bytes(changed))


def test_the_same_secret_gives_the_same_bytes_another_secret_other_pages(
    reports, processed, tmp_path, respondents
):
    """Built twice in two folders: the same bytes. With another secret: other names and
    keys, so an old link finds no page, and its key opens none of the new ones."""
    builds = []
    for name, secret in (("a", SECRET), ("b", SECRET), ("c", OTHER)):
        pages.write_year(
            tmp_path / name, YEAR, secret, reports_root=reports, processed_root=processed
        )
        builds.append(_files(tmp_path / name))
    assert builds[0] == builds[1]
    old_pages = {k for k in builds[0] if not k.startswith(f"{YEAR}/{pages.GEMEENTEN}/lib/")}
    assert not old_pages & set(builds[2])
    code = respondents["gemeentecode"].iloc[0]
    old_key = seal.page_key(SECRET, YEAR, code)
    for name, raw in builds[2].items():
        if name.endswith(".html") and "/lib/" not in name:
            with pytest.raises(InvalidTag):
                seal.decrypt(old_key, *pages.read_payload(raw.decode()))


def test_a_nonce_is_never_used_twice_under_one_key():
    """The nonce follows the plaintext: another page under the same key gets another one,
    and only the very same page the same one (so the same bytes)."""
    nonce, ciphertext = seal.encrypt(SECRET, YEAR, "GM0001", b"page one")
    assert seal.encrypt(SECRET, YEAR, "GM0001", b"page two")[0] != nonce
    assert seal.encrypt(SECRET, YEAR, "GM0001", b"page one") == (nonce, ciphertext)


@pytest.mark.parametrize(
    "intruder",
    [
        "plain monitor",
        "more than a page",
        "other file",
        "folder",
        "changed script",
        "monitor as a script",
        "plain text as ciphertext",
        "link",
    ],
)
def test_only_sealed_pages_pass_the_guard(www, reports, respondents, tmp_path, intruder):
    """The pages' folder with anything in it but sealed pages and lib/ is refused, by the
    delivery's own check and by publishing's check of the site."""
    copy = tmp_path / str(YEAR) / pages.GEMEENTEN
    shutil.copytree(www / str(YEAR) / pages.GEMEENTEN, copy)
    stem = respondents["stem"].iloc[0]
    victim = next(copy.glob("*.html"))
    if intruder == "plain monitor":
        shutil.copy(monitors.out_dir(YEAR, reports) / f"{stem}.html", copy / ("f" * 32 + ".html"))
    elif intruder == "more than a page":
        victim.write_text(victim.read_text("utf-8").replace("</body>", f"<p>{stem}</p></body>"))
    elif intruder == "other file":
        (copy / "antwoorden.json").write_text("{}")
    elif intruder == "folder":
        (copy / "monitor").mkdir()
    elif intruder == "changed script":
        (copy / "lib" / pages.SCRIPT).write_text("alert(1)")
    elif intruder == "monitor as a script":
        shutil.copy(monitors.out_dir(YEAR, reports) / f"{stem}.html", copy / "lib" / "charts.js")
    elif intruder == "plain text as ciphertext":
        plain = pages.plaintext(YEAR, stem, reports)
        victim.write_bytes(pages.shell(YEAR, bytes(12), plain))
    else:
        victim.unlink()
        victim.symlink_to(monitors.out_dir(YEAR, reports) / f"{stem}.html")
    with pytest.raises(pages.DeliveryError):
        pages.check(copy)
    with pytest.raises(site.PublishError):
        site.check_public(tmp_path)


def test_the_handout_gives_each_respondent_the_link_to_its_page(
    www, processed, respondents, tmp_path
):
    written, warning = handout.write(
        YEAR, SECRET, URL + "/", site=www, reports_root=tmp_path, processed_root=processed
    )
    assert written == tmp_path / str(YEAR) / "handout" / f"links-{YEAR}.csv"
    assert warning.startswith(f"{URL} cannot be reached")  # every page is in the local site
    assert stat.S_IMODE(written.stat().st_mode) == 0o600  # the owner's only
    raw = written.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == handout.HEADER
    assert [r[0] for r in rows[1:]] == list(respondents["gemeentecode"])
    for code, _, link in rows[1:4]:
        assert link == handout.link(URL, SECRET, YEAR, code)
        address, key = link.split("#")
        assert address.startswith(f"{URL}/{YEAR}/{pages.GEMEENTEN}/")
        page = www / address.removeprefix(URL + "/")
        key_bytes = base64.urlsafe_b64decode(key + "=")
        assert key_bytes == seal.page_key(SECRET, YEAR, code)
        seal.decrypt(key_bytes, *pages.read_payload(page.read_text("utf-8")))  # it opens


def test_a_handout_of_dead_links_is_refused_and_the_earlier_one_kept(
    www, processed, respondents, tmp_path
):
    """The wrong secret (or pages not sealed) would send every municipality a link to
    nothing: refused before the list is written."""
    args = dict(reports_root=tmp_path, processed_root=processed)
    written, _ = handout.write(YEAR, SECRET, URL, site=www, **args)
    earlier = written.read_bytes()
    with pytest.raises(ValueError, match="not the one the pages were sealed with") as err:
        handout.write(YEAR, OTHER, URL, site=www, **args)
    n = len(respondents)
    assert str(err.value).startswith(f"{n} of the {n} links would lead to no page of ")
    site = tmp_path / "site"
    shutil.copytree(www / str(YEAR), site / str(YEAR))
    next((site / str(YEAR) / pages.GEMEENTEN).glob("*.html")).unlink()
    with pytest.raises(ValueError, match=f"1 of the {n} links .* `make delivery YEAR={YEAR}`"):
        handout.write(YEAR, SECRET, URL, site=site, **args)
    for page in (site / str(YEAR) / pages.GEMEENTEN).glob("*.html"):
        page.unlink()
    with pytest.raises(ValueError, match="holds no pages: `make delivery"):
        handout.write(YEAR, SECRET, URL, site=site, **args)
    assert written.read_bytes() == earlier


def _serve(folder: Path):
    """An HTTP server of `folder` on this machine, in a thread; stop it with shutdown()."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.address = f"http://127.0.0.1:{server.server_port}"
    return server


def test_the_handout_asks_the_site_itself_for_a_page(www, processed, respondents, tmp_path):
    """On the bureau's machine the site is often only online (the workflow built it): a
    link chosen at random is asked for (HEAD). Without a local copy, a page not there is
    refused; with one, a site without it is a warning (not published yet, or another
    address); a site that cannot be reached is a warning."""
    args = dict(reports_root=tmp_path, processed_root=processed)
    nowhere = tmp_path / "not-here"
    (tmp_path / "empty").mkdir()
    server, empty = _serve(www), _serve(tmp_path / "empty")  # the site, and one without it
    try:
        assert handout.write(YEAR, SECRET, server.address, site=nowhere, **args)[1] is None
        written = handout.path(YEAR, tmp_path)
        earlier = written.read_bytes()
        with pytest.raises(ValueError, match="not the one the pages were sealed with"):
            handout.write(YEAR, OTHER, server.address, site=nowhere, **args)
        assert written.read_bytes() == earlier
        _, warning = handout.write(YEAR, SECRET, empty.address, site=www, **args)
        assert warning.startswith(f"the pages are here but not at {empty.address}/{YEAR}/")
    finally:
        for s in (server, empty):
            s.shutdown()
            s.server_close()
    _, warning = handout.write(YEAR, SECRET, server.address, site=www, **args)  # gone now
    assert warning == (
        f"{server.address} cannot be reached (URLError), so the links were not checked on the site"
    )


def test_a_site_that_answers_every_address_is_no_proof_of_the_links(
    processed, respondents, tmp_path
):
    """A host that serves one page for any address (200, no redirect) would pass any link,
    those of a wrong secret too: the hand-out says it could not check them."""
    import http.server
    import threading

    class CatchAll(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CatchAll)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    try:
        _, warning = handout.write(
            YEAR,
            OTHER,
            address,
            site=tmp_path / "not-here",
            reports_root=tmp_path,
            processed_root=processed,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert warning == (
        f"{address} answers for a page that does not exist too (a catch-all), so the links "
        "were not checked on the site"
    )


@pytest.mark.parametrize(
    "url", ["", "http://bureau.example", "ftp://x", "https://x/#a", "bureau.example"]
)
def test_the_handout_needs_an_https_address(url):
    with pytest.raises(ValueError, match="https://"):
        handout.check_site_url(url)


@pytest.mark.parametrize(
    "within", [f"{YEAR}/gemeenten", f"{YEAR}/gemeenten/abc", "index.html", f"{YEAR}/index.html"]
)
def test_the_handout_needs_the_address_of_the_sites_root(within):
    """The links add <year>/gemeenten/<page>.html to it: ".../2023/gemeenten" doubled it.
    A root may end in a year or be named gemeenten; a query is refused."""
    with pytest.raises(ValueError, match="a page or a folder of pages within the site"):
        handout.check_site_url(f"{URL}/{within}")
    with pytest.raises(ValueError, match="without \\? or #"):
        handout.check_site_url(f"{URL}?a=b")
    for root in ("https://bureau.example/onderzoek/2024/", "https://owner.github.io/gemeenten"):
        assert handout.check_site_url(root) == root.rstrip("/")


def test_local_addresses_may_be_http():
    assert handout.check_site_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "environ, message",
    [
        ({}, "no secret for the municipalities' pages: set EEN_DELIVERY_SECRET"),
        ({seal.SECRET_ENV: "kort"}, "is not one made at random"),
        (
            {seal.SECRET_ENV: "een-tegen-eenzaamheid-geheim-van-het-bureau-2023"},
            "not one made at random",
        ),
        ({seal.SECRET_ENV: "a" * 60}, "not one made at random"),
        ({seal.SECRET_ENV: "passwordpassword" * 4}, "not one made at random"),
        # typed by a person: a run, one case only, words
        (
            {seal.SECRET_ENV: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"},
            "not one made at random",
        ),
        (
            {seal.SECRET_ENV: "correct-horse-battery-staple-eenzaamheid-2023"},
            "not one made at random",
        ),
        (
            {seal.SECRET_ENV: "EenTegenEenzaamheid_Benchmark_2023_GeheimeSleutel"},
            "not one made at random",
        ),
        ({seal.SECRET_FILE_ENV: str(paths.ROOT / "secret.txt")}, "inside the repository"),
        ({seal.SECRET_FILE_ENV: "/nonexistent/secret"}, "cannot be read"),
    ],
)
def test_without_a_usable_secret_one_clear_line(environ, message):
    with pytest.raises(seal.SecretError, match=re.escape(message)) as err:
        seal.load_secret(environ)
    assert "secrets.token_urlsafe" in str(err.value)  # how to make one
    assert "kort" not in str(err.value) and "geheim" not in str(err.value)  # never the secret


def test_a_secret_as_made_by_the_readme_is_taken():
    made = secrets.token_urlsafe(32)
    assert seal.load_secret({seal.SECRET_ENV: made + "\n"}) == made.encode()


def test_random_secrets_are_almost_never_taken_for_typed_ones():
    """10,000 secrets made as token_urlsafe(32) makes them (32 random bytes, base64url),
    from a fixed seed so that the test cannot flake: none refused here (about 1 in 50,000
    expected)."""
    rng = random.Random(20231)
    made = [
        base64.urlsafe_b64encode(rng.randbytes(32)).rstrip(b"=").decode() for _ in range(10_000)
    ]
    assert not [t for t in made if seal._typed(t)]


def test_the_secret_from_a_file_readable_by_its_owner_only(tmp_path):
    file = tmp_path / "secret"
    file.write_text(SECRET.decode() + "\n")
    file.chmod(0o644)
    with pytest.raises(seal.SecretError, match=r"readable by others \(chmod 600 it\)"):
        seal.load_secret({seal.SECRET_FILE_ENV: str(file)})
    file.chmod(0o600)
    assert seal.load_secret({seal.SECRET_FILE_ENV: str(file)}) == SECRET


def test_once_read_the_secret_leaves_the_environment(monkeypatch):
    """So that no process started afterwards (kernels, Quarto, Typst) inherits it."""
    monkeypatch.setenv(seal.SECRET_ENV, SECRET.decode())
    assert seal.load_secret() == SECRET
    assert seal.SECRET_ENV not in os.environ


@pytest.mark.parametrize("mark", ["#", "%23"])
def test_a_key_in_a_wrong_site_address_is_not_repeated(mark):
    """Also where a mail scanner wrote the # as %23."""
    key = seal.key_text(seal.page_key(SECRET, YEAR, "GM0034"))
    with pytest.raises(ValueError) as err:
        handout.check_site_url(f"https://bureau.example/x/2023/gemeenten/a.html{mark}{key}")
    assert key not in str(err.value) and "followed by #..." in str(err.value)


@pytest.mark.parametrize("end", ["#", "?"])
def test_an_empty_fragment_or_query_is_refused_too(end):
    """https://host/# gave links that open the landing page (the rest read as its #)."""
    with pytest.raises(ValueError, match="without \\? or #"):
        handout.check_site_url(f"{URL}/{end}")


def test_the_command_without_a_secret_stops_with_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv(seal.SECRET_ENV, raising=False)
    monkeypatch.delenv(seal.SECRET_FILE_ENV, raising=False)
    for what in ("pages", "handout", "secret"):
        assert cli.main([what, "--year", str(YEAR), "--site", str(tmp_path)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: no secret"), what
        assert seal.SECRET_ENV in err[0]
    assert publish.main([str(YEAR), "--no-build", "--site", str(tmp_path)]) == 1  # make site
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: no secret")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("target", ["delivery", "handout"])
def test_make_checks_the_secret_before_it_builds_anything(target):
    """`make delivery` and `make handout` stop at once without a secret: their first step."""
    done = subprocess.run(
        ["make", "-n", target, "YEAR=2023"], cwd=paths.ROOT, capture_output=True, text=True
    )
    steps = [line for line in done.stdout.splitlines() if "python -m helpers." in line]
    assert "helpers.delivery secret" in steps[0], steps
    assert f"helpers.delivery {'pages' if target == 'delivery' else 'handout'}" in steps[-1]


def test_make_secret_says_that_the_secret_is_usable(monkeypatch, capsys):
    monkeypatch.setenv(seal.SECRET_ENV, SECRET.decode())
    assert cli.main(["secret", "--year", str(YEAR)]) == 0
    assert capsys.readouterr().out.strip() == "the secret is usable"


def test_the_command_logs_neither_secret_nor_key(
    reports, processed, monkeypatch, capsys, tmp_path, respondents
):
    common = ["--year", str(YEAR), "--reports", str(reports), "--processed", str(processed)]
    monkeypatch.setenv(seal.SECRET_ENV, SECRET.decode())
    assert cli.main(["pages", *common, "--site", str(tmp_path / "site")]) == 0
    monkeypatch.setenv(seal.SECRET_ENV, SECRET.decode())  # taken out of it once read
    assert cli.main(["handout", *common, "--site-url", URL, "--site", str(tmp_path / "site")]) == 0
    said = capsys.readouterr()
    logs = "".join(p.read_text("utf-8") for p in paths.LOGS.glob("delivery-*.log"))
    text = said.out + said.err + logs
    keys = [seal.key_text(seal.page_key(SECRET, YEAR, c)) for c in respondents["gemeentecode"]]
    assert SECRET.decode() not in text and not any(k in text for k in keys)
    assert f"sealed {len(respondents)} pages" in said.out


def test_a_missing_monitor_names_the_file_and_the_command(reports, processed, tmp_path):
    empty = tmp_path / "reports"
    with pytest.raises(
        pages.DeliveryError,
        match=rf"monitor/GM\d{{4}}-[a-z-]+\.html is missing: run `make monitor YEAR={YEAR}`",
    ):
        pages.write_year(
            tmp_path / "site", YEAR, SECRET, reports_root=empty, processed_root=processed
        )
    assert not (tmp_path / "site" / str(YEAR) / pages.GEMEENTEN).exists()


@pytest.mark.parametrize(
    "where",
    ["2023/monitor-almere.html", "2023/Monitor/a.html", "2023/x/factsheet.pdf", "2023/a.ipynb"],
)
def test_the_site_as_pushed_holds_no_plain_page(www, reports, respondents, tmp_path, where):
    """Anywhere in the site, under any name: a plain monitor or factsheet is refused."""
    copy = tmp_path / "site"
    shutil.copytree(www, copy)
    site.check_site(copy)
    stem = respondents["stem"].iloc[0]
    suffix = "pdf" if where.endswith(".pdf") else "html"
    source = (monitors if suffix == "html" else factsheets).out_dir(YEAR, reports)
    (copy / where).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / f"{stem}.{suffix}", copy / where)
    with pytest.raises(site.PublishError, match="must never be published"):
        site.check_site(copy)


def test_publishing_the_book_again_keeps_the_pages(www, reports, processed, tmp_path):
    """`make site --no-pages` (a book published again): the pages stay as they were."""
    copy = tmp_path / "site"
    shutil.copytree(www, copy)
    before = _files(copy / str(YEAR) / pages.GEMEENTEN)
    args = [str(YEAR), "--no-build", "--no-pages", "--site", str(copy), "--reports", str(reports)]
    assert publish.main([*args, "--processed", str(processed)]) == 0
    assert _files(copy / str(YEAR) / pages.GEMEENTEN) == before
