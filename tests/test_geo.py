"""Boundaries and municipality register, offline from the local CBS mirror (no network)."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths
from helpers.data import boundaries, geo, registers
from helpers.data.rawdata import sha256

# From PROVENANCE.md: the official 2023 counts per province.
PER_PROVINCE = {
    "Groningen": 10,
    "Fryslân": 18,
    "Drenthe": 12,
    "Overijssel": 25,
    "Flevoland": 6,
    "Gelderland": 51,
    "Utrecht": 26,
    "Noord-Holland": 44,
    "Zuid-Holland": 50,
    "Zeeland": 13,
    "Noord-Brabant": 56,
    "Limburg": 31,
}


@pytest.fixture(scope="module")
def loaded(mirror, tmp_path_factory):
    """Point the default cache at a tmp dir and the env var at the mirror, for the loaders."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(boundaries.MIRROR_ENV, str(mirror))
        mp.setattr(paths, "EXTERNAL", tmp_path_factory.mktemp("external"))
        geo.clear_cache()
        yield
    geo.clear_cache()


def test_fetch_copies_into_cache_and_reuses_it(mirror, tmp_path):
    cache = tmp_path / "cache"
    got = boundaries.fetch_boundaries(mirror=mirror, cache=cache)
    assert got == {layer: cache / name for layer, name in boundaries.FILES.items()}
    # second call finds both files cached and never looks at the (now absent) mirror
    assert boundaries.fetch_boundaries(mirror=tmp_path / "nowhere", cache=cache) == got


def test_counts_and_columns(loaded):
    municipalities, provinces = geo.load_municipalities(), geo.load_provinces()
    assert list(provinces.columns) == ["provinciecode", "provincienaam", "geometry"]
    assert list(municipalities.columns) == [
        "gemeentecode",
        "gemeentenaam",
        "provinciecode",
        "provincienaam",
        "geometry",
    ]
    assert len(municipalities) == 342 and len(provinces) == 12
    assert municipalities["gemeentecode"].is_unique
    assert municipalities["gemeentecode"].str.fullmatch(r"GM\d{4}").all()
    assert sorted(provinces["provinciecode"]) == [f"PV{n}" for n in range(20, 32)]
    assert municipalities.crs.to_epsg() == provinces.crs.to_epsg() == 4326


def test_municipalities_per_province(loaded):
    counts = geo.load_municipalities()["provincienaam"].value_counts().to_dict()
    assert counts == PER_PROVINCE


def test_geometries_valid_and_polygonal(loaded):
    for frame in (geo.load_provinces(), geo.load_municipalities()):
        assert frame.is_valid.all()
        assert not frame.is_empty.any()
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}


def test_province_names_keep_diacritics(loaded):
    names = set(geo.load_provinces()["provincienaam"])
    assert names == set(PER_PROVINCE)
    assert "Fryslân" in names and "Friesland" not in names


def test_loaders_return_copies(loaded):
    geo.load_provinces()["provincienaam"] = "x"
    assert "Fryslân" in set(geo.load_provinces()["provincienaam"])


@pytest.mark.parametrize(
    ("year", "count"), [(2019, 355), (2020, 355), (2021, 352), (2022, 345), (2023, 342)]
)
def test_register_counts(loaded, year, count):
    register = registers.municipality_register(year)
    assert list(register.columns) == ["gemeentecode", "gemeentenaam", "provincienaam"]
    assert len(register) == count
    assert register["gemeentecode"].is_unique
    assert register["provincienaam"].notna().all()


def test_register_2023_is_the_geodata(loaded):
    register = registers.municipality_register(2023)
    geodata = geo.load_municipalities()
    assert set(register["gemeentecode"]) == set(geodata["gemeentecode"])


def test_merger_table_matches_geodata(loaded):
    mergers = pd.read_csv(registers.MERGERS, sep=";", dtype=str)
    codes_2023 = set(geo.load_municipalities()["gemeentecode"])
    assert set(mergers["nieuwe_code"]) <= codes_2023
    dissolved = mergers.loc[mergers["oude_code"] != mergers["nieuwe_code"], "oude_code"]
    assert not set(dissolved) & codes_2023


