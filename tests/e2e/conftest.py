"""Browser end-to-end fixtures: the real app (``streamlit run dashboard.py``) on a free
localhost port against the SYNTHETIC fixture database, driven by Playwright in Debian's
Chromium. One server and one browser per test session; a fresh browser context per test.

Offline by construction: Chromium resolves no host but localhost/127.0.0.1
(--host-resolver-rules), and every request to another host is recorded and fails the test.
(No ``page.route`` interception: it stalls Streamlit's lazily loaded chunks.)

No Chromium → the tests skip with the reason; with ATLAS_REQUIRE_BROWSER=1 (CI) they fail.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.server import StreamlitServer

ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored: screenshots, server log
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 60_000


def find_chromium() -> str | None:
    configured = os.environ.get("ATLAS_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def browser_missing(reason: str) -> None:
    if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"{reason} — and ATLAS_REQUIRE_BROWSER=1 says browser tests must run", pytrace=False
        )
    pytest.skip(f"{reason}; install it with: apt-get install chromium fonts-dejavu-core")


@dataclass(frozen=True)
class RegisteredPage:
    path: str  # pages/<stem>.py
    title_key: str
    url_path: str
    default: bool


def registered_pages() -> list[RegisteredPage]:
    """The pages of the navigation (atlas.nav.PAGES, which dashboard.py registers; new
    pages are covered automatically). The default page is served at '/'."""
    from atlas import nav

    return [RegisteredPage(p, k, u, u == nav.DEFAULT_PAGE) for p, k, u in nav.PAGES]


@pytest.fixture(scope="session")
def app_server(chromium_path, built_db, artifacts):
    """``streamlit run dashboard.py`` with ATLAS_DB = the fixture database (built by the real
    ETL from tests/fixtures/raw), stopped at the end of the session."""
    with StreamlitServer(db=built_db, log_path=artifacts / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="session")
def browser_context(browser, app_server):
    """One context for the session: the app's scripts are fetched and cached once. Each
    test still gets its own tab, hence its own websocket and Streamlit session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.app_url = app_server.url
    warm_up(context)
    yield context
    context.close()


def warm_up(context) -> None:
    """Load the app once before the tests. The first session after a server start runs a
    page file directly (Streamlit's legacy pages/ mode, left by atlas.ui with a rerun), and
    a widget change made during that first session can be lost; tests start after it."""
    tab = context.new_page()
    try:
        tab.goto(context.app_url + "/?lang=en")
        tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
        tab.wait_for_timeout(1000)
    finally:
        tab.close()


@pytest.fixture
def page(browser_context, app_server, request):
    """A fresh tab. Requests to any host other than localhost are recorded; a test that
    caused one fails."""
    tab = browser_context.new_page()
    external: list[str] = []

    def record(req) -> None:
        host = urlsplit(req.url).hostname
        if req.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            external.append(req.url)

    tab.on("request", record)
    tab.base = app_server.url  # type: ignore[attr-defined]
    yield tab
    tab.close()
    if external:
        pytest.fail(
            f"{request.node.name} asked for non-local addresses: {external[:5]}", pytrace=False
        )


def open_page(tab, path: str):
    """Go to ``path`` on the app and wait until the script has finished running."""
    tab.goto(tab.base + path)
    tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
    return tab


def problems_on(tab) -> list[str]:
    """Error boxes, exceptions and 'page not found' dialogs visible on the page."""
    found = []
    for selector in (
        '[data-testid="stException"]',
        '[data-testid="stAlertContentError"]',
        '[role="dialog"]',
    ):
        loc = tab.locator(selector)
        for i in range(loc.count()):
            if loc.nth(i).is_visible():
                found.append(f"{selector}: {loc.nth(i).inner_text()[:200]}")
    return found
