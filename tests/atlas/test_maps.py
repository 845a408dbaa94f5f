import json
import re

import pandas as pd
import pytest

from atlas import classify, maps
from geo import boundaries
from geo.regions import REGION_CODES


@pytest.fixture(scope="module")
def geojson():
    return json.loads(boundaries.REGIONS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def context():
    return json.loads(boundaries.CONTEXT_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spec():
    frame = pd.DataFrame(
        {
            "region_code": list(REGION_CODES),
            "name": list(REGION_CODES),
            "value": [float(i) for i in range(12)] + [float("nan")],
            "qualifier": ["="] * 13,
            "value_high": [float("nan")] * 13,
        }
    )
    frame.loc[0, "name"] = "<b>bold</b>"
    return classify.choropleth_spec(frame, lang="en", title="Test <i>title</i>", unit="persons")


def region_layer(m):
    layers = [c for c in m._children.values() if getattr(c, "layer_name", "") == "regions"]
    assert len(layers) == 1
    return layers[0]


def test_no_external_scripts_or_styles(spec, geojson, context):
    m = maps.choropleth_map(spec, geojson, context)
    assert maps.external_urls(m) == []
    html = maps.standalone_html(m)
    assert not re.findall(r"<script[^>]+src=[\"']https?://", html)
    assert not re.findall(r"<link[^>]+href=[\"']https?://", html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_no_tiles_by_default_and_opt_in_basemap(spec, geojson):
    default = maps.standalone_html(maps.choropleth_map(spec, geojson, None))
    assert "tileLayer" not in default
    online = maps.standalone_html(maps.choropleth_map(spec, geojson, None, basemap=True))
    assert "tileLayer" in online


def test_thirteen_regions_with_tooltips(spec, geojson, context):
    m = maps.choropleth_map(spec, geojson, context)
    layer = region_layer(m)
    assert sorted(layer.tooltips) == sorted(REGION_CODES)
    tips = {code: maps.tooltip_html(rows) for code, rows in layer.tooltips.items()}
    assert (
        "&lt;b&gt;bold&lt;/b&gt;" in tips[REGION_CODES[0]]
        and "<b>bold" not in tips[REGION_CODES[0]]
    )
    assert "no data" in tips[REGION_CODES[-1]]
    # In the page: the rows travel as JSON that cannot close the script element.
    html = maps.standalone_html(m)
    assert "&lt;b&gt;bold" not in html  # '&' and '<' are \u-escaped inside the script
    assert "\\u0026lt;b\\u0026gt;bold" in html and "<b>bold" not in html


def test_the_map_carries_no_geometry_and_fetches_the_display_file(spec, geojson, context):
    m = maps.choropleth_map(spec, geojson, context)
    html = maps.standalone_html(m)
    assert len(html) < 20_000  # colours, tooltips, legend; no coordinates
    url = maps.display_geometry_url()
    assert url.startswith("/app/static/geo/atlas.topo.json?v=") and url in html
    assert maps.TOPOJSON_CLIENT_JS in html
    assert maps.DISPLAY_FILE == boundaries.DISPLAY_PATH  # what the build writes
    assert (maps.config.STATIC_DIR / maps.TOPOJSON_CLIENT_JS.removeprefix("/app/static/")).is_file()


def test_the_display_url_changes_with_the_file(tmp_path, monkeypatch):
    copy = tmp_path / "atlas.topo.json"
    copy.write_bytes(maps.DISPLAY_FILE.read_bytes())
    monkeypatch.setattr(maps, "DISPLAY_FILE", copy)
    before = maps.display_geometry_url()
    copy.write_bytes(copy.read_bytes() + b" ")
    assert maps.display_geometry_url() != before


def test_embedded_map_carries_the_given_geometry(spec, geojson, context):
    m = maps.choropleth_map(spec, geojson, context, embed=True)
    layer = region_layer(m)
    assert layer.url is None
    assert [f["properties"] for f in layer.regions["features"]] == [
        {"region_code": c} for c in REGION_CODES
    ]
    assert len(layer.land["features"]) == 1
    html = maps.standalone_html(m)
    assert "atlas.topo.json" not in html and "topojson" not in html
    assert len(html) > 150_000


def test_styles_follow_the_spec_and_selection(spec, geojson):
    m = maps.choropleth_map(spec, geojson, None, selected="EL54")
    layer = region_layer(m)
    style = layer.style("EL54")
    assert style["fillColor"] == spec.colors["EL54"] and style["weight"] == 3
    assert style["color"] == maps.SELECTED_OUTLINE
    other = layer.style("EL30")
    assert other["weight"] < 3 and other["color"] == maps.OUTLINE
    nodata = layer.style(REGION_CODES[-1])
    assert nodata["fillColor"] == classify.NO_DATA_COLOR and nodata["dashArray"]
    assert layer.look["land"] is None  # no context given: no land layer


def test_selection_is_a_separate_layer_and_leaves_the_map_unchanged(spec, geojson, context):
    from streamlit_folium import _get_feature_group_string, generate_leaflet_string

    def parts(selected):
        m = maps.choropleth_map(spec, geojson, context)
        args = maps.st_folium_args(m, selected=selected)
        assert args["fig"] is m
        m.get_root().render()
        script = generate_leaflet_string(m)  # what st_folium hashes into the element key
        group = _get_feature_group_string(args["feature_group_to_add"], m)
        return script, group

    script_a, group_a = parts("EL54")
    script_b, group_b = parts("EL30")
    script_none, group_none = parts(None)
    assert script_a == script_b == script_none
    assert 'atlasSelect("EL54")' in group_a and 'atlasSelect("EL30")' in group_b
    assert "atlasSelect(null)" in group_none
    assert len(group_a) < 1_000


def test_js_literal_cannot_close_a_script_element():
    text = maps.js_literal({"a": "</script><b>x & 'y'</b>", "ελ": "Αθήνα\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert "Αθήνα" in text  # UTF-8 kept, not \uXXXX
    assert json.loads(text) == {"a": "</script><b>x & 'y'</b>", "ελ": "Αθήνα\u2028"}


def test_regions_bounds_are_the_regions_box():
    bounds = boundaries.load_regions().total_bounds  # lon_min, lat_min, lon_max, lat_max
    (south, west), (north, east) = maps.REGIONS_BOUNDS
    assert west <= bounds[0] < west + 0.05 and south <= bounds[1] < south + 0.05
    assert east - 0.05 < bounds[2] <= east and north - 0.05 < bounds[3] <= north


def test_legend_is_in_the_map_and_escaped(spec, geojson):
    m = maps.choropleth_map(spec, geojson, None)
    html = maps.standalone_html(m)
    assert "atlas-legend" in html
    assert "\\u003ci\\u003e" not in html  # the title's <i> arrives escaped as &lt;i&gt;
    legend = [c for c in m._children.values() if isinstance(c, maps._Legend)]
    assert len(legend) == 1
    assert "Test &lt;i&gt;title&lt;/i&gt;" in legend[0].html and "<i>" not in legend[0].html
    for item in spec.legend:
        assert item.color in legend[0].html and item.label in legend[0].html


def test_greece_is_framed_with_room_for_the_legend(spec, geojson):
    html = maps.standalone_html(maps.choropleth_map(spec, geojson, None))
    assert "fitBounds" in html and json.dumps(maps.REGIONS_BOUNDS) in html
    assert "paddingBottomRight" in html


def test_size_legend_goes_inside_the_legend_box(spec, geojson):
    m = maps.choropleth_map(spec, geojson, None)
    maps.add_size_legend(m, "Persons", [(100.0, "100")], 100.0, "Capacity", "Occupancy")
    notes = [c for c in m._children.values() if isinstance(c, maps._Note)]
    assert [n.position for n in notes] == ["legend"]


def test_leaflet_is_credited_in_plain_words_without_the_flag(spec, geojson):
    """Leaflet 1.9's default attribution prefix carries a flag icon (an inline SVG); the map
    sets a plain 'Leaflet' credit instead (issue 25)."""
    html = maps.standalone_html(maps.choropleth_map(spec, geojson, None))
    prefix = re.search(r"attributionControl\.setPrefix\((.*?)\);", html)
    assert prefix is not None
    credit = json.loads(prefix.group(1))
    assert re.sub(r"<[^>]+>", "", credit) == "Leaflet"
    assert "svg" not in credit.lower()
    # the map that point layers start from (reception sites, municipalities) too
    assert "setPrefix" in maps.standalone_html(maps.offline_map())
