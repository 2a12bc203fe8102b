"""The figure of a factsheet: bars of a multiple-choice question (matplotlib, house style).

    figure.multiple(fs, "uitdagingen")   # a matplotlib Figure, from a `model.Factsheet`

Drawn under the house rcParams whatever the caller's (`style.styled`).
"""

from __future__ import annotations

import textwrap

from helpers.factsheets.model import NATIONAL, TOO_SMALL, Factsheet
from helpers.report import fmt, style


@style.styled
def multiple(fs: Factsheet, question: str):
    """Bars of a multiple-choice question: % of municipalities ticking each option in
    the province (when shown) and the country; the options your municipality ticked
    are bold with ✓. More than 4 options: two panels side by side (half the height)."""
    import matplotlib.pyplot as plt

    rows = fs.rows[fs.rows["question"] == question]
    ticked = fs.shares[fs.shares["question"].eq(question) & fs.shares["code"].eq(1)]
    ticked = ticked.set_index("column").loc[rows["column"]]
    scopes = [("nation", NATIONAL, style.GREY)]
    if rows["province_shown"].all():
        scopes.insert(0, ("province", fs.provincie, style.OKABE_ITO["blue"]))
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
        "Percentage gemeenten dat het onderdeel aanvinkte; ✓ en vet: aangevinkt door uw gemeente."
    )
    if rows["own_code"].isna().all():
        note += f"\nUw gemeente beantwoordde deze vraag niet ({rows['own'].iloc[0]})."
    if k == 1:
        note += f"\nAlleen het landelijke cijfer: voor {fs.provincie} is het {TOO_SMALL}."
    fig.text(0.01, 0.015, note, fontsize=style.SMALL_SIZE, va="bottom")
    fig.tight_layout(rect=(0, 0.07 * (1 + note.count("\n")), 1, 1), w_pad=1.5)
    return fig


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))
