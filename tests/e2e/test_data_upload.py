"""The data upload page in a real (headless, offline) Chromium, against its own server with
an administrator password and its own copy of the bundled database.

Uploaded files are SYNTHETIC (tests/synthetic_upload.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from atlas import audit, config
from tests import synthetic_upload as up
from tests.e2e.conftest import LOCAL_HOSTS, READY, TIMEOUT_MS, open_page, problems_on
from tests.e2e.server import StreamlitServer

pytestmark = pytest.mark.e2e

PASSWORD = "SYNTHETIC e2e admin password"


def expect():
    from playwright.sync_api import expect as pw_expect

    return pw_expect


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def admin_server(bundled_db, chromium_path, tmp_path_factory, artifacts):
    live = tmp_path_factory.mktemp("upload_e2e") / "data" / "atlas.duckdb"
    live.parent.mkdir()
    shutil.copyfile(bundled_db, live)
    env = {config.ADMIN_PASSWORD_ENV: PASSWORD}
    log = artifacts / "streamlit_upload.log"
    with StreamlitServer(db=live, env=env, log_path=log) as server:
        server.live = live  # type: ignore[attr-defined]
        yield server


@pytest.fixture
def tab(browser, admin_server, request):
    """A fresh browser context and tab on the administrator server; any request to another
    host than localhost fails the test (offline rule)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    external: list[str] = []
    page.on(
        "request",
        lambda r: (
            external.append(r.url)
            if r.url.startswith(("http:", "https:", "ws:", "wss:"))
            and urlsplit(r.url).hostname not in LOCAL_HOSTS
            else None
        ),
    )
    page.base = admin_server.url  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not external, f"{request.node.name} asked for non-local addresses: {external[:5]}"


def key(tab, name: str):
    return tab.locator(f".st-key-{name}")


def sign_in(tab, password: str = PASSWORD) -> None:
    open_page(tab, "/data_upload?lang=en")
    key(tab, "login_name").locator("input").fill("Admin SYNTHETIC (browser)")
    key(tab, "login_pw").locator("input").fill(password)
    tab.locator('[data-testid="stFormSubmitButton"] button').click()


def upload(tab, files: list[tuple[str, bytes]], expect_text: str) -> None:
    payload = [{"name": n, "mimeType": "text/csv", "buffer": d} for n, d in files]
    key(tab, "files").locator('input[type="file"]').set_input_files(payload)
    removable = key(tab, "files").get_by_role("button", name=re.compile("^Remove "))
    expect()(removable).to_have_count(len(files), timeout=TIMEOUT_MS)  # all sent to the server
    tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
    key(tab, "validate").locator("button").click()
    expect()(tab.get_by_text(expect_text).first).to_be_visible(timeout=TIMEOUT_MS)
    tab.wait_for_selector(READY, timeout=TIMEOUT_MS)


def problems_csv(tab, tmp_path: Path) -> list[dict]:
    with tab.expect_download() as info:
        key(tab, "problems_csv").locator("button").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_closed_page_says_how_to_enable_it(page):
    """The main test server has no login configured: no navigation entry, and the URL
    itself explains how to switch the page on."""
    open_page(page, "/data_upload?lang=en")
    expect()(page.get_by_text("ATLAS_ADMIN_PASSWORD").first).to_be_visible()
    assert page.locator('input[type="file"]').count() == 0
    assert page.locator('[data-testid="stSidebarNavLink"]', has_text="Data upload").count() == 0


def test_no_upload_control_without_sign_in_and_wrong_password(tab, admin_server):
    open_page(tab, "/data_upload?lang=en")
    nav = tab.locator('[data-testid="stSidebarNavLink"]', has_text="Data upload")
    expect()(nav).to_have_count(1)  # administrators find it in the navigation
    assert tab.locator('input[type="file"]').count() == 0
    sign_in(tab, password="not it (SYNTHETIC)")
    expect()(tab.get_by_text("Wrong password.")).to_be_visible()
    assert tab.locator('input[type="file"]').count() == 0
    assert "not it" not in tab.url and PASSWORD not in tab.url
    log = config.audit_path(admin_server.live).read_text(encoding="utf-8")
    assert "login_failed" in log and "not it (SYNTHETIC)" not in log


