"""Folium map builders: pure functions from a ChoroplethSpec (+ geometry) to a folium.Map.

Offline by design: no tile layer unless asked for, Leaflet served from our own static folder,
neighbouring countries from geo/ as context, the legend drawn inside the map (so screenshots
and exports carry it). Data text is HTML-escaped before it reaches Leaflet.
"""

from __future__ import annotations

import html
import json

import folium
from branca.element import MacroElement, Template

from atlas.classify import ChoroplethSpec

LEAFLET_BASE = "/app/static/vendor/leaflet"  # served by Streamlit static serving
# [[south, west], [north, east]]: every island, plus open sea in the south-west where the
# legend sits (bottom left), so it never hides a region.
GREECE_BOUNDS = [[33.9, 17.6], [41.8, 29.7]]
SEA_COLOR = "#dce8f1"
LAND_COLOR = "#f1efe9"
OUTLINE = "#4d4d4d"
SELECTED_OUTLINE = "#d7301f"
ONLINE_BASEMAP = "OpenStreetMap"  # opt-in only; never the default


def tooltip_html(rows: list[tuple[str, str]]) -> str:
    """A small two-column table; the cells are already escaped by the spec builder."""
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{a}</th><td>{b}</td></tr>"
                   for a, b in rows)
    return f"<table style='font-size:13px'>{body}</table>"


class _Legend(MacroElement):
    """Legend as a Leaflet control (plain HTML, no external script) + sea background."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = {{ this.sea|tojson }};
            var legend = L.control({position: 'bottomleft'});
            legend.onAdd = function() {
                var div = L.DomUtil.create('div', 'atlas-legend');
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, spec: ChoroplethSpec, sea: str) -> None:
        super().__init__()
        self._name = "AtlasLegend"
        self.sea = sea
        items = "".join(
            "<div style='display:flex;align-items:center;margin:2px 0'>"
            f"<span style='display:inline-block;width:18px;height:12px;margin-right:6px;"
            f"background:{item.color};border:1px solid #777;"
            f"{'border-style:dashed;' if item.kind == 'no_data' else ''}'></span>"
            f"<span>{html.escape(item.label)}</span></div>"
            for item in spec.legend)
        self.html = ("<div style='background:rgba(255,255,255,.92);padding:6px 8px;"
                     "border-radius:4px;font:12px/1.3 sans-serif;color:#222;"
                     "box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px'>"
                     f"<div style='font-weight:600;margin-bottom:4px'>{html.escape(spec.title)}"
                     f"</div>{items}</div>")


def offline_map(*, asset_base: str = LEAFLET_BASE, basemap: bool = False,
                height: int | None = None) -> folium.Map:
    """An empty map of Greece whose scripts and styles all come from ``asset_base``."""
    size = {"height": height} if height else {}
    m = folium.Map(location=[38.6, 24.5], zoom_start=6, tiles=None, control_scale=True,
                   zoom_snap=0.25, min_zoom=5, max_zoom=12, **size)
    m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    if basemap:
        folium.TileLayer(ONLINE_BASEMAP, control=False).add_to(m)
    m.fit_bounds(GREECE_BOUNDS)
    return m


def add_context(m: folium.Map, context_geojson: dict) -> None:
    folium.GeoJson(
        context_geojson, name="context", interactive=False, control=False,
        style_function=lambda _f: {"fillColor": LAND_COLOR, "fillOpacity": 1,
                                   "color": "#b3b3b3", "weight": 0.6},
    ).add_to(m)


def choropleth_map(spec: ChoroplethSpec, regions_geojson: dict, context_geojson: dict | None,
                   *, selected: str | None = None, asset_base: str = LEAFLET_BASE,
                   basemap: bool = False, height: int | None = None) -> folium.Map:
    """The 13 regions coloured by ``spec``; hover shows the tooltip, click selects."""
    m = offline_map(asset_base=asset_base, basemap=basemap, height=height)
    if context_geojson and not basemap:
        add_context(m, context_geojson)
    features = []
    for feature in regions_geojson["features"]:
        code = feature["properties"]["region_code"]
        props = {"region_code": code, "tooltip": tooltip_html(spec.tooltips.get(code, []))}
        features.append({"type": "Feature", "properties": props,
                         "geometry": feature["geometry"]})
    data = {"type": "FeatureCollection", "features": features}

    def style(feature: dict) -> dict:
        code = feature["properties"]["region_code"]
        chosen = code == selected
        return {"fillColor": spec.colors.get(code, "#ffffff"), "fillOpacity": 0.9,
                "color": SELECTED_OUTLINE if chosen else OUTLINE,
                "weight": 3 if chosen else 0.8,
                "dashArray": "4 3" if code in spec.no_data else None}

    folium.GeoJson(
        data, name="regions", style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
    ).add_to(m)
    m.add_child(_Legend(spec, SEA_COLOR))
    return m


def standalone_html(m: folium.Map) -> str:
    """The map as a self-contained page (for PNG export through a headless browser)."""
    return m.get_root().render()


def external_urls(m: folium.Map) -> list[str]:
    """Every script/style URL the map would load that is not ours (should be empty)."""
    urls = []

    def walk(el):
        for _, href in list(getattr(el, "default_js", [])) + list(getattr(el, "default_css", [])):
            urls.append(href)
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return [u for u in urls if u.startswith(("http://", "https://", "//"))]


def geojson_text(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
