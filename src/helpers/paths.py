"""Locations of the repository's data folders (overridable for tests)."""

import os
from pathlib import Path

ROOT = Path(os.environ.get("EEN_ROOT", Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
EXTERNAL = DATA / "external"
REPORTS = ROOT / "reports"
SITE = REPORTS / "site"  # the public website (`make site`; the workflow uses a gh-pages checkout)
CODEBOOK = RAW / "codebook.yaml"
BRAND = ROOT / "quarto" / "_brand.yml"  # the house colours: figures, website, PDFs
ADVICE = RAW / "advies.yaml"  # editorial: the tips of factsheet and monitor (municipality.tips)
REPORT_TEXT = RAW / "rapport.yaml"  # editorial: the report text's thresholds (text.thresholds)
LOGS = REPORTS / "logs"  # one log file per command-line step (helpers.logs)
# The accessibility statement: its facts (contact, date), and its page at the site root,
# which every page of the site links to in its footer.
ACCESSIBILITY = ROOT / "toegankelijkheid.yml"
STATEMENT = "toegankelijkheid.html"


def relative(path) -> str:
    """`path` relative to the repository root, for messages; as given when outside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def shown(message: str) -> str:
    """`message` with the repository's own paths in it relative to the repository root,
    as `relative` gives one path (data/raw/2024/..., not the machine's absolute path)."""
    return message.replace(f"{ROOT}{os.sep}", "")
