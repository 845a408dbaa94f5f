"""atlas.ui.mapframe draws a map as st_folium does, from a render made once: the component
receives exactly the arguments st_folium would give it (same script, header, key, layers,
links, initial value), for the atlas's maps; the selection is not one of them."""

from __future__ import annotations

import pytest
import streamlit_folium as sf

from atlas import maps
from atlas.ui import mapframe, panels
from atlas.views import explorer as xv
from atlas.views import reception as rv


@pytest.fixture
def calls(monkeypatch):
    seen: list[dict] = []

    def component(**kwargs):
        seen.append(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(sf, "_component_func", component)
    return seen


def specs(run):
    periods = xv.period_choice(run, "arrivals", "en").options
    explorer = xv.explorer_view(run, "arrivals", periods[0], "per_1000", "quantiles", "el")
    days = rv.site_choices(run, "en")[0].options
    sites = rv.sites_view(run, days[0], rv.site_choices(run, "en")[1].options[0], "en")
    return {"explorer": explorer.map, "sites": sites.map}


@pytest.mark.parametrize("selected", [None, "EL54"])
@pytest.mark.parametrize("clickable", [False, True])
def test_same_component_call_as_st_folium(run, calls, selected, clickable):
    returned = ["last_active_drawing"] if clickable else []
    for name, spec in specs(run).items():
        real = _real_map(spec)
        sf.st_folium(
            real,
            key="the_map",
            height=480,
            use_container_width=True,
            returned_objects=returned,
        )
        prepared, component_key = panels._prepare_map(spec, "the_map", 480, False)
        mapframe.draw(
            prepared,
            None,  # the selection travels on the map's marker (ui.map_panel), not the map
            key="the_map",
            component_key=component_key,
            height=480,
            returned_objects=returned,
            on_change=None,
        )
        expected, got = calls[-2], calls[-1]
        assert set(expected) == set(got), name
        for arg in expected:
            if arg != "on_change":
                assert got[arg] == expected[arg], (name, arg)
        assert got["script"] and "atlasSelect" in got["script"] and got["feature_group"] is None


def test_map_element_does_not_depend_on_the_selection(run, calls, monkeypatch):
    """A new selection changes the map's marker (data-selected-code), not one argument of
    the map element: Streamlit then sends only the element's hash, the frame keeps Leaflet."""
    import streamlit as st

    from atlas.ui import accessible

    markers: list[str] = []
    monkeypatch.setattr(st, "html", lambda body, **kw: markers.append(body))
    monkeypatch.setattr(st, "rerun", lambda: None)
    monkeypatch.setattr(accessible, "lang", lambda: "en")
    spec = specs(run)["explorer"]
    for code in ("EL54", "EL43", None):
        monkeypatch.setitem(st.session_state, "region", code)
        panels.map_panel(spec, "the_map", selected=code, clickable=True)
    first = {k: v for k, v in calls[0].items() if k != "on_change"}
    assert all({k: v for k, v in c.items() if k != "on_change"} == first for c in calls[1:])
    assert [m.count('data-selected-code="EL54"') for m in markers] == [1, 0, 0]
    assert 'data-selected-code="EL43"' in markers[1] and 'data-selected-code=""' in markers[2]
    # the frame's chain, asked for at once by the page (a11y.js): Leaflet, topojson, geometry
    prefetch = markers[0].split('data-prefetch="')[1].split('"')[0].split()
    assert any(u.endswith("leaflet.js") for u in prefetch)
    assert any("atlas.topo.json?v=" in u for u in prefetch)
    assert all(
        u in first["script"] + str(first["js_links"]) + str(first["css_links"]) for u in prefetch
    )


def _real_map(spec):
    """The folium map ui.map_panel built before it cached the render."""
    from atlas.ui.data import context_geojson

    fmap = maps.choropleth_map(spec.choropleth, None, context_geojson(), height=480)
    if spec.circles:
        maps.add_site_circles(fmap, spec.circles)
        if spec.size_legend:
            s = spec.size_legend
            maps.add_size_legend(
                fmap, s.title, s.sizes, s.max_value, s.capacity_label, s.occupancy_label
            )
    if spec.points:
        maps.add_point_markers(fmap, spec.points)
    if spec.note:
        maps.add_note(fmap, spec.note)
    return fmap


def test_static_urls_follow_the_base_path(run, monkeypatch):
    spec = specs(run)["explorer"]
    monkeypatch.setenv("STREAMLIT_SERVER_BASE_URL_PATH", "atlas")
    prepared, _ = panels._prepare_map(spec, "the_map", 480, False)
    assert prepared.js_links and all(u.startswith("/atlas/app/static/") for u in prepared.js_links)
    assert all(u.startswith("/atlas/app/static/") for u in prepared.css_links)
    assert '"/atlas/app/static/geo/atlas.topo.json?v=' in prepared.script
    monkeypatch.delenv("STREAMLIT_SERVER_BASE_URL_PATH")
    plain, _ = panels._prepare_map(spec, "the_map", 480, False)
    assert all(u.startswith("/app/static/") for u in plain.js_links)


def test_the_compared_maps_have_point_layers(run):
    sites = specs(run)["sites"]
    assert sites.circles and sites.size_legend  # the sites map draws circles and their key
