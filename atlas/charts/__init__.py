"""Plotly chart builders: pure functions DataFrame → go.Figure, one module per area."""

from atlas.charts.ranking import (  # noqa: F401 - re-exported for pages
    FONT,
    ranked_bar,
)
