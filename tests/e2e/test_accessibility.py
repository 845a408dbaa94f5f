"""WCAG 2.1 AA in the browser (docs/accessibility.md): axe-core on every registered page in
both languages (and every layer of the reception page), the document language, names of the
maps and charts, readable chart and legend text; and the keyboard-only path from the map
explorer to a downloaded brief."""

from __future__ import annotations

import re

import pytest

from atlas.i18n import t
from tests.e2e import axe
from tests.e2e.conftest import READY, TIMEOUT_MS, open_page, problems_on, registered_pages

pytestmark = pytest.mark.e2e

PAGES = registered_pages()
LANGS = ("el", "en")
# Layers of the reception page that its default view does not show (radio "layer"), in the
# default language: the registered pages in both languages plus 5.
RECEPTION_LAYERS = ("sites", "share", "islands", "municipal", "foreign")
VIEWS = (
    [("/" if p.default else f"/{p.url_path}", lang) for p in PAGES for lang in LANGS]
    + [(f"/reception?layer={layer}", "el") for layer in RECEPTION_LAYERS]
    + [
        # the Municipalities page with one region, every structure layer and a card open
        ("/municipalities?region=EL41&mstructures=all&municipality=9261", lang)
        for lang in LANGS
    ]
)
FRAME_DEFAULT_TITLE = "streamlit_folium.st_folium"


def expect():
    from playwright.sync_api import expect as pw_expect

    return pw_expect


def settle(tab) -> None:
    """Wait until every map frame has drawn its regions and been named by atlas/a11y.js."""
    frames = tab.locator("iframe")
    for i in range(frames.count()):
        frame = frames.nth(i)
        expect()(frame).not_to_have_attribute("title", FRAME_DEFAULT_TITLE, timeout=TIMEOUT_MS)
        tab.frame_locator("iframe").nth(i).locator("path.leaflet-interactive").first.wait_for(
            state="attached", timeout=TIMEOUT_MS
        )
    tab.wait_for_timeout(400)  # the script applies its rules 120 ms after the last redraw


