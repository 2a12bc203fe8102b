"""Factsheet per municipality: its own answers next to its province and the country.

The factsheet is ONE parameterised notebook, notebooks/factsheet.ipynb (papermill
parameters `gemeente`, `year`, `processed_root`); this module holds its logic so
that the notebook stays thin, and produces the factsheet of every respondent.

    data = year_data(2023)          # national and provincial tables, once per year
    fs = build("GM0363", 2023)      # one municipality (reuses year_data)
    fs.summary                      # Dutch sentences "Uw gemeente ..."
    fs.rows, fs.shares              # one row per answer column / per answer option
    fs.topic_markdown("pijler1")    # the pieces the notebook displays

Batch (one kernel per worker, reused for many municipalities, see `run_batch`):

    python -m helpers.factsheets --year 2023 [--only GM0363 GM0034] [--workers 2]

writes reports/<year>/factsheets/<code>-<name>.ipynb per respondent, plus .html and
.pdf when `quarto` is on PATH. Factsheets are confidential: never part of the site.

Disclosure control: a province figure is shown only when at least `MIN_OTHERS`
other municipalities of the province (the municipality itself not counted)
answered that question; otherwise the factsheet says the number is too small
and shows the national figure only. Suppressed figures are not even kept in
the `Factsheet` object (NaN), so no output can leak them.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from helpers import logs, paths
from helpers.build import engine
from helpers.data import codebook
from helpers.files import write_if_changed
from helpers.report import fmt, style
from helpers.report.indicators import latest_processed_year

log = logging.getLogger(__name__)

MIN_OTHERS = 5  # other municipalities in the province needed to show its figure
NATIONAL = "Nederland"  # scope label of the national figures
NOTEBOOK = paths.ROOT / "notebooks" / "factsheet.ipynb"
RARE_PCT = 25  # an own answer given by fewer than this % nationally is "opvallend"
TOO_SMALL = "aantal te klein"
NOT_ASKED = "n.v.t."  # niet van toepassing: the question was not asked (codebook asked_if)
CODE_PATTERN = re.compile(r"GM\d{4}")


def out_dir(year: int) -> Path:
    """Where the factsheets of `year` go (never part of the public site)."""
    return paths.REPORTS / str(year) / "factsheets"


# --- the answer columns ("units") of a year ---------------------------------------


@dataclass(frozen=True)
class Unit:
    """One answer column: a single question, a matrix row or a multiple-choice option."""

    question: codebook.Question
    item: str  # matrix row / option code; "" for a single question
    label: str  # Dutch: question text (single) or row/option label
    column: str
    codes: tuple  # answer codes in display order
    labels: tuple[str, ...]  # their Dutch labels

    @property
    def topic(self) -> str:
        return self.question.topic

    def answer_label(self, code) -> str:
        return self.labels[self.codes.index(code)]


def units(year: int) -> tuple[Unit, ...]:
    """The answer columns of `year`, in codebook topic order, then question order."""
    cb = codebook.load()
    order = {t["id"]: i for i, t in enumerate(cb.topics)}
    out = []
    for q in sorted(cb.asked(year), key=lambda q: order[q.topic]):  # stable: codebook order
        if q.type == "multiple":
            codes = tuple(cb.multiple_labels)
            labels = tuple(cb.multiple_labels[c] for c in codes)
        else:
            codes = tuple(o.code for o in q.options)
            labels = tuple(o.label for o in q.options)
        if q.type == "single":
            out.append(Unit(q, "", q.text, q.id, codes, labels))
        else:
            for it in q.items(year):
                out.append(Unit(q, str(it.code), it.label, f"{q.id}_{it.code}", codes, labels))
    return tuple(out)


# --- national and provincial tables: once per year ----------------------------------


@dataclass(frozen=True)
class YearData:
    """Everything a factsheet of `year` needs that is the same for every municipality."""

    year: int
    root: Path
    meta: dict
    responses: pd.DataFrame  # year's respondents, indexed by gemeentecode
    previous: pd.DataFrame | None  # previous year's respondents (None: no such year)
    units: tuple[Unit, ...]
    # one row per (scope, column, code): count of municipalities giving `code`, out of
    # n that answered `column`; scope is NATIONAL or a province name
    counts: pd.DataFrame = field(repr=False)
    # the same as {scope: {(column, code): (count, n, pct)}}, for fast look-ups
    lookup: dict = field(repr=False, default_factory=dict)

    def scope(self, scope: str) -> pd.DataFrame:
        """Counts of one scope, indexed by (column, code)."""
        return self.counts.xs(scope, level="scope")


def _root(processed_root) -> Path:
    return Path(processed_root) if processed_root is not None else paths.PROCESSED


def year_data(year: int, processed_root: str | Path | None = None) -> YearData:
    """The national and provincial tables of `year`, computed once per process."""
    return _year_data(int(year), _root(processed_root).resolve())


@functools.cache
def _year_data(year: int, root: Path) -> YearData:
    folder = root / str(year)
    if not (folder / "responses.parquet").exists():
        raise FileNotFoundError(f"{folder}: no processed tables for {year}; run `make data` first")
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    responses = pd.read_parquet(folder / "responses.parquet").set_index("gemeentecode")
    previous = None
    if meta.get("previous_year"):
        prev_file = root / str(meta["previous_year"]) / "responses.parquet"
        if not prev_file.exists():
            raise FileNotFoundError(
                f"{prev_file}: the {year} factsheets compare with {meta['previous_year']}; "
                "run `make data` first"
            )
        previous = pd.read_parquet(prev_file).set_index("gemeentecode")
    us = units(year)
    counts = _counts(responses, us)
    lookup: dict = {}
    for (scope, column, code), c, n, pct in zip(
        counts.index, counts["count"], counts["n"], counts["pct"], strict=True
    ):
        lookup.setdefault(scope, {})[(column, code)] = (int(c), int(n), float(pct))
    return YearData(year, root, meta, responses, previous, us, counts, lookup)


def _counts(responses: pd.DataFrame, us: tuple[Unit, ...]) -> pd.DataFrame:
    columns = [u.column for u in us]
    long = (
        responses.reset_index()[["gemeentecode", "provincienaam", *columns]]
        .melt(id_vars=["gemeentecode", "provincienaam"], var_name="column", value_name="code")
        .dropna(subset=["code"])
    )
    long["code"] = long["code"].astype(int)
    scopes = [NATIONAL, *sorted(responses["provincienaam"].unique())]
    parts = []
    for scope in scopes:
        part = long if scope == NATIONAL else long[long["provincienaam"] == scope]
        count = part.groupby(["column", "code"]).size()
        n = part.groupby("column").size()
        index = pd.MultiIndex.from_tuples(
            [(u.column, c) for u in us for c in u.codes], names=["column", "code"]
        )
        frame = pd.DataFrame({"count": count.reindex(index, fill_value=0)})
        frame["n"] = n.reindex(index.get_level_values("column"), fill_value=0).to_numpy()
        parts.append(frame.assign(scope=scope).set_index("scope", append=True))
    out = pd.concat(parts).reorder_levels(["scope", "column", "code"]).sort_index()
    out["pct"] = (100 * out["count"] / out["n"]).where(out["n"] > 0)
    return out


# --- one municipality ------------------------------------------------------------------


def check_respondent(gemeente: str, year: int, data: YearData | None = None) -> None:
    """Raise ValueError unless `gemeente` responded to the benchmark of `year`."""
    data = data or year_data(year)
    if isinstance(gemeente, str) and gemeente in data.responses.index:
        return
    n = len(data.responses)
    if not isinstance(gemeente, str) or not CODE_PATTERN.fullmatch(gemeente):
        raise ValueError(
            f"{gemeente!r} is not a municipality code (GM and 4 digits, e.g. 'GM0363'); "
            f"no factsheet for {year}"
        )
    try:
        from helpers.data import geo

        register = geo.municipality_register(year).set_index("gemeentecode")["gemeentenaam"]
    except (OSError, RuntimeError, ValueError) as err:  # no boundary files or year
        raise ValueError(
            f"{gemeente} is not among the {n} municipalities that responded to the {year} "
            f"benchmark (did not respond, or is not a municipality; register unavailable: {err})"
        ) from None
    if gemeente not in register.index:
        raise ValueError(
            f"{gemeente} is not a municipality in {year} (not in the CBS register of "
            f"1 January {year}); no factsheet"
        )
    raise ValueError(
        f"{gemeente} ({register[gemeente]}) did not respond to the {year} benchmark; "
        f"factsheets exist only for the {n} municipalities that responded"
    )


def _lower_first(text: str) -> str:
    # keep acronyms (e.g. "LHBTIQ+") as they are
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("*", "\\*")


@dataclass
class _Table:
    """A markdown pipe table; pandoc (Quarto) reads relative column widths from the dashes."""

    header: list[str]
    widths: list[int]
    body: list[list[str]]
    multiple: bool = False
    left: tuple[int, ...] = (0, 1)  # left-aligned columns (labels and own answers)

    def beside(self, other: _Table) -> _Table:
        n = max(len(self.body), len(other.body))
        pad = [[""] * len(self.header)] * (n - len(self.body))
        pad_other = [[""] * len(other.header)] * (n - len(other.body))
        body = [a + b for a, b in zip(self.body + pad, other.body + pad_other, strict=True)]
        widths = [30, 10, 9, 30, 10, 9] if len(self.header) == len(other.header) == 3 else None
        left = self.left + tuple(i + len(self.header) for i in other.left)
        widths = widths or self.widths + other.widths
        return _Table(self.header + other.header, widths, body, False, left)

    def markdown(self) -> str:
        align = [
            ":" + "-" * (w - 1) if i in self.left else "-" * w for i, w in enumerate(self.widths)
        ]
        lines = ["| " + " | ".join(self.header) + " |", "|" + "|".join(align) + "|"]
        lines += ["| " + " | ".join(cells) + " |" for cells in self.body]
        return "\n".join(lines)


@dataclass
class Factsheet:
    """One municipality's factsheet of one year: data, sentences and markdown pieces."""

    gemeente: str
    naam: str
    provincie: str
    year: int
    in_panel: bool  # also responded the year before
    synthetic: bool
    synthetic_previous: bool
    previous_year: int | None  # the year compared with (None: no export of it)
    respondents: int  # national
    respondents_province: int  # including this municipality
    # one row per answer column: own answer now and the year before, province shown?
    rows: pd.DataFrame
    # one row per answer column and option: national and provincial counts and shares
    # (provincial NaN where suppressed) and whether it is the municipality's own answer
    shares: pd.DataFrame
    summary: list[str]
    topics: list[dict]  # codebook topics with at least one question this year

    @property
    def has_previous_year(self) -> bool:
        return self.previous_year is not None

    @property
    def province_any(self) -> bool:
        """Is any provincial figure shown at all?"""
        return bool(self.rows["province_shown"].any())

    # --- markdown for the notebook --------------------------------------------------

    def title_markdown(self) -> str:
        lines = [
            f"# Factsheet {self.naam}",
            "",
            f"**Benchmark Eén tegen eenzaamheid {self.year}** · gemeente {self.naam} "
            f"({self.gemeente}) · provincie {self.provincie} · vertrouwelijk, alleen voor uw "
            "gemeente",
        ]
        notice = self.synthetic_notice()
        if notice:
            lines += ["", notice]
        return "\n".join(lines)

    def synthetic_notice(self) -> str:
        years = [y for y, s in ((self.year, self.synthetic),) if s]
        if self.in_panel and self.synthetic_previous:
            years.insert(0, self.previous_year)
        if not years:
            return ""
        which = fmt.join([str(y) for y in years])
        return (
            f"> **Let op: synthetische gegevens.** De cijfers over {which} zijn verzonnen "
            "(gegenereerd) en niet de echte antwoorden van gemeenten. Gebruik deze factsheet "
            "alleen om de opmaak te beoordelen."
        )

    def summary_markdown(self) -> str:
        return "## Samenvatting\n\n" + "\n".join(f"- {line}" for line in self.summary)

    def legend_markdown(self) -> str:
        """How to read the tables (shown once, above them)."""
        if self.province_any:
            how = (
                f"Per antwoord: % van de gemeenten in {self.provincie} dat het gaf (tussen "
                f"haakjes: heel {NATIONAL})"
            )
        else:
            how = f"Per antwoord: % van de gemeenten in heel {NATIONAL} dat het gaf"
        text = (
            f"{how}, van wie de vraag beantwoordde; bij meerkeuzevragen: % dat het onderdeel "
            "aanvinkte (Wel). **Vet**: het antwoord van uw gemeente."
        )
        if self.in_panel:
            text += f" ‘Nee → **Ja**’: veranderd van {self.previous_year} → {self.year}."
        if (self.rows["own"] == NOT_ASKED).any() or (self.rows["previous"] == NOT_ASKED).any():
            text += f" {NOT_ASKED}: niet gevraagd (hangt af van een eerder antwoord)."
        text += (
            f" Een provinciaal cijfer staat er alleen als minstens {MIN_OTHERS} andere gemeenten "
            "uit de provincie de vraag beantwoordden"
            + (f" (†: {TOO_SMALL})." if self.province_any else ".")
        )
        return text

    def topic_markdown(self, topic: str) -> str:
        """Heading and tables of one codebook topic, one column per answer option.

        A matrix or multiple-choice question gets a table of its own (its text heads the
        first column); consecutive single questions with the same options share one; two
        consecutive multiple-choice questions stand side by side (they need few columns).
        """
        t = next(t for t in self.topics if t["id"] == topic)
        rows = self.rows[self.rows["topic"] == topic]
        key = [
            (q if item else "", self._option_labels(c))
            for q, item, c in zip(rows["question"], rows["item"], rows["column"], strict=True)
        ]
        run = pd.Series(key, index=rows.index) != pd.Series(key, index=rows.index).shift()
        tables = [self._cells(g) for _, g in rows.groupby(run.cumsum(), sort=False)]
        out = [f"### {t['label']} · {t['title']}"]
        while tables:
            table = tables.pop(0)
            if table.multiple and tables and tables[0].multiple:
                table = table.beside(tables.pop(0))
            out += ["", table.markdown()]
        return "\n".join(out)

    def _option_labels(self, column: str) -> tuple[str, ...]:
        return tuple(o["label"] for o in self._options[column])

    @functools.cached_property
    def _options(self) -> dict[str, list[dict]]:
        """Per answer column, the options that get a table column: all, but only "Wel"
        for a multiple-choice option (its "Niet" share is the rest of 100%)."""
        questions = codebook.load().questions
        out: dict[str, list[dict]] = {}
        for o in self.shares.to_dict("records"):
            if questions[o["question"]].type != "multiple" or o["code"] == 1:
                out.setdefault(o["column"], []).append(o)
        return out

    def _cells(self, rows: pd.DataFrame) -> _Table:
        options = self._option_labels(rows["column"].iloc[0])
        first = rows.iloc[0]
        q = codebook.load().questions[first["question"]]
        title = f"*{_md(q.text)}*" if first["item"] else "Vraag"
        header = [title, "Uw gemeente", *(_md(o) for o in options)]
        widths = [36, 19] + [max(11, min(14, len(o) // 2)) for o in options]
        body = []
        for row in rows.to_dict("records"):
            row = SimpleNamespace(**row)
            label = _md(row.label)
            if self.province_any and not row.province_shown:
                label += " †"
            own = f"**{_md(row.own)}**" if pd.notna(row.own_code) else _md(row.own)
            if "→" in row.change:
                own = f"{_md(row.previous)} → {own}"
            cells = [label, own]
            for o in map(lambda r: SimpleNamespace(**r), self._options[row.column]):
                nation = fmt.pct(o.pct_nation)
                if not self.province_any:
                    text = nation
                elif row.province_shown:
                    text = f"{fmt.pct(o.pct_province)}\u00a0({nation})"
                else:
                    text = f"{fmt.MISSING}\u00a0({nation})"
                cells.append(f"**{text}**" if o.own else text)
            body.append(cells)
        return _Table(header, widths, body, multiple=q.type == "multiple")

    def topic_ids(self, exclude: Iterable[str] = ()) -> list[str]:
        return [t["id"] for t in self.topics if t["id"] not in set(exclude)]

    # --- figure ---------------------------------------------------------------------

    def figure_markdown(self, question: str) -> str:
        """Heading (topic) and question text above `multiple_figure(question)`."""
        q = codebook.load().questions[question]
        t = next(t for t in self.topics if t["id"] == q.topic)
        same = t["title"].startswith(t["label"])  # "Uitdagingen" · "Uitdagingen en ..."
        heading = t["title"] if same else f"{t['label']} · {t['title']}"
        return f"### {heading}\n\n*{_md(q.text)}*"

    @style.styled
    def multiple_figure(self, question: str):
        """Bars of a multiple-choice question: % of municipalities ticking each option in
        the province (when shown) and the country; the options your municipality ticked
        are bold with ✓. More than 4 options: two panels side by side (half the height)."""
        import matplotlib.pyplot as plt

        rows = self.rows[self.rows["question"] == question]
        ticked = self.shares[self.shares["question"].eq(question) & self.shares["code"].eq(1)]
        ticked = ticked.set_index("column").loc[rows["column"]]
        scopes = [("nation", NATIONAL, style.GREY)]
        if rows["province_shown"].all():
            scopes.insert(0, ("province", self.provincie, style.OKABE_ITO["blue"]))
        n, k = len(rows), len(scopes)
        panels = 2 if n > 4 else 1
        per = -(-n // panels)
        fig, axes = plt.subplots(
            1, panels, figsize=(style.WIDTH_IN, style.bar_height(per)), squeeze=False
        )
        height = 0.8 / k
        for p, ax in enumerate(axes[0]):
            part = slice(p * per, min(n, (p + 1) * per))
            sub, sub_ticked = rows.iloc[part], ticked.iloc[part]
            m = len(sub)
            for j, (scope, name, color) in enumerate(scopes):
                y = [i + (j - (k - 1) / 2) * height for i in range(m)]
                values = sub_ticked[f"pct_{scope}"].to_numpy(dtype=float)
                ax.barh(y, values, height=height * 0.92, color=color, label=name)
                for yi, v in zip(y, values, strict=True):
                    ax.text(v + 2, yi, fmt.pct(v), va="center", fontsize=style.SMALL_SIZE)
            own = sub["own_code"].eq(1).fillna(False).tolist()
            width = 26 if panels == 2 else 60
            labels = [
                _wrap(("✓ " if o else "") + label, width)
                for o, label in zip(own, sub["label"], strict=True)
            ]
            ax.set_yticks(range(m), labels)
            for tick, o in zip(ax.get_yticklabels(), own, strict=True):
                tick.set_fontweight("bold" if o else "normal")
            ax.set_ylim(per - 0.5, -0.5)
            ax.set_xlim(0, 118)
            ax.set_xticks([0, 50, 100], [fmt.pct(v) for v in (0, 50, 100)])
            ax.tick_params(axis="y", length=0)
        axes[0][0].legend(loc="lower left", ncols=k, bbox_to_anchor=(0, 1), borderaxespad=0.3)
        note = (
            "Percentage gemeenten dat het onderdeel aanvinkte; "
            "✓ en vet: aangevinkt door uw gemeente."
        )
        if rows["own_code"].isna().all():
            note += f"\nUw gemeente beantwoordde deze vraag niet ({rows['own'].iloc[0]})."
        if k == 1:
            note += f"\nAlleen het landelijke cijfer: voor {self.provincie} is het {TOO_SMALL}."
        fig.text(0.01, 0.015, note, fontsize=style.SMALL_SIZE, va="bottom")
        fig.tight_layout(rect=(0, 0.07 * (1 + note.count("\n")), 1, 1), w_pad=1.5)
        return fig


def _shorten(text: str, width: int) -> str:
    """`text` cut at a word boundary to at most `width` characters, with "…"."""
    import textwrap

    return textwrap.shorten(text, width, placeholder=" …")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _asked(unit: Unit, answers: dict) -> bool:
    """Was `unit` asked of a municipality with these answers (codebook asked_if)?"""
    cond = unit.question.asked_if
    if not cond:
        return True
    value = answers.get(cond["question"])
    return pd.notna(value) and int(value) in cond["codes"]


def _own(unit: Unit, answers: dict | None, year: int) -> tuple[object, str]:
    """(code or None, Dutch label) of a municipality's answer to `unit` in `year`."""
    if answers is None:
        return None, "–"
    if not unit.question.asked_in(year) or unit.column not in answers:
        return None, f"niet gevraagd in {year}"
    value = answers[unit.column]
    if pd.isna(value):
        return None, NOT_ASKED if not _asked(unit, answers) else "geen antwoord"
    code = int(value)
    return code, unit.answer_label(code)


def build(
    gemeente: str, year: int | None = None, processed_root: str | Path | None = None
) -> Factsheet:
    """The factsheet of `gemeente` for `year` (default: the latest processed year;
    ValueError if it did not respond)."""
    if year is None:
        year = latest_processed_year(Path(processed_root or paths.PROCESSED))
    data = year_data(year, processed_root)
    check_respondent(gemeente, year, data)
    cb = codebook.load()
    answers = data.responses.loc[gemeente].to_dict()
    province = answers["provincienaam"]
    in_panel = bool(answers["in_panel"])
    previous_year = data.meta.get("previous_year")
    prev_answers = None
    if in_panel and data.previous is not None and gemeente in data.previous.index:
        prev_answers = data.previous.loc[gemeente].to_dict()
    nation, prov = data.lookup[NATIONAL], data.lookup[province]

    rows, shares = [], []
    for u in data.units:
        code, label = _own(u, answers, year)
        prev_code, prev_label = _own(u, prev_answers, previous_year)
        if prev_answers is None:
            change = ""
        elif code is not None and prev_code is not None:
            change = "gelijk" if code == prev_code else f"{prev_label} → {label}"
        elif prev_code is None and (
            not u.question.asked_in(previous_year) or u.column not in data.previous.columns
        ):
            change = "nieuwe vraag"
        elif code is None and prev_code is None and label == prev_label:
            change = "gelijk"  # e.g. not applicable both years
        else:
            change = f"{prev_label} → {label}"
        n_prov = prov[(u.column, u.codes[0])][1]
        others = n_prov - (code is not None)
        shown = others >= MIN_OTHERS
        rows.append(
            {
                "topic": u.topic,
                "question": u.question.id,
                "item": u.item,
                "column": u.column,
                "label": u.label,
                "own_code": code,
                "own": label,
                "previous_code": prev_code,
                "previous": prev_label,
                "change": change,
                "changed": prev_code is not None and code is not None and code != prev_code,
                "n_nation": nation[(u.column, u.codes[0])][1],
                "n_province": n_prov if shown else None,
                "others_province": others,
                "province_shown": shown,
            }
        )
        for c, c_label in zip(u.codes, u.labels, strict=True):
            nat, pro = nation[(u.column, c)], prov[(u.column, c)]
            shares.append(
                {
                    "question": u.question.id,
                    "column": u.column,
                    "code": c,
                    "label": c_label,
                    "own": code == c,
                    "count_nation": nat[0],
                    "n_nation": nat[1],
                    "pct_nation": nat[2],
                    "count_province": pro[0] if shown else None,
                    "n_province": pro[1] if shown else None,
                    "pct_province": pro[2] if shown else float("nan"),
                }
            )
    rows = pd.DataFrame(rows).astype({"own_code": "Int64", "previous_code": "Int64"})
    rows["n_province"] = rows["n_province"].astype("Int64")
    shares = pd.DataFrame(shares).astype({"count_province": "Int64", "n_province": "Int64"})
    used = set(rows["topic"])
    synthetic = data.meta.get("synthetic", {})
    fs = Factsheet(
        gemeente=gemeente,
        naam=answers["gemeentenaam"],
        provincie=province,
        year=year,
        in_panel=in_panel,
        synthetic=bool(synthetic.get(str(year), False)),
        synthetic_previous=bool(synthetic.get(str(previous_year), False)),
        previous_year=previous_year,
        respondents=len(data.responses),
        respondents_province=int((data.responses["provincienaam"] == province).sum()),
        rows=rows,
        shares=shares,
        summary=[],
        topics=[t for t in cb.topics if t["id"] in used],
    )
    fs.summary = summary(fs)
    return fs


# --- summary sentences -------------------------------------------------------------


def _unit_phrase(item: str, label: str, question: str) -> str:
    if not item:
        return f"‘{_md(label)}’"
    text = codebook.load().questions[question].text
    return f"‘{_md(label)}’ ({_md(_lower_first(text))})"


def summary(fs: Factsheet) -> list[str]:
    """Short computed Dutch sentences ("Uw gemeente ...") for the top of the factsheet."""
    out = []
    others, prov_others = fs.respondents - 1, fs.respondents_province - 1
    out.append(
        f"Uw gemeente deed in {fs.year} mee aan de benchmark, samen met "
        f"{fmt.number(others)} andere gemeenten ({fmt.number(prov_others)} in {fs.provincie})."
    )

    answered = fs.rows[fs.rows["own_code"].notna()]
    sh = fs.shares
    top = sh.groupby("column")["count_nation"].transform("max")
    own_is_top = sh[sh["own"]].assign(top=sh["count_nation"] == top).set_index("column")["top"]
    common = int(own_is_top.reindex(answered["column"]).sum())
    out.append(
        f"Bij {fmt.number(common)} van de {fmt.number(len(answered))} onderdelen die uw gemeente "
        "beantwoordde, gaf zij hetzelfde antwoord als de meeste gemeenten in Nederland."
    )
    rare = sh[sh["own"] & (sh["pct_nation"] < RARE_PCT)].sort_values("pct_nation", kind="stable")
    if len(rare):
        rows = fs.rows.set_index("column")
        cb = codebook.load()
        phrases = []
        for r in rare.head(2).itertuples():
            row = rows.loc[r.column]
            q = cb.questions[r.question]
            if q.type == "multiple":
                what = f"‘{_md(row['label'])}’ {'' if r.code == 1 else 'niet '}aangevinkt"
            elif row["item"]:
                what = f"‘{_md(r.label)}’ voor ‘{_md(row['label'])}’"
            else:
                what = f"‘{_md(r.label)}’"
            text = _md(_shorten(q.text, 50))
            phrases.append(f"{what} bij ‘{text}’ (landelijk {fmt.pct(r.pct_nation)})")
        which = "is 1 antwoord" if len(rare) == 1 else f"zijn {fmt.number(len(rare))} antwoorden"
        lead = "namelijk" if len(rare) == len(phrases) else "vooral"
        out.append(
            f"Minder gebruikelijk (landelijk minder dan {fmt.pct(RARE_PCT)}) {which} van uw "
            f"gemeente, {lead} {fmt.join(phrases)}."
        )

    if fs.in_panel:
        both = fs.rows[fs.rows["own_code"].notna() & fs.rows["previous_code"].notna()]
        changed = int(both["changed"].sum())
        out.append(
            f"Sinds {fs.previous_year} veranderde uw antwoord bij {fmt.number(changed)} van de "
            f"{fmt.number(len(both))} onderdelen die uw gemeente in beide jaren beantwoordde"
            + (" (in de tabellen als ‘oud → **nieuw**’)." if changed else ".")
        )
    elif fs.has_previous_year:
        out.append(
            f"Uw gemeente deed in {fs.previous_year} niet mee; een vergelijking met vorig jaar "
            "is daarom niet mogelijk."
        )

    challenges = fs.rows[(fs.rows["question"] == "uitdagingen") & (fs.rows["own_code"] == 1)]
    if len(challenges):
        labels = [_lower_first(label) for label in challenges["label"]]
        noun = "uitdaging" if len(labels) == 1 else "uitdagingen"
        out.append(f"Grootste {noun} volgens uw gemeente: {fmt.join(labels)}.")

    suppressed = int((~fs.rows["province_shown"]).sum())
    if not fs.province_any:
        out.append(
            f"Uit {fs.provincie} deden te weinig andere gemeenten mee (minder dan {MIN_OTHERS}) "
            "om provinciale cijfers te tonen; u ziet alleen het landelijke beeld."
        )
    elif suppressed:
        out.append(
            f"Bij {fmt.number(suppressed)} onderdelen beantwoordden minder dan {MIN_OTHERS} "
            f"andere gemeenten uit {fs.provincie} de vraag: daar is het aantal te klein voor "
            "een provinciaal cijfer (†) en ziet u alleen het landelijke."
        )
    return out


# --- batch: one kernel per worker, many municipalities per kernel --------------------------


def slug(name: str) -> str:
    """File-name form of a municipality name: "Súdwest-Fryslân" -> "sudwest-fryslan"."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def respondents(year: int, processed_root: str | Path | None = None) -> pd.DataFrame:
    """Code, name and factsheet stem of every municipality that responded in `year`."""
    folder = _root(processed_root) / str(year)
    file = folder / "responses.parquet"
    if not file.exists():
        raise FileNotFoundError(f"{folder}: no processed tables for {year}; run `make data` first")
    frame = pd.read_parquet(file, columns=["gemeentecode", "gemeentenaam"])
    frame = frame.sort_values("gemeentecode", ignore_index=True)
    frame["stem"] = frame["gemeentecode"] + "-" + frame["gemeentenaam"].map(slug)
    return frame


def parameters(gemeente: str, year: int, processed_root=None) -> dict:
    return {
        "gemeente": gemeente,
        "year": int(year),
        "processed_root": None if processed_root is None else str(processed_root),
    }


@dataclass
class BatchResult:
    year: int
    out_dir: Path
    notebooks: list[Path]
    failures: dict[str, str]  # gemeentecode -> error
    seconds: float
    rendered: list[Path] = field(default_factory=list)
    render_note: str = ""


def _execute_all(tasks, year, processed_root, target, workers, progress):
    """Run the factsheet notebook for every (code, stem) on `workers` kernels; write each
    executed notebook as it finishes (a failed one into failed/)."""
    import nbformat
    from tqdm import tqdm

    template = nbformat.read(NOTEBOOK, as_version=4)
    stems = dict(tasks)
    written, failures = [], {}
    bar = tqdm(total=len(tasks), desc=f"factsheets {year}", unit="gemeente", disable=not progress)

    def done(outcome: engine.Outcome) -> None:
        path = target / f"{stems[outcome.key]}.ipynb"
        failed = target / "failed" / path.name
        if outcome.ok:
            write_if_changed(path, nbformat.writes(outcome.nb) + "\n")
            failed.unlink(missing_ok=True)
            written.append(path)
        else:
            failures[outcome.key] = outcome.error.message
            path.unlink(missing_ok=True)  # no stale factsheet looking current
            write_if_changed(failed, nbformat.writes(outcome.nb) + "\n")
        bar.update()

    jobs = [engine.Job(code, template, parameters(code, year, processed_root)) for code, _ in tasks]
    engine.ensure_kernel()
    try:
        engine.run(jobs, kernel=engine.KERNEL_NAME, cwd=NOTEBOOK.parent, workers=workers, done=done)
    finally:
        bar.close()
    return written, failures


def run_batch(
    year: int,
    *,
    target: Path | None = None,
    processed_root: str | Path | None = None,
    only: Iterable[str] | None = None,
    workers: int = 2,
    render: bool = True,
    progress: bool = True,
) -> BatchResult:
    """Write the factsheet of every respondent of `year` (or of `only`) into `target`.

    `workers` kernels run side by side; each executes the notebook for many
    municipalities in turn. A full run (no `only`) also removes factsheets of codes
    that are not respondents. Failures are gathered, not raised.
    """
    start = time.perf_counter()
    target = Path(target) if target is not None else out_dir(year)
    everyone = respondents(year, processed_root)
    if only is not None:
        only = list(dict.fromkeys(only))
        stems = dict(zip(everyone["gemeentecode"], everyone["stem"], strict=True))
        data = year_data(year, processed_root)
        for code in only:
            check_respondent(code, year, data)
        tasks = [(code, stems[code]) for code in only]
    else:
        tasks = list(zip(everyone["gemeentecode"], everyone["stem"], strict=True))
    target.mkdir(parents=True, exist_ok=True)
    if only is None:
        _remove_stale(target, {stem for _, stem in tasks})
    written, failures = _execute_all(tasks, year, processed_root, target, workers, progress)
    order = {stem: i for i, (_, stem) in enumerate(tasks)}
    written.sort(key=lambda p: order[p.stem])
    result = BatchResult(year, target, written, failures, time.perf_counter() - start)
    if render:
        result.rendered, render_failures, result.render_note = render_all(written, workers)
        result.failures.update(render_failures)
    return result


def _remove_stale(target: Path, stems: set[str]) -> None:
    for path in target.glob("GM*"):
        stem = path.name.split(".")[0]
        if path.is_file() and stem not in stems and path.suffix in {".ipynb", ".html", ".pdf"}:
            path.unlink()
    failed = target / "failed"
    if failed.is_dir():
        for path in failed.glob("*.ipynb"):
            if path.stem not in stems:
                path.unlink()


# --- HTML and PDF through Quarto (when installed) --------------------------------------

QUARTO_FORMATS = {"html": ".html", "typst": ".pdf"}


def quarto() -> str | None:
    return shutil.which("quarto")


def render_all(notebooks: list[Path], workers: int = 2) -> tuple[list[Path], dict, str]:
    """`quarto render <nb> --to html` and `--to typst` (PDF) for each notebook.

    Skipped, with a note, when quarto is not on PATH. Outputs newer than their
    notebook are kept (idempotent). Returns (rendered files, failures, note).
    """
    exe = quarto()
    if exe is None:
        return [], {}, "quarto not on PATH: skipped HTML and PDF (only the notebooks were written)"
    from concurrent.futures import ThreadPoolExecutor

    jobs = []
    for nb in notebooks:
        for to, suffix in QUARTO_FORMATS.items():
            out = nb.with_suffix(suffix)
            if not out.exists() or out.stat().st_mtime < nb.stat().st_mtime:
                jobs.append((nb, to, out))

    def one(job):
        # Rendered from a copy in a temporary folder: reports/<year>/ is the Quarto book
        # project, whose _quarto.yml must not apply to (nor pick up) a factsheet.
        nb, to, out = job
        with tempfile.TemporaryDirectory(prefix="factsheet-") as tmp:
            copy_ = Path(tmp) / nb.name
            shutil.copyfile(nb, copy_)
            proc = subprocess.run(
                [exe, "render", copy_.name, "--to", to],
                cwd=tmp,
                capture_output=True,
                text=True,
            )
            produced = copy_.with_suffix(out.suffix)
            if proc.returncode == 0 and produced.exists():
                shutil.move(produced, out)
        return job, proc

    rendered, failures = [], {}
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for (nb, to, out), proc in pool.map(one, jobs):
            if proc.returncode == 0 and out.exists():
                rendered.append(out)
            else:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
                failures[f"{nb.stem} ({to})"] = f"quarto render failed: {tail[0]}"
    return rendered, failures, f"quarto: rendered {len(rendered)} of {len(jobs)} outputs"


# --- the naive way, for the benchmark ------------------------------------------------------


# --- command line ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the factsheet (executed notebook; HTML/PDF with quarto) of every "
        "municipality that responded in YEAR."
    )
    parser.add_argument("--year", type=int, help="default: the latest year in data/raw")
    parser.add_argument("--only", nargs="+", metavar="GMxxxx", help="just these municipalities")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--out", type=Path, help="output folder (default reports/YEAR/factsheets)")
    parser.add_argument("--processed", type=Path, help="processed tables (default data/processed)")
    parser.add_argument("--no-render", action="store_true", help="skip quarto HTML/PDF")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    logs.setup(f"factsheets-{args.year}" if args.year else "factsheets")
    try:
        result = run_batch(
            args.year or codebook.latest_year(),
            target=args.out,
            processed_root=args.processed,
            only=args.only,
            workers=args.workers,
            render=not args.no_render,
            progress=not args.no_progress,
        )
    except (FileNotFoundError, ValueError) as err:
        log.error(str(err))
        return 1
    log.info(
        f"wrote {len(result.notebooks)} factsheets to {result.out_dir} "
        f"in {result.seconds:.1f} s ({args.workers} workers)"
    )
    if result.render_note:
        log.info(f"note: {result.render_note}")
    if result.failures:
        log.error(f"{len(result.failures)} failed:")
        for key, error in sorted(result.failures.items()):
            log.error(f"{key}: {error}")
        if (result.out_dir / "failed").is_dir():
            log.error(f"failed notebooks: {result.out_dir / 'failed'}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
