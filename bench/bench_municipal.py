"""The Municipalities page in headless Chromium (issue 26): first map paint of the whole
country (from ``goto`` to every drawn unit's path in the map frame) against the bare hello app
started the same way in the same run, the bytes of the map element on the websocket (the
geometry must not be in it: target ≤ 40 KiB for the whole country) and of the geometry file
fetched from static/.

    python -m bench.bench_municipal [--db data/atlas.duckdb] [--loads 5]

Figures and ratios only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.bench_browser import LOADS, TIMEOUT_MS, _hello_painted, _series
from tests.e2e.conftest import CHROMIUM_ARGS, find_chromium
from tests.e2e.server import ROOT, StreamlitServer

URL = "/municipalities?lang=en"
UNITS = 326  # every drawn unit of the country
TARGET_RATIO = 1.6
TARGET_ELEMENT_KIB = 40


def _units_painted(page) -> None:
    paths = page.frame_locator("iframe").first.locator("path.leaflet-interactive")
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    while paths.count() < UNITS:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the map did not draw {UNITS} units")
        page.wait_for_timeout(25)


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
                out["municipal"] = _series(browser, srv, URL, _units_painted, loads)
                out["geometry"] = _geometry_bytes(browser, srv.url + URL)
        finally:
            browser.close()
    return out


def _geometry_bytes(browser, url: str) -> int:
    """Bytes of municipalities.topo.json as the browser receives it (one fresh load)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sizes = []
    page.on(
        "response",
        lambda r: sizes.append(len(r.body())) if "municipalities.topo.json" in r.url else None,
    )
    page.goto(url)
    _units_painted(page)
    context.close()
    return sum(sizes)


def report(out: dict) -> list[str]:
    if "skipped" in out:
        return [f"skipped: {out['skipped']}"]
    hello, muni = out["hello"]["median"], out["municipal"]["median"]
    element = max((r["ws"]["map_element"] for r in out["municipal"]["runs"]), default=0)
    ratio = muni / hello
    kib = element / 1024
    failed = (len(out["municipal"]["failed"]), len(out["hello"]["failed"]))
    return [
        f"first map paint, whole country: median {muni:.2f} s vs hello {hello:.2f} s = "
        f"{ratio:.2f}× (target ≤ {TARGET_RATIO}×: {'met' if ratio <= TARGET_RATIO else 'not met'})",
        f"first session after start: {out['municipal']['first']['seconds'] or float('nan'):.2f} s",
        f"map element on the websocket: {kib:.1f} KiB (target ≤ "
        f"{TARGET_ELEMENT_KIB} KiB: {'met' if kib <= TARGET_ELEMENT_KIB else 'not met'})",
        f"geometry fetched from static/: {out['geometry'] / 1024:.1f} KiB (once per browser)",
        f"failed loads: {failed[0]} atlas, {failed[1]} hello",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--loads", type=int, default=LOADS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-municipal-") as tmp:
        for line in report(run(args.db.resolve(), Path(tmp), args.loads)):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
