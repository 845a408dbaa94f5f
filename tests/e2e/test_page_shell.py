"""The page language is declared before anything is drawn (issue 25): the HTML the server
sends for any page says lang="el" (Greek is the default) — Streamlit's own shell said "en"
until the first element rendered — and an English URL is English from the first paint."""

from __future__ import annotations

import urllib.request

import pytest

from tests.e2e.conftest import READY, TIMEOUT_MS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/", "/reception", "/region_profile?region=EL41"])
def test_the_empty_shell_is_greek(app_server, path):
    with urllib.request.urlopen(app_server.url + path, timeout=30) as response:
        shell = response.read().decode("utf-8")
    assert '<html lang="el">' in shell, shell[:300]
    assert 'lang="en"' not in shell


@pytest.mark.parametrize(("query", "lang"), [("", "el"), ("?lang=en", "en"), ("?lang=el", "el")])
def test_the_language_is_set_before_the_app_draws(page, query, lang):
    page.goto(page.base + "/" + query, wait_until="commit")
    page.wait_for_load_state("domcontentloaded")
    # before Streamlit's script has drawn the app
    first = page.evaluate(
        "() => [document.documentElement.lang, !!document.querySelector('[data-testid=\"stApp\"]')]"
    )
    assert first[0] == lang, first
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    assert page.evaluate("() => document.documentElement.lang") == lang
