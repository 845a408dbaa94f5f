"""Readable chart text (WCAG 2.1 AA 1.4.3): explicit dark text colours on every chart.

Streamlit's Plotly theme draws tick labels, axis titles, bar labels and legends in a light
grey (#808495: 3.8:1 on white). Colours set in the figure win over the theme, so every
builder passes its figure through ``readable`` before returning it.
"""

from __future__ import annotations

import plotly.graph_objects as go

TEXT_COLOR = "#333333"  # 12.6:1 on white
BACKGROUND = "#ffffff"


def readable(fig: go.Figure) -> go.Figure:
    """Set every text colour of ``fig`` that a theme could otherwise grey out."""
    fig.update_layout(
        font_color=TEXT_COLOR,
        title_font_color=TEXT_COLOR,
        legend_font_color=TEXT_COLOR,
        legend_title_font_color=TEXT_COLOR,
        hoverlabel={"font": {"color": TEXT_COLOR}, "bgcolor": BACKGROUND},
    )
    fig.update_xaxes(tickfont_color=TEXT_COLOR, title_font_color=TEXT_COLOR)
    fig.update_yaxes(tickfont_color=TEXT_COLOR, title_font_color=TEXT_COLOR)
    return fig
