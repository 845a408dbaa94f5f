"""The activity register's monthly timeline (issue 27): one bar per month reported; a month
that no report covers has no bar and is labelled "not reported" (never drawn as zero)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from atlas import i18n
from atlas.charts.style import readable
from atlas.i18n import t


def monthly_bars(frame: pd.DataFrame, *, lang: str, title: str, unit: str | None) -> go.Figure:
    """``frame``: month (YYYY-MM, every month of the span), label (the month as read),
    value (None = not reported), plot (the bar's height: the threshold for a withheld count),
    shown (the value as read: '<5' for small person counts)."""
    reported = frame[frame["value"].notna()]
    missing = frame[frame["value"].isna()]
    fig = go.Figure()
    fig.add_bar(
        x=reported["label"],
        y=reported["plot"],
        text=reported["shown"],
        textposition="outside",
        marker_color="#1f5f8b",
        name=t("activities.reported", lang),
        hovertemplate="%{x}: %{text}<extra></extra>",
    )
    if len(missing):
        fig.add_scatter(
            x=missing["label"],
            y=[0] * len(missing),
            mode="markers+text",
            text=[t("activities.not_reported", lang)] * len(missing),
            textposition="top center",
            marker={"symbol": "x-thin-open", "size": 10, "color": "#595959"},
            name=t("activities.not_reported", lang),
            hoverinfo="skip",
        )
    fig.update_layout(
        title=title,
        separators=i18n.plotly_separators(lang),
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(frame["label"]),
            "title": t("activities.col.month", lang),
        },
        yaxis={"title": i18n.unit_suffix(unit, lang).strip() or None, "rangemode": "tozero"},
        height=360,
        margin={"t": 60, "b": 40},
        showlegend=bool(len(missing)),
    )
    return readable(fig)
