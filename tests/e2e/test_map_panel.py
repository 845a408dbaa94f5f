"""A map rendered the way ``ui.map_panel`` is meant to (tests/e2e/map_panel_app.py): the
geometry comes once from static/, the map element carries no coordinates, and a new
selection restyles the map in place (the browser keeps its Leaflet map) instead of
rebuilding it. A click on a region still selects it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import READY, TIMEOUT_MS
from tests.e2e.server import StreamlitServer, beside_static

pytestmark = pytest.mark.e2e

KIB = 1024
SELECTED = "#d7301f"  # atlas.maps.SELECTED_OUTLINE, read from the page
STROKES_JS = """
() => {
  const out = {};
  document.querySelectorAll('path.leaflet-interactive').forEach(p => {
    out[p.getAttribute('stroke')] = (out[p.getAttribute('stroke')] || 0) + 1;
  });
  return out;
}
"""
SELECTED_CODE_JS = """
(color) => {
  for (const name of Object.keys(window)) {
    const layer = window[name];
    if (!name.startsWith('geo_json_') || !layer || !layer.eachLayer) continue;
    const codes = [];
    layer.eachLayer(l => {
      if (l.options.color === color) codes.push(l.feature.properties.region_code);
    });
    return codes;
  }
  return null;
}
"""


@pytest.fixture(scope="module")
def panel_server(chromium_path, built_db, artifacts, tmp_path_factory):
    script = beside_static("tests/e2e/map_panel_app.py", tmp_path_factory.mktemp("panel"))
    with StreamlitServer(script, db=built_db, log_path=artifacts / "map_panel.log") as server:
        yield server


@pytest.fixture
def tab(browser, panel_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.frames_received = []  # (bytes, is the map element)
    page.geometry = []

    def on_ws(ws) -> None:
        def received(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            page.frames_received.append((len(data), b"streamlit_folium" in data))

        ws.on("framereceived", received)

    page.on("websocket", on_ws)
    page.on(
        "response", lambda r: page.geometry.append(r.url) if "/app/static/geo/" in r.url else None
    )
    page.goto(panel_server.url + "/?lang=en")
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    map_frame(page).locator("path.leaflet-interactive").nth(12).wait_for(state="attached")
    page.wait_for_timeout(1000)
    yield page
    context.close()


def map_frame(page):
    return page.frame_locator("iframe").first


def leaflet_frame(page):
    return next(f for f in page.frames if f.evaluate("() => !!window.map"))


def choose(page, label: str) -> None:
    box = page.locator(".st-key-region input[role='combobox']")
    box.click()
    box.fill(label)
    page.keyboard.press("Enter")


def wait_selected(page, codes: list[str]) -> None:
    for _ in range(60):
        if leaflet_frame(page).evaluate(SELECTED_CODE_JS, SELECTED) == codes:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"selection outline never showed {codes}")


def test_first_load_is_small_and_fetches_the_geometry_once(tab):
    map_bytes = sum(n for n, is_map in tab.frames_received if is_map)
    assert 0 < map_bytes <= 120 * KIB
    assert len([u for u in tab.geometry if "atlas.topo.json" in u]) == 1
    assert leaflet_frame(tab).evaluate(STROKES_JS).get(SELECTED) is None


def test_a_new_selection_keeps_the_leaflet_map(tab):
    frame = leaflet_frame(tab)
    frame.evaluate("() => { window.__kept = 1; }")
    before = len(tab.frames_received)
    choose(tab, "Epirus")
    tab.get_by_text("selected: EL54").wait_for()
    wait_selected(tab, ["EL54"])
    assert leaflet_frame(tab).evaluate("() => window.__kept") == 1  # same map, not rebuilt
    choose(tab, "Crete")
    tab.get_by_text("selected: EL43").wait_for()
    wait_selected(tab, ["EL43"])  # the previous outline is gone
    assert leaflet_frame(tab).evaluate("() => window.__kept") == 1
    sent = tab.frames_received[before:]
    assert sum(n for n, is_map in sent if is_map) <= 2 * 30 * KIB  # no geometry in them
    assert len([u for u in tab.geometry if "atlas.topo.json" in u]) == 1  # not fetched again


def test_a_click_on_a_region_selects_it(tab):
    frame = leaflet_frame(tab)
    point = frame.evaluate(
        """() => {
          for (const name of Object.keys(window)) {
            const layer = window[name];
            if (!name.startsWith('geo_json_') || !layer || !layer.eachLayer) continue;
            let hit = null;
            layer.eachLayer(l => { if (l.feature.properties.region_code === 'EL61') hit = l; });
            const p = hit._map.latLngToContainerPoint(hit.getCenter());
            const box = hit._map.getContainer().getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
          }
        }"""
    )
    box = tab.locator("iframe").first.bounding_box()
    tab.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    tab.get_by_text("selected: EL61").wait_for(timeout=TIMEOUT_MS)
    tab.mouse.move(1, 1)  # while hovered, a region shows the hover outline instead
    wait_selected(tab, ["EL61"])
