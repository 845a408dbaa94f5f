"""The atlas in a real (headless, offline) Chromium: every registered page, the map, a click,
the language switch, a shared URL and the downloads."""

from __future__ import annotations

import re

import pytest

from atlas.i18n import t
from atlas.measures import measure_label
from tests.e2e.conftest import (
    READY,
    TIMEOUT_MS,
    open_page,
    problems_on,
    registered_pages,
)

pytestmark = pytest.mark.e2e

PAGES = registered_pages()
MAP_PAGE = "/map_explorer"
REGION_PATHS = "path.leaflet-interactive"


def url_of(p) -> str:
    return "/" if p.default else f"/{p.url_path}"


def expect():
    from playwright.sync_api import expect as pw_expect

    return pw_expect


def map_frame(tab):
    return tab.frame_locator("iframe").first


def wait_for_map(tab):
    frame = map_frame(tab)
    frame.locator(REGION_PATHS).first.wait_for(timeout=TIMEOUT_MS)
    return frame


def widget(tab, key: str):
    """A widget by its key: Streamlit puts ``st-key-<key>`` on the element's container."""
    return tab.locator(f".st-key-{key}")


def choice(tab, key: str):
    """The text a selectbox shows (the value of its combobox input)."""
    return widget(tab, key).locator('input[role="combobox"]')


def test_dashboard_registers_pages():
    assert len(PAGES) >= 2 and sum(p.default for p in PAGES) == 1


def lang_radio(tab, lang: str):
    label = {"el": "Ελληνικά", "en": "English"}[lang]
    return widget(tab, "lang").get_by_text(label, exact=True)


@pytest.mark.parametrize("registered", PAGES, ids=[p.url_path for p in PAGES])
def test_page_loads_without_error_in_both_languages(page, artifacts, registered):
    """Open the page in English, then switch to Greek in the same tab (a rerun, as a user
    does it): a title, no error box, no exception, no 'page not found', in both."""
    open_page(page, f"{url_of(registered)}?lang=en")
    for lang in ("en", "el"):
        title = t(registered.title_key, lang)
        nav = page.locator('[data-testid="stSidebarNavLink"]', has_text=title)
        if lang == "el":
            lang_radio(page, "el").click()
            expect()(nav).to_have_count(1, timeout=TIMEOUT_MS)  # labels are Greek now
            page.wait_for_selector(READY, timeout=TIMEOUT_MS)
        expect()(page.locator("h1").first).to_be_visible()
        expect()(nav).to_have_count(1)
        assert problems_on(page) == [], (registered.url_path, lang)
        page.screenshot(path=str(artifacts / f"{registered.url_path}_{lang}.png"), full_page=True)


def test_navigation_lists_every_registered_page(page):
    open_page(page, "/?lang=en")
    links = page.locator('[data-testid="stSidebarNavLink"]')
    hrefs = sorted(
        re.sub(r"^https?://[^/]+", "", links.nth(i).get_attribute("href") or "")
        for i in range(links.count())
    )
    assert hrefs == sorted(url_of(p) for p in PAGES)


def test_map_draws_thirteen_regions_with_legend(page, artifacts):
    open_page(page, f"{MAP_PAGE}?lang=en")
    frame = wait_for_map(page)
    expect()(frame.locator(REGION_PATHS)).to_have_count(13)
    expect()(frame.locator(".atlas-legend")).to_have_count(1)
    assert "Census population" in frame.locator(".atlas-legend").inner_text()
    page.screenshot(path=str(artifacts / "map_explorer_map.png"), full_page=True)


REGION_CENTRE_JS = """
(el, code) => {
  const w = el.ownerDocument.defaultView;
  for (const name of Object.keys(w)) {
    const layer = w[name];
    if (!name.startsWith('geo_json_') || !layer || !layer.eachLayer) continue;
    let hit = null;
    layer.eachLayer(l => { if (l.feature && l.feature.properties.region_code === code) hit = l; });
    if (!hit) continue;
    const map = hit._map;
    const p = map.latLngToContainerPoint(hit.getCenter());
    const box = map.getContainer().getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
  }
  return null;
}
"""


def click_region(tab, code: str) -> None:
    """A real mouse click on the region's centre (inside the polygon), as a user would."""
    frame = wait_for_map(tab)
    point = frame.locator(REGION_PATHS).first.evaluate(REGION_CENTRE_JS, code)
    assert point, f"no Leaflet layer for {code}"
    box = tab.locator("iframe").first.bounding_box()
    tab.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_click_on_a_region_selects_it_and_opens_its_profile(page, artifacts):
    open_page(page, f"{MAP_PAGE}?lang=en")
    click_region(page, "EL54")
    expect()(page).to_have_url(re.compile(r"[?&]region=EL54\b"), timeout=TIMEOUT_MS)
    expect()(choice(page, "region")).to_have_value("Epirus (EL54)", timeout=8_000)
    page.screenshot(path=str(artifacts / "map_explorer_clicked_EL54.png"), full_page=True)
    profile = widget(page, "open_profile").locator("button")
    expect()(profile).to_be_visible()
    profile.click()
    expect()(page).to_have_url(re.compile(r"/region_profile\?"), timeout=15_000)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    assert problems_on(page) == []
    assert "region=EL54" in page.url
    page.screenshot(path=str(artifacts / "region_profile_from_click.png"), full_page=True)


