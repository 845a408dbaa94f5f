"""A folium map drawn by streamlit-folium's component, with the expensive part done once.

``st_folium`` renders the whole folium map (Jinja templates, Leaflet script, header, hash) on
every run: about as much server time as the rest of a cached page. The result depends only
on the map, so ``prepare`` does exactly what ``st_folium`` does up to the component call and
the result is cached (``atlas.ui.cache.artefact``); ``draw`` then makes the component call
that ``st_folium`` makes, with the selection layer (``maps.selection_layer``) prepared the
same way. The element, its key and its value are the same as ``st_folium``'s
(``tests/atlas/test_mapframe.py`` compares the two on the atlas's maps), so the browser
behaves as before. streamlit-folium is pinned: re-run that test when it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
import streamlit_folium as sf

# st_folium's initial value, filtered by ``returned_objects`` (as in st_folium 0.27.4)
_DEFAULTS = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "bounds",
    "zoom",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)


@dataclass(frozen=True)
class Prepared:
    """What ``st_folium`` computes from a map before it calls the component."""

    script: str
    header: str
    html: str
    id: str
    bounds: dict
    zoom: object
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _bounds(fmap: folium.Map) -> dict:
    try:
        (s, w), (n, e) = fmap.get_bounds()
    except AttributeError:
        s = w = n = e = None
    return {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}}


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css: list[str] = []
    js: list[str] = []

    def walk(el):
        if isinstance(el, folium.elements.JSCSSMixin):
            yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    for el in walk(fmap):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _component():
    """st_folium's component, registered with this server. Streamlit registers a component
    when it is declared (streamlit_folium's import) only inside a script run: imported
    earlier (``atlas.ui.warm`` at start, before the server exists), the server would answer
    404 for the component's frame and no map would draw."""
    from streamlit import runtime
    from streamlit.components.v1.custom_component import CustomComponent

    component = sf._component_func
    if isinstance(component, CustomComponent) and runtime.exists():
        registry = runtime.get_instance().component_registry
        if registry.get_component_path(component.name) is None:
            registry.register_component(component)
    return component


def prepare(fmap: folium.Map) -> Prepared:
    """st_folium's work on ``fmap`` (a plain folium.Map; consumes it: build a new one for
    anything else)."""
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css, js = _links(fmap)
    return Prepared(
        script=script,
        header=header,
        html=html,
        id=sf.get_full_id(fmap),
        bounds=_bounds(fmap),
        zoom=fmap.options.get("zoom") if hasattr(fmap, "options") else {},
        css_links=css,
        js_links=js,
    )


def layer_script(group: folium.FeatureGroup) -> str:
    """st_folium's script for ``feature_group_to_add=group`` (on a map of its own: the
    script names the map only as ``map_div``)."""
    return sf._get_feature_group_string(group, map=folium.Map(tiles=None), idx=0)


def element_key(prepared: Prepared, key: str) -> str:
    """The component's key, as st_folium derives it from the script and the widget key."""
    return sf.generate_js_hash(prepared.script, key, False)


def draw(
    prepared: Prepared,
    layer: str | None,
    *,
    key: str,
    component_key: str,
    height: int,
    returned_objects: list[str],
    on_change: Callable[[], None] | None,
):
    """The component call st_folium makes (``use_container_width=True``)."""
    import streamlit as st

    everything = {k: None for k in _DEFAULTS} | {
        "bounds": prepared.bounds,
        "zoom": prepared.zoom,
    }
    defaults = {k: v for k, v in everything.items() if k in returned_objects}

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(component_key, {})
        if on_change is not None:
            on_change()

    return _component()(
        script=prepared.script,
        header=prepared.header,
        html=prepared.html,
        id=prepared.id,
        key=component_key,
        height=height,
        width=None,
        returned_objects=returned_objects,
        default=defaults,
        zoom=None,
        center=None,
        feature_group=layer,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(prepared.css_links),
        js_links=list(prepared.js_links),
        on_change=_on_change,
        wrap_longitude=False,
    )
