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
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:8px'>{a}</th><td>{b}</td></tr>"
        for a, b in rows
    )
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
            for item in spec.legend
        )
        self.html = (
            "<div style='background:rgba(255,255,255,.92);padding:6px 8px;"
            "border-radius:4px;font:12px/1.3 sans-serif;color:#222;"
            "box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:260px'>"
            f"<div style='font-weight:600;margin-bottom:4px'>{html.escape(spec.title)}"
            f"</div>{items}</div>"
        )


def offline_map(
    *, asset_base: str = LEAFLET_BASE, basemap: bool = False, height: int | None = None
) -> folium.Map:
    """An empty map of Greece whose scripts and styles all come from ``asset_base``."""
    size = {"height": height} if height else {}
    m = folium.Map(
        location=[38.6, 24.5],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        min_zoom=5,
        max_zoom=12,
        **size,
    )
    m.default_js = [("leaflet", f"{asset_base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet.css")]
    if basemap:
        folium.TileLayer(ONLINE_BASEMAP, control=False).add_to(m)
    m.fit_bounds(GREECE_BOUNDS)
    return m


def add_context(m: folium.Map, context_geojson: dict) -> None:
    folium.GeoJson(
        context_geojson,
        name="context",
        interactive=False,
        control=False,
        style_function=lambda _f: {
            "fillColor": LAND_COLOR,
            "fillOpacity": 1,
            "color": "#b3b3b3",
            "weight": 0.6,
        },
    ).add_to(m)


