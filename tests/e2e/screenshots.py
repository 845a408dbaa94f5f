"""Screenshots of the maps for docs/screenshots/ (issue #18, #26): the overview, the map
explorer and the municipalities, in Greek and English, at 360, 1024 and 1920 px wide, as the
map frame shows them.

    python -m tests.e2e.screenshots [--db data/atlas.duckdb] [--out docs/screenshots]
        [--pages municipalities …]

Starts the app on a free port against the database (the bundled data by default: run
``python -m etl --if-missing`` first), drives Debian's Chromium offline as the e2e tests do,
closes the sidebar on phone widths (as a person would), and writes palette PNGs.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from tests.e2e.conftest import CHROMIUM_ARGS, READY, TIMEOUT_MS, find_chromium
from tests.e2e.server import ROOT, StreamlitServer

WIDTHS = (360, 1024, 1920)
PAGES = {"overview": "/", "map_explorer": "/map_explorer", "municipalities": "/municipalities"}
LANGS = ("el", "en")
PHONE = 768  # below this Streamlit draws the sidebar over the page


def small_png(data: bytes) -> bytes:
    """The same picture with a 64-colour palette (maps are flat colours): a few times
    smaller."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def shoot(browser, base: str, path: str, width: int) -> bytes:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_selector(READY, timeout=TIMEOUT_MS)
        page.frame_locator("iframe").first.locator("path.leaflet-interactive").nth(12).wait_for()
        if width < PHONE:
            button = page.locator('[data-testid="stSidebarCollapseButton"] button')
            if button.count():
                button.first.click()
        page.wait_for_timeout(1500)  # legend placement and the last resize
        frame = page.locator("iframe").first
        frame.scroll_into_view_if_needed()
        return frame.screenshot()
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), default=sorted(PAGES))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        StreamlitServer(db=args.db.resolve()) as server,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for name, path in PAGES.items():
            if name not in args.pages:
                continue
            for lang in LANGS:
                for width in WIDTHS:
                    png = small_png(shoot(browser, server.url, f"{path}?lang={lang}", width))
                    target = args.out / f"{name}_{lang}_{width}.png"
                    target.write_bytes(png)
                    print(f"{target.relative_to(ROOT)}: {len(png):,} bytes")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
