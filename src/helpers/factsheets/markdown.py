"""The Markdown of a factsheet: its title, legend, topic tables and figure heading.

    display(Markdown(markdown.title(fs)))
    display(Markdown(markdown.topic(fs, "pijler1")))

Only renders a `model.Factsheet`: every number and suppression comes from it. The
tables are Markdown pipe tables (`_Table`, a small table engine), which Quarto turns
into HTML and Typst. The summary's sentences are made by `summary`, the figure by
`figure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from helpers.data import codebook
from helpers.factsheets.model import MIN_OTHERS, NATIONAL, NOT_ASKED, TOO_SMALL, Factsheet
from helpers.report import fmt

# The group-disclosure rule in words (model.MIN_DISTINCT = 2: the others' answers differ).
ALL_ALIKE = "zij allemaal hetzelfde antwoord gaven"


def escape(text: str) -> str:
    """`text` with the characters that Markdown (tables, emphasis) reads escaped."""
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


def title(fs: Factsheet) -> str:
    lines = [
        f"# Factsheet {fs.naam}",
        "",
        f"**Benchmark Eén tegen eenzaamheid {fs.year}** · gemeente {fs.naam} "
        f"({fs.gemeente}) · provincie {fs.provincie} · vertrouwelijk, alleen voor uw "
        "gemeente",
    ]
    notice = synthetic_notice(fs)
    if notice:
        lines += ["", notice]
    return "\n".join(lines)


def synthetic_notice(fs: Factsheet) -> str:
    years = [y for y, s in ((fs.year, fs.synthetic),) if s]
    if fs.in_panel and fs.synthetic_previous:
        years.insert(0, fs.previous_year)
    if not years:
        return ""
    which = fmt.join([str(y) for y in years])
    return (
        f"> **Let op: synthetische gegevens.** De cijfers over {which} zijn verzonnen "
        "(gegenereerd) en niet de echte antwoorden van gemeenten. Gebruik deze factsheet "
        "alleen om de opmaak te beoordelen."
    )


def legend(fs: Factsheet) -> str:
    """How to read the tables (shown once, above them)."""
    if fs.province_any:
        how = (
            f"Per antwoord: % van de gemeenten in {fs.provincie} dat het gaf (tussen "
            f"haakjes: heel {NATIONAL})"
        )
    else:
        how = f"Per antwoord: % van de gemeenten in heel {NATIONAL} dat het gaf"
    text = (
        f"{how}, van wie de vraag beantwoordde; bij meerkeuzevragen: % dat het onderdeel "
        "aanvinkte (Wel). **Vet**: het antwoord van uw gemeente."
    )
    if fs.in_panel:
        text += f" ‘Nee → **Ja**’: veranderd van {fs.previous_year} → {fs.year}."
    if (fs.rows["own"] == NOT_ASKED).any() or (fs.rows["previous"] == NOT_ASKED).any():
        text += f" {NOT_ASKED}: niet gevraagd (hangt af van een eerder antwoord)."
    text += (
        f" Een provinciaal cijfer staat er alleen als minstens {MIN_OTHERS} andere gemeenten "
        f"uit de provincie de vraag beantwoordden, en niet als {ALL_ALIKE}"
        + (f" (†: {TOO_SMALL})." if fs.province_any else ".")
    )
    return text


def topic(fs: Factsheet, topic: str) -> str:
    """Heading and tables of one codebook topic, one column per answer option.

    A matrix or multiple-choice question gets a table of its own (its text heads the
    first column); consecutive single questions with the same options share one; two
    consecutive multiple-choice questions stand side by side (they need few columns).
    """
    t = next(t for t in fs.topics if t["id"] == topic)
    rows = fs.rows[fs.rows["topic"] == topic]
    options = _options(fs)
    key = [
        (q if item else "", tuple(o["label"] for o in options[c]))
        for q, item, c in zip(rows["question"], rows["item"], rows["column"], strict=True)
    ]
    run = pd.Series(key, index=rows.index) != pd.Series(key, index=rows.index).shift()
    tables = [_cells(fs, g, options) for _, g in rows.groupby(run.cumsum(), sort=False)]
    out = [f"### {t['label']} · {t['title']}"]
    while tables:
        table = tables.pop(0)
        if table.multiple and tables and tables[0].multiple:
            table = table.beside(tables.pop(0))
        out += ["", table.markdown()]
    return "\n".join(out)


def _options(fs: Factsheet) -> dict[str, list[dict]]:
    """Per answer column, the options that get a table column: all, but only "Wel"
    for a multiple-choice option (its "Niet" share is the rest of 100%)."""
    questions = codebook.load().questions
    out: dict[str, list[dict]] = {}
    for o in fs.shares.to_dict("records"):
        if questions[o["question"]].type != "multiple" or o["code"] == 1:
            out.setdefault(o["column"], []).append(o)
    return out


def _cells(fs: Factsheet, rows: pd.DataFrame, options: dict[str, list[dict]]) -> _Table:
    labels = [o["label"] for o in options[rows["column"].iloc[0]]]
    first = rows.iloc[0]
    q = codebook.load().questions[first["question"]]
    heading = f"*{escape(q.text)}*" if first["item"] else "Vraag"
    header = [heading, "Uw gemeente", *(escape(o) for o in labels)]
    widths = [36, 19] + [max(11, min(14, len(o) // 2)) for o in labels]
    body = []
    for row in rows.to_dict("records"):
        row = SimpleNamespace(**row)
        label = escape(row.label)
        if fs.province_any and not row.province_shown:
            label += " †"
        own = f"**{escape(row.own)}**" if pd.notna(row.own_code) else escape(row.own)
        if "→" in row.change:
            own = f"{escape(row.previous)} → {own}"
        cells = [label, own]
        for o in map(lambda r: SimpleNamespace(**r), options[row.column]):
            nation = fmt.pct(o.pct_nation)
            if not fs.province_any:
                text = nation
            elif row.province_shown:
                text = f"{fmt.pct(o.pct_province)}\u00a0({nation})"
            else:
                text = f"{fmt.MISSING}\u00a0({nation})"
            cells.append(f"**{text}**" if o.own else text)
        body.append(cells)
    return _Table(header, widths, body, multiple=q.type == "multiple")


def figure_heading(fs: Factsheet, question: str) -> str:
    """Heading (topic) and question text above `figure.multiple(fs, question)`."""
    q = codebook.load().questions[question]
    t = next(t for t in fs.topics if t["id"] == q.topic)
    same = t["title"].startswith(t["label"])  # "Uitdagingen" · "Uitdagingen en ..."
    heading = t["title"] if same else f"{t['label']} · {t['title']}"
    return f"### {heading}\n\n*{escape(q.text)}*"
