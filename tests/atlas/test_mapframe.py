"""atlas.ui.mapframe draws a map as st_folium does, from a render made once: the component
(st_folium's, by its name) receives exactly the arguments st_folium would give it (same
script, header, key, layers, initial value), for the atlas's maps; the selection is not one
of them. Deliberate difference: the links the atlas's frame carries in its head (Leaflet,
topojson-client) are left out of ``js_links``/``css_links``, and the component is served
from that frame (a copy of st_folium's build folder, ``mapframe.frame_folder``)."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

import pytest
import streamlit_folium as sf
from streamlit.components.v1.custom_component import CustomComponent

from atlas import maps
from atlas.ui import mapframe, panels
from atlas.views import explorer as xv
from atlas.views import reception as rv

BUILD = Path(sf.__file__).parent / "frontend" / "build"


@pytest.fixture(autouse=True)
def frames(tmp_path, monkeypatch):
    """Frame folders in a temp folder of the test's own, made afresh by each test."""
    root = tmp_path / "frames"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    mapframe._frame.cache_clear()
    yield root
    mapframe._frame.cache_clear()


@pytest.fixture
def calls(monkeypatch):
    """Every component call: its arguments, and the component's name and folder."""
    seen: list[dict] = []

    def call(self, **kwargs):
        seen.append({**kwargs, "_name": self.name, "_path": self.abspath})
        return kwargs["default"]

    monkeypatch.setattr(CustomComponent, "__call__", call)
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
        moved = {"_path", "js_links", "css_links"}  # the deliberate differences
        for arg in set(expected) - moved - {"on_change"}:
            assert got[arg] == expected[arg], (name, arg)
        assert got["_name"] == expected["_name"] == "streamlit_folium.st_folium"
        assert expected["_path"] == str(BUILD) and got["_path"] != expected["_path"]
        index = (Path(got["_path"]) / "index.html").read_text()
        head = index.split("</head>")[0]
        # what the atlas's maps link is all in the frame: st_folium's loader has nothing left
        assert expected["js_links"] and expected["css_links"]
        assert got["js_links"] == [] and got["css_links"] == []
        for url in expected["js_links"]:
            assert f'<script src="{url}"></script>' in head, (name, url)
        for url in expected["css_links"]:
            assert f'<link rel="stylesheet" href="{url}"/>' in head, (name, url)
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
    # what the frame loads, asked for at once by the page (a11y.js): Leaflet, topojson (in
    # the frame's head), the geometry (the map's script)
    prefetch = markers[0].split('data-prefetch="')[1].split('"')[0].split()
    assert any(u.endswith("leaflet.js") for u in prefetch)
    assert any("atlas.topo.json?v=" in u for u in prefetch)
    frame = (Path(first["_path"]) / "index.html").read_text()
    assert all(u in first["script"] + frame for u in prefetch)


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


# --- the frame ---------------------------------------------------------------------------


def _inlined(index: str) -> str:
    """The text of the last script element of ``index`` (the inlined bundle)."""
    return index.rsplit("<script>", 1)[1].rsplit("</script>", 1)[0]