def test_bad_file_shows_line_and_value_and_live_is_untouched(tab, admin_server, tmp_path):
    before = digest(admin_server.live)
    sign_in(tab)
    bad = up.observations_csv(up.base_values() | {"EL43": "9x9"})
    upload(tab, [*up.first_upload()[:2], ("observations_upload.csv", bad)], "cannot be published")
    rows = problems_csv(tab, tmp_path)
    assert rows[0]["File"] == "observations_upload.csv"
    assert (rows[0]["Line"], rows[0]["Column"], rows[0]["Value"]) == ("5", "value", "9x9")
    assert digest(admin_server.live) == before
    assert tab.locator('[data-testid="stException"]').count() == 0


def test_hostile_names_and_types_through_the_page(tab, admin_server, tmp_path):
    before = digest(admin_server.live)
    sign_in(tab)
    upload(tab, [("../../x.csv", b"a,b\n1,2\n")], "cannot be published")
    rows = problems_csv(tab, tmp_path)
    assert rows[0]["File"] == "x.csv" and "does not match any table" in rows[0]["Problem"]
    root = admin_server.live.parent
    assert not (root / "x.csv").exists() and not (root.parent / "x.csv").exists()
    # a type the page does not take is refused by the browser before it reaches the server
    key(tab, "files").locator('input[type="file"]').set_input_files(
        [{"name": "observations.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}]
    )
    expect()(key(tab, "files")).to_contain_text("not allowed", timeout=TIMEOUT_MS)
    assert digest(admin_server.live) == before


def test_publish_shows_on_the_map_explorer_and_rollback_restores(tab, admin_server, artifacts):
    sign_in(tab)
    upload(tab, up.first_upload(), "passed every check")
    expect()(tab.locator('[data-testid="stImage"]')).to_have_count(2)  # before / after maps
    tab.screenshot(path=str(artifacts / "data_upload_preview.png"), full_page=True)
    key(tab, "publish").locator("button").click()
    expect()(tab.get_by_text("is published").first).to_be_visible(timeout=TIMEOUT_MS)
    published = audit.recent(1, config.audit_path(admin_server.live))[0]
    assert published["event"] == "publish" and published["who"] == "Admin SYNTHETIC (browser)"

    # ticking the confirmation on the Versions tab reruns the page (the one-shot notice above
    # the tabs goes away): the Versions tab stays the one shown (issue 25)
    versions_tab = tab.get_by_role("tab", name="Versions")
    versions_tab.click()
    key(tab, "rollback_sure").locator("label").click()
    tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
    expect()(tab.get_by_text("is published")).to_have_count(0, timeout=TIMEOUT_MS)
    expect()(versions_tab).to_have_attribute("aria-selected", "true")
    expect()(key(tab, "rollback").locator("button")).to_be_visible()
    expect()(key(tab, "rollback").locator("button")).to_be_enabled()

    # the map explorer (same session, next rerun) has the new indicator and its values
    open_page(tab, f"/map_explorer?lang=en&indicator={up.INDICATOR}&period=2024")
    choice = key(tab, "indicator").locator('input[role="combobox"]')
    expect()(choice).to_have_value(up.NAME_EN, timeout=TIMEOUT_MS)
    legend = tab.frame_locator("iframe").first.locator(".atlas-legend")
    expect()(legend).to_contain_text("2,200", timeout=TIMEOUT_MS)
    assert problems_on(tab) == []

    sign_in(tab)  # a new page load is a new session: sign in again
    tab.get_by_role("tab", name="Versions").click()
    key(tab, "rollback_sure").locator("label").click()
    tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
    key(tab, "rollback").locator("button").click()
    expect()(tab.get_by_text("is live again").first).to_be_visible(timeout=TIMEOUT_MS)
    open_page(tab, f"/map_explorer?lang=en&indicator={up.INDICATOR}")
    expect()(key(tab, "indicator").locator('input[role="combobox"]')).not_to_have_value(
        re.compile("SYNTHETIC")
    )
    assert problems_on(tab) == []
