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

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.conftest import CHROMIUM_ARGS, READY, find_chromium
from tests.e2e.server import ROOT, StreamlitServer

MAP_URL = "/map_explorer?lang=en"
OVERVIEW_URL = "/?lang=en"  # the overview (default page): key figures and the population map
# Every page with a map: (key in the results, name in the report, path). The first session
# after the start is the map explorer's (the heaviest page).
PAGES = (
    ("map", "map explorer", MAP_URL),
    ("overview", "overview", OVERVIEW_URL),
    ("profile", "region profile (Crete)", "/region_profile?lang=en&region=EL43"),
    ("reception", "reception", "/reception?lang=en"),
    ("helios", "HELIOS", "/helios?lang=en"),
    ("timelines", "timelines", "/timelines?lang=en"),
)
OPTIONAL_PAGES = (  # pages that land later on main: measured when the page exists
    ("municipalities", "municipalities", "/municipalities?lang=en", "pages/municipalities.py"),
    ("activities", "activities", "/activities?lang=en", "pages/activities.py"),
)
TARGET = 1.45  # the floor of a bare st_folium page is 1.37-1.43x hello (TECH-NOTES)
LOADS = 5
TIMEOUT_MS = 90_000
WATERFALL_MIN_BYTES = 50 * 1024
NO_MAP_S = 3.0  # a finished script and no map frame this long: the page has no map
NO_MAP = "no map in this build (no data)"  # such a page is reported so, not as "not met"


class NoMap(LookupError):
    """The page finished without a map frame: this build has no data for its map (the
    bundled data has no activity reports, for one). Not a slow page: not measured."""


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
    started = time.perf_counter()
    sizes: dict[str, int] = {}
    ws_bytes = {"all": 0, "map_element": 0}
    responses = []
    finished: list[tuple[float, str]] = []  # (seconds from goto, url) of every request done
    page.on("response", lambda r: responses.append(r))
    page.on("requestfinished", lambda r: finished.append((time.perf_counter() - started, r.url)))

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
            "no_map": isinstance(exc, NoMap),
        }
    body_size: dict[str, int] = {}
    for r in responses:
        try:
            body = r.body()
        except Exception:  # noqa: BLE001 - redirects/aborted requests have no body
            continue
        sizes[_kind(r.url)] = sizes.get(_kind(r.url), 0) + len(body)
        body_size[r.url] = len(body)
    context.close()
    before = sum(body_size.get(u, 0) for at, u in finished if at <= seconds)
    waterfall = [
        (round(at, 2), urlsplit(u).path.rsplit("/", 1)[-1], body_size.get(u, 0))
        for at, u in sorted(finished)
        if body_size.get(u, 0) > WATERFALL_MIN_BYTES
    ]
    return {
        "seconds": seconds,
        "http": sizes,
        "ws": ws_bytes,
        "bytes_before_paint": before,
        "waterfall": waterfall,
    }


def _map_painted(page) -> None:
    paths = page.frame_locator("iframe").first.locator("path.leaflet-interactive")
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    mapless = None  # when the script had finished without a map frame on the page
    while paths.count() < 13:  # attached to the map; Leaflet draws all 13 in one pass
        if time.perf_counter() > deadline:
            raise TimeoutError("the map did not draw 13 regions")
        if page.locator("iframe").count() == 0 and page.locator(READY).count():
            mapless = mapless or time.perf_counter()
            if time.perf_counter() - mapless > NO_MAP_S:
                raise NoMap("no map on the page (no data for it in this build)")
        else:
            mapless = None
        page.wait_for_timeout(25)


def _hello_painted(page) -> None:
    page.get_by_text("Hello", exact=True).wait_for(timeout=TIMEOUT_MS)


def _series(
    browser, server: StreamlitServer, path: str, until, loads: int, first: dict | None = None
) -> dict:
    if first is None:
        first = _load(browser, server.url + path, until)  # first session after the start
    runs = [_load(browser, server.url + path, until) for _ in range(loads)]
    return _summary(first, runs, server)


def _summary(first: dict, runs: list[dict], server: StreamlitServer) -> dict:
    ok = [r for r in runs if r["seconds"] is not None]
    return {
        "first": first,
        "runs": ok,
        "failed": [r["error"] for r in runs if "error" in r],
        "median": statistics.median(r["seconds"] for r in ok) if ok else float("nan"),
        "rss": server.rss_kb(),
        # every load found no map: the page has none in this build (not a failed target)
        "no_map": bool(runs) and all(r.get("no_map") for r in runs),
    }


