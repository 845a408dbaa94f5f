"""View models: what a page shows for one choice of widgets, computed without Streamlit."""

from atlas.views.core import (  # noqa: F401 - re-exported for pages
    KEY_FIGURE_ORDER,
    ExplorerView,
    KeyFigure,
    coverage_pivot,
    explorer_view,
    holdings,
    key_figures,
    source_line,
    sources_table,
)
