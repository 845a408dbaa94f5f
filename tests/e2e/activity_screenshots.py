"""Screenshots of the Activities page with the SYNTHETIC reports (issue 27), Greek and
English, for docs/screenshots/ — every picture shows the page's SYNTHETIC notice.

    python -m etl --input tests/fixtures/activities --db /tmp/activities.duckdb
    python -m tests.e2e.activity_screenshots --db /tmp/activities.duckdb
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.e2e.conftest import CHROMIUM_ARGS, READY, TIMEOUT_MS, find_chromium
from tests.e2e.screenshots import small_png
from tests.e2e.server import ROOT, StreamlitServer

SIZE = {"width": 1280, "height": 3400}  # tall enough for the whole page in one picture


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    with StreamlitServer(db=args.db.resolve()) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for lang, level in (("el", "region"), ("en", "region"), ("el", "municipality")):
            context = browser.new_context(viewport=SIZE)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.goto(f"{server.url}/activities?lang={lang}&act_level={level}")
            page.wait_for_selector(READY, timeout=TIMEOUT_MS)
            page.get_by_text("SYNTHETIC").first.wait_for()
            page.frame_locator("iframe").first.locator("path.leaflet-interactive").nth(
                12
            ).wait_for()
            page.wait_for_timeout(2500)
            name = f"activities_synthetic_{lang}" + ("_municipal" if level != "region" else "")
            target = args.out / f"{name}.png"
            target.write_bytes(small_png(page.screenshot()))
            print(f"{target.relative_to(ROOT)}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
