"""Deterministic generator of the SYNTHETIC raw exports (`make synthetic`).

The real answers of municipalities are confidential. This module writes raw
exports in the real export's shape (see the codebook) whose answers are
invented, but calibrated so that the pipeline reproduces every number of the
published 2023 report. Targets live in synthetic_calibration.yaml; the
reasoning behind them in data/raw/ASSUMPTIONS.md.

How answers are drawn: every municipality gets a persistent latent
"engagement" score; a question's answer counts are fixed exactly by the
calibration, and the answers are handed out by sorting respondents on
engagement plus noise, so that answers correlate across questions (a
municipality with a coalition usually has a kartrekker) the way real ones do.
Municipalities that responded in two consecutive years (the panel) get their
own exact counts where the report publishes panel changes.

Every year folder gets a manifest (synthetic.json) with the sha256 of each
generated file: processing labels a year synthetic exactly when its files
still match, so a real export dropped in its place is not mislabelled.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers import cli, paths
from helpers.data import codebook
from helpers.data.rawdata import MANIFEST, sha256
from helpers.data.registers import municipality_register


@cache
def calibration() -> dict:
    text = resources.files("helpers.data").joinpath("synthetic_calibration.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def rng(*keys) -> np.random.Generator:
    """A generator seeded by the calibration seed and stable keys (not hash())."""
    entropy = [calibration()["seed"]] + [zlib.crc32(str(k).encode()) for k in keys]
    return np.random.default_rng(entropy)


def counts_from_pct(pct: dict, n: int) -> dict:
    """Whole counts summing to n, closest to pct (largest remainder)."""
    total = sum(pct.values())
    exact = {k: n * v / total for k, v in pct.items()}
    counts = {k: int(np.floor(v)) for k, v in exact.items()}
    order = sorted(exact, key=lambda k: counts[k] - exact[k])  # largest remainder first
    for k in order[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def target_counts(spec: dict, year: int, n: int) -> dict:
    entry = spec.get(year)
    if entry is None:
        return counts_from_pct(spec["default"], n)
    if "pct" in entry:
        return counts_from_pct(entry["pct"], n)
    counts = dict(entry["counts"])
    if sum(counts.values()) != n:
        raise ValueError(f"calibration {year}: counts {counts} do not sum to n={n}")
    return counts


# --- who is invited and who responds ----------------------------------------


def engagement(codes: pd.Index) -> pd.Series:
    """Persistent latent score per municipality code."""
    return pd.Series(
        [rng("engagement", c).standard_normal() for c in codes], index=codes, dtype=float
    )


def draw_participation(years: dict) -> dict[int, dict[str, pd.Index]]:
    """Invited and responding municipality codes per year.

    Invitations grow with the programme: each year the municipalities with the
    highest (random, persistent) membership score are invited. Respondents of
    year y include exactly `panel` respondents of year y-1.
    """
    out: dict[int, dict[str, pd.Index]] = {}
    previous = pd.Index([])
    for year, spec in sorted(years.items()):
        codes = pd.Index(municipality_register(year)["gemeentecode"])
        membership = pd.Series([rng("member", c).random() for c in codes], index=codes)
        invited = membership.sort_values().index[: spec["invited"]]
        r = rng("respond", year)
        stay = previous.intersection(invited)
        k = spec.get("panel", 0)
        if k > len(stay):
            raise ValueError(f"{year}: panel of {k} but only {len(stay)} can stay")
        panel = pd.Index(r.choice(stay.to_numpy(), size=k, replace=False)) if k else stay[:0]
        fresh = invited.difference(previous)
        m = spec["respondents"] - k
        newcomers = pd.Index(r.choice(fresh.to_numpy(), size=m, replace=False))
        respondents = panel.append(newcomers).sort_values()
        out[year] = {"invited": invited.sort_values(), "respondents": respondents}
        previous = respondents
    return out


# --- answers -----------------------------------------------------------------


def rank(units: pd.Index, score: pd.Series, key) -> pd.Index:
    """Units ordered from most to least engaged, with noise."""
    noisy = score.reindex(units) + rng("noise", *key).standard_normal(len(units))
    return noisy.sort_values(ascending=False, kind="stable").index


def hand_out(units: pd.Index, counts: dict, order: list, score, key) -> pd.Series:
    """Give answer code c to exactly counts[c] units, in positivity order."""
    if sum(counts.values()) != len(units):
        raise ValueError(f"{key}: counts {counts} do not fit {len(units)} units")
    ranked = rank(units, score, key)
    codes = np.repeat([c for c in order], [counts.get(c, 0) for c in order])
    return pd.Series(codes, index=ranked, dtype="Int64").reindex(units)


def split_groups(
    q: codebook.Question, spec: dict, year: int, answering: pd.Index, panels: dict
) -> list[tuple[pd.Index, dict | None]]:
    """Groups of units with their own exact counts: constrained panels first."""
    groups, rest = [], answering
    for later, pair in spec.get("panel", {}).items():
        if year in pair:
            other = later - 1 if year == later else later
            members = answering.intersection(panels[frozenset((year, other))])
            groups.append((members, pair[year]))
            rest = rest.difference(members)
    return groups + [(rest, None)]


def choose_answering(q, spec, year, eligible: pd.Index, panels: dict, key) -> pd.Index:
    """Who answers: all eligible, minus skippers drawn outside constrained panels."""
    n = spec.get("n", {}).get(year, len(eligible))
    protected = eligible[:0]
    row_panels = [r.get("panel", {}) for r in spec.get("rows", {}).values()]
    for later, pair in [p for panel in [spec.get("panel", {}), *row_panels] for p in panel.items()]:
        if year in pair:
            other = later - 1 if year == later else later
            protected = protected.union(eligible.intersection(panels[frozenset((year, other))]))
    free = eligible.difference(protected)
    skip = rng("skip", *key).choice(free.to_numpy(), size=len(eligible) - n, replace=False)
    return eligible.difference(pd.Index(skip))


def single_answers(q, spec, year, answering, panels, score, key) -> pd.Series:
    order = list(q.positive) + [o.code for o in q.options if o.code not in q.positive]
    total = target_counts(spec, year, len(answering))
    out = pd.Series(pd.NA, index=answering, dtype="Int64")
    remaining = dict(total)
    for i, (units, counts) in enumerate(split_groups(q, spec, year, answering, panels)):
        if counts is None:
            counts = remaining
        else:
            remaining = {c: remaining[c] - counts.get(c, 0) for c in remaining}
        if len(units):
            out[units] = hand_out(units, counts, order, score, (*key, i))
    return out


def multiple_answers(q, spec, year, answering, panels, score, key) -> pd.DataFrame:
    """Tick boxes: exact ticked counts per option; everyone ticks at least one."""
    items = [o.code for o in q.items(year)]
    n = len(answering)
    entry = spec.get(year)
    if entry is None or "pct" in entry:
        pct = spec["default"] if entry is None else entry["pct"]
        totals = {c: round(n * pct.get(c, 0) / 100) for c in items}
    else:
        totals = {c: entry["counts"].get(c, 0) for c in items}
    ticks = pd.DataFrame(0, index=answering, columns=items, dtype="Int64")
    exclusive = next((o.code for o in q.items(year) if o.exclusive), None)
    pool = answering
    if exclusive:
        low_first = rank(answering, -score, (*key, exclusive))
        chosen = low_first[: totals[exclusive]]
        ticks.loc[chosen, exclusive] = 1
        pool = answering.difference(chosen)
    groups = split_groups(q, spec, year, pool, panels)
    for code in items:
        if code == exclusive:
            continue
        fixed = [(u, c[code]) for u, c in groups if c is not None and code in c]
        free = pool
        left = totals[code]
        for units, k in fixed:
            ticks.loc[rank(units, score, (*key, code, "p"))[:k], code] = 1
            free, left = free.difference(units), left - k
        ticks.loc[rank(free, score, (*key, code))[:left], code] = 1
    # Move a tick from a unit with several to a unit with none, within one
    # group and one unconstrained option, so every published count stays.
    for units, counts in groups:
        fixed = set(counts or {})
        for empty in [u for u in units if ticks.loc[u].sum() == 0]:
            for code in [c for c in items if c not in fixed and c != exclusive]:
                donors = [u for u in units if ticks.loc[u, code] == 1 and ticks.loc[u].sum() > 1]
                if donors:
                    ticks.loc[donors[-1], code] = 0
                    ticks.loc[empty, code] = 1
                    break
            else:
                raise ValueError(f"{key}: cannot give {empty} a tick without moving a target")
    return ticks


def free_texts(q, spec, year, ticks: pd.DataFrame, key) -> dict[str, pd.Series]:
    out = {}
    pool = calibration()["texts"]
    for option in (o for o in q.options if o.text and o.asked_in(year)):
        who = ticks.index[ticks[option.code] == 1]
        themed = spec.get("texts", {}).get(year, {})
        texts = [t for theme, k in themed.items() for t in _cycle(pool[theme], k)]
        texts += _cycle(pool["other"], len(who) - len(texts))
        r = rng("text", *key)
        out[f"{q.id}_{option.code}_tekst"] = pd.Series(r.permutation(texts), index=who)
    return out


def _cycle(texts: list[str], k: int) -> list[str]:
    return [texts[i % len(texts)] for i in range(k)]


def dependency_order(questions: list[codebook.Question]) -> list[codebook.Question]:
    """Questions whose routing depends on another come after it."""
    done, ordered = set(), []
    pending = list(questions)
    while pending:
        for q in pending:
            if not q.asked_if or q.asked_if["question"] in done:
                ordered.append(q)
                done.add(q.id)
                pending.remove(q)
                break
        else:
            raise ValueError("asked_if routing has a cycle")
    return ordered


def answers(year: int, respondents: pd.Index, panels: dict, score: pd.Series) -> pd.DataFrame:
    cb = codebook.load()
    specs = calibration()["questions"]
    table = pd.DataFrame(index=respondents)
    for q in dependency_order(cb.asked(year)):
        spec = specs[q.id]
        eligible = respondents
        if q.asked_if:
            cond = table[q.asked_if["question"]]
            eligible = respondents[cond.isin(q.asked_if["codes"]).fillna(False).to_numpy()]
        key = (year, q.id)
        answering = choose_answering(q, spec, year, eligible, panels, key)
        if q.type == "single":
            table[q.id] = single_answers(q, spec, year, answering, panels, score, key)
        elif q.type == "matrix":
            for row in q.rows:
                row_spec = {**spec["rows"][row.code], "n": spec.get("n", {})}
                col = f"{q.id}_{row.code}"
                table[col] = single_answers(
                    q, row_spec, year, answering, panels, score, (*key, row.code)
                )
        else:
            ticks = multiple_answers(q, spec, year, answering, panels, score, key)
            for code in ticks:
                table[f"{q.id}_{code}"] = ticks[code]
            for col, texts in free_texts(q, spec, year, ticks, key).items():
                table[col] = texts
    return table


def timestamps(year: int, units: pd.Index) -> pd.Series:
    window = calibration()["fieldwork"]
    start = datetime.fromisoformat(f"{year}-{window['start']}T08:00:00")
    end = datetime.fromisoformat(f"{year}-{window['end']}T18:00:00")
    seconds = rng("time", year).integers(0, int((end - start).total_seconds()), len(units))
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(seconds, unit="s"), index=units)


# --- writing -----------------------------------------------------------------


def build_exports() -> dict[int, dict[str, pd.DataFrame]]:
    """All synthetic exports: {year: {"export": df, "invited": df}}."""
    cb = codebook.load()
    years = calibration()["years"]
    participation = draw_participation(years)
    ys = sorted(participation)
    panels = {
        frozenset((a, b)): participation[a]["respondents"].intersection(
            participation[b]["respondents"]
        )
        for a, b in zip(ys, ys[1:], strict=False)
    }
    all_codes = pd.Index(sorted(set().union(*(p["invited"] for p in participation.values()))))
    score = engagement(all_codes)
    out = {}
    for year in ys:
        register = municipality_register(year).set_index("gemeentecode")["gemeentenaam"]
        resp = participation[year]["respondents"]
        table = answers(year, resp, panels, score)
        table.insert(0, "gemeentecode", resp)
        table.insert(1, "gemeentenaam", register.reindex(resp).to_numpy())
        table.insert(2, "ingevuld_op", timestamps(year, resp).dt.strftime("%Y-%m-%d %H:%M:%S"))
        export = table.sort_values("ingevuld_op")[cb.columns(year)].reset_index(drop=True)
        invited = participation[year]["invited"]
        invited_df = pd.DataFrame(
            {"gemeentecode": invited, "gemeentenaam": register.reindex(invited).to_numpy()}
        )
        out[year] = {"export": export, "invited": invited_df}
    return out


def write_csv(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, sep=";", index=False, encoding="utf-8", lineterminator="\n")


def write(raw_root: Path = paths.RAW) -> list[Path]:
    cb = codebook.load()
    written = []
    for year, frames in build_exports().items():
        folder = raw_root / str(year)
        files = {cb.export_file(year): frames["export"], cb.invited_file(year): frames["invited"]}
        for name, df in files.items():
            write_csv(df, folder / name)
            written.append(folder / name)
        manifest = {
            "synthetic": True,
            "note": (
                "SYNTHETIC data: invented answers calibrated to reproduce the published "
                "2023 report; not the answers of any municipality. See data/raw/README.md."
            ),
            "generator": "helpers.data.synthetic (make synthetic)",
            "seed": calibration()["seed"],
            "sha256": {name: sha256(folder / name) for name in files},
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog=cli.prog(__spec__), description="Write the synthetic raw exports."
    )
    parser.add_argument("--raw", type=Path, default=paths.RAW, help="raw data folder")
    args = parser.parse_args(argv)
    for path in write(args.raw):
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(cli.run(main))