def verdict(series: dict) -> str:
    """How a page's series reads against ``TARGET``: "met", "not met", ``NO_MAP`` or
    "not measured" (no load painted). Only "met" and "not met" count as targets."""
    if series.get("no_map"):
        return NO_MAP
    if not series.get("runs"):
        return "not measured"
    return "met" if series["median"] / series["hello_median"] <= TARGET else "not met"


def page_line(name: str, series: dict) -> str:
    """The summary line ``main`` prints for one page."""
    said = verdict(series)
    if said == NO_MAP:
        return f"{name}: {NO_MAP}"
    failed = f"failed {len(series.get('failed', []))}"
    if said == "not measured":
        first = series.get("failed", ["?"])[:1] or ["?"]
        return f"{name}: not measured ({first[0]}); {failed}"
    last = series["runs"][-1]
    return (
        f"{name}: {series['median']:.2f} s vs hello {series['hello_median']:.2f} s = "
        f"{series['median'] / series['hello_median']:.2f}x ({said}); "
        f"{last.get('bytes_before_paint', 0) / 1024:,.0f} KiB before the paint; "
        f"load {series['load']:.2f}; {failed}"
    )


def count_line(verdicts: list[str]) -> str:
    """'N of M met' over the pages measured against the target (pages without a map and
    pages not measured are named, not counted)."""
    judged = [v for v in verdicts if v in ("met", "not met")]
    line = f"{judged.count('met')} of {len(judged)} pages met the target (<= {TARGET:.2f}x hello)"
    others = [f"{n} {what}" for what in (NO_MAP, "not measured") if (n := verdicts.count(what))]
    return line + (f"; left out: {', '.join(others)}" if others else "")


def pages() -> list[tuple[str, str, str]]:
    """The map pages to measure: ``PAGES`` and the optional pages that exist."""
    extra = [(k, n, u) for k, n, u, f in OPTIONAL_PAGES if (ROOT / f).exists()]
    return [*PAGES, *extra]


def run(db: Path, log_dir: Path, loads: int = LOADS, only: tuple[str, ...] = ()) -> dict:
    """Both servers run side by side; every page's loads alternate with hello loads, so each
    page has its own hello baseline from the same minutes (``<key>["hello_median"]``)."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if not chromium:
        return {"skipped": "no Chromium found"}
    out: dict = {}
    hello_runs: list[dict] = []
    with (
        sync_playwright() as pw,
        StreamlitServer("bench/hello_app.py", log_path=log_dir / "hello.log") as hello,
        StreamlitServer(db=db, log_path=log_dir / "atlas.log") as atlas,
    ):
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            hello_first = _load(browser, hello.url + "/", _hello_painted)
            first = None
            for key, _name, path in pages():
                if only and key not in only:
                    continue
                if first is None:  # the first session after the start: the first page's
                    first = _load(browser, atlas.url + path, _map_painted)
                runs, hellos = [], []
                for _ in range(loads):
                    hellos.append(_load(browser, hello.url + "/", _hello_painted))
                    runs.append(_load(browser, atlas.url + path, _map_painted))
                out[key] = _summary(first, runs, atlas)
                print(f"  {key}: {[r['seconds'] for r in runs]}", file=sys.stderr, flush=True)
                ok = [h["seconds"] for h in hellos if h["seconds"] is not None]
                out[key]["hello_median"] = statistics.median(ok) if ok else float("nan")
                out[key]["load"] = os.getloadavg()[0]
                hello_runs += hellos
        finally:
            browser.close()
        out["hello"] = _summary(hello_first, hello_runs, hello)
    out["chromium"] = chromium
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.bench_browser [--pages map,overview] [--loads 3]``: first paint of
    each map page against hello, with the waterfall (responses > 50 KiB) of the last load."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--pages", default="", help="keys, comma-separated (default: all)")
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args(argv)
    only = tuple(k for k in args.pages.split(",") if k)
    print(f"load average at start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as logs:
        out = run(args.db.resolve(), Path(logs), args.loads, only)
    verdicts = []
    for key, name, _path in pages():
        series = out.get(key)
        if not series:
            continue
        verdicts.append(verdict(series))
        print(page_line(name, series))
        if not series["runs"]:
            continue
        last = series["runs"][-1]
        for at, name_, size in last.get("waterfall", []):
            print(f"    {at:5.2f} s  {size / 1024:7,.0f} KiB  {name_}")
        print(f"    paint {last['seconds']:.2f} s")
    print(count_line(verdicts))
    print(f"load average at the end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