def choropleth_map(
    spec: ChoroplethSpec,
    regions_geojson: dict,
    context_geojson: dict | None,
    *,
    selected: str | None = None,
    asset_base: str = LEAFLET_BASE,
    basemap: bool = False,
    height: int | None = None,
) -> folium.Map:
    """The 13 regions coloured by ``spec``; hover shows the tooltip, click selects."""
    m = offline_map(asset_base=asset_base, basemap=basemap, height=height)
    if context_geojson and not basemap:
        add_context(m, context_geojson)
    features = []
    for feature in regions_geojson["features"]:
        code = feature["properties"]["region_code"]
        props = {"region_code": code, "tooltip": tooltip_html(spec.tooltips.get(code, []))}
        features.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    data = {"type": "FeatureCollection", "features": features}

    def style(feature: dict) -> dict:
        code = feature["properties"]["region_code"]
        chosen = code == selected
        return {
            "fillColor": spec.colors.get(code, "#ffffff"),
            "fillOpacity": 0.9,
            "color": SELECTED_OUTLINE if chosen else OUTLINE,
            "weight": 3 if chosen else 0.8,
            "dashArray": "4 3" if code in spec.no_data else None,
        }

    folium.GeoJson(
        data,
        name="regions",
        style_function=style,
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


# --- point layers (reception sites, municipalities) -------------------------------------------

SITE_CAPACITY_COLOR = "#ffffff"
SITE_OCCUPANCY_COLOR = "#b2182b"  # red on the blue-green ramp: readable over every class
POINT_COLOR = "#542788"
MAX_CIRCLE_PX = 26.0
MIN_CIRCLE_PX = 2.5
GEONAMES_ATTRIBUTION = "Coordinates: GeoNames (geonames.org), CC BY 4.0"


def circle_radius(value: float | None, max_value: float) -> float | None:
    """Pixel radius with the circle's AREA proportional to the value (√ scaling)."""
    if value is None or (isinstance(value, float) and value != value) or not max_value:
        return None
    if value <= 0:
        return MIN_CIRCLE_PX
    return max(MIN_CIRCLE_PX, MAX_CIRCLE_PX * (value / max_value) ** 0.5)


def add_site_circles(m: folium.Map, points: list[dict]) -> int:
    """Each site as a capacity circle (white, outlined) with its occupancy inside (red), both
    with area proportional to persons/places. A site with only one figure gets one circle
    (dashed outline when only capacity is known). Larger sites are drawn first so small ones
    stay clickable. ``points``: lat, lon, capacity, occupancy, max_value, tooltip rows
    (label, text) — escaped here. Returns the number of circles drawn."""
    n = 0
    order = sorted(points, key=lambda p: -max(p.get("capacity") or 0, p.get("occupancy") or 0))
    for p in order:
        tip = tooltip_html([(html.escape(str(a)), html.escape(str(b))) for a, b in p["tooltip"]])
        cap = circle_radius(p.get("capacity"), p["max_value"])
        occ = circle_radius(p.get("occupancy"), p["max_value"])
        if cap is not None:
            folium.CircleMarker(
                [p["lat"], p["lon"]],
                radius=cap,
                color="#333333",
                weight=1.2,
                fill=True,
                fill_color=SITE_CAPACITY_COLOR,
                fill_opacity=0.85,
                dash_array=None if occ is not None else "3 3",
                tooltip=folium.Tooltip(tip, sticky=True),
            ).add_to(m)
            n += 1
        if occ is not None:
            folium.CircleMarker(
                [p["lat"], p["lon"]],
                radius=occ,
                color="#67001f",
                weight=0.8,
                fill=True,
                fill_color=SITE_OCCUPANCY_COLOR,
                fill_opacity=0.85,
                tooltip=folium.Tooltip(tip, sticky=True),
            ).add_to(m)
            n += 1
    return n


def add_point_markers(m: folium.Map, points: list[dict], color: str = POINT_COLOR) -> int:
    """Small fixed-size markers (municipalities, offices); unconfirmed items hollow."""
    for p in points:
        tip = tooltip_html([(html.escape(str(a)), html.escape(str(b))) for a, b in p["tooltip"]])
        confirmed = p.get("confirmed", True)
        folium.CircleMarker(
            [p["lat"], p["lon"]],
            radius=5,
            color=color,
            weight=1.5,
            fill=True,
            fill_color=color if confirmed else "#ffffff",
            fill_opacity=0.9,
            tooltip=folium.Tooltip(tip, sticky=True),
        ).add_to(m)
    return len(points)


class _Note(MacroElement):
    """A small text box in a map corner (attribution, size legend): plain HTML, no script."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var box = L.control({position: {{ this.position|tojson }}});
            box.onAdd = function() {
                var div = L.DomUtil.create('div', 'atlas-note');
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            box.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, html_text: str, position: str) -> None:
        super().__init__()
        self._name = "AtlasNote"
        self.html = html_text
        self.position = position


def add_note(m: folium.Map, text: str, position: str = "bottomright") -> None:
    """Escaped text in a corner of the map (so screenshots carry it, e.g. the attribution)."""
    m.add_child(
        _Note(
            "<div style='background:rgba(255,255,255,.85);padding:2px 6px;"
            "font:11px/1.3 sans-serif;color:#333'>" + html.escape(text) + "</div>",
            position,
        )
    )


def add_size_legend(
    m: folium.Map,
    title: str,
    sizes: list[tuple[float, str]],
    max_value: float,
    capacity_label: str,
    occupancy_label: str,
) -> None:
    """Circle-size key (area ∝ value) plus what the two colours mean, top right."""
    rows = []
    for value, label in sizes:
        r = circle_radius(value, max_value) or 0
        d = 2 * r
        rows.append(
            "<div style='display:flex;align-items:center;margin:2px 0'>"
            f"<span style='display:inline-block;width:{d:.0f}px;height:{d:.0f}px;"
            "border-radius:50%;border:1px solid #333;margin-right:6px'></span>"
            f"{html.escape(label)}</div>"
        )
    swatch = (
        "<div style='margin-top:4px'><span style='display:inline-block;width:10px;"
        "height:10px;border-radius:50%;border:1px solid #333;background:#fff'></span> "
        f"{html.escape(capacity_label)}<br><span style='display:inline-block;width:10px;"
        f"height:10px;border-radius:50%;background:{SITE_OCCUPANCY_COLOR}'></span> "
        f"{html.escape(occupancy_label)}</div>"
    )
    m.add_child(
        _Note(
            "<div style='background:rgba(255,255,255,.92);padding:6px 8px;"
            "border-radius:4px;font:12px/1.3 sans-serif;color:#222;"
            "box-shadow:0 1px 4px rgba(0,0,0,.3)'>"
            f"<div style='font-weight:600'>{html.escape(title)}</div>"
            + "".join(rows)
            + swatch
            + "</div>",
            "topright",
        )
    )
