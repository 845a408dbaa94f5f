"""Integration Atlas — entry point. Frames the app and routes; pages do the rest.

Run with ``make run`` (or ``streamlit run dashboard.py`` once the database is built).
"""

import logging
import os

import streamlit as st

from atlas import auth, nav, ui
from atlas.i18n import t

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

st.set_page_config(
    page_title="Άτλας Ένταξης · Integration Atlas", layout="wide", initial_sidebar_state="expanded"
)

lang = ui.sidebar()
ui.set_document_lang(lang)  # <html lang>, names of maps and charts, focus styles
# The pages and their URL paths: atlas.nav (the page tests read the same list). No page icons:
# Streamlit fetches Material icons for the favicon from Google (offline rule).
pages = [
    st.Page(path, title=t(key, lang), url_path=url, default=(url == nav.DEFAULT_PAGE))
    for path, key, url in nav.PAGES
]
# Administrators only; when no login is configured the page is hidden from the navigation
# but still answers its URL, saying how to enable it.
upload_on = auth.access(ui.secrets(), os.environ).enabled
path, key, url = nav.UPLOAD_PAGE
pages.append(
    st.Page(path, title=t(key, lang), url_path=url, visibility="visible" if upload_on else "hidden")
)
st.navigation(pages).run()