def leaflet_frame(tab):
    """The first frame that holds a Leaflet map (window.map), waited for: the map's frame can
    come after the page's first paint (settle, run before it exists, finds no iframe)."""
    for _ in range(TIMEOUT_MS // 250):
        for frame in tab.frames[1:]:
            try:
                if frame.evaluate("() => !!window.map"):
                    return frame
            except Exception:  # a frame that went away (Streamlit re-renders)
                continue
        tab.wait_for_timeout(250)
    raise AssertionError("no Leaflet map frame on the page")


def view_id(view: tuple[str, str]) -> str:
    path, lang = view
    path = path.strip("/").replace("?layer=", "-").replace("?region=", "-")
    return f"{path.split('&')[0] or 'overview'}{'-card' if '&' in path else ''}-{lang}"


@pytest.mark.parametrize("view", VIEWS, ids=[view_id(v) for v in VIEWS])
def test_no_wcag_violations_and_the_page_language_is_declared(page, artifacts, view):
    path, lang = view
    open_page(page, f"{path}{'&' if '?' in path else '?'}lang={lang}")
    expect()(page.locator("html")).to_have_attribute("lang", lang, timeout=TIMEOUT_MS)
    settle(page)
    assert problems_on(page) == []
    found = axe.violations(page)
    if found:
        page.screenshot(path=str(artifacts / f"axe_{view_id(view)}.png"), full_page=True)
    assert found == [], f"{axe.node_count(found)} axe violations:\n" + axe.describe(found)
    assert axe.low_contrast_text(page) == []
    # every map frame is named in the page's language and speaks it inside
    prefix = t("a11y.map_name", lang, title="")
    for i in range(page.locator("iframe").count()):
        frame = page.locator("iframe").nth(i)
        assert (frame.get_attribute("title") or "").startswith(prefix)
        described = frame.get_attribute("aria-describedby")
        assert described and page.locator(f"#{described}").inner_text().strip()
        inner = page.frame_locator("iframe").nth(i).locator("html")
        expect()(inner).to_have_attribute("lang", lang)
    # every chart is a named figure
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        assert chart.get_attribute("role") == "figure"
        assert (chart.get_attribute("aria-label") or "").strip()


def test_document_language_follows_the_language_switch(page):
    open_page(page, "/map_explorer?lang=el")
    expect()(page.locator("html")).to_have_attribute("lang", "el", timeout=TIMEOUT_MS)
    page.locator(".st-key-lang").get_by_text("English", exact=True).click()
    expect()(page.locator("h1").first).to_have_text(t("explorer.title", "en"), timeout=TIMEOUT_MS)
    expect()(page.locator("html")).to_have_attribute("lang", "en", timeout=TIMEOUT_MS)
    # the option labelled in the other language is marked as such
    greek = page.locator(".st-key-lang").get_by_text("Ελληνικά", exact=True)
    expect()(greek).to_have_attribute("lang", "el")


def test_english_source_titles_on_a_greek_page_are_marked(page):
    open_page(page, "/map_explorer?lang=el")
    settle(page)
    marked = page.locator('[data-testid="stCaptionContainer"] span[lang="en"]')
    expect()(marked.first).to_be_attached(timeout=TIMEOUT_MS)


# --- keyboard only ---------------------------------------------------------------------------


def tab_to(tab, predicate_js: str, limit: int = 150) -> None:
    """Press Tab until ``predicate_js(document.activeElement)`` holds (the focus may be in a
    frame: then the frame element is the active element of the top document)."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"() => ({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate_js}")


def focused_region(tab) -> str | None:
    """The label of the focused map region (inside the map frame), if any."""
    for frame in tab.frames[1:]:
        label = frame.evaluate(
            "() => document.activeElement && document.activeElement.tagName === 'path'"
            " ? document.activeElement.getAttribute('aria-label') : null"
        )
        if label:
            return label
    return None


def test_keyboard_only_map_region_to_profile_to_brief(page, tmp_path, artifacts):
    """Tab into the map, move through the regions to Epirus, Enter selects it; Tab to 'Open
    region profile', Enter; Tab to 'Prepare brief', Enter; Tab to the download, Enter. No
    mouse event at all."""
    open_page(page, "/map_explorer?lang=en")
    settle(page)
    page.locator("body").focus()
    # into the map frame: the skip link first, then Leaflet's own stops, then the regions
    tab_to(page, "el => el.tagName === 'IFRAME'")
    for _ in range(40):
        label = focused_region(page)
        if label and label.startswith("Region: Epirus"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("no focusable map region labelled 'Region: Epirus'")
    page.screenshot(path=str(artifacts / "keyboard_region_focused.png"))
    page.keyboard.press("Enter")
    expect()(page).to_have_url(re.compile(r"[?&]region=EL54\b"), timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    open_profile = t("explorer.open_profile", "en")
    tab_to(page, f"el => el.tagName === 'BUTTON' && el.innerText.trim() === {open_profile!r}")
    page.keyboard.press("Enter")
    expect()(page).to_have_url(re.compile(r"/region_profile\?.*region=EL54"), timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    prepare = t("profile.prepare_brief", "en")
    tab_to(page, f"el => el.tagName === 'BUTTON' && el.innerText.trim() === {prepare!r}", 200)
    page.keyboard.press("Enter")
    download = page.locator('.st-key-brief_pdf [data-testid="stDownloadButton"] button')
    download.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    label = t("profile.download_brief", "en")
    tab_to(page, f"el => el.tagName === 'BUTTON' && el.innerText.trim() === {label!r}", 20)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.keyboard.press("Enter")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert "EL54" in target.name


def test_keyboard_region_picker_selects_a_region(page):
    """The picker route (no map): focus the region box, type, Enter."""
    open_page(page, "/map_explorer?lang=en")
    tab_to(
        page,
        "el => el.getAttribute('role') === 'combobox' && "
        f"el.getAttribute('aria-label') === {t('explorer.region', 'en')!r}",
    )
    page.keyboard.type("Crete")
    page.keyboard.press("Enter")
    expect()(page).to_have_url(re.compile(r"[?&]region=EL43\b"), timeout=TIMEOUT_MS)


def test_skip_link_moves_the_focus_past_the_map(page):
    open_page(page, "/map_explorer?lang=en")
    settle(page)
    page.locator("body").focus()
    skip_text = t("a11y.skip_map", "en")
    tab_to(page, f"el => el.classList.contains('atlas-skip') && el.innerText === {skip_text!r}")
    expect()(page.locator("a.atlas-skip").first).to_be_visible()
    page.keyboard.press("Enter")
    active = page.evaluate("() => document.activeElement.tagName")
    assert active not in ("IFRAME", "BODY")


def test_reception_sites_are_reachable_by_keyboard_with_a_name(page, artifacts):
    """Each reception site on the map is one Tab stop named by what its tooltip says (site,
    capacity, occupancy, date), and its tooltip shows while it has the focus (issue 25)."""
    open_page(page, "/reception?lang=en&layer=sites")
    frame = leaflet_frame(page)
    settle(page)
    names = [
        t(k, "en")
        for k in (
            "reception.site",
            "reception.measure_capacity",
            "reception.measure_occupancy",
            "reception.date",
        )
    ]
    points = frame.locator('path[role="img"][tabindex="0"]')
    expect()(points.first).to_be_attached(timeout=TIMEOUT_MS)
    labels = [points.nth(i).get_attribute("aria-label") for i in range(points.count())]
    assert labels and all(all(n in label for n in names) for label in labels), labels
    assert len(set(labels)) == len(labels)  # one stop per site, not one per circle
    page.locator("body").focus()
    tab_to(page, "el => el.tagName === 'IFRAME'")
    for _ in range(60):
        label = focused_region(page)
        if label and label.startswith(names[0] + ":"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("no reception site reached with the Tab key")
    expect()(frame.locator(".leaflet-tooltip").first).to_be_visible()
    page.screenshot(path=str(artifacts / "keyboard_site_focused.png"))


# --- the Activities page with reports (issue 27) ---------------------------------------------


@pytest.fixture(scope="module")
def activities_server(tmp_path_factory, fixture_raw, artifacts):
    """The app on a database with the SYNTHETIC activity reports (tests/fixtures/activities):
    the registered-page run above sees the page without reports."""
    from pathlib import Path

    from etl.build import build
    from tests.e2e.server import StreamlitServer

    db = tmp_path_factory.mktemp("activities_e2e") / "atlas.duckdb"
    reports = Path(__file__).resolve().parents[1] / "fixtures" / "activities"
    build(fixture_raw, [reports], db_path=db)
    with StreamlitServer(db=db, log_path=artifacts / "streamlit_activities.log") as server:
        yield server


@pytest.mark.parametrize("lang", LANGS)
def test_activities_page_with_synthetic_reports(browser, activities_server, artifacts, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.base = activities_server.url
    try:
        open_page(tab, f"/activities?lang={lang}")
        expect()(tab.locator("html")).to_have_attribute("lang", lang, timeout=TIMEOUT_MS)
        settle(tab)
        assert problems_on(tab) == []
        assert "SYNTHETIC" in tab.locator("body").inner_text()
        found = axe.violations(tab)
        if found:
            tab.screenshot(path=str(artifacts / f"axe_activities_{lang}.png"), full_page=True)
        assert found == [], f"{axe.node_count(found)} axe violations:\n" + axe.describe(found)
        assert axe.low_contrast_text(tab) == []
        for chart in tab.locator('[data-testid="stPlotlyChart"]').all():
            assert chart.get_attribute("role") == "figure"
    finally:
        context.close()
