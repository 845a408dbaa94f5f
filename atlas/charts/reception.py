"""The island series: occupancy against capacity of the island reception centres, one small
panel per site, every point with its date (at the source's precision) and source."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas import i18n
from atlas.charts.ranking import FONT
from atlas.charts.style import readable

OCCUPANCY_COLOR = "#b2182b"
CAPACITY_COLOR = "#4d4d4d"


def _hover(row, lang: str, what: str) -> str:
    cap, occ = row.capacity_shown, row.occupancy_shown
    parts = [
        f"<b>{html.escape(row.site)}</b>",
        html.escape(row.date_label),
        f"{html.escape(i18n.t('reception.measure_occupancy', lang))}: {occ}",
        f"{html.escape(i18n.t('reception.measure_capacity', lang))}: {cap}",
        f"{html.escape(i18n.t('common.source', lang))}: {html.escape(row.source)}",
    ]
    return "<br>".join(parts) + f"<extra>{html.escape(what)}</extra>"


def island_chart(frame: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """``frame``: island_frame() rows (site, snapshot_date, capacity, occupancy, date_label,
    source, capacity_shown, occupancy_shown). Missing figures leave a gap, never a zero;
    capacity is a dashed step line."""
    sites = list(dict.fromkeys(frame["site"]))
    fig = make_subplots(
        rows=max(len(sites), 1),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[html.escape(s) for s in sites],
        vertical_spacing=0.06,
    )
    occ_name = i18n.t("reception.measure_occupancy", lang)
    cap_name = i18n.t("reception.measure_capacity", lang)
    for i, site in enumerate(sites, start=1):
        part = frame[frame["site"] == site].sort_values("snapshot_date")
        x = pd.to_datetime(part["snapshot_date"])
        fig.add_trace(
            go.Scatter(
                x=x,
                y=part["capacity"],
                name=cap_name,
                mode="lines+markers",
                line_shape="hv",
                line={"color": CAPACITY_COLOR, "dash": "dash", "width": 1.5},
                marker={"size": 5, "symbol": "line-ew-open"},
                connectgaps=False,
                hovertemplate=[_hover(r, lang, cap_name) for r in part.itertuples(index=False)],
                showlegend=i == 1,
                legendgroup="capacity",
            ),
            row=i,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=part["occupancy"],
                name=occ_name,
                mode="lines+markers",
                line={"color": OCCUPANCY_COLOR, "width": 2},
                marker={"size": 7},
                connectgaps=False,
                hovertemplate=[_hover(r, lang, occ_name) for r in part.itertuples(index=False)],
                showlegend=i == 1,
                legendgroup="occupancy",
            ),
            row=i,
            col=1,
        )
        fig.update_yaxes(rangemode="tozero", separatethousands=True, row=i, col=1)
    fig.update_layout(
        title={"text": html.escape(title), "x": 0, "font": {"size": 15}},
        height=150 * max(len(sites), 1) + 110,
        margin={"l": 60, "r": 20, "t": 70, "b": 40},
        font={"family": FONT, "size": 12},
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        separators=i18n.plotly_separators(lang),
        plot_bgcolor="#ffffff",
        hovermode="closest",
    )
    fig.update_xaxes(gridcolor="#eeeeee")
    fig.update_yaxes(gridcolor="#eeeeee")
    return readable(fig)
