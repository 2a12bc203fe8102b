"""The house style of every figure (national report, website, factsheets), defined once.

Call `use()` once at the top of a notebook or script. It sets matplotlib's rcParams
and, inside IPython, the inline backend, so that every figure is a PNG of a fixed
size and resolution:

* Width `WIDTH_IN` (16 cm, the text width of an A4 page with 2.5 cm margins), so a
  figure is shown at 100% in the PDF and scales down on the web page. Heights
  follow the content (see `bar_height`).
* `DPI` dots per inch, written into the PNG (pHYs chunk), so the image carries its
  physical size.
* Plain "png", never "retina": for retina output Quarto writes the image with a
  unitless width/height (`{width=640 height=480}`), which Typst (Quarto's PDF route)
  rejects (quarto-cli#10217, pandoc#9945). The inline backend does not crop the
  figure either (bbox_inches=None), so the size we set is the size in the file.

Colours are colour-blind safe (Okabe & Ito 2008): blue for the positive answers,
orange for the negative ones, grey for "don't know"/neutral answers, and the
qualitative Okabe-Ito set where answers have no order (see `answer_colors`).
The font is DejaVu Sans, which ships with matplotlib, so every machine renders
the same figure.
"""

from __future__ import annotations

import functools

import matplotlib as mpl
import yaml
from matplotlib.colors import to_rgb

from helpers import paths

# --- sizes ---------------------------------------------------------------------
WIDTH_IN = 6.3  # 16 cm: the text width of the PDF (the web page scales it down); 1260 px
DPI = 200
FONT_SIZE = 8.5  # pt; labels in the figures
SMALL_SIZE = 7.5  # pt; counts inside bars, footnotes
BAR_ROW_IN = 0.34  # height of one bar row
FRAME_IN = 0.95  # axis, legend and footnote around the rows


# --- colours: the palette of quarto/_brand.yml (also the website's and PDF's) ------
def _colors() -> dict:
    with open(paths.BRAND, encoding="utf-8") as f:
        return yaml.safe_load(f)["color"]


PALETTE = _colors()["palette"]
BACKGROUND = _colors()["background"]  # the page's
OKABE_ITO = {
    name: PALETTE[brand]
    for name, brand in {
        "orange": "orange",
        "skyblue": "sky-blue",
        "green": "green",
        "yellow": "yellow",
        "blue": "blue",
        "vermillion": "vermillion",
        "purple": "reddish-purple",
        "black": "black",
    }.items()
}
GREY = PALETTE["grey"]
TEXT = PALETTE["dark-grey"]
# WCAG 1.4.11 (3:1 for graphics): light fills (sky blue, yellow, greys) do not stand out
# from the white page, and some neighbours not from each other. So every bar segment, map
# area and legend key has a dark edge: 3:1 against the page and against every fill but the
# darkest, so where two segments meet, the edge stands out from at least one of them.
EDGE = TEXT
EDGE_WIDTH = 0.5  # pt

# Ordinal ramps, darkest (strongest answer) first. Positive answers are blue,
# negative answers orange, answers in `NEUTRAL_LABELS` grey.
BLUES = {
    1: [PALETTE["blue"]],
    2: [PALETTE["blue"], PALETTE["sky-blue"]],
    3: [PALETTE["dark-blue"], PALETTE["blue"], PALETTE["sky-blue"]],
    4: [PALETTE["dark-blue"], PALETTE["blue"], PALETTE["sky-blue"], PALETTE["light-blue"]],
}
ORANGES = {
    1: [PALETTE["orange"]],
    2: [PALETTE["orange"], PALETTE["vermillion"]],  # mild first: the stronger "oneens" is darker
    3: [PALETTE["light-orange"], PALETTE["orange"], PALETTE["vermillion"]],
}
NEUTRAL_LABELS = frozenset({"Weet niet", "Neutraal", "Onbekend"})
QUALITATIVE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "skyblue", "vermillion")] + [
    OKABE_ITO["purple"],
    OKABE_ITO["yellow"],
    GREY,
]

# Categories of the response map (Figuur 1), keyed as in codebook response_figures.
RESPONSE_COLORS = {
    "ingevuld": PALETTE["blue"],
    "uitgenodigd": PALETTE["orange"],
    "niet_uitgenodigd": PALETTE["light-grey"],
}
# Province choropleth (Figuur 2): sequential blues, light = low response.
SEQUENTIAL = [PALETTE[c] for c in ("pale-blue", "light-blue", "sky-blue", "blue", "dark-blue")]


def answer_colors(labels: list[str], positive: list[bool], ordered: bool = True) -> list[str]:
    """One colour per answer, in display order.

    ordered=True: positives get the blue ramp (first = darkest), negatives the orange
    ramp (first = mildest), labels in NEUTRAL_LABELS grey. ordered=False: the
    qualitative Okabe-Ito set, for answers without an order.
    """
    if not ordered:
        return [QUALITATIVE[i % len(QUALITATIVE)] for i in range(len(labels))]
    neutral = [label in NEUTRAL_LABELS for label in labels]
    pos = [p and not n for p, n in zip(positive, neutral, strict=True)]
    neg = [not p and not n for p, n in zip(positive, neutral, strict=True)]
    blues = iter(BLUES[sum(pos)]) if any(pos) else iter(())
    oranges = iter(ORANGES[sum(neg)]) if any(neg) else iter(())
    return [
        next(blues) if p else next(oranges) if g else GREY for p, g in zip(pos, neg, strict=True)
    ]


def luminance(color) -> float:
    """The relative luminance of a colour (WCAG 2.1)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """The WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_color(background: str) -> str:
    """Black or white, whichever has the higher contrast on `background` (at least 4.5:1
    on any colour: WCAG 1.4.3)."""
    return max(("black", "white"), key=lambda text: contrast(text, background))


def bar_height(rows: int, extra_in: float = 0.0) -> float:
    """Figure height (inches) for a bar chart of `rows` bars plus `extra_in`."""
    return FRAME_IN + BAR_ROW_IN * rows + extra_in


RC = {
    "figure.figsize": (WIDTH_IN, 3.0),
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.bbox": None,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.constrained_layout.use": False,
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": SMALL_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": FONT_SIZE,
    "legend.frameon": False,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.edgecolor": PALETTE["axis-grey"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
    "axes.grid": False,
    "axes.prop_cycle": mpl.cycler(color=QUALITATIVE),
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}


def styled(draw):
    """Draw under the house rcParams, whatever the caller's matplotlib settings.

    A notebook's inline backend resets rcParams (font size, frame) when it loads,
    so a figure must not rely on `use()` having been called first.
    """

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


def use() -> None:
    """Apply the house style: matplotlib rcParams and, in IPython, PNG inline output."""
    mpl.rcParams.update(RC)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("png", bbox_inches=None, dpi=DPI)