def test_language_switch_changes_labels(page):
    open_page(page, f"{MAP_PAGE}?lang=el")
    h1 = page.locator("h1").first
    expect()(h1).to_have_text(t("explorer.title", "el"))
    nav_el = t("nav.map_explorer", "el")
    assert page.locator('[data-testid="stSidebarNavLink"]', has_text=nav_el).count() == 1
    widget(page, "lang").get_by_text("English").click()
    expect()(h1).to_have_text(t("explorer.title", "en"), timeout=TIMEOUT_MS)
    expect()(page).to_have_url(re.compile(r"[?&]lang=en\b"))
    nav_en = t("nav.map_explorer", "en")
    expect()(page.locator('[data-testid="stSidebarNavLink"]', has_text=nav_en)).to_have_count(1)
    legend = wait_for_map(page).locator(".atlas-legend")
    expect()(legend).to_contain_text("Census population")


def test_shared_url_reproduces_the_view(page, artifacts):
    shared = f"{MAP_PAGE}?lang=en&indicator=arrivals&measure=per_1000&region=EL54"
    open_page(page, shared)
    expect()(choice(page, "indicator")).to_have_value("Arrivals")
    expect()(choice(page, "measure")).to_have_value(measure_label("per_1000", "en"))
    expect()(choice(page, "region")).to_have_value("Epirus (EL54)")
    legend = wait_for_map(page).locator(".atlas-legend")
    expect()(legend).to_contain_text("Arrivals")
    assert problems_on(page) == []
    page.screenshot(path=str(artifacts / "map_explorer_shared_url.png"), full_page=True)


@pytest.mark.parametrize("path", [f"{MAP_PAGE}?lang=en&region=EL54", "/region_profile?region=EL54"])
def test_region_in_the_url_is_outlined_on_first_load(page, path):
    """A shared URL's region is outlined as soon as the map is drawn (not only after a
    rerun): the selection reaches the map as its own layer on the first run."""
    from atlas.maps import SELECTED_OUTLINE

    open_page(page, path)
    outlined = wait_for_map(page).locator(f'{REGION_PATHS}[stroke="{SELECTED_OUTLINE}"]')
    expect()(outlined).to_have_count(1, timeout=TIMEOUT_MS)


def test_csv_download_arrives(page, tmp_path):
    open_page(page, f"{MAP_PAGE}?lang=en&indicator=arrivals")
    button = widget(page, "explorer_csv").locator("button")
    with page.expect_download() as info:
        button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"region_code" in data


# --- briefs and PNG maps (region profile) -------------------------------------------------
# Download buttons are found by key: the brief's keys start with 'brief_' (built on request
# by a 'prepare_brief' button), PNG maps have 'png_' in their key (e.g. map_png_2).

DOWNLOAD_PAGES = ("/region_profile?lang=en&region=EL54", f"{MAP_PAGE}?lang=en&region=EL54")
SIGNATURES = {".pdf": b"%PDF", ".png": b"\x89PNG\r\n\x1a\n"}
DOWNLOADS = {
    "brief_": '[class*="st-key-brief_"] [data-testid="stDownloadButton"] button',
    "png_": '[class*="st-key-"][class*="png_"] [data-testid="stDownloadButton"] button',
}
PREPARE = {"brief_": ".st-key-prepare_brief button"}


def reveal(tab, prefix: str) -> None:
    """Press the 'prepare' button a download needs first, if it has one; the prepared
    download must then appear and stay through the reruns that follow (no retry)."""
    if prefix not in PREPARE:
        return
    prepare = tab.locator(PREPARE[prefix]).first
    # The app reports 'not running' before its first run has drawn the whole page (seen on a
    # loaded machine): wait for the button instead of counting what is drawn so far.
    prepare.wait_for(timeout=TIMEOUT_MS)
    prepare.click()
    download = tab.locator(DOWNLOADS[prefix]).first
    download.wait_for(timeout=TIMEOUT_MS)
    tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
    tab.wait_for_timeout(1000)
    assert download.is_visible(), f"'{prefix}' download vanished after preparing it"


@pytest.fixture(scope="module")
def export_pages(browser_context, app_server) -> dict[str, str | None]:
    """On which page each kind of download is offered (visited once per module)."""
    found: dict[str, str | None] = dict.fromkeys(DOWNLOADS)
    tab = browser_context.new_page()
    tab.base = app_server.url  # type: ignore[attr-defined]
    try:
        any_export = ", ".join([*DOWNLOADS.values(), *PREPARE.values()])
        for path in DOWNLOAD_PAGES:
            open_page(tab, path)
            try:  # a page may still be settling (a rerun) when the script first goes idle
                tab.locator(any_export).first.wait_for(state="attached", timeout=15_000)
            except Exception:  # noqa: BLE001 - no export on this page
                pass
            for prefix in found:
                if found[prefix] is None and (
                    tab.locator(DOWNLOADS[prefix]).count()
                    or tab.locator(PREPARE.get(prefix, "#none")).count()
                ):
                    found[prefix] = path
    finally:
        tab.close()
    return found


@pytest.mark.parametrize("prefix", list(DOWNLOADS))
def test_export_downloads_arrive(page, tmp_path, export_pages, prefix):
    where = export_pages[prefix]
    if where is None:
        pytest.skip(
            f"no download button keyed '{prefix}…' on {', '.join(DOWNLOAD_PAGES)} yet "
            "(region profile exports in progress)"
        )
    open_page(page, where)
    reveal(page, prefix)
    buttons = page.locator(DOWNLOADS[prefix])
    expect()(buttons.first).to_be_visible()
    for i in range(buttons.count()):
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            buttons.nth(i).click()
        name = info.value.suggested_filename
        target = tmp_path / name
        info.value.save_as(target)
        data = target.read_bytes()
        assert len(data) > 0, f"{name} is empty"
        signature = SIGNATURES.get(target.suffix.lower())
        if signature:
            assert data.startswith(signature), f"{name} is not a {target.suffix} file"
