"""Notebook outputs for JupyterLab and Quarto (helpers.report.display) and the Quarto
notebook filter that keeps only their Markdown (quarto/lab_view_filter.py)."""

import importlib.util
import json
import subprocess
import sys

import pytest

from helpers import paths
from helpers.data import codebook
from helpers.report import display

FILTER = paths.ROOT / "quarto" / "lab_view_filter.py"
# Quarto syntax that JupyterLab would print as it is
QUARTO_MARKUP = ("@fig-", "{#fig-", "{#tbl-", ":::", "^[", "fig-alt=")


def number(fig_id: str) -> int:
    return codebook.load().figure(fig_id).number


def test_a_cross_reference_reads_as_the_figure_number():
    html = display.lab_html("Zie @fig-week-deelname en @fig-uitdagingen.")
    assert f"Zie Figuur {number('week_deelname')} en Figuur {number('uitdagingen')}." in html


def test_an_unknown_figure_is_an_error_not_a_silent_reference():
    with pytest.raises(KeyError):
        display.lab_html("Zie @fig-bestaat-niet.")


def test_a_figure_becomes_a_captioned_image_with_its_alt_text():
    md = (
        "![Doet uw \\*gemeente\\* mee?](data:image/png;base64,iVBO=)"
        '{#fig-week-deelname fig-alt="Staaf: Ja 5" width="80%"}'
    )
    html = display.lab_html(md)
    assert '<img src="data:image/png;base64,iVBO="' in html
    assert 'alt="Staaf: Ja 5"' in html and "width: 80%" in html
    assert f"<figcaption>Figuur {number('week_deelname')}. Doet uw *gemeente* mee?" in html
    assert not any(m in html for m in QUARTO_MARKUP)


def test_callouts_become_a_box_and_a_folded_table():
    md = (
        "::: {.callout-warning}\n## Let op\n\nSynthetisch.\n:::\n\n"
        '::: {.content-visible when-format="html"}\n'
        '::: {.callout-note collapse="true" title="Gegevens"}\n\n'
        "| A | B |\n|:--|--:|\n| x | 1 |\n\n:::\n:::"
    )
    html = display.lab_html(md)
    assert "<strong>Let op</strong>" in html and "<h2" not in html
    assert "<details><summary>Gegevens</summary>" in html and "<td" in html
    assert html.count("<div") == html.count("</div>") and "</details>" in html
    assert not any(m in html for m in QUARTO_MARKUP)


def test_a_table_caption_loses_its_label():
    html = display.lab_html(
        "| Jaar | N |\n|:--|--:|\n| 2023 | 5 |\n\n: Respons per jaar {#tbl-respons}"
    )
    assert "<em>Tabel: Respons per jaar</em>" in html and "<table>" in html
    assert not any(m in html for m in QUARTO_MARKUP)


def test_inline_notes_become_footnotes():
    html = display.lab_html("Adviseurs.^[Zie [de site] voor meer.] Verder.")
    assert "^[" not in html and "Zie [de site] voor meer." in html
    assert "Verder." in html


def test_the_bundle_keeps_the_markdown_for_quarto_as_it_is():
    md = "Zie @fig-week-deelname.^[Noot.]"
    b = display.bundle(md)
    assert b[display.MARKDOWN] == md
    assert "Figuur" in b[display.HTML]


def _filter():
    spec = importlib.util.spec_from_file_location("lab_view_filter", FILTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_quarto_filter_keeps_only_the_markdown_of_our_outputs():
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "# Kop"},
            {
                "cell_type": "code",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": display.bundle("Zie @fig-week-deelname."),
                    },
                    # a DataFrame: HTML only, which Quarto should keep
                    {
                        "output_type": "execute_result",
                        "data": {"text/html": "<table/>", "text/plain": "t"},
                    },
                ],
            },
        ]
    }
    out = _filter().markdown_only(json.loads(json.dumps(nb)))
    ours, frame = out["cells"][1]["outputs"]
    assert set(ours["data"]) == {display.MARKDOWN, display.PLAIN}
    assert ours["data"][display.MARKDOWN] == "Zie @fig-week-deelname."
    assert frame["data"] == {"text/html": "<table/>", "text/plain": "t"}


def test_the_quarto_filter_runs_as_quarto_runs_it_stdin_to_stdout():
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "outputs": [{"output_type": "display_data", "data": display.bundle("Tekst é")}],
            }
        ]
    }
    done = subprocess.run(
        [sys.executable, FILTER.name],
        input=json.dumps(nb),
        capture_output=True,
        text=True,
        cwd=FILTER.parent,
        check=True,
    )
    assert "text/html" not in json.loads(done.stdout)["cells"][0]["outputs"][0]["data"]