def test_register_details(loaded):
    def codes(year):
        return set(registers.municipality_register(year)["gemeentecode"])

    # Weesp merged on 24 March 2022: still there on 1 January 2022, gone in 2023
    assert "GM0457" in codes(2022) and "GM0457" not in codes(2023)
    # Beemster joined Purmerend on 1 January 2022; Purmerend exists throughout
    assert "GM0370" in codes(2021) and "GM0370" not in codes(2022)
    assert all("GM0439" in codes(year) for year in range(2019, 2024))
    assert {"GM0003", "GM0010", "GM0024", "GM0788"} <= codes(2020)
    assert "GM1979" not in codes(2020) and "GM1979" in codes(2021)


def test_province_of(loaded):
    codes = pd.Series(["GM0788", "GM0370", "GM0003", None], index=[10, 11, 12, 13])
    got = registers.province_of(codes, 2020)
    assert got.index.tolist() == [10, 11, 12, 13]
    assert got.iloc[:3].tolist() == ["Noord-Brabant", "Noord-Holland", "Groningen"]
    assert pd.isna(got.iloc[3])
    with pytest.raises(ValueError, match="GM1979"):
        registers.province_of(pd.Series(["GM1979"]), 2020)  # Eemsdelta did not exist yet


@pytest.mark.parametrize("year", [2018, 2020.0, True])
def test_register_rejects_unsupported_year(loaded, year):
    with pytest.raises(ValueError, match="2019"):
        registers.municipality_register(year)


# A hypothetical merger (not a real one): Stadskanaal and Veendam, neighbours in Groningen.
HYPOTHETICAL = [
    "2025-01-01;GM0037;Stadskanaal;GM9901;Testgemeente",
    "2025-01-01;GM0047;Veendam;GM9901;Testgemeente",
]


def merger_table(folder: Path, extra: list[str]) -> Path:
    """The committed mergers up to the boundary year plus `extra` lines, as a new table."""
    lines = registers.MERGERS.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines[1:] if line[:10] <= f"{boundaries.BOUNDARY_YEAR}-01-01"]
    path = folder / registers.MERGERS.name
    path.write_text("\n".join([lines[0], *kept, *extra]) + "\n", encoding="utf-8")
    return path


