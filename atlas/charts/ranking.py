"""Plotly chart builders: pure functions from a DataFrame to a go.Figure (no Streamlit)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from atlas import i18n
from atlas.charts.style import readable
from atlas.classify import NO_DATA_COLOR, ChoroplethSpec

FONT = "DejaVu Sans, Arial, sans-serif"  # DejaVu has full Greek coverage (exports)


def ranked_bar(
    frame: pd.DataFrame, spec: ChoroplethSpec, *, lang: str, title: str, unit: str | None
) -> go.Figure:
    """Horizontal bars, highest first, coloured like the map. A bound ('below 0.29 %') is a
    hatched bar up to the bound with its label; a region without data has no bar. A change
    (``spec.diverging``) reads with its sign ('+11,0 %'), bars left and right of 0; its value
    goes beside the region's name, since a label outside a bar left of 0 would be drawn over
    the names (the explorer's chart column is narrow)."""
    decimals = i18n.smart_decimals(frame["value"].dropna().tolist())
    if spec.diverging:
        decimals = max(1, decimals)
    order = frame.assign(_sort=frame["value"].fillna(-math.inf)).sort_values(
        ["_sort", "name"], ascending=[True, False]
    )
    bar_unit = "percent" if unit == "percent" else None  # other units go on the axis title
    labels, texts, patterns = [], [], []
    for row in order.itertuples(index=False):
        q = row.qualifier if isinstance(row.qualifier, str) else "="
        if pd.isna(row.value):
            texts.append(i18n.t("common.no_data", lang))
            patterns.append("")
        elif q in i18n.PLAIN_QUALIFIERS and spec.diverging:
            texts.append(i18n.fmt_signed(row.value, lang, unit=bar_unit, decimals=decimals))
            patterns.append("")
        elif q in i18n.PLAIN_QUALIFIERS:
            texts.append(
                i18n.fmt_value(row.value, lang, unit=bar_unit, qualifier=q, decimals=decimals)
            )
            patterns.append("")
        else:
            texts.append(
                i18n.bound_label(
                    q, row.value, row.value_high, lang, unit=bar_unit, decimals=decimals
                )
            )
            patterns.append("/")
        labels.append(row.name)
    values_column = list(zip(labels, texts, strict=True)) if spec.diverging else []
    if spec.diverging:
        texts = [""] * len(texts)
    fig = go.Figure(
        go.Bar(
            x=order["value"].fillna(0).tolist(),
            y=labels,
            orientation="h",
            marker={
                "color": [spec.colors.get(c, NO_DATA_COLOR) for c in order["region_code"]],
                "line": {"color": "#555", "width": 0.5},
                "pattern": {"shape": patterns, "fgcolor": "#777", "size": 6},
            },
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        margin={"l": 10, "r": 80, "t": 50, "b": 30},
        height=80 + 28 * len(order),
        xaxis={
            "showgrid": True,
            "gridcolor": "#eee",
            "zeroline": True,
            "separatethousands": True,
            "title": {"text": i18n.unit_suffix(unit, lang).strip() if bar_unit is None else ""},
        },
        yaxis={"automargin": True},
        plot_bgcolor="white",
        showlegend=False,
        separators=i18n.plotly_separators(lang),
        annotations=[
            {"x": 1, "xref": "paper", "y": y, "text": v, "xanchor": "left", "showarrow": False}
            for y, v in values_column
        ],
    )
    return readable(fig)
