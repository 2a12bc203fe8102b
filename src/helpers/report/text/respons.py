"""The words and tables of the chapter Vragenlijst en respons (notebooks/respons.ipynb)
that depend on the year or the data: the questionnaire's topics and what is new in it,
the response and how it compares with earlier years, and its spread over the provinces."""

from __future__ import annotations

from helpers.data import codebook
from helpers.report import fmt
from helpers.report.fmt import round_half_up
from helpers.report.indicators import Tables
from helpers.report.text.changes import is_stable
from helpers.report.text.lookup import new_options, new_questions, topic_questions
from helpers.report.text.markup import pipe_table
from helpers.report.text.phrasing import in_sentence, paragraph, short_label
from helpers.report.text.thresholds import EDITORIAL

# --- the questionnaire ----------------------------------------------------------------


def topics_table(year: int) -> str:
    """The questionnaire's main topics of `year` as a Markdown table."""
    rows = [tp for tp in codebook.load().topics if topic_questions(tp["id"], year)]
    return pipe_table(
        [("Onderwerp", "left"), ("Omschrijving", "left")],
        [(tp["label"], tp["title"]) for tp in rows],
    )


def questionnaire_changes_paragraph(year: int) -> str:
    """What is new in the questionnaire of `year`: questions and answer options."""
    cb = codebook.load()
    if year <= cb.first_year:
        return f"De vragenlijst van {year} is de eerste vragenlijst van de benchmark."
    out = []
    if year == EDITORIAL.broad_target_group_from:
        out.append(
            "Zoals aangegeven richt het actieprogramma Eén tegen eenzaamheid zich sinds dit jaar "
            "niet alleen op eenzaamheid onder 75-plussers maar op eenzaamheid onder de gehele "
            "populatie. Om die reden hebben we de vragen in de enquête waar relevant aangepast "
            "zodat zij betrekking hebben op de gehele bevolking en niet alleen op ouderen."
        )
    new = new_questions(year)
    if len(new) == 1:
        out.append(
            f"Vanaf dit jaar is de volgende vraag toegevoegd aan de vragenlijst: “{new[0].text}”"
        )
    elif new:
        texts = fmt.join([f"“{q.text}”" for q in new])
        out.append(
            f"Vanaf dit jaar zijn de volgende vragen toegevoegd aan de vragenlijst: {texts}."
        )
    for q in new:
        if q.type == "matrix" and len(q.rows) > 3:
            rows = [q.rows[0], q.rows[-1], q.rows[-2]]
            examples = fmt.join([in_sentence(short_label(r.label)) for r in rows])
            where = "Daarbij" if len(new) == 1 else f"Bij de vraag “{q.text}”"
            out.append(f"{where} gaat het onder meer om {examples}.")
    for q, o in new_options(year):
        out.append(f"Bij de vraag “{q.text}” is de antwoordmogelijkheid ‘{o.label}’ toegevoegd.")
    if not out:
        out.append("De vragenlijst is gelijk aan die van vorig jaar.")
    return paragraph(*out)


# --- the response ---------------------------------------------------------------------


def response_rate_sentence(now: float, before: float) -> str:
    """The response rate (%) against last year's: "De response rate is net als vorig
    jaar hoog, maar ligt lager." -- "hoog" from `EDITORIAL.high_response_from`."""
    diff = round_half_up(now) - round_half_up(before)
    both_high = (
        round_half_up(now) >= EDITORIAL.high_response_from
        and round_half_up(before) >= EDITORIAL.high_response_from
    )
    if is_stable(diff):
        if both_high:
            return "De response rate is net als vorig jaar hoog."
        return "De response rate is vergelijkbaar met vorig jaar."
    word = "hoger" if diff > 0 else "lager"
    if both_high:
        but = "en" if diff > 0 else "maar"
        return f"De response rate is net als vorig jaar hoog, {but} ligt {word}."
    return f"De response rate is {word} dan vorig jaar."


def response_paragraph(t: Tables) -> str:
    """Invited, responded and the response rate, compared with the years before."""
    rates = t.table("response_rates").set_index("year")
    year, prev = t.year, t.previous_year
    now = rates.loc[year]
    before = rates.loc[prev] if prev in rates.index else None
    out = []
    if before is not None:
        out.append(response_rate_sentence(now["pct"], before["pct"]))
    out.append(
        f"Van de {fmt.number(now['invited'])} gemeenten die in {year} zijn uitgenodigd om deel te "
        f"nemen aan de benchmark Eén tegen eenzaamheid, hebben {fmt.number(now['responded'])} "
        f"respondenten de vragenlijst ingevuld. Daarmee is het responspercentage "
        f"{fmt.pct(now['pct'])}."
    )
    if before is not None:
        invited = (
            "was eenzelfde aantal gemeenten"
            if before["invited"] == now["invited"]
            else f"waren {fmt.number(before['invited'])} gemeenten"
        )
        out.append(
            f"In {prev} {invited} uitgenodigd om de benchmark in te vullen en waren er "
            f"{fmt.number(before['responded'])} gemeenten die de vragenlijst hadden ingevuld "
            f"({fmt.pct(before['pct'])})."
        )
        if prev - 1 in rates.index:
            earlier = fmt.number(rates.loc[prev - 1, "responded"])
            out.append(
                f"Het jaar daarvoor, in {prev - 1}, hadden {earlier} gemeenten de benchmark "
                "ingevuld."
            )
    return paragraph(*out)


def response_table(t: Tables) -> str:
    """Invited, responded and response rate per year, as a captioned Markdown table."""
    rates = t.table("response_rates").sort_values("year")
    return pipe_table(
        [("Jaar", "left"), ("Uitgenodigd", "right"), ("Ingevuld", "right"), ("Respons", "right")],
        [
            (str(int(r.year)), fmt.number(r.invited), fmt.number(r.responded), fmt.pct(r.pct))
            for r in rates.itertuples()
        ],
        caption="Uitgenodigde gemeenten, ingevulde enquêtes en respons per jaar {#tbl-respons}",
    )


def province_paragraph(t: Tables) -> str:
    """How the response is spread over the provinces."""
    p = t.table("response_by_province")
    p = p[p["invited"] > 0]
    if p.empty:
        return ""
    out = []
    if (p["responded"] > 0).all():
        out.append("De respons is verspreid over heel Nederland.")
    high = p.loc[p["pct"].idxmax()]
    low = p.loc[p["pct"].idxmin()]
    if round_half_up(high["pct"]) != round_half_up(low["pct"]):
        out.append(
            f"Het responspercentage is het hoogst in {high['provincienaam']} "
            f"({fmt.pct(high['pct'])}) en het laagst in {low['provincienaam']} "
            f"({fmt.pct(low['pct'])})."
        )
    return paragraph(*out)
