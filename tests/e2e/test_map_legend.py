"""The map legend never covers a region (issue #18): at a phone, a 1024 px window with the
sidebar open, and a 1920 px screen, on the overview and the map explorer, the legend's box
intersects no region path's box, and it lies inside the map."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import READY, TIMEOUT_MS

pytestmark = pytest.mark.e2e

WIDTHS = (360, 1024, 1920)
PAGES = ("/?lang=en", "/map_explorer?lang=el")

BOXES_JS = """
() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  const legend = document.querySelector('.atlas-legend');
  return {
    map: box(document.querySelector('.leaflet-container')),
    legend: legend ? box(legend) : null,
    regions: Array.from(document.querySelectorAll('path.leaflet-interactive')).map(box),
  };
}
"""


def overlap(a, b) -> float:
    """Area shared by two [left, top, right, bottom] boxes (0 when they only touch)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)


def settled_boxes(frame) -> dict:
    """The boxes once the map has stopped moving (the legend is placed when leaflet.css has
    applied, and again when the frame gets its final width)."""
    last = None
    for _ in range(40):
        boxes = frame.evaluate(BOXES_JS)
        if boxes == last and len(boxes["regions"]) == 13:
            return boxes
        last = boxes
        frame.page.wait_for_timeout(250)
    return last


@pytest.mark.parametrize("width", WIDTHS)
def test_legend_covers_no_region(browser, app_server, artifacts, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        for path in PAGES:
            tab = context.new_page()
            tab.goto(app_server.url + path)
            tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
            tab.frame_locator("iframe").first.locator("path.leaflet-interactive").nth(12).wait_for(
                state="attached", timeout=TIMEOUT_MS
            )
            frame = next(f for f in tab.frames if f.evaluate("() => !!window.map"))
            boxes = settled_boxes(frame)
            name = f"legend_{path.strip('/?').split('?')[0] or 'overview'}_{width}.png"
            tab.locator("iframe").first.screenshot(path=str(artifacts / name))
            legend, map_box = boxes["legend"], boxes["map"]
            assert legend is not None, path
            assert len(boxes["regions"]) == 13, path
            # inside the map (not cut off) ...
            assert map_box[0] <= legend[0] and legend[2] <= map_box[2], (path, legend, map_box)
            assert map_box[1] <= legend[1] and legend[3] <= map_box[3], (path, legend, map_box)
            # ... and clear of every region's box
            hits = [r for r in boxes["regions"] if overlap(legend, r) > 0]
            assert hits == [], (path, width, legend, hits)
            # Greece is not shrunk to nothing to make room: it spans most of one dimension
            left = min(r[0] for r in boxes["regions"])
            right = max(r[2] for r in boxes["regions"])
            top = min(r[1] for r in boxes["regions"])
            bottom = max(r[3] for r in boxes["regions"])
            assert (right - left) > 0.5 * (map_box[2] - map_box[0]) or (bottom - top) > 0.5 * (
                map_box[3] - map_box[1]
            ), (path, width)
            tab.close()
    finally:
        context.close()
