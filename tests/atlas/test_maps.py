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
    data = region_layer(m).data
    codes = [f["properties"]["region_code"] for f in data["features"]]
    assert sorted(codes) == sorted(REGION_CODES)
    tips = {f["properties"]["region_code"]: f["properties"]["tooltip"] for f in data["features"]}
    assert (
        "&lt;b&gt;bold&lt;/b&gt;" in tips[REGION_CODES[0]]
        and "<b>bold" not in tips[REGION_CODES[0]]
    )
    assert "no data" in tips[REGION_CODES[-1]]


def test_styles_follow_the_spec_and_selection(spec, geojson):
    m = maps.choropleth_map(spec, geojson, None, selected="EL54")
    layer = region_layer(m)
    feature = {"properties": {"region_code": "EL54"}}
    style = layer.style_function(feature)
    assert style["fillColor"] == spec.colors["EL54"] and style["weight"] == 3
    other = layer.style_function({"properties": {"region_code": "EL30"}})
    assert other["weight"] < 3
    nodata = layer.style_function({"properties": {"region_code": REGION_CODES[-1]}})
    assert nodata["fillColor"] == classify.NO_DATA_COLOR and nodata["dashArray"]


def test_legend_is_in_the_map_and_escaped(spec, geojson):
    m = maps.choropleth_map(spec, geojson, None)
    assert "atlas-legend" in maps.standalone_html(m)
    legend = [c for c in m._children.values() if isinstance(c, maps._Legend)]
    assert len(legend) == 1
    assert "Test &lt;i&gt;title&lt;/i&gt;" in legend[0].html and "<i>" not in legend[0].html
    for item in spec.legend:
        assert item.color in legend[0].html and item.label in legend[0].html


def test_greece_is_framed(spec, geojson):
    html = maps.standalone_html(maps.choropleth_map(spec, geojson, None))
    assert "fitBounds" in html
