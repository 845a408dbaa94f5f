"""A map panel as ``ui.map_panel`` is meant to render it (used by tests/e2e/test_map_panel.py
and bench/bench_map_payload.py): the map explorer's default view (census population, real
bundled data) with a region selectbox, a click on the map selecting the region.

The map is built WITHOUT the selection; the selection goes to st_folium as a separate layer
(``maps.st_folium_args``), so a new selection re-sends a few kilobytes and the browser keeps
its Leaflet map. Run: ``streamlit run tests/e2e/map_panel_app.py`` with ATLAS_DB set.
"""

import duckdb
import streamlit as st
from streamlit_folium import st_folium

from atlas import config, maps, queries
from atlas.config import POPULATION_INDICATOR
from atlas.views import explorer as xv
from geo import boundaries
from geo.regions import BY_CODE, REGION_CODES

MAP_KEY = "panel_map"


@st.cache_resource
def _connection():
    return duckdb.connect(str(config.db_path()), read_only=True)


def run(sql, params=()):
    return _connection().cursor().execute(sql, list(params)).df()


def on_click() -> None:  # the same as ui.on_region_click(MAP_KEY)
    feature = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    code = (feature.get("properties") or {}).get("region_code")
    if code in REGION_CODES:
        st.session_state["region"] = code


lang = st.query_params.get("lang", "en")
period = queries.indicator_periods(run, POPULATION_INDICATOR)["period"].iloc[0]
view = xv.explorer_view(run, POPULATION_INDICATOR, period, "value", "quantiles", lang)
code = (
    st.selectbox(
        "Region",
        ["", *REGION_CODES],
        format_func=lambda c: BY_CODE[c].name_en if c else "-",
        key="region",
    )
    or None
)

fmap = maps.choropleth_map(view.map.choropleth, None, boundaries.context_geojson())
st_folium(
    **maps.st_folium_args(fmap, selected=code),
    key=MAP_KEY,
    height=560,
    use_container_width=True,
    returned_objects=["last_active_drawing"],
    on_change=on_click,
)
st.write(f"selected: {code or '-'}")