def test_register_after_boundary_year_without_later_mergers(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(registers, "MERGERS", merger_table(tmp_path, []))
    register_2023 = registers.municipality_register(2023)
    for year in (2024, 2031):
        pd.testing.assert_frame_equal(registers.municipality_register(year), register_2023)
    areas, areas_2023 = geo.load_municipalities(2024), geo.load_municipalities()
    assert areas["gemeentecode"].tolist() == areas_2023["gemeentecode"].tolist()
    assert areas.geom_equals(areas_2023.geometry).all()
    assert areas.drop(columns="geometry").equals(areas_2023.drop(columns="geometry"))


def test_later_merger_applied_forward(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(registers, "MERGERS", merger_table(tmp_path, HYPOTHETICAL))
    old = {"GM0037", "GM0047"}
    # dated 1 January 2025: not yet in 2024, done in 2025 and after
    assert old <= set(registers.municipality_register(2024)["gemeentecode"])
    for year in (2025, 2026):
        register = registers.municipality_register(year)
        assert len(register) == 341 and register["gemeentecode"].is_unique
        assert not old & set(register["gemeentecode"])
        new = register.set_index("gemeentecode").loc["GM9901"]
        assert (new["gemeentenaam"], new["provincienaam"]) == ("Testgemeente", "Groningen")
    # the years up to 2023 ignore the later merger
    assert len(registers.municipality_register(2023)) == 342
    assert len(registers.municipality_register(2019)) == 355


def test_later_boundaries_dissolve_merged_areas(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(registers, "MERGERS", merger_table(tmp_path, HYPOTHETICAL))
    before = geo.load_municipalities().set_index("gemeentecode")
    after = geo.load_municipalities(2025)
    assert list(after.columns) == list(before.reset_index().columns)
    assert len(after) == len(before) - 1 == 341
    assert set(after["gemeentecode"]) == set(registers.municipality_register(2025)["gemeentecode"])
    assert after.is_valid.all() and set(after.geom_type) <= {"Polygon", "MultiPolygon"}
    merged = after.set_index("gemeentecode").loc["GM9901"]
    assert (merged["gemeentenaam"], merged["provincienaam"]) == ("Testgemeente", "Groningen")
    assert merged["provinciecode"] == before.loc["GM0037", "provinciecode"]
    union = before.loc["GM0037", "geometry"].union(before.loc["GM0047", "geometry"])
    assert merged.geometry.symmetric_difference(union).area < 1e-9 * union.area
    assert merged.geometry.area > 1.5 * before.loc["GM0037", "geometry"].area
    unchanged = after.set_index("gemeentecode").loc["GM0014", "geometry"]
    assert unchanged.equals(before.loc["GM0014", "geometry"])
    with pytest.raises(ValueError, match="no boundaries for 2022"):
        geo.load_municipalities(2022)


def test_merger_across_provinces_is_an_error(loaded, tmp_path, monkeypatch):
    lines = [
        "2026-01-01;GM0034;Almere;GM9902;Gooi en Flevo",
        "2026-01-01;GM0406;Huizen;GM9902;Gooi en Flevo",
    ]
    monkeypatch.setattr(registers, "MERGERS", merger_table(tmp_path, lines))
    assert len(registers.municipality_register(2025)) == 342  # earlier years are unaffected
    message = r"herindelingen\.csv, 2026-01-01: .*GM9902 Gooi en Flevo.*several provinces"
    with pytest.raises(ValueError, match=message):
        registers.municipality_register(2026)
    with pytest.raises(ValueError, match=message):
        geo.load_municipalities(2026)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["2025-01-01;GM0037;Stadskanaal;GM0047;Veendam"], r"GM0047.*already exist"),
        (["2025-01-01;GM0457;Weesp;GM9901;Testgemeente"], r"old codes \['GM0457'\] not in"),
        (["2025-01-01;GM0037;Stadskanal;GM9901;Testgemeente"], r"old names \['Stadskanal'\]"),
        (["2025-13-01;GM0037;Stadskanaal;GM9901;Testgemeente"], r"row \d+: datum '2025-13-01'"),
        (["2025-01-01;GM37;Stadskanaal;GM9901;Testgemeente"], r"row \d+: oude_code 'GM37'"),
    ],
)
def test_merger_table_errors_name_file_and_place(loaded, tmp_path, monkeypatch, lines, message):
    monkeypatch.setattr(registers, "MERGERS", merger_table(tmp_path, lines))
    with pytest.raises(ValueError, match=r"herindelingen\.csv.*" + message):
        registers.municipality_register(2025)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Súdwest-Fryslân", "sudwest fryslan"),
        ("'s-Hertogenbosch", "s Hertogenbosch"),
        ("\u2019s-Gravenhage", "S GRAVENHAGE"),
        ("Noardeast-Fryslân", "Noardeast\u2013Fryslan"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen, gerwen en  nederwetten"),
    ],
)
def test_normalise_name_equal(a, b):
    assert registers.normalise_name(a) == registers.normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bergen (NH.)", "Bergen (L.)"),
        ("Haaren", "Haren"),
        ("Nuenen, Gerwen en Nederwetten", "Nuenen Gerwen en Nederwetten"),
    ],
)
def test_normalise_name_different(a, b):
    assert registers.normalise_name(a) != registers.normalise_name(b)


def test_normalise_name_rejects_missing_name():
    with pytest.raises(TypeError, match="nan"):
        registers.normalise_name(float("nan"))


def test_accepted_names(loaded):
    accepted = registers.accepted_names(2023)
    assert set(accepted) == set(registers.municipality_register(2023)["gemeentecode"])
    assert accepted["GM0518"] == {"sgravenhage", "denhaag"}
    assert accepted["GM0796"] == {"shertogenbosch", "denbosch"}
    assert accepted["GM1900"] == {"sudwestfryslan"}
    assert "GM0788" in registers.accepted_names(2020) and "GM0788" not in accepted  # Haaren


