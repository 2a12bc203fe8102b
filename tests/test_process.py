"""Processing: panel, indicator tables, and that bad input changes nothing."""

import shutil

import pandas as pd
import pytest

from helpers import codebook, paths, process
from helpers.indicators import Tables


def test_panel_is_the_intersection():
    a = pd.DataFrame(index=pd.Index(["GM0001", "GM0002", "GM0003"], name="gemeentecode"))
    b = pd.DataFrame(index=pd.Index(["GM0003", "GM0002", "GM0009"], name="gemeentecode"))
    assert list(process.panel({2022: a, 2023: b}, 2022, 2023)) == ["GM0002", "GM0003"]
    assert len(process.panel({2023: b}, 2022, 2023)) == 0


@pytest.mark.parametrize(
    ("x", "expected"), [(48.75, 49), (12.5, 13), (0.5, 1), (-4.5, -5), (5.0847, 5), (88.95, 89)]
)
def test_round_half_up(x, expected):
    assert process.round_half_up(x) == expected


def test_indicator_rows_add_up(processed):
    t = Tables(2023, processed)
    fig3 = t.table("figure_03")
    assert set(fig3["year"]) == {2019, 2020, 2021, 2022, 2023}
    per_row = fig3.groupby(["year", "population", "item"]).agg(
        count=("count", "sum"), n=("n", "first")
    )
    assert (per_row["count"] == per_row["n"]).all()
    panel = fig3[fig3["population"] == "panel"]
    assert set(panel["year"]) == {2022, 2023}
    assert panel["n"].max() <= t.meta["panel_size"]


def test_routing_shrinks_the_denominator(processed):
    t = Tables(2023, processed)
    coalition = t.share("lokale_coalitie", [1, 2, 3]).count
    assert t.share("samenstelling_coalitie", 1, item="gemeente").n <= coalition


def test_processed_tables_name_their_year_synthetic(processed):
    assert Tables(2023, processed).meta["synthetic"] == {str(y): True for y in range(2019, 2024)}


@pytest.fixture
def corrupted_raw(mirror, tmp_path):
    """A copy of data/raw with one unknown answer code in the 2023 export."""
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    export = raw / "2023" / codebook.load().export_file(2023)
    lines = export.read_text("utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(";")
    row = lines[5].rstrip("\n").split(";")
    row[header.index("week_deelname")] = "7"
    lines[5] = ";".join(row) + "\n"
    export.write_text("".join(lines), "utf-8")
    return raw, export


def test_bad_input_one_line_nonzero_exit_outputs_intact(corrupted_raw, tmp_path, capsys):
    raw, export = corrupted_raw
    out = tmp_path / "processed"
    (out / "2023").mkdir(parents=True)
    (out / "2023" / "meta.json").write_text("earlier output", "utf-8")
    before = export.read_bytes()

    assert process.main(["--raw", str(raw), "--processed", str(out)]) == 1

    err = [
        line for line in capsys.readouterr().err.splitlines() if "validate + process" not in line
    ]
    err = [line for line in err if line.strip()]  # the progress bar has its own lines
    assert len(err) == 1
    assert str(export) in err[0] and "row 6" in err[0] and "week_deelname" in err[0]
    assert "'7'" in err[0]
    assert (out / "2023" / "meta.json").read_text("utf-8") == "earlier output"
    assert sorted(p.name for p in out.iterdir()) == ["2023"]  # no half-written folders
    assert export.read_bytes() == before  # raw data is never modified


def test_failed_write_keeps_previous_output(processed, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    shutil.copytree(processed / "2023", out / "2023")
    tables = process.build(2023)

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError):
        process.write(2023, tables, out)
    assert sorted(p.name for p in out.iterdir()) == ["2023"]
    assert (out / "2023" / "meta.json").exists()


def test_a_changed_answer_moves_a_published_number(mirror, tmp_path):
    """The published-number test can fail: one answer less for the Week tegen Eenzaamheid."""
    from test_published import PUBLISHED, compute

    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    export = raw / "2023" / codebook.load().export_file(2023)
    df = pd.read_csv(export, sep=";", dtype=str, keep_default_na=False)
    first_yes = df.index[df["week_deelname"] == "1"][0]
    df.loc[first_yes, "week_deelname"] = "2"
    df.to_csv(export, sep=";", index=False, lineterminator="\n")
    out = tmp_path / "processed"
    process.run([2023], raw, out)

    row = next(PUBLISHED[PUBLISHED["id"] == "week_2023_aantal"].itertuples())
    assert compute(Tables(2023, out), row) == float(row.value) - 1
