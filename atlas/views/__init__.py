"""View models: what a page shows for one choice of widgets, computed without Streamlit."""

from atlas.views.core import (  # noqa: F401 - re-exported for pages
    KEY_FIGURE_ORDER,
    ExplorerView,
    KeyFigure,
    built_at_text,
    coverage_pivot,
    explorer_view,
    holdings,
    key_figures,
    national_only_indicators,
    source_line,
    sources_table,
)
