"""The Municipalities page in a real Chromium: from a regional map to the region's
municipalities, a click on one, its card; the geometry comes from static/, not the websocket."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import READY, TIMEOUT_MS, open_page, problems_on
from tests.e2e.test_app import click_region, expect, widget

pytestmark = pytest.mark.e2e

UNIT_POINT_JS = """
(el, unit) => {
  // a point of the page where the unit's own path is on top (a centroid may fall in a lake)
  const w = el.ownerDocument.defaultView;
  for (const name of Object.keys(w)) {
    const layer = w[name];
    if (!name.startsWith('geo_json_') || !layer || !layer.eachLayer) continue;
    let hit = null;
    layer.eachLayer(l => { if (l.feature && l.feature.properties.unit === unit) hit = l; });
    if (!hit) continue;
    const box = hit._path.getBoundingClientRect();
    const doc = el.ownerDocument, all = [...doc.querySelectorAll('path.leaflet-interactive')];
    const inside = (x, y) => [[0, 0], [4, 0], [-4, 0], [0, 4], [0, -4]].every(
      d => doc.elementFromPoint(x + d[0], y + d[1]) === hit._path);
    let best = null;  // the point nearest the box's centre with the unit all around it
    for (let fy = 0.05; fy < 1; fy += 0.05) {
      for (let fx = 0.05; fx < 1; fx += 0.05) {
        const x = box.left + box.width * fx, y = box.top + box.height * fy;
        const d = Math.hypot(fx - 0.5, fy - 0.5);
        if (inside(x, y) && (!best || d < best.d)) best = {d: d, x: x, y: y};
      }
    }
    if (best) return {index: all.indexOf(hit._path), x: best.x - box.left, y: best.y - box.top};
  }
  return null;
}
"""
PATHS = "path.leaflet-interactive"


def test_region_map_to_municipality_to_card(page, artifacts):
    geometry = []
    page.on("response", lambda r: "municipalities.topo.json" in r.url and geometry.append(r))
    open_page(page, "/map_explorer?lang=en")
    click_region(page, "EL54")  # Epirus
    expect()(page).to_have_url(re.compile(r"[?&]region=EL54\b"), timeout=TIMEOUT_MS)
    button = widget(page, "show_municipalities").locator("button")
    expect()(button).to_be_visible()
    button.click()
    expect()(page).to_have_url(re.compile(r"/municipalities\?"), timeout=15_000)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    frame = page.frame_locator("iframe").first
    frame.locator(PATHS).first.wait_for(timeout=TIMEOUT_MS)
    # only Epirus' 18 units are drawn
    expect()(frame.locator(PATHS)).to_have_count(18, timeout=TIMEOUT_MS)
    assert geometry and geometry[0].ok  # fetched from static/, once
    page.wait_for_timeout(1500)  # the legend's placement refits the map once
    # Scrolled into view first, as a person would: Playwright's own scroll right before
    # the click loses the click in Leaflet's frame (seen at 1024 and 1400 px)
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    point = frame.locator(PATHS).first.evaluate(UNIT_POINT_JS, "9084")  # Ioannina (Ιωαννιτών)
    assert point, "no Leaflet layer for unit 9084"
    target = frame.locator(PATHS).nth(point["index"])
    target.click(position={"x": point["x"], "y": point["y"]})
    expect()(page).to_have_url(re.compile(r"[?&]municipality=9084\b"), timeout=TIMEOUT_MS)
    card = page.get_by_role("heading", name=re.compile(r"^Card: "))
    expect()(card).to_be_visible(timeout=TIMEOUT_MS)
    expect()(page.get_by_text("Ιωαννιτών / Ioannina")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert "has none" not in text
    assert "no record in the atlas" in text or "known to have" in text
    assert problems_on(page) == []
    page.screenshot(path=str(artifacts / "municipal_card_9084.png"), full_page=True)


def test_shared_url_opens_the_same_municipal_view(page):
    open_page(page, "/municipalities?lang=el&region=EL41&mlayer=change_2011_2021&municipality=9261")
    frame = page.frame_locator("iframe").first
    frame.locator(PATHS).first.wait_for(timeout=TIMEOUT_MS)
    expect()(frame.locator(".atlas-legend")).to_contain_text("Μεταβολή")
    expect()(page.get_by_role("heading", name=re.compile("Καρτέλα"))).to_be_visible()
    # the merged unit's card names both municipalities it holds
    expect()(page.get_by_text("Μυτιλήνης / Mytilene")).to_be_visible(timeout=TIMEOUT_MS)
    expect()(page.get_by_text("Δυτικής Λέσβου / West Lesvos")).to_be_visible()
