"""The public website (helpers.publish): every year at /<year>/ under one landing page.

Without Quarto the rendered books are stand-ins: a folder as Quarto leaves it
(index.html, the PDF named by the generated _quarto.yml). The real render of two years
runs where Quarto is installed.
"""

import json
import secrets
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.delivery import pages, seal
from helpers.pipeline import book, quarto
from helpers.publish import __main__ as cli
from helpers.publish import site


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [v for k, v in attrs if tag == "a" and k == "href"]


def links(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text("utf-8"))
    return parser.hrefs


def rendered(reports: Path, year: int, marker: str = "") -> Path:
    """reports/<year>/ as a build with Quarto leaves it: generated _quarto.yml and _book/."""
    files = quarto.quarto_files(year)
    quarto.write_quarto_files(reports / str(year), files)
    out = site.book_dir(year, reports)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(f"<h1>Benchmark {year}</h1>{marker}", "utf-8")
    (out / f"benchmark-een-tegen-eenzaamheid-{year}.pdf").write_bytes(
        b"%PDF-1.7 " + marker.encode()
    )
    return out


def test_two_years_are_both_reachable_from_the_landing_page(tmp_path, processed):
    reports, www = tmp_path / "reports", tmp_path / "site"
    for year in (2022, 2023):
        rendered(reports, year)
        site.add_year(www, year, reports, processed)
    listed = site.write_landing(www)
    assert [e.year for e in listed] == [2023, 2022]  # newest first
    # each year says which code made it: the version in its colophon
    assert {e.code for e in listed} == {quarto.code_version()}
    made = json.loads((www / site.MANIFEST).read_text("utf-8"))
    assert [e["code"] for e in made] == [quarto.code_version()] * 2
    hrefs = links(www / "index.html")
    for year in (2022, 2023):
        assert f"{year}/index.html" in hrefs
        assert f"{year}/benchmark-een-tegen-eenzaamheid-{year}.pdf" in hrefs
    assert all((www / h).is_file() for h in hrefs), "every link of the landing page resolves"
    page = (www / "index.html").read_text("utf-8")
    assert (
        "Benchmark Eén tegen eenzaamheid 2023" in page
        and "<title>Benchmark Eén tegen eenzaamheid</title>" in page
    )
    assert "Bron kaartgrenzen: CBS/PDOK (CC BY 4.0)" in page
    assert "Synthetische gegevens" in page  # the shipped data are synthetic, and it says so
    assert (www / ".nojekyll").is_file()


def test_publishing_a_year_keeps_the_years_published_before(tmp_path, processed):
    """The workflow adds this year to a checkout of the published site: last year's report
    stays byte for byte as it was published, even when reports/ no longer has it."""
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2022, "as published in 2022")
    site.add_year(www, 2022, reports, processed)
    site.write_landing(www)
    before = {p.relative_to(www): p.read_bytes() for p in (www / "2022").rglob("*")}
    shutil.rmtree(reports)

    rendered(reports, 2023)
    site.add_year(www, 2023, reports, processed)
    site.write_landing(www)
    assert {p.relative_to(www): p.read_bytes() for p in (www / "2022").rglob("*")} == before
    assert {"2022/index.html", "2023/index.html"} <= set(links(www / "index.html"))


def test_a_year_published_again_replaces_its_folder_as_a_whole(tmp_path, processed):
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2023, "first")
    site.add_year(www, 2023, reports, processed)
    (www / "2023" / "stale.html").write_text("from the first version")
    rendered(reports, 2023, "second")
    site.add_year(www, 2023, reports, processed)
    assert "second" in (www / "2023" / "index.html").read_text("utf-8")
    assert not (www / "2023" / "stale.html").exists()
    assert sorted(p.name for p in www.iterdir()) == ["2023", site.MANIFEST]


@pytest.mark.parametrize(
    "private",
    ["factsheets/GM0363.html", "monitor/GM0363-amsterdam.html", "data/benchmark_2023.csv"],
)
def test_confidential_material_is_never_published(tmp_path, processed, private):
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2023, "published")
    site.add_year(www, 2023, reports, processed)
    leaked = site.book_dir(2023, reports) / private
    leaked.parent.mkdir(parents=True)
    leaked.write_text("confidential")
    with pytest.raises(
        site.PublishError, match=f"must never be published: .*{private.split('/')[0]}"
    ):
        site.add_year(www, 2023, reports, processed)
    assert "published" in (www / "2023" / "index.html").read_text("utf-8")  # kept as it was
    assert not any(p.name in ("factsheets", "monitor", "data") for p in www.rglob("*"))


def test_the_landing_page_is_reproducible(tmp_path, processed):
    """Same books, same bytes, in any folder: no path, time or random id in the page."""
    pages = []
    for name in ("a", "b"):
        reports, www = tmp_path / name / "reports", tmp_path / name / "site"
        for year in (2022, 2023):
            rendered(reports, year)
            site.add_year(www, year, reports, processed)
        site.write_landing(www)
        pages.append(((www / "index.html").read_bytes(), (www / site.MANIFEST).read_bytes()))
    assert pages[0] == pages[1]
    assert str(tmp_path).encode() not in pages[0][0] + pages[0][1]


