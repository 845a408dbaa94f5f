"""Browser figures in headless Chromium (offline, as the e2e tests launch it):

- time to first map paint (map explorer, then the overview on the same server; the first
  session after the start is the explorer's): from ``goto`` to 13 Leaflet region paths in the
  map frame, against
  a bare Streamlit "hello" app (bench/hello_app.py) started the same way, timed to its text;
- bytes for the map per page load: HTTP response bodies by kind (st_folium component HTML/JS,
  Leaflet from static/, Streamlit's own bundle) plus websocket bytes, of which the frames
  carrying the st_folium element (the map's HTML with the GeoJSON embedded) are counted
  separately;
- peak memory (VmHWM) of each server process, read from /proc.

Every page load uses a fresh browser context (empty HTTP cache), so figures are "first visit".
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.conftest import CHROMIUM_ARGS, READY, find_chromium
from tests.e2e.server import StreamlitServer

MAP_URL = "/map_explorer?lang=en"
OVERVIEW_URL = "/?lang=en"  # the overview (default page): key figures and the population map
LOADS = 5
TIMEOUT_MS = 90_000


def _kind(url: str) -> str:
    path = urlsplit(url).path
    if "/component/" in path and "folium" in path:
        return "st_folium component (HTML/JS)"
    if "/app/static/vendor/leaflet" in path:
        return "Leaflet (static/vendor)"
    if "/app/static/" in path:
        return "other static/"
    if path.endswith((".js", ".css", ".woff2", ".woff", ".ttf", ".svg", ".png", ".ico")):
        return "Streamlit frontend bundle"
    return "other HTTP"


def _load(browser, url: str, until) -> dict:
    """One page load in a fresh context: seconds until ``until(page)`` and bytes by kind."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sizes: dict[str, int] = {}
    ws_bytes = {"all": 0, "map_element": 0}
    responses = []
    page.on("response", lambda r: responses.append(r))

    def on_ws(ws) -> None:
        def received(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            ws_bytes["all"] += len(data)
            msg = ForwardMsg()
            try:
                msg.ParseFromString(data)
            except Exception:  # noqa: BLE001 - a frame we cannot parse still counts in 'all'
                return
            if (
                msg.WhichOneof("type") == "delta"
                and msg.delta.WhichOneof("type") == "new_element"
                and msg.delta.new_element.WhichOneof("type") == "component_instance"
                and "folium" in msg.delta.new_element.component_instance.component_name
            ):
                ws_bytes["map_element"] += len(data)

        ws.on("framereceived", received)

    page.on("websocket", on_ws)
    started = time.perf_counter()
    try:
        page.goto(url)
        until(page)
        seconds = time.perf_counter() - started
        page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    except Exception as exc:  # noqa: BLE001 - a failed load is a figure too, not a crash
        context.close()
        return {
            "seconds": None,
            "http": {},
            "ws": {"all": 0, "map_element": 0},
            "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}",
        }
    for r in responses:
        try:
            body = r.body()
        except Exception:  # noqa: BLE001 - redirects/aborted requests have no body
            continue
        sizes[_kind(r.url)] = sizes.get(_kind(r.url), 0) + len(body)
    context.close()
    return {"seconds": seconds, "http": sizes, "ws": ws_bytes}


def _map_painted(page) -> None:
    paths = page.frame_locator("iframe").first.locator("path.leaflet-interactive")
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    while paths.count() < 13:  # attached to the map; Leaflet draws all 13 in one pass
        if time.perf_counter() > deadline:
            raise TimeoutError("the map did not draw 13 regions")
        page.wait_for_timeout(25)


def _hello_painted(page) -> None:
    page.get_by_text("Hello", exact=True).wait_for(timeout=TIMEOUT_MS)


def _series(
    browser, server: StreamlitServer, path: str, until, loads: int, first: dict | None = None
) -> dict:
    if first is None:
        first = _load(browser, server.url + path, until)  # first session after the start
    runs = [_load(browser, server.url + path, until) for _ in range(loads)]
    ok = [r for r in runs if r["seconds"] is not None]
    return {
        "first": first,
        "runs": ok,
        "failed": [r["error"] for r in runs if "error" in r],
        "median": statistics.median(r["seconds"] for r in ok) if ok else float("nan"),
        "rss": server.rss_kb(),
    }


def run(db: Path, log_dir: Path, loads: int = LOADS) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if not chromium:
        return {"skipped": "no Chromium found"}
    out: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            with StreamlitServer("bench/hello_app.py", log_path=log_dir / "hello.log") as srv:
                out["hello"] = _series(browser, srv, "/", _hello_painted, loads)
            with StreamlitServer(db=db, log_path=log_dir / "atlas.log") as srv:
                out["map"] = _series(browser, srv, MAP_URL, _map_painted, loads)
                out["overview"] = _series(
                    browser, srv, OVERVIEW_URL, _map_painted, loads, first=out["map"]["first"]
                )
        finally:
            browser.close()
    out["chromium"] = chromium
    return out
