"""Everything Streamlit-specific that pages share; nothing below ``atlas.ui`` imports
Streamlit.

- ``data``: the cached read-only database (``runner()``) and boundary layers.
- ``cache``: views and panel artefacts computed once per process (``view(fn, *args)``).
- ``state``: view state in session and URL (``lang``, ``select``, ``text``, ``date_field``).
- ``frame``: the sidebar and the error boundary (``guarded``).
- ``regions``: the region widget, and a map click that selects a region.
- ``order``: the map first (``above_map``: the place of what is shown above a map, filled
  after it; ``chosen``/``region_chosen`` read the widgets' values before they are drawn).
- ``panels``: ``map_panel``, ``table_panel`` (``table_section``), ``chart_panel``
  (``chart_on_open``), ``downloads``, ``metrics``:
  how a page draws the value objects of ``atlas.views.shapes``.
- ``accessible``: the document language, names and descriptions of maps and charts,
  captions and Markdown with the other language's runs marked.
- ``admin``: the administrators' gate of the data upload page (secrets, sign-in).
- ``brief``: the visit fields and the prepared brief of the region profile.

Pages use ``from atlas import ui`` and the names below.
"""

from atlas.ui.accessible import (
    caption,
    describe_chart,
    describe_graphic,
    describe_map,
    markdown,
    set_document_lang,
)
from atlas.ui.admin import admin_gate, secrets
from atlas.ui.brief import brief_panel, visit_fields
from atlas.ui.cache import view
from atlas.ui.data import context_geojson, database_identity, regions_geojson, runner
from atlas.ui.frame import guarded, show_db_problem, sidebar
from atlas.ui.order import above_map
from atlas.ui.panels import (
    chart_on_open,
    chart_panel,
    downloads,
    map_panel,
    metrics,
    number_formatter,
    table_panel,
    table_section,
)
from atlas.ui.regions import (
    on_region_click,
    region_chosen,
    region_label,
    region_options,
    region_picker,
    region_select,
)
from atlas.ui.state import (
    URL_KEYS,
    choose,
    choose_all,
    chosen,
    date_field,
    initial,
    kept,
    lang,
    remember,
    select,
    text,
)

__all__ = [
    "URL_KEYS",
    "above_map",
    "admin_gate",
    "secrets",
    "caption",
    "describe_chart",
    "describe_graphic",
    "describe_map",
    "markdown",
    "set_document_lang",
    "brief_panel",
    "chart_on_open",
    "chart_panel",
    "choose",
    "choose_all",
    "chosen",
    "context_geojson",
    "database_identity",
    "date_field",
    "downloads",
    "guarded",
    "initial",
    "kept",
    "lang",
    "map_panel",
    "metrics",
    "number_formatter",
    "on_region_click",
    "region_chosen",
    "region_label",
    "region_options",
    "region_picker",
    "region_select",
    "regions_geojson",
    "remember",
    "runner",
    "select",
    "show_db_problem",
    "sidebar",
    "table_panel",
    "table_section",
    "text",
    "view",
    "visit_fields",
]
