"""Folium map builders: pure functions from a ChoroplethSpec (+ geometry) to a folium.Map.

Offline by design: no tile layer unless asked for, Leaflet served from our own static folder,
neighbouring land from geo/ as context (one dissolved shape: no other state's borders), the
legend drawn inside the map (so screenshots and exports carry it), placed beside or under
Greece so that it never covers a region. Data text is HTML-escaped before it reaches Leaflet.

Geometry is not embedded in the map: every map fetches the same display file
(static/geo/atlas.topo.json, simplified with topology kept, built by geo.build_boundaries)
from Streamlit's static folder, so the browser downloads it once and caches it; the map
element carries only colours, tooltips and the legend. The selected region is drawn by a
separate, tiny layer (``selection_layer``) so that changing the selection does not rebuild
the map: see ``st_folium_args``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
from dataclasses import dataclass

import folium
from branca.element import MacroElement, Template

from atlas import config
from atlas.classify import NO_DATA_COLOR, ChoroplethSpec

# Streamlit serves ./static as /app/static (same origin, offline), under the app's base path
# (server.baseUrlPath, e.g. /atlas behind nginx): these paths get ``config.base_url_path()``
# in front when a map is made (``static_url``).
STATIC_URL = "/app/static"
LEAFLET_BASE = f"{STATIC_URL}/vendor/leaflet"
TOPOJSON_CLIENT_JS = f"{STATIC_URL}/vendor/topojson-client/topojson-client.min.js"
DISPLAY_FILE = config.STATIC_DIR / "geo" / "atlas.topo.json"  # geo.boundaries.DISPLAY_PATH
# [[south, west], [north, east]]: every island, plus open sea in the south-west where the
# static maps' legend sits (bottom left). The static maps' frame.
GREECE_BOUNDS = [[33.9, 17.6], [41.8, 29.7]]
# The regions' own bounding box (Gavdos to the Evros, Othonoi to Rhodes): what the browser
# maps fit, leaving room for the legend beside or under it.
REGIONS_BOUNDS = [[34.8, 19.6], [41.76, 28.25]]
SEA_COLOR = "#dce8f1"
LAND_COLOR = "#f1efe9"
COAST_COLOR = "#b3b3b3"
OUTLINE = "#4d4d4d"
SELECTED_OUTLINE = "#d7301f"
ONLINE_BASEMAP = "OpenStreetMap"  # opt-in only; never the default


@functools.cache
def region_boxes() -> list[list[float]]:
    """[south, west, north, east] of each bundled region (what the legend must stay clear
    of when the map is framed); [] when the boundaries file is missing."""
    from geo.boundaries import REGIONS_PATH

    try:
        features = json.loads(REGIONS_PATH.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError):
        return []

    def points(coords):
        if coords and isinstance(coords[0], int | float):
            yield coords
        else:
            for c in coords:
                yield from points(c)

    out = []
    for f in features:
        pts = list(points(f["geometry"]["coordinates"]))
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        out.append(
            [round(min(lats), 3), round(min(lons), 3), round(max(lats), 3), round(max(lons), 3)]
        )
    return out


def tooltip_html(rows: list[tuple[str, str]]) -> str:
    """A small two-column table; the cells are already escaped by the spec builder."""
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:8px'>{a}</th><td>{b}</td></tr>"
        for a, b in rows
    )
    return f"<table style='font-size:13px'>{body}</table>"


_JS_UNSAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "'": "\\u0027",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def js_literal(value) -> str:
    """``value`` as a JavaScript literal safe inside a <script> element (no ``</script>``,
    no HTML-significant character), with UTF-8 text left as it is: Greek costs 2 bytes a
    letter instead of 6 for ``\\uXXXX`` (what Jinja's ``tojson`` writes)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.translate(_JS_UNSAFE)


@functools.lru_cache(maxsize=4)
def _versioned_url(path: str, _mtime_ns: int, _size: int) -> str:
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()[:12]  # noqa: SIM115
    return f"{STATIC_URL}/geo/{os.path.basename(path)}?v={digest}"


def static_url(path: str) -> str:
    """The URL of ``path`` (``/app/static/…``) as the browser must ask for it: under the
    base path the app is served from ('' when it is served from /)."""
    return config.base_url_path() + path


def leaflet_urls(asset_base: str | None = None) -> tuple[str, str]:
    """Leaflet's script and stylesheet under ``asset_base`` (default: ours in static/, under
    the app's base path)."""
    base = asset_base or static_url(LEAFLET_BASE)
    return f"{base}/leaflet.js", f"{base}/leaflet.css"


def display_geometry_url(path=None) -> str:
    """URL of a display geometry file in static/geo (default: the regions') with its
    content hash, so a rebuilt file is never taken from a browser's cache. Raises
    FileNotFoundError when the file is missing."""
    path = path or DISPLAY_FILE
    stat = path.stat()
    return static_url(_versioned_url(str(path), stat.st_mtime_ns, stat.st_size))


def _box(bounds) -> list[float]:
    """[[south, west], [north, east]] → [south, west, north, east]."""
    (south, west), (north, east) = bounds
    return [south, west, north, east]


class _Legend(MacroElement):
    """Legend as a Leaflet control (plain HTML, no external script) + sea background.

    Placement: the largest Greece (REGIONS_BOUNDS) whose regions' boxes all stay clear of the
    legend, the legend in a corner of the frame — often in the open sea inside Greece's own
    box (south-west of the Peloponnese). Failing that, the map is fitted with a strip to the
    right of Greece or a band under it for the legend, whichever leaves Greece larger. So
    the legend never covers a region, at any width; refitted when the map is resized."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = {{ this.sea|tojson }};
            var bounds = L.latLngBounds({{ this.bounds|tojson }});
            var GAP = 8;
            var legend = L.control({position: 'topright'});
            var box = L.DomUtil.create('div', 'atlas-legend');
            box.innerHTML = {{ this.html_js }};
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            legend.onAdd = function() { return box; };  // the same box when it moves corner
            legend.addTo(map);
            function edge(corners, side) {
                var box = map.getContainer().getBoundingClientRect(), out = Infinity;
                corners.forEach(function(name) {
                    var kids = map._controlCorners[name].children;
                    for (var i = 0; i < kids.length; i++) {
                        var r = kids[i].getBoundingClientRect();
                        if (r.width && r.height) {
                            out = Math.min(out, side === 'x' ? r.left - box.left
                                                             : r.top - box.top);
                        }
                    }
                });
                return out;
            }
            var boxes = {{ this.boxes|tojson }};
            function rel(el) {
                var c = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect();
                return {left: r.left - c.left, top: r.top - c.top,
                        right: r.right - c.left, bottom: r.bottom - c.top};
            }
            // The largest Greece whose regions' boxes all stay clear of the legend: at each
            // zoom from "Greece fills the frame" down, Greece centred or pushed to a side of
            // the frame, the legend in each corner (measured there). Open sea inside Greece's
            // box (south-west of the Peloponnese, east of Thrace) can hold the legend.
            function plan(size) {
                if (!boxes.length) { return false; }
                var rects = {};
                ['topright', 'bottomright', 'bottomleft'].forEach(function(c) {
                    legend.setPosition(c);
                    rects[c] = rel(box);
                });
                var top = map.getBoundsZoom(bounds, false, L.point(2 * GAP, 2 * GAP));
                var step = map.options.zoomSnap || 0.25;
                if (!isFinite(top)) { return false; }
                for (var z = top; z >= top - 3; z -= step) {
                    var nw = map.project(bounds.getNorthWest(), z);
                    var se = map.project(bounds.getSouthEast(), z);
                    var sx = size.x - 2 * GAP - (se.x - nw.x);
                    var sy = size.y - 2 * GAP - (se.y - nw.y);
                    if (sx < 0 || sy < 0) { continue; }
                    var px = boxes.map(function(b) {
                        var a = map.project([b[2], b[1]], z), d = map.project([b[0], b[3]], z);
                        return [a.x - nw.x, a.y - nw.y, d.x - nw.x, d.y - nw.y];
                    });
                    var offsets = [];
                    [sx / 2, 0, sx].forEach(function(ox) {
                        [sy / 2, 0, sy].forEach(function(oy) { offsets.push([ox, oy]); });
                    });
                    for (var i = 0; i < offsets.length; i++) {
                        var dx = GAP + offsets[i][0], dy = GAP + offsets[i][1];
                        for (var c in rects) {
                            var r = rects[c];
                            var clear = px.every(function(p) {
                                return !(p[0] + dx < r.right + 2 && p[2] + dx > r.left - 2 &&
                                         p[1] + dy < r.bottom + 2 && p[3] + dy > r.top - 2);
                            });
                            if (clear) {
                                legend.setPosition(c);
                                var centre = L.point(nw.x + size.x / 2 - dx,
                                                     nw.y + size.y / 2 - dy);
                                map.setView(map.unproject(centre, z), z, {animate: false});
                                return true;
                            }
                        }
                    }
                }
                return false;
            }
            var tries = 0;
            function fit() {
                var size = map.getSize();
                var styled = getComputedStyle(map._controlCorners.topright).position;
                if (styled !== 'absolute' || !size.x || !size.y) {
                    // leaflet.css is loaded after this script runs: measure once it applies
                    if (tries++ < 100) { setTimeout(fit, 50); }
                    return;
                }
                if (plan(size)) { return; }
                legend.setPosition('topright');
                var right = Math.max(GAP, size.x - edge(['topright', 'bottomright'], 'x') + GAP);
                var zRight = map.getBoundsZoom(bounds, false, L.point(GAP + right, 2 * GAP));
                legend.setPosition('bottomright');
                var below = Math.max(GAP, size.y - edge(['bottomleft', 'bottomright'], 'y') + GAP);
                var zBelow = map.getBoundsZoom(bounds, false, L.point(2 * GAP, GAP + below));
                // NaN when the padding is larger than the map (e.g. before the frame is sized)
                var okRight = isFinite(zRight), okBelow = isFinite(zBelow);
                var pad = null;
                if (okRight && (!okBelow || zRight >= zBelow)) {
                    legend.setPosition('topright');
                    pad = [right, GAP];
                } else if (okBelow) {
                    pad = [GAP, below];
                }
                if (pad) {
                    map.fitBounds(bounds, {paddingTopLeft: [GAP, GAP],
                                           paddingBottomRight: pad, animate: false});
                }
            }
            map.atlasFit = fit;
            fit();
            map.on('resize', fit);
        })();
        {% endmacro %}
    """)

    def __init__(self, spec: ChoroplethSpec, sea: str, bounds=None) -> None:
        super().__init__()
        self._name = "AtlasLegend"
        self.sea = sea
        self.bounds = bounds or REGIONS_BOUNDS
        # What the legend must stay clear of: every region's box on a map of Greece; the
        # chosen area's own box on a map of one region (its neighbours may sit under it).
        self.boxes = region_boxes() if bounds is None else [_box(bounds)]
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
            "box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:240px'>"
            f"<div style='font-weight:600;margin-bottom:4px'>{html.escape(spec.title)}"
            f"</div>{items}</div>"
        )
        self.html_js = js_literal(self.html)


