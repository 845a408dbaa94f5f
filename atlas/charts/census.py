"""Census builders: the place-of-birth composition of each region as stacked bars.

Pure functions (no Streamlit). The parts are shares of all residents; the bar of a region
is its residents born outside Greece, split by where they were born.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from atlas import i18n
from atlas.charts.ranking import FONT
from atlas.charts.style import readable

# Okabe-Ito (colour-blind safe); each part also has its own hatch, so the stack still reads
# in greyscale print. One colour per part, in legend order.
PART_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#999999", "#56B4E9")
PART_PATTERNS = ("", "/", ".", "x", "-", "+")


def birthplace_bars(
    frame: pd.DataFrame, parts: list[tuple[str, str]], *, lang: str, title: str
) -> go.Figure:
    """One horizontal bar per region, stacked by place of birth.

    ``frame``: one row per region with ``name`` and a column per part (% of residents);
    ``parts``: (column, label) in stacking order. Regions are sorted by the length of their
    bar (the largest share born outside Greece on top); hovering a segment names region,
    part and share."""
    cols = [c for c, _ in parts]
    order = frame.assign(_total=frame[cols].sum(axis=1, min_count=1)).sort_values(
        ["_total", "name"], ascending=[True, False]
    )
    fig = go.Figure()
    for i, (col, label) in enumerate(parts):
        values = order[col].astype(float)
        hover = [
            html.escape(f"{name}: {label} {i18n.fmt_value(v, lang, unit='percent', decimals=2)}")
            for name, v in zip(order["name"], values)
        ]
        fig.add_trace(
            go.Bar(
                x=values.fillna(0).tolist(),
                y=order["name"].tolist(),
                orientation="h",
                name=label,
                marker={
                    "color": PART_COLORS[i % len(PART_COLORS)],
                    "line": {"color": "#555", "width": 0.4},
                    "pattern": {
                        "shape": PART_PATTERNS[i % len(PART_PATTERNS)],
                        "fgcolor": "#333",
                        "size": 5,
                    },
                },
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        title={"text": title, "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        margin={"l": 10, "r": 20, "t": 50, "b": 40},
        height=120 + 28 * len(order),
        xaxis={
            "showgrid": True,
            "gridcolor": "#eee",
            "ticksuffix": i18n.unit_suffix("percent", lang),
            "title": {"text": i18n.t("explorer.birthplace_axis", lang)},
        },
        yaxis={"automargin": True},
        legend={"orientation": "h", "y": -0.12, "traceorder": "normal"},
        plot_bgcolor="white",
        separators=i18n.plotly_separators(lang),
    )
    return readable(fig)
