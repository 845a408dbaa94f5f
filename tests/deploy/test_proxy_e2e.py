"""The e2e smoke in Chromium through nginx, under the proxy's Content-Security-Policy: every
page renders with no CSP violation and no request off the machine, the map draws its 13
regions, the language switch works, the brief downloads (a /media file: served by the
replica that holds the session, so stickiness covers downloads too). Then the same atlas
under a base path (/atlas/, Streamlit's server.baseUrlPath).
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import pytest

from atlas.i18n import t
from tests.e2e.conftest import LOCAL_HOSTS, TIMEOUT_MS, open_page, problems_on
from tests.e2e.test_app import (
    DOWNLOADS,
    MAP_PAGE,
    PAGES,
    REGION_PATHS,
    expect,
    lang_radio,
    reveal,
    url_of,
    wait_for_map,
)

pytestmark = pytest.mark.e2e

# Logged by the page (and every frame in it) for each CSP violation; collected per tab.
CSP_PROBE = """
document.addEventListener('securitypolicyviolation', e => console.log(
  'CSP-VIOLATION ' + e.effectiveDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '')));
"""


def new_context(browser, base: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_PROBE)
    context.app_url = base
    return context


@pytest.fixture(scope="module")
def proxied(browser, cluster):
    context = new_context(browser, cluster.url)
    yield context
    context.close()


def watched_tab(context, request):
    """A tab that records CSP violations, off-machine requests and proxy errors (5xx)."""
    tab = context.new_page()
    seen: dict[str, list[str]] = {"csp": [], "external": [], "5xx": []}

    def on_console(msg) -> None:
        if msg.text.startswith("CSP-VIOLATION") or "Content Security Policy" in msg.text:
            seen["csp"].append(msg.text[:200])

    def on_request(req) -> None:
        host = urlsplit(req.url).hostname
        if req.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            seen["external"].append(req.url)

    def on_response(resp) -> None:
        if resp.status >= 500:
            seen["5xx"].append(f"{resp.status} {resp.url}")

    tab.on("console", on_console)
    tab.on("request", on_request)
    tab.on("response", on_response)
    tab.base = context.app_url  # type: ignore[attr-defined]
    tab.seen = seen  # type: ignore[attr-defined]
    return tab


@pytest.fixture
def tab(proxied, request):
    page = watched_tab(proxied, request)
    yield page
    page.close()
    bad = {k: v[:5] for k, v in page.seen.items() if v}
    if bad:
        pytest.fail(f"{request.node.name} through nginx: {bad}", pytrace=False)


def test_every_page_renders_under_the_proxy_csp(tab, artifacts):
    for registered in PAGES:
        open_page(tab, f"{url_of(registered)}?lang=en")
        expect()(tab.locator("h1").first).to_be_visible()
        nav = tab.locator(
            '[data-testid="stSidebarNavLink"]', has_text=t(registered.title_key, "en")
        )
        expect()(nav).to_have_count(1)
        assert problems_on(tab) == [], registered.url_path
        tab.wait_for_timeout(500)  # late component frames report their violations too
    tab.screenshot(path=str(artifacts / "proxy_last_page.png"), full_page=True)


def test_map_draws_and_language_switches_through_the_proxy(tab, artifacts):
    open_page(tab, f"{MAP_PAGE}?lang=el")
    frame = wait_for_map(tab)
    expect()(frame.locator(REGION_PATHS)).to_have_count(13)
    h1 = tab.locator("h1").first
    expect()(h1).to_have_text(t("explorer.title", "el"))
    lang_radio(tab, "en").click()
    expect()(h1).to_have_text(t("explorer.title", "en"), timeout=TIMEOUT_MS)
    legend = wait_for_map(tab).locator(".atlas-legend")
    expect()(legend).to_contain_text("Census population")
    expect()(wait_for_map(tab).locator(REGION_PATHS)).to_have_count(13)
    tab.screenshot(path=str(artifacts / "proxy_map_explorer.png"), full_page=True)


def test_brief_downloads_through_the_proxy(tab, tmp_path):
    open_page(tab, "/region_profile?lang=en&region=EL54")
    button = tab.locator(DOWNLOADS["brief_"]).first
    reveal(tab, "brief_")  # one press: the brief is prepared in its own fragment and stays
    expect()(button).to_be_visible()
    with tab.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")


# --- under a base path ----------------------------------------------------------------------

BASE = "/atlas"


@pytest.fixture(scope="module")
def based_cluster(nginx_path, live_db, tmp_path_factory):
    from deploy.cluster import Cluster

    with Cluster(1, live_db, base_path=BASE, workdir=tmp_path_factory.mktemp("based")) as c:
        yield c


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_base_path_serves_the_app_and_its_static_files(based_cluster):
    root = based_cluster.url.removesuffix(BASE)
    assert based_cluster.url.endswith(BASE)
    for path in (
        "/_stcore/health",
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/topojson/world_110m.json",
    ):
        assert status_of(based_cluster.url + path) == 200, path
    with urllib.request.urlopen(root + "/", timeout=30) as r:  # / → /atlas/
        assert urlsplit(r.url).path == f"{BASE}/"


def test_map_draws_under_the_base_path(browser, based_cluster, request, artifacts):
    context = new_context(browser, based_cluster.url)
    try:
        page = watched_tab(context, request)
        open_page(page, f"{MAP_PAGE}?lang=en")
        expect()(page.locator("h1").first).to_have_text(t("explorer.title", "en"))
        assert problems_on(page) == []
        frame = wait_for_map(page)  # Leaflet and the geometry load from under the base path
        expect()(frame.locator(REGION_PATHS)).to_have_count(13)
        loaded = frame.locator("script[src*='leaflet']").first.get_attribute("src")
        assert loaded.startswith(f"{BASE}/app/static/vendor/leaflet/"), loaded
        page.screenshot(path=str(artifacts / "proxy_base_path_map.png"), full_page=True)
        assert not page.seen["csp"] and not page.seen["external"], page.seen
    finally:
        context.close()