LEAFLET_CREDIT = '<a href="https://leafletjs.com">Leaflet</a>'


class _AttributionPrefix(MacroElement):
    """Leaflet still credited, as the plain word: Leaflet 1.9 puts a flag icon in its
    attribution prefix by default, a symbol the atlas did not choose (issue 25)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            if (map.attributionControl) {
                map.attributionControl.setPrefix({{ this.prefix|tojson }});
            }
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "AtlasAttribution"
        self.prefix = LEAFLET_CREDIT


@dataclass(frozen=True)
class GeometryLayer:
    """What a choropleth draws: the TopoJSON ``object`` in the display file, the feature
    property that keys colours and tooltips, optionally the land from another file
    (``land_url``: the regions' display file), only some features (``only``), and the box
    the map fits (``bounds``)."""

    object: str = "regions"
    key: str = "region_code"
    land_url: str | None = None
    only: tuple[str, ...] | None = None
    bounds: tuple | None = None

    def look(self) -> dict:
        return {
            "object": self.object,
            "key": self.key,
            "land_url": self.land_url,
            "only": list(self.only) if self.only is not None else None,
        }


REGIONS_LAYER = GeometryLayer()


class _Regions(MacroElement):
    """The regions (and the neighbouring land under them) as Leaflet GeoJSON layers.

    Colours, dash patterns and tooltips travel in the map's script, keyed by region code;
    the geometry is fetched from ``url`` (TopoJSON: objects regions, land, coast) or, when
    ``url`` is None, embedded. ``window.atlasSelect(code)`` restyles the selected region in
    place (used by ``selection_layer``). Each region path keeps its feature, whose only
    properties are ``region_code`` and ``tooltip`` (the tooltip's HTML: what a click returns
    and what atlas/a11y.js reads as the region's accessible name)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function() {
            var map = {{ this._parent.get_name() }};
            // compact (hundreds of municipal units): a colour is an index into the palette
            // (negative: dashed, no data), a tooltip the index of its labels then its texts
            var packed = {{ this.packed_js }};
            var look = {{ this.look|tojson }};
            function styleOf(code) {
                var i = packed.styles[code];
                if (i === undefined) { return {}; }
                return {fill: packed.palette[Math.abs(i) - 1], dash: i < 0 ? '4 3' : null};
            }
            function rowsOf(code) {
                var t = packed.tips[code];
                if (!t) { return null; }
                return packed.heads[t[0]].map(function(a, i) { return [a, t[i + 1]]; });
            }
            var selected = {{ this.selected|tojson }};
            function tooltip(rows) {
                return "<table style='font-size:13px'>" + rows.map(function(r) {
                    return "<tr><th style='text-align:left;padding-right:8px'>" + r[0]
                        + '</th><td>' + r[1] + '</td></tr>';
                }).join('') + '</table>';
            }
            function style(feature) {
                var code = feature.properties[look.key];
                var s = styleOf(code);
                var chosen = code === selected;
                return {fillColor: s.fill || look.missing, fillOpacity: 0.9,
                        color: chosen ? look.selected : look.outline,
                        weight: chosen ? 3 : 0.8, dashArray: s.dash || null};
            }
            var land = null, coast = null;
            if (look.land) {
                land = L.geoJSON(null, {interactive: false, style: {
                    stroke: false, fillColor: look.land, fillOpacity: 1}}).addTo(map);
                coast = L.geoJSON(null, {interactive: false, style: {
                    color: look.coast, weight: 0.6, fill: false}}).addTo(map);
            }
            var regions = L.geoJSON(null, {
                style: style,
                onEachFeature: function(feature, layer) {
                    // the feature's key under one name: atlas/a11y.js reads it on any layer
                    feature.properties.atlas_key = feature.properties[look.key];
                    var rows = rowsOf(feature.properties[look.key]);
                    if (rows) {
                        // also as a property, as folium's GeoJsonTooltip had it: the
                        // accessible name of the region (atlas/a11y.js) and the click value
                        feature.properties.tooltip = tooltip(rows);
                        layer.bindTooltip(feature.properties.tooltip, {sticky: true});
                    }
                    layer.on({
                        mouseover: function(e) {
                            e.target.setStyle({weight: 2.5, color: '#000000'});
                        },
                        mouseout: function(e) { regions.resetStyle(e.target); }
                    });
                }
            }).addTo(map);
            function order() {
                // bottom to top: land, coast, regions, then what the map drew before the
                // geometry arrived (site circles, markers). Region paths are never moved: a
                // focused region (keyboard) would lose the focus.
                if (coast) { coast.bringToBack(); }
                if (land) { land.bringToBack(); }
                map.eachLayer(function(layer) {
                    if (!layer.feature && layer instanceof L.Path) { layer.bringToFront(); }
                });
            }
            function draw(r, l, c) {
                if (land && l) { land.addData(l); }
                if (coast && c) { coast.addData(c); }
                if (look.only) {
                    r.features = r.features.filter(function(f) {
                        return look.only.indexOf(f.properties[look.key]) >= 0;
                    });
                }
                regions.addData(r);
                order();
            }
            function get(url) {
                return fetch(url).then(function(r) {
                    if (!r.ok) { throw new Error(r.status + ' ' + r.url); }
                    return r.json();
                });
            }
            window.atlasSelect = function(code) {
                selected = code;
                regions.setStyle(style);
            };
            {% if this.url %}
            // the shapes and the land in one file (regions), or in two fetched together
            Promise.all([get({{ this.url|tojson }}),
                         look.land_url ? get(look.land_url) : null])
                .then(function(files) {
                    var t = files[0], c = files[1] || files[0];
                    draw(topojson.feature(t, t.objects[look.object]),
                         c.objects.land ? topojson.feature(c, c.objects.land) : null,
                         c.objects.coast ? topojson.feature(c, c.objects.coast) : null);
                })
                .catch(function(e) { console.error('atlas: map geometry not loaded', e); });
            {% else %}
            draw({{ this.regions|tojson }}, {{ this.land|tojson }}, null);
            {% endif %}
            return regions;
        })();
        {% endmacro %}
    """)

    layer_name = "regions"

    def __init__(
        self,
        spec: ChoroplethSpec,
        *,
        selected: str | None,
        land: bool,
        url: str | None,
        regions_geojson: dict | None = None,
        context_geojson: dict | None = None,
        layer: GeometryLayer | None = None,
    ) -> None:
        super().__init__()
        self._name = "GeoJson"  # → var geo_json_…, the name tests and tools look for
        layer = layer or REGIONS_LAYER
        codes = set(spec.colors) | set(spec.tooltips) | set(spec.no_data)
        self.styles = {
            code: {"fill": spec.colors.get(code, NO_DATA_COLOR)}
            | ({"dash": "4 3"} if code in spec.no_data else {})
            for code in sorted(codes)
        }
        # (label, text) rows, already escaped by the spec builder; the script builds the same
        # table as tooltip_html.
        self.tooltips = {
            code: [[a, b] for a, b in rows] for code, rows in spec.tooltips.items() if rows
        }
        self.packed_js = js_literal(_packed(self.styles, self.tooltips))
        self.selected = selected
        self.look = {
            "outline": OUTLINE,
            "selected": SELECTED_OUTLINE,
            "missing": NO_DATA_COLOR,  # a region the spec does not mention: no data
            "land": LAND_COLOR if land else None,
            "coast": COAST_COLOR,
        } | layer.look()
        self.url = url
        self.regions = None if url else _bare(regions_geojson or {"features": []}, "region_code")
        self.land = None if url or not land else _bare(context_geojson or {"features": []})

    def style(self, code: str) -> dict:
        """The style Leaflet gives region ``code`` (as the script computes it)."""
        s = self.styles.get(code, {})
        chosen = code == self.selected
        return {
            "fillColor": s.get("fill", self.look["missing"]),
            "fillOpacity": 0.9,
            "color": SELECTED_OUTLINE if chosen else OUTLINE,
            "weight": 3 if chosen else 0.8,
            "dashArray": s.get("dash"),
        }


def _packed(styles: dict, tooltips: dict) -> dict:
    """Styles and tooltips without repeats: the distinct fills once (``palette``), each
    shape's as a 1-based index (negative: dashed); the distinct label lists once
    (``heads``), each shape's tooltip as [label list index, text, …]. The map element of the
    332 municipalities stays small (issue 26: ≤ 40 KiB)."""
    palette = sorted({s["fill"] for s in styles.values()})
    heads: list[list[str]] = []
    for rows in tooltips.values():
        labels = [a for a, _ in rows]
        if labels not in heads:
            heads.append(labels)
    return {
        "palette": palette,
        "styles": {
            code: (palette.index(s["fill"]) + 1) * (-1 if s.get("dash") else 1)
            for code, s in styles.items()
        },
        "heads": heads,
        "tips": {
            code: [heads.index([a for a, _ in rows]), *(b for _, b in rows)]
            for code, rows in tooltips.items()
        },
    }


def _bare(fc: dict, key: str | None = None) -> dict:
    """A FeatureCollection with the geometry and (at most) the ``key`` property."""
    features = [
        {
            "type": "Feature",
            "properties": {key: f["properties"][key]} if key else {},
            "geometry": f["geometry"],
        }
        for f in fc.get("features", [])
    ]
    return {"type": "FeatureCollection", "features": features}


class _Selection(MacroElement):
    """Outline ``code`` (or none) on the map's regions layer, in place."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.atlasSelect) { window.atlasSelect({{ this.code|tojson }}); }
        {% endmacro %}
    """)

    def __init__(self, code: str | None) -> None:
        super().__init__()
        self._name = "AtlasSelection"
        self.code = code


def selection_layer(selected: str | None) -> folium.FeatureGroup:
    """st_folium's ``feature_group_to_add`` for a map built without ``selected``: a tiny
    script that outlines ``selected`` (None clears it). When only this changes between two
    reruns, the map keeps its Leaflet instance and the element carries no geometry."""
    group = folium.FeatureGroup(name="selection", control=False)
    group.add_child(_Selection(selected))
    return group


def st_folium_args(fmap: folium.Map, *, selected: str | None = None) -> dict:
    """What to pass to ``st_folium`` (besides key, height, returned_objects, on_change):
    the map, built WITHOUT ``selected``, and the selection as a separate layer."""
    return {"fig": fmap, "feature_group_to_add": selection_layer(selected)}


def offline_map(
    *, asset_base: str | None = None, basemap: bool = False, height: int | None = None
) -> folium.Map:
    """An empty map of Greece whose scripts and styles all come from ``asset_base``
    (default: our Leaflet in static/, under the app's base path)."""
    leaflet_js, leaflet_css = leaflet_urls(asset_base)
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
    m.default_js = [("leaflet", leaflet_js)]
    m.default_css = [("leaflet_css", leaflet_css)]
    m.add_child(_AttributionPrefix())
    if basemap:
        folium.TileLayer(ONLINE_BASEMAP, control=False).add_to(m)
    return m


def choropleth_map(
    spec: ChoroplethSpec,
    regions_geojson: dict | None,
    context_geojson: dict | None,
    *,
    selected: str | None = None,
    asset_base: str | None = None,
    basemap: bool = False,
    height: int | None = None,
    embed: bool = False,
    layer: GeometryLayer | None = None,
    url: str | None = None,
) -> folium.Map:
    """The 13 regions coloured by ``spec``; hover shows the tooltip, click selects.

    By default the geometry is the display file served from static/ (the same bundled
    boundaries, simplified with topology kept): the map element carries no coordinates and
    ``regions_geojson`` is not read; ``context_geojson`` None leaves the land out. With
    ``embed=True`` the given layers are embedded instead (a self-contained page, e.g. for
    ``standalone_html``, or boundaries other than the bundled ones).

    ``selected`` outlines a region inside the map's own script; a page that lets the user
    change the selection should leave it None and pass ``st_folium_args(m, selected=…)``
    to st_folium, so a new selection does not rebuild the map.

    ``layer`` and ``url``: other shapes than the regions (e.g. the municipal units, see
    ``units_map``), from the display file at ``url``."""
    m = offline_map(asset_base=asset_base, basemap=basemap, height=height)
    land = context_geojson is not None and not basemap
    if embed:
        shapes = _Regions(
            spec,
            selected=selected,
            land=land,
            url=None,
            regions_geojson=regions_geojson,
            context_geojson=context_geojson,
            layer=layer,
        )
    else:
        m.default_js = [*m.default_js, ("topojson_client", static_url(TOPOJSON_CLIENT_JS))]
        shapes = _Regions(
            spec,
            selected=selected,
            land=land,
            url=url or display_geometry_url(),
            layer=layer,
        )
    m.add_child(shapes)
    m.add_child(_Legend(spec, SEA_COLOR, layer.bounds if layer else None))
    return m


def units_layer(only: tuple[str, ...] | None = None, bounds=None) -> GeometryLayer:
    """The municipal units (``static/geo/municipalities.topo.json``, key ``unit``) over the
    regions' land; ``only`` the units of one region, fitted to ``bounds``."""
    return GeometryLayer(
        object="units",
        key="unit",
        land_url=display_geometry_url(),
        only=only,
        bounds=bounds,
    )


def units_map(
    spec: ChoroplethSpec,
    *,
    only: tuple[str, ...] | None = None,
    bounds=None,
    height: int | None = None,
    asset_base: str | None = None,
) -> folium.Map:
    """The municipal units coloured by ``spec`` (keyed by unit); the geometry is fetched from
    static/ (never in the map element), the land from the regions' display file."""
    from geo.municipal_units import MUNICIPAL_DISPLAY_PATH

    return choropleth_map(
        spec,
        None,
        {},
        asset_base=asset_base,
        height=height,
        layer=units_layer(only, bounds),
        url=display_geometry_url(MUNICIPAL_DISPLAY_PATH),
    )


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
    """Small fixed-size markers (municipalities, offices); unconfirmed items hollow; a
    point's own ``color`` (a layer's) wins over ``color``."""
    default_color = color
    for p in points:
        tip = tooltip_html([(html.escape(str(a)), html.escape(str(b))) for a, b in p["tooltip"]])
        confirmed = p.get("confirmed", True)
        color = p.get("color", default_color)
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
    """A small text box in a map corner (attribution, size legend): plain HTML, no script.
    Position "legend" puts it inside the choropleth legend's box (so the legend's placement
    accounts for it), or top right when the map has no legend."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var html = {{ this.html|tojson }};
            var position = {{ this.position|tojson }};
            var host = position === 'legend'
                ? map.getContainer().querySelector('.atlas-legend') : null;
            if (host) {
                var inside = L.DomUtil.create('div', 'atlas-note', host);
                inside.style.marginTop = '4px';
                inside.innerHTML = html;
                if (map.atlasFit) { map.atlasFit(); }
                return;
            }
            var box = L.control({position: position === 'legend' ? 'topright' : position});
            box.onAdd = function() {
                var div = L.DomUtil.create('div', 'atlas-note');
                div.innerHTML = html;
                return div;
            };
            box.addTo(map);
            if (map.atlasFit) { map.atlasFit(); }
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
    """Circle-size key (area ∝ value) plus what the two colours mean, inside the legend's
    box (so it moves with the legend and never covers a region)."""
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
            "legend",
        )
    )