def test_name_variants_are_checked(loaded, tmp_path, monkeypatch):
    variants = tmp_path / "naamvarianten.csv"
    monkeypatch.setattr(registers, "NAME_VARIANTS", variants)
    variants.write_text("gemeentecode;naam\nGM0518;Amsterdam\n", encoding="utf-8")
    with pytest.raises(ValueError, match="naamvarianten.csv: 'Amsterdam' for GM0518 .*GM0363"):
        registers.accepted_names(2023)
    variants = tmp_path / "other" / "naamvarianten.csv"
    variants.parent.mkdir()
    monkeypatch.setattr(registers, "NAME_VARIANTS", variants)
    variants.write_text("gemeentecode;naam\nGM9999;Nergenshuizen\n", encoding="utf-8")
    with pytest.raises(ValueError, match="naamvarianten.csv, row 2: no municipality .*GM9999"):
        registers.accepted_names(2023)


def test_content_check_rejects_truncated_file(mirror, tmp_path):
    bad_mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    bad_mirror.mkdir()
    shutil.copy(mirror / boundaries.FILES["provinces"], bad_mirror)
    data = json.loads((mirror / boundaries.FILES["municipalities"]).read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    (bad_mirror / boundaries.FILES["municipalities"]).write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ValueError, match="gemeente_2023.geojson has 341 municipalities"):
        boundaries.fetch_boundaries(mirror=bad_mirror, cache=cache)
    assert not (cache / boundaries.FILES["municipalities"]).exists()  # refetched next run


def test_content_check_rejects_unreadable_file(tmp_path):
    path = tmp_path / boundaries.FILES["provinces"]
    path.write_text('{"type": "Topology", "arcs": [[[37', encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be read"):
        boundaries.check_content("provinces", path)
    assert not path.exists()


def test_missing_mirror_file_gives_clear_error(mirror, tmp_path):
    partial = tmp_path / "mirror"
    partial.mkdir()
    shutil.copy(mirror / boundaries.FILES["municipalities"], partial)
    with pytest.raises(FileNotFoundError) as err:
        boundaries.fetch_boundaries(mirror=partial, cache=tmp_path / "cache")
    message = str(err.value)
    assert "provincie_2023.topojson" in message and str(partial) in message
    assert boundaries.MIRROR_ENV in message and "\n" not in message


def test_failed_download_gives_clear_error(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise ConnectionError("no network")

    monkeypatch.delenv(boundaries.MIRROR_ENV, raising=False)
    monkeypatch.setattr(boundaries.pooch, "retrieve", offline)
    with pytest.raises(RuntimeError) as err:
        boundaries.fetch_boundaries(cache=tmp_path)
    message = str(err.value)
    assert "gemeente_2023.geojson" in message and boundaries.BASE_URL in message
    assert boundaries.MIRROR_ENV in message and "\n" not in message


@pytest.fixture
def http_folder(tmp_path):
    """A local HTTP server over a folder: a download without network."""
    import functools
    import http.server
    import threading

    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=served)
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def served_mirror(mirror, http_folder, monkeypatch):
    """The mirror's files served over HTTP, pinned as the download's expected bytes."""

    served, url = http_folder
    for name in boundaries.FILES.values():
        shutil.copy(mirror / name, served)
    monkeypatch.delenv(boundaries.MIRROR_ENV, raising=False)
    monkeypatch.setattr(boundaries, "BASE_URL", url)
    monkeypatch.setattr(
        boundaries, "SHA256", {n: sha256(served / n) for n in boundaries.FILES.values()}
    )
    return served


def test_download_accepts_the_pinned_bytes(mirror, http_folder, tmp_path, monkeypatch):
    served_mirror(mirror, http_folder, monkeypatch)
    got = boundaries.fetch_boundaries(cache=tmp_path / "cache")
    assert {p.name for p in got.values()} == set(boundaries.FILES.values())


def test_download_rejects_other_bytes(mirror, http_folder, tmp_path, monkeypatch):
    """A source whose bytes changed is refused, even when its content would pass."""
    served = served_mirror(mirror, http_folder, monkeypatch)
    municipalities = served / boundaries.FILES["municipalities"]
    municipalities.write_bytes(municipalities.read_bytes() + b"\n")
    cache = tmp_path / "cache"
    with pytest.raises(RuntimeError) as err:
        boundaries.fetch_boundaries(cache=cache)
    message = str(err.value)
    assert (
        "gemeente_2023.geojson" in message and boundaries.SHA256["gemeente_2023.geojson"] in message
    )
    assert "\n" not in message
    assert not (cache / "gemeente_2023.geojson").exists()  # nothing unchecked is kept