def test_frame_carries_the_links_under_the_base_path_and_inlines_the_bundle(monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_BASE_URL_PATH", "atlas")
    component, carried = mapframe.component()
    assert component.name == sf._component_func.name
    assert component.module_name == sf._component_func.module_name
    index = (Path(component.abspath) / "index.html").read_text()
    head, body = index.split("</head>")
    assert '<link rel="stylesheet" href="/atlas/app/static/vendor/leaflet/leaflet.css"/>' in head
    assert '<script src="/atlas/app/static/vendor/leaflet/leaflet.js"></script>' in head
    topojson = "/atlas/app/static/vendor/topojson-client/topojson-client.min.js"
    assert f'<script src="{topojson}"></script>' in head
    assert carried == {u for u in re.findall(r'(?:src|href)="([^"]+)"', head)}
    # the bundle: no longer fetched, inlined whole at the end of the body
    original = (BUILD / "index.html").read_text()
    bundle_name = re.search(r'src="\./(static/js/main\.\w+\.js)"', original)[1]
    assert bundle_name not in index.replace(f"./{bundle_name}.map", "")
    inlined = _inlined(body)
    assert "</script" not in inlined.lower()
    bundle = (BUILD / bundle_name).read_text()
    code = bundle.split("//# sourceMappingURL=")[0]
    assert inlined.startswith(code.replace("</script", "<\\/script"))
    assert body.index('id="map_div"') < body.index(inlined)  # after the map's element
    # the other files are real copies (Streamlit refuses links outside the folder)
    copy = Path(component.abspath) / bundle_name
    assert not copy.is_symlink() and copy.read_bytes() == (BUILD / bundle_name).read_bytes()
    # the same under / (another folder: the content differs)
    monkeypatch.delenv("STREAMLIT_SERVER_BASE_URL_PATH")
    plain, _ = mapframe.component()
    plain_index = (Path(plain.abspath) / "index.html").read_text()
    assert plain.abspath != component.abspath and 'href="/app/static/vendor/leaflet' in plain_index


def test_frame_escapes_script_ends_and_refuses_html_comments(tmp_path):
    source = _fake_build(tmp_path / "build", 'var a="</script>",b=/<\\/SCRIPT/;')
    index = mapframe.frame_html(source, ("/s.css",), ("/a.js",))
    assert "</script" not in _inlined(index).lower()
    assert 'var a="<\\/script>",b=/<\\/SCRIPT/;' in index
    _fake_build(source, "var c='<!--';")
    with pytest.raises(ValueError, match="<!--"):
        mapframe.frame_html(source, (), ())
    (source / "index.html").write_text("<html><head></head><body></body></html>")
    with pytest.raises(ValueError, match="index.html"):
        mapframe.frame_html(source, (), ())


def test_frame_folder_is_reused_and_remade_when_the_build_changes(tmp_path, monkeypatch):
    import shutil

    copies = []
    copytree = shutil.copytree
    monkeypatch.setattr(shutil, "copytree", lambda *a, **kw: copies.append(a) or copytree(*a, **kw))
    source = _fake_build(tmp_path / "build", "var x=1;")
    root = tmp_path / "root"
    root.mkdir()
    first = mapframe.frame_folder(source, ("/s.css",), ("/a.js",), root)
    (first / "marker").write_text("kept")
    assert mapframe.frame_folder(source, ("/s.css",), ("/a.js",), root) == first
    assert (first / "marker").read_text() == "kept"  # not made again
    assert [a[0] for a in copies].count(source) == 1
    _fake_build(source, "var x=2;")  # a new streamlit-folium build
    second = mapframe.frame_folder(source, ("/s.css",), ("/a.js",), root)
    assert second != first and "var x=2;" in (second / "index.html").read_text()
    (source / "bootstrap.min.css").write_text("b{}")  # any file of the build counts
    assert mapframe.frame_folder(source, ("/s.css",), ("/a.js",), root) not in (first, second)
    # other links (another base path): another folder
    assert mapframe.frame_folder(source, ("/x/s.css",), ("/a.js",), root) not in (first, second)
    assert sorted(p.name.startswith(mapframe.FRAME_PREFIX) for p in root.iterdir()) == [True] * 4


def test_frame_falls_back_to_st_folium_and_says_so_once(tmp_path, monkeypatch, caplog, calls):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    with caplog.at_level(logging.WARNING, logger="atlas"):
        first, carried = mapframe.component()
        again, _ = mapframe.component()
    assert first is sf._component_func and again is first and carried == frozenset()
    assert len([r for r in caplog.records if "map frame" in r.getMessage()]) == 1
    # every link then goes to st_folium's own loader, as st_folium gives them
    prepared = _prepared(css_links=("/c.css",), js_links=("/j.js",))
    mapframe.draw(
        prepared, None, key="k", component_key="ck", height=1, returned_objects=[], on_change=None
    )
    assert calls[-1]["_path"] == str(BUILD)
    assert calls[-1]["js_links"] == ["/j.js"] and calls[-1]["css_links"] == ["/c.css"]


def test_draw_keeps_links_the_frame_does_not_carry(calls):
    _, js = mapframe.frame_links()
    other = "/app/static/vendor/other/plugin.js"
    prepared = _prepared(css_links=(), js_links=(*js, other))
    mapframe.draw(
        prepared, None, key="k", component_key="ck", height=1, returned_objects=[], on_change=None
    )
    assert calls[-1]["js_links"] == [other] and calls[-1]["_path"] != str(BUILD)


def test_component_is_registered_with_the_server_under_st_folium_name(monkeypatch):
    from streamlit import runtime
    from streamlit.components.lib.local_component_registry import LocalComponentRegistry

    registry = LocalComponentRegistry()
    registry.register_component(sf._component_func)  # declared inside a script run
    server = type("Runtime", (), {"component_registry": registry})()
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: server)
    component, _ = mapframe.component()
    assert registry.get_component_path(sf._component_func.name) == component.abspath
    assert component.abspath != str(BUILD)


def _prepared(**links) -> mapframe.Prepared:
    """A SYNTHETIC render with the given links."""
    return mapframe.Prepared(
        script="s", header="h", html="<div></div>", id="id", bounds={}, zoom=6, **links
    )


def _fake_build(folder: Path, bundle: str) -> Path:
    """A build folder shaped like streamlit-folium's (SYNTHETIC bundle)."""
    (folder / "static" / "js").mkdir(parents=True, exist_ok=True)
    (folder / "static" / "js" / "main.0a1b.js").write_text(
        bundle + "\n//# sourceMappingURL=main.0a1b.js.map"
    )
    (folder / "bootstrap.min.css").write_text("a{}")
    (folder / "index.html").write_text(
        '<!doctype html><html><head><title>T</title><script defer="defer" '
        'src="./static/js/main.0a1b.js"></script></head><body><div id="map_div"></div>'
        "</body></html>"
    )
    return folder
