"""Quarto notebook filter (`ipynb-filters` in _quarto.yml): render from the Markdown.

Each chapter output carries its content twice (helpers.report.display): as Quarto
Markdown (text/markdown) and as plain HTML for JupyterLab (text/html). Quarto's HTML
output would take the text/html, losing the figure labels, cross-references and
callouts, so this filter drops text/html wherever text/markdown is present. Quarto
runs it with its own Python, reading the notebook from stdin and writing it to
stdout; it needs nothing but the standard library.
"""

import json
import sys


def markdown_only(notebook: dict) -> dict:
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                data.pop("text/html", None)
    return notebook


if __name__ == "__main__":
    json.dump(markdown_only(json.load(sys.stdin)), sys.stdout, ensure_ascii=False, indent=1)
