"""Previews: every figure of a report year as a PNG file
(`python -m helpers.report.figures 2023 [folder]`)."""

from __future__ import annotations

from pathlib import Path

from helpers import cli, paths
from helpers.data import codebook
from helpers.report import style
from helpers.report.figures import available, figure
from helpers.report.figures.draw import save
from helpers.report.indicators import Tables


def render_all(tables: Tables, folder: Path) -> dict[str, Path]:
    """Write every available figure of the report year as <folder>/figuur_NN_<id>.png."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for fig in codebook.load().figures:
        if available(tables, fig.id):
            out[fig.id] = folder / f"figuur_{fig.number:02d}_{fig.id}.png"
            save(figure(tables, fig.id), out[fig.id])
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m helpers.report.figures 2023 [folder]`: PNG previews, by default in
    reports/previews/<year>/ (git-ignored)."""
    import argparse
    import time

    parser = argparse.ArgumentParser(
        prog=cli.prog(__spec__.parent), description="Render every figure of a report year as PNG."
    )
    parser.add_argument("year", type=int)
    parser.add_argument("folder", type=Path, nargs="?")
    args = parser.parse_args(argv)
    style.use()
    start = time.perf_counter()
    folder = args.folder or paths.REPORTS / "previews" / str(args.year)
    written = render_all(Tables(args.year), folder)
    missing = [f.id for f in codebook.load().figures if f.id not in written]
    print(f"wrote {len(written)} figures to {folder} in {time.perf_counter() - start:.1f} s")
    if missing:
        print(f"not asked in {args.year}: {', '.join(missing)}")
    return 0
