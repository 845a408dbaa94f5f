"""Chart builders: pure functions DataFrame → go.Figure (or an HTML figure), one module per
area."""

from atlas.charts.ranking import (  # noqa: F401 - re-exported for pages
    FONT,
    ranked_bars_html,
)