def test_a_year_without_a_rendered_book_fails_alone(tmp_path, processed, caplog):
    """No Quarto (or a failed render): that year is named, the other years are published."""
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2023)
    args = [
        "2022",
        "2023",
        "--no-build",
        "--no-pages",
        "--site",
        str(www),
        "--reports",
        str(reports),
    ]
    assert cli.main([*args, "--processed", str(processed)]) == 1
    assert "no rendered book of 2022" in caplog.text and "make report YEAR=2022" in caplog.text
    assert "not published: 2022" in caplog.text
    assert links(www / "index.html").count("2023/index.html") == 2  # title and "Lees online"
    assert not (www / "2022").exists()


def test_a_year_whose_render_was_skipped_is_not_published(tmp_path, processed, monkeypatch):
    """No Quarto now: an older _book/ of the year does not match the chapters just run."""
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2023, "stale")

    def build(year, **kwargs):
        return book.BuildResult(year=year, report=reports / str(year), site="quarto missing")

    monkeypatch.setattr(cli.book, "build", build)
    args = ["2023", "--no-pages", "--site", str(www), "--reports", str(reports)]
    args += ["--processed", str(processed)]
    assert cli.main(args) == 1
    assert not (www / "2023").exists()


def test_unpublished_leaves_the_published_years_alone(tmp_path, processed, caplog):
    """The yearly run adds the years the site lacks; a published year is replaced only
    when it is named on purpose."""
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2022, "as published")
    site.add_year(www, 2022, reports, processed)
    rendered(reports, 2022, "rebuilt later")
    rendered(reports, 2023)
    common = ["--no-build", "--no-pages", "--site", str(www), "--reports", str(reports)]
    common += ["--processed", str(processed)]
    assert cli.main(["2022", "2023", "--unpublished", *common]) == 0
    assert "as published" in (www / "2022" / "index.html").read_text("utf-8")
    assert (www / "2023" / "index.html").is_file()
    assert cli.main(["2022", "2023", "--unpublished", *common]) == 0
    assert "nothing new to publish" in caplog.text
    assert cli.main(["2022", *common]) == 0  # named: published again
    assert "rebuilt later" in (www / "2022" / "index.html").read_text("utf-8")


def test_an_interrupted_swap_never_loses_the_published_year(tmp_path, processed):
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2023, "published")
    site.add_year(www, 2023, reports, processed)
    (www / "2023").rename(www / ".2023.old")  # killed between the two renames
    assert [e.year for e in site.write_landing(www)] == [2023]
    assert "published" in (www / "2023" / "index.html").read_text("utf-8")


def test_an_unreadable_manifest_is_a_clear_error(tmp_path):
    (tmp_path / site.MANIFEST).write_text('[{"jaar": 2023}]')
    with pytest.raises(site.PublishError, match=r"jaren\.json cannot be read \(KeyError"):
        site.read_manifest(tmp_path)


def test_a_manifest_year_without_its_folder_is_an_error(tmp_path, processed):
    reports, www = tmp_path / "reports", tmp_path / "site"
    rendered(reports, 2023)
    site.add_year(www, 2023, reports, processed)
    shutil.rmtree(www / "2023")
    with pytest.raises(site.PublishError, match=r"lists \[2023\] without its folder"):
        site.write_landing(www)


@pytest.mark.slow
@pytest.mark.skipif(quarto.quarto_exe() is None, reason="Quarto not installed")
def test_site_of_2022_and_2023_rendered_by_quarto(tmp_path, processed, monkeypatch):
    monkeypatch.setenv(seal.SECRET_ENV, secrets.token_urlsafe(32))
    reports, www = tmp_path / "reports", tmp_path / "site"
    args = ["2022", "2023", "--site", str(www), "--reports", str(reports)]
    assert cli.main([*args, "--processed", str(processed)]) == 0
    hrefs = links(www / "index.html")
    assert all((www / h).is_file() for h in hrefs)
    for year in (2022, 2023):  # title, "Lees online" and the PDF of each year
        assert sum(h.startswith(f"{year}/") for h in hrefs) == 3
    for year in (2022, 2023):
        assert (www / str(year) / "respons.html").is_file()
        assert "../index.html" in links(www / str(year) / "index.html")  # back to all years
    assert not list(www.rglob("factsheets"))
    for year in (2022, 2023):  # the municipalities' pages, sealed
        assert len(list((www / str(year) / pages.GEMEENTEN).glob("*.html"))) > 100
        pages.check(www / str(year) / pages.GEMEENTEN)


def test_a_copied_synthetic_year_labelled_real_is_never_published(tmp_path):
    """A synthetic year copied as a trial and changed is labelled real by the data step
    (its synthetic.json no longer matches): publishing refuses it, and every year after
    it, with the data step's words; the shipped years pass."""
    from helpers import paths

    shutil.copytree(paths.RAW / "2023", tmp_path / "2023")
    shutil.copytree(paths.RAW / "2023", tmp_path / "2024")
    export = tmp_path / "2024" / "benchmark_2023.csv"
    export.write_bytes(export.read_bytes().replace(b"2023-", b"2024-"))
    export.rename(tmp_path / "2024" / "benchmark_2024.csv")
    site.check_labels(2023, tmp_path)
    for year in (2024, 2025):
        with pytest.raises(site.PublishError) as err:
            site.check_labels(year, tmp_path)
        assert str(err.value).startswith(f"{year} not published: ")
        assert "2024 is labelled as real data" in str(err.value)
    site.check_labels(2023)  # the shipped data
