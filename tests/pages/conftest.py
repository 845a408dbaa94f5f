"""AppTest fixtures: the app reads the SYNTHETIC fixture database; caches start empty."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30  # map pages import folium/plotly on first run


@pytest.fixture(autouse=True)
def _no_legacy_page_mode(monkeypatch):
    """AppTest recomputes Streamlit's v1 'pages/ folder' flag before every run, so each run
    would start in legacy mode and ui's guard would rerun (dropping button clicks). In the
    real server that happens only for the first request after start (covered by tests/e2e);
    here every run starts as the server does after that first request."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def _app_env(built_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(built_db))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app():
    def make(page: str | None = None, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return make
