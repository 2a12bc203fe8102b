"""Raw exports -> processed indicator tables in data/processed/<year>/.

For a report year Y this reads and validates every raw year up to Y (trend rows
need them) and writes, atomically (all files or none):

    responses.parquet             the validated answers of year Y, with province and
                                  urbanity class (stedelijkheid; null: no classes)
    response_rates.parquet        invited, responded and rate per year
    municipality_status.parquet   every municipality of year Y: invited, responded, status
    response_by_province.parquet  invited, responded and rate per province for year Y
    question_<id>.parquet         one indicator table per question of the codebook
    answers_by_province.parquet   the counts of year Y's answers per province
    answers_by_class.parquet      the same per CBS urbanity class (`classes`); no rows
                                  in a year without classes
    themes.parquet                coded themes of free-text answers
    meta.json                     years, panel size, which years are synthetic, where
                                  the classes come from

An indicator table has one row per (year, population, item, code): `count`
municipalities gave `code`, out of `n` that answered the item; `pct` is
unrounded. Population "alle" is every respondent of that year; "panel" is the
municipalities that responded in both Y-1 and Y (rows for both years).
answers_by_province has the same rows for year Y, population "alle", per province
(`provincienaam`) instead of per year and population: every province of the register,
also one without respondents (n 0); answers_by_class the same per class (`stedelijkheid`,
1..5). They are internal, like every processed table: the disclosure rules (a group's
figure only where enough others answered) are applied by what shows them, the factsheets.
A year without a CBS classes file is written all the same, says so once in the log, and
its meta.json has "classes": null.

Each raw year is validated on its own, so a broken year stops only itself and the
later report years whose trends need it; every other year is still written.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from helpers import cli, logs, paths
from helpers.data import classes, codebook, rawdata, stamp, validate
from helpers.data.codebook import ALL, PANEL
from helpers.data.registers import municipality_register, province_of

log = logging.getLogger(__name__)


def load_export(year: int, raw_root: Path = paths.RAW) -> pd.DataFrame:
    """The validated export of `year`, indexed by municipality code."""
    if not (Path(raw_root) / str(year)).is_dir():
        raise FileNotFoundError(f"no raw data for {year} ({codebook.raw_years_note(raw_root)})")
    return validate.load_export(year, raw_root).set_index("gemeentecode")


def load_exports(year: int, raw_root: Path = paths.RAW) -> dict[int, pd.DataFrame]:
    """Validated exports of every available year up to `year`; raises on the first bad one."""
    years = sorted({y for y in codebook.available_years(raw_root) if y < year} | {year})
    return {y: load_export(y, raw_root) for y in years}


def panel(exports: dict[int, pd.DataFrame], a: int, b: int) -> pd.Index:
    """Municipalities that responded in both year a and year b."""
    if a not in exports or b not in exports:
        return pd.Index([], name="gemeentecode")
    return exports[a].index.intersection(exports[b].index).sort_values()


# --- indicator tables ----------------------------------------------------------


def item_counts(q: codebook.Question, answers: pd.DataFrame, year: int) -> pd.DataFrame:
    """Counts per item and code among `answers` (one year's rows)."""
    tallies = {}
    for _, _, column in _units(q, year):
        values = answers[column].dropna()
        tallies[column] = ({code: int((values == code).sum()) for code in q.codes()}, len(values))
    return pd.DataFrame(_count_rows(q, year, tallies))


def _units(q: codebook.Question, year: int) -> list[tuple]:
    """(item, item label, answer column) of each answer column of `q` in `year`."""
    if q.type == "single":
        return [("", "", q.id)]
    return [(i.code, i.label, f"{q.id}_{i.code}") for i in q.items(year)]


def _count_rows(q: codebook.Question, year: int, tallies: dict) -> Iterator[dict]:
    """One row per item and code of `q` in `year`, from the `tallies` of its answer columns:
    {column: ({code: count}, n answered)}."""
    labels = dict(codebook.load().answers(q))
    for item, item_label, column in _units(q, year):
        counts, n = tallies[column]
        for code in q.codes():
            label = labels[code]
            yield {
                "item": str(item),
                "item_label": item_label,
                "code": code,
                "label": label,
                "count": counts.get(code, 0),
                "n": n,
            }


def indicator_table(
    q: codebook.Question, exports: dict[int, pd.DataFrame], year: int
) -> pd.DataFrame:
    """All years up to `year` (population alle) plus the Y-1/Y panel rows."""
    parts = []
    for y, df in exports.items():
        if q.asked_in(y):
            parts.append(item_counts(q, df, y).assign(year=y, population=ALL))
    previous = codebook.previous_year(year)
    members = panel(exports, previous, year)
    for y in (previous, year):
        if len(members) and q.asked_in(y):
            parts.append(
                item_counts(q, exports[y].loc[members], y).assign(year=y, population=PANEL)
            )
    if not parts:
        return pd.DataFrame(
            columns=["question", "year", "population", "item", "item_label", "code", "label"]
            + ["count", "n", "pct"]
        )
    table = _with_pct(pd.concat(parts, ignore_index=True))
    table.insert(0, "question", q.id)
    first = ["question", "year", "population"]
    return table[first + [c for c in table.columns if c not in first]]


def answers_by_group(responses: pd.DataFrame, by: str, groups: Iterable, year: int) -> pd.DataFrame:
    """Counts of year `year`'s answers per group: one row per (question, group, item,
    code), as in an indicator table; `by` is the column of `responses` that holds each
    municipality's group (provincienaam, stedelijkheid), `groups` every group to give
    rows for (also one without respondents: n 0)."""
    by_group = responses.groupby(by)
    rows = []
    for q in codebook.load().asked(year):
        columns = [column for _, _, column in _units(q, year)]
        # without "no answer": {(group, code): count} and {group: n answered}
        counts = {c: by_group[c].value_counts().to_dict() for c in columns}
        answered = {c: by_group[c].count().to_dict() for c in columns}
        for group in groups:
            tallies = {
                c: (
                    {code: counts[c].get((group, code), 0) for code in q.codes()},
                    answered[c].get(group, 0),
                )
                for c in columns
            }
            rows += [{"question": q.id, by: group, **row} for row in _count_rows(q, year, tallies)]
    header = ["question", by, "item", "item_label", "code", "label", "count", "n"]
    return _with_pct(pd.DataFrame(rows, columns=header))


def _with_pct(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with `pct`: 100 * count / n, unrounded; NaN where nobody answered."""
    table["pct"] = (100 * table["count"] / table["n"]).where(table["n"] > 0)
    return table


def theme_table(q: codebook.Question, exports: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """How many free-text answers per year match each coded theme of the codebook."""
    rows = []
    for y, df in exports.items():
        for col in q.text_columns(y):
            texts = df[col].dropna()
            for theme in q.themes:
                hits = texts.str.contains(theme["pattern"], case=False, regex=True)
                rows.append(
                    {
                        "question": q.id,
                        "year": y,
                        "column": col,
                        "theme": theme["code"],
                        "label": theme["label"],
                        "count": int(hits.sum()),
                        "n": len(texts),
                    }
                )
    return pd.DataFrame(rows)


# --- response -------------------------------------------------------------------


def response_rates(year: int, exports: dict, raw_root: Path) -> pd.DataFrame:
    rows = []
    for y, df in exports.items():
        invited = validate.load_invited(y, raw_root)
        rows.append({"year": y, "invited": len(invited), "responded": len(df)})
    out = pd.DataFrame(rows)
    out["pct"] = 100 * out["responded"] / out["invited"]
    out["municipalities"] = [len(municipality_register(y)) for y in out["year"]]
    return out


def municipality_status(year: int, exports: dict, raw_root: Path) -> pd.DataFrame:
    """Every municipality of the year's register: invited? responded? (Figuur 1)."""
    register = municipality_register(year)
    invited = register["gemeentecode"].isin(validate.load_invited(year, raw_root)["gemeentecode"])
    responded = register["gemeentecode"].isin(exports[year].index)
    status = pd.Series("niet_uitgenodigd", index=register.index)
    status[invited] = "uitgenodigd"
    status[responded] = "ingevuld"
    return register.assign(invited=invited, responded=responded, status=status)


def response_by_province(status: pd.DataFrame) -> pd.DataFrame:
    out = (
        status.groupby("provincienaam", sort=True)
        .agg(
            municipalities=("gemeentecode", "size"),
            invited=("invited", "sum"),
            responded=("responded", "sum"),
        )
        .reset_index()
    )
    out["pct"] = 100 * out["responded"] / out["invited"]
    return out


# --- the processing step --------------------------------------------------------


def build(
    year: int, raw_root: Path = paths.RAW, exports: dict[int, pd.DataFrame] | None = None
) -> dict[str, pd.DataFrame | dict]:
    """Every processed table of report year `year`, in memory.

    `exports` may hold already validated exports (of this and later years).
    """
    cb = codebook.load()
    if exports is None:
        exports = load_exports(year, raw_root)
    exports = {y: df for y, df in exports.items() if y <= year}
    current = exports[year]
    responses = current.reset_index()
    # The register's spelling: validation made sure the export means the same municipality.
    register = municipality_register(year).set_index("gemeentecode")
    responses["gemeentenaam"] = responses["gemeentecode"].map(register["gemeentenaam"])
    responses.insert(2, "provincienaam", province_of(responses["gemeentecode"], year))
    previous = codebook.previous_year(year)
    members = panel(exports, previous, year)
    peers = classes.load(year)
    if peers is None:  # said once for all such years, by `run`
        peers = pd.Series(dtype="Int64")
    responses.insert(3, classes.COLUMN, responses["gemeentecode"].map(peers).astype("Int64"))
    responses.insert(4, "in_panel", responses["gemeentecode"].isin(members))
    status = municipality_status(year, exports, raw_root)
    out: dict[str, pd.DataFrame | dict] = {
        "responses": responses,
        "response_rates": response_rates(year, exports, raw_root),
        "municipality_status": status,
        "response_by_province": response_by_province(status),
    }
    themes = []
    for q in cb.questions.values():
        out[f"question_{q.id}"] = indicator_table(q, exports, year)
        if q.themes:
            themes.append(theme_table(q, exports))
    provinces = sorted(status["provincienaam"].unique())
    out["answers_by_province"] = answers_by_group(responses, "provincienaam", provinces, year)
    groups = sorted(classes.LABELS) if len(peers) else []  # none: no comparison, no rows
    out["answers_by_class"] = answers_by_group(responses, classes.COLUMN, groups, year)
    out["themes"] = pd.concat(themes, ignore_index=True) if themes else pd.DataFrame()
    out["meta"] = {
        "year": year,
        "years": sorted(exports),
        "previous_year": previous if previous in exports else None,
        "panel_size": len(members),
        "synthetic": {str(y): rawdata.is_synthetic(y, raw_root) for y in exports},
        # the peer group's source; None: no classes for this year, no comparison
        "classes": (
            {"year": year, "source": classes.source(year), "file": classes.file_name(year)}
            if len(peers)
            else None
        ),
    }
    return out


def write(year: int, tables: dict, processed_root: Path = paths.PROCESSED) -> Path:
    """Write into a temporary folder, then swap it in: all files or none."""
    processed_root.mkdir(parents=True, exist_ok=True)
    target = processed_root / str(year)
    tmp = Path(tempfile.mkdtemp(prefix=f".{year}-", dir=processed_root))
    try:
        for name, table in tables.items():
            if isinstance(table, dict):
                (tmp / f"{name}.json").write_text(json.dumps(table, indent=2) + "\n", "utf-8")
            else:
                # without attrs: they hold the raw file's path, which differs per machine
                plain = table.copy()
                plain.attrs = {}
                plain.to_parquet(tmp / f"{name}.parquet", index=False)
        old = processed_root / f".{year}-old"
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


@dataclass
class Run:
    """What `run` did: the folders written, per failed year its message lines, and the
    years written without CBS classes."""

    written: dict[int, Path] = field(default_factory=dict)
    failed: dict[int, list[str]] = field(default_factory=dict)
    without_classes: list[int] = field(default_factory=list)


INPUT_ERRORS = (validate.ExportError, OSError, ValueError)


def run(
    years: Iterable[int], raw_root: Path = paths.RAW, processed_root: Path = paths.PROCESSED
) -> Run:
    """Validate every raw year up to the latest of `years`, each on its own, then build and
    write each report year whose raw years are all valid. A failed year leaves its earlier
    output as it was."""
    years = sorted(set(years))
    raw_years = (
        sorted({y for y in codebook.available_years(raw_root) if y < max(years)} | set(years))
        if years
        else []
    )
    out, exports = Run(), {}
    inputs = stamp.inputs(raw_root)  # before reading: a change while it runs is not missed
    # disable=None: no bar where stderr is not a terminal (log files, CI)
    with tqdm(
        total=len(raw_years) + len(years), desc="validate + process", unit="step", disable=None
    ) as bar:
        for y in raw_years:
            try:
                exports[y] = load_export(y, raw_root)
                stale = rawdata.stale_marker(y, raw_root)
            except INPUT_ERRORS as exc:
                exports.pop(y, None)
                out.failed[y] = _lines(exc)
            else:
                if stale:
                    log.warning(stale)
            bar.update()
        for y in years:
            broken = [b for b in raw_years if b < y and b in out.failed]
            if broken and y not in out.failed:
                needs = ", ".join(map(str, broken))
                why = f"not processed: its trends need {needs}, which failed"
                out.failed[y] = [f"{Path(raw_root) / str(y)}: {why}"]
            if y not in out.failed:
                try:
                    tables = build(y, raw_root, exports)
                    stamp.path(y, processed_root).unlink(missing_ok=True)  # stale until done
                    out.written[y] = write(y, tables, processed_root)
                    stamp.write(y, processed_root, inputs)
                except INPUT_ERRORS as exc:
                    out.failed[y] = _lines(exc)
                else:
                    if tables["meta"]["classes"] is None:
                        out.without_classes.append(y)
            bar.update()
    if out.without_classes:
        log.warning(no_classes_message(out.without_classes))
    return out


def _lines(exc: Exception) -> list[str]:
    """Every problem of a failed year, one a line (an ExportError's message cuts them)."""
    return exc.lines if isinstance(exc, validate.ExportError) else str(exc).splitlines()


def no_classes_message(years: list[int]) -> str:
    """The one line that says which written years have no class file
    (docs/factsheets-and-monitor.md)."""
    return (
        f"no CBS urbanity classes for {', '.join(map(str, years))} "
        f"({classes.file_name('<year>')} not in {classes.MIRROR_ENV} or the cache): their "
        "factsheets and monitors leave out the comparison with similar municipalities"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=cli.prog(__spec__), description="Validate raw exports and write processed tables."
    )
    parser.add_argument("years", nargs="*", type=int, help="report years (default: all in raw)")
    parser.add_argument(
        "--raw", type=Path, default=paths.RAW, help="exports by year (default data/raw)"
    )
    parser.add_argument(
        "--processed", type=Path, default=paths.PROCESSED, help="output (default data/processed)"
    )
    args = parser.parse_args(argv)
    log_file = logs.setup("data")
    try:  # once, not once per year: every year reads it
        codebook.load()
    except ValueError as err:
        log.error(paths.shown(str(err)))
        return 1
    years = args.years or codebook.available_years(args.raw)
    if not years:
        log.error(f"no year folders in {args.raw}")
        return 1
    result = run(years, args.raw, args.processed)
    for path in result.written.values():
        log.info(f"wrote {paths.relative(path)}")
    for lines in result.failed.values():
        # the first on the console, every one in the log
        for line in lines[: validate.MAX_LINES]:
            log.error(paths.shown(line))
        for line in lines[validate.MAX_LINES :]:
            log.error(paths.shown(line), extra=logs.FILE_ONLY)
        if len(lines) > validate.MAX_LINES:
            more = len(lines) - validate.MAX_LINES
            log.error(f"... and {more} more, in {paths.relative(log_file)}")
    if result.failed:
        failed = ", ".join(map(str, sorted(result.failed)))
        kept = f"; written: {', '.join(map(str, result.written))}" if result.written else ""
        log.error(f"not processed: {failed}{kept}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(cli.run(main))
