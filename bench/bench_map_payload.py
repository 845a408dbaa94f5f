"""Bytes a browser receives for a map, and whether a selection change rebuilds Leaflet.

For each app (the atlas's map explorer, and tests/e2e/map_panel_app.py, which renders the map the
way ``ui.map_panel`` is meant to), in headless Chromium started as the e2e tests start it:

- **load**: a fresh browser context (empty HTTP cache) opens the page; counted until the 13
  regions are drawn and the script has finished: websocket bytes (all frames, and the frames
  that carry the st_folium element), and HTTP bodies of the display geometry from static/;
- **reload**: the same context opens the page again (HTTP cache warm);
- **select**: the region selectbox (key "region") is set to Epirus (EL54), a rerun that changes only
  the selection: websocket bytes received for it, the map-element bytes among them, whether
  the map frame kept its Leaflet instance (a marker set in the frame before survives), and
  whether Epirus is drawn with the selection outline afterwards.

Run alone: ``python -m bench.bench_map_payload [--db data/atlas.duckdb]``. Figures, no asserts.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.conftest import CHROMIUM_ARGS, READY, find_chromium
from tests.e2e.server import ROOT, StreamlitServer, beside_static

TIMEOUT_MS = 90_000
SELECTED_STROKE = "#d7301f"  # atlas.maps.SELECTED_OUTLINE (not imported: measure the page)
PROBE_JS = "() => { window.__bench_probe = 42; return true; }"
SELECTED_JS = """
(code) => {
  for (const name of Object.keys(window)) {
    const layer = window[name];
    if (!name.startsWith('geo_json_') || !layer || !layer.eachLayer) continue;
    let stroke = null;
    layer.eachLayer(l => {
      if (l.feature && l.feature.properties.region_code === code) stroke = l.options.color;
    });
    if (stroke !== null) return stroke;
  }
  return null;
}
"""


def _is_map_element(data: bytes) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(data)
    except Exception:  # noqa: BLE001 - not a ForwardMsg we can read: not the map
        return False
    if msg.WhichOneof("type") == "ref_hash":
        return False
    return (
        msg.WhichOneof("type") == "delta"
        and msg.delta.WhichOneof("type") == "new_element"
        and msg.delta.new_element.WhichOneof("type") == "component_instance"
        and "folium" in msg.delta.new_element.component_instance.component_name
    )


class Recorder:
    """Websocket frames and static-geometry responses of one tab, with a movable mark."""

    def __init__(self, page) -> None:
        self.frames: list[tuple[int, bool]] = []
        self.geometry: list[tuple[str, int, int, int]] = []  # path, status, body, on the wire
        page.on("websocket", self._on_ws)
        page.on("response", self._on_response)

    def _on_ws(self, ws) -> None:
        def received(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            self.frames.append((len(data), _is_map_element(data)))

        ws.on("framereceived", received)

    def _on_response(self, response) -> None:
        path = urlsplit(response.url).path
        if path.startswith("/app/static/") and "/vendor/" not in path:
            try:
                size = len(response.body())
            except Exception:  # noqa: BLE001 - a 304 has no body
                size = 0
            # bytes on the wire (gzip); Chromium reports a negative size for a cache hit
            wire = max(0, response.request.sizes().get("responseBodySize", size))
            self.geometry.append((path, response.status, size, wire))

    def since(self, frame_mark: int, geo_mark: int) -> dict:
        frames = self.frames[frame_mark:]
        return {
            "ws_bytes": sum(n for n, _ in frames),
            "map_element_bytes": sum(n for n, is_map in frames if is_map),
            "map_element_frames": sum(1 for _, is_map in frames if is_map),
            "geometry_http": self.geometry[geo_mark:],
        }


def _map_frame(page):
    for frame in page.frames:
        try:
            if frame.evaluate("() => !!window.map && !!window.L"):
                return frame
        except Exception:  # noqa: BLE001 - detached or cross-origin frame
            continue
    return None


def _wait_map(page) -> None:
    paths = page.frame_locator("iframe").first.locator("path.leaflet-interactive")
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    while paths.count() < 13:
        if time.perf_counter() > deadline:
            raise TimeoutError("the map did not draw 13 regions")
        page.wait_for_timeout(50)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.wait_for_timeout(1500)  # late frames (component value, cached-message refs)


def _select_region(page, label: str) -> None:
    box = page.locator(".st-key-region input[role='combobox']")
    box.click()
    box.fill(label)
    page.keyboard.press("Enter")
    try:
        page.wait_for_selector('[data-test-script-state="running"]', timeout=3000)
    except Exception:  # noqa: BLE001 - the run may already be over
        pass
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        rec = Recorder(page)
        page.goto(url)
        _wait_map(page)
        load = rec.since(0, 0)
        frame_mark, geo_mark = len(rec.frames), len(rec.geometry)

        frame = _map_frame(page)
        frame.evaluate(PROBE_JS)
        _select_region(page, "Epirus")
        select = rec.since(frame_mark, geo_mark)
        frame = _map_frame(page)
        select["leaflet_kept"] = bool(frame and frame.evaluate("() => window.__bench_probe"))
        select["selected_stroke"] = frame.evaluate(SELECTED_JS, "EL54") if frame else None
        select["selected_drawn"] = select["selected_stroke"] == SELECTED_STROKE
        page.close()

        again = context.new_page()
        rec2 = Recorder(again)
        again.goto(url)
        _wait_map(again)
        reload = rec2.since(0, 0)
        again.close()
    finally:
        context.close()
    return {"load": load, "reload": reload, "select": select}


def render_bytes(db: Path) -> dict:
    """The explorer's default map as its component receives it (script, HTML and header), in
    this process: as the atlas sends it (geometry from static/, styles and tooltips only) and,
    as the baseline of the same run, with the regions' GeoJSON embedded (how st_folium sent
    every map before)."""
    import duckdb

    from atlas import classify, config, maps
    from atlas import db as atlas_db
    from atlas.ui import mapframe
    from atlas.views import explorer as xv
    from atlas.views import overview as ov
    from geo import boundaries

    con = duckdb.connect(str(db), read_only=True)
    try:

        def run(sql, params=()):
            return atlas_db.execute(con, sql, params)

        period = ov.population_period(run)
        view = xv.explorer_view(
            run, config.POPULATION_INDICATOR, period, "value", classify.SCHEMES[0], "en"
        )
    finally:
        con.close()
    context = boundaries.context_geojson()
    out = {}
    for name, layer, embed in (("static", None, False), ("embedded", True, True)):
        regions = boundaries.regions_geojson() if layer else None
        fmap = maps.choropleth_map(view.map.choropleth, regions, context, embed=embed)
        p = mapframe.prepare(fmap)
        out[name] = len((p.script + p.html + p.header).encode())
    return out


def run(db: Path, log_dir: Path, apps: dict[str, tuple[str, str]] | None = None) -> dict:
    """``apps``: name → (script, path). Default: the atlas's explorer and the panel app."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if not chromium:
        return {"skipped": "no Chromium found"}
    apps = apps or {
        "atlas map explorer": ("dashboard.py", "/map_explorer?lang=en"),
        "map_panel app": ("tests/e2e/map_panel_app.py", "/?lang=en"),
    }
    out: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for name, (script, path) in apps.items():
                if not (ROOT / script).is_file():
                    out[name] = {"skipped": f"{script} not found"}
                    continue
                log = log_dir / f"{Path(script).stem}.log"
                if script != "dashboard.py":
                    script = beside_static(script, log_dir / f"{Path(script).stem}_app")
                with StreamlitServer(script, db=db, log_path=log) as srv:
                    try:
                        out[name] = measure(browser, srv.url + path)
                    except Exception as exc:  # noqa: BLE001 - a failure is a result too
                        out[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    print(json.dumps(run(args.db.resolve(), args.log_dir), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
