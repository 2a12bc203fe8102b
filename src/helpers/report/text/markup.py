"""Quarto and notebook markup around the words: showing a paragraph in a notebook
(`show`), a figure cross-reference (`ref`), an inline footnote (`note`), a Markdown
table (`pipe_table`) and the callout on synthetic data (`synthetic_notice`).

The only module of helpers.report.text that knows Quarto's syntax or displays anything
(through `helpers.report.display`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from helpers.data import codebook
from helpers.report import display, fmt
from helpers.report.indicators import Tables, synthetic_years
from helpers.report.text.phrasing import paragraph


def show(*sentences: str) -> None:
    """Display the non-empty sentences as one Markdown paragraph (notebook output, for
    Quarto and JupyterLab: `helpers.report.display`)."""
    display.show(paragraph(*sentences))


def ref(fig_id: str) -> str:
    """Quarto cross-reference to a figure by its question id ("@fig-week-deelname"); Quarto
    writes the figure's number (its own numbering) in the rendered report."""
    return "@" + codebook.load().figure(fig_id).label


def note(text: str) -> str:
    """A Pandoc inline footnote: "^[text]" (empty text gives an empty string)."""
    return f"^[{text}]" if text else ""


def pipe_table(
    columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[str]], caption: str = ""
) -> str:
    """A Markdown pipe table; `columns` are (header, "left" or "right"). A caption may end
    in a Quarto label ("... {#tbl-respons}")."""
    align = {"left": ":--", "right": "--:"}
    lines = [
        "| " + " | ".join(header for header, _ in columns) + " |",
        "|" + "|".join(align[side] for _, side in columns) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    table = "\n".join(lines)
    return f"{table}\n\n: {caption}" if caption else table


def synthetic_notice(t: Tables) -> str:
    """A Quarto callout when the report year (or a year it compares with) is synthetic.

    Empty string when every year in the tables is real survey data.
    """
    years = synthetic_years(t)
    if not years:
        return ""
    if t.year in years:
        head = f"de cijfers van {t.year} zijn synthetisch"
    else:
        head = f"de vergelijkingsjaren {fmt.join([str(y) for y in years])} zijn synthetisch"
    others = [y for y in years if y != t.year]
    earlier = "het eerdere jaar" if len(others) == 1 else "de eerdere jaren"
    also = (
        f" Dat geldt ook voor {earlier} ({fmt.join([str(y) for y in others])})."
        if t.year in years and others
        else ""
    )
    return (
        "::: {.callout-warning}\n"
        "## Let op: synthetische gegevens\n\n"
        f"Dit hoofdstuk is gemaakt met gesimuleerde gegevens: {head}.{also} "
        "De getallen, figuren en conclusies laten zien hoe de rapportage werkt, "
        "maar beschrijven niet het werkelijke beleid van gemeenten.\n"
        ":::"
    )
